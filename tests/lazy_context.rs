//! A lazy `List` of elements that read `parent.` and `root.`: Kaitai's most
//! common pattern (a repeated entry sized from the header) without a `Vec`.
//! Reading walks the elements once with the views of their parent and root;
//! `List::iter_in(&parent, &root)` decodes them again from the decoded structs.

use zerowire::{Codec, Decode, ErrorKind, List};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, points_into};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[derive(Decode, Debug, PartialEq)]
struct Archive<'a> {
    name_size: u8,
    dir: Directory<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Archive<'a>)]
struct Directory<'a> {
    entry_size: u8,
    count: u8,
    #[count(count)]
    entries: List<'a, Entry<'a>>,
    #[until(item.last != 0)]
    chain: List<'a, Link<'a>>,
    #[eos]
    rest: List<'a, Entry<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Directory<'a>)]
struct Entry<'a> {
    #[size(root.name_size)]
    name: &'a [u8],
    #[size(parent.entry_size - root.name_size)]
    data: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Directory<'a>)]
struct Link<'a> {
    last: u8,
    #[size(parent.count)]
    body: &'a [u8],
}

const INPUT: [u8; 18] = [
    2, // name_size
    4, 2, // entry_size, count
    b'a', b'b', 1, 2, // entries[0]
    b'c', b'd', 3, 4, // entries[1]
    0, 9, 9, // chain[0]
    1, 8, 8,    // chain[1] (last)
    b'e', // rest: a partial entry
];

#[test]
fn a_lazy_list_reads_parent_and_root_without_allocating() {
    let input = {
        let mut v = INPUT.to_vec();
        v.extend([b'f', 5, 6]);
        v
    };
    let (archive, allocations) = count_allocations(|| Archive::decode(&input).unwrap());
    assert_eq!(allocations, 0, "reading a lazy list allocates nothing");
    let dir = &archive.dir;
    assert_eq!(dir.entries.len(), 2);

    let (names, allocations) = count_allocations(|| {
        let mut names = [[0u8; 2]; 2];
        for (i, e) in dir.entries.iter_in(dir, &archive).enumerate() {
            names[i].copy_from_slice(e.name);
            assert!(points_into(e.data, &input));
        }
        names
    });
    assert_eq!(allocations, 0, "iterating decodes in place");
    assert_eq!(names, [*b"ab", *b"cd"]);

    let entries: Vec<Entry<'_>> = dir.entries.iter_in(dir, &archive).collect();
    assert_eq!(entries[1].data, [3, 4]);
    let links: Vec<Link<'_>> = dir.chain.iter_in(dir, &archive).collect();
    assert_eq!(links.len(), 2);
    assert_eq!(links[1].body, [8, 8]);
    let rest: Vec<Entry<'_>> = dir.rest.iter_in(dir, &archive).collect();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].name, b"ef");

    // Encoding writes the borrowed bytes back.
    assert_round_trip::<Archive<'static>>(&input);
    // Elements that cannot be decoded alone show as their bytes.
    assert!(format!("{:?}", dir.entries).starts_with("List { len: 2, bytes: [97, 98"));
}

#[test]
fn element_errors_name_the_element_and_come_from_the_parents_fields() {
    // The last entry is cut short: the error is the element's, found when read.
    let e = Archive::decode(&INPUT).unwrap_err();
    assert_eq!(e.path(), "Archive.dir.rest[0].name");
    assert_eq!(e.kind(), zerowire_suite::needed(2, 1));

    // entry_size below name_size: the parent's arithmetic overflows inside the element.
    let mut input = INPUT.to_vec();
    input[1] = 1;
    let e = Archive::decode(&input).unwrap_err();
    assert_eq!(e.path(), "Archive.dir.entries[0].data");
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "parent.entry_size - root.name_size"
        }
    );

    let mut input = INPUT.to_vec();
    input.extend([b'f', 5, 6]);
    assert_every_prefix_fails::<Archive<'static>>(
        &input[..17],
        &[
            (0, "Archive.name_size"),
            (1, "Archive.dir.entry_size"),
            (2, "Archive.dir.count"),
            (3, "Archive.dir.entries[0].name"),
            (5, "Archive.dir.entries[0].data"),
            (7, "Archive.dir.entries[1].name"),
            (9, "Archive.dir.entries[1].data"),
            (11, "Archive.dir.chain[0].last"),
            (12, "Archive.dir.chain[0].body"),
            (14, "Archive.dir.chain[1].last"),
            (15, "Archive.dir.chain[1].body"),
        ],
    );
}

#[test]
fn a_parent_changed_after_decoding_ends_the_iteration_instead_of_panicking() {
    let mut input = INPUT.to_vec();
    input.extend([b'f', 5, 6]);
    let mut archive = Archive::decode(&input).unwrap();
    // Larger entries than the list holds: the second one no longer fits.
    archive.dir.entry_size = 6;
    let dir = &archive.dir;
    let entries: Vec<Entry<'_>> = dir.entries.iter_in(dir, &archive).collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].data, [1, 2, b'c', b'd']);
    // A list of `Codec` elements still iterates alone.
    let plain = List::<u16>::new(&[0, 1, 0, 2]).unwrap();
    assert_eq!(plain.iter().collect::<Vec<_>>(), [1, 2]);
}
