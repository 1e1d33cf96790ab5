//! scroll with scroll_derive: `Pread` derives the fixed-size headers; the
//! variable parts are `gread_with` calls over an offset, borrowing byte runs
//! (`&[u8]` with a length context), as a scroll user writes them.

use scroll::{Pread, BE};

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "scroll",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

#[derive(Pread)]
pub struct RecordHeader {
    pub kind: u8,
    pub version: u16,
    pub len: u16,
}

#[derive(Pread)]
pub struct ExtensionHeader {
    pub kind: u16,
    pub len: u16,
}

#[derive(Pread)]
pub struct FrameHeader {
    pub first: u8,
    pub second: u8,
}

fn toy(input: &[u8]) -> u64 {
    let offset = &mut 0;
    let size: u8 = input.gread(offset).unwrap();
    let child: &[u8] = input.gread_with(offset, usize::from(size)).unwrap();
    let grandchild: &[u8] = input.gread_with(offset, usize::from(size)).unwrap();
    u64::from(size) + crate::impls::sum(child) + crate::impls::sum(grandchild)
}

fn records(input: &[u8]) -> u64 {
    let offset = &mut 0;
    let mut check = 0;
    while *offset < input.len() {
        let h: RecordHeader = input.gread_with(offset, BE).unwrap();
        let payload: &[u8] = input.gread_with(offset, usize::from(h.len)).unwrap();
        check += crate::impls::record(h.kind, h.version, payload);
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let offset = &mut 0;
    let _kind: u8 = input.gread(offset).unwrap();
    let len: [u8; 3] = [
        input.gread(offset).unwrap(),
        input.gread(offset).unwrap(),
        input.gread(offset).unwrap(),
    ];
    let len = u32::from_be_bytes([0, len[0], len[1], len[2]]) as usize;
    let hello: &[u8] = input.gread_with(offset, len).unwrap();

    let offset = &mut 0;
    let _version: u16 = hello.gread_with(offset, BE).unwrap();
    let random: &[u8] = hello.gread_with(offset, 32).unwrap();
    let session_len: u8 = hello.gread(offset).unwrap();
    let session: &[u8] = hello.gread_with(offset, usize::from(session_len)).unwrap();
    let mut check = u64::from(random[0]) + session.len() as u64;
    let suites_len: u16 = hello.gread_with(offset, BE).unwrap();
    let suites: &[u8] = hello.gread_with(offset, usize::from(suites_len)).unwrap();
    let at = &mut 0;
    while *at < suites.len() {
        check += u64::from(suites.gread_with::<u16>(at, BE).unwrap());
    }
    let ext_len: u16 = hello.gread_with(offset, BE).unwrap();
    let exts: &[u8] = hello.gread_with(offset, usize::from(ext_len)).unwrap();
    let at = &mut 0;
    while *at < exts.len() {
        let h: ExtensionHeader = exts.gread_with(at, BE).unwrap();
        let body: &[u8] = exts.gread_with(at, usize::from(h.len)).unwrap();
        check += crate::impls::extension(h.kind, body);
    }
    check
}

fn websocket(input: &[u8]) -> u64 {
    let offset = &mut 0;
    let mut check = 0;
    while *offset < input.len() {
        let h: FrameHeader = input.gread_with(offset, BE).unwrap();
        let len = match h.second & 0x7F {
            126 => u64::from(input.gread_with::<u16>(offset, BE).unwrap()),
            127 => input.gread_with::<u64>(offset, BE).unwrap(),
            n => u64::from(n),
        };
        let mask: Option<&[u8]> =
            (h.second & 0x80 != 0).then(|| input.gread_with(offset, 4).unwrap());
        let payload: &[u8] = input.gread_with(offset, len as usize).unwrap();
        check += crate::impls::ws_frame(h.first & 0x0F, mask.map(|m| m[0]), payload);
    }
    check
}
