//! Values read at a position (Kaitai's `pos:` instances), decoded on demand.

use zerowire::{Codec, Decode, ErrorKind, Input};
use zerowire_suite::{assert_round_trip, points_into};

#[derive(Decode, Debug)]
#[zerowire(
    pos(name: Name<'a> = name_at),
    pos(local: Name<'a> = 1, window),
)]
struct Directory<'a> {
    name_at: u8,
    input: Input<'a>,
    #[size(3)]
    window: Inner<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(pos(tail: u8 = 2, window))]
struct Inner<'a> {
    first: u8,
    input: Input<'a>,
    #[eos]
    rest: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Name<'a> {
    #[terminator(0)]
    text: &'a str,
}

#[test]
fn a_positioned_value_decodes_on_demand_and_borrows_from_the_input() {
    let input = b"\x06\x01\x02\x03..hi\0";
    let d = Directory::decode(input).unwrap_err();
    // The whole input is not consumed by the fields; decode the fields' prefix.
    assert_eq!(d.kind(), ErrorKind::TrailingBytes { count: 5 });
    let (d, _) = Directory::decode_prefix(input).unwrap();
    let name = d.name().unwrap();
    assert_eq!(name.text, "hi");
    assert!(points_into(name.text.as_bytes(), input));
    // Window-relative: offset 1 of the outer struct's window (the whole input).
    assert_eq!(d.local().unwrap().text, "\u{1}\u{2}\u{3}..hi");
    // Inside the three-byte window, offset 2 is the window's last byte.
    assert_eq!(d.window.tail().unwrap(), 3);
}

#[test]
fn an_offset_outside_the_input_is_an_error_naming_the_value() {
    let input = [200, 1, 2, 3];
    let (d, _) = Directory::decode_prefix(&input).unwrap();
    let err = d.name().unwrap_err();
    assert_eq!(err.path(), "Directory.name");
    assert_eq!(err.kind(), ErrorKind::OutOfRange { position: 200 });
}

#[test]
fn input_fields_read_and_write_nothing() {
    let input = [9, 1, 2, 3];
    assert_round_trip::<Directory<'static>>(&input);
}

// The positioned value's parent is the struct that declares it.

#[derive(Decode, Debug)]
#[zerowire(endian = "little", pos(entries: Entries<'a> = ofs))]
struct Table<'a> {
    ofs: u8,
    count: u8,
    size: u8,
    input: Input<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(parent = Table<'a>)]
struct Entries<'a> {
    #[count(parent.count)]
    #[item_size(usize::from(parent.size))]
    entries: Vec<&'a [u8]>,
}

#[test]
fn a_positioned_value_reads_the_fields_of_its_struct_as_parent() {
    let input = [5, 2, 3, 0xEE, 0xEE, b'a', b'b', b'c', b'x', b'y', b'z'];
    let (t, _) = Table::decode_prefix(&input).unwrap();
    assert_eq!(t.entries().unwrap().entries, [b"abc", b"xyz"]);
}
