//! `#[size(EXPR)]`: exactly EXPR bytes, as a slice, as text, or as a window.

use zerowire::{Codec, Decode, ErrorKind, List};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, needed, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Named<'a> {
    len: u16,
    #[size(len)]
    name: &'a str,
    #[size(4)]
    tag: &'a [u8],
}

#[test]
fn size_on_text_checks_utf8_and_borrows() {
    let input = b"\x00\x05h\xc3\xa9llo!ta";
    let named = Named::decode(input).unwrap();
    assert_eq!(named.name, "héll");
    assert!(points_into(named.name.as_bytes(), input));
    assert_eq!(named.tag, b"o!ta");
}

#[test]
fn size_on_text_rejects_invalid_utf8_at_the_start_of_the_text() {
    let input = [0, 3, b'a', 0xFF, b'b', 1, 2, 3, 4];
    let err = Named::decode(&input).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Utf8 { valid_up_to: 1 });
    assert_eq!(err.offset(), 2);
    assert_eq!(
        err.to_string(),
        "Named.name: invalid UTF-8 after 1 valid bytes at offset 2"
    );
}

#[test]
fn sized_text_round_trips_and_every_prefix_fails() {
    let input = b"\x00\x02okTAGS";
    assert_round_trip::<Named<'static>>(input);
    assert_every_prefix_fails::<Named<'static>>(
        input,
        &[(0, "Named.len"), (2, "Named.name"), (4, "Named.tag")],
    );
}

// A nested struct with `size` is decoded inside a window: it cannot read past
// it, and the parent continues after the whole window.

#[derive(Decode, Debug, PartialEq)]
struct Outer<'a> {
    len: u8,
    #[size(len)]
    inner: Inner<'a>,
    after: u8,
}

#[derive(Decode, Debug, PartialEq)]
struct Inner<'a> {
    kind: u8,
    #[size(2)]
    body: &'a [u8],
}

#[test]
fn a_sized_child_must_fill_its_window() {
    // Window of 3: the child reads exactly 3, and the parent continues after it.
    let input = [3, 1, 0xA, 0xB, 0x42];
    let outer = Outer::decode(&input).unwrap();
    assert_eq!(outer.inner.kind, 1);
    assert_eq!(outer.inner.body, [0xA, 0xB]);
    assert_eq!(outer.after, 0x42);
    assert_eq!(outer.to_vec().unwrap(), input);

    // Window of 5: the child leaves 2 bytes, which encoding could not give
    // back, so they are an error at the child.
    let input = [5, 1, 0xA, 0xB, 0xEE, 0xEE, 0x42];
    let e = Outer::decode(&input).unwrap_err();
    assert_eq!(e.to_string(), "Outer.inner: 2 trailing bytes at offset 4");
}

#[derive(Decode, Debug, PartialEq)]
struct Slack<'a> {
    len: u8,
    #[size(len)]
    inner: WithRest<'a>,
    after: u8,
}

/// A child that keeps whatever its window holds after its fields.
#[derive(Decode, Debug, PartialEq)]
struct WithRest<'a> {
    kind: u8,
    #[eos]
    rest: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Skipping<'a> {
    len: u8,
    #[size(len)]
    #[skip_rest]
    inner: Inner<'a>,
    after: u8,
}

#[test]
fn skip_rest_skips_the_slack_as_kaitai_does_and_encodes_zeros() {
    let input = [5, 1, 0xA, 0xB, 0xEE, 0xEE, 0x42];
    let skipping = Skipping::decode(&input).unwrap();
    assert_eq!(skipping.inner.body, [0xA, 0xB]);
    assert_eq!(skipping.after, 0x42);
    // The skipped bytes are not kept: encoding pads the window with zeros.
    assert_eq!(skipping.to_vec().unwrap(), [5, 1, 0xA, 0xB, 0, 0, 0x42]);
}

#[test]
fn a_child_keeps_its_windows_slack_in_an_eos_field_and_round_trips() {
    let input = [5, 1, 0xA, 0xB, 0xEE, 0xEE, 0x42];
    let slack = Slack::decode(&input).unwrap();
    assert_eq!(slack.inner.rest, [0xA, 0xB, 0xEE, 0xEE]);
    assert_eq!(slack.after, 0x42);
    assert_eq!(slack.to_vec().unwrap(), input);
}

#[test]
fn a_child_cannot_read_past_its_window() {
    // Window of 2: the child needs 3.
    let input = [2, 1, 0xA, 0xB, 0x42];
    let err = Outer::decode(&input).unwrap_err();
    assert_eq!(err.path(), "Outer.inner.body");
    assert_eq!(err.offset(), 2);
    assert_eq!(err.kind(), needed(2, 1));
}

#[test]
fn a_window_that_fits_exactly_round_trips() {
    let input = [3, 1, 0xA, 0xB, 0x42];
    assert_round_trip::<Outer<'static>>(&input);
    assert_every_prefix_fails::<Outer<'static>>(
        &input,
        &[(0, "Outer.len"), (1, "Outer.inner"), (4, "Outer.after")],
    );
}

#[test]
fn encoding_a_child_larger_than_its_window_is_a_length_mismatch() {
    let mut outer = Outer::decode(&[3, 1, 0xA, 0xB, 0x42]).unwrap();
    outer.len = 2;
    let err = outer.to_vec().unwrap_err();
    assert_eq!(err.path(), "Outer.inner");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 2,
            found: 3
        }
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Sized<'a> {
    bytes: u8,
    #[size(bytes)]
    lazy: List<'a, u16>,
    #[size(4)]
    eager: Vec<u16>,
}

#[test]
fn size_on_repetitions_reads_elements_until_the_window_ends() {
    let input = [4, 0, 1, 0, 2, 0, 3, 0, 4];
    let sized = Sized::decode(&input).unwrap();
    assert_eq!(sized.lazy.iter().collect::<Vec<_>>(), [1, 2]);
    assert!(points_into(sized.lazy.as_bytes(), &input));
    assert_eq!(sized.eager, [3, 4]);
    assert_round_trip::<Sized<'static>>(&input);
    assert_every_prefix_fails::<Sized<'static>>(
        &input,
        &[(0, "Sized.bytes"), (1, "Sized.lazy"), (5, "Sized.eager")],
    );
}

#[test]
fn an_element_cut_by_the_window_names_its_index() {
    let input = [3, 0, 1, 0, 2, 0, 3, 0, 4];
    let err = Sized::decode(&input).unwrap_err();
    assert_eq!(err.path(), "Sized.lazy[1]");
    assert_eq!(err.offset(), 3);
    assert_eq!(err.kind(), needed(2, 1));
}

#[test]
fn a_list_of_numbers_cut_short_names_the_partial_element() {
    #[derive(Decode, Debug)]
    struct Words<'a> {
        #[size(11)]
        words: List<'a, u32>,
    }
    let input = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 3];
    let err = Words::decode(&input).unwrap_err();
    assert_eq!(err.path(), "Words.words[2]");
    assert_eq!(err.offset(), 8);
    assert_eq!(err.kind(), needed(4, 3));
}

#[test]
fn a_hostile_size_is_an_error_not_an_allocation() {
    #[derive(Decode, Debug)]
    struct Hostile<'a> {
        len: u32,
        #[size(len)]
        body: &'a [u8],
    }
    let err = Hostile::decode(&[0xFF, 0xFF, 0xFF, 0xFF, 1]).unwrap_err();
    assert_eq!(err.kind(), needed(0xFFFF_FFFF, 1));
    assert_eq!(err.path(), "Hostile.body");
}

#[test]
fn a_negative_size_is_negative_not_a_wrap() {
    #[derive(Decode, Debug)]
    struct Signed<'a> {
        len: i8,
        #[size(len)]
        body: &'a [u8],
    }
    let err = Signed::decode(&[0xFF, 1, 2]).unwrap_err();
    assert_eq!(err.path(), "Signed.body");
    assert_eq!(err.kind(), ErrorKind::NegativeLength { value: -1 });
    assert_eq!(
        err.to_string(),
        "Signed.body: length -1 is negative at offset 1"
    );
    assert_eq!(Signed::decode(&[1, 9]).unwrap().body, [9]);
}
