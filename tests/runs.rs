//! Runs of consecutive fixed-size fields are taken with one bounds check and
//! each field is cut from the run: every number type, both byte orders (fixed
//! and chosen at run time), byte arrays and borrowed arrays, and the error when
//! the run does not fit.

use zerowire::{Codec, Decode, Endian, ErrorKind, U24};

#[derive(Decode, Debug, PartialEq)]
#[zerowire(endian = "little")]
struct Little<'a> {
    a: u8,
    b: i16,
    c: U24,
    d: u32,
    e: i64,
    f: f32,
    g: [u8; 3],
    h: &'a [u8; 2],
    #[endian(big)]
    i: u16,
    j: f64,
    k: i8,
}

#[derive(Decode, Debug, PartialEq)]
struct Chosen {
    order: u8,
    numbers: Numbers,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Chosen, endian = Endian::little_if(parent.order == 1))]
struct Numbers {
    a: u16,
    b: U24,
    c: i32,
}

fn little_bytes() -> Vec<u8> {
    let mut bytes = vec![7];
    bytes.extend((-2i16).to_le_bytes());
    bytes.extend([0x01, 0x02, 0x03]);
    bytes.extend(0xDEAD_BEEFu32.to_le_bytes());
    bytes.extend((-5i64).to_le_bytes());
    bytes.extend(1.5f32.to_le_bytes());
    bytes.extend(*b"xyz");
    bytes.extend(*b"hi");
    bytes.extend(0x0102u16.to_be_bytes());
    bytes.extend((-0.25f64).to_le_bytes());
    bytes.push(0x80);
    bytes
}

#[test]
fn every_field_of_a_run_reads_in_its_byte_order() {
    let bytes = little_bytes();
    let value = Little::decode(&bytes).unwrap();
    assert_eq!(
        value,
        Little {
            a: 7,
            b: -2,
            c: U24::new(0x03_0201).unwrap(),
            d: 0xDEAD_BEEF,
            e: -5,
            f: 1.5,
            g: *b"xyz",
            h: b"hi",
            i: 0x0102,
            j: -0.25,
            k: -128,
        }
    );
    assert_eq!(value.to_vec().unwrap(), bytes);
}

#[test]
fn a_run_that_does_not_fit_names_the_first_field_cut_short() {
    let bytes = little_bytes();
    // Cut inside `e` (bytes 10..18).
    let err = Little::decode(&bytes[..12]).unwrap_err();
    assert_eq!(err.path().to_string(), "Little.e");
    assert_eq!(err.offset(), 10);
    assert_eq!(
        err.kind(),
        ErrorKind::Needed {
            needed: 8,
            available: 2
        }
    );
}

#[test]
fn a_run_reads_in_the_byte_order_chosen_at_run_time() {
    let numbers = [0x01, 0x02, 0x0A, 0x0B, 0x0C, 0xFF, 0xFF, 0xFF, 0xFE];
    for (order, a, b, c) in [
        (0u8, 0x0102, 0x0A_0B0C, -2i32),
        (1u8, 0x0201, 0x0C_0B0A, -16_777_217i32),
    ] {
        let mut bytes = vec![order];
        bytes.extend(numbers);
        let value = Chosen::decode(&bytes).unwrap();
        let expected = Numbers {
            a,
            b: U24::new(b).unwrap(),
            c,
        };
        assert_eq!(value.numbers, expected, "order {order}");
        assert_eq!(value.to_vec().unwrap(), bytes);
    }
}

#[test]
fn empty_arrays_at_either_end_of_a_run_take_and_write_nothing() {
    #[derive(Decode, Debug, PartialEq)]
    struct Edges {
        head: [u8; 0],
        a: u16,
        b: u8,
        tail: [u8; 0],
    }
    let input = [1, 2, 3];
    let edges = Edges::decode(&input).unwrap();
    assert_eq!((edges.a, edges.b), (0x0102, 3));
    assert_eq!(edges.to_vec().unwrap(), input);
    let err = Edges::decode(&input[..2]).unwrap_err();
    assert_eq!(err.path(), "Edges.b");
    assert_eq!(err.offset(), 2);
}
