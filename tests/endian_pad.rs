//! `#[zerowire(endian = ...)]`, `#[endian(...)]` and `#[pad(N)]`.

use zerowire::{Codec, Decode, U24};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
#[zerowire(endian = "little")]
struct Little {
    a: u16,
    #[endian(big)]
    b: u16,
    c: U24,
    d: i32,
    #[count(2)]
    e: Vec<u16>,
    #[when(a == 1)]
    f: Option<u32>,
    g: f32,
}

#[test]
fn the_container_byte_order_applies_unless_a_field_overrides_it() {
    let input = [
        1, 0, // a = 1 (LE)
        0, 2, // b = 2 (BE)
        3, 0, 0, // c = 3 (LE)
        0xFE, 0xFF, 0xFF, 0xFF, // d = -2 (LE)
        4, 0, 5, 0, // e = [4, 5] (LE)
        6, 0, 0, 0, // f = 6 (LE)
        0, 0, 0xC0, 0x3F, // g = 1.5 (LE)
    ];
    let l = Little::decode(&input).unwrap();
    assert_eq!((l.a, l.b, l.c.get(), l.d), (1, 2, 3, -2));
    assert_eq!(l.e, [4, 5]);
    assert_eq!(l.f, Some(6));
    assert_eq!(l.g, 1.5);
    assert_round_trip::<Little>(&input);
    assert_every_prefix_fails::<Little>(
        &input,
        &[
            (0, "Little.a"),
            (2, "Little.b"),
            (4, "Little.c"),
            (7, "Little.d"),
            (11, "Little.e[0]"),
            (13, "Little.e[1]"),
            (15, "Little.f"),
            (19, "Little.g"),
        ],
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Padded<'a> {
    a: u8,
    #[pad(3)]
    #[endian(little)]
    b: u16,
    #[pad(usize::from(a))]
    #[size(1)]
    c: &'a [u8],
}

#[test]
fn pad_skips_bytes_before_the_field() {
    let input = [2, 0, 0, 0, 0x34, 0x12, 0, 0, 0x99];
    let p = Padded::decode(&input).unwrap();
    assert_eq!((p.a, p.b, p.c), (2, 0x1234, &[0x99][..]));
    assert_round_trip::<Padded<'static>>(&input);
    assert_every_prefix_fails::<Padded<'static>>(
        &input,
        &[
            (0, "Padded.a"),
            (1, "Padded.b"),
            (4, "Padded.b"),
            (6, "Padded.c"),
            (8, "Padded.c"),
        ],
    );
}

#[test]
fn padding_encodes_as_zeros() {
    let p = Padded::decode(&[1, 7, 7, 7, 0x34, 0x12, 7, 0x99]).unwrap();
    assert_eq!(p.to_vec().unwrap(), [1, 0, 0, 0, 0x34, 0x12, 0, 0x99]);
}
