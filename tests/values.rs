//! Computed values (`#[zerowire(value(NAME: TYPE = EXPR))]`) and Kaitai's floor division.

use zerowire::math::{div_floor, rem_floor};
use zerowire::{Codec, Decode};
use zerowire_suite::assert_round_trip;

#[derive(Decode, Debug, PartialEq)]
#[zerowire(
    value(area: u32 = u32::from(width) * u32::from(height)),
    value(label_len: usize = label.len()),
    value(half_offset: Option<i16> = div_floor(offset, 2)),
    value(wrapped: i16 = rem_floor(offset, 3).unwrap_or(0)),
)]
struct Shape<'a> {
    width: u8,
    height: u8,
    offset: i16,
    #[eos]
    label: &'a str,
}

#[test]
fn computed_values_are_methods_over_the_decoded_fields() {
    let input = [3, 4, 0xFF, 0xF9, b'b', b'o', b'x'];
    let s = Shape::decode(&input).unwrap();
    assert_eq!(s.area(), 12);
    assert_eq!(s.label_len(), 3);
    assert_eq!(s.offset, -7);
    assert_eq!(s.half_offset(), Some(-4), "floor division rounds down");
    assert_eq!(
        s.wrapped(),
        2,
        "the floor remainder takes the divisor's sign"
    );
    assert_round_trip::<Shape<'static>>(&input);
}

#[derive(Decode, Debug)]
#[zerowire(value(total: u16 = u16::from(a) + u16::from(b)))]
struct Pair {
    a: u8,
    b: u8,
}

#[test]
fn structs_without_a_lifetime_get_computed_values_too() {
    assert_eq!(Pair::decode(&[200, 100]).unwrap().total(), 300);
}

// `value(NAME(PARAM: TYPE, ..): TYPE = EXPR)`: a computed value whose method
// takes parameters, such as a root the struct cannot see.
#[derive(Decode, Debug)]
#[zerowire(value(scaled(factor: u32, offset: u32): u32 = u32::from(raw) * factor + offset))]
struct Scaled {
    raw: u8,
}

#[test]
fn a_computed_value_may_take_parameters() {
    let s = Scaled::decode(&[7]).unwrap();
    assert_eq!(s.scaled(3, 1), 22);
}
