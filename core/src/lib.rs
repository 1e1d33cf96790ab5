//! Zero-copy binary decoders and encoders from annotated structs.
//!
//! ```
//! use zerowire::{Codec, Decode};
//!
//! #[derive(Decode, Debug, PartialEq)]
//! struct Record<'a> {
//!     kind: u8,
//!     len: u16,
//!     #[size(len)]
//!     body: &'a [u8],
//! }
//!
//! let bytes = [0x17, 0x00, 0x03, b'a', b'b', b'c'];
//! let record = Record::decode(&bytes)?;
//! assert_eq!(record.body, b"abc");
//! assert_eq!(record.to_vec()?, bytes);
//! # Ok::<(), zerowire::Error>(())
//! ```
//!
//! Decoded values borrow from the input: [`Reader`] hands out slices of it, and
//! nothing on the success path allocates. The attribute language and the design
//! are described in the project's README.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod codec;
pub mod context;
mod error;
mod family;
pub mod frame;
mod list;
pub mod math;
mod owned;
mod payload;
mod reader;

#[doc(hidden)]
pub mod __private;

pub use codec::{Codec, DecodeMut, DecodeOwned, Endian, Length, Scalar, U24};
pub use error::{Error, ErrorKind, Found, Number, Path, Segment};
pub use family::{check_round_trip, decode_with, Borrowed, Family};
pub use list::{Iter, List, ListU16, ListU24, ListU32, ListU8, PrefixedList};
pub use owned::{Mapped, Owned, Projection, SharedBuffer};
pub use payload::{PayloadU16, PayloadU24, PayloadU32, PayloadU8, Prefix, SizedPayload};
pub use reader::{Input, Reader, ReaderMut};

#[cfg(feature = "derive")]
pub use zerowire_derive::Decode;
