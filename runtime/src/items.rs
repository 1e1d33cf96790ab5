//! [`Items`]: a repetition read in one pass, its elements checked as they are
//! decoded rather than when it is read.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::codec::Codec;
use crate::error::{Error, ErrorKind};
use crate::reader::Reader;

/// The rest of the window as encoded `T`s, decoded (and so checked) only by
/// its iterator, which yields a `Result` per element.
///
/// Reading `Items` takes the bytes and looks at none of them, so a message
/// with `Items` decodes in one pass: the iterator does the only walk, as a
/// hand-written loop over a cursor does. A [`List`](crate::List) walks twice
/// instead (once when read, to check every element, and again when iterated)
/// and in exchange reports a bad element when the message is decoded, and
/// iterates without `Result`s.
///
/// `Items` reads up to the end of its window, like Kaitai's `repeat: eos`:
/// give the field a `#[size(..)]` (such as a length field before it) or
/// `#[eos]`, or make it the last field. The iterator stops after the first
/// error, and reports [`ErrorKind::NoProgress`] for an element that takes no
/// bytes (rather than yielding it forever). Errors carry the element's index
/// and absolute offset. Encoding writes the bytes back unchanged.
///
/// ```text
/// #[derive(Decode)]
/// struct Hello<'a> {
///     len: u16,
///     #[size(len)]
///     extensions: Items<'a, Extension<'a>>,
/// }
///
/// for extension in hello.extensions {
///     let extension = extension?;
/// }
/// ```
pub struct Items<'a, T> {
    bytes: &'a [u8],
    offset: usize,
    elem: PhantomData<fn() -> T>,
}

impl<'a, T> Items<'a, T> {
    /// The encoded elements, with the absolute offset of the first byte (for
    /// the offsets of errors).
    pub fn new(bytes: &'a [u8], offset: usize) -> Self {
        Items {
            bytes,
            offset,
            elem: PhantomData,
        }
    }

    /// The encoded elements, borrowed from the input.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether there are no bytes, and so no elements.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The elements, decoded one at a time.
    #[inline]
    pub fn iter(&self) -> ItemsIter<'a, T> {
        ItemsIter {
            r: Reader::with_offset(self.bytes, self.offset),
            items: *self,
        }
    }
}

impl<'a, T: Codec<'a>> Codec<'a> for Items<'a, T> {
    const MIN_SIZE: usize = 0;

    #[inline]
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        let offset = r.position();
        Ok(Items::new(r.rest(), offset))
    }

    #[inline]
    #[cfg(feature = "alloc")]
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        out.extend_from_slice(self.bytes);
        Ok(())
    }
}

/// The iterator of [`Items`]: each element or the error that ends the walk.
pub struct ItemsIter<'a, T> {
    /// What is left to decode; emptied by an error, which ends the walk.
    r: Reader<'a>,
    items: Items<'a, T>,
}

impl<'a, T: Codec<'a>> Iterator for ItemsIter<'a, T> {
    type Item = Result<T, Error>;

    #[inline]
    fn next(&mut self) -> Option<Result<T, Error>> {
        if self.r.is_empty() {
            return None;
        }
        let before = self.r.remaining();
        match T::read(&mut self.r) {
            Ok(item) if self.r.remaining() != before => Some(Ok(item)),
            result => {
                // The error for an element that took no bytes is built here,
                // before the index walk, rather than by `no_progress` after
                // it: keeping the position across that call cost the loop an
                // instruction per element (W4: 40,026 to 41,029 per 1000).
                let e = result
                    .err()
                    .unwrap_or_else(|| Error::new(ErrorKind::NoProgress, self.r.position()));
                self.r.rest();
                let index = index_at::<T>(self.items.bytes, self.items.offset, before);
                Some(Err(e.at_index(index)))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every element takes a byte, or its error ends the walk.
        let most = self.r.remaining();
        (usize::from(most > 0), Some(most))
    }
}

/// The index of the element of `bytes` (at `offset`) that starts with `left`
/// bytes to go, counted again from the first: the error path only, so that
/// iterating keeps no count. Elements decode the same way each time, so this
/// walk stops where the iterator did. It takes plain values, not the
/// iterator, so that the iterator's reader can live in registers.
#[cold]
#[inline(never)]
fn index_at<'a, T: Codec<'a>>(bytes: &'a [u8], offset: usize, left: usize) -> usize {
    let mut r = Reader::with_offset(bytes, offset);
    let mut index: usize = 0;
    while r.remaining() > left {
        let before = r.remaining();
        if T::read(&mut r).is_err() || r.remaining() == before {
            break;
        }
        index = index.saturating_add(1);
    }
    index
}

impl<'a, T: Codec<'a>> core::iter::FusedIterator for ItemsIter<'a, T> {}

impl<'a, T: Codec<'a>> IntoIterator for &Items<'a, T> {
    type Item = Result<T, Error>;
    type IntoIter = ItemsIter<'a, T>;

    fn into_iter(self) -> ItemsIter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Codec<'a>> IntoIterator for Items<'a, T> {
    type Item = Result<T, Error>;
    type IntoIter = ItemsIter<'a, T>;

    fn into_iter(self) -> ItemsIter<'a, T> {
        self.iter()
    }
}

impl<T> Clone for Items<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Items<'_, T> {}

impl<T> PartialEq for Items<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<T> Eq for Items<'_, T> {}

impl<'a, T: Codec<'a> + fmt::Debug> fmt::Debug for Items<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
