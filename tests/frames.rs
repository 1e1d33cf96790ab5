//! The frame reader: frames lent out one at a time from a `std::io::Read`.

use std::io::{self, Read};

use proptest::prelude::*;
use zerowire::frame::{FrameError, FrameReader, LengthPrefixed, SelfDelimiting};
use zerowire::Decode;
use zerowire_suite::toy::Toy;

#[derive(Decode, Debug, PartialEq)]
struct Message<'a> {
    len: u16,
    #[size(len)]
    body: &'a [u8],
}

/// A source that hands out its bytes in the given chunk sizes (cycling), and
/// an `Interrupted` error before every other read.
struct Chunked {
    data: Vec<u8>,
    at: usize,
    sizes: Vec<usize>,
    reads: usize,
}

impl Chunked {
    fn new(data: Vec<u8>, sizes: Vec<usize>) -> Self {
        Chunked {
            data,
            at: 0,
            sizes,
            reads: 0,
        }
    }
}

impl Read for Chunked {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        if self.reads % 2 == 0 {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "try again"));
        }
        let size = self.sizes[self.reads / 2 % self.sizes.len()].max(1);
        let n = size.min(out.len()).min(self.data.len() - self.at);
        out[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn messages(bodies: &[&[u8]]) -> Vec<u8> {
    let mut stream = Vec::new();
    for body in bodies {
        stream.extend((body.len() as u16).to_be_bytes());
        stream.extend(*body);
    }
    stream
}

/// Every frame of `stream` read with `sizes`-chunked reads: (body, wire bytes).
fn read_all(stream: &[u8], sizes: Vec<usize>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let source = Chunked::new(stream.to_vec(), sizes);
    let mut reader =
        FrameReader::<_, _, Message<'static>>::new(source, LengthPrefixed::<u16>::new(), 4096, 64);
    let mut frames = Vec::new();
    while let Some(frame) = reader.next().unwrap() {
        frames.push((frame.value.body.to_vec(), frame.bytes.to_vec()));
    }
    assert!(reader.next().unwrap().is_none(), "the end stays the end");
    frames
}

#[test]
fn length_prefixed_frames_come_one_at_a_time_with_their_wire_bytes() {
    let stream = messages(&[b"hello", b"", b"world!"]);
    let frames = read_all(&stream, vec![1000]);
    assert_eq!(frames.len(), 3);
    assert_eq!(frames[0], (b"hello".to_vec(), stream[..7].to_vec()));
    assert_eq!(frames[1].0, b"");
    assert_eq!(frames[2].1, stream[9..]);
}

#[test]
fn one_byte_reads_with_interruptions_give_the_same_frames() {
    let stream = messages(&[b"a", &[7; 300], b"bc"]);
    assert_eq!(read_all(&stream, vec![1]), read_all(&stream, vec![100_000]));
}

proptest! {
    #[test]
    fn any_chunking_gives_the_same_frames(
        bodies in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..200), 0..12),
        sizes in proptest::collection::vec(1usize..50, 1..8),
    ) {
        let bodies: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
        let stream = messages(&bodies);
        let whole = read_all(&stream, vec![usize::MAX]);
        prop_assert_eq!(whole.len(), bodies.len());
        prop_assert_eq!(read_all(&stream, sizes), whole);
    }
}

#[test]
fn self_delimiting_frames_end_where_the_type_ends() {
    let stream = [2, 1, 2, 3, 4, 0, 1, 9];
    let source = Chunked::new(stream.to_vec(), vec![1]);
    let mut reader = FrameReader::<_, _, Toy<'static>>::new(
        source,
        SelfDelimiting::<Toy<'static>>::new(),
        64,
        4,
    );
    let first = reader.next().unwrap().unwrap();
    assert_eq!(first.value.child_structure.slice, [1, 2]);
    assert_eq!(first.bytes, [2, 1, 2, 3, 4]);
    assert_eq!(reader.next().unwrap().unwrap().bytes, [0]);
    let err = reader.next().err().expect("a frame cut by the end");
    assert!(
        matches!(err, FrameError::Truncated { buffered: 2 }),
        "{err}"
    );
    let (_, left) = reader.into_parts();
    assert_eq!(left, [1, 9], "leftover bytes are never dropped");
}

#[test]
fn an_end_inside_a_frame_says_how_much_was_buffered() {
    let mut stream = messages(&[b"whole"]);
    stream.extend([0, 10, 1, 2, 3]);
    let source = Chunked::new(stream, vec![3]);
    let mut reader =
        FrameReader::<_, _, Message<'static>>::new(source, LengthPrefixed::<u16>::new(), 4096, 64);
    assert_eq!(reader.next().unwrap().unwrap().value.body, b"whole");
    let err = reader.next().err().unwrap();
    assert_eq!(
        err.to_string(),
        "the stream ended inside a frame, with 5 bytes buffered"
    );
    let (_, left) = reader.into_parts();
    assert_eq!(left, [0, 10, 1, 2, 3]);
}

#[test]
fn a_declared_length_above_the_maximum_is_an_error_before_allocating_for_it() {
    let stream = [0xFF, 0xFF, 1, 2, 3];
    let mut reader = FrameReader::<_, _, Message<'static>>::new(
        &stream[..],
        LengthPrefixed::<u16>::new(),
        1024,
        64,
    );
    let err = reader.next().err().unwrap();
    assert!(
        matches!(
            err,
            FrameError::TooLarge {
                declared: 65537,
                max: 1024
            }
        ),
        "{err}"
    );
    assert!(reader.buffer_capacity() <= 1024 + 64);
}

#[test]
fn the_buffer_stays_within_one_frame_and_one_chunk_and_shrinks_when_idle() {
    let bodies: Vec<Vec<u8>> = (0..200).map(|i| vec![i as u8; (i * 37) % 900]).collect();
    let bodies: Vec<&[u8]> = bodies.iter().map(Vec::as_slice).collect();
    let stream = messages(&bodies);
    let (max, chunk) = (1024, 128);
    let mut reader = FrameReader::<_, _, Message<'static>>::new(
        &stream[..],
        LengthPrefixed::<u16>::new(),
        max,
        chunk,
    );
    let mut most = 0;
    let mut count = 0;
    while let Some(frame) = reader.next().unwrap() {
        count += 1;
        assert_eq!(frame.value.body.len() + 2, frame.bytes.len());
        most = most.max(reader_capacity(&reader));
    }
    assert_eq!(count, 200);
    assert!(most <= max + chunk, "{most} bytes");
    assert!(
        reader.buffer_capacity() <= chunk,
        "idle: {} bytes",
        reader.buffer_capacity()
    );
}

fn reader_capacity<R: Read>(r: &FrameReader<R, LengthPrefixed<u16>, Message<'static>>) -> usize {
    r.buffer_capacity()
}
