//! One module per library.

pub mod binrw;
pub mod deku;
pub mod hand;
pub mod nom;
pub mod scroll;
pub mod zerocopy;
pub mod zerowire;

/// The checksum of a byte run: its length and its first and last bytes (so
/// that a decoder must locate it, not copy or sum all of it).
#[inline]
pub fn sum(bytes: &[u8]) -> u64 {
    bytes.len() as u64
        + bytes.first().map_or(0, |b| u64::from(*b))
        + bytes.last().map_or(0, |b| u64::from(*b))
}

/// A record's share of the W2 checksum.
#[inline]
pub fn record(kind: u8, version: u16, payload: &[u8]) -> u64 {
    u64::from(kind) + u64::from(version) + sum(payload)
}

/// An extension's share of the W3 checksum.
#[inline]
pub fn extension(kind: u16, body: &[u8]) -> u64 {
    u64::from(kind) + sum(body)
}

/// The W3 checksum of a decoded ClientHello: its random's first byte, the
/// session id's length, the cipher suites and each extension's share.
#[inline]
pub fn hello<'b>(
    random0: u8,
    session_len: usize,
    suites: impl IntoIterator<Item = u16>,
    extensions: impl IntoIterator<Item = (u16, &'b [u8])>,
) -> u64 {
    u64::from(random0)
        + session_len as u64
        + suites.into_iter().map(u64::from).sum::<u64>()
        + extensions
            .into_iter()
            .map(|(kind, body)| extension(kind, body))
            .sum::<u64>()
}

/// A frame's share of the W4 checksum.
#[inline]
pub fn ws_frame(opcode: u8, mask0: Option<u8>, payload: &[u8]) -> u64 {
    u64::from(opcode) + mask0.map_or(0, u64::from) + sum(payload)
}
