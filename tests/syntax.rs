//! The Rust syntax the derive reads without syn's `derive` feature: every
//! form of visibility, generics, where clause, attribute and type that a
//! struct may be written with decodes as the plain form does.

use zerowire::{Codec, Decode};

mod codecs {
    pub(crate) mod doubled {
        use zerowire::{Error, Reader};

        /// A byte stored halved on the wire.
        pub(crate) fn read(r: &mut Reader<'_>) -> Result<u8, Error> {
            Ok(r.take_array::<1>()?[0].wrapping_mul(2))
        }

        pub(crate) fn encode(value: &u8, out: &mut Vec<u8>) -> Result<(), Error> {
            out.push(value / 2);
            Ok(())
        }
    }
}

pub mod outer {
    use zerowire::Decode;

    /// Fields of every visibility, with doc comments and foreign attributes.
    #[derive(Decode, Debug, PartialEq)]
    #[allow(dead_code)]
    pub struct Visible<'a>
    where
        'a: 'a,
    {
        /// A documented field.
        pub a: u8,
        #[rustfmt::skip]
        pub(crate) b: u16,
        pub(super) c: [u8; 2],
        pub(in crate::outer) d: &'a [u8; 3],
        pub(self) len: u8,
        #[allow(unused)]
        #[size(len)]
        e: &'a [u8],
    }
}

#[test]
fn visibilities_doc_comments_foreign_attributes_and_where_clauses() {
    let bytes = [1, 0, 2, 3, 4, 5, 6, 7, 2, 8, 9];
    let v = outer::Visible::decode(&bytes).unwrap();
    assert_eq!(v.a, 1);
    assert_eq!(v.b, 2);
    assert_eq!(v.c, [3, 4]);
    assert_eq!(v.to_vec().unwrap(), bytes);
    assert_eq!(outer::Visible::FIXED_SIZE, None);
}

/// A tuple struct with a where clause after its fields, and types written as
/// paths.
#[derive(Decode, Debug, PartialEq)]
struct Tuple<'a>(
    ::core::primitive::u8,
    ::core::primitive::u16,
    [u8; 4],
    #[size(3)] &'a [u8],
    #[with(crate::codecs::doubled)] u8,
)
where
    'a: 'a;

#[test]
fn tuple_structs_with_where_clauses_and_path_types() {
    let bytes = [7, 1, 2, 3, 4, 5, 6, 8, 9, 10, 21];
    let t = Tuple::decode(&bytes).unwrap();
    assert_eq!(t, Tuple(7, 0x0102, [3, 4, 5, 6], &[8, 9, 10], 42));
    assert_eq!(t.to_vec().unwrap(), bytes);
}

/// Repetitions and options of references and arrays, found through the type's
/// last path segment and its first type argument.
#[derive(Decode, Debug, PartialEq)]
struct Nested<'a: 'a> {
    count: u8,
    #[count(count)]
    pairs: Vec<[u8; 2]>,
    #[when(count > 1)]
    tail: Option<&'a [u8; 2]>,
    #[eos]
    rest: zerowire::List<'a, u16>,
}

#[test]
fn vectors_options_and_lists_of_arrays_and_references() {
    let bytes = [2, 1, 2, 3, 4, 5, 6, 0, 7, 0, 8];
    let n = Nested::decode(&bytes).unwrap();
    assert_eq!(n.pairs, [[1, 2], [3, 4]]);
    assert_eq!(n.tail, Some(&[5, 6]));
    assert_eq!(n.rest.iter().collect::<Vec<_>>(), [7, 8]);
    assert_eq!(n.to_vec().unwrap(), bytes);
}

/// Fixed-size fields written as runs: the derive reads an array's length from
/// its literal, in any base.
#[derive(Decode, Debug, PartialEq)]
struct Lengths<'a> {
    hex: [u8; 0x2],
    reference: &'a [u8; 3usize],
    last: u8,
}

#[test]
fn array_lengths_in_any_literal_form_make_fixed_sizes() {
    assert_eq!(Lengths::FIXED_SIZE, Some(6));
    let bytes = [1, 2, 3, 4, 5, 6];
    let l = Lengths::decode(&bytes).unwrap();
    assert_eq!(l.hex, [1, 2]);
    assert_eq!(l.reference, &[3, 4, 5]);
    assert_eq!(l.to_vec().unwrap(), bytes);
}
