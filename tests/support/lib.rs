//! Support shared by zerowire's integration tests: truncation checks, a
//! counting allocator and zero-copy checks.
#![deny(unsafe_code)]

pub mod alloc_count;
pub mod kaitai;
pub mod kaitai_ports;
pub mod proxy;
pub mod tls;
pub mod toy;
pub mod websocket;

// The README's examples run as doctests of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadMe;

use zerowire::{check_round_trip, Codec as _, ErrorKind, Family};

/// The error kind of a read that needed `needed` bytes with `available` left.
pub fn needed(needed: usize, available: usize) -> ErrorKind {
    ErrorKind::Needed { needed, available }
}

/// Whether `part` lies inside `whole`: the same memory, not a copy.
pub fn points_into(part: &[u8], whole: &[u8]) -> bool {
    let range = whole.as_ptr_range();
    range.contains(&part.as_ptr()) && part.as_ptr() as usize + part.len() <= range.end as usize
        || part.is_empty()
}

/// Decodes `bytes` as `F::Of<'_>`, re-encodes it and checks the bytes match.
pub fn assert_round_trip<F: Family>(bytes: &[u8]) {
    if let Err(e) = check_round_trip::<F>(bytes) {
        panic!("round trip of {bytes:02x?} failed: {e}");
    }
}

/// Asserts that every proper prefix of `bytes` fails to decode as `F::Of<'_>`
/// because the input ran out (`Needed`, or `NoTerminator` for a terminated
/// field), at the field that it ran out in.
///
/// `reads` lists, in input order, each read that can run out: its start offset
/// and its error path. A prefix of length `n` must fail at the last read that
/// starts at or before `n`, with that read's offset.
pub fn assert_every_prefix_fails<F: Family>(bytes: &[u8], reads: &[(usize, &str)]) {
    assert!(
        reads.first().is_some_and(|r| r.0 == 0),
        "the first read starts at 0"
    );
    for n in 0..bytes.len() {
        let prefix = &bytes[..n];
        let (offset, path) = reads
            .iter()
            .rev()
            .find(|(start, _)| *start <= n)
            .expect("a read starts at 0");
        match F::Of::decode(prefix) {
            Ok(_) => panic!("prefix of {n} bytes decoded"),
            Err(e) => {
                let context = format!("prefix of {n} bytes: {e}");
                assert_eq!(e.path().to_string(), *path, "{context}");
                assert_eq!(e.offset(), *offset, "{context}");
                match e.kind() {
                    ErrorKind::Needed { needed, available } => {
                        assert!(needed > available, "{context}")
                    }
                    ErrorKind::NoTerminator { .. } => {}
                    kind => panic!("{context}: expected Needed or NoTerminator, got {kind:?}"),
                }
            }
        }
    }
}
