//! Nested structs and repeated elements in windows of their own: up to a
//! terminator, a fixed size with padding or a terminator inside, the rest of
//! the input with padding, and `item_size` on any element type (Kaitai's
//! substreams of `terminator`, `pad-right` and `size` with `repeat`).

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_round_trip, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Pair {
    a: u8,
    b: u8,
}

#[derive(Decode, Debug, PartialEq)]
struct Name<'a> {
    #[eos]
    text: &'a str,
}

#[derive(Decode, Debug, PartialEq)]
struct Terminated<'a> {
    #[terminator(0)]
    pair: Pair,
    #[terminator(b'|', include)]
    #[skip_rest]
    first: Pair,
    #[terminator(b';', consume = false)]
    name: Name<'a>,
    semicolon: u8,
}

#[test]
fn a_nested_struct_reads_up_to_its_terminator() {
    let input = b"\x01\x02\0\x03\x04|hi;";
    let t = Terminated::decode(input).unwrap();
    assert_eq!(t.pair, Pair { a: 1, b: 2 });
    // `include` keeps the terminator in the window; `skip_rest` leaves it unread.
    assert_eq!(t.first, Pair { a: 3, b: 4 });
    assert_eq!(t.name.text, "hi");
    assert!(points_into(t.name.text.as_bytes(), input));
    assert_eq!(t.semicolon, b';');
    assert_round_trip::<Terminated<'static>>(input);

    // Without `skip_rest`, the struct must take its whole window.
    let e = Terminated::decode(b"\x01\x02\x09\0\x03\x04|hi;").unwrap_err();
    assert_eq!(e.path(), "Terminated.pair");
    assert_eq!(e.kind(), ErrorKind::TrailingBytes { count: 1 });
    // A window shorter than the struct is an error inside it.
    let e = Terminated::decode(b"\x01\0\x03\x04|hi;").unwrap_err();
    assert_eq!(e.path(), "Terminated.pair.b");
    assert_eq!(e.offset(), 1);
    // No terminator at all.
    let e = Terminated::decode(b"\x01\x02").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoTerminator { terminator: 0 });

    // Encoding writes the terminator after the struct, and refuses a struct
    // whose bytes hold it.
    let bad = Terminated {
        pair: Pair { a: 0, b: 1 },
        ..Terminated::decode(input).unwrap()
    };
    let e = bad.to_vec().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TerminatorInValue { terminator: 0 });
    assert_eq!(e.path(), "Terminated.pair");
}

#[derive(Decode, Debug, PartialEq)]
struct Padded<'a> {
    #[size(4)]
    #[pad_right(0xff)]
    name: Name<'a>,
    #[size(5)]
    #[terminator(0)]
    #[pad_right(b'+')]
    pair: Pair,
    #[eos]
    #[pad_right(b' ')]
    tail: Name<'a>,
}

#[test]
fn a_sized_nested_struct_strips_its_padding_and_stops_at_its_terminator() {
    let input = b"ab\xff\xff\x01\x02\0++end  ";
    let p = Padded::decode(input).unwrap();
    assert_eq!(p.name.text, "ab");
    assert_eq!(p.pair, Pair { a: 1, b: 2 });
    assert_eq!(p.tail.text, "end");
    assert_round_trip::<Padded<'static>>(b"ab\xff\xff\x01\x02\0++end");
    // The padding is written back to the fixed size.
    assert_eq!(p.to_vec().unwrap(), b"ab\xff\xff\x01\x02\0++end");

    let long = Padded {
        name: Name { text: "abcde" },
        ..Padded::decode(input).unwrap()
    };
    let e = long.to_vec().unwrap_err();
    assert_eq!(e.path(), "Padded.name");
    assert_eq!(
        e.kind(),
        ErrorKind::LengthMismatch {
            expected: 4,
            found: 5
        }
    );
    let e = Padded::decode(b"ab\xff").unwrap_err();
    assert_eq!(e.path(), "Padded.name");
}

#[derive(Decode, Debug, PartialEq)]
struct Elements<'a> {
    n: u8,
    #[count(n)]
    #[terminator(b';')]
    names: Vec<Name<'a>>,
    #[count(2)]
    #[item_size(3)]
    #[skip_rest]
    pairs: Vec<Pair>,
    #[count(2)]
    #[item_size(4)]
    #[skip_rest]
    #[endian(little)]
    numbers: Vec<u16>,
    #[count(2)]
    #[item_size(3)]
    #[pad_right(b'.')]
    padded: Vec<&'a [u8]>,
    #[eos]
    #[item_size(3)]
    #[terminator(0)]
    #[pad_right(b'.')]
    words: Vec<&'a str>,
}

#[test]
fn repeated_elements_each_read_their_own_window() {
    let input = b"\x02ab;c;\x01\x02x\x03\x04y\x01\x00zz\x02\x00zzq..rs.a\0.b..";
    let e = Elements::decode(input).unwrap();
    let names: Vec<&str> = e.names.iter().map(|n| n.text).collect();
    assert_eq!(names, ["ab", "c"]);
    assert_eq!(e.pairs, [Pair { a: 1, b: 2 }, Pair { a: 3, b: 4 }]);
    assert_eq!(e.numbers, [1, 2]);
    assert_eq!(e.padded, [&b"q"[..], b"rs"]);
    assert_eq!(e.words, ["a", "b"]);
    assert!(points_into(e.names[0].text.as_bytes(), input));

    // Encoding fills each element's window again (with zeros where the
    // struct or number left bytes).
    let again = e.to_vec().unwrap();
    assert_eq!(
        again,
        b"\x02ab;c;\x01\x02\0\x03\x04\0\x01\x00\0\0\x02\x00\0\0q..rs.a\0.b\0."
    );
    assert_round_trip::<Elements<'static>>(&again);

    // An element's error names its index and the field inside it.
    let e = Elements::decode(b"\x02ab;c").unwrap_err();
    assert_eq!(e.path(), "Elements.names[1]");
    assert_eq!(e.kind(), ErrorKind::NoTerminator { terminator: b';' });
    let e = Elements::decode(b"\x01a;\x01").unwrap_err();
    assert_eq!(e.path(), "Elements.pairs[0]");
    // A number in a window shorter than itself.
    #[derive(Decode, Debug)]
    struct Short {
        #[count(1)]
        #[item_size(1)]
        numbers: Vec<u16>,
    }
    let e = Short::decode(&[1, 2]).unwrap_err();
    assert_eq!(e.path(), "Short.numbers[0]");
    assert_eq!(e.offset(), 0);
}
