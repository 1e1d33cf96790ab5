//! A TLS 1.3-style record layer and a ClientHello-like handshake, for the
//! tests and `examples/tls.rs`:
//! - plaintext records with a u24-length handshake, u8/u16-prefixed payloads
//!   and a u16-prefixed list of typed extensions;
//! - protected records (ChaCha20-Poly1305), split off a receive buffer and
//!   decrypted in place, with no allocation and no copy.

use std::fmt;

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce, Tag};
use zerowire::{Decode, DecodeMut, Error, ListU16, ListU8, PayloadU16, PayloadU8, U24};

/// The content type of handshake records.
pub const HANDSHAKE: u8 = 22;
/// The content type of protected records (TLS 1.3's `application_data`).
pub const APPLICATION_DATA: u8 = 23;
/// The bytes of an AEAD tag.
pub const TAG_LEN: usize = 16;

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
    pub len: u16,
    #[size(len)]
    #[tag_from(kind)]
    pub body: ExtensionBody<'a>,
}

/// An extension's body, typed by its kind; other kinds keep their bytes.
#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u16)]
pub enum ExtensionBody<'a> {
    #[tag(0)]
    ServerName(ServerNames<'a>),
    #[tag(43)]
    SupportedVersions(ListU8<'a, u16>),
    #[tag(_)]
    Other { tag: u16, body: &'a [u8] },
}

#[derive(Decode, Debug, PartialEq)]
pub struct ServerNames<'a> {
    pub names: ListU16<'a, ServerName<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
pub struct ServerName<'a> {
    pub name_type: u8,
    pub name: PayloadU16<'a>,
}

impl<'a> ClientHello<'a> {
    /// The first host name of the server_name extension.
    pub fn server_name(&self) -> Option<&'a [u8]> {
        self.extensions.iter().find_map(|e| match e.body {
            ExtensionBody::ServerName(names) => {
                names.names.iter().next().map(|n| n.name.as_bytes())
            }
            _ => None,
        })
    }
}

/// A protected record as it sits in the receive buffer: its payload is split
/// into the ciphertext (decrypted in place) and the tag.
#[derive(Decode, Debug)]
#[zerowire(read_only = ProtectedRecord)]
pub struct ProtectedRecordMut<'a> {
    #[valid(value == APPLICATION_DATA)]
    pub opaque_type: u8,
    pub version: u16,
    #[valid(usize::from(value) >= TAG_LEN && value <= 16_384 + 256)]
    pub len: u16,
    #[size(usize::from(len) - TAG_LEN)]
    pub ciphertext: &'a mut [u8],
    pub tag: &'a [u8; TAG_LEN],
}

/// Why a record could not be opened.
#[derive(Debug, PartialEq)]
pub enum RecordError {
    /// The bytes are not a whole protected record (short, too long, bad header).
    Framing(Error),
    /// The tag does not authenticate the record: not decrypted, not changed.
    BadTag,
    /// The plaintext holds no content type (it is all padding).
    NoContentType,
    /// The plaintext does not decode as its content type says.
    Content(Error),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Framing(e) => write!(f, "bad record: {e}"),
            RecordError::BadTag => f.write_str("bad record: the tag does not authenticate it"),
            RecordError::NoContentType => f.write_str("bad record: the plaintext is all padding"),
            RecordError::Content(e) => write!(f, "bad content: {e}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// One direction of a connection: a key, an IV and the record sequence number.
pub struct Session {
    cipher: ChaCha20Poly1305,
    iv: [u8; 12],
    sequence: u64,
}

impl Session {
    pub fn new(key: [u8; 32], iv: [u8; 12]) -> Self {
        Session {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
            iv,
            sequence: 0,
        }
    }

    /// TLS 1.3's per-record nonce: the IV XOR the sequence number.
    fn next_nonce(&mut self) -> [u8; 12] {
        let mut nonce = self.iv;
        for (n, s) in nonce[4..].iter_mut().zip(self.sequence.to_be_bytes()) {
            *n ^= s;
        }
        self.sequence += 1;
        nonce
    }

    /// Appends a protected record holding `content` of `content_type`, padded
    /// with `padding` zero bytes (test setup: this allocates).
    pub fn seal(&mut self, content_type: u8, content: &[u8], padding: usize, out: &mut Vec<u8>) {
        let mut inner = content.to_vec();
        inner.push(content_type);
        inner.resize(inner.len() + padding, 0);
        let len = u16::try_from(inner.len() + TAG_LEN).expect("a record fits");
        let header = [APPLICATION_DATA, 3, 3, (len >> 8) as u8, len as u8];
        let nonce = self.next_nonce();
        let tag = self
            .cipher
            .encrypt_in_place_detached(Nonce::from_slice(&nonce), &header, &mut inner)
            .expect("encrypts");
        out.extend_from_slice(&header);
        out.extend_from_slice(&inner);
        out.extend_from_slice(&tag);
    }

    /// Decrypts `record` in place and returns its content type and content,
    /// borrowed from the decrypted buffer. Allocates nothing.
    pub fn open<'a>(
        &mut self,
        record: ProtectedRecordMut<'a>,
    ) -> Result<(u8, &'a [u8]), RecordError> {
        let [h, l] = record.len.to_be_bytes();
        let [v1, v2] = record.version.to_be_bytes();
        let header = [record.opaque_type, v1, v2, h, l];
        let nonce = self.next_nonce();
        self.cipher
            .decrypt_in_place_detached(
                Nonce::from_slice(&nonce),
                &header,
                record.ciphertext,
                Tag::from_slice(record.tag),
            )
            .map_err(|_| RecordError::BadTag)?;
        let plaintext: &'a [u8] = record.ciphertext;
        // TLSInnerPlaintext: content, content type, zero padding.
        let end = plaintext
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(RecordError::NoContentType)?;
        Ok((plaintext[end], &plaintext[..end]))
    }
}

/// Splits the next protected record off `buffer`, handing back the rest.
pub fn next_record(buffer: &mut [u8]) -> Result<(ProtectedRecordMut<'_>, &mut [u8]), RecordError> {
    ProtectedRecordMut::decode_mut_prefix(buffer).map_err(RecordError::Framing)
}

/// The bytes of a handshake message holding a ClientHello with these parts.
/// Lengths that do not fit their prefixes are the caller's mistake and panic
/// here, in setup.
pub fn client_hello_message(
    session_id: &[u8],
    suites: &[u16],
    extensions: &[(u16, &[u8])],
) -> Vec<u8> {
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
    handshake
}

/// The bytes of a plaintext record holding a ClientHello with these parts.
pub fn client_hello_record(
    session_id: &[u8],
    suites: &[u16],
    extensions: &[(u16, &[u8])],
) -> Vec<u8> {
    let handshake = client_hello_message(session_id, suites, extensions);
    let mut record = vec![HANDSHAKE, 3, 1];
    record.extend(prefixed(2, &handshake));
    record
}

/// `body` after its length as a `width`-byte big-endian number.
fn prefixed(width: usize, body: &[u8]) -> Vec<u8> {
    assert!(body.len() < 1 << (8 * width), "test data fits its prefix");
    let len = u32::try_from(body.len())
        .expect("test data fits")
        .to_be_bytes();
    let mut out = len[4 - width..].to_vec();
    out.extend(body);
    out
}

/// A server_name extension body naming `host`.
pub fn server_name(host: &[u8]) -> Vec<u8> {
    let mut entry = vec![0];
    entry.extend(prefixed(2, host));
    prefixed(2, &entry)
}
