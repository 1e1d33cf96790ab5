//! Tuple structs, unit structs, structs without a lifetime, and array fields.

use zerowire::{Codec, Decode, PayloadU8};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, points_into};

#[derive(Decode, Debug, PartialEq)]
struct Pair(u16, #[endian(little)] u16);

#[derive(Decode, Debug, PartialEq)]
struct Borrowed<'a>(u8, PayloadU8<'a>, &'a [u8; 2]);

#[derive(Decode, Debug, PartialEq)]
struct Nothing;

#[derive(Decode, Debug, PartialEq)]
struct Owned {
    id: [u8; 4],
    pair: Pair,
    unit: Nothing,
}

#[test]
fn tuple_structs_decode_in_field_order() {
    assert_eq!(Pair::decode(&[0, 1, 1, 0]).unwrap(), Pair(1, 1));
    assert_round_trip::<Pair>(&[0, 1, 2, 0]);
    assert_every_prefix_fails::<Pair>(&[0, 1, 2, 0], &[(0, "Pair.0"), (2, "Pair.1")]);
}

#[test]
fn tuple_structs_borrow_too() {
    let input = [9, 1, b'x', 7, 8];
    let b = Borrowed::decode(&input).unwrap();
    assert_eq!(b.1.as_bytes(), b"x");
    assert!(points_into(b.2, &input));
    assert_round_trip::<Borrowed<'static>>(&input);
}

#[test]
fn unit_structs_read_nothing_and_owned_structs_nest() {
    assert_eq!(Nothing::decode(&[]).unwrap(), Nothing);
    let o = Owned::decode(&[1, 2, 3, 4, 0, 5, 6, 0]).unwrap();
    assert_eq!(
        o,
        Owned {
            id: [1, 2, 3, 4],
            pair: Pair(5, 6),
            unit: Nothing
        }
    );
    assert_round_trip::<Owned>(&[1, 2, 3, 4, 0, 5, 6, 0]);
    assert_every_prefix_fails::<Owned>(
        &[1, 2, 3, 4, 0, 5, 6, 0],
        &[(0, "Owned.id"), (4, "Owned.pair.0"), (6, "Owned.pair.1")],
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Arrays<'a> {
    copied: [u8; 2],
    borrowed: &'a [u8; 3],
    #[count(2)]
    many: Vec<[u8; 2]>,
    #[when(copied[0] == 1)]
    maybe: Option<&'a [u8; 1]>,
}

#[test]
fn byte_arrays_copy_and_array_references_borrow() {
    let input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let a = Arrays::decode(&input).unwrap();
    assert_eq!(a.copied, [1, 2]);
    assert_eq!(a.borrowed, &[3, 4, 5]);
    assert_eq!(a.borrowed.as_ptr(), input[2..].as_ptr());
    assert_eq!(a.many, [[6, 7], [8, 9]]);
    assert_eq!(a.maybe, Some(&[10]));
    assert_round_trip::<Arrays<'static>>(&input);
    assert_every_prefix_fails::<Arrays<'static>>(
        &input,
        &[
            (0, "Arrays.copied"),
            (2, "Arrays.borrowed"),
            (5, "Arrays.many[0]"),
            (7, "Arrays.many[1]"),
            (9, "Arrays.maybe"),
        ],
    );
}
