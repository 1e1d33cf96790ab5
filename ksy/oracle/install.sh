#!/usr/bin/env bash
# Installs the oracle of the differential harness (ksy/tests/kaitai_oracle.rs)
# into target/oracle/, which git ignores: Kaitai's official compiler (the npm
# package kaitai-struct-compiler 0.11.0, with js-yaml to read schemas) and its
# Python runtime (the PyPI package kaitaistruct 0.11). Needs node, npm and
# python3 with pip; pinned by ksy/oracle/package-lock.json and the version
# below. Running it again reuses what is there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${ZEROWIRE_ORACLE_DIR:-$root/target/oracle}"
python_runtime="kaitaistruct==0.11"

mkdir -p "$dest/node" "$dest/python"
if ! cmp -s "$here/package-lock.json" "$dest/node/package-lock.json" || [ ! -d "$dest/node/node_modules/kaitai-struct-compiler" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dest/node/"
  (cd "$dest/node" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
if [ ! -f "$dest/python/.installed" ] || [ "$(cat "$dest/python/.installed")" != "$python_runtime" ]; then
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$dest/python" --upgrade "$python_runtime"
  echo "$python_runtime" > "$dest/python/.installed"
fi
echo "oracle installed in $dest (kaitai-struct-compiler $(node -p "require('$dest/node/node_modules/kaitai-struct-compiler/package.json').version"), $python_runtime)"
