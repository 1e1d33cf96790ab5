//! `#[zerowire(args(...))]` and `#[args(...)]`: types reused with explicit parameters.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, points_into};

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(count: usize, size: usize))]
struct Grid<'a> {
    #[count(args.count)]
    #[item_size(args.size)]
    rows: Vec<&'a [u8]>,
}

#[derive(Decode, Debug, PartialEq)]
struct Image<'a> {
    width: u8,
    height: u8,
    #[args(count = usize::from(height), size = usize::from(width))]
    pixels: Grid<'a>,
    #[args(size = 1, count = 2)]
    thumbnail: Grid<'a>,
}

#[test]
fn arguments_pass_the_parents_values_to_a_reused_type() {
    let input = [3, 2, 1, 2, 3, 4, 5, 6, 7, 8];
    let image = Image::decode(&input).unwrap();
    assert_eq!(image.pixels.rows, [&[1, 2, 3][..], &[4, 5, 6]]);
    assert_eq!(image.thumbnail.rows, [&[7][..], &[8]]);
    assert!(points_into(image.pixels.rows[1], &input));
    assert_round_trip::<Image<'static>>(&input);
    assert_every_prefix_fails::<Image<'static>>(
        &input,
        &[
            (0, "Image.width"),
            (1, "Image.height"),
            (2, "Image.pixels.rows[0]"),
            (5, "Image.pixels.rows[1]"),
            (8, "Image.thumbnail.rows[0]"),
            (9, "Image.thumbnail.rows[1]"),
        ],
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Partial<'a> {
    #[args(count = 1)]
    grid: Grid<'a>,
}

#[test]
fn a_missing_argument_is_an_error_naming_it() {
    let err = Partial::decode(&[1, 2]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingArg { name: "size" });
    assert_eq!(err.path(), "Partial.grid.rows[0]");
    assert_eq!(
        err.to_string(),
        "Partial.grid.rows[0]: argument `size` was not given; pass it with `#[args(size = ...)]` at offset 0"
    );
}

// Arguments and a parent together.

#[derive(Decode, Debug, PartialEq)]
struct Holder<'a> {
    unit: u8,
    #[args(units = 2)]
    body: Scaled<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Holder<'a>, args(units: u8))]
struct Scaled<'a> {
    #[size(usize::from(parent.unit) * usize::from(args.units))]
    bytes: &'a [u8],
}

#[test]
fn arguments_combine_with_parent_fields() {
    let input = [2, 1, 2, 3, 4];
    assert_eq!(Holder::decode(&input).unwrap().body.bytes, [1, 2, 3, 4]);
    assert_round_trip::<Holder<'static>>(&input);
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(count: usize, little: bool))]
struct Numbers {
    #[count(args.count)]
    #[valid(!args.little || value.iter().all(|n| *n < 1000))]
    values: Vec<u16>,
}

#[derive(Decode, Debug, PartialEq)]
struct Batch {
    n: u8,
    #[args(count = usize::from(n), little = false)]
    numbers: Numbers,
}

#[test]
fn types_without_a_lifetime_take_arguments_too() {
    let input = [2, 0, 7, 0x10, 0];
    let b = Batch::decode(&input).unwrap();
    assert_eq!(b.numbers.values, [7, 0x1000]);
    assert_round_trip::<Batch>(&input);
}

/// `T::from(u)`, with both types named at the call (a turbofish with a comma).
fn widen<T: From<U>, U>(u: U) -> T {
    T::from(u)
}

#[derive(Decode, Debug, PartialEq)]
struct Strip<'a> {
    n: u8,
    // The comma inside `::<usize, u8>` does not end the argument.
    #[args(count = widen::<usize, u8>(n), size = 2)]
    cells: Grid<'a>,
}

#[test]
fn an_argument_value_may_hold_a_turbofish_with_a_comma() {
    let input = [2, 1, 2, 3, 4];
    let strip = Strip::decode(&input).unwrap();
    assert_eq!(strip.cells.rows, [&[1, 2][..], &[3, 4]]);
    assert_round_trip::<Strip<'static>>(&input);
}

// A struct as an argument (Kaitai's parameter of a user type): the child gets
// a copy, which still borrows from the input, and may keep it.
#[derive(Decode, Debug, PartialEq, Clone)]
struct Header<'a> {
    len: u8,
    #[size(2)]
    tag: &'a str,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(header: Header<'a>))]
struct Body<'a> {
    #[calc(args.header.clone())]
    header: Header<'a>,
    #[size(args.header.len)]
    data: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Message<'a> {
    header: Header<'a>,
    #[args(header = header.clone())]
    body: Body<'a>,
}

#[test]
fn a_struct_argument_is_a_copy_that_borrows_from_the_input() {
    let input = b"\x03hi123";
    let m = Message::decode(input).unwrap();
    assert_eq!(m.body.data, b"123");
    assert_eq!(m.body.header, m.header);
    assert!(points_into(m.body.header.tag.as_bytes(), input));
    assert_round_trip::<Message<'static>>(input);
    assert_every_prefix_fails::<Message<'static>>(
        input,
        &[
            (0, "Message.header.len"),
            (1, "Message.header.tag"),
            (3, "Message.body.data"),
        ],
    );
}

// Each element's arguments may read the elements before it (Kaitai's
// `groups[_index - 1]` inside `groups`): a base-128 number, little end first.
#[derive(Decode, Debug, PartialEq)]
struct Varint {
    #[until(!item.more)]
    #[args(shift = groups.len() as u32 * 7, before = groups.last().map_or(0, |g| g.value))]
    groups: Vec<Group>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(shift: u32, before: u64))]
struct Group {
    #[bits(1)]
    more: bool,
    #[bits(7)]
    low: u8,
    /// The number so far, with this group's bits.
    #[calc(args.before | u64::from(low).checked_shl(args.shift).unwrap_or(0))]
    value: u64,
}

#[test]
fn an_elements_arguments_read_the_elements_before_it() {
    let v = Varint::decode(&[0xac, 0x02]).unwrap();
    assert_eq!(v.groups.len(), 2);
    assert_eq!(v.groups[1].value, 300);
    assert_round_trip::<Varint>(&[0xac, 0x02]);
    assert_eq!(Varint::decode(&[0x05]).unwrap().groups[0].value, 5);
    assert_every_prefix_fails::<Varint>(
        &[0xac, 0x02],
        &[(0, "Varint.groups[0].more"), (1, "Varint.groups[1].more")],
    );
}

// A type with arguments inside a parent, under a root it reads: its
// arguments' type stays known to the struct that passes them (a supertrait of
// the bound once hid it: "no method named `major`").
#[derive(Decode, Debug)]
struct Class<'a> {
    version: u8,
    entry: Constant<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(parent = Constant<'a>)]
#[zerowire(args(major: u8))]
struct VersionGuard<'a> {
    #[size(0)]
    #[valid(root.version >= args.major)]
    nothing: &'a [u8],
}

#[derive(Decode, Debug)]
#[zerowire(parent = Class<'a>)]
struct Constant<'a> {
    #[args(major = 3)]
    guard: VersionGuard<'a>,
    index: u8,
}

#[test]
fn arguments_pass_to_a_type_under_a_root_it_reads() {
    let c = Class::decode(&[5, 1]).unwrap();
    assert_eq!(c.entry.index, 1);
    let e = Class::decode(&[2, 1]).unwrap_err();
    assert_eq!(e.path(), "Class.entry.guard.nothing");
    assert!(matches!(e.kind(), ErrorKind::Invalid { .. }), "{e}");
}

// `#[args(..)]` on a variant of a tagged enum: the arguments its payload
// takes (Kaitai's `switch-on` case `sbit(true)`).
#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(has_alpha: bool))]
struct Bits {
    grey: u8,
    #[calc(args.has_alpha)]
    has_alpha: bool,
    #[when(args.has_alpha)]
    alpha: Option<u8>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum Significant {
    #[tag(0)]
    #[args(has_alpha = false)]
    Grey(Bits),
    #[tag(4)]
    #[args(has_alpha = true)]
    GreyAlpha(Bits),
}

#[derive(Decode, Debug, PartialEq)]
struct Chunk {
    color: u8,
    #[tag_from(color)]
    bits: Significant,
}

#[test]
fn a_variant_passes_arguments_to_its_payload() {
    let grey = Chunk::decode(&[0, 5]).unwrap();
    assert_eq!(
        grey.bits,
        Significant::Grey(Bits {
            grey: 5,
            has_alpha: false,
            alpha: None
        })
    );
    let alpha = Chunk::decode(&[4, 5, 8]).unwrap();
    assert_eq!(
        alpha.bits,
        Significant::GreyAlpha(Bits {
            grey: 5,
            has_alpha: true,
            alpha: Some(8)
        })
    );
    assert_eq!(alpha.to_vec().unwrap(), [4, 5, 8]);
    assert_eq!(grey.to_vec().unwrap(), [0, 5]);
    // Encode checks the payload against the variant's arguments.
    let wrong = Chunk {
        color: 0,
        bits: Significant::Grey(Bits {
            grey: 5,
            has_alpha: false,
            alpha: Some(1),
        }),
    };
    assert!(matches!(
        wrong.to_vec().unwrap_err().kind(),
        ErrorKind::Presence { .. }
    ));
}
