//! Transformations of a field's bytes that a format defines itself (Kaitai's
//! custom `process`), next to the built-in `xor`, `rol`, `ror` and `zlib`.

use alloc::vec::Vec;

/// A reversible transformation of a field's stored bytes:
/// `#[process(custom(EXPR))]` with EXPR a value of a type implementing it
/// (built from earlier fields, such as a key). Decoding gives the field a new,
/// owned buffer (`Vec<u8>`, or an [`Owned`](crate::Owned) value decoded from it).
pub trait Transform {
    /// The field's bytes from the stored ones; `None` where they do not
    /// decode (the field's error is then [`ErrorKind::BadProcess`](crate::ErrorKind::BadProcess)).
    fn decode(&self, stored: &[u8]) -> Option<Vec<u8>>;
    /// The stored bytes from the field's: the inverse of [`Transform::decode`].
    fn encode(&self, bytes: &[u8]) -> Vec<u8>;
}
