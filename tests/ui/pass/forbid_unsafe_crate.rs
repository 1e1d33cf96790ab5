//! A user crate that forbids `unsafe` can derive.
#![forbid(unsafe_code)]

use zerowire::{Codec, Decode};

#[derive(Decode, Debug, PartialEq)]
struct Toy<'a> {
    slice_size: u8,
    child_structure: Child<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Toy<'a>)]
struct Child<'a> {
    #[size(parent.slice_size)]
    slice: &'a [u8],
}

fn main() {
    let toy = Toy::decode(&[1, 9]).unwrap();
    assert_eq!(toy.child_structure.slice, [9]);
}
