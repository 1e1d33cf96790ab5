//! Type families: naming a borrowing type "at any lifetime" in generic code.
//!
//! `T: for<'a> Codec<'a>` cannot hold for `Toy<'a>`: `Toy<'static>` decodes only
//! from `'static` input. A [`Family`] names the whole family instead:
//! `Toy<'static>: Family<Of<'a> = Toy<'a>>`, so a helper can decode it from a
//! buffer that the helper owns.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::codec::{Codec, U24};
use crate::error::Error;
#[cfg(feature = "alloc")]
use crate::error::ErrorKind;
use crate::list::PrefixedList;
use crate::payload::{Prefix, SizedPayload};

/// A family of types, one per input lifetime; `#[derive(Decode)]` implements it
/// on the `'static` member of every struct that decodes on its own.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a zerowire type family",
    note = "name the `'static` form of a derived type, such as `Toy<'static>`"
)]
pub trait Family: 'static {
    /// The member that borrows from input of lifetime `'a`.
    type Of<'a>: Codec<'a>;
}

/// Any type with one lifetime, named by its `'static` member: what a part of
/// an [`crate::Owned`] value can be (`Owned::map`). `#[derive(Decode)]`
/// implements it for every struct and enum; unlike [`Family`] it asks no `Codec`.
pub trait Borrowed: 'static {
    /// The member that borrows for `'a`.
    type Of<'a>;
}

/// Decodes all of `bytes` as `F::Of<'_>` and hands the value to `f`; the errors of
/// [`Codec::decode`].
pub fn decode_with<F: Family, R>(
    bytes: &[u8],
    f: impl for<'a> FnOnce(F::Of<'a>) -> R,
) -> Result<R, Error> {
    F::Of::decode(bytes).map(f)
}

/// Decodes all of `bytes` as `F::Of<'_>`, encodes it again and compares;
/// [`ErrorKind::RoundTrip`] names the first byte that differs.
#[cfg(feature = "alloc")]
pub fn check_round_trip<F: Family>(bytes: &[u8]) -> Result<(), Error> {
    let value = F::Of::decode(bytes)?;
    let mut out = Vec::with_capacity(bytes.len());
    value.encode(&mut out)?;
    match out.iter().zip(bytes).position(|(a, b)| a != b) {
        None if out.len() == bytes.len() => Ok(()),
        None => Err(round_trip_error(out.len().min(bytes.len()))),
        Some(at) => Err(round_trip_error(at)),
    }
}

#[cfg(feature = "alloc")]
#[cold]
fn round_trip_error(at: usize) -> Error {
    Error::new(ErrorKind::RoundTrip { at }, at)
}

macro_rules! owned_family {
    ($($ty:ty),*) => {$(
        impl Family for $ty {
            type Of<'a> = $ty;
        }
        impl Borrowed for $ty {
            type Of<'a> = $ty;
        }
    )*};
}

owned_family!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64, U24, ());

impl<L: Prefix> Family for SizedPayload<'static, L> {
    type Of<'a> = SizedPayload<'a, L>;
}

impl<L: Prefix> Borrowed for SizedPayload<'static, L> {
    type Of<'a> = SizedPayload<'a, L>;
}

impl Borrowed for &'static [u8] {
    type Of<'a> = &'a [u8];
}

impl Borrowed for &'static str {
    type Of<'a> = &'a str;
}

impl<T: Borrowed> Borrowed for crate::List<'static, T> {
    type Of<'a> = crate::List<'a, T::Of<'a>>;
}

impl<T: Family> Family for crate::Items<'static, T> {
    type Of<'a> = crate::Items<'a, T::Of<'a>>;
}

impl<T: Borrowed> Borrowed for crate::Items<'static, T> {
    type Of<'a> = crate::Items<'a, T::Of<'a>>;
}

impl<L: Prefix, T: Family> Family for PrefixedList<'static, L, T> {
    type Of<'a> = PrefixedList<'a, L, T::Of<'a>>;
}
