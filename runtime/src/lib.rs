//! The runtime of [zerowire](https://docs.rs/zerowire): the reader, the traits
//! and the types that decoded structs hold.
//!
//! Use it through `zerowire`, which re-exports all of it beside
//! `#[derive(Decode)]`. It is a crate of its own so that it builds while the
//! derive's dependencies do: the crate that re-exports the derive can only
//! start once the derive is built.
#![no_std]
#![forbid(unsafe_code)]
// An error built eagerly (`ok_or(Error::new(..))`) allocates on the success path.
#![warn(clippy::or_fun_call)]
// Decoding faces hostile input: no panicking index, unwrap or arithmetic
// outside tests (checked, saturating or wrapping operations say what happens).
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::panic,
        clippy::arithmetic_side_effects
    )
)]
// Without `alloc` an `Error` keeps its details inline (136 bytes) rather than boxed.
#![cfg_attr(not(feature = "alloc"), allow(clippy::result_large_err))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod codec;
pub mod context;
mod error;
mod family;
#[cfg(feature = "alloc")]
pub mod frame;
mod items;
mod list;
pub mod math;
#[cfg(feature = "alloc")]
mod owned;
mod payload;
mod reader;
#[cfg(feature = "alloc")]
mod text;
#[cfg(feature = "alloc")]
mod transform;

// Generated code encodes, so the derive (and its helpers) need `alloc`.
#[cfg(feature = "alloc")]
#[doc(hidden)]
pub mod __private;

pub use codec::{Codec, DecodeMut, DecodeOwned, Endian, Length, Scalar, U24};
pub use error::{Error, ErrorKind, Found, Number, Path, Segment};
#[cfg(feature = "alloc")]
pub use family::check_round_trip;
pub use family::{decode_with, Borrowed, Family};
pub use items::{Items, ItemsIter};
pub use list::{Iter, IterIn, List, ListU16, ListU24, ListU32, ListU8, PrefixedList};
#[cfg(feature = "alloc")]
pub use owned::{Mapped, MaybeOwned, Owned, Projection, SharedBuffer};
pub use payload::{PayloadU16, PayloadU24, PayloadU32, PayloadU8, Prefix, SizedPayload};
pub use reader::{Input, Reader, ReaderMut};
#[cfg(feature = "alloc")]
pub use text::TextEncoding;
#[cfg(feature = "alloc")]
pub use transform::Transform;

#[cfg(test)]
mod tests;
