//! `#[when(EXPR)]` on `Option` fields: present only when EXPR holds.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Packet<'a> {
    flags: u8,
    #[when(flags & 1 != 0)]
    id: Option<u32>,
    #[when(flags & 2 != 0)]
    #[size(2)]
    extra: Option<&'a [u8]>,
    #[when(flags & 4 != 0)]
    nested: Option<Nested>,
    last: u8,
}

#[derive(Decode, Debug, PartialEq)]
struct Nested {
    a: u8,
    b: u8,
}

#[test]
fn absent_fields_read_no_bytes() {
    let p = Packet::decode(&[0, 0x42]).unwrap();
    assert_eq!(
        p,
        Packet {
            flags: 0,
            id: None,
            extra: None,
            nested: None,
            last: 0x42
        }
    );
    assert_round_trip::<Packet<'static>>(&[0, 0x42]);
}

#[test]
fn present_fields_are_read_in_order() {
    let input = [7, 0, 0, 0, 5, 0xA, 0xB, 1, 2, 0x42];
    let p = Packet::decode(&input).unwrap();
    assert_eq!(p.id, Some(5));
    assert_eq!(p.extra, Some(&[0xA, 0xB][..]));
    assert_eq!(p.nested, Some(Nested { a: 1, b: 2 }));
    assert_eq!(p.last, 0x42);
    assert_round_trip::<Packet<'static>>(&input);
    assert_every_prefix_fails::<Packet<'static>>(
        &input,
        &[
            (0, "Packet.flags"),
            (1, "Packet.id"),
            (5, "Packet.extra"),
            (7, "Packet.nested.a"),
            (8, "Packet.nested.b"),
            (9, "Packet.last"),
        ],
    );
}

#[test]
fn encoding_an_option_that_disagrees_with_its_condition_fails() {
    let mut p = Packet::decode(&[1, 0, 0, 0, 5, 0x42]).unwrap();
    p.id = None;
    let err = p.to_vec().unwrap_err();
    assert_eq!(err.path(), "Packet.id");
    assert_eq!(err.kind(), ErrorKind::Presence { expected: true });
    assert_eq!(err.offset(), 1);
    p.id = Some(5);
    p.last = 1;
    p.nested = Some(Nested { a: 0, b: 0 });
    let err = p.to_vec().unwrap_err();
    assert_eq!(err.path(), "Packet.nested");
    assert_eq!(err.kind(), ErrorKind::Presence { expected: false });
}

#[derive(Decode, Debug, Clone, Copy, PartialEq)]
#[zerowire(repr = u8)]
enum Op {
    A = 1,
    B = 2,
}

#[derive(Decode, Debug, PartialEq)]
struct Instruction {
    op: Op,
    header: Nested,
    // A C-like enum and a nested struct are seen the same way in decode and
    // encode (by reference), so one expression compiles for both.
    #[when(*op == Op::B && header.a == 7)]
    operand: Option<u16>,
}

#[test]
fn an_enum_field_reads_the_same_in_decode_and_encode() {
    let with = [2, 7, 0, 0x12, 0x34];
    let i = Instruction::decode(&with).unwrap();
    assert_eq!(i.operand, Some(0x1234));
    assert_round_trip::<Instruction>(&with);
    let without = [1, 7, 0];
    assert_eq!(Instruction::decode(&without).unwrap().operand, None);
    assert_round_trip::<Instruction>(&without);
    let bad = Instruction {
        op: Op::A,
        header: Nested { a: 7, b: 0 },
        operand: Some(1),
    };
    assert!(matches!(
        bad.to_vec().unwrap_err().kind(),
        ErrorKind::Presence { .. }
    ));
}

/// `when` and `valid` may read the reader (`io`) while decoding, as Kaitai's
/// `if: not _io.eof`; encoding then writes what the value holds.
#[derive(Decode, Debug, PartialEq)]
struct Trailer {
    one: u8,
    #[when(!io.is_empty())]
    two: Option<u8>,
    #[when(io.window_position() == 2)]
    #[valid(value.is_none_or(|v| v < 9 || io.remaining() > 0))]
    three: Option<u8>,
}

#[test]
fn when_and_valid_may_read_the_reader() {
    let t = Trailer::decode(&[1]).unwrap();
    assert_eq!((t.two, t.three), (None, None));
    let t = Trailer::decode(&[1, 2, 3]).unwrap();
    assert_eq!((t.two, t.three), (Some(2), Some(3)));
    assert_eq!(t.to_vec().unwrap(), [1, 2, 3]);
    let e = Trailer::decode(&[1, 2, 9]).unwrap_err();
    assert_eq!(e.path(), "Trailer.three");
    assert!(matches!(e.kind(), ErrorKind::Invalid { .. }));
    // Encoding does not evaluate them: the value decides.
    let odd = Trailer {
        one: 1,
        two: None,
        three: Some(9),
    };
    assert_eq!(odd.to_vec().unwrap(), [1, 9]);
}
