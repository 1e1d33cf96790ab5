//! Static size facts: `MIN_SIZE` and `FIXED_SIZE` of every derived type.

use zerowire::{Codec, Decode, PayloadU16, U24};
use zerowire_suite::toy::Toy;

#[derive(Decode, Debug)]
#[zerowire(magic = b"ZW")]
struct Fixed<'a> {
    a: u8,
    b: U24,
    c: [u8; 4],
    d: &'a [u8; 2],
    inner: Inner,
    #[bits(3)]
    flags: u8,
    #[bits(6)]
    more: u8,
}

#[derive(Decode, Debug)]
struct Inner {
    x: u64,
    y: f32,
}

#[derive(Decode, Debug)]
struct Variable<'a> {
    kind: u16,
    body: PayloadU16<'a>,
    #[when(kind == 1)]
    extra: Option<u32>,
}

#[test]
fn fixed_structs_know_their_exact_size() {
    assert_eq!(<Inner as Codec<'_>>::FIXED_SIZE, Some(12));
    // magic 2 + 1 + 3 + 4 + 2 + inner 12 + two bytes of bits (9 bits).
    assert_eq!(<Fixed<'_> as Codec<'_>>::FIXED_SIZE, Some(26));
    assert_eq!(<Fixed<'_> as Codec<'_>>::MIN_SIZE, 26);
    let bytes: Vec<u8> = b"ZW".iter().copied().chain(0..24).collect();
    let (fixed, rest) = Fixed::decode_prefix(&bytes).unwrap();
    assert_eq!(bytes.len() - rest.len(), 26);
    assert_eq!(fixed.to_vec().unwrap().len(), 26);
}

#[test]
fn variable_structs_know_their_minimum() {
    assert_eq!(<Variable<'_> as Codec<'_>>::FIXED_SIZE, None);
    assert_eq!(<Variable<'_> as Codec<'_>>::MIN_SIZE, 4);
    assert_eq!(<Toy<'_> as Codec<'_>>::MIN_SIZE, 1);
    assert_eq!(<Toy<'_> as Codec<'_>>::FIXED_SIZE, None);
}
