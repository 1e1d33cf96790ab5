//! deku: derived `DekuRead` structs (bit-level reader); byte runs are read
//! into `Vec`s, as deku does.

use deku::prelude::*;

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "deku",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

#[derive(DekuRead)]
pub struct Toy {
    pub slice_size: u8,
    #[deku(ctx = "*slice_size")]
    pub child_structure: Child,
}

#[derive(DekuRead)]
#[deku(ctx = "size: u8")]
pub struct Child {
    #[deku(count = "size")]
    pub slice: Vec<u8>,
    #[deku(ctx = "size")]
    pub grandchild_structure: Grandchild,
}

#[derive(DekuRead)]
#[deku(ctx = "size: u8")]
pub struct Grandchild {
    #[deku(count = "size")]
    pub slice: Vec<u8>,
}

#[derive(DekuRead)]
#[deku(endian = "big")]
pub struct Record {
    pub kind: u8,
    pub version: u16,
    pub len: u16,
    #[deku(count = "len")]
    pub payload: Vec<u8>,
}

#[derive(DekuRead)]
#[deku(endian = "big")]
pub struct Handshake {
    pub kind: u8,
    #[deku(bits = 24)]
    pub len: u32,
    pub hello: ClientHello,
}

#[derive(DekuRead)]
#[deku(ctx = "endian: deku::ctx::Endian", endian = "endian")]
pub struct ClientHello {
    pub version: u16,
    pub random: [u8; 32],
    pub session_len: u8,
    #[deku(count = "session_len")]
    pub session_id: Vec<u8>,
    pub suites_len: u16,
    #[deku(count = "*suites_len / 2")]
    pub cipher_suites: Vec<u16>,
    pub extensions_len: u16,
    #[deku(bytes_read = "*extensions_len")]
    pub extensions: Vec<Extension>,
}

#[derive(DekuRead)]
#[deku(ctx = "endian: deku::ctx::Endian", endian = "endian")]
pub struct Extension {
    pub kind: u16,
    pub len: u16,
    #[deku(count = "len")]
    pub body: Vec<u8>,
}

#[derive(DekuRead)]
#[deku(endian = "big")]
pub struct WsFrame {
    #[deku(bits = 1)]
    pub fin: bool,
    #[deku(bits = 3)]
    pub rsv: u8,
    #[deku(bits = 4)]
    pub opcode: u8,
    #[deku(bits = 1)]
    pub masked: bool,
    #[deku(bits = 7)]
    pub len7: u8,
    #[deku(cond = "*len7 == 126")]
    pub len16: Option<u16>,
    #[deku(cond = "*len7 == 127")]
    pub len64: Option<u64>,
    #[deku(cond = "*masked")]
    pub mask: Option<[u8; 4]>,
    #[deku(count = "len16.map(u64::from).or(*len64).unwrap_or(u64::from(*len7))")]
    pub payload: Vec<u8>,
}

fn toy(input: &[u8]) -> u64 {
    let (_, toy) = Toy::from_bytes((input, 0)).unwrap();
    let child = &toy.child_structure;
    u64::from(toy.slice_size)
        + crate::impls::sum(&child.slice)
        + crate::impls::sum(&child.grandchild_structure.slice)
}

fn records(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let ((tail, _), r) = Record::from_bytes((rest, 0)).unwrap();
        check += crate::impls::record(r.kind, r.version, &r.payload);
        rest = tail;
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let (_, h) = Handshake::from_bytes((input, 0)).unwrap();
    let hello = &h.hello;
    crate::impls::hello(
        hello.random[0],
        hello.session_id.len(),
        hello.cipher_suites.iter().copied(),
        hello.extensions.iter().map(|e| (e.kind, &e.body[..])),
    )
}

fn websocket(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let ((tail, _), f) = WsFrame::from_bytes((rest, 0)).unwrap();
        check += crate::impls::ws_frame(f.opcode, f.mask.map(|m| m[0]), &f.payload);
        rest = tail;
    }
    check
}
