//! Cursors over borrowed input: [`Reader`] for `&[u8]`, [`ReaderMut`] for `&mut [u8]`.

use crate::error::{Error, ErrorKind};

/// A cursor over `&'a [u8]`: one shrinking slice plus its absolute offset.
///
/// Every slice it hands out borrows from the input for `'a`; nothing is copied.
#[derive(Clone)]
pub struct Reader<'a> {
    at: Place<'a>,
}

/// A reader's state. A lazy [`List`](crate::List) keeps one (it is `Copy`) to
/// read its elements again as they were read: in the same window of the same
/// input, so that their positioned values and `io.` see what they saw then.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    buf: &'a [u8],
    // The absolute offset of `buf`'s first byte is its address minus `anchor`
    // (the address the outermost input would have if its first byte sat at
    // offset 0), so taking bytes moves the slice and updates no counter. Only
    // addresses are compared, never dereferenced.
    anchor: usize,
    // For positioned fields (`Input`): the outermost input and where the
    // current window starts.
    origin: &'a [u8],
    window_start: usize,
    // How many recursive containers (`Box`, lists, `Vec`) enclose the read.
    depth: u32,
}

impl<'a> Reader<'a> {
    /// How deep recursive containers (`Box<T>`, `List`, `Vec` and the prefixed
    /// lists) may nest before a read fails with [`ErrorKind::TooDeep`], so that
    /// hostile input cannot overflow the stack through a recursive type.
    pub const MAX_DEPTH: u32 = 128;

    /// A reader over the whole of `bytes`, at offset 0.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_offset(bytes, 0)
    }

    /// A reader over `bytes` whose first byte sits at absolute `offset`.
    #[inline]
    pub fn with_offset(bytes: &'a [u8], offset: usize) -> Self {
        Place {
            buf: bytes,
            anchor: address(bytes).wrapping_sub(offset),
            origin: bytes,
            window_start: offset,
            depth: 0,
        }
        .reader()
    }

    /// Runs `read` one nesting level deeper; [`ErrorKind::TooDeep`] beyond
    /// [`Reader::MAX_DEPTH`]. Recursive containers read their contents through it.
    #[inline]
    pub fn descend<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if self.at.depth >= Self::MAX_DEPTH {
            return Err(too_deep(self.position()));
        }
        self.at.depth = self.at.depth.saturating_add(1);
        let result = read(self);
        self.at.depth = self.at.depth.saturating_sub(1);
        result
    }

    /// How many recursive containers enclose the read ([`Reader::descend`]).
    #[inline]
    pub fn depth(&self) -> u32 {
        self.at.depth
    }

    /// What positioned fields read from: the outermost input and the current window.
    #[inline]
    pub fn input(&self) -> Input<'a> {
        Input {
            origin: self.at.origin,
            origin_base: address(self.at.origin).wrapping_sub(self.at.anchor),
            window_start: self.at.window_start,
            window_end: self.position().saturating_add(self.at.buf.len()),
            position: self.position(),
            depth: self.at.depth,
        }
    }

    /// The offset of the next byte from the start of the current window
    /// (Kaitai's `_io.pos`, which counts within a substream).
    #[inline]
    pub fn window_position(&self) -> usize {
        self.position().saturating_sub(self.at.window_start)
    }

    /// The length of the current window, read and unread (Kaitai's `_io.size`).
    #[inline]
    pub fn window_size(&self) -> usize {
        self.window_position().saturating_add(self.at.buf.len())
    }

    /// The next `n` bytes; [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        match self.at.buf.split_at_checked(n) {
            Some((head, tail)) => {
                self.at.buf = tail;
                Ok(head)
            }
            None => Err(needed_wrapped(
                self.position(),
                self.at.buf.len().wrapping_sub(n),
                n,
            )),
        }
    }

    /// The next `N` bytes as an array reference; [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn take_array<const N: usize>(&mut self) -> Result<&'a [u8; N], Error> {
        match self.take_array_or_none::<N>() {
            Some(head) => Ok(head),
            None => Err(needed(N, self.at.buf.len(), self.position())),
        }
    }

    /// The next `N` bytes, or `None` (and no error allocated) when fewer are left.
    #[inline]
    pub(crate) fn take_array_or_none<const N: usize>(&mut self) -> Option<&'a [u8; N]> {
        let (head, tail) = self.at.buf.split_first_chunk::<N>()?;
        self.at.buf = tail;
        Some(head)
    }

    /// A reader over the next `n` bytes (a window the caller cannot read past);
    /// this reader moves past all of them. [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn sub(&mut self, n: usize) -> Result<Reader<'a>, Error> {
        let window_start = self.position();
        let buf = self.take(n)?;
        Ok(Place {
            buf,
            window_start,
            ..self.at
        }
        .reader())
    }

    /// Skips `n` bytes; [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn skip(&mut self, n: usize) -> Result<(), Error> {
        self.take(n).map(drop)
    }

    /// Everything left; the reader is empty afterwards.
    #[inline]
    pub fn rest(&mut self) -> &'a [u8] {
        // Split at the end rather than `mem::take`, so the empty slice left
        // keeps the address that gives the position.
        let (rest, end) = self.at.buf.split_at(self.at.buf.len());
        self.at.buf = end;
        rest
    }

    /// The bytes left, without consuming them.
    #[inline]
    pub fn peek_rest(&self) -> &'a [u8] {
        self.at.buf
    }

    /// How many bytes are left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.at.buf.len()
    }

    /// The absolute offset of the next byte, counted from the start of the outermost input.
    #[inline]
    pub fn position(&self) -> usize {
        // The reader's slices all lie within its outermost input, so this is
        // the starting offset plus the bytes taken; it wraps (as `+` does in a
        // release build) only for a starting offset within that many bytes of
        // `usize::MAX`.
        address(self.at.buf).wrapping_sub(self.at.anchor)
    }

    /// Whether no byte is left.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.at.buf.is_empty()
    }

    /// [`ErrorKind::TrailingBytes`] unless the reader is empty.
    #[inline]
    pub fn finish(&self) -> Result<(), Error> {
        if self.at.buf.is_empty() {
            Ok(())
        } else {
            Err(trailing(self.at.buf.len(), self.position()))
        }
    }
}

impl<'a> Place<'a> {
    /// A reader where this place was.
    #[inline]
    pub(crate) fn reader(self) -> Reader<'a> {
        Reader { at: self }
    }

    /// How many bytes are left here.
    #[inline]
    pub(crate) fn remaining(self) -> usize {
        self.buf.len()
    }

    /// The next `n` bytes from here (at most what is left).
    #[inline]
    pub(crate) fn bytes(self, n: usize) -> &'a [u8] {
        self.buf.get(..n).unwrap_or(self.buf)
    }
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`, which this reader has just handed out, as their
    /// own window in the same input.
    #[inline]
    #[cfg(feature = "alloc")]
    pub(crate) fn window_over(&self, bytes: &'a [u8]) -> Reader<'a> {
        Place {
            buf: bytes,
            window_start: address(bytes).wrapping_sub(self.at.anchor),
            ..self.at
        }
        .reader()
    }

    /// Where the reader is, to read from here again later.
    #[inline]
    pub(crate) fn place(&self) -> Place<'a> {
        self.at
    }
}

impl core::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reader")
            .field("position", &self.position())
            .field("remaining", &self.at.buf)
            .field("window_start", &self.at.window_start)
            .field("depth", &self.at.depth)
            .finish()
    }
}

/// The address of a slice's first byte, as a number (for offsets only).
#[inline(always)]
fn address(bytes: &[u8]) -> usize {
    bytes.as_ptr().addr()
}

/// The position `n` bytes on. A position is the reader's starting offset
/// plus the bytes taken from one slice, so it passes `usize::MAX` only for a
/// starting offset within a slice's length of it; it wraps there (the same
/// code as `+` in a release build) rather than panic.
#[inline(always)]
fn advance(pos: usize, n: usize) -> usize {
    pos.wrapping_add(n)
}

// The error paths take plain values, not `&self`, so that a reader on the
// success path can live in registers.
#[cold]
fn trailing(count: usize, pos: usize) -> Error {
    Error::new(ErrorKind::TrailingBytes { count }, pos)
}

#[cold]
fn too_deep(pos: usize) -> Error {
    Error::new(
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH,
        },
        pos,
    )
}

/// [`ErrorKind::NoProgress`] at element `index` of a repetition, which stops
/// there rather than loop on elements that take no bytes.
#[cold]
pub(crate) fn no_progress(index: usize, pos: usize) -> Error {
    Error::new(ErrorKind::NoProgress, pos).at_index(index)
}

/// [`ErrorKind::Needed`] for `take`, given what is left after the failed
/// subtraction (`available - needed`, wrapped) rather than `available`: the
/// success path computes that difference anyway, so no register has to keep
/// the length for the error. The length to take comes last, so it need not
/// be loaded into the register of the first argument, which often holds the
/// input's address. (Both save an instruction each in the toy decode.)
#[cold]
fn needed_wrapped(pos: usize, left: usize, needed: usize) -> Error {
    self::needed(needed, left.wrapping_add(needed), pos)
}

/// [`ErrorKind::Needed`]: `needed` bytes at `pos`, `available` left.
#[cold]
pub(crate) fn needed(needed: usize, available: usize, pos: usize) -> Error {
    Error::new(ErrorKind::Needed { needed, available }, pos)
}

/// The input a struct was decoded from, for fields read at a position
/// (Kaitai's `pos:` instances): a field of this type reads no bytes and
/// remembers the outermost input and the current window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Input<'a> {
    origin: &'a [u8],
    origin_base: usize,
    window_start: usize,
    window_end: usize,
    /// Where the reader was when this was captured.
    position: usize,
    depth: u32,
}

impl<'a> Input<'a> {
    /// Where the reader was, from the start of the window: at the end of the
    /// struct's fields when the `Input` field is the last (Kaitai's `_io.pos`
    /// in an instance, evaluated after the struct is read).
    #[inline]
    pub fn window_position(&self) -> usize {
        self.position.saturating_sub(self.window_start)
    }

    /// The length of the window the struct was read from (Kaitai's `_io.size`).
    #[inline]
    pub fn window_size(&self) -> usize {
        self.window_end.saturating_sub(self.window_start)
    }

    /// Whether the reader was at the end of the window (Kaitai's `_io.eof`).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.position >= self.window_end
    }

    /// The same place, in the outermost input as its window (Kaitai's
    /// `_root._io`): its size is the input's, its position absolute.
    #[inline]
    pub fn outermost(&self) -> Input<'a> {
        Input {
            window_start: self.origin_base,
            window_end: self.origin_base.saturating_add(self.origin.len()),
            ..*self
        }
    }

    /// A reader at absolute `offset` of the outermost input, to its end, in
    /// the whole input as its window; [`ErrorKind::OutOfRange`] when the
    /// offset lies outside it.
    #[inline]
    pub fn at(&self, offset: usize) -> Result<Reader<'a>, Error> {
        let end = self.origin_base.saturating_add(self.origin.len());
        self.reader(self.origin_base, offset, end)
    }

    /// A reader at `offset` within the current window, to the window's end,
    /// in the same window (as Kaitai reads a `pos` instance in its stream:
    /// the value's `_io.pos` counts from the window's start);
    /// [`ErrorKind::OutOfRange`] when the offset lies outside the window.
    #[inline]
    pub fn in_window(&self, offset: usize) -> Result<Reader<'a>, Error> {
        let start = self.window_start.checked_add(offset);
        let start = start.ok_or_else(|| {
            Error::new(
                ErrorKind::OutOfRange { position: offset },
                self.window_start,
            )
        })?;
        self.reader(self.window_start, start, self.window_end)
    }

    fn reader(&self, window_start: usize, start: usize, end: usize) -> Result<Reader<'a>, Error> {
        let range = start
            .checked_sub(self.origin_base)
            .zip(end.checked_sub(self.origin_base));
        match range.and_then(|(from, to)| self.origin.get(from..to)) {
            Some(buf) => Ok(Place {
                buf,
                anchor: address(self.origin).wrapping_sub(self.origin_base),
                origin: self.origin,
                window_start,
                depth: self.depth,
            }
            .reader()),
            None => Err(Error::new(ErrorKind::OutOfRange { position: start }, start)),
        }
    }
}

impl<'a> crate::Codec<'a> for Input<'a> {
    const FIXED_SIZE: Option<usize> = Some(0);

    /// Reads nothing: captures where the reader is.
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        Ok(r.input())
    }

    /// Writes nothing.
    #[cfg(feature = "alloc")]
    fn encode(&self, _: &mut alloc::vec::Vec<u8>) -> Result<(), Error> {
        Ok(())
    }
}

/// A cursor over `&'a mut [u8]` that hands out disjoint mutable pieces.
///
/// Each piece borrows from the input for `'a`, so a header and a payload can be
/// held at once and the payload decrypted in place.
#[derive(Debug)]
pub struct ReaderMut<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> ReaderMut<'a> {
    /// A reader over the whole of `bytes`, at offset 0.
    #[inline]
    pub fn new(bytes: &'a mut [u8]) -> Self {
        ReaderMut { buf: bytes, pos: 0 }
    }

    /// The next `n` bytes, mutable; [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn take_mut(&mut self, n: usize) -> Result<&'a mut [u8], Error> {
        if n > self.buf.len() {
            return Err(Error::new(
                ErrorKind::Needed {
                    needed: n,
                    available: self.buf.len(),
                },
                self.pos,
            ));
        }
        // Moving the slice out of `self` lets the two halves keep the full `'a`.
        let (head, tail) = core::mem::take(&mut self.buf).split_at_mut(n);
        self.buf = tail;
        self.pos = advance(self.pos, n);
        Ok(head)
    }

    /// The next `n` bytes, read-only; [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        self.take_mut(n).map(|piece| &*piece)
    }

    /// A mutable reader over the next `n` bytes; this reader moves past them.
    /// [`ErrorKind::Needed`] when fewer are left.
    #[inline]
    pub fn sub_mut(&mut self, n: usize) -> Result<ReaderMut<'a>, Error> {
        let pos = self.pos;
        let buf = self.take_mut(n)?;
        Ok(ReaderMut { buf, pos })
    }

    /// Everything left, mutable; the reader is empty afterwards.
    #[inline]
    pub fn rest_mut(&mut self) -> &'a mut [u8] {
        let rest = core::mem::take(&mut self.buf);
        self.pos = advance(self.pos, rest.len());
        rest
    }

    /// How many bytes are left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    /// The absolute offset of the next byte.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether no byte is left.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Continues read-only over what is left, at the same offset.
    #[inline]
    pub fn into_reader(self) -> Reader<'a> {
        Reader::with_offset(self.buf, self.pos)
    }

    /// Reads a `T` of `n` bytes from the front, read-only: the bytes are split
    /// off for `'a` and `T` decodes inside them; the errors of `T::read`, and
    /// [`ErrorKind::Needed`] when fewer than `n` bytes are left.
    pub fn read_sized<T: crate::Codec<'a>>(&mut self, n: usize) -> Result<T, Error> {
        let pos = self.pos;
        let bytes = self.take(n)?;
        T::read(&mut Reader::with_offset(bytes, pos))
    }

    /// Reads a `T` whose size is fixed (`T::FIXED_SIZE`), read-only;
    /// [`ErrorKind::Custom`] for a type of variable size (give it a `size`).
    pub fn read_fixed<T: crate::Codec<'a>>(&mut self) -> Result<T, Error> {
        match T::FIXED_SIZE {
            Some(n) => self.read_sized(n),
            None => Err(Error::new(
                ErrorKind::Custom(
                    "a field of variable size in a `&mut` struct needs `#[size(EXPR)]`",
                ),
                self.pos,
            )),
        }
    }
}
