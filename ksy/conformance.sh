#!/usr/bin/env bash
# Regenerates ksy/CONFORMANCE.md: runs Kaitai's test suite through zerowire-ksy
# (ksy/tests/kaitai_suite.rs) and keeps the report it writes.
# Usage: ksy/conformance.sh   (with ../shared beside the checkout, or
# ZEROWIRE_KAITAI_SUITE naming the suite's folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export ZEROWIRE_KAITAI_SUITE="${ZEROWIRE_KAITAI_SUITE:-$root/../shared/conformance/kaitai_struct_tests}"
ZEROWIRE_KSY_REPORT="$root/ksy/CONFORMANCE.md" cargo test --locked -p zerowire-ksy --test kaitai_suite -- --nocapture 2>&1 | grep -E '^kaitai suite:|test result'
