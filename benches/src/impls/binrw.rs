//! binrw: derived `BinRead` structs over an `io::Cursor`; byte runs are read
//! into `Vec`s, as binrw does.

use std::io::Cursor;

use binrw::helpers::until_eof;
use binrw::io::TakeSeekExt;
use binrw::BinRead;

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "binrw",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

#[derive(BinRead)]
#[br(big)]
pub struct Toy {
    pub slice_size: u8,
    #[br(args(slice_size))]
    pub child_structure: Child,
}

#[derive(BinRead)]
#[br(big, import(size: u8))]
pub struct Child {
    #[br(count = size)]
    pub slice: Vec<u8>,
    #[br(args(size))]
    pub grandchild_structure: Grandchild,
}

#[derive(BinRead)]
#[br(big, import(size: u8))]
pub struct Grandchild {
    #[br(count = size)]
    pub slice: Vec<u8>,
}

#[derive(BinRead)]
#[br(big)]
pub struct Record {
    pub kind: u8,
    pub version: u16,
    pub len: u16,
    #[br(count = len)]
    pub payload: Vec<u8>,
}

#[derive(BinRead)]
#[br(big)]
pub struct Handshake {
    pub kind: u8,
    #[br(map = |b: [u8; 3]| u32::from_be_bytes([0, b[0], b[1], b[2]]))]
    pub len: u32,
    #[br(map_stream = |s| s.take_seek(u64::from(len)))]
    pub hello: ClientHello,
}

#[derive(BinRead)]
#[br(big)]
pub struct ClientHello {
    pub version: u16,
    pub random: [u8; 32],
    pub session_len: u8,
    #[br(count = session_len)]
    pub session_id: Vec<u8>,
    pub suites_len: u16,
    #[br(count = suites_len / 2)]
    pub cipher_suites: Vec<u16>,
    pub extensions_len: u16,
    #[br(map_stream = |s| s.take_seek(u64::from(extensions_len)), parse_with = until_eof)]
    pub extensions: Vec<Extension>,
}

#[derive(BinRead)]
#[br(big)]
pub struct Extension {
    pub kind: u16,
    pub len: u16,
    #[br(count = len)]
    pub body: Vec<u8>,
}

#[derive(BinRead)]
#[br(big)]
pub struct WsFrame {
    pub first: u8,
    pub second: u8,
    #[br(if(second & 0x7F == 126))]
    pub len16: Option<u16>,
    #[br(if(second & 0x7F == 127))]
    pub len64: Option<u64>,
    #[br(if(second & 0x80 != 0))]
    pub mask: Option<[u8; 4]>,
    #[br(count = len16.map(u64::from).or(len64).unwrap_or(u64::from(second & 0x7F)))]
    pub payload: Vec<u8>,
}

fn toy(input: &[u8]) -> u64 {
    let toy = Toy::read(&mut Cursor::new(input)).unwrap();
    let child = &toy.child_structure;
    u64::from(toy.slice_size)
        + crate::impls::sum(&child.slice)
        + crate::impls::sum(&child.grandchild_structure.slice)
}

fn records(input: &[u8]) -> u64 {
    let mut cursor = Cursor::new(input);
    let mut check = 0;
    while (cursor.position() as usize) < input.len() {
        let r = Record::read(&mut cursor).unwrap();
        check += crate::impls::record(r.kind, r.version, &r.payload);
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let h = Handshake::read(&mut Cursor::new(input)).unwrap();
    let hello = &h.hello;
    crate::impls::hello(
        hello.random[0],
        hello.session_id.len(),
        hello.cipher_suites.iter().copied(),
        hello.extensions.iter().map(|e| (e.kind, &e.body[..])),
    )
}

fn websocket(input: &[u8]) -> u64 {
    let mut cursor = Cursor::new(input);
    let mut check = 0;
    while (cursor.position() as usize) < input.len() {
        let f = WsFrame::read(&mut cursor).unwrap();
        check += crate::impls::ws_frame(f.first & 0x0F, f.mask.map(|m| m[0]), &f.payload);
    }
    check
}
