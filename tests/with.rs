//! `#[with(PATH)]`: a field decoded and encoded by a module's `read` and `encode`.

use zerowire::{Codec, Decode, Error, ErrorKind, Reader};
use zerowire_suite::{assert_round_trip, needed};

/// LEB128 unsigned integers, as Protocol Buffers and WebAssembly write them.
mod varint {
    use super::*;

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<u64, Error> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = u8::read(r)?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Error::new(
            ErrorKind::Custom("varint longer than 10 bytes"),
            r.position(),
        ))
    }

    pub(crate) fn encode(value: &u64, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut value = *value;
        loop {
            let byte = (value & 0x7F) as u8;
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return Ok(());
            }
            out.push(byte | 0x80);
        }
    }
}

#[derive(Decode, Debug, PartialEq)]
struct Field<'a> {
    #[with(varint)]
    key: u64,
    #[with(varint)]
    len: u64,
    #[size(len)]
    bytes: &'a [u8],
    #[size(2)]
    #[with(varint)]
    padded: u64,
}

#[test]
fn with_reads_and_encodes_through_the_module() {
    let input = [0x96, 0x01, 3, b'a', b'b', b'c', 0x05, 0x00];
    let f = Field::decode(&input).unwrap();
    assert_eq!(f.key, 150);
    assert_eq!(f.bytes, b"abc");
    assert_eq!(f.padded, 5, "read inside a two-byte window");
    assert_round_trip::<Field<'static>>(&input);
}

#[test]
fn errors_from_a_with_function_carry_the_field_path() {
    let err = Field::decode(&[0x96]).unwrap_err();
    assert_eq!(err.path(), "Field.key");
    assert_eq!(err.kind(), needed(1, 0));
    let err = Field::decode(&[0xFF; 12]).unwrap_err();
    assert_eq!(err.path(), "Field.key");
    assert_eq!(err.kind(), ErrorKind::Custom("varint longer than 10 bytes"));
}
