//! Every name that generated code introduces, in one place.
//!
//! Locals and parameters start with `__` so that they cannot meet a user's
//! field names; user expressions see the fields under their own names.

use crate::tokens::Lifetime;
use proc_macro2::{Ident, Span};
use quote::format_ident;

/// The reader parameter of `read`/`read_in`.
pub(crate) fn reader() -> Ident {
    Ident::new("__r", Span::call_site())
}

/// A window reader for `size`/`eos` fields.
pub(crate) fn window() -> Ident {
    Ident::new("__w", Span::call_site())
}

/// The output parameter of `encode`/`encode_in`.
pub(crate) fn out() -> Ident {
    Ident::new("__out", Span::call_site())
}

/// The parent's view parameter; `parent.NAME` reads it.
pub(crate) fn parent() -> Ident {
    Ident::new("__parent", Span::call_site())
}

/// The root's view parameter; `root.NAME` reads it.
pub(crate) fn root() -> Ident {
    Ident::new("__root", Span::call_site())
}

/// This struct's view, passed to nested fields.
pub(crate) fn view() -> Ident {
    Ident::new("__view", Span::call_site())
}

/// The offset where the current field starts (input or output).
pub(crate) fn at() -> Ident {
    Ident::new("__at", Span::call_site())
}

/// A length computed once and used twice (a window's size, a padding).
pub(crate) fn len() -> Ident {
    Ident::new("__n", Span::call_site())
}

/// An element's bytes transformed back (`process` on each element), or the
/// bytes of a window as read.
pub(crate) fn raw() -> Ident {
    Ident::new("__raw", Span::call_site())
}

/// Where an encoded `size` window starts, or where a decoded one was found.
pub(crate) fn start() -> Ident {
    Ident::new("__start", Span::call_site())
}

/// One element of a repetition or the content of an `Option`.
pub(crate) fn item() -> Ident {
    Ident::new("__item", Span::call_site())
}

/// The root type parameter of a child that does not read `root.`.
pub(crate) fn root_param() -> Ident {
    Ident::new("__R", Span::call_site())
}

/// The lifetime of a view's borrows.
pub(crate) fn view_lifetime() -> Lifetime {
    Lifetime::new("'__v", Span::call_site())
}

/// The decode lifetime of a struct that has none of its own.
pub(crate) fn fresh_lifetime() -> Lifetime {
    Lifetime::new("'__a", Span::call_site())
}

/// The hidden view struct of `ty`.
pub(crate) fn view_struct(ty: &Ident) -> Ident {
    format_ident!("__{}View", ty)
}

/// The local that holds a decoded field that expressions see by reference (as `local`).
pub(crate) fn held(local: &Ident) -> Ident {
    format_ident!("__held_{}", local.to_string().trim_start_matches("r#"))
}

/// The local that holds tuple field `index`.
pub(crate) fn tuple_local(index: usize) -> Ident {
    format_ident!("__f{}", index)
}

/// The view field of tuple field `index`.
pub(crate) fn tuple_view_field(index: usize) -> Ident {
    format_ident!("_{}", index)
}

/// The phantom field of a view of a struct without a lifetime.
pub(crate) fn marker() -> Ident {
    Ident::new("__marker", Span::call_site())
}

/// The bit reader or writer of a group of bit fields.
pub(crate) fn bits() -> Ident {
    Ident::new("__bits", Span::call_site())
}

/// The bit stream of a group of bit fields of which some are conditional.
pub(crate) fn bit_stream() -> Ident {
    Ident::new("__bit_stream", Span::call_site())
}

/// A byte order chosen at run time (`#[zerowire(endian = EXPR)]`).
pub(crate) fn endian() -> Ident {
    Ident::new("__endian", Span::call_site())
}

/// The bytes of a run of fixed-size fields, taken at once.
pub(crate) fn run() -> Ident {
    Ident::new("__run", Span::call_site())
}

/// Where the current run of fixed-size fields starts.
pub(crate) fn run_start() -> Ident {
    Ident::new("__run_at", Span::call_site())
}

/// The arguments parameter of `read_with`/`encode_with`.
pub(crate) fn args() -> Ident {
    Ident::new("__args", Span::call_site())
}

/// The hidden arguments struct of `ty`.
pub(crate) fn args_struct(ty: &Ident) -> Ident {
    format_ident!("__{}Args", ty)
}
