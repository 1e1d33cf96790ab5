//! Unit tests of the runtime that run in every build: `no_std` without
//! `alloc`, with `alloc` only, and with `std` (`.ci/run` runs all three).

extern crate std;

use std::string::{String, ToString};

use crate::{
    Codec, Error, ErrorKind, Found, List, ListU16, ListU8, Number, PayloadU16, PayloadU8, Reader,
    U24,
};

#[test]
fn a_reader_hands_out_borrowed_pieces_with_absolute_offsets() {
    let bytes = [1, 2, 3, 4, 5, 6];
    let mut r = Reader::with_offset(&bytes, 100);
    assert_eq!(r.take(2).unwrap(), [1, 2]);
    let mut window = r.sub(3).unwrap();
    assert_eq!(window.position(), 102);
    assert_eq!(window.take_array::<2>().unwrap(), &[3, 4]);
    let e = window.take(2).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Needed {
            needed: 2,
            available: 1
        }
    );
    assert_eq!(e.offset(), 104);
    assert_eq!(r.position(), 105);
    assert_eq!(
        r.finish().unwrap_err().kind(),
        ErrorKind::TrailingBytes { count: 1 }
    );
    assert_eq!(r.rest(), [6]);
    assert!(r.finish().is_ok());
    // An emptied reader still knows where it is.
    assert_eq!(r.position(), 106);
    assert_eq!(r.rest(), []);
    assert_eq!(r.position(), 106);
}

#[test]
fn positions_come_from_the_bytes_taken_whatever_the_starting_offset() {
    let bytes = [7u8; 8];
    // Offsets near the top of the address space wrap as they did when the
    // reader counted them, rather than panic.
    let mut r = Reader::with_offset(&bytes, usize::MAX - 2);
    assert_eq!(r.position(), usize::MAX - 2);
    r.take(2).unwrap();
    assert_eq!(r.position(), usize::MAX);
    r.take_array::<3>().unwrap();
    assert_eq!(r.position(), 2);
    assert_eq!(r.take(9).unwrap_err().offset(), 2);
    // Two readers over the same bytes at different offsets do not interfere,
    // and a reader over an empty input sits at its offset.
    let mut a = Reader::with_offset(&bytes, 10);
    let mut b = Reader::with_offset(&bytes, 1000);
    a.take(1).unwrap();
    b.take(5).unwrap();
    assert_eq!((a.position(), b.position()), (11, 1005));
    assert_eq!(Reader::with_offset(&[], 42).position(), 42);
    // Positioned reads share the outermost input's offsets.
    let mut r = Reader::with_offset(&bytes, 50);
    r.take(3).unwrap();
    let window = r.sub(4).unwrap();
    let input = window.input();
    assert_eq!(input.at(51).unwrap().position(), 51);
    assert_eq!(input.in_window(1).unwrap().position(), 54);
    assert_eq!(input.at(49).unwrap_err().offset(), 49);
}

#[test]
fn numbers_read_big_endian_and_u24_keeps_three_bytes() {
    let bytes = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];
    let mut r = Reader::new(&bytes);
    assert_eq!(u16::read(&mut r).unwrap(), 0x0102);
    assert_eq!(U24::read(&mut r).unwrap().get(), 0x03_0405);
    assert_eq!(i16::read(&mut r).unwrap(), 0x0607);
    assert_eq!(u8::read(&mut r).unwrap_err().offset(), 7);
}

#[test]
fn payloads_and_lists_check_their_prefix_against_the_input() {
    let bytes = [0, 3, b'a', b'b', b'c'];
    let payload = PayloadU16::decode(&bytes).unwrap();
    assert_eq!(payload.as_bytes(), b"abc");

    let e = PayloadU8::decode(&[0xFF, 1]).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Needed {
            needed: 255,
            available: 1
        }
    );

    let list = ListU8::<u16>::decode(&[4, 0, 1, 0, 2]).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().eq([1, 2]));
    // An odd byte length cannot hold whole u16s: element 1 falls short.
    let e = ListU8::<u16>::decode(&[3, 0, 1, 0]).unwrap_err();
    assert_eq!(e.to_string(), "[1]: needed 2 bytes at offset 3, 1 left");
    let e = ListU16::<u32>::decode(&[0xFF, 0xFF, 1]).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Needed {
            needed: 0xFFFF,
            available: 1
        }
    );
}

/// A hand-written recursive type: a tag byte, then (when it is 1) a list of
/// itself that fills the rest. Recursion through a `List` needs no `alloc`.
#[derive(Debug)]
struct Nest<'a> {
    children: Option<List<'a, Nest<'a>>>,
}

impl<'a> Codec<'a> for Nest<'a> {
    fn read(r: &mut Reader<'a>) -> Result<Self, Error> {
        let children = match u8::read(r)? {
            1 => Some(List::read_count(r, 1)?),
            _ => None,
        };
        Ok(Nest { children })
    }

    #[cfg(feature = "alloc")]
    fn encode(&self, out: &mut alloc::vec::Vec<u8>) -> Result<(), Error> {
        match &self.children {
            Some(list) => {
                out.push(1);
                list.encode(out)
            }
            None => {
                out.push(0);
                Ok(())
            }
        }
    }
}

#[test]
fn recursion_past_the_depth_limit_is_an_error_not_a_stack_overflow() {
    let limit = Reader::MAX_DEPTH as usize;
    // MAX_DEPTH nested lists, then a leaf, decode.
    let mut within = [1u8; 129];
    within[limit] = 0;
    let nest = Nest::decode(&within).unwrap();
    assert!(nest.children.is_some());

    // Ones all the way down fail at the 129th list.
    let bytes = [1u8; 1000];
    let e = Nest::decode(&bytes).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH
        }
    );
    assert_eq!(e.offset(), limit + 1);
    // Each level names its element: the path keeps the innermost ones.
    assert_eq!(
        e.to_string(),
        "…[0][0][0][0][0][0][0]: nesting deeper than 128 levels at offset 129"
    );

    // The depth is restored after each read.
    let mut r = Reader::new(&within);
    Nest::read(&mut r).unwrap();
    assert_eq!(r.depth(), 0);
}

fn shown(kind: ErrorKind) -> String {
    Error::new(kind, 17)
        .at_field(&"Extension", &"body")
        .at_index(3)
        .at_field(&"Hello", &"extensions")
        .to_string()
}

/// Every kind's text, pinned: the path (with the list index), the offset, and
/// what was expected against what was found.
#[test]
fn every_error_kind_displays_its_path_offset_and_what_was_expected() {
    let path = "Hello.extensions[3].body";
    let cases: [(ErrorKind, &str); 30] = [
        (
            ErrorKind::Needed {
                needed: 16,
                available: 3,
            },
            "needed 16 bytes at offset 17, 3 left",
        ),
        (
            ErrorKind::BadMagic {
                expected: b"PK\x03\x04",
                found: Found::new(b"PK\x05\x06\x07"),
            },
            r#"expected magic b"PK\x03\x04", found b"PK\x05\x06\x07" at offset 17"#,
        ),
        (
            ErrorKind::Invalid {
                check: "value >= 16",
            },
            "invalid value: `value >= 16` does not hold at offset 17",
        ),
        (
            ErrorKind::TrailingBytes { count: 2 },
            "2 trailing bytes at offset 17",
        ),
        (
            ErrorKind::Utf8 { valid_up_to: 4 },
            "invalid UTF-8 after 4 valid bytes at offset 17",
        ),
        (
            ErrorKind::TooLarge {
                value: 70_000,
                max: 65_535,
            },
            "length 70000 is too large; the maximum is 65535 at offset 17",
        ),
        (
            ErrorKind::LengthMismatch {
                expected: 4,
                found: 5,
            },
            "length 5 does not match the declared length 4 at offset 17",
        ),
        (
            ErrorKind::Presence { expected: true },
            "value missing; its `when` condition holds at offset 17",
        ),
        (
            ErrorKind::Presence { expected: false },
            "value present; its `when` condition does not hold at offset 17",
        ),
        (
            ErrorKind::NotDecodedYet { name: "parent.len" },
            "`parent.len` is read before it is decoded at offset 17",
        ),
        (
            ErrorKind::Absent { name: "header.key" },
            "`header.key` is read but absent at offset 17",
        ),
        (
            ErrorKind::NotANumber { radix: 8 },
            "text that is no number in base 8 at offset 17",
        ),
        (
            ErrorKind::NoProgress,
            "an element consumed no bytes at offset 17",
        ),
        (
            ErrorKind::BadText {
                encoding: "UTF-16LE",
            },
            "text not valid in UTF-16LE at offset 17",
        ),
        (
            ErrorKind::BadProcess { process: "zlib" },
            "data that `zlib` refuses at offset 17",
        ),
        (
            ErrorKind::UndecidedEndian,
            "a byte order that no case decides at offset 17",
        ),
        (
            ErrorKind::IndexOutOfRange { index: 3, len: 2 },
            "index 3 is outside a list of 2 at offset 17",
        ),
        (
            ErrorKind::MissingArg { name: "width" },
            "argument `width` was not given; pass it with `#[args(width = ...)]` at offset 17",
        ),
        (
            ErrorKind::UnknownValue {
                value: Number::Unsigned(255),
            },
            "unknown value 255 (0xff) at offset 17",
        ),
        (
            ErrorKind::TagMismatch {
                tag: Number::Signed(-1),
            },
            "the variant does not match the tag -1 its parent holds at offset 17",
        ),
        (
            ErrorKind::UnknownTag {
                found: Found::new(b"GIF"),
            },
            "unknown tag b\"GIF\" at offset 17",
        ),
        (
            ErrorKind::TagMismatchBytes {
                tag: Found::new(&[0x50, 0xff]),
            },
            "the variant does not match the tag b\"P\\xff\" its parent holds at offset 17",
        ),
        (
            ErrorKind::OutOfRange { position: 900 },
            "position 900 lies outside the input at offset 17",
        ),
        (
            ErrorKind::NoTerminator { terminator: 0 },
            "no terminator 0x00 before the end of the input at offset 17",
        ),
        (
            ErrorKind::TerminatorInValue { terminator: 10 },
            "the value holds its terminator 0x0a at offset 17",
        ),
        (
            ErrorKind::UntilMismatch { index: 1 },
            "the `until` condition holds at element 1, not exactly at the last one at offset 17",
        ),
        (
            ErrorKind::RoundTrip { at: 5 },
            "re-encoded bytes differ from the input at byte 5 at offset 17",
        ),
        (
            ErrorKind::Overflow {
                expr: "rows * cols",
            },
            "`rows * cols` overflows or divides by zero at offset 17",
        ),
        (
            ErrorKind::TooDeep { limit: 128 },
            "nesting deeper than 128 levels at offset 17",
        ),
        (
            ErrorKind::Custom("bad checksum"),
            "bad checksum at offset 17",
        ),
    ];
    for (kind, text) in cases {
        assert_eq!(shown(kind), std::format!("{path}: {text}"));
    }
}

#[test]
fn a_path_without_a_type_or_past_its_depth_still_reads_well() {
    // A primitive's own error has no path.
    let e = u16::decode(&[1]).unwrap_err();
    assert_eq!(e.to_string(), "needed 2 bytes at offset 0, 1 left");
    assert!(e.path().is_empty());
    // Deeper than the path keeps: the outermost type, then the innermost steps.
    let mut e = Error::new(ErrorKind::NoProgress, 0);
    for _ in 0..10 {
        e = e.at_field(&"Node", &"next");
    }
    assert_eq!(
        e.to_string(),
        "Node.….next.next.next.next.next.next.next: an element consumed no bytes at offset 0"
    );
    assert_eq!(e.path(), "Node.….next.next.next.next.next.next.next");
}

#[cfg(feature = "alloc")]
#[test]
fn a_fixed_size_field_is_cut_at_its_terminator_before_its_padding_is_stripped() {
    use crate::__private::{fixed, Terminator};
    let t = |byte, include| {
        Some(Terminator {
            byte,
            include,
            consume: true,
            eos_error: false,
            unit: 1,
        })
    };
    // Kaitai's str_pad_term_equal: a terminator kept by `include` that is also the pad byte.
    assert_eq!(
        fixed(b"str4baz@....", Some(b'.'), t(b'.', true)),
        b"str4baz@."
    );
    assert_eq!(fixed(b"str1@@@@", Some(b'@'), t(b'@', false)), b"str1");
    assert_eq!(
        fixed(b"str2foo@++++", Some(b'+'), t(b'@', true)),
        b"str2foo@"
    );
    // No terminator: the padding is stripped.
    assert_eq!(fixed(b"abc....", Some(b'.'), t(b'@', false)), b"abc");
    assert_eq!(fixed(b"abc....", None, t(b'@', false)), b"abc....");
    assert_eq!(fixed(b"....", Some(b'.'), None), b"");
}
