//! Hostile input: lengths and counts at their maximum, elements that take no
//! bytes, and size arithmetic that overflows. Each is an error, never a panic,
//! an allocation sized by the input's claims, or an endless loop.

use zerowire::{
    Codec, Decode, Error, ErrorKind, List, ListU16, ListU24, ListU32, ListU8, PayloadU16,
    PayloadU24, PayloadU32, PayloadU8,
};
use zerowire_suite::alloc_count::{count_allocated_bytes, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// The most a failed decode may allocate: the error's one box.
const ERROR_BYTES: usize = 256;

/// Decodes with `decode`, asserts that it fails and allocates at most the
/// error, and returns the error.
#[track_caller]
fn fails_small<T>(decode: impl FnOnce() -> Result<T, Error>) -> Error {
    fails_within(0, decode)
}

/// As [`fails_small`], allowing a `Vec` of at most `vec_bytes` besides the error:
/// a `Vec` reserves by the input left, never by the count the input claims.
#[track_caller]
fn fails_within<T>(vec_bytes: usize, decode: impl FnOnce() -> Result<T, Error>) -> Error {
    let (result, allocations, bytes) = count_allocated_bytes(decode);
    let Err(e) = result else {
        panic!("a hostile input decoded");
    };
    let most = usize::from(vec_bytes > 0) + 1;
    assert!(
        allocations <= most && bytes <= ERROR_BYTES + vec_bytes,
        "{allocations} allocations, {bytes} bytes for {e}"
    );
    e
}

#[test]
fn every_prefix_width_at_its_maximum_is_needed_without_allocating() {
    type Case = (&'static [u8], fn(&[u8]) -> Result<usize, Error>, usize);
    let cases: [Case; 8] = [
        (&[0xFF, 1], |b| PayloadU8::decode(b).map(|p| p.len()), 0xFF),
        (
            &[0xFF, 0xFF, 1],
            |b| PayloadU16::decode(b).map(|p| p.len()),
            0xFFFF,
        ),
        (
            &[0xFF, 0xFF, 0xFF, 1],
            |b| PayloadU24::decode(b).map(|p| p.len()),
            0xFF_FFFF,
        ),
        (
            &[0xFF, 0xFF, 0xFF, 0xFF, 1],
            |b| PayloadU32::decode(b).map(|p| p.len()),
            0xFFFF_FFFF,
        ),
        (
            &[0xFF, 1],
            |b| ListU8::<u8>::decode(b).map(|l| l.len()),
            0xFF,
        ),
        (
            &[0xFF, 0xFF, 1],
            |b| ListU16::<u16>::decode(b).map(|l| l.len()),
            0xFFFF,
        ),
        (
            &[0xFF, 0xFF, 0xFF, 1],
            |b| ListU24::<u32>::decode(b).map(|l| l.len()),
            0xFF_FFFF,
        ),
        (
            &[0xFF, 0xFF, 0xFF, 0xFF, 1],
            |b| ListU32::<u64>::decode(b).map(|l| l.len()),
            0xFFFF_FFFF,
        ),
    ];
    for (input, decode, needed) in cases {
        let e = fails_small(|| decode(input));
        let prefix = input.len() - 1;
        assert_eq!(
            e.kind(),
            ErrorKind::Needed {
                needed,
                available: 1
            },
            "{input:?}"
        );
        assert_eq!(e.offset(), prefix);
    }
}

#[derive(Decode, Debug)]
struct Sized64<'a> {
    len: u64,
    #[size(len)]
    body: &'a [u8],
}

#[derive(Decode, Debug)]
struct Counted64 {
    n: u64,
    #[count(n)]
    items: Vec<u32>,
}

#[derive(Decode, Debug)]
struct CountedList<'a> {
    n: u32,
    #[count(n)]
    items: List<'a, Point>,
}

#[derive(Decode, Debug, Clone, Copy)]
struct Point {
    x: u16,
    y: u16,
}

#[test]
fn a_u64_size_or_count_at_its_maximum_is_an_error_without_allocating() {
    let mut input = u64::MAX.to_be_bytes().to_vec();
    input.extend_from_slice(&[1, 2, 3, 4]);

    let e = fails_small(|| Sized64::decode(&input));
    assert_eq!(e.path(), "Sized64.body");
    assert_eq!(e.offset(), 8);
    // On 64-bit targets the length fits a usize, and the input falls short.
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Needed { available: 4, .. } | ErrorKind::TooLarge { .. }
        ),
        "{e}"
    );

    // At most one u32 per byte left (4 bytes): 16 bytes, whatever the count says.
    let e = fails_within(16, || Counted64::decode(&input));
    assert_eq!(
        e.to_string(),
        "Counted64.items[1]: needed 4 bytes at offset 12, 0 left"
    );

    let mut input = u32::MAX.to_be_bytes().to_vec();
    input.extend_from_slice(&[0, 1, 0, 2, 9]);
    let e = fails_small(|| CountedList::decode(&input));
    assert_eq!(
        e.to_string(),
        "CountedList.items[1].x: needed 2 bytes at offset 8, 1 left"
    );
}

/// An element that can take no bytes at all.
#[derive(Decode, Debug, PartialEq)]
struct Maybe {
    #[when(false)]
    value: Option<u8>,
}

#[derive(Decode, Debug)]
struct ManyEmpty<'a> {
    n: u32,
    #[count(n)]
    lazy: List<'a, Maybe>,
}

#[derive(Decode, Debug)]
struct ManyEmptyVec {
    n: u32,
    #[count(n)]
    items: Vec<Maybe>,
}

#[derive(Decode, Debug)]
struct AllEmpty<'a> {
    #[eos]
    items: List<'a, Maybe>,
    #[eos]
    more: Vec<()>,
}

#[test]
fn a_huge_count_of_elements_that_take_no_bytes_ends_at_once() {
    let input = u32::MAX.to_be_bytes();

    // The lazy list checks one element (they all decode alike) and keeps the count.
    let (many, allocations, _) = count_allocated_bytes(|| ManyEmpty::decode(&input).unwrap());
    assert_eq!(allocations, 0);
    assert_eq!(many.lazy.len(), u32::MAX as usize);
    assert_eq!(many.lazy.iter().take(3).count(), 3);

    // A Vec would hold them all: that is an error at the second element.
    // Nothing is left after the count, so the Vec reserves nothing before its
    // first element (one small allocation).
    let e = fails_within(8, || ManyEmptyVec::decode(&input));
    assert_eq!(e.kind(), ErrorKind::NoProgress);
    assert_eq!(
        e.to_string(),
        "ManyEmptyVec.items[0]: an element consumed no bytes at offset 4"
    );

    // A count of one such element is fine, and so is a count that the bytes
    // left could justify (as many elements as bytes): memory stays bounded by
    // the input, as for elements that take bytes.
    let one = ManyEmptyVec::decode(&[0, 0, 0, 1]).unwrap();
    assert_eq!(one.items, [Maybe { value: None }]);
    let (two, _) = ManyEmptyVec::decode_prefix(&[0, 0, 0, 2, 9, 9]).unwrap();
    assert_eq!(two.items.len(), 2);
    let e = ManyEmptyVec::decode_prefix(&[0, 0, 0, 3, 9, 9]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoProgress);
    assert_eq!(e.path(), "ManyEmptyVec.items[0]");

    // Read to the end of input, an element that takes no bytes cannot finish.
    let e = AllEmpty::decode(&[7]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoProgress);
    assert_eq!(e.path(), "AllEmpty.items[0]");
}

#[derive(Decode, Debug)]
struct Grid<'a> {
    rows: u32,
    cols: u32,
    #[size(rows * cols)]
    cells: &'a [u8],
}

#[derive(Decode, Debug)]
struct Framed<'a> {
    total: u16,
    header: u16,
    #[size(total - header - 2)]
    body: &'a [u8],
    #[count((header as usize) << 8 >> 8)]
    extra: Vec<u8>,
}

#[derive(Decode, Debug)]
struct PerItem<'a> {
    n: u8,
    width: u8,
    #[count(n / width)]
    items: List<'a, u8>,
}

#[derive(Decode, Debug)]
struct Outer<'a> {
    scale: u8,
    inner: Scaled<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(parent = Outer<'a>)]
struct Scaled<'a> {
    n: u8,
    #[size(parent.scale * n)]
    data: &'a [u8],
}

#[test]
fn size_arithmetic_that_overflows_is_an_error_not_a_wrap() {
    // 0x10000 * 0x10000 wraps to 0 in u32: that would decode an empty slice.
    let input = [0, 1, 0, 0, 0, 1, 0, 0];
    let e = Grid::decode(&input).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "rows * cols"
        }
    );
    assert_eq!(
        e.to_string(),
        "Grid.cells: `rows * cols` overflows or divides by zero at offset 8"
    );

    // In range it is the product.
    let grid = Grid::decode(&[0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]).unwrap();
    assert_eq!(grid.cells, [1, 2, 3, 4, 5, 6]);

    // 1 - 0 - 2 underflows.
    let e = Framed::decode(&[0, 1, 0, 0]).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "total - header - 2"
        }
    );
    assert_eq!(e.path(), "Framed.body");
    assert_eq!(e.offset(), 4);
    let framed = Framed::decode(&[0, 5, 0, 1, 0xAA, 0xBB, 0xCC]).unwrap();
    assert_eq!(framed.body, [0xAA, 0xBB]);
    assert_eq!(framed.extra, [0xCC]);

    // Division by zero.
    let e = PerItem::decode(&[4, 0]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow { expr: "n / width" });
    assert_eq!(PerItem::decode(&[4, 2, 8, 9]).unwrap().items.len(), 2);

    // Through `parent.`: 16 * 16 overflows the u8.
    let e = Outer::decode(&[16, 16]).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "parent.scale * n"
        }
    );
    assert_eq!(e.path(), "Outer.inner.data");
    let outer = Outer::decode(&[2, 2, 1, 2, 3, 4]).unwrap();
    assert_eq!(outer.inner.data, [1, 2, 3, 4]);
}

#[test]
fn size_arithmetic_is_checked_on_encode_too() {
    let grid = Grid {
        rows: 0x10000,
        cols: 0x10000,
        cells: &[],
    };
    let e = grid.to_vec().unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Overflow {
            expr: "rows * cols"
        }
    );
    assert_eq!(e.path(), "Grid.cells");
}

/// Size expressions as Rust reads them: `a + b * c` is `a + (b * c)`, and the
/// arithmetic inside calls, method calls, casts and shifts is checked too.
#[derive(Decode, Debug)]
struct Forms<'a> {
    a: u8,
    b: u8,
    c: u8,
    #[size(a + b * c)]
    sum: &'a [u8],
    #[size(u16::from(a) * 2 - 1)]
    call: &'a [u8],
    #[size((b.min(c) as usize + 1) % 4)]
    method: &'a [u8],
    #[size(usize::from(c - a) << 1 >> 1)]
    shift: &'a [u8],
}

#[test]
fn size_expressions_keep_rust_precedence_and_check_every_operator() {
    // a = 1, b = 2, c = 3: 7, 1, 3 and 2 bytes.
    let input: Vec<u8> = [1, 2, 3].into_iter().chain(0..13).collect();
    let forms = Forms::decode(&input).unwrap();
    assert_eq!(forms.sum, [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(forms.call, [7]);
    assert_eq!(forms.method, [8, 9, 10]);
    assert_eq!(forms.shift, [11, 12]);

    // 16 * 16 overflows the u8 before the sum.
    let e = fails_small(|| Forms::decode(&[16, 16, 16]));
    assert_eq!(e.kind(), ErrorKind::Overflow { expr: "a + b * c" });
    assert_eq!(e.path(), "Forms.sum");

    // 0 * 2 - 1 underflows, in the operand after a call.
    let e = fails_small(|| Forms::decode(&[0, 1, 1, 9]));
    assert_eq!(e.path(), "Forms.call");
    assert!(matches!(e.kind(), ErrorKind::Overflow { .. }), "{e}");

    // c - a underflows inside the call's argument.
    let e = fails_small(|| Forms::decode(&[2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(e.path(), "Forms.shift");
    assert!(matches!(e.kind(), ErrorKind::Overflow { .. }), "{e}");
    assert_eq!(e.offset(), 11);
}
