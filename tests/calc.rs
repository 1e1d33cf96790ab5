//! `#[calc(EXPR)]`: a field computed while the struct decodes, from the fields
//! before it, its parent's and root's and its arguments (binrw's `calc`, and
//! how Kaitai's parameters and values over `_parent` become readable fields);
//! it reads and writes no bytes.

use zerowire::{Codec, Decode, ErrorKind};

#[derive(Decode, Debug, PartialEq)]
struct Header<'a> {
    width: u8,
    height: u8,
    #[calc(u16::from(width) * u16::from(height))]
    #[valid(value <= 64)]
    area: u16,
    #[calc(height > width)]
    tall: bool,
    #[size(area)]
    pixels: &'a [u8],
    body: Body,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Header<'a>)]
struct Body {
    /// The parent's field, kept: readable after decoding without the parent.
    #[calc(parent.tall)]
    parent_tall: bool,
    tag: u8,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(scale: u8))]
struct Scaled {
    /// The argument, kept (Kaitai's parameters are readable attributes).
    #[calc(args.scale)]
    scale: u8,
    raw: u8,
    #[calc(u16::from(raw) * u16::from(scale))]
    scaled: u16,
}

#[derive(Decode, Debug, PartialEq)]
struct Holder {
    factor: u8,
    #[args(scale = factor)]
    value: Scaled,
}

#[test]
fn calc_fields_are_computed_and_take_no_bytes() {
    let input = [2, 3, 1, 2, 3, 4, 5, 6, 0x77];
    let h = Header::decode(&input).unwrap();
    assert_eq!((h.area, h.tall), (6, true));
    assert_eq!(h.pixels, [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        h.body,
        Body {
            parent_tall: true,
            tag: 0x77
        }
    );
    // Encoding writes the fields it is computed from, not it.
    assert_eq!(h.to_vec().unwrap(), input);
    assert_eq!(
        <Header<'_> as Codec>::MIN_SIZE,
        3,
        "width, height and body.tag"
    );

    let v = Holder::decode(&[10, 7]).unwrap();
    assert_eq!(
        v.value,
        Scaled {
            scale: 10,
            raw: 7,
            scaled: 70
        }
    );
    assert_eq!(v.to_vec().unwrap(), [10, 7]);
}

#[test]
fn calc_arithmetic_and_checks_are_errors_of_the_field() {
    // 16 * 16 = 256 > 64: `valid` on the computed value.
    let e = Header::decode(&[16, 16]).unwrap_err();
    assert_eq!(e.path(), "Header.area");
    assert_eq!(
        e.kind(),
        ErrorKind::Invalid {
            check: "value <= 64"
        }
    );
    // u16 arithmetic that overflows is checked.
    #[derive(Decode, Debug)]
    struct Big {
        a: u16,
        #[calc(a * a)]
        square: u16,
    }
    let e = Big::decode(&[0x10, 0x00]).unwrap_err();
    assert_eq!(e.path(), "Big.square");
    assert_eq!(e.kind(), ErrorKind::Overflow { expr: "a * a" });
    assert_eq!(Big::decode(&[0, 12]).unwrap().square, 144);
}

// A computed field of a type that is not decoded, in a struct inside a parent:
// it asks nothing of the type but its computation.
#[derive(Debug, Clone, PartialEq)]
struct Dimensions {
    width: u8,
    height: u8,
}

#[derive(Decode, Debug, PartialEq)]
struct Frame {
    width: u8,
    height: u8,
    tile: Tile,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Frame)]
struct Tile {
    #[calc(Dimensions { width: parent.width, height: parent.height })]
    of: Dimensions,
    id: u8,
}

#[test]
fn a_computed_field_of_a_type_that_is_not_decoded_needs_no_codec() {
    let frame = Frame::decode(&[3, 4, 9]).unwrap();
    assert_eq!(
        frame.tile.of,
        Dimensions {
            width: 3,
            height: 4
        }
    );
    assert_eq!(frame.tile.id, 9);
    assert_eq!(frame.to_vec().unwrap(), [3, 4, 9]);
}

// An absent value read while decoding (Kaitai's `null`) is an error of the
// field that reads it, naming the value.
#[derive(Decode, Debug, PartialEq)]
struct Keyed<'a> {
    flags: u8,
    #[when(flags & 1 != 0)]
    len: Option<u8>,
    #[size(*zerowire::math::required(len.as_ref(), "len")?)]
    body: &'a [u8],
}

#[test]
fn an_absent_value_read_while_decoding_is_an_error_naming_it() {
    assert_eq!(Keyed::decode(b"\x01\x02ab").unwrap().body, b"ab");
    let e = Keyed::decode(b"\x00ab").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Absent { name: "len" });
    assert_eq!(e.path(), "Keyed.body");
    assert_eq!(e.offset(), 1);
    assert_eq!(
        e.to_string(),
        "Keyed.body: `len` is read but absent at offset 1"
    );
}

// An error of a `?` in a per-element expression is placed at the element.
#[derive(Decode, Debug, PartialEq)]
struct Sized<'a> {
    count: u8,
    #[count(2)]
    sizes: Vec<u8>,
    #[count(count)]
    #[item_size(*zerowire::math::element(&sizes, index as i64)?)]
    items: Vec<&'a [u8]>,
}

#[test]
fn an_error_of_a_per_element_expression_is_placed_at_the_element() {
    let ok = Sized::decode(b"\x02\x01\x02abc").unwrap();
    assert_eq!(ok.items, [&b"a"[..], b"bc"]);
    let e = Sized::decode(b"\x03\x01\x02abc").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::IndexOutOfRange { index: 2, len: 2 });
    assert_eq!(e.path(), "Sized.items[2]");
    assert_eq!(e.offset(), 3);
}
