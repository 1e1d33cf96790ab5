//! `#[count(EXPR)]` and `#[eos]`: repetitions and the rest of the window.

use zerowire::{Codec, Decode, ErrorKind, List, PayloadU8};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, needed, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Counted<'a> {
    n: u8,
    #[count(n)]
    lazy: List<'a, u16>,
    #[count(2)]
    eager: Vec<PayloadU8<'a>>,
    #[eos]
    rest: &'a [u8],
}

const COUNTED: &[u8] = &[2, 0, 1, 0, 2, 1, b'a', 2, b'b', b'c', 9, 9];

#[test]
fn count_reads_that_many_elements_lazily_or_into_a_vec() {
    let c = Counted::decode(COUNTED).unwrap();
    assert_eq!(c.lazy.len(), 2);
    assert_eq!(c.lazy.iter().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(c.eager.len(), 2);
    assert_eq!(c.eager[1].as_bytes(), b"bc");
    assert!(points_into(c.eager[1].as_bytes(), COUNTED));
    assert_eq!(c.rest, [9, 9]);
}

#[test]
fn counted_fields_round_trip_and_every_prefix_fails() {
    assert_round_trip::<Counted<'static>>(COUNTED);
    assert_every_prefix_fails::<Counted<'static>>(
        &COUNTED[..10],
        &[
            (0, "Counted.n"),
            (1, "Counted.lazy[0]"),
            (3, "Counted.lazy[1]"),
            (5, "Counted.eager[0]"),
            (6, "Counted.eager[0]"),
            (7, "Counted.eager[1]"),
            (8, "Counted.eager[1]"),
        ],
    );
}

#[test]
fn a_hostile_count_fails_at_the_end_of_input_without_a_huge_allocation() {
    #[derive(Decode, Debug)]
    struct Many {
        n: u32,
        #[count(n)]
        items: Vec<u64>,
    }
    let err = Many::decode(&[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1]).unwrap_err();
    assert_eq!(err.path(), "Many.items[1]");
    assert_eq!(err.kind(), needed(8, 0));
}

#[test]
fn encoding_rewrites_the_count_from_the_data() {
    let mut c = Counted::decode(COUNTED).unwrap();
    let one = [0, 7];
    c.lazy = List::new(&one).unwrap();
    assert_eq!(c.to_vec().unwrap(), [1, 0, 7, 1, b'a', 2, b'b', b'c', 9, 9]);
}

#[test]
fn encoding_a_vec_whose_length_disagrees_with_a_constant_count_fails() {
    let mut c = Counted::decode(COUNTED).unwrap();
    c.eager.pop();
    let err = c.to_vec().unwrap_err();
    assert_eq!(err.path(), "Counted.eager");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 2,
            found: 1
        }
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Rest<'a> {
    len: u8,
    #[size(len)]
    window: Tail<'a>,
    #[eos]
    words: Vec<u16>,
}

#[derive(Decode, Debug, PartialEq)]
struct Tail<'a> {
    first: u8,
    #[eos]
    text: &'a str,
}

#[test]
fn eos_stops_at_the_end_of_the_current_window() {
    let input = [3, 7, b'h', b'i', 0, 1, 0, 2];
    let rest = Rest::decode(&input).unwrap();
    assert_eq!(rest.window.first, 7);
    assert_eq!(rest.window.text, "hi");
    assert_eq!(rest.words, [1, 2]);
    assert_round_trip::<Rest<'static>>(&input);
    // `eos` takes whatever is left, so only the fixed parts can run out.
    assert_every_prefix_fails::<Rest<'static>>(&input[..4], &[(0, "Rest.len"), (1, "Rest.window")]);
}

#[test]
fn eos_on_a_repetition_names_the_element_cut_short() {
    let err = Rest::decode(&[1, 7, 0, 1, 0]).unwrap_err();
    assert_eq!(err.path(), "Rest.words[1]");
    assert_eq!(err.offset(), 4);
}

#[test]
fn eos_on_a_nested_struct_gives_it_the_rest() {
    #[derive(Decode, Debug, PartialEq)]
    struct Wrapper<'a> {
        kind: u8,
        #[eos]
        tail: Tail<'a>,
    }
    let w = Wrapper::decode(&[1, 2, b'o', b'k']).unwrap();
    assert_eq!(w.tail.text, "ok");
    assert_round_trip::<Wrapper<'static>>(&[1, 2, b'o', b'k']);
}

#[derive(Decode, Debug, PartialEq)]
struct Sized3<'a> {
    n: u8,
    #[count(n)]
    sizes: Vec<u8>,
    #[count(n)]
    #[item_size(sizes[index])]
    names: Vec<&'a str>,
}

#[test]
fn item_size_gives_each_element_its_own_size_by_index() {
    let input = b"\x03\x01\x03\x02abbbcc";
    let s = Sized3::decode(input).unwrap();
    assert_eq!(s.names, ["a", "bbb", "cc"]);
    assert!(points_into(s.names[1].as_bytes(), input));
    assert_round_trip::<Sized3<'static>>(input);
    assert_every_prefix_fails::<Sized3<'static>>(
        input,
        &[
            (0, "Sized3.n"),
            (1, "Sized3.sizes[0]"),
            (2, "Sized3.sizes[1]"),
            (3, "Sized3.sizes[2]"),
            (4, "Sized3.names[0]"),
            (5, "Sized3.names[1]"),
            (8, "Sized3.names[2]"),
        ],
    );
    let mut s = Sized3::decode(input).unwrap();
    s.names[1] = "toolong";
    assert_eq!(s.to_vec().unwrap_err().path(), "Sized3.names[1]");
}

#[derive(Decode, Debug, PartialEq)]
struct Trailer<'a> {
    #[terminator(0)]
    name: &'a str,
    #[size(io.remaining().saturating_sub(2))]
    body: &'a [u8],
    check: u16,
}

#[test]
fn io_reads_the_current_window_in_a_size() {
    let input = b"ab\0xyz\x12\x34";
    let t = Trailer::decode(input).unwrap();
    assert_eq!(t.body, b"xyz");
    assert_eq!(t.check, 0x1234);
    assert_round_trip::<Trailer<'static>>(input);
}
