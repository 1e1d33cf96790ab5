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

pub use zerowire_runtime::*;

#[cfg(feature = "derive")]
pub use zerowire_derive::Decode;
