//! Length-prefixed payloads and lists, borrowed from the input.

use zerowire::{
    Codec, ErrorKind, List, ListU16, ListU8, PayloadU16, PayloadU24, PayloadU32, PayloadU8, Reader,
};
use zerowire_suite::alloc_count::{count_allocated_bytes, CountingAlloc};
use zerowire_suite::{assert_round_trip, needed, points_into};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn each_payload_width_reads_its_prefix_and_borrows_the_bytes() {
    let input = [3, b'a', b'b', b'c'];
    let p = PayloadU8::decode(&input).unwrap();
    assert_eq!(p.as_bytes(), b"abc");
    assert!(points_into(p.as_bytes(), &input));

    let input = [0, 2, 7, 8];
    assert_eq!(PayloadU16::decode(&input).unwrap().as_bytes(), [7, 8]);
    let input = [0, 0, 1, 9];
    assert_eq!(PayloadU24::decode(&input).unwrap().as_bytes(), [9]);
    let input = [0, 0, 0, 0];
    assert!(PayloadU32::decode(&input).unwrap().is_empty());

    assert_round_trip::<PayloadU8<'static>>(&[3, b'a', b'b', b'c']);
    assert_round_trip::<PayloadU16<'static>>(&[0, 2, 7, 8]);
    assert_round_trip::<PayloadU24<'static>>(&[0, 0, 1, 9]);
    assert_round_trip::<PayloadU32<'static>>(&[0, 0, 0, 1, 5]);
}

#[test]
fn a_payload_longer_than_the_input_is_needed_bytes() {
    let err = PayloadU16::decode(&[0, 9, 1, 2]).unwrap_err();
    assert_eq!(err.kind(), needed(9, 2));
    assert_eq!(err.offset(), 2);
}

#[test]
fn a_hostile_u32_length_is_an_error_not_an_allocation() {
    // The one allocation is the error's details (a few hundred bytes at most),
    // never anything sized by the length.
    let input = [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3];
    let (result, allocations, bytes) = count_allocated_bytes(|| PayloadU32::decode(&input));
    assert_eq!(result.unwrap_err().kind(), needed(0xFFFF_FFFF, 3));
    assert_eq!(allocations, 1);
    assert!(bytes <= 256, "{bytes}");
    let (result, allocations, bytes) =
        count_allocated_bytes(|| ListU16::<u32>::decode(&[0xFF, 0xFF, 1]));
    assert!(result.is_err());
    assert_eq!(allocations, 1);
    assert!(bytes <= 256, "{bytes}");
}

#[test]
fn encoding_a_payload_too_long_for_its_prefix_is_too_large() {
    let bytes = vec![0; 300];
    let err = PayloadU8::new(&bytes).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::TooLarge {
            value: 300,
            max: 255
        }
    );
    assert_eq!(PayloadU16::new(&bytes).unwrap().len(), 300);
}

#[test]
fn prefixed_lists_decode_their_elements_lazily() {
    // u16 byte length 6, then three u16s.
    let input = [0, 6, 0, 1, 0, 2, 0, 3, 0xAA];
    let (list, rest) = ListU16::<u16>::decode_prefix(&input).unwrap();
    assert_eq!(rest, [0xAA]);
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().collect::<Vec<_>>(), [1, 2, 3]);
    assert!(points_into(list.list().as_bytes(), &input));
    assert_round_trip::<ListU16<'static, u16>>(&input[..8]);
}

#[test]
fn a_list_element_cut_by_the_length_prefix_names_its_index() {
    // Byte length 3 holds one u16 and half of another.
    let err = ListU8::<u16>::decode(&[3, 0, 1, 0]).unwrap_err();
    assert_eq!(err.path().to_string(), "[1]");
    assert_eq!(err.offset(), 3);
    assert_eq!(err.kind(), needed(2, 1));
}

#[test]
fn lists_of_payloads_borrow_every_element() {
    let input = [7, 2, b'h', b'i', 3, b'y', b'o', b'u'];
    let list = ListU8::<PayloadU8<'_>>::decode(&input).unwrap();
    let words: Vec<&[u8]> = list.iter().map(|p| p.as_bytes()).collect();
    assert_eq!(words, [&b"hi"[..], b"you"]);
    assert!(words.iter().all(|w| points_into(w, &input)));
    assert_eq!(format!("{list:?}"), "[Payload(6869), Payload(796f75)]");
}

#[test]
fn list_read_count_stops_at_the_count() {
    let input = [0, 1, 0, 2, 0, 3];
    let mut r = Reader::new(&input);
    let list = List::<u16>::read_count(&mut r, 2).unwrap();
    assert_eq!(list.iter().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(r.remaining(), 2);
    let mut r = Reader::new(&input);
    let err = List::<u16>::read_count(&mut r, 4).unwrap_err();
    assert_eq!(err.path().to_string(), "[3]");
    assert_eq!(err.offset(), 6);
}

#[test]
fn zero_sized_elements_cannot_loop_forever() {
    let mut r = Reader::new(&[1]);
    let list = List::<()>::read_count(&mut r, usize::MAX).unwrap();
    assert_eq!(list.len(), usize::MAX);
    let err = List::<()>::read_all(&mut Reader::new(&[1])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoProgress);
}

#[test]
fn a_hostile_count_of_numbers_is_an_error_not_an_overflow() {
    // `count * 2` overflows usize: the element walk reports the first missing one.
    let input = [0, 1, 0, 2, 9];
    let err = List::<u16>::read_count(&mut Reader::new(&input), usize::MAX).unwrap_err();
    assert_eq!(err.path().to_string(), "[2]");
    assert_eq!((err.offset(), err.kind()), (4, needed(2, 1)));
    // A whole number of u32s is checked by its length and still decodes each one.
    let list = List::<u32>::new(&[0, 0, 0, 7, 0, 0, 1, 0]).unwrap();
    assert_eq!(list.iter().collect::<Vec<_>>(), [7, 256]);
    assert_eq!(
        List::<u32>::new(&[0, 0, 0, 7, 0])
            .unwrap_err()
            .path()
            .to_string(),
        "[1]"
    );
}
