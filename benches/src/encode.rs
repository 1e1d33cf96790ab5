//! Encode workloads: W2 and W3 written back from a message value, by zerowire
//! and by a hand-written encoder (lengths back-patched, as rustls does).
//!
//! Each side builds its message value once from the workload's input (setup,
//! not timed) and then encodes it into a reused buffer; both must reproduce
//! the input byte for byte.

use std::hint::black_box;

use zerowire::{Codec, Decode, PayloadU8, Reader, U24};

use crate::impls::hand::Reader as HandReader;
use crate::impls::zerowire::Record;

/// W2 as the hand-written encoder holds it.
pub struct HandRecord<'a> {
    pub kind: u8,
    pub version: u16,
    pub payload: &'a [u8],
}

pub fn hand_records(input: &[u8]) -> Vec<HandRecord<'_>> {
    let mut r = HandReader::new(input);
    let mut records = Vec::new();
    while !r.is_empty() {
        let kind = r.u8().unwrap();
        let version = r.u16().unwrap();
        let len = r.u16().unwrap();
        let payload = r.take(usize::from(len)).unwrap();
        records.push(HandRecord {
            kind,
            version,
            payload,
        });
    }
    records
}

#[inline]
pub fn hand_encode_records(records: &[HandRecord<'_>], out: &mut Vec<u8>) {
    for r in records {
        out.push(r.kind);
        out.extend_from_slice(&r.version.to_be_bytes());
        let len = u16::try_from(r.payload.len()).unwrap();
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(r.payload);
    }
}

pub fn zerowire_records(input: &[u8]) -> Vec<Record<'_>> {
    let mut r = Reader::new(input);
    let mut records = Vec::new();
    while !r.is_empty() {
        records.push(Record::read(&mut r).unwrap());
    }
    records
}

#[inline]
pub fn zerowire_encode_records(records: &[Record<'_>], out: &mut Vec<u8>) {
    for r in records {
        r.encode(out).unwrap();
    }
}

/// W3 as the hand-written encoder holds it.
pub struct HandHello<'a> {
    pub kind: u8,
    pub version: u16,
    pub random: &'a [u8; 32],
    pub session_id: &'a [u8],
    pub cipher_suites: Vec<u16>,
    pub extensions: Vec<(u16, &'a [u8])>,
}

pub fn hand_hello(input: &[u8]) -> HandHello<'_> {
    let mut r = HandReader::new(input);
    let kind = r.u8().unwrap();
    let len = r.u24().unwrap();
    let mut h = HandReader::new(r.take(len as usize).unwrap());
    let version = h.u16().unwrap();
    let random = h.take(32).unwrap().try_into().unwrap();
    let session_len = h.u8().unwrap();
    let session_id = h.take(usize::from(session_len)).unwrap();
    let suites_len = h.u16().unwrap();
    let mut suites = HandReader::new(h.take(usize::from(suites_len)).unwrap());
    let mut cipher_suites = Vec::new();
    while !suites.is_empty() {
        cipher_suites.push(suites.u16().unwrap());
    }
    let ext_len = h.u16().unwrap();
    let mut exts = HandReader::new(h.take(usize::from(ext_len)).unwrap());
    let mut extensions = Vec::new();
    while !exts.is_empty() {
        let kind = exts.u16().unwrap();
        let len = exts.u16().unwrap();
        extensions.push((kind, exts.take(usize::from(len)).unwrap()));
    }
    HandHello {
        kind,
        version,
        random,
        session_id,
        cipher_suites,
        extensions,
    }
}

/// Reserves `N` length bytes and returns where they are, for [`patch_len`].
#[inline]
fn open_len<const N: usize>(out: &mut Vec<u8>) -> usize {
    out.extend_from_slice(&[0; N]);
    out.len()
}

/// Writes the bytes since `start` into the `N` bytes before it, big-endian.
#[inline]
fn patch_len<const N: usize>(out: &mut [u8], start: usize) {
    let len = (out.len() - start) as u64;
    assert!(len < 1 << (8 * N), "length {len} does not fit {N} bytes");
    out[start - N..start].copy_from_slice(&len.to_be_bytes()[8 - N..]);
}

#[inline]
pub fn hand_encode_hello(h: &HandHello<'_>, out: &mut Vec<u8>) {
    out.push(h.kind);
    let body = open_len::<3>(out);
    out.extend_from_slice(&h.version.to_be_bytes());
    out.extend_from_slice(h.random);
    out.push(u8::try_from(h.session_id.len()).unwrap());
    out.extend_from_slice(h.session_id);
    let suites = open_len::<2>(out);
    for s in &h.cipher_suites {
        out.extend_from_slice(&s.to_be_bytes());
    }
    patch_len::<2>(out, suites);
    let exts = open_len::<2>(out);
    for (kind, body) in &h.extensions {
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
        out.extend_from_slice(body);
    }
    patch_len::<2>(out, exts);
    patch_len::<3>(out, body);
}

/// W3 as a zerowire message value: the repetitions are `Vec`s a user fills,
/// so encoding writes every element (as the hand-written encoder does).
#[derive(Decode)]
pub struct Handshake<'a> {
    pub kind: u8,
    pub len: U24,
    #[size(len)]
    pub hello: ClientHello<'a>,
}

#[derive(Decode)]
pub struct ClientHello<'a> {
    pub version: u16,
    pub random: &'a [u8; 32],
    pub session_id: PayloadU8<'a>,
    pub suites_len: u16,
    #[size(suites_len)]
    pub cipher_suites: Vec<u16>,
    pub extensions_len: u16,
    #[size(extensions_len)]
    pub extensions: Vec<crate::impls::zerowire::Extension<'a>>,
}

pub fn zerowire_hello(input: &[u8]) -> Handshake<'_> {
    Handshake::decode(input).unwrap()
}

#[inline]
pub fn zerowire_encode_hello(h: &Handshake<'_>, out: &mut Vec<u8>) {
    h.encode(out).unwrap();
}

/// An encoder of one workload: writes the message it was built with into
/// `out` (which [`run`] clears and reuses).
pub type Encoder<'a> = Box<dyn FnMut(&mut Vec<u8>) + 'a>;

/// Runs `encoder` into `out`, cleared first so that one buffer serves every
/// run; the number of bytes written.
#[inline]
pub fn run(encoder: &mut Encoder<'_>, out: &mut Vec<u8>) -> usize {
    out.clear();
    encoder(out);
    out.len()
}

/// One encode workload: its input, and a function building each
/// implementation's encoder from it (the message values are set-up, built
/// once; the hand-written encoder comes first).
pub struct EncodeCase {
    pub name: &'static str,
    pub input: Vec<u8>,
    pub encoders: for<'a> fn(&'a [u8]) -> [(&'static str, Encoder<'a>); 2],
}

/// The encode workloads, as the benchmarks, `icount` and `interleaved` run them.
pub fn cases() -> Vec<EncodeCase> {
    vec![
        EncodeCase {
            name: "W2_records_64KiB_encode",
            input: crate::workloads::records(),
            encoders: |input| {
                let (hand, value) = (hand_records(input), zerowire_records(input));
                [
                    (
                        "hand_written",
                        Box::new(move |out: &mut Vec<u8>| {
                            hand_encode_records(black_box(&hand), out)
                        }),
                    ),
                    (
                        "zerowire",
                        Box::new(move |out: &mut Vec<u8>| {
                            zerowire_encode_records(black_box(&value), out)
                        }),
                    ),
                ]
            },
        },
        EncodeCase {
            name: "W3_client_hello_encode",
            input: crate::workloads::handshake(),
            encoders: |input| {
                let (hand, value) = (hand_hello(input), zerowire_hello(input));
                [
                    (
                        "hand_written",
                        Box::new(move |out: &mut Vec<u8>| hand_encode_hello(black_box(&hand), out)),
                    ),
                    (
                        "zerowire",
                        Box::new(move |out: &mut Vec<u8>| {
                            zerowire_encode_hello(black_box(&value), out)
                        }),
                    ),
                ]
            },
        },
    ]
}
