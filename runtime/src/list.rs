//! Borrowed repetitions: [`List`] and the length-prefixed [`PrefixedList`].

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::codec::{Codec, U24};
use crate::context::{CodecIn, Node};
use crate::error::{Error, ErrorKind};
#[cfg(feature = "alloc")]
use crate::payload::write_prefix;
use crate::payload::{read_prefix, Prefix};
use crate::reader::{needed, no_progress, Place, Reader};

/// A run of encoded `T`s borrowed from the input, decoded lazily by its iterator.
///
/// Reading a list walks its elements once to find where it ends and to check
/// them, allocating nothing; iterating decodes each element again from the
/// borrowed bytes. Encoding writes those bytes back unchanged.
pub struct List<'a, T> {
    /// Where the first element was read: the rest of its window, in its
    /// input, so that the elements read again exactly as they were read.
    start: Place<'a>,
    /// How many bytes the elements take.
    used: usize,
    len: usize,
    elem: PhantomData<fn() -> T>,
}

impl<'a, T: Codec<'a>> List<'a, T> {
    /// Reads exactly `count` elements; the first element's error, with its index in the path.
    #[inline]
    pub fn read_count(r: &mut Reader<'a>, count: usize) -> Result<Self, Error> {
        Self::count_by(r, count, Self::any_bytes_size(), T::read)
    }

    /// Reads elements until `r` is empty; [`ErrorKind::NoProgress`](crate::ErrorKind::NoProgress) when an
    /// element takes no bytes, else the first element's error.
    #[inline]
    pub fn read_all(r: &mut Reader<'a>) -> Result<Self, Error> {
        Self::all_by(r, Self::any_bytes_size(), T::read)
    }

    /// Reads elements until `done` holds for one (inclusive); the first element's
    /// error, or [`ErrorKind::NoProgress`](crate::ErrorKind::NoProgress) when an element takes no bytes.
    pub fn read_until(
        r: &mut Reader<'a>,
        mut done: impl FnMut(&T) -> Result<bool, Error>,
    ) -> Result<Self, Error> {
        Self::until_by(r, T::read, |item, _| done(item))
    }

    /// [`List::read_until`] whose `done` also sees the reader after the element
    /// (Kaitai's `repeat-until: _io.eof`; the derive's `io` in `until`).
    pub fn read_until_io(
        r: &mut Reader<'a>,
        done: impl FnMut(&T, &Reader<'a>) -> Result<bool, Error>,
    ) -> Result<Self, Error> {
        Self::until_by(r, T::read, done)
    }

    /// Checks that `bytes` hold whole `T`s and wraps them; the errors of [`List::read_all`].
    pub fn new(bytes: &'a [u8]) -> Result<Self, Error> {
        Self::read_all(&mut Reader::new(bytes))
    }

    /// The element size when any bytes of that size decode, so that the length
    /// alone checks the list; the element-by-element walk covers the rest
    /// (including every error).
    #[inline]
    fn any_bytes_size() -> Option<usize> {
        T::FIXED_SIZE.filter(|size| T::ANY_BYTES && *size > 0)
    }

    /// The elements, decoded one at a time.
    #[inline]
    pub fn iter(&self) -> Iter<'a, T> {
        Iter {
            r: self.start.reader(),
            left: self.len,
            after: self.after(),
            elem: PhantomData,
        }
    }
}

/// Lists of elements that read their parent's or root's fields (`parent.NAME`,
/// `root.NAME`): read with the views the derive passes, iterated with the
/// decoded parent and root.
impl<'a, T> List<'a, T> {
    /// [`List::read_count`] of elements decoded inside `P` under `R`.
    #[inline]
    pub fn read_count_in<P: Node<'a>, R: Node<'a>>(
        r: &mut Reader<'a>,
        count: usize,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<Self, Error>
    where
        T: CodecIn<'a, P, R>,
    {
        Self::count_by(r, count, any_bytes_in::<T, P, R>(), |r| {
            T::read_in(r, parent, root)
        })
    }

    /// [`List::read_all`] of elements decoded inside `P` under `R`.
    #[inline]
    pub fn read_all_in<P: Node<'a>, R: Node<'a>>(
        r: &mut Reader<'a>,
        parent: &P::View<'_>,
        root: &R::View<'_>,
    ) -> Result<Self, Error>
    where
        T: CodecIn<'a, P, R>,
    {
        Self::all_by(r, any_bytes_in::<T, P, R>(), |r| {
            T::read_in(r, parent, root)
        })
    }

    /// [`List::read_until_io`] of elements decoded inside `P` under `R`.
    pub fn read_until_in<P: Node<'a>, R: Node<'a>>(
        r: &mut Reader<'a>,
        parent: &P::View<'_>,
        root: &R::View<'_>,
        done: impl FnMut(&T, &Reader<'a>) -> Result<bool, Error>,
    ) -> Result<Self, Error>
    where
        T: CodecIn<'a, P, R>,
    {
        Self::until_by(r, |r| T::read_in(r, parent, root), done)
    }

    /// The elements, decoded one at a time inside `parent` under `root`, the
    /// structs that were their parent and root when the list was read (for a
    /// list in the root struct itself, `root` is `parent`).
    #[inline]
    pub fn iter_in<'p, P: Node<'a>, R: Node<'a>>(
        &self,
        parent: &'p P,
        root: &'p R,
    ) -> IterIn<'a, 'p, T, P, R>
    where
        T: CodecIn<'a, P, R>,
    {
        IterIn {
            r: self.start.reader(),
            left: self.len,
            after: self.after(),
            parent: parent.view(),
            root: root.view(),
            elem: PhantomData,
        }
    }

    /// On encode, [`ErrorKind::UntilMismatch`](crate::ErrorKind::UntilMismatch)
    /// unless `done` holds at exactly the last element, decoded inside `P` under `R`.
    #[doc(hidden)]
    pub fn check_until_in<P: Node<'a>, R: Node<'a>>(
        &self,
        parent: &P::View<'_>,
        root: &R::View<'_>,
        mut done: impl FnMut(&T) -> Result<bool, Error>,
        offset: usize,
    ) -> Result<(), Error>
    where
        T: CodecIn<'a, P, R>,
    {
        let mut r = self.start.reader();
        let last = self.len.saturating_sub(1);
        for index in 0..self.len {
            let item = T::read_in(&mut r, parent, root).map_err(|e| e.at_index(index))?;
            if done(&item)? != (index == last) {
                return Err(Error::new(ErrorKind::UntilMismatch { index }, offset));
            }
        }
        Ok(())
    }

    #[inline]
    fn count_by(
        r: &mut Reader<'a>,
        count: usize,
        any_bytes_size: Option<usize>,
        mut read: impl FnMut(&mut Reader<'a>) -> Result<T, Error>,
    ) -> Result<Self, Error> {
        let start = r.clone();
        if let Some(size) = any_bytes_size {
            if let Some(n) = count.checked_mul(size).filter(|n| *n <= r.remaining()) {
                r.skip(n)?;
                return Ok(Self::spanning(start, r, count));
            }
        }
        r.descend(|r| {
            for index in 0..count {
                let before = r.remaining();
                read(r).map_err(|e| e.at_index(index))?;
                // Elements decode alike, so one that takes no bytes means all of them
                // take none: stop here instead of looping `count` times.
                if r.remaining() == before {
                    break;
                }
            }
            Ok(())
        })?;
        Ok(Self::spanning(start, r, count))
    }

    #[inline]
    fn all_by(
        r: &mut Reader<'a>,
        any_bytes_size: Option<usize>,
        mut read: impl FnMut(&mut Reader<'a>) -> Result<T, Error>,
    ) -> Result<Self, Error> {
        let start = r.clone();
        if let Some(size) = any_bytes_size {
            // `size` is not 0 (`any_bytes_size`), so neither default is taken.
            let count = r.remaining().checked_div(size).unwrap_or_default();
            let partial = r.remaining().checked_rem(size).unwrap_or_default();
            if partial != 0 {
                return Err(Self::partial_error(r.clone(), count, size, read));
            }
            r.rest();
            return Ok(Self::spanning(start, r, count));
        }
        let count = r.descend(|r| {
            let mut count = 0;
            while !r.is_empty() {
                let before = r.remaining();
                read(r).map_err(|e| e.at_index(count))?;
                if r.remaining() == before {
                    return Err(no_progress(count, r.position()));
                }
                count = count.saturating_add(1);
            }
            Ok(count)
        })?;
        Ok(Self::spanning(start, r, count))
    }

    /// The error of a list of `count` whole elements of `size` bytes and part
    /// of one more: the whole ones decode (any bytes do), so it is the error of
    /// the partial one, as reading them one by one would give. Out of line and
    /// given the reader by value, so that the reader of the success path can
    /// live in registers.
    #[cold]
    #[inline(never)]
    fn partial_error(
        mut r: Reader<'a>,
        count: usize,
        size: usize,
        mut read: impl FnMut(&mut Reader<'a>) -> Result<T, Error>,
    ) -> Error {
        let skipped = count.saturating_mul(size);
        let result = r.descend(|r| {
            r.skip(skipped)?;
            read(r).map_err(|e| e.at_index(count))
        });
        match result {
            Err(e) => e,
            // A `Codec` whose fixed size is wrong: report the shortfall.
            Ok(_) => needed(size, r.remaining(), r.position()).at_index(count),
        }
    }

    fn until_by(
        r: &mut Reader<'a>,
        mut read: impl FnMut(&mut Reader<'a>) -> Result<T, Error>,
        mut done: impl FnMut(&T, &Reader<'a>) -> Result<bool, Error>,
    ) -> Result<Self, Error> {
        let start = r.clone();
        let count = r.descend(|r| {
            let mut count = 0;
            loop {
                let before = r.remaining();
                let item = read(r).map_err(|e| e.at_index(count))?;
                let stop = done(&item, r).map_err(|e| e.at_index(count))?;
                count = count.saturating_add(1);
                if stop {
                    return Ok(count);
                }
                if r.remaining() == before {
                    return Err(no_progress(count.saturating_sub(1), r.position()));
                }
            }
        })?;
        Ok(Self::spanning(start, r, count))
    }

    #[inline]
    fn spanning(start: Reader<'a>, end: &Reader<'a>, len: usize) -> Self {
        List {
            start: start.place(),
            used: start.remaining().saturating_sub(end.remaining()),
            len,
            elem: PhantomData,
        }
    }
}

/// [`List::any_bytes_size`] of an element decoded inside `P` under `R`.
#[inline]
fn any_bytes_in<'a, T: CodecIn<'a, P, R>, P: Node<'a>, R: Node<'a>>() -> Option<usize> {
    T::FIXED_SIZE.filter(|size| T::ANY_BYTES && *size > 0)
}

impl<'a, T> List<'a, T> {
    /// How many elements there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// [`DebugElements::fmt_list`] of an element that reads its parent: the
    /// length and the bytes.
    #[doc(hidden)]
    pub fn fmt_raw(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("len", &self.len)
            .field("bytes", &self.as_bytes())
            .finish()
    }

    /// The bytes of the window after the list.
    #[inline]
    fn after(&self) -> usize {
        self.start.remaining().saturating_sub(self.used)
    }

    /// The encoded elements, borrowed from the input.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.start.bytes(self.used)
    }

    /// Appends the encoded elements unchanged.
    #[inline]
    #[cfg(feature = "alloc")]
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.extend_from_slice(self.as_bytes());
        Ok(())
    }
}

/// The iterator of a [`List`].
pub struct Iter<'a, T> {
    r: Reader<'a>,
    left: usize,
    /// The bytes of the window after the list, which no element reaches.
    after: usize,
    elem: PhantomData<fn() -> T>,
}

impl<'a, T: Codec<'a>> Iterator for Iter<'a, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.left = self.left.checked_sub(1)?;
        // An element of a fixed size that the rest cannot hold would fail to
        // read, so stop before reading it. This decides the read's own bounds
        // check, and no error is left to build and drop inside the loop.
        if T::FIXED_SIZE.is_some_and(|size| self.r.remaining() < size) {
            return None;
        }
        // The bytes were checked when the list was read, so this decode repeats
        // one that succeeded; `ok()` and `after` only guard a `Codec` that is
        // not deterministic.
        let item = T::read(&mut self.r).ok()?;
        if self.r.remaining() < self.after {
            self.left = 0;
            return None;
        }
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

impl<'a, T: Codec<'a>> IntoIterator for &List<'a, T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Codec<'a>> IntoIterator for List<'a, T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> Clone for List<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for List<'_, T> {}

impl<T> PartialEq for List<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.as_bytes() == other.as_bytes()
    }
}

impl<T> Eq for List<'_, T> {}

/// The iterator of a [`List`] of elements that read their parent or root
/// ([`List::iter_in`]).
pub struct IterIn<'a, 'p, T, P: Node<'a> + 'p, R: Node<'a> + 'p>
where
    'a: 'p,
{
    r: Reader<'a>,
    left: usize,
    /// The bytes of the window after the list, which no element reaches.
    after: usize,
    parent: P::View<'p>,
    root: R::View<'p>,
    elem: PhantomData<fn() -> T>,
}

impl<'a, 'p, T, P, R> Iterator for IterIn<'a, 'p, T, P, R>
where
    T: CodecIn<'a, P, R>,
    P: Node<'a> + 'p,
    R: Node<'a> + 'p,
{
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.left = self.left.checked_sub(1)?;
        // The elements decoded when the list was read, with the same fields
        // of the parent and root; `ok()` and `after` guard a parent changed
        // since (an element would fail, or reach past the list).
        match T::read_in(&mut self.r, &self.parent, &self.root) {
            Ok(item) if self.r.remaining() >= self.after => Some(item),
            _ => {
                self.left = 0;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

impl<'a, T: DebugElements<'a>> fmt::Debug for List<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt_list(self, f)
    }
}

/// How a [`List`] of `Self` shows in `Debug`: its elements, decoded, for a
/// [`Codec`]; its length and bytes for an element that reads its parent (which
/// `#[derive(Decode)]` implements), as it cannot be decoded alone.
#[doc(hidden)]
pub trait DebugElements<'a>: Sized {
    fn fmt_list(list: &List<'a, Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<'a, T: Codec<'a> + fmt::Debug> DebugElements<'a> for T {
    fn fmt_list(list: &List<'a, Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(list.iter()).finish()
    }
}

/// A [`List`] preceded by its length in bytes as an `L` (as TLS vectors are).
pub struct PrefixedList<'a, L, T> {
    list: List<'a, T>,
    prefix: PhantomData<fn() -> L>,
}

/// A list with a `u8` byte-length prefix.
pub type ListU8<'a, T> = PrefixedList<'a, u8, T>;
/// A list with a big-endian `u16` byte-length prefix.
pub type ListU16<'a, T> = PrefixedList<'a, u16, T>;
/// A list with a big-endian 24-bit byte-length prefix.
pub type ListU24<'a, T> = PrefixedList<'a, U24, T>;
/// A list with a big-endian `u32` byte-length prefix.
pub type ListU32<'a, T> = PrefixedList<'a, u32, T>;

impl<'a, L, T> PrefixedList<'a, L, T> {
    /// The list without its prefix.
    pub fn list(&self) -> &List<'a, T> {
        &self.list
    }
}

impl<'a, L, T: Codec<'a>> PrefixedList<'a, L, T> {
    /// The elements, decoded one at a time.
    pub fn iter(&self) -> Iter<'a, T> {
        self.list.iter()
    }

    /// How many elements there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl<'a, L: Prefix, T: Codec<'a>> Codec<'a> for PrefixedList<'a, L, T> {
    const MIN_SIZE: usize = <L as crate::Scalar<'a>>::SIZE;

    #[inline]
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        let n = read_prefix::<L>(r)?;
        let list = List::read_all(&mut r.sub(n)?)?;
        Ok(PrefixedList {
            list,
            prefix: PhantomData,
        })
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_prefix::<L>(self.list.used, out)?;
        self.list.encode(out)
    }
}

impl<'a, L, T: Codec<'a>> IntoIterator for &PrefixedList<'a, L, T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.list.iter()
    }
}

impl<L, T> Clone for PrefixedList<'_, L, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L, T> Copy for PrefixedList<'_, L, T> {}

impl<L, T> PartialEq for PrefixedList<'_, L, T> {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl<L, T> Eq for PrefixedList<'_, L, T> {}

impl<'a, L, T: Codec<'a> + fmt::Debug> fmt::Debug for PrefixedList<'a, L, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.list, f)
    }
}
