//! The one error type of decoding and encoding.
//!
//! An [`Error`] is one pointer wide, so that a `Result` on the success path
//! passes in registers; its details (kind, offset, path) are allocated once,
//! when something fails, in a box of fixed size. The field path is a fixed
//! array of `&'static str` segments that generated code fills in as the error
//! travels outwards, innermost field first.

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
use core::fmt;

/// How many path segments an error keeps; deeper paths keep their innermost part.
const MAX_DEPTH: usize = 7;

/// How many bytes of a mismatched magic value an error keeps.
const MAX_FOUND: usize = 8;

/// What went wrong, with the numbers that tell by how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended early: `needed` bytes were asked for, `available` were left.
    Needed { needed: usize, available: usize },
    /// A magic value did not match.
    BadMagic {
        expected: &'static [u8],
        found: Found,
    },
    /// A `valid` check did not hold; `check` is its source text.
    Invalid { check: &'static str },
    /// A whole-input decode left `count` bytes unread.
    TrailingBytes { count: usize },
    /// A `&str` field is not UTF-8; its first `valid_up_to` bytes were.
    Utf8 { valid_up_to: usize },
    /// Text in another encoding (a `String` field with `#[encoding(..)]`) is not
    /// valid in it, or, on encode, holds a character it has not.
    BadText { encoding: &'static str },
    /// Processed bytes (`#[process(zlib)]`) that the transformation refuses.
    BadProcess { process: &'static str },
    /// A byte order chosen at run time (`#[zerowire(endian = EXPR)]` with EXPR
    /// an `Option<Endian>`) that no case decides (Kaitai's undecided endianness).
    UndecidedEndian,
    /// An expression read element `index` of a list of `len` (Kaitai's `a[i]`).
    IndexOutOfRange { index: i64, len: usize },
    /// A length or count does not fit where it must go (`usize` on decode,
    /// the length field's type on encode).
    TooLarge { value: u64, max: u64 },
    /// A `size` or `count` computed from the data came out negative (Kaitai's
    /// `InvalidArgumentError` for a negative size).
    NegativeLength { value: i64 },
    /// On encode, a field's length disagrees with its `size`/`count` expression.
    LengthMismatch { expected: u64, found: u64 },
    /// On encode, an `Option` field's presence disagrees with its `when` expression.
    Presence { expected: bool },
    /// A `parent.`/`root.` value was read before the parent decoded it.
    NotDecodedYet { name: &'static str },
    /// Text read as a number (Kaitai's `.to_i` while decoding) that is none in
    /// this base.
    NotANumber { radix: u32 },
    /// A value an expression reads is absent: an `Option` field whose `when`
    /// did not hold, or a computed value with none (Kaitai's `null`).
    Absent { name: &'static str },
    /// An element of a repetition consumed no bytes, so the repetition could not end.
    NoProgress,
    /// A type's argument (`args.NAME`) was not passed by its parent's `#[args(...)]`.
    MissingArg { name: &'static str },
    /// A value that no variant of an enum names (and the enum keeps no `other`).
    UnknownValue { value: Number },
    /// On encode, a tagged enum's variant disagrees with the tag its parent holds.
    TagMismatch { tag: Number },
    /// A tag of bytes or text (a `tag_type` of `&[u8]` or `&str`, Kaitai's
    /// `switch-on` over a string) that no variant names; `found` keeps its
    /// first 8 bytes.
    UnknownTag { found: Found },
    /// On encode, a tagged enum's variant disagrees with the tag of bytes or
    /// text its parent holds (its first 8 bytes).
    TagMismatchBytes { tag: Found },
    /// A positioned field's offset lies outside its input or window.
    OutOfRange { position: usize },
    /// A terminated field ran to the end of its window without its terminator.
    NoTerminator { terminator: u8 },
    /// On encode, a terminated field's value holds its own terminator.
    TerminatorInValue { terminator: u8 },
    /// On encode, a repetition's `until` condition does not hold at exactly its last element.
    UntilMismatch { index: usize },
    /// A round-trip check re-encoded different bytes, first differing at `at`.
    RoundTrip { at: usize },
    /// Arithmetic in a field expression (`size`, `count`, `when`, `valid`,
    /// `pos`, `tag_from`, `args`, `until`, ...) overflowed (or divided by
    /// zero); `expr` is its source text.
    Overflow { expr: &'static str },
    /// Recursive containers nested deeper than `limit` ([`Reader::MAX_DEPTH`](crate::Reader::MAX_DEPTH)).
    TooDeep { limit: u32 },
    /// A message from a custom read or encode function.
    Custom(&'static str),
}

/// An integer of any built-in width, as errors report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    Unsigned(u64),
    Signed(i64),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n} (0x{n:x})"),
            Number::Signed(n) => write!(f, "{n}"),
        }
    }
}

macro_rules! number_from {
    ($variant:ident: $($ty:ty),*) => {$(
        impl From<$ty> for Number {
            fn from(n: $ty) -> Number {
                Number::$variant(n.into())
            }
        }
    )*};
}

number_from!(Unsigned: u8, u16, u32, u64);
number_from!(Signed: i8, i16, i32, i64);

impl From<crate::U24> for Number {
    fn from(n: crate::U24) -> Number {
        Number::Unsigned(n.get().into())
    }
}

/// `false` is 0 and `true` 1 (a tag of a tagged enum may be a `bool`).
impl From<bool> for Number {
    fn from(b: bool) -> Number {
        Number::Unsigned(u64::from(b))
    }
}

/// The leading bytes of a mismatched magic value, kept inline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Found {
    bytes: [u8; MAX_FOUND],
    len: u8,
}

impl Found {
    /// Keeps the first bytes of `found` (at most 8).
    pub fn new(found: &[u8]) -> Self {
        let len = found.len().min(MAX_FOUND);
        let mut bytes = [0; MAX_FOUND];
        for (slot, byte) in bytes.iter_mut().zip(found) {
            *slot = *byte;
        }
        Found {
            bytes,
            len: len as u8,
        }
    }

    /// The bytes kept.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}

impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&ByteStr(self.as_bytes()), f)
    }
}

/// Shows bytes as a Rust byte string literal: `b"PK\x03\x04"`.
struct ByteStr<'b>(&'b [u8]);

impl fmt::Display for ByteStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b\"")?;
        for &b in self.0 {
            for c in core::ascii::escape_default(b) {
                fmt::Write::write_char(f, char::from(c))?;
            }
        }
        f.write_str("\"")
    }
}

/// One step of a field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A named (or tuple-indexed) field.
    Field(&'static str),
    /// An element of a repetition.
    Index(usize),
}

/// Where in the decoded structure an error happened: `Toy.child_structure.slice`.
///
/// Names are kept as thin `&'static &'static str` pointers (generated code passes
/// promoted constants), so that an [`Error`]'s boxed details stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Path {
    root: &'static &'static str,
    // Innermost first; the first `len` are kept.
    steps: [Step; MAX_DEPTH],
    len: u8,
    truncated: bool,
}

/// One kept step of a [`Path`]: a [`Segment`] in fewer bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Field(&'static &'static str),
    Index(u32),
}

impl Path {
    const EMPTY: Path = Path {
        root: &"",
        steps: [Step::Index(0); MAX_DEPTH],
        len: 0,
        truncated: false,
    };

    /// The outermost type's name, `""` when the error never left a primitive.
    pub fn root(&self) -> &'static str {
        self.root
    }

    /// The segments from the outermost inwards. An index past `u32::MAX`
    /// reads as `u32::MAX`.
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        let kept = self.steps.get(..usize::from(self.len)).unwrap_or_default();
        kept.iter().rev().map(|step| match *step {
            Step::Field(name) => Segment::Field(name),
            Step::Index(index) => Segment::Index(index as usize),
        })
    }

    /// Whether the path has no type and no segment.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty() && self.len == 0
    }

    fn push(&mut self, step: Step) {
        match self.steps.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = step;
                self.len = self.len.saturating_add(1);
            }
            None => self.truncated = true,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.root)?;
        if self.truncated {
            f.write_str(if self.root.is_empty() { "…" } else { ".…" })?;
        }
        for (i, segment) in self.segments().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 && self.root.is_empty() && !self.truncated => {
                    f.write_str(name)?
                }
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl PartialEq<str> for Path {
    fn eq(&self, other: &str) -> bool {
        // Matches the Display output piece by piece, so that no String is built.
        struct Prefix<'s>(&'s str);
        impl fmt::Write for Prefix<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(piece).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Prefix(other);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for Path {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// A decode or encode failure: what, where in the input, and in which field.
///
/// One pointer wide: the details live on the heap, allocated only when
/// something fails, so that every `Result<T, Error>` on the success path
/// stays small enough to pass in registers.
#[cfg(feature = "alloc")]
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Details>);

/// A decode or encode failure: what, where in the input, and in which field.
///
/// Without the `alloc` feature the details are kept inline.
#[cfg(not(feature = "alloc"))]
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Details);

#[derive(Clone, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    offset: usize,
    path: Path,
}

impl Error {
    /// An error of `kind` at absolute `offset` (input offset on decode, output
    /// offset on encode), with an empty path.
    #[cold]
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        let details = Details {
            kind,
            offset,
            path: Path::EMPTY,
        };
        #[cfg(feature = "alloc")]
        let details = Box::new(details);
        Error(details)
    }

    fn details(&self) -> &Details {
        &self.0
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The absolute offset where it went wrong.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The field path, such as `Toy.child_structure.slice`.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// Adds the field `field` of type `ty` as the new outermost step.
    #[cold]
    #[inline(never)]
    pub fn at_field(mut self, ty: &'static &'static str, field: &'static &'static str) -> Self {
        self.0.path.push(Step::Field(field));
        self.0.path.root = ty;
        self
    }

    /// Adds element `index` of a repetition as the new outermost step.
    #[cold]
    #[inline(never)]
    pub fn at_index(mut self, index: usize) -> Self {
        self.0
            .path
            .push(Step::Index(u32::try_from(index).unwrap_or(u32::MAX)));
        self
    }

    /// Names the type whose own check failed (a container magic, trailing bytes).
    #[cold]
    #[inline(never)]
    pub fn in_type(mut self, ty: &'static &'static str) -> Self {
        self.0.path.root = ty;
        self
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Phrases that continue after "at offset N"; see `Error`'s Display.
        match *self {
            ErrorKind::Needed { needed, available } => {
                write!(f, "needed {needed} bytes, {available} left")
            }
            ErrorKind::BadMagic { expected, found } => write!(
                f,
                "expected magic {}, found {}",
                ByteStr(expected),
                ByteStr(found.as_bytes())
            ),
            ErrorKind::Invalid { check } => write!(f, "invalid value: `{check}` does not hold"),
            ErrorKind::TrailingBytes { count } => write!(f, "{count} trailing bytes"),
            ErrorKind::Utf8 { valid_up_to } => {
                write!(f, "invalid UTF-8 after {valid_up_to} valid bytes")
            }
            ErrorKind::BadText { encoding } => write!(f, "text not valid in {encoding}"),
            ErrorKind::BadProcess { process } => write!(f, "data that `{process}` refuses"),
            ErrorKind::UndecidedEndian => f.write_str("a byte order that no case decides"),
            ErrorKind::IndexOutOfRange { index, len } => {
                write!(f, "index {index} is outside a list of {len}")
            }
            ErrorKind::TooLarge { value, max } => {
                write!(f, "length {value} is too large; the maximum is {max}")
            }
            ErrorKind::NegativeLength { value } => write!(f, "length {value} is negative"),
            ErrorKind::LengthMismatch { expected, found } => write!(
                f,
                "length {found} does not match the declared length {expected}"
            ),
            ErrorKind::Presence { expected: true } => {
                f.write_str("value missing; its `when` condition holds")
            }
            ErrorKind::Presence { expected: false } => {
                f.write_str("value present; its `when` condition does not hold")
            }
            ErrorKind::NotDecodedYet { name } => {
                write!(f, "`{name}` is read before it is decoded")
            }
            ErrorKind::Absent { name } => write!(f, "`{name}` is read but absent"),
            ErrorKind::NotANumber { radix } => write!(f, "text that is no number in base {radix}"),
            ErrorKind::NoProgress => f.write_str("an element consumed no bytes"),
            ErrorKind::UnknownValue { value } => write!(f, "unknown value {value}"),
            ErrorKind::MissingArg { name } => {
                write!(
                    f,
                    "argument `{name}` was not given; pass it with `#[args({name} = ...)]`"
                )
            }
            ErrorKind::OutOfRange { position } => {
                write!(f, "position {position} lies outside the input")
            }
            ErrorKind::UnknownTag { found } => {
                write!(f, "unknown tag {}", ByteStr(found.as_bytes()))
            }
            ErrorKind::TagMismatchBytes { tag } => write!(
                f,
                "the variant does not match the tag {} its parent holds",
                ByteStr(tag.as_bytes())
            ),
            ErrorKind::TagMismatch { tag } => {
                write!(
                    f,
                    "the variant does not match the tag {tag} its parent holds"
                )
            }
            ErrorKind::NoTerminator { terminator } => {
                write!(
                    f,
                    "no terminator 0x{terminator:02x} before the end of the input"
                )
            }
            ErrorKind::TerminatorInValue { terminator } => {
                write!(f, "the value holds its terminator 0x{terminator:02x}")
            }
            ErrorKind::UntilMismatch { index } => write!(
                f,
                "the `until` condition holds at element {index}, not exactly at the last one"
            ),
            ErrorKind::RoundTrip { at } => {
                write!(f, "re-encoded bytes differ from the input at byte {at}")
            }
            ErrorKind::Overflow { expr } => {
                write!(f, "`{expr}` overflows or divides by zero")
            }
            ErrorKind::TooDeep { limit } => {
                write!(f, "nesting deeper than {limit} levels")
            }
            ErrorKind::Custom(message) => f.write_str(message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Details { kind, offset, path } = self.details();
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        match *kind {
            // Reads as "needed 16 bytes at offset 1, 3 left".
            ErrorKind::Needed { needed, available } => {
                write!(
                    f,
                    "needed {needed} bytes at offset {offset}, {available} left"
                )
            }
            kind => write!(f, "{kind} at offset {offset}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("path", &self.0.path)
            .field("offset", &self.0.offset)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(not(feature = "alloc"))]
    fn without_alloc_an_error_is_kept_inline_and_still_small() {
        // Kind, offset and a path of seven segments, with no heap.
        assert!(size_of::<Error>() <= 192, "{}", size_of::<Error>());
    }

    use super::*;

    #[test]
    #[cfg(feature = "alloc")]
    fn an_error_is_one_pointer_so_results_stay_small() {
        assert_eq!(size_of::<Error>(), size_of::<usize>());
        assert_eq!(size_of::<Result<(), Error>>(), size_of::<usize>());
        assert!(size_of::<Result<&[u8], Error>>() <= 3 * size_of::<usize>());
    }
}
