//! `#[zerowire(endian = EXPR)]`: a byte order chosen at run time from a parent field.

use zerowire::{Codec, Decode};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Capture {
    /// 1: little-endian records, else big-endian (as pcap's magic decides).
    order: u8,
    #[count(2)]
    records: Vec<Record>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Capture, endian = zerowire::Endian::little_if(parent.order == 1))]
struct Record {
    length: u16,
    #[endian(big)]
    always_big: u16,
    time: u32,
}

#[test]
fn the_byte_order_follows_the_parent_field() {
    let little = [1, 2, 0, 0, 1, 4, 0, 0, 0, 3, 0, 0, 2, 5, 0, 0, 0];
    let c = Capture::decode(&little).unwrap();
    assert_eq!(
        c.records[0],
        Record {
            length: 2,
            always_big: 1,
            time: 4
        }
    );
    assert_eq!(
        c.records[1],
        Record {
            length: 3,
            always_big: 2,
            time: 5
        }
    );
    assert_round_trip::<Capture>(&little);

    let big = [0, 0, 2, 0, 1, 0, 0, 0, 4, 0, 3, 0, 2, 0, 0, 0, 5];
    assert_eq!(Capture::decode(&big).unwrap().records, c.records);
    assert_round_trip::<Capture>(&big);
    assert_every_prefix_fails::<Capture>(
        &big,
        &[
            (0, "Capture.order"),
            (1, "Capture.records[0].length"),
            (3, "Capture.records[0].always_big"),
            (5, "Capture.records[0].time"),
            (9, "Capture.records[1].length"),
            (11, "Capture.records[1].always_big"),
            (13, "Capture.records[1].time"),
        ],
    );
}

/// A struct whose byte order is chosen at run time can hold it in an
/// `Endian` field (which reads no bytes): its children inherit it from
/// there, as Kaitai's nested types do, and its positioned values use it.
#[derive(Decode, Debug, PartialEq)]
struct Tiff<'a> {
    #[size(2)]
    order: &'a [u8],
    #[eos]
    body: Ifd<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(
    parent = Tiff<'a>,
    endian = zerowire::Endian::little_if(parent.order == b"II"),
    pos(at_two: u16 = 2, window),
)]
struct Ifd<'a> {
    endian: zerowire::Endian,
    count: u16,
    entry: Entry,
    input: zerowire::Input<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Ifd<'a>, endian = parent.endian)]
struct Entry {
    tag: u16,
}

#[test]
fn children_inherit_a_byte_order_held_in_an_endian_field() {
    let little = *b"II\x02\x00\x01\x00";
    let (t, _) = Tiff::decode_prefix(&little).unwrap();
    assert_eq!(t.body.endian, zerowire::Endian::Little);
    assert_eq!((t.body.count, t.body.entry.tag), (2, 1));
    assert_eq!(t.body.at_two().unwrap(), 1);
    assert_round_trip::<Tiff<'static>>(&little);

    let big = *b"MM\x00\x02\x00\x01";
    let (t, _) = Tiff::decode_prefix(&big).unwrap();
    assert_eq!(t.body.endian, zerowire::Endian::Big);
    assert_eq!((t.body.count, t.body.entry.tag), (2, 1));
    assert_eq!(t.body.at_two().unwrap(), 1);
}

/// An order that only some values decide: `Option<Endian>`, `None` an error.
#[derive(Decode, Debug, PartialEq)]
struct Header {
    order: [u8; 2],
    body: HeaderBody,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(
    parent = Header,
    endian = match parent.order {
        [b'I', b'I'] => Some(zerowire::Endian::Little),
        [b'M', b'M'] => Some(zerowire::Endian::Big),
        _ => None,
    }
)]
struct HeaderBody {
    magic: u16,
}

#[test]
fn an_undecided_byte_order_is_an_error_of_the_struct() {
    assert_eq!(Header::decode(b"II\x2a\x00").unwrap().body.magic, 42);
    assert_eq!(Header::decode(b"MM\x00\x2a").unwrap().body.magic, 42);
    let e = Header::decode(b"XX\x00\x2a").unwrap_err();
    assert_eq!(e.kind(), zerowire::ErrorKind::UndecidedEndian);
    assert_eq!(e.path(), "Header.body");
    assert_eq!(e.offset(), 2);
    // Encoding decides the same way.
    let t = Header {
        order: *b"XX",
        body: HeaderBody { magic: 42 },
    };
    assert_eq!(
        t.to_vec().unwrap_err().kind(),
        zerowire::ErrorKind::UndecidedEndian
    );
}
