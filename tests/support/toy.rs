//! The Kaitai Struct "toy" schema, shared by the tests that use it.

use zerowire::Decode;

/// The root: a length that its child and grandchild use.
#[derive(Decode, Debug, PartialEq)]
pub struct Toy<'a> {
    pub slice_size: u8,
    pub child_structure: Child<'a>,
}

/// Reads `parent.slice_size` bytes.
#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Toy<'a>)]
pub struct Child<'a> {
    #[size(parent.slice_size)]
    pub slice: &'a [u8],
    pub grandchild_structure: Grandchild<'a>,
}

/// Reads `root.slice_size` bytes, two levels down.
#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Child<'a>)]
pub struct Grandchild<'a> {
    #[size(root.slice_size)]
    pub slice: &'a [u8],
}

/// A valid toy: slice size 3, then "abc" and "xyz". A `static`, not a `const`,
/// so that every use has the same address (the tests check pointers into it).
pub static TOY: &[u8] = &[3, b'a', b'b', b'c', b'x', b'y', b'z'];
