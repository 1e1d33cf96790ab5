//! Generated code names everything by absolute path: it compiles without the
//! prelude, next to user items that shadow the prelude's names, and in a crate
//! that forbids `unsafe`.
#![no_implicit_prelude]
#![forbid(unsafe_code)]
#![allow(dead_code, non_camel_case_types, non_snake_case)]

extern crate std;
extern crate zerowire;

use std::assert_eq;
use zerowire::Codec as _;

// Shadows of the names generated code must not pick up.
type Result<T> = std::vec::Vec<T>;
struct Option;
struct Some;
struct None;
struct Vec;
fn Ok() {}
fn Err() {}
struct Reader;
struct Error;
trait Codec {}
mod core {}

#[derive(zerowire::Decode, std::fmt::Debug, std::cmp::PartialEq)]
struct Outer<'a> {
    len: u8,
    #[size(len)]
    text: &'a str,
    #[when(len > 1)]
    maybe: std::option::Option<u16>,
    #[count(2)]
    items: std::vec::Vec<u8>,
    inner: Inner<'a>,
}

#[derive(zerowire::Decode, std::fmt::Debug, std::cmp::PartialEq)]
#[zerowire(parent = Outer<'a>)]
struct Inner<'a> {
    #[size(parent.len)]
    #[valid(value.len() == root.len as usize)]
    bytes: &'a [u8],
}

#[std::prelude::v1::test]
fn derived_code_compiles_without_the_prelude() {
    let input = [2, b'h', b'i', 0, 7, 1, 2, 8, 9];
    let outer = Outer::decode(&input).unwrap();
    assert_eq!(outer.text, "hi");
    assert_eq!(outer.maybe, std::option::Option::Some(7));
    assert_eq!(outer.inner.bytes, [8, 9]);
    assert_eq!(outer.to_vec().unwrap(), input);
}
