//! Length-prefixed borrowed bytes: [`PayloadU8`] .. [`PayloadU32`].

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::codec::{too_large, Codec, Length, Scalar, U24};
use crate::error::Error;
#[cfg(doc)]
use crate::error::ErrorKind;
use crate::reader::Reader;

/// An integer type used as a big-endian length prefix.
pub trait Prefix: for<'a> Scalar<'a> + Length + 'static {}

impl Prefix for u8 {}
impl Prefix for u16 {}
impl Prefix for U24 {}
impl Prefix for u32 {}

/// Reads an `L` length prefix as a `usize`; [`ErrorKind::TooLarge`] when it
/// does not fit this machine, [`ErrorKind::Needed`] when the input is short.
pub(crate) fn read_prefix<'a, L: Prefix>(r: &mut Reader<'a>) -> Result<usize, Error> {
    let at = r.position();
    let n = L::read(r)?;
    n.to_len()
        .ok_or_else(|| too_large(n.to_u64(), usize::MAX as u64, at))
}

/// Writes `len` as an `L` prefix; [`ErrorKind::TooLarge`] when it does not fit in `L`.
#[cfg(feature = "alloc")]
#[inline]
pub(crate) fn write_prefix<L: Prefix>(len: usize, out: &mut Vec<u8>) -> Result<(), Error> {
    match L::from_len(len) {
        Some(n) => n.encode(out),
        None => Err(too_large(len as u64, L::MAX, out.len())),
    }
}

/// Bytes preceded by their length as an `L`, borrowed from the input.
pub struct SizedPayload<'a, L> {
    bytes: &'a [u8],
    prefix: PhantomData<fn() -> L>,
}

/// Bytes with a `u8` length prefix.
pub type PayloadU8<'a> = SizedPayload<'a, u8>;
/// Bytes with a big-endian `u16` length prefix.
pub type PayloadU16<'a> = SizedPayload<'a, u16>;
/// Bytes with a big-endian 24-bit length prefix.
pub type PayloadU24<'a> = SizedPayload<'a, U24>;
/// Bytes with a big-endian `u32` length prefix.
pub type PayloadU32<'a> = SizedPayload<'a, u32>;

impl<'a, L: Prefix> SizedPayload<'a, L> {
    /// Wraps `bytes`; [`ErrorKind::TooLarge`] when their length does not fit in `L`.
    pub fn new(bytes: &'a [u8]) -> Result<Self, Error> {
        match L::from_len(bytes.len()) {
            Some(_) => Ok(Self::wrap(bytes)),
            None => Err(too_large(bytes.len() as u64, L::MAX, 0)),
        }
    }

    fn wrap(bytes: &'a [u8]) -> Self {
        SizedPayload {
            bytes,
            prefix: PhantomData,
        }
    }
}

impl<'a, L> SizedPayload<'a, L> {
    /// The bytes, borrowed from the input.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// How many bytes there are.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<'a, L: Prefix> Codec<'a> for SizedPayload<'a, L> {
    const MIN_SIZE: usize = <L as Scalar<'a>>::SIZE;

    #[inline]
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        let n = read_prefix::<L>(r)?;
        r.take(n).map(Self::wrap)
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_prefix::<L>(self.bytes.len(), out)?;
        out.extend_from_slice(self.bytes);
        Ok(())
    }
}

// Manual impls: deriving would demand `L: Clone` etc. of the marker type.
impl<L> Clone for SizedPayload<'_, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L> Copy for SizedPayload<'_, L> {}

impl<L> PartialEq for SizedPayload<'_, L> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<L> Eq for SizedPayload<'_, L> {}

impl<L> core::hash::Hash for SizedPayload<'_, L> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state)
    }
}

impl<L> fmt::Debug for SizedPayload<'_, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Payload(")?;
        for b in self.bytes {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

impl<'a, L> AsRef<[u8]> for SizedPayload<'a, L> {
    fn as_ref(&self) -> &[u8] {
        self.bytes
    }
}
