#!/usr/bin/env bash
# Runs the decode and encode benchmarks (and, with --compile, the compile-time
# comparison), then rewrites the results in benches/README.md and results.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--compile" ]]; then
  benches/compile-time.sh
fi
cargo bench -p zerowire-benches --bench decode --bench encode -- --warm-up-time 1 --measurement-time 3
cargo run -p zerowire-benches --release --bin report
