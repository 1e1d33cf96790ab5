//! Frames from a byte stream: a sans-I/O buffer that finds where frames end
//! ([`Framing`]), and a reader over `std::io::Read` that lends out one decoded
//! frame at a time, borrowed from its own buffer.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::ops::Range;

use crate::codec::{Codec, Scalar};
use crate::error::{Error, ErrorKind};
use crate::family::Family;
use crate::payload::Prefix;
use crate::reader::Reader;

/// Finds where the first frame in the buffered bytes ends.
pub trait Framing {
    /// The length of the first frame of `buffered`, `Ok(None)` when more bytes
    /// are needed, or an error (a declared length above `max` is one, found
    /// before anything is allocated for it).
    fn frame_len(&self, buffered: &[u8], max: usize) -> Result<Option<usize>, FrameError>;
}

/// Frames preceded by their payload's length as an `L` (big-endian); the frame
/// is the prefix and the payload.
pub struct LengthPrefixed<L>(PhantomData<fn() -> L>);

impl<L> LengthPrefixed<L> {
    /// The framing.
    pub const fn new() -> Self {
        LengthPrefixed(PhantomData)
    }
}

// Manual: deriving would demand `L: Clone` of the marker.
impl<L> Clone for LengthPrefixed<L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L> Copy for LengthPrefixed<L> {}

impl<L> Default for LengthPrefixed<L> {
    fn default() -> Self {
        Self::new()
    }
}

impl<L: Prefix> Framing for LengthPrefixed<L> {
    fn frame_len(&self, buffered: &[u8], max: usize) -> Result<Option<usize>, FrameError> {
        let width = <L as Scalar<'_>>::SIZE;
        let Some(prefix) = buffered.get(..width) else {
            return Ok(None);
        };
        let declared = L::read(&mut Reader::new(prefix)).map_err(FrameError::Decode)?;
        let len = declared.to_len().and_then(|n| n.checked_add(width));
        match len {
            Some(len) if len <= max => Ok((buffered.len() >= len).then_some(len)),
            _ => Err(FrameError::TooLarge {
                declared: declared.to_u64().saturating_add(width as u64),
                max,
            }),
        }
    }
}

/// Frames that delimit themselves: a frame is whatever `F::Of<'_>` decodes from
/// the front; more bytes are needed while that decode runs out of input.
pub struct SelfDelimiting<F>(PhantomData<fn() -> F>);

impl<F> SelfDelimiting<F> {
    /// The framing.
    pub const fn new() -> Self {
        SelfDelimiting(PhantomData)
    }
}

impl<F> Clone for SelfDelimiting<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F> Copy for SelfDelimiting<F> {}

impl<F> Default for SelfDelimiting<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Family> Framing for SelfDelimiting<F> {
    fn frame_len(&self, buffered: &[u8], max: usize) -> Result<Option<usize>, FrameError> {
        let mut r = Reader::new(buffered);
        match F::Of::read(&mut r) {
            Ok(_) if r.position() <= max => Ok(Some(r.position())),
            Ok(_) => Err(FrameError::TooLarge {
                declared: r.position() as u64,
                max,
            }),
            // Running past what is buffered means: wait for more bytes.
            Err(e) => match e.kind() {
                ErrorKind::Needed { needed, .. }
                    if e.offset().saturating_add(needed) > buffered.len() =>
                {
                    if buffered.len() >= max {
                        Err(FrameError::TooLarge {
                            declared: e.offset().saturating_add(needed) as u64,
                            max,
                        })
                    } else {
                        Ok(None)
                    }
                }
                _ => Err(FrameError::Decode(e)),
            },
        }
    }
}

/// Why no frame came.
#[derive(Debug)]
#[non_exhaustive]
pub enum FrameError {
    /// A frame declares more bytes than the configured maximum.
    TooLarge { declared: u64, max: usize },
    /// The stream ended inside a frame, with this many bytes buffered.
    Truncated { buffered: usize },
    /// A frame's bytes do not decode.
    Decode(Error),
    /// Reading failed.
    #[cfg(feature = "std")]
    Io(std::io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::TooLarge { declared, max } => {
                write!(
                    f,
                    "a frame of {declared} bytes exceeds the maximum of {max}"
                )
            }
            FrameError::Truncated { buffered } => {
                write!(
                    f,
                    "the stream ended inside a frame, with {buffered} bytes buffered"
                )
            }
            FrameError::Decode(e) => write!(f, "a frame does not decode: {e}"),
            #[cfg(feature = "std")]
            FrameError::Io(e) => write!(f, "reading frames failed: {e}"),
        }
    }
}

impl core::error::Error for FrameError {}

/// The bytes of a stream, buffered until they hold whole frames (sans-I/O):
/// read into [`FrameBuffer::spare`], report with [`FrameBuffer::filled`], take
/// frames with [`FrameBuffer::next_frame`].
///
/// The buffer holds at most the largest allowed frame plus one read chunk: it
/// compacts before it grows, and gives its memory back when idle.
pub struct FrameBuffer<P> {
    bytes: Vec<u8>,
    start: usize,
    end: usize,
    max_frame: usize,
    chunk: usize,
    framing: P,
}

impl<P: Framing> FrameBuffer<P> {
    /// A buffer for frames of at most `max_frame` bytes, read `chunk` bytes at a time.
    pub fn new(framing: P, max_frame: usize, chunk: usize) -> Self {
        FrameBuffer {
            bytes: Vec::new(),
            start: 0,
            end: 0,
            max_frame,
            chunk: chunk.max(1),
            framing,
        }
    }

    /// The bytes buffered and not yet taken as frames.
    pub fn buffered(&self) -> &[u8] {
        self.bytes.get(self.start..self.end).unwrap_or_default()
    }

    /// Room for the next read, at most one chunk; the buffer compacts first.
    pub fn spare(&mut self) -> &mut [u8] {
        if self.start > 0 {
            // Move what is left to the front, so the buffer need not grow.
            self.bytes.copy_within(self.start..self.end, 0);
            self.end = self.end.saturating_sub(self.start);
            self.start = 0;
        }
        let want = self.end.saturating_add(self.chunk);
        if self.bytes.len() < want {
            self.bytes.resize(want, 0);
        }
        self.bytes.get_mut(self.end..want).unwrap_or_default()
    }

    /// Records that `n` bytes were read into [`FrameBuffer::spare`].
    pub fn filled(&mut self, n: usize) {
        self.end = self.end.saturating_add(n).min(self.bytes.len());
    }

    /// The range of the next whole frame, which is taken off the buffer; `None`
    /// when more bytes are needed. The range stays valid until the next call
    /// to `spare`.
    pub fn next_frame(&mut self) -> Result<Option<Range<usize>>, FrameError> {
        let Some(len) = self.framing.frame_len(self.buffered(), self.max_frame)? else {
            return Ok(None);
        };
        let end = self.start.saturating_add(len);
        let range = self.start..end;
        self.start = end;
        Ok(Some(range))
    }

    /// The bytes of a range given by [`FrameBuffer::next_frame`].
    pub fn frame(&self, range: Range<usize>) -> &[u8] {
        self.bytes.get(range).unwrap_or_default()
    }

    /// Gives memory back when nothing is buffered.
    pub fn shrink_if_idle(&mut self) {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
            self.bytes.clear();
            self.bytes.shrink_to(self.chunk);
        }
    }

    /// The bytes the buffer holds now (its memory cost).
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }
}

/// A decoded frame, borrowed from the reader's buffer, with its wire bytes.
pub struct Frame<'b, T> {
    /// The decoded value.
    pub value: T,
    /// Exactly the bytes the frame took on the wire.
    pub bytes: &'b [u8],
}

#[cfg(feature = "std")]
pub use self::reader::FrameReader;

#[cfg(feature = "std")]
mod reader {
    use super::*;
    use std::io::{ErrorKind as IoErrorKind, Read};

    /// Frames read from a `std::io::Read`, lent out one at a time.
    pub struct FrameReader<R, P, F> {
        source: R,
        buffer: FrameBuffer<P>,
        ended: bool,
        family: PhantomData<fn() -> F>,
    }

    impl<R: Read, P: Framing, F: Family> FrameReader<R, P, F> {
        /// Frames of at most `max_frame` bytes from `source`, read `chunk` bytes at a time.
        pub fn new(source: R, framing: P, max_frame: usize, chunk: usize) -> Self {
            FrameReader {
                source,
                buffer: FrameBuffer::new(framing, max_frame, chunk),
                ended: false,
                family: PhantomData,
            }
        }

        /// The next frame, decoded and borrowed from the reader's buffer;
        /// `Ok(None)` at a clean end of the stream, on this and every later call.
        // Not `Iterator::next`: each frame borrows the reader (a lending iterator).
        #[allow(clippy::should_implement_trait)]
        pub fn next(&mut self) -> Result<Option<Frame<'_, F::Of<'_>>>, FrameError> {
            let Some(range) = self.next_range()? else {
                return Ok(None);
            };
            let bytes = self.buffer.frame(range);
            let value = F::Of::decode(bytes).map_err(FrameError::Decode)?;
            Ok(Some(Frame { value, bytes }))
        }

        /// The next frame's range, reading until one is whole.
        fn next_range(&mut self) -> Result<Option<Range<usize>>, FrameError> {
            loop {
                if let Some(range) = self.buffer.next_frame()? {
                    return Ok(Some(range));
                }
                if self.ended {
                    return self.end_of_stream();
                }
                let read = loop {
                    match self.source.read(self.buffer.spare()) {
                        Err(e) if e.kind() == IoErrorKind::Interrupted => continue,
                        other => break other.map_err(FrameError::Io)?,
                    }
                };
                if read == 0 {
                    self.ended = true;
                } else {
                    self.buffer.filled(read);
                }
            }
        }

        fn end_of_stream(&mut self) -> Result<Option<Range<usize>>, FrameError> {
            match self.buffer.buffered().len() {
                0 => {
                    self.buffer.shrink_if_idle();
                    Ok(None)
                }
                buffered => Err(FrameError::Truncated { buffered }),
            }
        }

        /// The next frame as an [`crate::Owned`] bundle (its bytes copied into a
        /// `Bytes`), for channels and streams; `Ok(None)` at a clean end.
        #[cfg(feature = "bytes")]
        pub fn next_owned(&mut self) -> Result<Option<crate::Owned<F, bytes::Bytes>>, FrameError> {
            match self.next_range()? {
                Some(range) => owned(self.buffer.frame(range)).map(Some),
                None => Ok(None),
            }
        }

        /// The source and the bytes buffered but not taken as frames.
        pub fn into_parts(self) -> (R, Vec<u8>) {
            let left = self.buffer.buffered().to_vec();
            (self.source, left)
        }

        /// The buffer's memory now.
        pub fn buffer_capacity(&self) -> usize {
            self.buffer.capacity()
        }
    }
}

/// A frame's bytes as an owned bundle.
#[cfg(feature = "bytes")]
fn owned<F: Family>(frame: &[u8]) -> Result<crate::Owned<F, bytes::Bytes>, FrameError> {
    crate::Owned::decode(bytes::Bytes::copy_from_slice(frame)).map_err(FrameError::Decode)
}

#[cfg(feature = "tokio")]
pub use self::async_reader::AsyncFrameReader;

#[cfg(feature = "tokio")]
mod async_reader {
    use super::*;
    use tokio::io::{AsyncRead, AsyncReadExt};

    /// Frames read from a tokio `AsyncRead`, lent out one at a time.
    ///
    /// [`AsyncFrameReader::next_async`] is cancel-safe: its state changes only
    /// before it awaits or after a read has completed, so dropping a pending
    /// call and calling again yields the same frame.
    pub struct AsyncFrameReader<R, P, F> {
        source: R,
        buffer: FrameBuffer<P>,
        ended: bool,
        family: PhantomData<fn() -> F>,
    }

    impl<R: AsyncRead + Unpin, P: Framing, F: Family> AsyncFrameReader<R, P, F> {
        /// Frames of at most `max_frame` bytes from `source`, read `chunk` bytes at a time.
        pub fn new(source: R, framing: P, max_frame: usize, chunk: usize) -> Self {
            AsyncFrameReader {
                source,
                buffer: FrameBuffer::new(framing, max_frame, chunk),
                ended: false,
                family: PhantomData,
            }
        }

        /// The next frame, decoded and borrowed from the reader's buffer;
        /// `Ok(None)` at a clean end of the stream, on this and every later call.
        pub async fn next_async(&mut self) -> Result<Option<Frame<'_, F::Of<'_>>>, FrameError> {
            let Some(range) = self.next_range().await? else {
                return Ok(None);
            };
            let bytes = self.buffer.frame(range);
            let value = F::Of::decode(bytes).map_err(FrameError::Decode)?;
            Ok(Some(Frame { value, bytes }))
        }

        /// The next frame as an [`crate::Owned`] bundle; `Ok(None)` at a clean end.
        #[cfg(feature = "bytes")]
        pub async fn next_owned(
            &mut self,
        ) -> Result<Option<crate::Owned<F, bytes::Bytes>>, FrameError> {
            match self.next_range().await? {
                Some(range) => owned(self.buffer.frame(range)).map(Some),
                None => Ok(None),
            }
        }

        /// The range of the next whole frame in the reader's buffer, reading as
        /// needed; see [`AsyncFrameReader::frame_bytes`] and
        /// [`AsyncFrameReader::decode`]. The range stays valid until the next
        /// call that reads; [`AsyncFrameReader::buffered_frame_range`] does not.
        pub async fn next_frame_range(&mut self) -> Result<Option<Range<usize>>, FrameError> {
            self.next_range().await
        }

        /// The range of the next frame if it is already whole in the buffer,
        /// without reading; ranges taken before stay valid.
        pub fn buffered_frame_range(&mut self) -> Result<Option<Range<usize>>, FrameError> {
            self.buffer.next_frame()
        }

        /// The wire bytes of a frame range: consecutive frames' ranges join up.
        pub fn frame_bytes(&self, range: Range<usize>) -> &[u8] {
            self.buffer.frame(range)
        }

        /// The frame in `range`, decoded and borrowed from the buffer.
        pub fn decode(&self, range: Range<usize>) -> Result<F::Of<'_>, FrameError> {
            F::Of::decode(self.buffer.frame(range)).map_err(FrameError::Decode)
        }

        async fn next_range(&mut self) -> Result<Option<Range<usize>>, FrameError> {
            loop {
                if let Some(range) = self.buffer.next_frame()? {
                    return Ok(Some(range));
                }
                if self.ended {
                    return match self.buffer.buffered().len() {
                        0 => {
                            self.buffer.shrink_if_idle();
                            Ok(None)
                        }
                        buffered => Err(FrameError::Truncated { buffered }),
                    };
                }
                // Cancel-safe: a dropped read has read nothing, and nothing
                // below runs until it completes.
                let read = self
                    .source
                    .read(self.buffer.spare())
                    .await
                    .map_err(FrameError::Io)?;
                if read == 0 {
                    self.ended = true;
                } else {
                    self.buffer.filled(read);
                }
            }
        }

        /// The source and the bytes buffered but not taken as frames.
        pub fn into_parts(self) -> (R, Vec<u8>) {
            let left = self.buffer.buffered().to_vec();
            (self.source, left)
        }

        /// The buffer's memory now.
        pub fn buffer_capacity(&self) -> usize {
            self.buffer.capacity()
        }
    }
}
