//! Numbers, arrays and `U24` as `Codec`s, in both byte orders.

use zerowire::{check_round_trip, Codec, Endian, ErrorKind, Reader, Scalar, U24};
use zerowire_suite::needed;

#[test]
fn integers_are_big_endian_by_default() {
    assert_eq!(u8::decode(&[0xAB]).unwrap(), 0xAB);
    assert_eq!(i8::decode(&[0xFF]).unwrap(), -1);
    assert_eq!(u16::decode(&[0x12, 0x34]).unwrap(), 0x1234);
    assert_eq!(i16::decode(&[0xFF, 0xFE]).unwrap(), -2);
    assert_eq!(u32::decode(&[1, 2, 3, 4]).unwrap(), 0x0102_0304);
    assert_eq!(i32::decode(&[0x80, 0, 0, 0]).unwrap(), i32::MIN);
    assert_eq!(u64::decode(&[0, 0, 0, 0, 0, 0, 1, 0]).unwrap(), 256);
    assert_eq!(i64::decode(&[0xFF; 8]).unwrap(), -1);
    assert_eq!(U24::decode(&[1, 2, 3]).unwrap().get(), 0x01_0203);
}

#[test]
fn little_endian_reads_the_bytes_the_other_way() {
    let mut r = Reader::new(&[0x34, 0x12, 4, 3, 2, 1, 3, 2, 1]);
    assert_eq!(u16::read_endian(&mut r, Endian::Little).unwrap(), 0x1234);
    assert_eq!(
        u32::read_endian(&mut r, Endian::Little).unwrap(),
        0x0102_0304
    );
    assert_eq!(
        U24::read_endian(&mut r, Endian::Little).unwrap().get(),
        0x01_0203
    );
    let mut out = Vec::new();
    0x1234u16.encode_endian(&mut out, Endian::Little).unwrap();
    U24::new(0x01_0203)
        .unwrap()
        .encode_endian(&mut out, Endian::Little)
        .unwrap();
    assert_eq!(out, [0x34, 0x12, 3, 2, 1]);
}

#[test]
fn floats_follow_ieee_754() {
    assert_eq!(f32::decode(&1.5f32.to_be_bytes()).unwrap(), 1.5);
    assert_eq!(f64::decode(&(-0.25f64).to_be_bytes()).unwrap(), -0.25);
    let mut r = Reader::new(&[0, 0, 0xC0, 0x3F]);
    assert_eq!(f32::read_endian(&mut r, Endian::Little).unwrap(), 1.5);
}

#[test]
fn every_number_round_trips_at_its_extremes() {
    fn check<T: for<'a> Codec<'a> + PartialEq + std::fmt::Debug>(values: &[T]) {
        for v in values {
            let bytes = v.to_vec().unwrap();
            assert_eq!(&T::decode(&bytes).unwrap(), v);
        }
    }
    check(&[0u8, 1, u8::MAX]);
    check(&[0u16, 0x1234, u16::MAX]);
    check(&[0u32, u32::MAX]);
    check(&[0u64, u64::MAX]);
    check(&[i8::MIN, -1, 0, i8::MAX]);
    check(&[i16::MIN, i16::MAX]);
    check(&[i32::MIN, i32::MAX]);
    check(&[i64::MIN, i64::MAX]);
    check(&[f32::MIN, 0.0, f32::MAX]);
    check(&[f64::MIN, f64::EPSILON, f64::MAX]);
    check(&[U24::MAX, U24::new(0).unwrap()]);
    check_round_trip::<u64>(&[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
}

#[test]
fn u24_rejects_values_past_24_bits() {
    assert!(U24::new(0x100_0000).is_none());
    let err = U24::try_from(0x100_0000u32).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::TooLarge {
            value: 0x100_0000,
            max: 0xFF_FFFF
        }
    );
    assert_eq!(u32::from(U24::from(7u16)), 7);
}

#[test]
fn short_input_is_needed_bytes_for_every_width() {
    assert_eq!(u8::decode(&[]).unwrap_err().kind(), needed(1, 0));
    assert_eq!(u16::decode(&[1]).unwrap_err().kind(), needed(2, 1));
    assert_eq!(U24::decode(&[1, 2]).unwrap_err().kind(), needed(3, 2));
    assert_eq!(u64::decode(&[0; 7]).unwrap_err().kind(), needed(8, 7));
    assert_eq!(f64::decode(&[0; 3]).unwrap_err().kind(), needed(8, 3));
}

#[test]
fn importing_codec_keeps_the_slice_to_vec_of_arrays() {
    // Arrays are fields handled by the derive, not `Codec`s: with `Codec` in
    // scope, `to_vec` on an array must still be the slice method.
    let copy: Vec<u8> = b"hi".to_vec();
    assert_eq!(copy, b"hi");
    let array = [1u8, 2, 3];
    let copy: Vec<u8> = array.to_vec();
    assert_eq!(copy, [1, 2, 3]);
}

#[test]
fn decode_prefix_returns_what_is_left() {
    let (value, rest) = u16::decode_prefix(&[0, 5, 9, 9]).unwrap();
    assert_eq!(value, 5);
    assert_eq!(rest, [9, 9]);
    let err = u16::decode(&[0, 5, 9]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TrailingBytes { count: 1 });
    assert_eq!(err.to_string(), "1 trailing bytes at offset 2");
}
