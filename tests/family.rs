//! Type families: generic helpers over borrowing types.

use zerowire::{decode_with, Decode, DecodeOwned, ErrorKind, Family, PayloadU8};

#[derive(Decode, Debug, PartialEq)]
struct Greeting<'a> {
    #[eos]
    text: &'a str,
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
struct Point {
    x: u8,
    y: u8,
}

/// A helper that owns its buffer and decodes any family member from it.
fn decode_owned_buffer<F: Family, R>(buffer: Vec<u8>, f: impl for<'a> FnOnce(F::Of<'a>) -> R) -> R {
    decode_with::<F, R>(&buffer, f).expect("decodes")
}

/// A helper with the plain higher-ranked bound: fine for types that borrow nothing.
fn decode_plain<T: DecodeOwned>(buffer: Vec<u8>) -> T {
    T::decode(&buffer).expect("decodes")
}

#[test]
fn a_family_helper_decodes_a_borrowing_type_from_a_buffer_it_owns() {
    let len = decode_owned_buffer::<Greeting<'static>, _>(b"hello".to_vec(), |g| g.text.len());
    assert_eq!(len, 5);
    let bytes =
        decode_owned_buffer::<PayloadU8<'static>, _>(vec![2, 7, 8], |p| p.as_bytes().to_vec());
    assert_eq!(bytes, [7, 8]);
}

#[test]
fn owned_types_work_with_both_kinds_of_helper() {
    assert_eq!(decode_plain::<Point>(vec![1, 2]), Point { x: 1, y: 2 });
    let p = decode_owned_buffer::<Point, _>(vec![3, 4], |p| p);
    assert_eq!(p, Point { x: 3, y: 4 });
}

#[test]
fn check_round_trip_names_the_first_differing_byte() {
    #[derive(Decode, Debug)]
    struct Padded {
        #[pad(1)]
        a: u8,
    }
    // The padding byte is not kept, so it re-encodes as zero.
    zerowire::check_round_trip::<Padded>(&[0, 5]).unwrap();
    let err = zerowire::check_round_trip::<Padded>(&[9, 5]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RoundTrip { at: 0 });
}
