#!/usr/bin/env bash
# Regenerates ksy/CONFORMANCE.md, ksy/GALLERY.md and ksy/ORACLE.md: runs Kaitai's
# test suite (ksy/tests/kaitai_suite.rs), its format gallery (ksy/tests/kaitai_gallery.rs)
# and the gallery's sample files against the official parser (ksy/tests/kaitai_oracle.rs,
# after ksy/oracle/install.sh) through zerowire-ksy and keeps the reports they write.
# Usage: ksy/conformance.sh   (with ../shared beside the checkout, or
# ZEROWIRE_KAITAI_SUITE and ZEROWIRE_KAITAI_GALLERY naming the folders)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export ZEROWIRE_KAITAI_SUITE="${ZEROWIRE_KAITAI_SUITE:-$root/../shared/conformance/kaitai_struct_tests}"
export ZEROWIRE_KAITAI_GALLERY="${ZEROWIRE_KAITAI_GALLERY:-$root/../shared/conformance/kaitai_formats}"
ZEROWIRE_KSY_REPORT="$root/ksy/CONFORMANCE.md" cargo test --locked -p zerowire-ksy --test kaitai_suite -- --nocapture 2>&1 | grep -E '^kaitai suite:|test result'
ZEROWIRE_KSY_GALLERY_REPORT="$root/ksy/GALLERY.md" cargo test --locked -p zerowire-ksy --test kaitai_gallery -- --nocapture 2>&1 | grep -E '^kaitai gallery:|test result'
bash ksy/oracle/install.sh > /dev/null
ZEROWIRE_ORACLE_REQUIRED=1 ZEROWIRE_KSY_ORACLE_REPORT="$root/ksy/ORACLE.md" cargo test --locked -p zerowire-ksy --test kaitai_oracle -- --nocapture 2>&1 | grep -E '^kaitai oracle:|test result'
