//! The baseline: a hand-written, rustls-style cursor (one shrinking slice,
//! `Option` for running out).

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "hand_written",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

pub struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader(bytes)
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    #[inline]
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }
    #[inline]
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    #[inline]
    pub fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    #[inline]
    pub fn u24(&mut self) -> Option<u32> {
        let b = self.take(3)?;
        Some(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }
    #[inline]
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
}

fn toy(input: &[u8]) -> u64 {
    let mut r = Reader(input);
    let size = r.u8().unwrap() as usize;
    let child = r.take(size).unwrap();
    let grandchild = r.take(size).unwrap();
    size as u64 + crate::impls::sum(child) + crate::impls::sum(grandchild)
}

fn records(input: &[u8]) -> u64 {
    let mut r = Reader(input);
    let mut check = 0;
    while !r.0.is_empty() {
        let kind = r.u8().unwrap();
        let version = r.u16().unwrap();
        let len = r.u16().unwrap();
        let payload = r.take(usize::from(len)).unwrap();
        check += crate::impls::record(kind, version, payload);
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let mut r = Reader(input);
    let _kind = r.u8().unwrap();
    let len = r.u24().unwrap();
    let mut h = Reader(r.take(len as usize).unwrap());
    let _version = h.u16().unwrap();
    let random = h.take(32).unwrap();
    let session_len = h.u8().unwrap();
    let session = h.take(usize::from(session_len)).unwrap();
    let suites_len = h.u16().unwrap();
    let mut suites = Reader(h.take(usize::from(suites_len)).unwrap());
    let mut check = u64::from(random[0]) + session.len() as u64;
    while !suites.0.is_empty() {
        check += u64::from(suites.u16().unwrap());
    }
    let ext_len = h.u16().unwrap();
    let mut exts = Reader(h.take(usize::from(ext_len)).unwrap());
    while !exts.0.is_empty() {
        let kind = exts.u16().unwrap();
        let len = exts.u16().unwrap();
        let body = exts.take(usize::from(len)).unwrap();
        check += crate::impls::extension(kind, body);
    }
    check
}

fn websocket(input: &[u8]) -> u64 {
    let mut r = Reader(input);
    let mut check = 0;
    while !r.0.is_empty() {
        let first = r.u8().unwrap();
        let second = r.u8().unwrap();
        let len = match second & 0x7F {
            126 => u64::from(r.u16().unwrap()),
            127 => r.u64().unwrap(),
            n => u64::from(n),
        };
        let mask = if second & 0x80 != 0 {
            Some(r.take(4).unwrap())
        } else {
            None
        };
        let payload = r.take(len as usize).unwrap();
        check += crate::impls::ws_frame(first & 0x0F, mask.map(|m| m[0]), payload);
    }
    check
}
