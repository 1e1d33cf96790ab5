//! What generated code calls. Not a public API: names here change without notice.

#[cfg(feature = "alloc")]
use alloc::vec::Vec as AllocVec;

pub use alloc::vec::Vec;
pub use core::convert::AsRef;
pub use core::marker::PhantomData;
pub use core::option::Option::{self, None, Some};
pub use core::result::Result::{self, Err, Ok};

pub use crate::codec::{Codec, DecodeMut, Endian, Length, Scalar};
pub use crate::context::{CodecIn, CodecWith, HasArgs, NoView, Node, TagType, TagValue, Tagged};
pub use crate::error::{Error, ErrorKind, Found, Number};
pub use crate::family::{Borrowed, Family};
pub use crate::list::{DebugElements, List};
use crate::reader::{needed, no_progress};
pub use crate::reader::{Reader, ReaderMut};

/// Adds the field `field` of `ty` to the path of a failed read or encode.
#[inline(always)]
pub fn at<T>(
    result: Result<T, Error>,
    ty: &'static &'static str,
    field: &'static &'static str,
) -> Result<T, Error> {
    match result {
        Ok(value) => Ok(value),
        Err(e) => Err(e.at_field(ty, field)),
    }
}

/// An error of a `?` in a field's expression: one that a helper made without
/// knowing where (it has no path yet) is placed at the field, at `offset`.
#[cold]
#[inline(never)]
pub fn placed(
    e: Error,
    offset: usize,
    ty: &'static &'static str,
    field: &'static &'static str,
) -> Error {
    if e.path().is_empty() {
        Error::new(e.kind(), offset).at_field(ty, field)
    } else {
        e
    }
}

/// [`placed`] in an expression per element of a repetition, whose field and
/// index the repetition adds.
#[cold]
#[inline(never)]
pub fn placed_in_element(e: Error, offset: usize) -> Error {
    if e.path().is_empty() {
        Error::new(e.kind(), offset)
    } else {
        e
    }
}

/// The value behind `parent.NAME`/`root.NAME`, or [`ErrorKind::NotDecodedYet`].
#[inline(always)]
pub fn ctx<'v, T>(value: Option<&'v T>, name: &'static str, offset: usize) -> Result<&'v T, Error> {
    match value {
        Some(value) => Ok(value),
        None => Err(Error::new(ErrorKind::NotDecodedYet { name }, offset)),
    }
}

/// A `size`/`count` value as `usize`, or [`ErrorKind::TooLarge`].
#[inline(always)]
pub fn len<L: Length>(n: L, offset: usize) -> Result<usize, Error> {
    match n.to_len() {
        Some(n) => Ok(n),
        None => Err(len_error(n, offset)),
    }
}

/// The error of a length that is no `usize`: negative, or too large.
#[cold]
#[inline(never)]
fn len_error<L: Length>(n: L, offset: usize) -> Error {
    let kind = match n.negative() {
        Some(value) => ErrorKind::NegativeLength { value },
        None => ErrorKind::TooLarge {
            value: n.to_u64(),
            max: usize::MAX as u64,
        },
    };
    Error::new(kind, offset)
}

/// [`len`] of a `size`/`count` expression whose arithmetic was checked:
/// `Err(Overflow)` becomes [`ErrorKind::Overflow`] naming the expression.
#[inline]
pub fn len_checked<L: Length>(
    n: Result<L, Overflow>,
    expr: &'static str,
    offset: usize,
) -> Result<usize, Error> {
    match n {
        Ok(n) => len(n, offset),
        Err(Overflow) => Err(overflow(expr, offset)),
    }
}

/// The value of an expression whose arithmetic was checked (`when`, `valid`,
/// `pos`, `tag_from`, `args`, `until`): `Err(Overflow)` becomes
/// [`ErrorKind::Overflow`] naming the expression.
#[inline]
pub fn checked<T>(
    value: Result<T, Overflow>,
    expr: &'static str,
    offset: usize,
) -> Result<T, Error> {
    match value {
        Ok(value) => Ok(value),
        Err(Overflow) => Err(overflow(expr, offset)),
    }
}

#[cold]
fn overflow(expr: &'static str, offset: usize) -> Error {
    Error::new(ErrorKind::Overflow { expr }, offset)
}

/// Arithmetic in a length expression overflowed (see [`Arith`]).
#[derive(Debug)]
pub struct Overflow;

/// The checked arithmetic that `size`/`count` expressions are rewritten to:
/// `a * b` becomes `Arith::mul(a, b)`, and `None` ends the expression with
/// [`Overflow`].
pub trait Arith: Sized {
    fn add(self, rhs: Self) -> Option<Self>;
    fn sub(self, rhs: Self) -> Option<Self>;
    fn mul(self, rhs: Self) -> Option<Self>;
    fn div(self, rhs: Self) -> Option<Self>;
    fn rem(self, rhs: Self) -> Option<Self>;
}

/// The checked shifts of integers: `a << b` becomes `Shift::shl(a, b)`.
pub trait Shift: Sized {
    /// The shift takes any integer, as `<<` does; one that does not fit a `u32` overflows.
    fn shl<S: TryInto<u32>>(self, rhs: S) -> Option<Self>;
    fn shr<S: TryInto<u32>>(self, rhs: S) -> Option<Self>;
}

macro_rules! arith {
    ($($ty:ty),*) => {$(
        impl Arith for $ty {
            #[inline] fn add(self, rhs: Self) -> Option<Self> { self.checked_add(rhs) }
            #[inline] fn sub(self, rhs: Self) -> Option<Self> { self.checked_sub(rhs) }
            #[inline] fn mul(self, rhs: Self) -> Option<Self> { self.checked_mul(rhs) }
            #[inline] fn div(self, rhs: Self) -> Option<Self> { self.checked_div(rhs) }
            #[inline] fn rem(self, rhs: Self) -> Option<Self> { self.checked_rem(rhs) }
        }
        impl Shift for $ty {
            #[inline]
            fn shl<S: TryInto<u32>>(self, rhs: S) -> Option<Self> {
                self.checked_shl(rhs.try_into().ok()?)
            }
            #[inline]
            fn shr<S: TryInto<u32>>(self, rhs: S) -> Option<Self> {
                self.checked_shr(rhs.try_into().ok()?)
            }
        }
    )*};
}

arith!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

// Floating point never overflows into a panic: its arithmetic is IEEE 754's.
macro_rules! arith_float {
    ($($ty:ty),*) => {$(
        impl Arith for $ty {
            #[inline] fn add(self, rhs: Self) -> Option<Self> { Some(self + rhs) }
            #[inline] fn sub(self, rhs: Self) -> Option<Self> { Some(self - rhs) }
            #[inline] fn mul(self, rhs: Self) -> Option<Self> { Some(self * rhs) }
            #[inline] fn div(self, rhs: Self) -> Option<Self> { Some(self / rhs) }
            #[inline] fn rem(self, rhs: Self) -> Option<Self> { Some(self % rhs) }
        }
    )*};
}

arith_float!(f32, f64);

/// A data length as the type of the field that stores it, or [`ErrorKind::TooLarge`].
#[inline(always)]
pub fn from_len<L: Length>(n: usize, offset: usize) -> Result<L, Error> {
    match L::from_len(n) {
        Some(n) => Ok(n),
        None => Err(Error::new(
            ErrorKind::TooLarge {
                value: n as u64,
                max: L::MAX,
            },
            offset,
        )),
    }
}

/// [`ErrorKind::LengthMismatch`] unless a field's length is the declared one.
#[inline(always)]
pub fn check_len(found: usize, expected: usize, offset: usize) -> Result<(), Error> {
    if found == expected {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::LengthMismatch {
                expected: expected as u64,
                found: found as u64,
            },
            offset,
        ))
    }
}

/// An element of a repeated bit field (`#[bits(N)] Vec<T>`): an unsigned
/// integer of at least N bits, or `bool` for one.
pub trait BitElement: Copy {
    fn from_bits(bits: u64) -> Self;
    fn to_bits(self) -> u64;
}

macro_rules! bit_element {
    ($($ty:ty),*) => {$(
        impl BitElement for $ty {
            // The derive checks that N bits fit the type.
            #[inline(always)]
            #[allow(clippy::cast_possible_truncation)]
            fn from_bits(bits: u64) -> Self { bits as $ty }
            #[inline(always)]
            fn to_bits(self) -> u64 { u64::from(self) }
        }
    )*};
}

bit_element!(u8, u16, u32, u64);

impl BitElement for bool {
    #[inline(always)]
    fn from_bits(bits: u64) -> Self {
        bits != 0
    }
    #[inline(always)]
    fn to_bits(self) -> u64 {
        u64::from(self)
    }
}

/// A repeated bit field (Kaitai's `b4` with `repeat`): `count` elements of
/// `n` bits each from the next byte on, or (`None`) elements to the end of
/// the window, which must end on an element (else `Needed`, as Kaitai's
/// end of stream); the last byte's unused bits are padding.
pub fn read_bit_array<T: BitElement>(
    r: &mut Reader<'_>,
    n: u32,
    count: Option<usize>,
    lsb: bool,
) -> Result<AllocVec<T>, Error> {
    let width = n as usize;
    let (bytes, count) = match count {
        Some(count) => {
            let bits = count.checked_mul(width).ok_or_else(|| {
                Error::new(
                    ErrorKind::TooLarge {
                        value: count as u64,
                        max: usize::MAX.checked_div(width).unwrap_or(usize::MAX) as u64,
                    },
                    r.position(),
                )
            })?;
            (r.take(bits.div_ceil(8))?, count)
        }
        None => {
            let rest = r.rest();
            let bits = rest.len().saturating_mul(8);
            if bits.checked_rem(width) != Some(0) {
                return Err(needed(1, 0, r.position()));
            }
            (rest, bits.checked_div(width).unwrap_or_default())
        }
    };
    let mut bits = BitReader::new(bytes);
    let mut items = AllocVec::with_capacity(count);
    for _ in 0..count {
        let value = if lsb { bits.read_lsb(n) } else { bits.read(n) };
        items.push(T::from_bits(value));
    }
    Ok(items)
}

/// Writes a repeated bit field, the last byte padded with zero bits;
/// [`ErrorKind::TooLarge`] for an element that needs more than `n` bits.
pub fn write_bit_array<T: BitElement>(
    out: &mut Vec<u8>,
    items: &[T],
    n: u32,
    lsb: bool,
) -> Result<(), Error> {
    let mut w = BitWriter::default();
    for item in items {
        if lsb {
            w.write_lsb(out, item.to_bits(), n)?;
        } else {
            w.write(out, item.to_bits(), n)?;
        }
    }
    if lsb {
        w.finish_lsb(out);
    } else {
        w.finish(out);
    }
    Ok(())
}

/// A struct's byte order chosen at run time (`#[zerowire(endian = EXPR)]`):
/// an [`Endian`], or an `Option<Endian>` that is `None` where no case decides.
pub trait ChosenEndian {
    /// The order, or [`ErrorKind::UndecidedEndian`] at `offset`.
    fn chosen(self, offset: usize) -> Result<Endian, Error>;
}

impl ChosenEndian for Endian {
    #[inline(always)]
    fn chosen(self, _: usize) -> Result<Endian, Error> {
        Ok(self)
    }
}

impl ChosenEndian for Option<Endian> {
    #[inline]
    fn chosen(self, offset: usize) -> Result<Endian, Error> {
        self.ok_or_else(|| Error::new(ErrorKind::UndecidedEndian, offset))
    }
}

/// Reads `expected.len()` bytes and compares; [`ErrorKind::BadMagic`] with what was found.
#[inline]
pub fn magic(r: &mut Reader<'_>, expected: &'static [u8]) -> Result<(), Error> {
    let offset = r.position();
    let found = r.take(expected.len())?;
    if found == expected {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::BadMagic {
                expected,
                found: Found::new(found),
            },
            offset,
        ))
    }
}

/// Checks UTF-8; [`ErrorKind::Utf8`] at the start of the text.
#[inline]
pub fn utf8(bytes: &[u8], offset: usize) -> Result<&str, Error> {
    match core::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => Err(Error::new(
            ErrorKind::Utf8 {
                valid_up_to: e.valid_up_to(),
            },
            offset,
        )),
    }
}

/// [`ErrorKind::Invalid`] naming `check` unless `holds`.
#[inline(always)]
pub fn valid(holds: bool, check: &'static str, offset: usize) -> Result<(), Error> {
    if holds {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Invalid { check }, offset))
    }
}

/// [`ErrorKind::Presence`] unless an `Option` is present exactly when its `when` holds.
#[inline(always)]
pub fn presence(holds: bool, present: bool, offset: usize) -> Result<(), Error> {
    if holds == present {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Presence { expected: holds }, offset))
    }
}

/// Appends `n` zero bytes (the encoding of `pad`).
#[inline]
pub fn zeros(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len().saturating_add(n), 0);
}

/// Ends a `size` window on encode: pads to `size` bytes after `start`, or
/// [`ErrorKind::LengthMismatch`] when more were written.
#[inline]
pub fn close_window(out: &mut Vec<u8>, start: usize, size: usize) -> Result<(), Error> {
    let written = out.len().saturating_sub(start);
    if written > size {
        return check_len(written, size, start);
    }
    zeros(out, size.saturating_sub(written));
    Ok(())
}

/// Reads `count` elements with `read` (given the index and the elements read
/// before it); the allocation is bounded by the input left.
///
/// Elements that take no bytes (an empty string before a terminator left
/// unconsumed) are read as long as `count` is at most the number of bytes left:
/// past that, a count the input cannot justify ends with
/// [`ErrorKind::NoProgress`] at the first such element.
#[cfg(feature = "alloc")]
#[inline]
pub fn read_vec<'a, T>(
    r: &mut Reader<'a>,
    count: usize,
    mut read: impl FnMut(&mut Reader<'a>, usize, &[T]) -> Result<T, Error>,
) -> Result<AllocVec<T>, Error> {
    // A hostile count must not reserve memory the input cannot fill.
    let mut items = AllocVec::with_capacity(count.min(r.remaining()));
    let plausible = count <= r.remaining().max(1);
    r.descend(|r| {
        for index in 0..count {
            let before = r.remaining();
            let item = read(r, index, &items).map_err(|e| e.at_index(index))?;
            items.push(item);
            // Unlike a lazy `List`, a `Vec` would hold `count` elements: a hostile
            // count of elements that take no bytes must not loop or allocate.
            if r.remaining() == before && !plausible {
                return Err(no_progress(index, r.position()));
            }
        }
        Ok(())
    })?;
    Ok(items)
}

/// Reads elements with `read` until `r` is empty; [`ErrorKind::NoProgress`] when
/// one takes no bytes.
#[cfg(feature = "alloc")]
#[inline]
pub fn read_vec_all<'a, T>(
    r: &mut Reader<'a>,
    mut read: impl FnMut(&mut Reader<'a>, usize, &[T]) -> Result<T, Error>,
) -> Result<AllocVec<T>, Error> {
    let mut items = AllocVec::new();
    r.descend(|r| {
        while !r.is_empty() {
            let before = r.remaining();
            let index = items.len();
            let item = read(r, index, &items).map_err(|e| e.at_index(index))?;
            items.push(item);
            if r.remaining() == before {
                return Err(no_progress(index, r.position()));
            }
        }
        Ok(())
    })?;
    Ok(items)
}

/// The element type of a `Vec` field, for the slice of the elements read
/// before one (`#[args(..)]` reading the field's own name).
pub trait Element {
    /// The element type.
    type Item;
}

#[cfg(feature = "alloc")]
impl<T> Element for AllocVec<T> {
    type Item = T;
}

/// Encodes each element with `encode` (given its index and the elements before
/// it), naming the failing index.
#[inline]
pub fn encode_each<T>(
    items: &[T],
    mut encode: impl FnMut(&T, usize, &[T]) -> Result<(), Error>,
) -> Result<(), Error> {
    for (index, item) in items.iter().enumerate() {
        let before = items.get(..index).unwrap_or_default();
        encode(item, index, before).map_err(|e| e.at_index(index))?;
    }
    Ok(())
}

/// Reads bytes with `read` and checks them as UTF-8 text; [`ErrorKind::Utf8`]
/// at the start of the text.
#[inline]
pub fn text<'a>(
    r: &mut Reader<'a>,
    read: impl FnOnce(&mut Reader<'a>) -> Result<&'a [u8], Error>,
) -> Result<&'a str, Error> {
    let offset = r.position();
    utf8(read(r)?, offset)
}

/// Text in `encoding` from the bytes read at `offset`: an owned `String`;
/// [`ErrorKind::BadText`] when they are not valid in it.
#[cfg(feature = "alloc")]
#[inline]
pub fn decode_text(
    bytes: Result<&[u8], Error>,
    encoding: TextEncoding,
    offset: usize,
) -> Result<alloc::string::String, Error> {
    encoding
        .decode(bytes?)
        .ok_or_else(|| bad_text(encoding, offset))
}

/// `text` in `encoding`, to write at `offset`; [`ErrorKind::BadText`] when it
/// holds a character the encoding has not.
#[cfg(feature = "alloc")]
#[inline]
pub fn encode_text(
    text: &str,
    encoding: TextEncoding,
    offset: usize,
) -> Result<AllocVec<u8>, Error> {
    encoding
        .encode(text)
        .ok_or_else(|| bad_text(encoding, offset))
}

#[cfg(feature = "alloc")]
pub use crate::TextEncoding;

#[cfg(feature = "alloc")]
#[cold]
fn bad_text(encoding: TextEncoding, offset: usize) -> Error {
    Error::new(
        ErrorKind::BadText {
            encoding: encoding.name(),
        },
        offset,
    )
}

/// Reads a fixed-size field of `n` bytes, strips `pad` and cuts at the terminator.
#[inline]
pub fn take_fixed<'a>(
    r: &mut Reader<'a>,
    n: usize,
    pad: Option<u8>,
    t: Option<Terminator>,
) -> Result<&'a [u8], Error> {
    r.take(n).map(|bytes| fixed(bytes, pad, t))
}

/// A window over the rest of `r` (for `eos` on a nested struct); `r` ends up empty.
#[inline]
pub fn rest_window<'a>(r: &mut Reader<'a>) -> Reader<'a> {
    let n = r.remaining();
    // Taking exactly what is left cannot fail; the fallback keeps this panic-free.
    r.sub(n)
        .unwrap_or_else(|_| Reader::with_offset(&[], r.position()))
}

/// Reads `N` bytes into an array (a `[u8; N]` field).
#[inline]
pub fn array<const N: usize>(r: &mut Reader<'_>) -> Result<[u8; N], Error> {
    r.take_array::<N>().copied()
}

/// Borrows `N` bytes as an array (a `&'a [u8; N]` field).
#[inline]
pub fn array_ref<'a, const N: usize>(r: &mut Reader<'a>) -> Result<&'a [u8; N], Error> {
    r.take_array::<N>()
}

/// Appends an array field's bytes.
#[inline]
pub fn write_bytes(out: &mut Vec<u8>, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
    out.extend_from_slice(bytes.as_ref());
    Ok(())
}

/// How a terminated field ends (Kaitai's `terminator`, `include`, `consume`, `eos-error`).
#[derive(Clone, Copy)]
pub struct Terminator {
    pub byte: u8,
    /// The terminator is part of the value.
    pub include: bool,
    /// The terminator is consumed (else the next field starts with it).
    pub consume: bool,
    /// Reaching the end without the terminator is an error (else the value is the rest).
    pub eos_error: bool,
    /// The terminator is this many `byte`s on a boundary of as many bytes
    /// from the value's start: one code unit of its text (2 for UTF-16).
    pub unit: usize,
}

impl Terminator {
    /// Where the terminator starts in `bytes`.
    fn find(self, bytes: &[u8]) -> Option<usize> {
        if self.unit <= 1 {
            return bytes.iter().position(|&b| b == self.byte);
        }
        bytes
            .chunks_exact(self.unit)
            .position(|c| c.iter().all(|&b| b == self.byte))
            .map(|i| i.saturating_mul(self.unit))
    }

    /// The terminator's length, in the value when `include`d.
    fn len(self) -> usize {
        self.unit.max(1)
    }
}

/// Reads up to the terminator; [`ErrorKind::NoTerminator`] when it is missing and required.
#[inline]
pub fn read_terminated<'a>(r: &mut Reader<'a>, t: Terminator) -> Result<&'a [u8], Error> {
    let rest = r.peek_rest();
    let Some(at) = t.find(rest) else {
        if t.eos_error {
            return Err(Error::new(
                ErrorKind::NoTerminator { terminator: t.byte },
                r.position(),
            ));
        }
        return Ok(r.rest());
    };
    let value = r.take(at.saturating_add(if t.include { t.len() } else { 0 }))?;
    if t.consume && !t.include {
        r.skip(t.len())?;
    }
    Ok(value)
}

/// A fixed-size field's bytes with trailing `pad` bytes removed (Kaitai's `pad-right`).
#[inline]
pub fn strip_right(bytes: &[u8], pad: u8) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|&b| b != pad)
        .map_or(0, |i| i.saturating_add(1));
    bytes.get(..end).unwrap_or_default()
}

/// A fixed-size field's bytes as Kaitai reads them: cut at the terminator
/// (which a fixed-size field need not contain), or, where there is none,
/// stripped of the trailing `pad` bytes. So a terminator that is also the pad
/// byte, or a pad byte kept by `include`, is found first.
#[inline]
pub fn fixed(bytes: &[u8], pad: Option<u8>, t: Option<Terminator>) -> &[u8] {
    if let Some(t) = t {
        if let Some(at) = t.find(bytes) {
            return bytes
                .get(..at.saturating_add(if t.include { t.len() } else { 0 }))
                .unwrap_or(bytes);
        }
    }
    match pad {
        Some(pad) => strip_right(bytes, pad),
        None => bytes,
    }
}

/// Writes a terminated value: the value, then its terminator unless the value
/// ends with it (`include`) or the next field holds it (`consume = false`). With `eos_error: false` a value that
/// ended at the end of its input is written with its terminator too (the
/// canonical form). [`ErrorKind::TerminatorInValue`] when
/// the value holds the terminator before its end.
#[inline]
pub fn write_terminated(out: &mut Vec<u8>, value: &[u8], t: Terminator) -> Result<(), Error> {
    let start = out.len();
    out.extend_from_slice(value);
    close_terminated(out, start, t)
}

/// Ends a terminated value already written from `start` (a nested struct,
/// encoded in place): its terminator, as [`write_terminated`] writes it.
#[inline]
pub fn close_terminated(out: &mut Vec<u8>, start: usize, t: Terminator) -> Result<(), Error> {
    let value = out.get(start..).unwrap_or_default();
    // Where a terminator that ends the value (on a unit boundary) starts.
    let tail = value.len().checked_sub(t.len()).filter(|&at| {
        at.checked_rem(t.len()) == Some(0)
            && value
                .get(at..)
                .is_some_and(|u| u.iter().all(|&b| b == t.byte))
    });
    let (body, ends) = match (t.include, tail) {
        (true, Some(at)) => (value.get(..at).unwrap_or_default(), true),
        _ => (value, false),
    };
    if t.find(body).is_some() {
        out.truncate(start);
        return Err(Error::new(
            ErrorKind::TerminatorInValue { terminator: t.byte },
            start,
        ));
    }
    // An included terminator the value lacks (a struct that skipped it, text
    // that ended at the end of its input) is written too.
    if t.include && !ends || !t.include && t.consume {
        out.resize(out.len().saturating_add(t.len()), t.byte);
    }
    Ok(())
}

/// Writes a fixed-size field of `size` bytes: the value, its terminator if any
/// and room is left, then `pad` (or zeros); [`ErrorKind::LengthMismatch`] when
/// the value is longer than `size`.
#[inline]
pub fn write_fixed(
    out: &mut Vec<u8>,
    value: &[u8],
    size: usize,
    pad: Option<u8>,
    t: Option<Terminator>,
) -> Result<(), Error> {
    let start = out.len();
    out.extend_from_slice(value);
    close_fixed(out, start, size, pad, t)
}

/// Ends a fixed-size value already written from `start` (a nested struct,
/// encoded in place), as [`write_fixed`] writes it.
#[inline]
pub fn close_fixed(
    out: &mut Vec<u8>,
    start: usize,
    size: usize,
    pad: Option<u8>,
    t: Option<Terminator>,
) -> Result<(), Error> {
    match t {
        Some(t) if out.len().saturating_sub(start) < size => close_terminated(out, start, t)?,
        _ => {}
    }
    let written = out.len().saturating_sub(start);
    if written > size {
        out.truncate(start);
        return check_len(written, size, start);
    }
    out.resize(start.saturating_add(size), pad.unwrap_or(0));
    Ok(())
}

/// A window over `bytes`, just read from `r`, in which `read` decodes a value;
/// unless `skip_rest`, the value must take every byte (Kaitai's substream of
/// a terminated, padded or per-element-sized user type). The window is in
/// `r`'s input, where its positioned values read.
#[inline]
pub fn in_window<'a, T>(
    bytes: Result<&'a [u8], Error>,
    r: &Reader<'a>,
    skip_rest: bool,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut w = r.window_over(bytes?);
    let value = read(&mut w)?;
    if !skip_rest {
        w.finish()?;
    }
    Ok(value)
}

/// Reads elements with `read` until `done` holds for one (inclusive); `done`
/// sees the reader after the element too (`io` in `until`).
#[cfg(feature = "alloc")]
#[inline]
pub fn read_vec_until<'a, T>(
    r: &mut Reader<'a>,
    mut read: impl FnMut(&mut Reader<'a>, usize, &[T]) -> Result<T, Error>,
    mut done: impl FnMut(&T, &Reader<'a>) -> Result<bool, Error>,
) -> Result<AllocVec<T>, Error> {
    let mut items = AllocVec::new();
    r.descend(|r| loop {
        let index = items.len();
        let before = r.remaining();
        let item = read(r, index, &items).map_err(|e| e.at_index(index))?;
        let stop = done(&item, r).map_err(|e| e.at_index(index))?;
        items.push(item);
        if stop {
            return Ok(());
        }
        if r.remaining() == before {
            return Err(no_progress(index, r.position()));
        }
    })?;
    Ok(items)
}

/// [`ErrorKind::UntilMismatch`] unless `done` holds at exactly the last item.
#[inline]
pub fn check_until<'i, T: 'i>(
    items: impl IntoIterator<Item = T>,
    mut done: impl FnMut(&T) -> Result<bool, Error>,
    offset: usize,
) -> Result<(), Error> {
    let mut items = items.into_iter().enumerate().peekable();
    while let Some((index, item)) = items.next() {
        let last = items.peek().is_none();
        if done(&item)? != last {
            return Err(Error::new(ErrorKind::UntilMismatch { index }, offset));
        }
    }
    Ok(())
}

/// [`ErrorKind::UnknownValue`] for a value no variant names.
#[cold]
pub fn unknown_value(value: impl Into<Number>, offset: usize) -> Error {
    Error::new(
        ErrorKind::UnknownValue {
            value: value.into(),
        },
        offset,
    )
}

/// [`ErrorKind::TagMismatch`] for a variant that a parent's tag does not name.
#[cold]
pub fn tag_mismatch(tag: impl Into<Number>, offset: usize) -> Error {
    Error::new(ErrorKind::TagMismatch { tag: tag.into() }, offset)
}

/// Writes `bytes`, which must be `size` long; [`ErrorKind::LengthMismatch`] else.
#[inline]
pub fn write_sized(out: &mut Vec<u8>, bytes: &[u8], size: usize) -> Result<(), Error> {
    check_len(bytes.len(), size, out.len())?;
    out.extend_from_slice(bytes);
    Ok(())
}

/// The key of `#[process(xor(KEY))]`: one byte, or bytes cycled through.
pub trait XorKey {
    /// The key's bytes.
    fn key_bytes(&self) -> &[u8];
}

impl XorKey for u8 {
    fn key_bytes(&self) -> &[u8] {
        core::slice::from_ref(self)
    }
}

impl XorKey for [u8] {
    fn key_bytes(&self) -> &[u8] {
        self
    }
}

impl<const N: usize> XorKey for [u8; N] {
    fn key_bytes(&self) -> &[u8] {
        self
    }
}

impl XorKey for AllocVec<u8> {
    fn key_bytes(&self) -> &[u8] {
        self
    }
}

impl<T: XorKey + ?Sized> XorKey for &T {
    fn key_bytes(&self) -> &[u8] {
        (**self).key_bytes()
    }
}

/// A C-like enum in a bit field (`#[bits(N)]`): the enum's derive implements it.
pub trait FromBits: Sized {
    /// The variant of the value `bits`, read at `at`; [`ErrorKind::UnknownValue`]
    /// when no variant names it (and the enum keeps no `other`).
    fn from_bits(bits: u64, at: usize) -> Result<Self, Error>;
    /// The value the variant is written as.
    fn to_bits(&self) -> u64;
    /// The variant of `n`, read at `at` as another integer than the enum's
    /// (`#[int(u16)]`); [`ErrorKind::UnknownValue`] when no variant names it.
    fn from_number(n: Number, at: usize) -> Result<Self, Error>;
}

/// A C-like enum read as the integer `I` (`#[int(u16)]`): one enum that
/// attributes of several widths read (Kaitai's `enum:` on a `u2` and a `u4`).
#[inline]
pub fn read_int_enum<'a, I: Scalar<'a> + Into<Number>, E: FromBits>(
    r: &mut Reader<'a>,
    endian: Endian,
) -> Result<E, Error> {
    let at = r.position();
    E::from_number(I::read_endian(r, endian)?.into(), at)
}

/// Writes a C-like enum as the integer `I`; [`ErrorKind::Overflow`] when its
/// value does not fit `I`.
#[cfg(feature = "alloc")]
#[inline]
pub fn encode_int_enum<'a, I, E>(
    value: &E,
    out: &mut AllocVec<u8>,
    endian: Endian,
) -> Result<(), Error>
where
    I: Scalar<'a> + TryFrom<u64> + TryFrom<i64>,
    E: Copy + Into<Number>,
{
    let n: Number = (*value).into();
    let fitted = match n {
        Number::Unsigned(u) => I::try_from(u).ok(),
        Number::Signed(i) => I::try_from(i).ok(),
    };
    match fitted {
        Some(v) => v.encode_endian(out, endian),
        None => Err(Error::new(
            ErrorKind::Overflow {
                expr: "the enum's value, written as the `int` type",
            },
            out.len(),
        )),
    }
}

/// A transformation of raw bytes (Kaitai's `process`).
#[derive(Clone, Copy)]
pub enum Process<'k> {
    /// Each byte XORed with the key, cycling through it.
    Xor(&'k [u8]),
    /// Each byte rotated left by this many bits.
    Rol(u32),
    /// Each byte rotated right by this many bits.
    Ror(u32),
    /// zlib-compressed data (RFC 1950), inflated on decode and deflated on
    /// encode, by `miniz_oxide`; the `zlib` feature.
    #[cfg(feature = "zlib")]
    Zlib,
    /// A transformation the format defines (`#[process(custom(EXPR))]`).
    Custom(&'k dyn crate::Transform),
}

impl Process<'_> {
    /// What decoding (or, `inverse`, encoding) makes of `bytes`; `None` for
    /// data that does not decompress.
    fn apply(self, bytes: &[u8], inverse: bool) -> Option<AllocVec<u8>> {
        Some(match self {
            // Deflate expands at most 1032 times, so this bounds the memory a
            // hostile input can ask for by its own size, and refuses nothing valid.
            #[cfg(feature = "zlib")]
            Process::Zlib if !inverse => miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
                bytes,
                bytes.len().saturating_mul(1032).saturating_add(64),
            )
            .ok()?,
            #[cfg(feature = "zlib")]
            Process::Zlib => miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6),
            Process::Custom(t) if inverse => t.encode(bytes),
            Process::Custom(t) => t.decode(bytes)?,
            Process::Xor([]) => bytes.to_vec(),
            Process::Xor(key) => bytes
                .iter()
                .zip(key.iter().cycle())
                .map(|(b, k)| b ^ k)
                .collect(),
            Process::Rol(n) | Process::Ror(n) => {
                let left = matches!(self, Process::Rol(_)) != inverse;
                bytes
                    .iter()
                    .map(|b| {
                        if left {
                            b.rotate_left(n)
                        } else {
                            b.rotate_right(n)
                        }
                    })
                    .collect()
            }
        })
    }

    /// The name errors give.
    fn name(self) -> &'static str {
        match self {
            Process::Xor(_) => "xor",
            Process::Rol(_) => "rol",
            Process::Ror(_) => "ror",
            #[cfg(feature = "zlib")]
            Process::Zlib => "zlib",
            Process::Custom(_) => "custom",
        }
    }
}

/// A field that holds processed bytes: the owned buffer itself (`Vec<u8>`), or
/// an [`Owned`](crate::Owned) bundle of a value decoded from it (Kaitai's
/// `process` on a user type: the value borrows the new buffer, not the input).
pub trait Processed: Sized {
    /// The field from the processed bytes; with `skip_rest`, a value that
    /// leaves bytes keeps only those it took (Kaitai's substream).
    fn from_processed(bytes: AllocVec<u8>, skip_rest: bool) -> Result<Self, Error>;
    /// The processed bytes it holds, to transform back on encode.
    fn processed(&self) -> &[u8];
}

impl Processed for AllocVec<u8> {
    #[inline]
    fn from_processed(bytes: AllocVec<u8>, _: bool) -> Result<Self, Error> {
        Ok(bytes)
    }

    #[inline]
    fn processed(&self) -> &[u8] {
        self
    }
}

impl<F: Family> Processed for crate::Owned<F> {
    #[inline]
    fn from_processed(mut bytes: AllocVec<u8>, skip_rest: bool) -> Result<Self, Error> {
        if skip_rest {
            let left = F::Of::decode_prefix(&bytes)?.1.len();
            bytes.truncate(bytes.len().saturating_sub(left));
        }
        crate::Owned::decode(bytes)
    }

    #[inline]
    fn processed(&self) -> &[u8] {
        self.bytes()
    }
}

/// The decoded form of processed bytes: a new, owned buffer, or the value
/// decoded from it.
#[inline]
pub fn process<T: Processed>(
    bytes: Result<&[u8], Error>,
    p: Process<'_>,
    skip_rest: bool,
    offset: usize,
) -> Result<T, Error> {
    match p.apply(bytes?, false) {
        Some(bytes) => T::from_processed(bytes, skip_rest),
        None => Err(Error::new(
            ErrorKind::BadProcess { process: p.name() },
            offset,
        )),
    }
}

/// The encoded form of processed bytes: the inverse transformation.
#[inline]
pub fn unprocess<T: Processed>(value: &T, p: Process<'_>) -> AllocVec<u8> {
    // Every transformation but decompression always succeeds.
    p.apply(value.processed(), true).unwrap_or_default()
}

/// Reads bit fields from a byte-aligned group, most significant bit first
/// ([`BitReader::read`]) or least significant first ([`BitReader::read_lsb`],
/// Kaitai's `bit-endian: le`: a field's low bits come first, from the low bits
/// of each byte). The derive calls one or the other for a whole struct.
pub struct BitReader<'a> {
    bytes: &'a [u8],
    bit: usize,
}

impl<'a> BitReader<'a> {
    /// Over a group's bytes, which the caller took whole (one bounds check).
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        BitReader { bytes, bit: 0 }
    }

    /// The byte holding the next bit and that bit's place in it (0..8, from
    /// the most significant end for `read`, the least for `read_lsb`).
    #[inline]
    fn next(&mut self) -> (u8, u32) {
        let byte = self.bytes.get(self.bit / 8).copied().unwrap_or(0);
        let at = (self.bit & 7) as u32;
        self.bit = self.bit.wrapping_add(1);
        (byte, at)
    }

    /// The next `n` bits (at most 64), most significant bit first.
    #[inline]
    pub fn read(&mut self, n: u32) -> u64 {
        let mut value = 0u64;
        for _ in 0..n {
            let (byte, at) = self.next();
            // Shift the wanted bit to the top, then down to the bottom.
            let bit = byte.wrapping_shl(at).wrapping_shr(7);
            value = value.wrapping_shl(1) | u64::from(bit);
        }
        value
    }

    /// The next `n` bits (at most 64), least significant bit first.
    #[inline]
    pub fn read_lsb(&mut self, n: u32) -> u64 {
        let mut value = 0u64;
        for i in 0..n {
            let (byte, at) = self.next();
            value |= u64::from(byte.wrapping_shr(at) & 1).wrapping_shl(i);
        }
        value
    }
}

/// The error of a group of bit fields whose bytes run out (`available` bytes
/// left at `offset`): at the first field that needs a missing bit, given each
/// field's name and the bit it ends at, as Kaitai's stream, which reads the
/// fields one by one, reports it.
#[cold]
#[inline(never)]
pub fn short_bit_group(
    available: usize,
    offset: usize,
    ty: &'static &'static str,
    fields: &'static [(&'static str, u32)],
) -> Error {
    let bits = available.saturating_mul(8);
    let mut start = 0usize;
    for (name, end) in fields {
        let end = *end as usize;
        if end > bits {
            // Where the stream is, once the bytes of the fields before are taken.
            let skipped = start.div_ceil(8);
            let needed = end.div_ceil(8).saturating_sub(skipped);
            let available = available.saturating_sub(skipped);
            return Error::new(
                ErrorKind::Needed { needed, available },
                offset.saturating_add(skipped),
            )
            .at_field(ty, name);
        }
        start = end;
    }
    Error::new(
        ErrorKind::Needed {
            needed: 1,
            available,
        },
        offset,
    )
}

/// Reads the bit fields of a group whose length is known only while decoding
/// (some of them `#[when]`), as Kaitai's stream reads bits: each field takes
/// from the reader only the bytes it needs beyond the bits left of the last
/// byte taken, so `io.pos` between them is Kaitai's. A group starts with no
/// bit left: the rest of the last byte of the group before is skipped.
#[derive(Clone, Copy, Default)]
pub struct BitStream {
    byte: u8,
    left: u32,
}

impl BitStream {
    /// The bytes that `n` more bits need, taken at once (one bounds check).
    #[inline]
    fn take<'a>(&self, r: &mut Reader<'a>, n: u32) -> Result<&'a [u8], Error> {
        r.take(n.saturating_sub(self.left).div_ceil(8) as usize)
    }

    /// The next bit's byte, from `bytes` once the last one is spent.
    #[inline]
    fn refill(&mut self, bytes: &mut core::slice::Iter<'_, u8>) {
        if self.left == 0 {
            self.byte = bytes.next().copied().unwrap_or(0);
            self.left = 8;
        }
    }

    /// The next `n` bits (at most 64), most significant bit first.
    #[inline]
    pub fn read(&mut self, r: &mut Reader<'_>, n: u32) -> Result<u64, Error> {
        let mut bytes = self.take(r, n)?.iter();
        let mut value = 0u64;
        for _ in 0..n {
            self.refill(&mut bytes);
            self.left = self.left.wrapping_sub(1);
            let bit = self.byte.wrapping_shr(self.left) & 1;
            value = value.wrapping_shl(1) | u64::from(bit);
        }
        Ok(value)
    }

    /// The next `n` bits (at most 64), least significant bit first.
    #[inline]
    pub fn read_lsb(&mut self, r: &mut Reader<'_>, n: u32) -> Result<u64, Error> {
        let mut bytes = self.take(r, n)?.iter();
        let mut value = 0u64;
        for i in 0..n {
            self.refill(&mut bytes);
            let bit = self.byte.wrapping_shr(8u32.wrapping_sub(self.left)) & 1;
            self.left = self.left.wrapping_sub(1);
            value |= u64::from(bit).wrapping_shl(i);
        }
        Ok(value)
    }

    /// The reader as `io` in an expression of the group: not at its end while
    /// bits of the last byte taken are left (Kaitai's `_io.eof`).
    #[inline]
    pub fn io<'r, 'a>(&self, reader: &'r Reader<'a>) -> BitIo<'r, 'a> {
        BitIo {
            reader,
            bits_left: self.left > 0,
        }
    }
}

/// A reader inside a [`BitStream`]'s group, as its expressions see it: the
/// reader's position, size and input, and its end only when no bit is left.
pub struct BitIo<'r, 'a> {
    reader: &'r Reader<'a>,
    bits_left: bool,
}

impl BitIo<'_, '_> {
    /// Whether no byte and no bit is left (Kaitai's `_io.eof` in bit mode).
    #[inline]
    pub fn is_empty(&self) -> bool {
        !self.bits_left && self.reader.is_empty()
    }
}

impl<'a> core::ops::Deref for BitIo<'_, 'a> {
    type Target = Reader<'a>;

    #[inline]
    fn deref(&self) -> &Reader<'a> {
        self.reader
    }
}

/// Writes bit fields in the order a [`BitReader`] reads them ([`BitWriter::write`]
/// and [`BitWriter::finish`], or the `_lsb` pair), padding the group's last byte
/// with zeros.
#[derive(Default)]
pub struct BitWriter {
    byte: u8,
    bits: u8,
}

impl BitWriter {
    /// Appends the low `n` bits of `value`, most significant first;
    /// [`ErrorKind::TooLarge`] when it needs more.
    #[inline]
    pub fn write(&mut self, out: &mut Vec<u8>, value: u64, n: u32) -> Result<(), Error> {
        fits_bits(value, n, out.len())?;
        for i in (0..n).rev() {
            let bit = u8::from(i < 64 && (value >> i) & 1 == 1);
            self.push(out, (self.byte << 1) | bit);
        }
        Ok(())
    }

    /// Appends the low `n` bits of `value`, least significant first.
    #[inline]
    pub fn write_lsb(&mut self, out: &mut Vec<u8>, value: u64, n: u32) -> Result<(), Error> {
        fits_bits(value, n, out.len())?;
        for i in 0..n {
            let bit = u8::from(i < 64 && (value >> i) & 1 == 1);
            self.push(out, self.byte | bit << self.bits);
        }
        Ok(())
    }

    /// Takes `byte` as the group's current byte, one bit longer, and flushes
    /// it once it holds eight.
    #[inline]
    fn push(&mut self, out: &mut Vec<u8>, byte: u8) {
        self.byte = byte;
        self.bits = self.bits.wrapping_add(1);
        if self.bits == 8 {
            out.push(self.byte);
            *self = BitWriter::default();
        }
    }

    /// Ends a most-significant-first group at the next byte boundary.
    #[inline]
    pub fn finish(self, out: &mut Vec<u8>) {
        if self.bits > 0 {
            out.push(
                self.byte
                    .wrapping_shl(8u32.saturating_sub(u32::from(self.bits))),
            );
        }
    }

    /// Ends a least-significant-first group at the next byte boundary.
    #[inline]
    pub fn finish_lsb(self, out: &mut Vec<u8>) {
        if self.bits > 0 {
            out.push(self.byte);
        }
    }
}

/// [`ErrorKind::TooLarge`] when `value` needs more than `n` bits.
fn fits_bits(value: u64, n: u32, offset: usize) -> Result<(), Error> {
    let max = 1u64
        .checked_shl(n)
        .map_or(u64::MAX, |top| top.wrapping_sub(1));
    if value > max {
        return Err(Error::new(ErrorKind::TooLarge { value, max }, offset));
    }
    Ok(())
}

/// `a + b` of two fixed sizes: `None` when either is not fixed (const, for size facts).
pub const fn add_fixed(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b),
        _ => None,
    }
}

/// A value read inside a `size` window, which it must fill:
/// [`ErrorKind::TrailingBytes`] for the bytes it left.
#[inline]
pub fn filling<T>(value: Result<T, Error>, window: &Reader<'_>) -> Result<T, Error> {
    let value = value?;
    window.finish()?;
    Ok(value)
}

/// The bytes of a run of fixed-size fields; `None` (with [`run_error`] to
/// follow) when the input falls short, so that the failure allocates one error.
#[inline]
pub fn take_run<'a, const N: usize>(r: &mut Reader<'a>) -> Option<&'a [u8; N]> {
    r.take_array_or_none::<N>()
}

/// The error of a run of fixed-size fields read with one bounds check: the
/// field the input ran out in, with its own path and offset, as if each field
/// had been read alone. `start` is the run's position and `left` the bytes
/// the reader had; `fields` holds each field's name and size in order. It
/// takes the reader's numbers, not the reader, so that a reader on the
/// success path can live in registers.
#[cold]
#[inline(never)]
pub fn run_error(
    start: usize,
    left: usize,
    ty: &'static &'static str,
    fields: &'static [(&'static &'static str, usize)],
) -> Error {
    let mut offset: usize = 0;
    for (name, size) in fields {
        if offset.saturating_add(*size) > left {
            let kind = ErrorKind::Needed {
                needed: *size,
                available: left.saturating_sub(offset),
            };
            return Error::new(kind, start.saturating_add(offset)).at_field(ty, name);
        }
        offset = offset.saturating_add(*size);
    }
    Error::new(
        ErrorKind::Needed {
            needed: offset,
            available: left,
        },
        start,
    )
    .in_type(ty)
}

/// The argument behind `args.NAME`, or [`ErrorKind::MissingArg`].
#[inline(always)]
pub fn arg<'v, T>(value: Option<&'v T>, name: &'static str, offset: usize) -> Result<&'v T, Error> {
    match value {
        Some(value) => Ok(value),
        None => Err(Error::new(ErrorKind::MissingArg { name }, offset)),
    }
}

/// A number read from a mutable buffer (its bytes split off read-only).
#[inline]
pub fn scalar_mut<'a, T: Scalar<'a>>(r: &mut ReaderMut<'a>, endian: Endian) -> Result<T, Error> {
    let pos = r.position();
    T::read_endian(&mut Reader::with_offset(r.take(T::SIZE)?, pos), endian)
}

/// `N` bytes of a mutable buffer, copied into an array.
#[inline]
pub fn array_mut<const N: usize>(r: &mut ReaderMut<'_>) -> Result<[u8; N], Error> {
    let pos = r.position();
    Reader::with_offset(r.take(N)?, pos)
        .take_array::<N>()
        .copied()
}

/// `N` bytes of a mutable buffer, borrowed read-only as an array.
#[inline]
pub fn array_ref_mut<'a, const N: usize>(r: &mut ReaderMut<'a>) -> Result<&'a [u8; N], Error> {
    let pos = r.position();
    Reader::with_offset(r.take(N)?, pos).take_array::<N>()
}

/// A magic value at the front of a mutable buffer; [`ErrorKind::BadMagic`] when it differs.
#[inline]
pub fn magic_mut(r: &mut ReaderMut<'_>, expected: &'static [u8]) -> Result<(), Error> {
    let pos = r.position();
    magic(
        &mut Reader::with_offset(r.take(expected.len())?, pos),
        expected,
    )
}

/// A number or byte array read from its sub-slice of a run (a run's bytes are
/// taken with one bounds check, and each field's sub-slice has exactly its
/// size), with no error path.
pub trait RunField: Sized {
    /// The value in `bytes` (exactly its size; a shorter slice reads as if
    /// zero-padded, so that this can never panic).
    fn from_run(bytes: &[u8], endian: Endian) -> Self;
    /// Writes the value into `out` (exactly its size; a shorter slice keeps
    /// what fits, so that this can never panic).
    fn to_run(&self, out: &mut [u8], endian: Endian);
}

/// Copies what fits of `bytes` into `out`.
#[inline(always)]
fn put(out: &mut [u8], bytes: &[u8]) {
    for (to, from) in out.iter_mut().zip(bytes) {
        *to = *from;
    }
}

/// The first `N` bytes of `bytes`, zero-padded.
#[inline(always)]
fn run_bytes<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    put(&mut out, bytes);
    out
}

macro_rules! run_number {
    ($($ty:ty),*) => {$(
        impl RunField for $ty {
            #[inline(always)]
            fn from_run(bytes: &[u8], endian: Endian) -> Self {
                let bytes = run_bytes(bytes);
                match endian {
                    Endian::Big => <$ty>::from_be_bytes(bytes),
                    Endian::Little => <$ty>::from_le_bytes(bytes),
                }
            }

            #[inline(always)]
            fn to_run(&self, out: &mut [u8], endian: Endian) {
                match endian {
                    Endian::Big => put(out, &self.to_be_bytes()),
                    Endian::Little => put(out, &self.to_le_bytes()),
                }
            }
        }
    )*};
}

run_number!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64);

impl RunField for crate::U24 {
    #[inline(always)]
    fn from_run(bytes: &[u8], endian: Endian) -> Self {
        let [a, b, c] = run_bytes(bytes);
        let value = match endian {
            Endian::Big => u32::from_be_bytes([0, a, b, c]),
            Endian::Little => u32::from_le_bytes([a, b, c, 0]),
        };
        // 24 bits always fit.
        crate::U24::new(value).unwrap_or(crate::U24::MAX)
    }

    #[inline(always)]
    fn to_run(&self, out: &mut [u8], endian: Endian) {
        let [_, b, c, d] = self.get().to_be_bytes();
        match endian {
            Endian::Big => put(out, &[b, c, d]),
            Endian::Little => put(out, &[d, c, b]),
        }
    }
}

impl<const N: usize> RunField for [u8; N] {
    #[inline(always)]
    fn from_run(bytes: &[u8], _: Endian) -> Self {
        run_bytes(bytes)
    }

    #[inline(always)]
    fn to_run(&self, out: &mut [u8], _: Endian) {
        put(out, self);
    }
}

/// A borrowed array in a run: written only (decode borrows it through a reader).
pub trait RunRef {
    /// Writes the bytes into `out` (what fits).
    fn to_run(&self, out: &mut [u8], endian: Endian);
}

impl<const N: usize> RunRef for &[u8; N] {
    #[inline(always)]
    fn to_run(&self, out: &mut [u8], _: Endian) {
        put(out, *self);
    }
}
