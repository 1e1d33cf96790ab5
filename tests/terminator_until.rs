//! `#[terminator(..)]`, `#[pad_right(..)]` and `#[until(..)]`.

use zerowire::{Codec, Decode, ErrorKind, List};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, needed, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Strings<'a> {
    #[terminator(0)]
    plain: &'a str,
    #[terminator(b'|', include)]
    with_bar: &'a [u8],
    #[terminator(b';', consume = false)]
    before_semicolon: &'a str,
    semicolon: u8,
    #[terminator(0, eos_error = false)]
    tail: &'a str,
}

#[test]
fn terminators_end_text_and_bytes_with_kaitai_options() {
    let input = b"abc\0xy|hello;;rest";
    let s = Strings::decode(input).unwrap();
    assert_eq!(s.plain, "abc");
    assert!(points_into(s.plain.as_bytes(), input));
    assert_eq!(s.with_bar, b"xy|");
    assert_eq!(s.before_semicolon, "hello");
    assert_eq!(s.semicolon, b';');
    assert_eq!(s.tail, ";rest", "without eos_error the rest is the value");
    // Encoding writes the canonical form, with the terminator.
    assert_eq!(s.to_vec().unwrap(), b"abc\0xy|hello;;rest\0");
    assert_round_trip::<Strings<'static>>(b"abc\0xy|hello;;rest\0");
    assert_round_trip::<Strings<'static>>(b"\0|;;last\0");
}

#[test]
fn a_missing_terminator_is_an_error_at_the_field() {
    #[derive(Decode, Debug)]
    struct Name<'a> {
        id: u8,
        #[terminator(0)]
        name: &'a str,
    }
    let err = Name::decode(b"\x01abc").unwrap_err();
    assert_eq!(err.path(), "Name.name");
    assert_eq!(err.kind(), ErrorKind::NoTerminator { terminator: 0 });
    assert_eq!(err.offset(), 1);
    assert_eq!(
        err.to_string(),
        "Name.name: no terminator 0x00 before the end of the input at offset 1"
    );
    let err = Name {
        id: 1,
        name: "a\0b",
    }
    .to_vec()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TerminatorInValue { terminator: 0 });
}

#[derive(Decode, Debug, PartialEq)]
struct Padded<'a> {
    #[size(8)]
    #[pad_right(b'@')]
    padded: &'a str,
    #[size(6)]
    #[terminator(0)]
    terminated: &'a [u8],
    #[size(6)]
    #[terminator(b'x')]
    #[pad_right(b' ')]
    both: &'a str,
}

#[test]
fn fixed_size_fields_strip_padding_and_stop_at_the_terminator() {
    let input = b"str1@@@@ab\0\0\0\0hix   ";
    let p = Padded::decode(input).unwrap();
    assert_eq!(p.padded, "str1");
    assert_eq!(p.terminated, b"ab");
    assert_eq!(p.both, "hi");
    assert_round_trip::<Padded<'static>>(input);
    assert_every_prefix_fails::<Padded<'static>>(
        input,
        &[
            (0, "Padded.padded"),
            (8, "Padded.terminated"),
            (14, "Padded.both"),
        ],
    );
    let long = Padded {
        padded: "too long!",
        terminated: b"",
        both: "",
    };
    let err = long.to_vec().unwrap_err();
    assert_eq!(err.path(), "Padded.padded");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 8,
            found: 9
        }
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Lines<'a> {
    n: u8,
    #[count(n)]
    #[terminator(b'\n')]
    lines: Vec<&'a str>,
}

#[test]
fn a_vec_of_terminated_text_reads_each_element_to_its_terminator() {
    let input = b"\x03one\ntwo\n\nx";
    let (l, rest) = Lines::decode_prefix(input).unwrap();
    assert_eq!(l.lines, ["one", "two", ""]);
    assert_eq!(rest, b"x");
    assert_round_trip::<Lines<'static>>(&input[..input.len() - 1]);
    let err = Lines::decode(b"\x02one\ntwo").unwrap_err();
    assert_eq!(err.path(), "Lines.lines[1]");
    assert_eq!(err.kind(), ErrorKind::NoTerminator { terminator: b'\n' });
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(endian = "little")]
struct UntilNegative<'a> {
    #[until(item == -1)]
    numbers: Vec<i32>,
    #[until(item.kind == 0)]
    records: List<'a, Record>,
    after: u8,
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
struct Record {
    kind: u8,
    value: u8,
}

#[test]
fn until_stops_after_the_first_element_that_matches() {
    let input = [5, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 9, 0, 8, 0x42];
    let u = UntilNegative::decode(&input).unwrap();
    assert_eq!(u.numbers, [5, -1]);
    let records: Vec<Record> = u.records.iter().collect();
    assert_eq!(
        records,
        [Record { kind: 1, value: 9 }, Record { kind: 0, value: 8 }]
    );
    assert_eq!(u.after, 0x42);
    assert_round_trip::<UntilNegative<'static>>(&input);
    assert_every_prefix_fails::<UntilNegative<'static>>(
        &input,
        &[
            (0, "UntilNegative.numbers[0]"),
            (4, "UntilNegative.numbers[1]"),
            (8, "UntilNegative.records[0].kind"),
            (9, "UntilNegative.records[0].value"),
            (10, "UntilNegative.records[1].kind"),
            (11, "UntilNegative.records[1].value"),
            (12, "UntilNegative.after"),
        ],
    );
}

#[test]
fn until_without_a_match_runs_out_of_input() {
    let err = UntilNegative::decode(&[1, 0, 0, 0]).unwrap_err();
    assert_eq!(err.path(), "UntilNegative.numbers[1]");
    assert_eq!(err.kind(), needed(4, 0));
}

#[test]
fn encoding_checks_that_only_the_last_element_ends_the_repetition() {
    let mut u = UntilNegative::decode(&[5, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 1, 2]).unwrap();
    u.numbers = vec![-1, 5];
    let err = u.to_vec().unwrap_err();
    assert_eq!(err.path(), "UntilNegative.numbers");
    assert_eq!(err.kind(), ErrorKind::UntilMismatch { index: 0 });
}

/// A repetition that ends with `until` inside a `size` window: TCP's options,
/// a region of `header_len` bytes whose list ends at the end-of-options kind
/// (0), padded after it (`skip_rest`), and a list that must fill its window.
#[derive(Decode, Debug, PartialEq)]
struct Segment<'a> {
    header_len: u8,
    #[size(header_len)]
    #[until(item.kind == 0)]
    #[skip_rest]
    options: Vec<TcpOption<'a>>,
    exact_len: u8,
    #[size(exact_len)]
    #[until(item.kind == 0)]
    exact: List<'a, Record>,
    #[eos]
    payload: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct TcpOption<'a> {
    kind: u8,
    #[when(kind > 1)]
    body: Option<OptionBody<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
struct OptionBody<'a> {
    len: u8,
    #[size(len - 2)]
    data: &'a [u8],
}

#[test]
fn until_inside_a_size_window() {
    // Options: NOP, MSS (kind 2, len 4), END, then two bytes of padding.
    let input = [
        8, 1, 2, 4, 0x05, 0xB4, 0, 0, 0, //
        4, 1, 9, 0, 8, //
        0xAB,
    ];
    let s = Segment::decode(&input).unwrap();
    let kinds: Vec<u8> = s.options.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, [1, 2, 0]);
    let mss = s.options[1].body.as_ref().unwrap();
    assert_eq!(mss.data, [0x05, 0xB4]);
    assert!(points_into(mss.data, &input));
    let records: Vec<Record> = s.exact.iter().collect();
    assert_eq!(
        records,
        [Record { kind: 1, value: 9 }, Record { kind: 0, value: 8 }]
    );
    assert_eq!(s.payload, [0xAB]);
    assert_round_trip::<Segment<'static>>(&input);

    // The padding after the end is skipped, and written back as zeros.
    let mut padded = input;
    padded[7] = 0xEE;
    let s = Segment::decode(&padded).unwrap();
    assert_eq!(s.to_vec().unwrap(), input);

    // Without `skip_rest`, the list must end exactly at its window's end.
    let short_window = [0, 2, 1, 9, 0, 8];
    let err = Segment::decode(&short_window).unwrap_err();
    assert_eq!(err.path(), "Segment.options[0].kind");
    let mut trailing = input.to_vec();
    trailing[9] = 5;
    trailing.insert(14, 0x77);
    let err = Segment::decode(&trailing).unwrap_err();
    assert_eq!(err.path(), "Segment.exact");
    assert_eq!(err.kind(), ErrorKind::TrailingBytes { count: 1 });

    // The window ends before the condition holds: the next element is cut off.
    let err = Segment::decode(&[2, 1, 1, 0]).unwrap_err();
    assert_eq!(err.path(), "Segment.options[2].kind");
    assert_eq!(err.kind(), needed(1, 0));

    // The element's own arithmetic is checked: a length below 2 is an overflow.
    let err = Segment::decode(&[3, 2, 1, 0, 0]).unwrap_err();
    assert_eq!(err.path(), "Segment.options[0].body.data");
    assert_eq!(err.kind(), ErrorKind::Overflow { expr: "len - 2" });

    // On encode, `until` is checked first, and the window's size after.
    let mut s = Segment::decode(&input).unwrap();
    s.options.swap(0, 2);
    let err = s.to_vec().unwrap_err();
    assert_eq!(err.path(), "Segment.options");
    assert_eq!(err.kind(), ErrorKind::UntilMismatch { index: 0 });
    let mut s = Segment::decode(&input).unwrap();
    s.header_len = 4;
    let err = s.to_vec().unwrap_err();
    assert_eq!(err.path(), "Segment.options");
}

// `until` over `io`, the reader after the element (Kaitai's
// `repeat-until: _io.eof`): elements up to the end of the window, through
// the last one even where it would end the window early.
#[derive(Decode, Debug, PartialEq)]
struct Chunks<'a> {
    count: u8,
    #[size(count)]
    #[until(io.is_empty())]
    owned: Vec<Chunk<'a>>,
    #[until(io.remaining() <= 1)]
    lazy: List<'a, Chunk<'a>>,
    last: u8,
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
struct Chunk<'a> {
    len: u8,
    #[size(len)]
    body: &'a [u8],
}

#[test]
fn until_reads_the_reader_after_each_element() {
    let input = b"\x05\x01a\x02bc\x00\x01d\x09";
    let r = Chunks::decode(input).unwrap();
    assert_eq!(
        r.owned,
        [
            Chunk { len: 1, body: b"a" },
            Chunk {
                len: 2,
                body: b"bc"
            }
        ]
    );
    let lazy: Vec<Chunk<'_>> = r.lazy.iter().collect();
    assert_eq!(
        lazy,
        [Chunk { len: 0, body: b"" }, Chunk { len: 1, body: b"d" }]
    );
    assert_eq!(r.last, 9);
    assert_round_trip::<Chunks<'static>>(input);
    // Without an end in the window, the element past it fails.
    let e = Chunks::decode(b"\x02\x05abc").unwrap_err();
    assert_eq!(e.path(), "Chunks.owned[0].body");
}
