//! Children that read `parent.`/`root.` inside `Option`, `Vec` and windows, and
//! children without a lifetime under parents with one.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Table<'a> {
    version: u8,
    item_len: u8,
    count: u8,
    #[count(count)]
    items: Vec<Item<'a>>,
    #[when(version >= 2)]
    footer: Option<Footer>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Table<'a>)]
struct Item<'a> {
    #[size(parent.item_len)]
    bytes: &'a [u8],
    #[when(root.version >= 3)]
    extra: Option<u8>,
}

/// No lifetime of its own, under a parent that has one.
#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Table<'a>)]
struct Footer {
    #[valid(value == parent.count)]
    check: u8,
}

#[test]
fn every_element_of_a_vec_reads_the_parent_fields() {
    let input = [1, 2, 3, b'a', b'b', b'c', b'd', b'e', b'f'];
    let t = Table::decode(&input).unwrap();
    let items: Vec<&[u8]> = t.items.iter().map(|i| i.bytes).collect();
    assert_eq!(items, [&b"ab"[..], b"cd", b"ef"]);
    assert!(t.items.iter().all(|i| i.extra.is_none()));
    assert_eq!(t.footer, None);
    assert_round_trip::<Table<'static>>(&input);
}

#[test]
fn options_and_lifetime_free_children_read_parent_and_root() {
    let input = [3, 1, 2, b'a', 7, b'b', 8, 2];
    let t = Table::decode(&input).unwrap();
    assert_eq!(
        t.items[0],
        Item {
            bytes: b"a",
            extra: Some(7)
        }
    );
    assert_eq!(
        t.items[1],
        Item {
            bytes: b"b",
            extra: Some(8)
        }
    );
    assert_eq!(t.footer, Some(Footer { check: 2 }));
    assert_round_trip::<Table<'static>>(&input);
    assert_every_prefix_fails::<Table<'static>>(
        &input,
        &[
            (0, "Table.version"),
            (1, "Table.item_len"),
            (2, "Table.count"),
            (3, "Table.items[0].bytes"),
            (4, "Table.items[0].extra"),
            (5, "Table.items[1].bytes"),
            (6, "Table.items[1].extra"),
            (7, "Table.footer.check"),
        ],
    );
}

#[test]
fn a_child_check_against_a_parent_field_fails_with_its_path() {
    let err = Table::decode(&[2, 1, 1, b'a', 9]).unwrap_err();
    assert_eq!(err.path(), "Table.footer.check");
    assert_eq!(
        err.kind(),
        ErrorKind::Invalid {
            check: "value == parent.count"
        }
    );
    assert_eq!(err.offset(), 4);
}

#[test]
fn encoding_a_vec_element_checks_it_against_the_parent() {
    let mut t = Table::decode(&[1, 2, 1, b'a', b'b']).unwrap();
    t.items[0].bytes = b"abc";
    let err = t.to_vec().unwrap_err();
    assert_eq!(err.path(), "Table.items[0].bytes");
    assert_eq!(
        err.kind(),
        ErrorKind::LengthMismatch {
            expected: 2,
            found: 3
        }
    );
}

// Child and grandchild both read `root.`, the child inside a window.

#[derive(Decode, Debug, PartialEq)]
struct Doc<'a> {
    unit: u8,
    len: u8,
    #[size(len)]
    section: Section<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Doc<'a>)]
struct Section<'a> {
    #[size(root.unit)]
    head: &'a [u8],
    #[eos]
    #[valid(value.len() % usize::from(root.unit) == 0)]
    body: Vec<Cell<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Section<'a>)]
struct Cell<'a> {
    #[size(root.unit)]
    bytes: &'a [u8],
}

#[test]
fn root_reaches_through_a_window_and_a_repetition() {
    let input = [2, 6, 1, 2, 3, 4, 5, 6];
    let d = Doc::decode(&input).unwrap();
    assert_eq!(d.section.head, [1, 2]);
    assert_eq!(d.section.body.len(), 2);
    assert_eq!(d.section.body[1].bytes, [5, 6]);
    assert_round_trip::<Doc<'static>>(&input);
    // A cell cut by the window's end.
    let err = Doc::decode(&[2, 5, 1, 2, 3, 4, 5]).unwrap_err();
    assert_eq!(err.path(), "Doc.section.body[1].bytes");
    assert_eq!(
        err.kind(),
        ErrorKind::Needed {
            needed: 2,
            available: 1
        }
    );
}

// Neither the parent nor the child has a lifetime.

#[derive(Decode, Debug, PartialEq)]
struct Plain {
    flag: u8,
    inner: PlainChild,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Plain)]
struct PlainChild {
    #[when(parent.flag == 1)]
    value: Option<u16>,
}

#[test]
fn children_without_lifetimes_read_parents_without_lifetimes() {
    assert_eq!(
        Plain::decode(&[1, 0, 7]).unwrap(),
        Plain {
            flag: 1,
            inner: PlainChild { value: Some(7) }
        }
    );
    assert_eq!(
        Plain::decode(&[0]).unwrap().inner,
        PlainChild { value: None }
    );
    assert_round_trip::<Plain>(&[1, 0, 7]);
}
