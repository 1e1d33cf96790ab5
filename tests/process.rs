//! `#[process(...)]`: transformed bytes, decoded into an owned `Vec<u8>`.

use zerowire::{Codec, Decode};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Obfuscated {
    key: u8,
    #[size(3)]
    #[process(xor(key))]
    keyed: Vec<u8>,
    #[size(2)]
    #[process(rol(3))]
    rotated: Vec<u8>,
    #[terminator(0xFF)]
    #[process(xor(b"ab"))]
    cycled: Vec<u8>,
    #[eos]
    #[process(ror(1))]
    rest: Vec<u8>,
}

#[test]
fn processed_bytes_are_transformed_and_written_back_inverted() {
    let input = [
        0x0F,
        0x0F ^ b'a',
        0x0F ^ b'b',
        0x0F ^ b'c',
        1,
        0x80,
        b'x' ^ b'a',
        b'y' ^ b'b',
        0xFF,
        4,
    ];
    let o = Obfuscated::decode(&input).unwrap();
    assert_eq!(o.keyed, b"abc");
    assert_eq!(o.rotated, [8, 4]);
    assert_eq!(o.cycled, b"xy");
    assert_eq!(o.rest, [2]);
    assert_round_trip::<Obfuscated>(&input);
    // The last field takes whatever is left, so only the fields before it run out.
    assert_every_prefix_fails::<Obfuscated>(
        &input[..9],
        &[
            (0, "Obfuscated.key"),
            (1, "Obfuscated.keyed"),
            (4, "Obfuscated.rotated"),
            (6, "Obfuscated.cycled"),
        ],
    );
}

#[derive(Decode, Debug, PartialEq)]
struct MultiByteKey<'a> {
    key: [u8; 4],
    #[size(5)]
    #[process(xor(key))]
    by_array: Vec<u8>,
    #[size(2)]
    key_slice: &'a [u8],
    #[size(3)]
    #[process(xor(key_slice))]
    by_slice: Vec<u8>,
}

#[test]
fn an_xor_key_may_be_an_earlier_array_or_slice_field() {
    let key = [1, 2, 3, 4];
    let mut input = key.to_vec();
    input.extend(b"hello".iter().zip(key.iter().cycle()).map(|(b, k)| b ^ k));
    input.extend([0x10, 0x20]);
    input.extend(
        b"abc"
            .iter()
            .zip([0x10, 0x20].iter().cycle())
            .map(|(b, k)| b ^ k),
    );
    let v = MultiByteKey::decode(&input).unwrap();
    assert_eq!(v.by_array, b"hello");
    assert_eq!(v.by_slice, b"abc");
    assert_round_trip::<MultiByteKey<'static>>(&input);
}
