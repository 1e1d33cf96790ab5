//! The derive macros of [zerowire](https://docs.rs/zerowire).
//!
//! The pipeline, one file a stage: `ast` (the input as an IR borrowed from syn),
//! `attr` (attributes into typed slots), `valid` (rules across fields), `expr`
//! (user expressions rewritten to read `parent.`/`root.`), `expand` (the code),
//! `fallback` (an impl that still compiles after an error).
#![forbid(unsafe_code)]

extern crate proc_macro;

mod ast;
mod attr;
mod ctxt;
mod enums;
mod expand;
mod expr;
mod fallback;
mod sanitize;
mod valid;

use syn::{parse_macro_input, DeriveInput};

/// Derives `zerowire::Codec` (or, for a struct with a declared parent,
/// `zerowire::context::CodecIn`) from the struct and its field attributes.
#[proc_macro_derive(
    Decode,
    attributes(
        zerowire, size, count, eos, until, when, terminator, pad_right, magic, valid, endian, pad,
        tag, tag_from, item_size, process, bits, with, args, skip_rest
    )
)]
pub fn derive_decode(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
