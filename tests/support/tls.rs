//! A TLS-style record carrying a ClientHello-like handshake, and a builder for
//! its bytes: header, u24-length handshake, u8/u16-prefixed payloads and a
//! u16-prefixed list of extensions with u16-prefixed bodies.

use zerowire::{Decode, ListU16, PayloadU16, PayloadU8, U24};

#[derive(Decode, Debug, PartialEq)]
pub struct Record<'a> {
    pub content_type: u8,
    pub version: u16,
    pub len: u16,
    #[size(len)]
    pub handshake: Handshake<'a>,
}

#[derive(Decode, Debug, PartialEq)]
pub struct Handshake<'a> {
    pub msg_type: u8,
    pub len: U24,
    #[size(len)]
    pub hello: ClientHello<'a>,
}

#[derive(Decode, Debug, PartialEq)]
pub struct ClientHello<'a> {
    pub version: u16,
    pub random: &'a [u8; 32],
    pub session_id: PayloadU8<'a>,
    pub cipher_suites: ListU16<'a, u16>,
    pub compression: PayloadU8<'a>,
    pub extensions: ListU16<'a, Extension<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
pub struct Extension<'a> {
    pub kind: u16,
    pub body: PayloadU16<'a>,
}

/// The bytes of a record holding a ClientHello with these parts. Lengths that
/// do not fit their prefixes are the caller's mistake and panic here, in setup.
pub fn client_hello_record(
    session_id: &[u8],
    suites: &[u16],
    extensions: &[(u16, &[u8])],
) -> Vec<u8> {
    fn prefixed(width: usize, body: &[u8]) -> Vec<u8> {
        let len = u32::try_from(body.len())
            .expect("test data fits")
            .to_be_bytes();
        let mut out = len[4 - width..].to_vec();
        assert!(body.len() < 1 << (8 * width), "test data fits its prefix");
        out.extend(body);
        out
    }
    let mut hello = vec![3, 3];
    hello.extend([0x11; 32]);
    hello.extend(prefixed(1, session_id));
    let suites: Vec<u8> = suites.iter().flat_map(|s| s.to_be_bytes()).collect();
    hello.extend(prefixed(2, &suites));
    hello.extend(prefixed(1, &[0]));
    let mut list = Vec::new();
    for (kind, body) in extensions {
        list.extend(kind.to_be_bytes());
        list.extend(prefixed(2, body));
    }
    hello.extend(prefixed(2, &list));
    let mut handshake = vec![1];
    handshake.extend(prefixed(3, &hello));
    let mut record = vec![22, 3, 1];
    record.extend(prefixed(2, &handshake));
    record
}

/// A server_name extension body naming `host`.
pub fn server_name(host: &[u8]) -> Vec<u8> {
    let mut entry = vec![0];
    entry.extend(u16::try_from(host.len()).expect("short host").to_be_bytes());
    entry.extend(host);
    let mut body = u16::try_from(entry.len())
        .expect("short")
        .to_be_bytes()
        .to_vec();
    body.extend(entry);
    body
}
