//! zerowire: the same formats as derived structs, borrowing from the input.

use zerowire::{Codec, Decode, Items, List, ListU16, PayloadU16, PayloadU8, Reader, U24};

use zerowire_suite::websocket::WsFrame;

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "zerowire",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake_walk),
    w4_websocket: Some(websocket),
};

/// The same formats, with the repetitions read as a validated `List` (checked
/// whole when read, then decoded again by its iterator).
pub const LIST_IMPL: Implementation = Implementation {
    name: "zerowire_list",
    w1_toy: None,
    w2_records: Some(records_list),
    w3_handshake: Some(handshake_list),
    w4_websocket: Some(websocket_list),
};

/// The same formats declared with `Items` (taken whole when read, each
/// element decoded and checked once, by the iterator).
pub const ITEMS_IMPL: Implementation = Implementation {
    name: "zerowire_items",
    w1_toy: None,
    w2_records: Some(records_items),
    w3_handshake: Some(handshake_items),
    w4_websocket: Some(websocket_items),
};

#[derive(Decode)]
pub struct Toy<'a> {
    pub slice_size: u8,
    pub child_structure: Child<'a>,
}

#[derive(Decode)]
#[zerowire(parent = Toy<'a>)]
pub struct Child<'a> {
    #[size(parent.slice_size)]
    pub slice: &'a [u8],
    pub grandchild_structure: Grandchild<'a>,
}

#[derive(Decode)]
#[zerowire(parent = Child<'a>)]
pub struct Grandchild<'a> {
    #[size(root.slice_size)]
    pub slice: &'a [u8],
}

#[derive(Decode)]
pub struct Record<'a> {
    pub kind: u8,
    pub version: u16,
    pub len: u16,
    #[size(len)]
    pub payload: &'a [u8],
}

#[derive(Decode)]
pub struct Records<'a> {
    #[eos]
    pub records: List<'a, Record<'a>>,
}

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
    pub cipher_suites: ListU16<'a, u16>,
    pub extensions: ListU16<'a, Extension<'a>>,
}

/// The same handshake with the extensions kept as their bytes, walked with
/// one `Extension::read` after another (as the hand-written cursor does).
#[derive(Decode)]
pub struct HandshakeBytes<'a> {
    pub kind: u8,
    pub len: U24,
    #[size(len)]
    pub hello: ClientHelloBytes<'a>,
}

#[derive(Decode)]
pub struct ClientHelloBytes<'a> {
    pub version: u16,
    pub random: &'a [u8; 32],
    pub session_id: PayloadU8<'a>,
    pub cipher_suites: ListU16<'a, u16>,
    pub extensions: PayloadU16<'a>,
}

#[derive(Decode)]
pub struct RecordItems<'a> {
    #[eos]
    pub records: Items<'a, Record<'a>>,
}

#[derive(Decode)]
pub struct HandshakeItems<'a> {
    pub kind: u8,
    pub len: U24,
    #[size(len)]
    pub hello: ClientHelloItems<'a>,
}

#[derive(Decode)]
pub struct ClientHelloItems<'a> {
    pub version: u16,
    pub random: &'a [u8; 32],
    pub session_id: PayloadU8<'a>,
    pub cipher_suites: ListU16<'a, u16>,
    pub extensions_len: u16,
    #[size(extensions_len)]
    pub extensions: Items<'a, Extension<'a>>,
}

#[derive(Decode)]
pub struct WsItems<'a> {
    #[eos]
    pub frames: Items<'a, WsFrame<'a>>,
}

#[derive(Decode)]
pub struct Extension<'a> {
    pub kind: u16,
    pub body: PayloadU16<'a>,
}

#[derive(Decode)]
pub struct WsStream<'a> {
    #[eos]
    pub frames: List<'a, WsFrame<'a>>,
}

fn toy(input: &[u8]) -> u64 {
    // Read from a cursor, as the hand-written decoder does: neither checks
    // that nothing follows (Kaitai's toy does not ask for it either).
    let toy = Toy::read(&mut Reader::new(input)).unwrap();
    let child = &toy.child_structure;
    u64::from(toy.slice_size)
        + crate::impls::sum(child.slice)
        + crate::impls::sum(child.grandchild_structure.slice)
}

/// Decode all: one `Record::read` after another, as the hand-written loop does.
fn records(input: &[u8]) -> u64 {
    let mut r = Reader::new(input);
    let mut check = 0;
    while !r.is_empty() {
        let record = Record::read(&mut r).unwrap();
        check += crate::impls::record(record.kind, record.version, record.payload);
    }
    check
}

fn records_list(input: &[u8]) -> u64 {
    let records = Records::decode(input).unwrap();
    records
        .records
        .iter()
        .map(|r| crate::impls::record(r.kind, r.version, r.payload))
        .sum()
}

fn handshake_walk(input: &[u8]) -> u64 {
    // The checksum is summed in the hand-written decoder's order, into one
    // total, so that the two differ only in how they decode.
    let h = HandshakeBytes::decode(input).unwrap();
    let hello = &h.hello;
    let mut check = u64::from(hello.random[0]) + hello.session_id.len() as u64;
    for suite in &hello.cipher_suites {
        check += u64::from(suite);
    }
    let mut r = Reader::new(hello.extensions.as_bytes());
    while !r.is_empty() {
        let e = Extension::read(&mut r).unwrap();
        check += crate::impls::extension(e.kind, e.body.as_bytes());
    }
    check
}

fn handshake_list(input: &[u8]) -> u64 {
    let h = Handshake::decode(input).unwrap();
    let hello = &h.hello;
    crate::impls::hello(
        hello.random[0],
        hello.session_id.len(),
        &hello.cipher_suites,
        hello.extensions.iter().map(|e| (e.kind, e.body.as_bytes())),
    )
}

fn websocket(input: &[u8]) -> u64 {
    let mut r = Reader::new(input);
    let mut check = 0;
    while !r.is_empty() {
        let f = WsFrame::read(&mut r).unwrap();
        check += crate::impls::ws_frame(f.opcode, f.mask.map(|m| m[0]), f.payload);
    }
    check
}

fn websocket_list(input: &[u8]) -> u64 {
    let stream = WsStream::decode(input).unwrap();
    stream
        .frames
        .iter()
        .map(|f| crate::impls::ws_frame(f.opcode, f.mask.map(|m| m[0]), f.payload))
        .sum()
}

fn records_items(input: &[u8]) -> u64 {
    let records = RecordItems::decode(input).unwrap();
    let mut check = 0;
    for r in records.records {
        let r = r.unwrap();
        check += crate::impls::record(r.kind, r.version, r.payload);
    }
    check
}

fn handshake_items(input: &[u8]) -> u64 {
    let h = HandshakeItems::decode(input).unwrap();
    let hello = &h.hello;
    let mut check = u64::from(hello.random[0]) + hello.session_id.len() as u64;
    for suite in &hello.cipher_suites {
        check += u64::from(suite);
    }
    for e in hello.extensions {
        let e = e.unwrap();
        check += crate::impls::extension(e.kind, e.body.as_bytes());
    }
    check
}

fn websocket_items(input: &[u8]) -> u64 {
    let stream = WsItems::decode(input).unwrap();
    let mut check = 0;
    for f in stream.frames {
        let f = f.unwrap();
        check += crate::impls::ws_frame(f.opcode, f.mask.map(|m| m[0]), f.payload);
    }
    check
}
