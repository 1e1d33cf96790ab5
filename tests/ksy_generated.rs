//! The toy schema as Kaitai Struct writes it (`examples/ksy/toy.ksy`),
//! compiled by `build.rs` through zerowire-ksy: it decodes as the hand-written
//! toy does, borrows from the input, allocates nothing, and encodes back.

use zerowire::Codec;
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::points_into;
use zerowire_suite::toy::{Toy, TOY};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// What zerowire-ksy generated from `examples/ksy/toy.ksy`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/toy.rs"));
}

#[test]
fn the_generated_toy_decodes_as_the_hand_written_one_and_borrows() {
    let (g, allocations) = count_allocations(|| generated::Toy::decode(TOY).unwrap());
    assert_eq!(allocations, 0);
    let h = Toy::decode(TOY).unwrap();
    assert_eq!(g.slice_size, h.slice_size);
    assert_eq!(g.child_structure.slice, h.child_structure.slice);
    assert_eq!(
        g.child_structure.grandchild_structure.slice,
        h.child_structure.grandchild_structure.slice
    );
    assert!(points_into(g.child_structure.slice, TOY));
    assert!(points_into(
        g.child_structure.grandchild_structure.slice,
        TOY
    ));
    assert_eq!(g.to_vec().unwrap(), TOY);
}

#[test]
fn a_cut_input_fails_at_the_same_field_and_offset_as_the_hand_written_toy() {
    for len in 0..TOY.len() {
        let g = generated::Toy::decode(&TOY[..len]).unwrap_err();
        let h = Toy::decode(&TOY[..len]).unwrap_err();
        assert_eq!(g.to_string(), h.to_string(), "cut to {len} bytes");
    }
}

/// What zerowire-ksy generated from `examples/ksy/directory.ksy`.
pub mod directory {
    include!(concat!(env!("OUT_DIR"), "/directory.rs"));
}

/// A directory of 3 entries whose names are 4 bytes long (the header's `name_size`).
fn directory_bytes() -> Vec<u8> {
    let mut v = b"DIR1".to_vec();
    v.extend(3u16.to_le_bytes());
    v.push(4);
    for (name, data) in [(b"one_", &b"1"[..]), (b"two_", b"22"), (b"six_", b"")] {
        v.extend(name);
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
    }
    v
}

#[test]
fn a_repetition_of_entries_that_read_the_root_is_a_lazy_list_without_allocation() {
    let input = directory_bytes();
    let (d, allocations) = count_allocations(|| directory::Directory::decode(&input).unwrap());
    assert_eq!(allocations, 0, "the entries are a borrowed List, not a Vec");
    assert_eq!(d.entries.len(), 3);
    let (walked, allocations) = count_allocations(|| {
        let mut names = 0;
        let mut data = 0;
        for e in d.entries.iter_in(&d, &d) {
            assert!(points_into(e.name.as_bytes(), &input));
            names += e.name.len();
            data += e.data.len();
        }
        (names, data)
    });
    assert_eq!(allocations, 0, "iterating decodes each entry in place");
    assert_eq!(walked, (12, 3));
    let names: Vec<&str> = d.entries.iter_in(&d, &d).map(|e| e.name).collect();
    assert_eq!(names, ["one_", "two_", "six_"]);
    // `to-string` is the entry's `Display`.
    let shown: Vec<String> = d.entries.iter_in(&d, &d).map(|e| e.to_string()).collect();
    assert_eq!(
        shown,
        ["one_ (1 bytes)", "two_ (2 bytes)", "six_ (0 bytes)"]
    );
    assert_eq!(d.to_vec().unwrap(), input);

    // A cut entry is an error of that entry, found when the directory is read.
    let e = directory::Directory::decode(&input[..input.len() - 3]).unwrap_err();
    assert_eq!(e.path(), "Directory.entries[2].name");
}

/// What zerowire-ksy generated from `examples/ksy/streams.ksy`.
pub mod streams {
    include!(concat!(env!("OUT_DIR"), "/streams.rs"));
}

#[test]
fn another_structs_stream_is_where_it_was_read() {
    let input = [7, 0xaa, 0xbb, 0xcc, 1, 2, b'h', b'i', 2, 5, 0, 9];
    let s = streams::Streams::decode(&input).unwrap();
    assert_eq!(s.header.version, 7);
    assert_eq!(s.rest, [9]);
    // The header's window is its `size`; its field ended one byte in.
    assert_eq!(s.header_window(), 4);
    assert_eq!(s.header_end(), 1);
    assert!(!s.header_filled());
    // An instance without `pos` reads where the header's fields ended.
    assert_eq!(s.header.next_byte().unwrap(), 0xaa);
    // One in the header's stream (`io: header._io`) counts in its window.
    assert_eq!(s.header_third().unwrap(), 0xbb);
    // The header reads the root's stream (`_root._io`): the whole input.
    assert_eq!(s.header.input_size(), input.len() as i64);
    // One in the stream of the root's `tail` (`io: _root.tail._io`), which
    // the header cannot see: its caller passes it; it counts in tail's window.
    // A value over the root's `rest`, which the root reads after the header:
    // computed once the whole input is read, from the root its caller passes.
    assert_eq!(s.header.rest_len(&s), 1);
    assert_eq!(s.version_or_default(), 7.0);
    let tail = s.tail().unwrap();
    assert_eq!(tail.first, 0);
    assert_eq!(s.header.tail_second(tail.input).unwrap(), 9);
}

#[test]
fn values_over_a_lazy_list_hold_the_elements_they_decode() {
    let input = [7, 0xaa, 0xbb, 0xcc, 1, 2, b'h', b'i', 2, 5, 0, 9];
    let s = streams::Streams::decode(&input).unwrap();
    // Owned (decoded on the spot), yet still borrowing from the input.
    let first = s.first_record().unwrap();
    assert_eq!(first.kind, 1);
    assert_eq!(s.last_kind(), Some(2));
    let text = s.first_text().unwrap();
    assert_eq!(text.value, "hi");
    assert!(points_into(text.value.as_bytes(), &input));
    // A case the value does not name is absent.
    let other = [7, 0, 0, 0, 2, 5, 0, 2, 6, 0];
    assert!(streams::Streams::decode(&other)
        .unwrap()
        .first_text()
        .is_none());
}
