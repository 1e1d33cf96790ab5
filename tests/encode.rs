//! Encoding: the same bytes back, lengths written from the data, mismatches reported.

use zerowire::{Codec, Decode, ErrorKind, U24};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Message<'a> {
    kind: u8,
    len: u8,
    #[size(len)]
    body: &'a [u8],
    name_len: U24,
    #[size(name_len)]
    name: &'a str,
}

#[test]
fn a_plain_length_field_is_written_from_the_data() {
    let m = Message {
        kind: 1,
        len: 0,
        body: b"hello",
        name_len: U24::default(),
        name: "zw",
    };
    assert_eq!(
        m.to_vec().unwrap(),
        [1, 5, b'h', b'e', b'l', b'l', b'o', 0, 0, 2, b'z', b'w']
    );
    let bytes = m.to_vec().unwrap();
    assert_round_trip::<Message<'static>>(&bytes);
    assert_every_prefix_fails::<Message<'static>>(
        &bytes,
        &[
            (0, "Message.kind"),
            (1, "Message.len"),
            (2, "Message.body"),
            (7, "Message.name_len"),
            (10, "Message.name"),
        ],
    );
}

#[test]
fn data_too_long_for_its_length_field_is_too_large_at_that_field() {
    let body = vec![0; 300];
    let m = Message {
        kind: 1,
        len: 0,
        body: &body,
        name_len: U24::default(),
        name: "",
    };
    let err = m.to_vec().unwrap_err();
    assert_eq!(err.path(), "Message.len");
    assert_eq!(
        err.kind(),
        ErrorKind::TooLarge {
            value: 300,
            max: 255
        }
    );
    assert_eq!(
        err.to_string(),
        "Message.len: length 300 is too large; the maximum is 255 at offset 0"
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Computed<'a> {
    words: u8,
    #[size(usize::from(words) * 2)]
    body: &'a [u8],
}

#[test]
fn a_computed_size_is_checked_not_rewritten() {
    let c = Computed {
        words: 2,
        body: b"abcd",
    };
    assert_eq!(c.to_vec().unwrap(), [2, b'a', b'b', b'c', b'd']);
    let c = Computed {
        words: 2,
        body: b"abc",
    };
    let err = c.to_vec().unwrap_err();
    assert_eq!(err.path(), "Computed.body");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 4,
            found: 3
        }
    );
    assert_eq!(err.offset(), 1);
}

#[test]
fn encode_appends_to_what_the_buffer_holds() {
    let c = Computed {
        words: 1,
        body: b"xy",
    };
    let mut out = vec![0xAA];
    c.encode(&mut out).unwrap();
    assert_eq!(out, [0xAA, 1, b'x', b'y']);
}
