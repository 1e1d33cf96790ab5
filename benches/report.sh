#!/usr/bin/env bash
# Runs the decode and encode benchmarks in rounds (and, with --compile, the
# compile-time comparison first) and the decodes and encodes once more in turns
# (src/interleaved.rs), then rewrites the results in benches/README.md and
# results.svg.
#
# Usage: benches/report.sh [--compile]   (ROUNDS=N to change the 3 rounds)
#
# A shared machine's load drifts over minutes, so one round can show a ratio
# 0.1x off; every implementation is measured in each round, each ratio is taken
# within its round, and the report shows the median.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--compile" ]]; then
  benches/compile-time.sh
fi
rounds="${ROUNDS:-3}"
target="${CARGO_TARGET_DIR:-target}"
rm -rf "$target/criterion-rounds"
mkdir -p "$target/criterion-rounds"
for round in $(seq "$rounds"); do
  echo "round $round of $rounds"
  cargo bench -p zerowire-benches --bench decode --bench encode -- --warm-up-time 1 --measurement-time 2
  cp -r "$target/criterion" "$target/criterion-rounds/$round"
done
# The same decodes and encodes again with the implementations taking turns (a
# few minutes): ratios that the drift during criterion's runs leaves out.
cargo run -p zerowire-benches --release --bin interleaved
cargo run -p zerowire-benches --release --bin report
