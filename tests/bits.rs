//! `#[bits(N)]`: bit fields packed most significant bit first in byte-aligned groups.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Header {
    #[bits(4)]
    version: u8,
    #[bits(4)]
    ihl: u8,
    #[bits(1)]
    flag: bool,
    #[bits(10)]
    offset: u16,
    after: u8,
    #[bits(3)]
    tail: u8,
}

#[test]
fn bit_fields_pack_msb_first_and_byte_fields_start_at_the_next_byte() {
    // 0100 0101 | 1 0000000 | 111 00000 (5 padding bits) | after | 101 00000
    let input = [0b0100_0101, 0b1000_0000, 0b1110_0000, 0x42, 0b1010_0000];
    let h = Header::decode(&input).unwrap();
    assert_eq!(
        h,
        Header {
            version: 4,
            ihl: 5,
            flag: true,
            offset: 7,
            after: 0x42,
            tail: 5
        }
    );
    assert_round_trip::<Header>(&input);
    // A group is taken whole (one bounds check); short, it fails at the field
    // that needs the first missing bit, as Kaitai's stream does.
    assert_every_prefix_fails::<Header>(
        &input,
        &[
            (0, "Header.version"),
            (1, "Header.flag"),
            (2, "Header.offset"),
            (3, "Header.after"),
            (4, "Header.tail"),
        ],
    );
    let e = Header::decode(&input[..2]).unwrap_err();
    // After `flag`, two bytes are taken: `offset` needs one more, none is left.
    assert_eq!(
        e.kind(),
        ErrorKind::Needed {
            needed: 1,
            available: 0
        }
    );
    assert_eq!(e.offset(), 2);
}

#[test]
fn a_value_too_wide_for_its_bits_is_too_large_on_encode() {
    let h = Header {
        version: 16,
        ihl: 0,
        flag: false,
        offset: 0,
        after: 0,
        tail: 0,
    };
    let err = h.to_vec().unwrap_err();
    assert_eq!(err.path(), "Header.version");
    assert_eq!(err.kind(), ErrorKind::TooLarge { value: 16, max: 15 });
}

#[derive(Decode, Debug, PartialEq)]
struct Wide {
    #[bits(64)]
    all: u64,
    #[bits(4)]
    nibble: u8,
}

#[test]
fn groups_may_be_wider_than_64_bits() {
    let input = [0xFF, 0, 0, 0, 0, 0, 0, 1, 0xA0];
    let w = Wide::decode(&input).unwrap();
    assert_eq!(w.all, 0xFF00_0000_0000_0001);
    assert_eq!(w.nibble, 0xA);
    assert_round_trip::<Wide>(&input);
}

// `bit_order = "lsb"` (Kaitai's `bit-endian: le`): a field's low bits come
// first, taken from the low bits of each byte.

#[derive(Decode, Debug, PartialEq)]
#[zerowire(bit_order = "lsb")]
struct Lsb {
    #[bits(3)]
    low: u8,
    #[bits(5)]
    high: u8,
    #[bits(12)]
    wide: u16,
    #[bits(4)]
    top: u8,
}

#[test]
fn lsb_first_bit_fields_read_from_the_low_end_of_each_byte() {
    let input = [0b1010_0011, 0x34, 0x12];
    let v = Lsb::decode(&input).unwrap();
    assert_eq!(
        v,
        Lsb {
            low: 0b011,
            high: 0b10100,
            wide: 0x234,
            top: 0x1
        }
    );
    assert_eq!(v.to_vec().unwrap(), input);
    assert_round_trip::<Lsb>(&[0xff, 0x00, 0x80]);
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(repr = u8)]
enum Kind {
    #[tag(1)]
    Ping,
    #[tag(2)]
    Pong,
    #[zerowire(other)]
    Other(u8),
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(repr = u8)]
enum Strict {
    Zero = 0,
    One = 1,
}

#[derive(Decode, Debug, PartialEq)]
struct Flags {
    #[bits(3)]
    kind: Kind,
    #[bits(1)]
    strict: Strict,
    #[bits(4)]
    rest: u8,
}

#[test]
fn a_c_like_enum_reads_from_a_bit_field() {
    // 010 1 0111
    let f = Flags::decode(&[0b0101_0111]).unwrap();
    assert_eq!(
        f,
        Flags {
            kind: Kind::Pong,
            strict: Strict::One,
            rest: 7
        }
    );
    assert_eq!(f.to_vec().unwrap(), [0b0101_0111]);
    // A value no variant names: kept by `other`, an error without it.
    assert_eq!(Flags::decode(&[0b1110_0000]).unwrap().kind, Kind::Other(7));
    assert_round_trip::<Flags>(&[0b1110_0000]);
    #[derive(Decode, Debug)]
    struct Two {
        #[bits(2)]
        strict: Strict,
        #[bits(6)]
        rest: u8,
    }
    let e = Two::decode(&[0b1000_0000]).unwrap_err();
    assert_eq!(e.path(), "Two.strict");
    assert_eq!(
        e.kind(),
        ErrorKind::UnknownValue {
            value: zerowire::Number::Unsigned(2)
        }
    );
    // A variant whose value does not fit its bits cannot be written.
    let wide = Flags {
        kind: Kind::Other(9),
        strict: Strict::Zero,
        rest: 0,
    };
    assert!(wide.to_vec().is_err());
}

/// Repeated bit fields (Kaitai's `b4` with `repeat`): elements of N bits from
/// the next byte, counted or to the end, the last byte's spare bits padding.
#[derive(Decode, Debug, PartialEq)]
struct Nibbles {
    n: u8,
    #[bits(4)]
    #[count(n)]
    counted: Vec<u8>,
    #[bits(1)]
    #[count(3)]
    flags: Vec<bool>,
    #[bits(12)]
    #[eos]
    rest: Vec<u16>,
}

#[test]
fn repeated_bit_fields_read_elements_of_n_bits() {
    // 3 nibbles (a padded byte after them), 3 flags in one byte, then two
    // 12-bit values in 3 bytes.
    let input = [3, 0x12, 0x30, 0b1010_0000, 0xAB, 0xCD, 0xEF];
    let v = Nibbles::decode(&input).unwrap();
    assert_eq!(v.counted, [1, 2, 3]);
    assert_eq!(v.flags, [true, false, true]);
    assert_eq!(v.rest, [0xABC, 0xDEF]);
    assert_round_trip::<Nibbles>(&input);

    // The end falls inside an element: Kaitai's end of stream.
    let e = Nibbles::decode(&input[..6]).unwrap_err();
    assert_eq!(e.path(), "Nibbles.rest");
    assert!(matches!(e.kind(), ErrorKind::Needed { .. }));
    // Too few bytes for the count.
    let e = Nibbles::decode(&[5, 0x12]).unwrap_err();
    assert_eq!(e.path(), "Nibbles.counted");
    // An element wider than its bits is too large on encode; a count that
    // disagrees with `n` is a length mismatch.
    let mut w = Nibbles::decode(&input).unwrap();
    w.counted[0] = 16;
    assert!(matches!(
        w.to_vec().unwrap_err().kind(),
        ErrorKind::TooLarge { .. }
    ));
    w.counted = vec![1, 2];
    assert!(w.to_vec().is_ok(), "`n` is rewritten from the elements");
}

/// A conditional bit field (`Option` with `when`, Kaitai's `if` on a `bN`):
/// its group takes bytes as each field needs them, as Kaitai's stream does, so
/// `io.pos` between the fields counts the bytes taken so far.
#[derive(Decode, Debug, PartialEq)]
struct Conditional {
    #[bits(3)]
    head: u8,
    #[bits(5)]
    #[when(io.window_position() == 1)]
    low: Option<u8>,
    #[bits(1)]
    #[when(head == 7)]
    flag: Option<bool>,
    #[bits(7)]
    #[when(io.window_position() == 2)]
    tail: Option<u8>,
    after: u8,
}

#[test]
fn conditional_bit_fields_take_the_bytes_they_need() {
    // 111 01100 | 1 0111011 | after
    let input = [0b1110_1100, 0b1011_1011, 0x42];
    let v = Conditional::decode(&input).unwrap();
    assert_eq!(
        v,
        Conditional {
            head: 7,
            low: Some(0b01100),
            flag: Some(true),
            tail: Some(0b011_1011),
            after: 0x42
        }
    );
    assert_round_trip::<Conditional>(&input);
    // `flag` absent: `tail` is read from the first byte's rest... which `low`
    // took; `io.pos` is then 1, so `tail` is absent too and `after` is byte 1.
    let v = Conditional::decode(&[0b0110_1100, 0x42]).unwrap();
    assert_eq!(
        v,
        Conditional {
            head: 3,
            low: Some(0b01100),
            flag: None,
            tail: None,
            after: 0x42
        }
    );
    assert_round_trip::<Conditional>(&[0b0110_1100, 0x42]);
    // Errors come at the field that needs the missing byte.
    assert_every_prefix_fails::<Conditional>(
        &input,
        &[
            (0, "Conditional.head"),
            (1, "Conditional.flag"),
            (2, "Conditional.after"),
        ],
    );
    // Encode checks that a conditional field is present exactly when `when`
    // holds (unless `when` reads `io`, which exists only while decoding).
    let mut w = Conditional::decode(&input).unwrap();
    w.flag = None;
    assert!(matches!(
        w.to_vec().unwrap_err().kind(),
        ErrorKind::Presence { .. }
    ));
}

/// In a group with a conditional field, `io.eof` (`is_empty`) is Kaitai's:
/// not at the end while bits of the last byte taken are left.
#[derive(Decode, Debug, PartialEq)]
struct UpToTheEnd {
    #[bits(20)]
    head: u32,
    #[bits(4)]
    #[when(!io.is_empty())]
    rest: Option<u8>,
    #[bits(16)]
    #[when(!io.is_empty())]
    more: Option<u16>,
}

#[test]
fn the_end_of_a_bit_stream_counts_the_bits_left() {
    let v = UpToTheEnd::decode(&[0x01, 0x42, 0xff]).unwrap();
    assert_eq!(
        v,
        UpToTheEnd {
            head: 0x0142f,
            rest: Some(0xf),
            more: None
        }
    );
    assert_eq!(v.to_vec().unwrap(), [0x01, 0x42, 0xff]);
    let v = UpToTheEnd::decode(&[0x01, 0x42, 0xff, 0x12, 0x34]).unwrap();
    assert_eq!(v.more, Some(0x1234));
}

/// `#[bits(N, lsb)]` / `#[bits(N, msb)]`: a field's own bit order (Kaitai's
/// `b5le` in a `be` schema); a change of order starts a new group on a byte.
#[derive(Decode, Debug, PartialEq)]
struct Mixed {
    #[bits(6)]
    be1: u8,
    #[bits(10)]
    be2: u16,
    #[bits(8, lsb)]
    le3: u8,
    #[bits(8)]
    be4: u8,
    #[bits(5, lsb)]
    le5: u8,
    #[bits(6, lsb)]
    le6: u8,
    #[bits(5, lsb)]
    le7: u8,
    #[bits(1)]
    be8: bool,
}

#[test]
fn a_field_may_have_its_own_bit_order() {
    let input = [0xEC, 0xBB, 0xA3, 0x14, 0x8A, 0xD4, 0xCC];
    let v = Mixed::decode(&input).unwrap();
    assert_eq!(
        v,
        Mixed {
            be1: 0b111011,
            be2: 0b00_1011_1011,
            le3: 0xA3,
            be4: 0x14,
            le5: 0b01010,
            le6: 0b100100,
            le7: 0b11010,
            be8: true
        }
    );
    // The last byte's other bits are padding: zero on encode.
    let mut expected = input;
    expected[6] = 0x80;
    assert_eq!(v.to_vec().unwrap(), expected);
    assert_round_trip::<Mixed>(&expected);
}
