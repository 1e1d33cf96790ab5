//! `parent.NAME` and `root.NAME`: lengths that come from fields an ancestor decoded.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::toy::{Toy, TOY};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, needed, points_into};

#[test]
fn size_from_parent_field_borrows_from_the_input() {
    let toy = Toy::decode(TOY).unwrap();
    assert_eq!(toy.slice_size, 3);
    assert_eq!(toy.child_structure.slice, b"abc");
    assert!(points_into(toy.child_structure.slice, TOY));
    assert_eq!(toy.child_structure.slice.as_ptr(), TOY[1..].as_ptr());
}

#[test]
fn size_from_root_field_reaches_through_two_levels() {
    let toy = Toy::decode(TOY).unwrap();
    let grandchild = &toy.child_structure.grandchild_structure;
    assert_eq!(grandchild.slice, b"xyz");
    assert_eq!(grandchild.slice.as_ptr(), TOY[4..].as_ptr());
}

#[test]
fn toy_round_trips() {
    assert_round_trip::<Toy<'static>>(TOY);
    let empty = [0];
    assert_round_trip::<Toy<'static>>(&empty);
    let big: Vec<u8> = std::iter::once(200)
        .chain((0..400).map(|i| i as u8))
        .collect();
    assert_round_trip::<Toy<'static>>(&big);
}

#[test]
fn every_truncation_of_the_toy_names_the_field_that_ran_out() {
    assert_every_prefix_fails::<Toy<'static>>(
        TOY,
        &[
            (0, "Toy.slice_size"),
            (1, "Toy.child_structure.slice"),
            (4, "Toy.child_structure.grandchild_structure.slice"),
        ],
    );
}

#[test]
fn the_error_message_reads_like_the_api_promises() {
    let err = Toy::decode(&[16, 1, 2, 3]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Toy.child_structure.slice: needed 16 bytes at offset 1, 3 left"
    );
    assert_eq!(err.path(), "Toy.child_structure.slice");
    assert_eq!(err.offset(), 1);
    assert_eq!(err.kind(), needed(16, 3));
}

#[test]
fn trailing_bytes_after_the_toy_are_an_error_but_not_for_decode_prefix() {
    let mut bytes = TOY.to_vec();
    bytes.push(0xEE);
    let err = Toy::decode(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TrailingBytes { count: 1 });
    assert_eq!(err.offset(), 7);
    let (toy, rest) = Toy::decode_prefix(&bytes).unwrap();
    assert_eq!(toy.child_structure.slice, b"abc");
    assert_eq!(rest, [0xEE]);
}

// One child type under two different parents (Kaitai's issue #1263 trap): it
// works wherever the parent has the fields it reads, even with another type.

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Short<'a>, parent = Long<'a>)]
struct Shared<'a> {
    #[size(parent.len)]
    body: &'a [u8],
    #[size(parent.trailer_len)]
    trailer: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Short<'a> {
    len: u8,
    trailer_len: u8,
    shared: Shared<'a>,
}

#[derive(Decode, Debug, PartialEq)]
struct Long<'a> {
    tag: u32,
    trailer_len: u16,
    len: u32,
    shared: Shared<'a>,
}

#[test]
fn a_child_reused_under_two_parents_reads_each_parents_fields() {
    let short = [2, 1, b'h', b'i', b'!'];
    let decoded = Short::decode(&short).unwrap();
    assert_eq!(decoded.shared.body, b"hi");
    assert_eq!(decoded.shared.trailer, b"!");
    assert_round_trip::<Short<'static>>(&short);

    let long = [0, 0, 0, 9, 0, 2, 0, 0, 0, 3, b'a', b'b', b'c', b'.', b'.'];
    let decoded = Long::decode(&long).unwrap();
    assert_eq!(decoded.tag, 9);
    assert_eq!(decoded.shared.body, b"abc");
    assert_eq!(decoded.shared.trailer, b"..");
    assert_round_trip::<Long<'static>>(&long);
    assert_every_prefix_fails::<Long<'static>>(
        &long,
        &[
            (0, "Long.tag"),
            (4, "Long.trailer_len"),
            (6, "Long.len"),
            (10, "Long.shared.body"),
            (13, "Long.shared.trailer"),
        ],
    );
}

// A parent field that comes after the child cannot be known while the child
// decodes: a clear error, not a wrong value.

#[derive(Decode, Debug, PartialEq)]
struct LateLength<'a> {
    first: u8,
    body: Body<'a>,
    len: u8,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = LateLength<'a>)]
struct Body<'a> {
    #[size(parent.len)]
    bytes: &'a [u8],
}

#[test]
fn a_parent_field_decoded_after_the_child_is_a_decode_error() {
    let err = LateLength::decode(&[1, 2, 3, 4]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotDecodedYet { name: "parent.len" });
    assert_eq!(err.path(), "LateLength.body.bytes");
    assert_eq!(err.offset(), 1);
    assert_eq!(
        err.to_string(),
        "LateLength.body.bytes: `parent.len` is read before it is decoded at offset 1"
    );
}

// Arithmetic over parent and own fields, and a root three levels up.

#[derive(Decode, Debug, PartialEq)]
struct Frame<'a> {
    unit: u8,
    count: u16,
    records: Records<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Frame<'a>)]
struct Records<'a> {
    extra: u8,
    #[size(usize::from(parent.count) * usize::from(parent.unit) + usize::from(extra))]
    data: &'a [u8],
    leaf: Leaf<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Records<'a>)]
struct Leaf<'a> {
    #[size(root.unit + parent.extra)]
    tail: &'a [u8],
}

#[test]
fn size_expressions_combine_parent_root_and_own_fields() {
    // unit 2, count 3, extra 1: data = 7 bytes, tail = 2 + 1 bytes.
    let bytes = [2, 0, 3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let frame = Frame::decode(&bytes).unwrap();
    assert_eq!(frame.records.data, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(frame.records.leaf.tail, [8, 9, 10]);
    assert_round_trip::<Frame<'static>>(&bytes);
    assert_every_prefix_fails::<Frame<'static>>(
        &bytes,
        &[
            (0, "Frame.unit"),
            (1, "Frame.count"),
            (3, "Frame.records.extra"),
            (4, "Frame.records.data"),
            (11, "Frame.records.leaf.tail"),
        ],
    );
}

#[test]
fn encoding_a_child_checks_its_length_against_the_parent_field() {
    let mut toy = Toy::decode(TOY).unwrap();
    toy.child_structure.slice = b"toolong";
    let err = toy.to_vec().unwrap_err();
    assert_eq!(err.path(), "Toy.child_structure.slice");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 3,
            found: 7
        }
    );
}

// A parent and a child in different modules.
mod wire {
    pub(crate) mod outer {
        use zerowire::Decode;

        #[derive(Decode, Debug, PartialEq)]
        pub(crate) struct Outer<'a> {
            pub(crate) len: u8,
            pub(crate) inner: super::inner::Inner<'a>,
        }
    }

    pub(crate) mod inner {
        use zerowire::Decode;

        #[derive(Decode, Debug, PartialEq)]
        #[zerowire(parent = super::outer::Outer<'a>)]
        pub(crate) struct Inner<'a> {
            #[size(parent.len)]
            pub(crate) bytes: &'a [u8],
        }
    }
}

#[test]
fn a_child_in_another_module_reads_its_parent_fields() {
    let outer = wire::outer::Outer::decode(&[2, 5, 6]).unwrap();
    assert_eq!(outer.inner.bytes, [5, 6]);
}

// `#[in_parent]` (Kaitai's `parent: _parent`): a field of a mediator decoded
// inside the mediator's own parent, so its `parent.` reads the grandparent.

#[derive(Decode, Debug, PartialEq)]
struct Outer<'a> {
    child_size: u8,
    first: Child<'a>,
    mediator: Mediator<'a>,
    #[count(2)]
    more: Vec<Mediator<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Outer<'a>)]
struct Mediator<'a> {
    own_size: u8,
    #[in_parent]
    child: Child<'a>,
    #[in_parent]
    #[when(own_size > 0)]
    maybe: Option<Child<'a>>,
    #[in_parent]
    #[count(own_size)]
    each: Vec<Child<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Outer<'a>)]
struct Child<'a> {
    #[size(parent.child_size)]
    data: &'a [u8],
}

#[test]
fn an_in_parent_field_reads_its_holders_parent() {
    // child_size 2 | first | mediator: own_size 1, child, maybe, 1 each
    // | two more mediators with own_size 0
    let input = [
        2, b'a', b'b', 1, b'c', b'd', b'e', b'f', b'g', b'h', 0, b'i', b'j', 0, b'k', b'l',
    ];
    let v = Outer::decode(&input).unwrap();
    assert_eq!(v.first.data, b"ab");
    assert_eq!(v.mediator.own_size, 1);
    assert_eq!(v.mediator.child.data, b"cd");
    assert_eq!(v.mediator.maybe.as_ref().map(|c| c.data), Some(&b"ef"[..]));
    assert_eq!(v.mediator.each.len(), 1);
    assert_eq!(v.mediator.each[0].data, b"gh");
    assert!(points_into(v.mediator.each[0].data, &input));
    assert_eq!(v.more[0].child.data, b"ij");
    assert_eq!(v.more[1].maybe, None);
    assert_eq!(v.more[1].child.data, b"kl");
    assert_round_trip::<Outer<'static>>(&input);
    // Encode checks each child's length against the grandparent's field.
    let mut w = Outer::decode(&input).unwrap();
    w.mediator.child.data = b"xyz";
    let e = w.to_vec().unwrap_err();
    assert_eq!(e.path(), "Outer.mediator.child.data");
    assert!(matches!(e.kind(), ErrorKind::LengthMismatch { .. }));
    assert_every_prefix_fails::<Outer<'static>>(
        &input,
        &[
            (0, "Outer.child_size"),
            (1, "Outer.first.data"),
            (3, "Outer.mediator.own_size"),
            (4, "Outer.mediator.child.data"),
            (6, "Outer.mediator.maybe.data"),
            (8, "Outer.mediator.each[0].data"),
            (10, "Outer.more[0].own_size"),
            (11, "Outer.more[0].child.data"),
            (13, "Outer.more[1].own_size"),
            (14, "Outer.more[1].child.data"),
        ],
    );
}
