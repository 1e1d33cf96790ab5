//! Structs written by `macro_rules!`: a `$t:ty` arrives in an invisible group,
//! inside which the derive must still see a number, a `Vec` element or an
//! `Option`'s content, and which it must write back unchanged.

use zerowire::{Codec, Decode, ErrorKind};

macro_rules! record {
    ($name:ident, $len:ty, $elem:ty, $minus:expr) => {
        // Little-endian, so that a number the derive failed to see through
        // its group (decoded as a nested `Codec`, big-endian) would show.
        #[derive(Decode, Debug, PartialEq)]
        #[zerowire(endian = "little")]
        struct $name<'a> {
            len: $len,
            #[size(len)]
            body: &'a [u8],
            #[count(usize::from(len) - $minus)]
            items: Vec<$elem>,
            #[when(len > 1)]
            extra: Option<$elem>,
        }
    };
}

record!(Small, u8, u16, 0);
record!(Wide, u16, u8, 1);

#[test]
fn types_from_a_macro_decode_as_written_directly() {
    let small = Small::decode(&[2, 0xAA, 0xBB, 1, 0, 2, 0, 3, 0]).unwrap();
    assert_eq!(small.body, [0xAA, 0xBB]);
    assert_eq!(small.items, [1, 2]);
    assert_eq!(small.extra, Some(3));
    assert_eq!(small.to_vec().unwrap(), [2, 0xAA, 0xBB, 1, 0, 2, 0, 3, 0]);
    // A `u16` element: two bytes each, checked like any other.
    let e = Small::decode(&[2, 0xAA, 0xBB, 1, 0, 0]).unwrap_err();
    assert_eq!(e.path(), "Small.items[1]");
    assert!(matches!(e.kind(), ErrorKind::Needed { .. }), "{e}");

    // A `u16` length, `u8` elements, and `$minus` in its own invisible group.
    let wide = Wide::decode(&[3, 0, 7, 8, 9, 1, 2, 5]).unwrap();
    assert_eq!(wide.body, [7, 8, 9]);
    assert_eq!(wide.items, [1, 2]);
    assert_eq!(wide.extra, Some(5));
    // `0 - 1` underflows: an error, not a wrap or a panic.
    let e = Wide::decode(&[0, 0]).unwrap_err();
    assert_eq!(e.path(), "Wide.items");
    assert!(matches!(e.kind(), ErrorKind::Overflow { .. }), "{e}");
}
