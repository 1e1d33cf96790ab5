//! The [`Codec`] trait and its implementations for primitives.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use byteorder::{BigEndian, ByteOrder, LittleEndian};

use crate::error::{Error, ErrorKind};
use crate::reader::Reader;

/// A type that reads itself from a [`Reader<'a>`], borrowing from its input,
/// and encodes itself back to the same bytes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded by zerowire",
    label = "`{Self}` does not implement `Codec<'_>`",
    note = "add `#[derive(zerowire::Decode)]` to the type, or implement `zerowire::Codec` for it"
)]
pub trait Codec<'a>: Sized {
    /// The fewest bytes any value encodes to (derived types compute it).
    const MIN_SIZE: usize = 0;
    /// The size of every value, when all encode to the same number of bytes.
    const FIXED_SIZE: Option<usize> = None;
    /// Whether every run of `FIXED_SIZE` bytes decodes to a value (numbers do;
    /// a type with a magic value or a check does not). A [`List`](crate::List)
    /// of such a type is checked by its length alone.
    #[doc(hidden)]
    const ANY_BYTES: bool = false;

    /// Reads one value; any [`Error`] says where the input fell short.
    fn read(r: &mut Reader<'a>) -> Result<Self, Error>;

    /// Appends the value's encoding to `out`; an [`Error`] when the value cannot
    /// be encoded as it stands (a length that disagrees with its declared size).
    #[cfg(feature = "alloc")]
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error>;

    /// Decodes the whole of `bytes`; [`ErrorKind::TrailingBytes`] when some are left.
    fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let value = Self::read(&mut r)?;
        r.finish()?;
        Ok(value)
    }

    /// Decodes a value from the front of `bytes` and returns the rest.
    fn decode_prefix(bytes: &'a [u8]) -> Result<(Self, &'a [u8]), Error> {
        let mut r = Reader::new(bytes);
        let value = Self::read(&mut r)?;
        Ok((value, r.rest()))
    }

    /// Encodes into a new `Vec`; the errors of [`Codec::encode`].
    #[cfg(feature = "alloc")]
    fn to_vec(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }
}

/// A type decoded from a mutable buffer, so that some of its fields are
/// `&'a mut [u8]` pieces (for in-place work such as decryption);
/// `#[derive(Decode)]` implements it for structs with such fields.
pub trait DecodeMut<'a>: Sized {
    /// Reads one value, splitting the buffer; any [`Error`] says where it fell short.
    fn read_mut(r: &mut crate::ReaderMut<'a>) -> Result<Self, Error>;

    /// Decodes the whole of `bytes`; [`ErrorKind::TrailingBytes`] when some are left.
    fn decode_mut(bytes: &'a mut [u8]) -> Result<Self, Error> {
        let mut r = crate::ReaderMut::new(bytes);
        let value = Self::read_mut(&mut r)?;
        if r.is_empty() {
            Ok(value)
        } else {
            Err(Error::new(
                ErrorKind::TrailingBytes {
                    count: r.remaining(),
                },
                r.position(),
            ))
        }
    }

    /// Decodes a value from the front of `bytes` and returns the rest, still mutable.
    fn decode_mut_prefix(bytes: &'a mut [u8]) -> Result<(Self, &'a mut [u8]), Error> {
        let mut r = crate::ReaderMut::new(bytes);
        let value = Self::read_mut(&mut r)?;
        Ok((value, r.rest_mut()))
    }
}

/// A type that borrows nothing from its input: it decodes at every lifetime.
pub trait DecodeOwned: for<'a> Codec<'a> {}

impl<T> DecodeOwned for T where T: for<'a> Codec<'a> {}

/// Byte order of a number on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Endian {
    /// Most significant byte first (network order); zerowire's default.
    #[default]
    Big,
    /// Least significant byte first.
    Little,
}

impl Endian {
    /// `Little` when `little` holds, else `Big`: for byte orders chosen at run time.
    pub const fn little_if(little: bool) -> Endian {
        if little {
            Endian::Little
        } else {
            Endian::Big
        }
    }
}

/// A fixed-width number that reads and writes in either byte order.
pub trait Scalar<'a>: Codec<'a> + Copy {
    /// Its width in bytes.
    const SIZE: usize;
    /// Reads one in `endian` order; [`ErrorKind::Needed`] when the input is short.
    fn read_endian(r: &mut Reader<'a>, endian: Endian) -> Result<Self, Error>;
    /// Appends it in `endian` order; never fails for the built-in numbers.
    #[cfg(feature = "alloc")]
    fn encode_endian(&self, out: &mut Vec<u8>, endian: Endian) -> Result<(), Error>;
}

macro_rules! scalar {
    ($($ty:ty, $n:literal, $read:ident, $write:ident;)*) => {$(
        impl<'a> Scalar<'a> for $ty {
            const SIZE: usize = $n;

            #[inline]
            fn read_endian(r: &mut Reader<'a>, endian: Endian) -> Result<Self, Error> {
                let bytes = r.take_array::<$n>()?;
                Ok(match endian {
                    Endian::Big => BigEndian::$read(bytes),
                    Endian::Little => LittleEndian::$read(bytes),
                })
            }

            #[inline]
            #[cfg(feature = "alloc")]
            fn encode_endian(&self, out: &mut Vec<u8>, endian: Endian) -> Result<(), Error> {
                let mut bytes = [0; $n];
                match endian {
                    Endian::Big => BigEndian::$write(&mut bytes, *self),
                    Endian::Little => LittleEndian::$write(&mut bytes, *self),
                }
                out.extend_from_slice(&bytes);
                Ok(())
            }
        }
    )*};
}

scalar! {
    u16, 2, read_u16, write_u16;
    u32, 4, read_u32, write_u32;
    u64, 8, read_u64, write_u64;
    i16, 2, read_i16, write_i16;
    i32, 4, read_i32, write_i32;
    i64, 8, read_i64, write_i64;
    f32, 4, read_f32, write_f32;
    f64, 8, read_f64, write_f64;
}

macro_rules! byte_scalar {
    ($($ty:ty),*) => {$(
        impl<'a> Scalar<'a> for $ty {
            const SIZE: usize = 1;

            #[inline]
            fn read_endian(r: &mut Reader<'a>, _: Endian) -> Result<Self, Error> {
                Ok(<$ty>::from_be_bytes(*r.take_array::<1>()?))
            }

            #[inline]
            #[cfg(feature = "alloc")]
            fn encode_endian(&self, out: &mut Vec<u8>, _: Endian) -> Result<(), Error> {
                out.extend_from_slice(&self.to_be_bytes());
                Ok(())
            }
        }
    )*};
}

byte_scalar!(u8, i8);

/// A 24-bit unsigned integer, as TLS uses for handshake lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct U24(u32);

impl U24 {
    /// The largest value, 2^24 - 1.
    pub const MAX: U24 = U24(0xFF_FFFF);

    /// `value` when it fits in 24 bits, else `None`.
    pub const fn new(value: u32) -> Option<U24> {
        if value <= Self::MAX.0 {
            Some(U24(value))
        } else {
            None
        }
    }

    /// The value as a `u32`.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl From<U24> for u32 {
    fn from(value: U24) -> u32 {
        value.0
    }
}

impl From<u16> for U24 {
    fn from(value: u16) -> U24 {
        U24(u32::from(value))
    }
}

impl TryFrom<u32> for U24 {
    type Error = Error;

    /// [`ErrorKind::TooLarge`] above 2^24 - 1.
    fn try_from(value: u32) -> Result<U24, Error> {
        U24::new(value).ok_or_else(|| too_large(u64::from(value), u64::from(U24::MAX.0), 0))
    }
}

impl<'a> Scalar<'a> for U24 {
    const SIZE: usize = 3;

    #[inline]
    fn read_endian(r: &mut Reader<'a>, endian: Endian) -> Result<Self, Error> {
        let bytes = r.take_array::<3>()?;
        Ok(U24(match endian {
            Endian::Big => BigEndian::read_u24(bytes),
            Endian::Little => LittleEndian::read_u24(bytes),
        }))
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode_endian(&self, out: &mut Vec<u8>, endian: Endian) -> Result<(), Error> {
        let mut bytes = [0; 3];
        match endian {
            Endian::Big => BigEndian::write_u24(&mut bytes, self.0),
            Endian::Little => LittleEndian::write_u24(&mut bytes, self.0),
        }
        out.extend_from_slice(&bytes);
        Ok(())
    }
}

// Every scalar's plain `Codec` is its big-endian form.
macro_rules! big_endian_codec {
    ($($ty:ty),*) => {$(
        impl<'a> Codec<'a> for $ty {
            const MIN_SIZE: usize = <$ty as Scalar<'a>>::SIZE;
            const FIXED_SIZE: Option<usize> = Some(<$ty as Scalar<'a>>::SIZE);
            const ANY_BYTES: bool = true;

            #[inline]
            fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
                Self::read_endian(r, Endian::Big)
            }

            #[inline]
            #[cfg(feature = "alloc")]
            fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
                self.encode_endian(out, Endian::Big)
            }
        }
    )*};
}

big_endian_codec!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64, U24);

#[cold]
pub(crate) fn too_large(value: u64, max: u64, offset: usize) -> Error {
    Error::new(ErrorKind::TooLarge { value, max }, offset)
}

/// An integer that can serve as a length or count (`size`, `count`, payload prefixes).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a length or count",
    label = "expected an integer here",
    note = "`size`, `count` and length prefixes take an integer (`u8`..`u64`, `usize`, `U24`, or a signed one that is not negative)"
)]
pub trait Length: Copy {
    /// The largest length this type can hold.
    const MAX: u64;
    /// The value as a `usize`, or `None` when negative or too large for this machine.
    fn to_len(self) -> Option<usize>;
    /// `n` in this type, or `None` when it does not fit.
    fn from_len(n: usize) -> Option<Self>;
    /// The value as `u64`, for error messages (negative values saturate to 0).
    fn to_u64(self) -> u64;
    /// The value when it is negative, for error messages.
    fn negative(self) -> Option<i64> {
        None
    }
}

macro_rules! length {
    ($($ty:ty),*) => {$(
        impl Length for $ty {
            const MAX: u64 = <$ty>::MAX as u64;
            #[inline]
            fn to_len(self) -> Option<usize> {
                usize::try_from(self).ok()
            }
            #[inline]
            fn from_len(n: usize) -> Option<Self> {
                <$ty>::try_from(n).ok()
            }
            fn to_u64(self) -> u64 {
                u64::try_from(self).unwrap_or(0)
            }
            // Never `Some` for the unsigned types.
            fn negative(self) -> Option<i64> {
                i64::try_from(self).ok().filter(|v| *v < 0)
            }
        }
    )*};
}

length!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl Length for U24 {
    const MAX: u64 = U24::MAX.0 as u64;
    #[inline]
    fn to_len(self) -> Option<usize> {
        usize::try_from(self.0).ok()
    }
    #[inline]
    fn from_len(n: usize) -> Option<Self> {
        u32::try_from(n).ok().and_then(U24::new)
    }
    fn to_u64(self) -> u64 {
        u64::from(self.0)
    }
}

impl<'a> Codec<'a> for () {
    const FIXED_SIZE: Option<usize> = Some(0);

    #[inline]
    fn read(_: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(())
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode(&self, _: &mut Vec<u8>) -> Result<(), Error> {
        Ok(())
    }
}

/// A boxed value, for recursive types (`Option<Box<Self>>`): reads `T` one
/// nesting level deeper ([`Reader::descend`]), so hostile input that nests
/// deeper than [`Reader::MAX_DEPTH`] fails with [`ErrorKind::TooDeep`]
/// instead of overflowing the stack.
#[cfg(feature = "alloc")]
impl<'a, T: Codec<'a>> Codec<'a> for alloc::boxed::Box<T> {
    // `MIN_SIZE` and `FIXED_SIZE` keep their defaults: taking `T`'s would make a
    // recursive type's constants depend on themselves.

    #[inline]
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        r.descend(T::read).map(alloc::boxed::Box::new)
    }

    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        T::encode(self, out)
    }
}
