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

#[derive(Decode, Debug, PartialEq)]
struct Word<'a> {
    #[eos]
    text: &'a str,
}

/// Positioned values take the attributes of a field of their type.
#[derive(Decode, Debug)]
#[zerowire(
    pos(header: &'a str = 1, #[size(3)]),
    pos(entries: Vec<&'a [u8]> = at, #[count(n)] #[item_size(2)]),
    pos(little: u16 = 1, #[endian(little)]),
    pos(never: Option<u8> = 200, #[when(n > 9)]),
    pos(checked: u8 = 0, #[valid(value == 7)]),
    pos(named: Word<'a> = 1, #[terminator(b'|')]),
)]
struct Catalog<'a> {
    at: u8,
    n: u8,
    input: Input<'a>,
}

#[test]
fn a_positioned_value_takes_field_attributes() {
    let input = b"\x04\x02a|bcdefg";
    let (t, _) = Catalog::decode_prefix(input).unwrap();
    assert_eq!(t.header().unwrap(), "\u{2}a|");
    assert!(points_into(t.header().unwrap().as_bytes(), input));
    assert_eq!(t.entries().unwrap(), [&b"bc"[..], b"de"]);
    assert_eq!(t.little().unwrap(), u16::from_le_bytes([2, b'a']));
    // `when` is checked before the offset is sought.
    assert_eq!(t.never().unwrap(), None);
    assert_eq!(t.named().unwrap().text, "\u{2}a");
    let e = t.checked().unwrap_err();
    assert_eq!(e.path(), "Catalog.checked");
    assert_eq!(
        e.kind(),
        ErrorKind::Invalid {
            check: "value == 7"
        }
    );

    // A count past the end fails at the element, named by the value.
    let (t, _) = Catalog::decode_prefix(b"\x04\x09a|bcdefg").unwrap();
    let e = t.entries().unwrap_err();
    assert_eq!(e.path(), "Catalog.entries[3]");
    assert!(matches!(e.kind(), ErrorKind::Needed { .. }));
}

// A positioned value whose type a tag chooses (Kaitai's instance of a
// `switch-on` type): the tag is a field of the struct, read once it is.
#[derive(Decode, Debug)]
#[zerowire(pos(content: Content<'a> = at, #[size(len)], #[tag_from(kind)]))]
struct Entry<'a> {
    #[size(2)]
    kind: &'a str,
    at: u8,
    len: u8,
    input: Input<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = &'a str)]
enum Content<'a> {
    #[tag("TX")]
    Text(&'a str),
    #[tag("N1")]
    Number(u8),
    #[tag(_)]
    Other { tag: &'a str, body: &'a [u8] },
}

#[test]
fn a_positioned_value_takes_its_tag_from_a_field() {
    let input = b"TX\x05\x03.abc";
    let (e, _) = Entry::decode_prefix(input).unwrap();
    let Content::Text(text) = e.content().unwrap() else {
        panic!("text expected")
    };
    assert_eq!(text, "abc");
    assert!(points_into(text.as_bytes(), input));
    let (e, _) = Entry::decode_prefix(b"N1\x04\x01\x2a").unwrap();
    assert_eq!(e.content().unwrap(), Content::Number(42));
    let (e, _) = Entry::decode_prefix(b"??\x04\x01\x2a").unwrap();
    assert_eq!(
        e.content().unwrap(),
        Content::Other {
            tag: "??",
            body: b"\x2a"
        }
    );
    // A window past the input is an error naming the value.
    let (e, _) = Entry::decode_prefix(b"TX\x05\x09.abc").unwrap();
    assert_eq!(e.content().unwrap_err().path(), "Entry.content");
}

// A lazy list of entries that point into the rest of the input: iterated,
// each entry reads its positioned value in the whole input and in its
// parent's window, as when the list was read.
#[derive(Decode, Debug)]
struct Heap<'a> {
    count: u8,
    #[count(count)]
    entries: zerowire::List<'a, Pointer<'a>>,
    #[eos]
    heap: &'a [u8],
}

#[derive(Decode, Debug)]
#[zerowire(
    pos(absolute: Name<'a> = at),
    pos(relative: Name<'a> = at, window),
    value(window_size: usize = input.window_size()),
)]
struct Pointer<'a> {
    at: u8,
    input: Input<'a>,
}

#[test]
fn elements_of_a_lazy_list_read_positioned_values_outside_the_list() {
    let input = b"\x02\x03\x06ab\0cd\0";
    let heap_table = Heap::decode(input).unwrap();
    assert_eq!(heap_table.heap, b"ab\0cd\0");
    let names: Vec<&str> = heap_table
        .entries
        .iter()
        .map(|e| e.absolute().unwrap().text)
        .collect();
    assert_eq!(names, ["ab", "cd"]);
    // The struct's window is the whole input, as for a field of `Heap`.
    for e in &heap_table.entries {
        assert_eq!(e.relative().unwrap(), e.absolute().unwrap());
        assert_eq!(e.window_size(), input.len());
    }
    let ab = heap_table
        .entries
        .iter()
        .next()
        .unwrap()
        .absolute()
        .unwrap();
    assert!(points_into(ab.text.as_bytes(), &input[3..]));
    // The list's own bytes are its entries only.
    assert_eq!(heap_table.entries.as_bytes(), b"\x03\x06");
    assert_round_trip::<Heap<'static>>(input);
}

// A struct in a terminated window still reads its positioned values in the
// whole input: absolute, past its window, or within it.
#[derive(Decode, Debug)]
struct Record<'a> {
    #[terminator(b';')]
    head: Head<'a>,
    #[eos]
    tail: &'a [u8],
}

#[derive(Decode, Debug)]
#[zerowire(
    pos(far: Name<'a> = at),
    pos(near: u8 = 0, window),
    value(window_size: usize = input.window_size()),
)]
struct Head<'a> {
    at: u8,
    input: Input<'a>,
}

#[test]
fn a_terminated_window_reads_positioned_values_in_the_whole_input() {
    let input = b"\x02;hi\0";
    let record = Record::decode(input).unwrap();
    assert_eq!(record.head.far().unwrap().text, "hi");
    assert_eq!(record.head.near().unwrap(), 2);
    assert_eq!(record.head.window_size(), 1);
    assert_eq!(record.tail, b"hi\0");
}

// A positioned value's `when` may use `?`: its error is the value's, at
// offset 0 (before it seeks).
#[derive(Decode, Debug)]
#[zerowire(pos(extra: Option<u8> = 0, #[when(*zerowire::math::required(flag.as_ref(), "flag")? == 1)]))]
struct Flagged<'a> {
    has: u8,
    #[when(has != 0)]
    flag: Option<u8>,
    input: Input<'a>,
}

#[test]
fn a_positioned_values_when_places_its_errors_at_the_value() {
    let (f, _) = Flagged::decode_prefix(&[1, 1]).unwrap();
    assert_eq!(f.extra().unwrap(), Some(1));
    let (f, _) = Flagged::decode_prefix(&[1, 2]).unwrap();
    assert_eq!(f.extra().unwrap(), None);
    let (f, _) = Flagged::decode_prefix(&[0]).unwrap();
    let e = f.extra().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Absent { name: "flag" });
    assert_eq!(e.path(), "Flagged.extra");
    assert_eq!(e.offset(), 0);
}

// A value read in another struct's stream (`io(EXPR)`, Kaitai's
// `io: header._io`): at an offset of that struct's window.
#[derive(Decode, Debug)]
#[zerowire(
    pos(second: u8 = 1, window, io(header.input)),
    pos(beyond: u8 = 3, window, io(header.input)),
)]
struct Split<'a> {
    #[size(3)]
    #[skip_rest]
    header: Part<'a>,
    tail: u8,
}

#[derive(Decode, Debug)]
struct Part<'a> {
    first: u8,
    input: Input<'a>,
}

#[test]
fn a_positioned_value_reads_in_another_structs_stream() {
    let s = Split::decode(&[1, 2, 3, 4]).unwrap();
    assert_eq!(s.header.first, 1);
    assert_eq!(s.tail, 4);
    assert_eq!(s.second().unwrap(), 2);
    // The header's window ends before the tail: past it, nothing is there.
    let e = s.beyond().unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Needed { .. } | ErrorKind::OutOfRange { .. }
        ),
        "{e}"
    );
    assert_eq!(e.path(), "Split.beyond");
}

// A value read in an input its caller passes (`io(NAME: Input<'a>)`,
// Kaitai's `io: _root.strings._io` below the root): an entry names an offset
// in a table that its root holds, which the entry itself cannot see.
#[derive(Decode, Debug)]
struct Names<'a> {
    count: u8,
    #[count(count)]
    entries: Vec<NameRef<'a>>,
    #[eos]
    strings: StringTable<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(pos(name: &'a str = offset, window, io(strings: Input<'a>), #[terminator(0)]))]
struct NameRef<'a> {
    offset: u8,
    #[size(1)]
    flags: &'a [u8],
}

#[derive(Decode, Debug)]
struct StringTable<'a> {
    #[eos]
    bytes: &'a [u8],
    input: Input<'a>,
}

#[test]
fn a_positioned_value_reads_in_the_input_its_caller_passes() {
    let data = [2, 4, 1, 0, 2, b'a', b'b', 0, b'x', b'y', b'z', 0];
    let n = Names::decode(&data).unwrap();
    let strings = n.strings.input;
    assert_eq!(n.entries[0].name(strings).unwrap(), "yz");
    assert_eq!(n.entries[1].name(strings).unwrap(), "ab");
    // Offsets count in the passed input's window, whose end bounds them.
    assert_eq!(n.entries[0].flags, [1]);
    let far = NameRef {
        offset: 9,
        flags: &[],
    };
    let e = far.name(strings).unwrap_err();
    assert_eq!(e.path(), "NameRef.name");
}
