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
