//! Decoding with a parent and a root: what `parent.NAME` and `root.NAME` read.
//!
//! Every derived struct implements [`Node`], whose [`Node::View`] holds a
//! reference to each field decoded so far (`None` for the rest). A struct that
//! declares `#[zerowire(parent = P)]` implements [`CodecIn<'a, P, R>`] instead of
//! [`Codec`]: its parent passes its own view and the root's view down. Every
//! [`Codec`] type is a [`CodecIn`] for any parent, ignoring both views.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::codec::Codec;
use crate::error::{Error, ErrorKind, Found, Number};
use crate::reader::Reader;

/// A struct that can be a parent or a root: it has a view of its fields.
pub trait Node<'a> {
    /// References to the fields decoded so far.
    type View<'v>
    where
        'a: 'v,
        Self: 'v;
    /// The outermost struct of the parent chain: `Self` for a struct with no
    /// parent, else its (first) parent's root.
    type Root: Node<'a>;

    /// The view of the decoded struct, every field present: what its children
    /// saw while it decoded them ([`List::iter_in`](crate::List::iter_in)).
    fn view<'v>(&'v self) -> Self::View<'v>
    where
        'a: 'v;
}

/// The view of a struct that can be no one's parent (it has no nested struct).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoView;

/// A value decoded inside a parent `P` under a root `R`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded as a field of `{P}`",
    label = "not decodable as a field of `{P}`",
    note = "derive `Decode` for `{Self}` or implement `Codec` for it; a struct that reads `parent.` or `root.` must also name `{P}` in `#[zerowire(parent = ...)]` (`root.` resolves through its first parent)"
)]
pub trait CodecIn<'a, P: Node<'a>, R: Node<'a>>: Sized {
    /// The fewest bytes any value encodes to; see [`Codec::MIN_SIZE`].
    const MIN_SIZE: usize = 0;
    /// The size of every value, when fixed; see [`Codec::FIXED_SIZE`].
    const FIXED_SIZE: Option<usize> = None;
    /// Whether any `FIXED_SIZE` bytes decode (as `Codec`'s, for a list checked by its length).
    #[doc(hidden)]
    const ANY_BYTES: bool = false;

    /// Reads one value, reading `parent.`/`root.` fields from the views.
    fn read_in(r: &mut Reader<'a>, parent: &P::View<'_>, root: &R::View<'_>)
        -> Result<Self, Error>;

    /// Appends the value's encoding, checking lengths against the views.
    #[cfg(feature = "alloc")]
    fn encode_in(
        &self,
        out: &mut Vec<u8>,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<(), Error>;
}

impl<'a, T: Codec<'a>, P: Node<'a>, R: Node<'a>> CodecIn<'a, P, R> for T {
    const MIN_SIZE: usize = T::MIN_SIZE;
    const FIXED_SIZE: Option<usize> = T::FIXED_SIZE;
    const ANY_BYTES: bool = T::ANY_BYTES;

    #[inline]
    fn read_in(r: &mut Reader<'a>, _: &P::View<'_>, _: &R::View<'_>) -> Result<Self, Error> {
        T::read(r)
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode_in(&self, out: &mut Vec<u8>, _: &P::View<'_>, _: &R::View<'_>) -> Result<(), Error> {
        self.encode(out)
    }
}

/// An enum whose variant is chosen by a tag its parent decoded
/// (`#[tag_from(EXPR)]` on the field); `#[derive(Decode)]` with
/// `#[zerowire(tag = T)]` implements it. Variants decode with `P` as their parent.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot take its tag from `{P}`",
    label = "`tag_from` needs an enum with `#[zerowire(tag = T)]`",
    note = "derive `Decode` for `{Self}` with `#[zerowire(tag = T)]` and `#[tag(VALUE)]` on its variants"
)]
pub trait Tagged<'a, P: Node<'a>, R: Node<'a>>: Sized {
    /// The tag's type: an integer, a C-like enum deriving `Clone, Copy`, or
    /// bytes or text (`&'a [u8]`, `[u8; N]`, `&'a str`).
    type Tag: Copy + TagValue;

    /// Reads the variant that `tag` names; [`crate::ErrorKind::UnknownValue`]
    /// ([`crate::ErrorKind::UnknownTag`] for bytes or text) when none does and
    /// there is no `#[tag(_)]` variant.
    fn read_tagged(
        r: &mut Reader<'a>,
        tag: &Self::Tag,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<Self, Error>;

    /// Appends the variant's payload (the tag is the parent's field);
    /// [`crate::ErrorKind::TagMismatch`] ([`crate::ErrorKind::TagMismatchBytes`])
    /// when the variant is not the one `tag` names.
    #[cfg(feature = "alloc")]
    fn encode_tagged(
        &self,
        out: &mut Vec<u8>,
        tag: &Self::Tag,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<(), Error>;
}

/// The tag type of a tagged enum, apart from its parents: a struct generic over
/// its root bounds its field by `Tagged<'a, Self, R, Tag = <T as TagType>::Tag>`,
/// so that the tag's type stays known under that bound. (As a supertrait of
/// `Tagged` it would not: the where clause would then hide its impl, and with
/// it the type.)
pub trait TagType<'a> {
    /// The same type as [`Tagged::Tag`]; it may borrow for `'a` (`&'a str`)
    /// even when the enum itself does not.
    type Tag: Copy + TagValue;
}

/// A tagged enum's tag ([`Tagged::Tag`]): a number or a C-like enum
/// (anything `Copy + Into<Number>`), or bytes or text (`&[u8]`, `[u8; N]`,
/// `&str`), with the errors for a tag that no variant names.
pub trait TagValue {
    /// The error for a tag that no variant names, read at `offset`.
    fn unknown(&self, offset: usize) -> Error;
    /// The error for a variant that this tag does not name, written at `offset`.
    fn mismatch(&self, offset: usize) -> Error;
}

impl<T: Copy + Into<Number>> TagValue for T {
    #[cold]
    fn unknown(&self, offset: usize) -> Error {
        let value = (*self).into();
        Error::new(ErrorKind::UnknownValue { value }, offset)
    }

    #[cold]
    fn mismatch(&self, offset: usize) -> Error {
        let tag = (*self).into();
        Error::new(ErrorKind::TagMismatch { tag }, offset)
    }
}

/// The tag errors of a tag of bytes or text.
macro_rules! bytes_tag {
    ($([$($n:tt)*] $ty:ty),*) => {$(
        impl<$($n)*> TagValue for $ty {
            #[cold]
            fn unknown(&self, offset: usize) -> Error {
                let found = Found::new(AsRef::<[u8]>::as_ref(self));
                Error::new(ErrorKind::UnknownTag { found }, offset)
            }

            #[cold]
            fn mismatch(&self, offset: usize) -> Error {
                let tag = Found::new(AsRef::<[u8]>::as_ref(self));
                Error::new(ErrorKind::TagMismatchBytes { tag }, offset)
            }
        }
    )*};
}

bytes_tag!([] &str, [] &[u8], [const N: usize] [u8; N]);

/// A type that takes arguments from its parent (`#[zerowire(args(NAME: TYPE, ...))]`);
/// the parent passes them with `#[args(NAME = EXPR, ...)]` on the field.
pub trait HasArgs {
    /// The arguments, one setter method per name.
    type Args;
    /// No argument given yet.
    fn args() -> Self::Args;
}

/// A value decoded with arguments, inside a parent `P` under a root `R`.
///
/// `HasArgs` is asked of each method rather than of the trait: a struct
/// generic over its root bounds its field by `CodecWith<'a, Self, R>`, and a
/// supertrait would come with that bound and hide `HasArgs`'s impl, and with it
/// the arguments' type (as `TagType` keeps `Tagged`'s tag type known).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not take arguments inside `{P}`",
    label = "`#[args(...)]` needs a type with `#[zerowire(args(NAME: TYPE))]`",
    note = "declare the arguments on `{Self}` with `#[zerowire(args(NAME: TYPE, ...))]`"
)]
pub trait CodecWith<'a, P: Node<'a>, R: Node<'a>>: Sized {
    /// Reads one value with `args`; [`crate::ErrorKind::MissingArg`] when one it
    /// reads was not given.
    fn read_with(
        r: &mut Reader<'a>,
        args: &<Self as HasArgs>::Args,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<Self, Error>
    where
        Self: HasArgs;

    /// Appends the value's encoding, checking lengths against `args`.
    #[cfg(feature = "alloc")]
    fn encode_with(
        &self,
        out: &mut Vec<u8>,
        args: &<Self as HasArgs>::Args,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<(), Error>
    where
        Self: HasArgs;
}
