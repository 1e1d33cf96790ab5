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
