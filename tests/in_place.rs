//! `&'a mut [u8]` fields: decoding from one mutable buffer by splitting borrows.

use zerowire::{Codec, Decode, DecodeMut, ErrorKind, ReaderMut};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::{assert_round_trip, needed};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[derive(Decode, Debug)]
#[zerowire(read_only = Record)]
struct RecordMut<'a> {
    content_type: u8,
    version: u16,
    len: u16,
    #[size(len)]
    #[valid(value.len() <= 16_384)]
    payload: &'a mut [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Header {
    kind: u8,
    flags: u8,
}

#[derive(Decode, Debug)]
struct Framed<'a> {
    header: Header,
    tag: &'a [u8; 2],
    #[eos]
    body: &'a mut [u8],
}

#[test]
fn records_split_from_one_buffer_are_changed_in_place() {
    let mut buffer = vec![23, 3, 3, 0, 3, 1, 2, 3, 22, 3, 3, 0, 2, 9, 9, 0xEE];
    let (first, rest) = RecordMut::decode_mut_prefix(&mut buffer).unwrap();
    let (second, rest) = RecordMut::decode_mut_prefix(rest).unwrap();
    // Both payloads and the rest are alive and mutable at once.
    for b in first.payload.iter_mut() {
        *b ^= 0xFF;
    }
    second.payload.copy_from_slice(b"ok");
    rest[0] = 0xAA;
    let first = Record::from(first);
    assert_eq!(first.payload, [0xFE, 0xFD, 0xFC]);
    assert_eq!(Record::from(second).payload, b"ok");
    assert_eq!(
        buffer,
        [23, 3, 3, 0, 3, 0xFE, 0xFD, 0xFC, 22, 3, 3, 0, 2, b'o', b'k', 0xAA]
    );
}

#[test]
fn the_read_only_twin_decodes_and_encodes_like_any_derived_type() {
    let bytes = [23, 3, 3, 0, 2, 7, 8];
    let record = Record::decode(&bytes).unwrap();
    assert_eq!(
        (record.content_type, record.version, record.payload),
        (23, 0x0303, &[7, 8][..])
    );
    assert_round_trip::<Record<'static>>(&bytes);
}

#[test]
fn in_place_decoding_allocates_nothing() {
    let mut buffer = [23, 3, 3, 0, 3, 1, 2, 3];
    let (len, allocations) = count_allocations(|| {
        let record = RecordMut::decode_mut(&mut buffer).unwrap();
        record.payload.reverse();
        record.payload.len()
    });
    assert_eq!(allocations, 0);
    assert_eq!(len, 3);
    assert_eq!(&buffer[5..], [3, 2, 1]);
}

#[test]
fn short_and_bad_input_are_errors_with_paths() {
    let mut short = [23, 3, 3, 0, 9, 1, 2];
    let err = RecordMut::decode_mut(&mut short).unwrap_err();
    assert_eq!(err.path(), "RecordMut.payload");
    assert_eq!(err.kind(), needed(9, 2));
    assert_eq!(err.offset(), 5);
    let mut truncated = [23, 3];
    let err = RecordMut::decode_mut(&mut truncated).unwrap_err();
    assert_eq!(err.path(), "RecordMut.version");
    let mut trailing = [23, 3, 3, 0, 0, 0xEE];
    let err = RecordMut::decode_mut(&mut trailing).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TrailingBytes { count: 1 });
}

#[test]
fn fixed_size_nested_types_and_arrays_come_out_of_a_mutable_buffer() {
    let mut buffer = [1, 2, 0xAB, 0xCD, 5, 6, 7];
    let framed = Framed::decode_mut(&mut buffer).unwrap();
    assert_eq!(framed.header, Header { kind: 1, flags: 2 });
    assert_eq!(framed.tag, &[0xAB, 0xCD]);
    framed.body.fill(0);
    assert_eq!(buffer, [1, 2, 0xAB, 0xCD, 0, 0, 0]);
}

#[test]
fn reader_mut_reads_fixed_and_sized_types() {
    let mut buffer = [1, 2, 1, 4, 5];
    let mut r = ReaderMut::new(&mut buffer);
    let header: Header = r.read_fixed().unwrap();
    assert_eq!(header, Header { kind: 1, flags: 2 });
    let err = r.read_fixed::<zerowire::PayloadU8<'_>>().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Custom(_)));
    let payload: zerowire::PayloadU8<'_> = r.read_sized(2).unwrap();
    assert_eq!(payload.as_bytes(), [4]);
}
