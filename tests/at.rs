//! `#[at(EXPR)]` and `#[at(EXPR, window)]`: a field read at an offset while
//! the struct decodes (binrw's `seek_before` with `restore_position`, Kaitai's
//! `pos:` instance used by a later attribute), the reader left where it was.

use zerowire::{Codec, Decode, ErrorKind, List};
use zerowire_suite::points_into;

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(endian = "little")]
struct Pair {
    offset: u32,
    len: u32,
}

/// The count of the entries is stored after them, at offset 16.
#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct Table<'a> {
    #[at(16)]
    count: u32,
    /// A magic read at an offset: the count's low byte is 2 (or 3).
    #[at(16)]
    #[magic(b"\x02")]
    _two: (),
    #[count(count)]
    entries: List<'a, Pair>,
    /// Where the reader is, plus 4: the byte after the count.
    #[at(io.window_position() + 4)]
    after_count: u8,
    #[eos]
    rest: &'a [u8],
}

fn table() -> Vec<u8> {
    let mut v = Vec::new();
    for (o, l) in [(1u32, 2u32), (3, 4)] {
        v.extend(o.to_le_bytes());
        v.extend(l.to_le_bytes());
    }
    v.extend(2u32.to_le_bytes());
    v.push(0xAB);
    v
}

#[test]
fn a_field_read_at_an_offset_leaves_the_reader_where_it_was() {
    let input = table();
    let t = Table::decode(&input).unwrap();
    assert_eq!(t.count, 2);
    assert_eq!(
        t.entries.iter().collect::<Vec<_>>(),
        [Pair { offset: 1, len: 2 }, Pair { offset: 3, len: 4 }]
    );
    assert_eq!(t.after_count, 0xAB);
    // The entries ended at 16: the rest is the count and the byte after it.
    assert_eq!(t.rest, [2, 0, 0, 0, 0xAB]);
    assert!(points_into(t.rest, &input));
    // It is written by the bytes that hold it (here `rest`), not again.
    assert_eq!(t.to_vec().unwrap(), input);
    let mut three = input.clone();
    three[16] = 3;
    let e = Table::decode(&three).unwrap_err();
    assert_eq!(e.path(), "Table._two");
    assert_eq!(e.offset(), 16);
}

#[test]
fn an_offset_outside_the_input_is_an_error_of_the_field() {
    let e = Table::decode(&table()[..10]).unwrap_err();
    assert_eq!(e.path(), "Table.count");
    assert_eq!(e.kind(), ErrorKind::OutOfRange { position: 16 });
    // In range but cut: the read's own error, at its offset.
    let e = Table::decode(&table()[..18]).unwrap_err();
    assert_eq!(e.path(), "Table.count");
    assert_eq!(e.offset(), 16);
}

#[derive(Decode, Debug)]
struct Outer<'a> {
    len: u8,
    #[size(len)]
    inner: Inner<'a>,
    tail: u8,
}

#[derive(Decode, Debug)]
struct Inner<'a> {
    /// The window's last byte, whatever its size.
    #[at(io.window_size() - 1, window)]
    last: u8,
    #[eos]
    body: &'a [u8],
}

#[test]
fn a_window_relative_offset_counts_from_the_windows_start() {
    let o = Outer::decode(&[3, 7, 8, 9, 0xEE]).unwrap();
    assert_eq!(o.inner.last, 9);
    assert_eq!(o.inner.body, [7, 8, 9]);
    assert_eq!(o.tail, 0xEE);
    // An empty window: `size - 1` underflows, checked.
    let e = Outer::decode(&[0, 0xEE]).unwrap_err();
    assert_eq!(e.path(), "Outer.inner.last");
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "io.window_size() - 1"
        }
    );
    assert_eq!(
        <Inner<'_> as Codec>::MIN_SIZE,
        0,
        "a field read elsewhere takes none of the struct's bytes"
    );
}
