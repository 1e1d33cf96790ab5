//! zerocopy: fixed-layout headers cast in place (`Ref::from_prefix`), the
//! variable parts split off by hand. zerocopy describes fixed layouts only,
//! so each length-prefixed run and each conditional field is glue code.

use zerocopy::byteorder::{BigEndian, U16, U64};
use zerocopy::{FromBytes, Immutable, KnownLayout, Ref, Unaligned};

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "zerocopy",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct RecordHeader {
    pub kind: u8,
    pub version: U16<BigEndian>,
    pub len: U16<BigEndian>,
}

#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct HandshakeHeader {
    pub kind: u8,
    pub len: [u8; 3],
}

#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct HelloHead {
    pub version: U16<BigEndian>,
    pub random: [u8; 32],
    pub session_len: u8,
}

#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct ExtensionHeader {
    pub kind: U16<BigEndian>,
    pub len: U16<BigEndian>,
}

#[derive(FromBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct FrameHeader {
    pub first: u8,
    pub second: u8,
}

/// A fixed-layout `T` at the front of `bytes`, and the rest.
fn head<T: FromBytes + KnownLayout + Immutable + Unaligned>(bytes: &[u8]) -> (&T, &[u8]) {
    let (head, rest) = Ref::<_, T>::from_prefix(bytes).unwrap();
    (Ref::into_ref(head), rest)
}

/// A u16 length prefix and the run it measures, and the rest.
fn prefixed_u16(bytes: &[u8]) -> (&[u8], &[u8]) {
    let (len, rest) = head::<U16<BigEndian>>(bytes);
    rest.split_at_checked(usize::from(len.get())).unwrap()
}

fn toy(input: &[u8]) -> u64 {
    let (size, rest) = input.split_first().unwrap();
    let (child, rest) = rest.split_at_checked(usize::from(*size)).unwrap();
    let (grandchild, _) = rest.split_at_checked(usize::from(*size)).unwrap();
    u64::from(*size) + crate::impls::sum(child) + crate::impls::sum(grandchild)
}

fn records(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let (h, tail) = head::<RecordHeader>(rest);
        let (payload, tail) = tail.split_at_checked(usize::from(h.len.get())).unwrap();
        check += crate::impls::record(h.kind, h.version.get(), payload);
        rest = tail;
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let (h, rest) = head::<HandshakeHeader>(input);
    let len = u32::from_be_bytes([0, h.len[0], h.len[1], h.len[2]]) as usize;
    let (hello, _) = rest.split_at_checked(len).unwrap();
    let (fixed, rest) = head::<HelloHead>(hello);
    let (session, rest) = rest
        .split_at_checked(usize::from(fixed.session_len))
        .unwrap();
    let mut check = u64::from(fixed.random[0]) + session.len() as u64;
    let (suites, rest) = prefixed_u16(rest);
    let suites = <[U16<BigEndian>]>::ref_from_bytes(suites).unwrap();
    check += suites.iter().map(|s| u64::from(s.get())).sum::<u64>();
    let (mut exts, _) = prefixed_u16(rest);
    while !exts.is_empty() {
        let (h, tail) = head::<ExtensionHeader>(exts);
        let (body, tail) = tail.split_at_checked(usize::from(h.len.get())).unwrap();
        check += crate::impls::extension(h.kind.get(), body);
        exts = tail;
    }
    check
}

fn websocket(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let (h, mut tail) = head::<FrameHeader>(rest);
        let len = match h.second & 0x7F {
            126 => {
                let (len, t) = head::<U16<BigEndian>>(tail);
                tail = t;
                u64::from(len.get())
            }
            127 => {
                let (len, t) = head::<U64<BigEndian>>(tail);
                tail = t;
                len.get()
            }
            n => u64::from(n),
        };
        let mut mask = None;
        if h.second & 0x80 != 0 {
            let (m, t) = head::<[u8; 4]>(tail);
            mask = Some(m[0]);
            tail = t;
        }
        let (payload, tail) = tail.split_at_checked(len as usize).unwrap();
        check += crate::impls::ws_frame(h.first & 0x0F, mask, payload);
        rest = tail;
    }
    check
}
