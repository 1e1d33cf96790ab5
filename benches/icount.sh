#!/usr/bin/env bash
# Instructions per iteration of each workload, zerowire against the
# hand-written cursor, counted by callgrind (exactly repeatable, unlike time on
# a shared machine). Runs every decoder twice, at N and at 2N iterations, and
# reports (count(2N) - count(N)) / N, so that what runs once (an encoder's
# buffer growing on its first pass) drops out, and its ratio to the first
# implementation's.
#
# Usage: benches/icount.sh [IMPLEMENTATIONS...]   (default: hand_written zerowire)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build -q --release -p zerowire-benches --bin icount
bin="$root/target/release/icount"
impls=("${@:-hand_written zerowire}")
read -r -a impls <<<"${impls[*]}"

count() {
  # Instructions of one run: $1 workload, $2 implementation, $3 iterations.
  local out
  out="$(mktemp)"
  # Only the measuring loop is counted: building the inputs (memcpy of heap
  # buffers) varies by some hundred instructions from one process to the next.
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='icount::measure_*' \
    "$bin" "$1" "$2" "$3" >/dev/null 2>&1 || {
    rm -f "$out"
    return 1
  }
  awk '/^summary:/ { print $2 }' "$out"
  rm -f "$out"
}

workloads=(W1_toy_16 W1_toy_200 W2_records_64KiB W3_client_hello W4_websocket_1000x10B
  W4_websocket_1000x200B W4_websocket_1000x70000B W2_records_64KiB_encode W3_client_hello_encode)
printf '%-28s' workload
for i in "${impls[@]}"; do printf '%22s' "$i"; done
echo
for w in "${workloads[@]}"; do
  case "$w" in W1*|W3*) n=2000 ;; *) n=20 ;; esac
  printf '%-28s' "$w"
  first=""
  for i in "${impls[@]}"; do
    if base=$(count "$w" "$i" "$n") && total=$(count "$w" "$i" $((2 * n))); then
      per=$(((total - base) / n))
      if [ -z "$first" ]; then
        first="$per"
        printf '%22s' "$per"
      else
        printf '%22s' "$per ($(awk -v a="$per" -v b="$first" 'BEGIN { printf "%.2fx", a / b }'))"
      fi
    else
      printf '%22s' "-"
    fi
  done
  echo
done
