//! `Items<'a, T>`: a repetition taken whole when read and decoded, element by
//! element, only by its iterator.

use zerowire::{decode_with, Codec, Decode, ErrorKind, Items, List};
use zerowire_suite::{assert_round_trip, needed, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Extension<'a> {
    kind: u16,
    len: u16,
    #[size(len)]
    body: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Hello<'a> {
    version: u8,
    len: u16,
    #[size(len)]
    extensions: Items<'a, Extension<'a>>,
    tail: u8,
}

/// Version 3, then 16 bytes of extensions (kind 1 with 3 bytes, kind 2 with
/// none, kind 5 with 1 byte), then the tail.
const HELLO: &[u8] = &[
    3, 0, 16, 0, 1, 0, 3, b'a', b'b', b'c', 0, 2, 0, 0, 0, 5, 0, 1, b'z', 9,
];

#[test]
fn items_take_their_window_and_decode_each_element_when_iterated() {
    let hello = Hello::decode(HELLO).unwrap();
    assert_eq!(hello.extensions.as_bytes(), &HELLO[3..19]);
    assert_eq!(hello.tail, 9);
    let extensions: Vec<Extension<'_>> = hello.extensions.iter().map(Result::unwrap).collect();
    let kinds: Vec<u16> = extensions.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [1, 2, 5]);
    assert_eq!(extensions[0].body, b"abc");
    assert!(points_into(extensions[0].body, HELLO));
    assert_eq!(extensions[1].body, b"");
    assert_eq!(extensions[2].body, b"z");
    // Iterating again decodes again, from the same bytes.
    assert_eq!(hello.extensions.iter().count(), 3);
}

#[test]
fn a_bad_element_is_an_error_of_the_iterator_not_of_the_decode() {
    // The third extension says 4 bytes of body, and 1 is left in the window.
    let mut input = HELLO.to_vec();
    input[17] = 4;
    let hello = Hello::decode(&input).unwrap();
    let mut iter = hello.extensions.iter();
    assert_eq!(iter.next().unwrap().unwrap().kind, 1);
    assert_eq!(iter.next().unwrap().unwrap().kind, 2);
    let err = iter.next().unwrap().unwrap_err();
    assert_eq!(err.path(), "Extension[2].body");
    assert_eq!(err.kind(), needed(4, 1));
    // The offset is the body's in the whole input.
    assert_eq!(err.offset(), 18);
    // The walk ends at the first error.
    assert!(iter.next().is_none());
    assert!(iter.next().is_none());
}

#[test]
fn the_same_bytes_as_a_list_fail_when_decoded() {
    #[derive(Decode, Debug)]
    struct Checked<'a> {
        version: u8,
        len: u16,
        #[size(len)]
        extensions: List<'a, Extension<'a>>,
        tail: u8,
    }
    let mut input = HELLO.to_vec();
    input[17] = 4;
    let err = Checked::decode(&input).unwrap_err();
    assert_eq!(err.path(), "Checked.extensions[2].body");
    assert_eq!(err.offset(), 18);
}

#[test]
fn an_element_that_takes_no_bytes_ends_the_walk_with_an_error() {
    let items: Items<'_, ()> = Items::new(&[1, 2, 3], 40);
    let mut iter = items.iter();
    let err = iter.next().unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoProgress);
    assert_eq!(err.offset(), 40);
    assert_eq!(err.path(), "[0]");
    assert!(iter.next().is_none());
    // No bytes, no elements, and no error.
    assert_eq!(Items::<'_, ()>::new(&[], 0).iter().count(), 0);
}

#[test]
fn the_index_of_an_error_counts_the_elements_before_it() {
    // Five u16s and a lone byte: the error is the sixth element's.
    let bytes = [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 6];
    let items: Items<'_, u16> = Items::new(&bytes, 100);
    let results: Vec<_> = items.iter().collect();
    assert_eq!(results.len(), 6);
    let values: Vec<u16> = results[..5].iter().map(|r| *r.as_ref().unwrap()).collect();
    assert_eq!(values, [1, 2, 3, 4, 5]);
    let err = results[5].as_ref().unwrap_err();
    assert_eq!(err.path(), "[5]");
    assert_eq!(err.offset(), 110);
    assert_eq!(err.kind(), needed(2, 1));
}

#[test]
fn eos_and_last_field_items_read_to_the_end() {
    #[derive(Decode, Debug, PartialEq)]
    struct Eos<'a> {
        #[eos]
        words: Items<'a, u16>,
    }
    #[derive(Decode, Debug, PartialEq)]
    struct Last<'a> {
        first: u8,
        words: Items<'a, u16>,
    }
    let input = [0, 7, 1, 0];
    let eos = Eos::decode(&input).unwrap();
    assert_eq!(
        eos.words.iter().collect::<Result<Vec<_>, _>>().unwrap(),
        [7, 256]
    );
    let last = Last::decode(&input).unwrap();
    assert_eq!(last.first, 0);
    assert_eq!(last.words.as_bytes(), [7, 1, 0]);
    // Three bytes are a word and a half: the second element fails.
    let err = last.words.iter().nth(1).unwrap().unwrap_err();
    assert_eq!(err.offset(), 3);
    assert_eq!(err.kind(), needed(2, 1));
    assert_round_trip::<Eos<'static>>(&input);
    assert_round_trip::<Last<'static>>(&input);
}

#[test]
fn items_encode_their_bytes_and_the_length_field_follows_them() {
    assert_round_trip::<Hello<'static>>(HELLO);
    let mut hello = Hello::decode(HELLO).unwrap();
    let one = [0, 8, 0, 1, b'q'];
    hello.extensions = Items::new(&one, 0);
    assert_eq!(
        hello.to_vec().unwrap(),
        [3, 0, 5, 0, 8, 0, 1, b'q', 9],
        "the length is rewritten from the items' bytes"
    );
}

#[test]
fn items_are_a_family_for_generic_helpers() {
    let sum = decode_with::<Items<'static, u16>, _>(&[0, 1, 0, 2], |items| {
        items
            .iter()
            .map(|w| w.map(u32::from))
            .sum::<Result<u32, _>>()
    })
    .unwrap()
    .unwrap();
    assert_eq!(sum, 3);
}

#[test]
fn items_compare_and_print_by_their_elements() {
    let a: Items<'_, u16> = Items::new(&[0, 1, 0, 2], 0);
    let b: Items<'_, u16> = Items::new(&[0, 1, 0, 2], 9);
    assert_eq!(a, b);
    assert_ne!(a, Items::new(&[0, 1], 0));
    assert_eq!(format!("{a:?}"), "[Ok(1), Ok(2)]");
    assert!(!a.is_empty());
    let (low, high) = a.iter().size_hint();
    assert_eq!((low, high), (1, Some(4)));
}
