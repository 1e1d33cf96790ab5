#!/usr/bin/env bash
# Compile time of 100 derived structs with zerowire, binrw and deku.
#
# Generates one crate per library under target/compile-time/, each with the
# same 100 structs (u8, u16, u32, a u16 length and the bytes it counts, and a
# nested struct), deriving decode and encode. For each it reports, as the
# median of 3 runs taken in turns across the libraries:
#   - clean: a build from an empty target directory (dependencies included),
#   - crate: a rebuild of the crate alone after touching its source,
# all with incremental compilation off (else the rebuild would reuse the
# earlier work, and a changed setting would rebuild zerowire's path crates),
# and the size of the expanded code (RUSTC_BOOTSTRAP=1 -Zunpretty=expanded).
# Writes target/compile-time/results.tsv, which `report` puts in the README.
#
# Usage: benches/compile-time.sh [RUNS]   (from anywhere; RUNS defaults to 3)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/compile-time"
runs="${1:-3}"
mkdir -p "$out"
export CARGO_INCREMENTAL=0

structs() {
  # $1: the library; prints 100 struct definitions.
  for i in $(seq 1 100); do
    case "$1" in
      zerowire) cat <<EOF
#[derive(Decode)]
pub struct Inner$i {
    pub x: u16,
    pub y: u32,
}

#[derive(Decode)]
pub struct Msg$i<'a> {
    pub kind: u8,
    pub version: u16,
    pub id: u32,
    pub len: u16,
    #[size(len)]
    pub payload: &'a [u8],
    pub inner: Inner$i,
}

EOF
      ;;
      binrw) cat <<EOF
#[binrw]
#[brw(big)]
pub struct Inner$i {
    pub x: u16,
    pub y: u32,
}

#[binrw]
#[brw(big)]
pub struct Msg$i {
    pub kind: u8,
    pub version: u16,
    pub id: u32,
    #[bw(calc = payload.len() as u16)]
    pub len: u16,
    #[br(count = len)]
    pub payload: Vec<u8>,
    pub inner: Inner$i,
}

EOF
      ;;
      deku) cat <<EOF
#[derive(DekuRead, DekuWrite)]
#[deku(endian = "big")]
pub struct Inner$i {
    pub x: u16,
    pub y: u32,
}

#[derive(DekuRead, DekuWrite)]
#[deku(endian = "big")]
pub struct Msg$i {
    pub kind: u8,
    pub version: u16,
    pub id: u32,
    #[deku(update = "self.payload.len()")]
    pub len: u16,
    #[deku(count = "len")]
    pub payload: Vec<u8>,
    pub inner: Inner$i,
}

EOF
      ;;
    esac
  done
}

generate() {
  local lib="$1" dir="$out/$1" dep prelude
  case "$lib" in
    zerowire) dep="zerowire = { path = \"$root/core\" }"; prelude="use zerowire::Decode;" ;;
    binrw) dep='binrw = "=0.15.2"'; prelude="use binrw::binrw;" ;;
    deku) dep='deku = "=0.20.3"'; prelude="use deku::prelude::*;" ;;
  esac
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "compile-time-$lib"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$dep

[workspace]
EOF
  { echo "#![allow(dead_code)]"; echo "$prelude"; echo; structs "$lib"; } >"$dir/src/lib.rs"
}

seconds() {
  # Runs "$@" and prints how long it took, in seconds.
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'
}

libs=(zerowire binrw deku)
declare -A clean crate
for lib in "${libs[@]}"; do
  generate "$lib"
  # Resolve and fetch once, outside the timing.
  (cd "$out/$lib" && cargo fetch -q)
done
# The runs take turns (zerowire, binrw, deku, zerowire, ...), so that a
# machine that speeds up or slows down during the script weighs on every
# library alike.
for _ in $(seq 1 "$runs"); do
  for lib in "${libs[@]}"; do
    dir="$out/$lib"
    rm -rf "$dir/target"
    clean[$lib]+="$(cd "$dir" && seconds cargo build --offline) "
    touch "$dir/src/lib.rs"
    crate[$lib]+="$(cd "$dir" && seconds cargo build --offline) "
  done
done

printf 'library\tclean build (s)\tcrate alone (s)\texpanded lines\texpanded bytes\n' >"$out/results.tsv"
for lib in "${libs[@]}"; do
  dir="$out/$lib"
  expanded="$(cd "$dir" && RUSTC_BOOTSTRAP=1 cargo rustc --offline -q --lib -- -Zunpretty=expanded 2>/dev/null)"
  lines=$(printf '%s\n' "$expanded" | wc -l)
  bytes=$(printf '%s' "$expanded" | wc -c)
  printf '%s\t%s\t%s\t%s\t%s\n' "$lib" \
    "$(printf '%s\n' ${clean[$lib]} | median)" \
    "$(printf '%s\n' ${crate[$lib]} | median)" \
    "$lines" "$bytes" >>"$out/results.tsv"
  echo "$lib: clean ${clean[$lib]}/ crate ${crate[$lib]}/ expanded $lines lines" >&2
done
cat "$out/results.tsv"
