//! The derive macros of [zerowire](https://docs.rs/zerowire).
//!
//! The pipeline, one file a stage: `item` (the struct or enum, parsed with
//! syn's parse buffers), `ast` (the input as an IR borrowed from it), `attr`
//! (attributes into typed slots), `valid` (rules across fields), `expr` (user
//! expressions rewritten to read `parent.`/`root.`, their arithmetic checked),
//! `expand` (the code), `fallback` (an impl that still compiles after an
//! error). syn is built without its printer and without its syntax trees,
//! which would cost every user's first build: `syntax` reads types,
//! attributes and generics from the tokens themselves, and `tokens` keeps
//! the tokens of every piece the generated code repeats.
#![forbid(unsafe_code)]

extern crate proc_macro;

mod ast;
mod attr;
mod ctxt;
mod enums;
mod expand;
mod expr;
mod fallback;
mod item;
mod sanitize;
mod syntax;
mod tokens;
mod valid;

use syn::parse_macro_input;

use crate::item::DeriveInput;

/// Derives `zerowire::Codec` (or, for a struct with a declared parent,
/// `zerowire::context::CodecIn`) from the struct and its field attributes.
#[proc_macro_derive(
    Decode,
    attributes(
        zerowire, size, count, eos, until, when, terminator, pad_right, magic, valid, endian, pad,
        tag, tag_from, item_size, process, bits, with, args, skip_rest, encoding, at, calc, int,
        in_parent
    )
)]
pub fn derive_decode(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
