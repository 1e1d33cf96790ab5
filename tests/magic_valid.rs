//! `#[magic(...)]` (field and container) and `#[valid(EXPR)]`.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
#[zerowire(magic = b"ZW")]
struct Header {
    #[valid(value >= 1 && value <= 3)]
    version: u8,
    #[magic(b"\x00\x01")]
    _marker: (),
    #[valid(count <= 16)]
    count: u16,
}

const HEADER: &[u8] = b"ZW\x02\x00\x01\x00\x05";

#[test]
fn magic_values_are_checked_and_skipped() {
    let h = Header::decode(HEADER).unwrap();
    assert_eq!(
        h,
        Header {
            version: 2,
            _marker: (),
            count: 5
        }
    );
    assert_round_trip::<Header>(HEADER);
    assert_every_prefix_fails::<Header>(
        HEADER,
        &[
            (0, "Header"),
            (2, "Header.version"),
            (3, "Header._marker"),
            (5, "Header.count"),
        ],
    );
}

#[test]
fn a_wrong_container_magic_names_what_was_found() {
    let err = Header::decode(b"PK\x02\x00\x01\x00\x05").unwrap_err();
    assert_eq!(err.path(), "Header");
    assert_eq!(err.offset(), 0);
    assert_eq!(
        err.to_string(),
        "Header: expected magic b\"ZW\", found b\"PK\" at offset 0"
    );
}

#[test]
fn a_wrong_field_magic_names_the_field() {
    let err = Header::decode(b"ZW\x02\x00\x02\x00\x05").unwrap_err();
    assert_eq!(err.path(), "Header._marker");
    assert_eq!(err.offset(), 3);
    assert!(
        matches!(err.kind(), ErrorKind::BadMagic { expected: b"\x00\x01", found } if found.as_bytes() == b"\x00\x02")
    );
}

#[test]
fn a_failed_valid_check_names_the_expression() {
    let err = Header::decode(b"ZW\x09\x00\x01\x00\x05").unwrap_err();
    assert_eq!(err.path(), "Header.version");
    assert_eq!(err.offset(), 2);
    assert_eq!(
        err.to_string(),
        "Header.version: invalid value: `value >= 1 && value <= 3` does not hold at offset 2"
    );
    let err = Header::decode(b"ZW\x01\x00\x01\x00\x20").unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Invalid {
            check: "count <= 16"
        }
    );
}

#[test]
fn encoding_checks_valid_before_writing() {
    let h = Header {
        version: 0,
        _marker: (),
        count: 1,
    };
    let err = h.to_vec().unwrap_err();
    assert_eq!(err.path(), "Header.version");
}

#[test]
fn valid_sees_non_copy_fields_by_reference() {
    #[derive(Decode, Debug)]
    struct Words<'a> {
        #[eos]
        #[valid(value.len() % 2 == 0)]
        text: &'a str,
    }
    assert!(Words::decode(b"abcd").is_ok());
    assert_eq!(Words::decode(b"abc").unwrap_err().path(), "Words.text");
}
