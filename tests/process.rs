//! `#[process(...)]`: transformed bytes, decoded into an owned `Vec<u8>`, or into
//! an `Owned<T>` bundle of a value decoded from the new buffer, for a field or
//! for each element of a `Vec`.

use zerowire::{Codec, Decode, ErrorKind, Owned};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip};

#[derive(Decode, Debug, PartialEq)]
struct Obfuscated {
    key: u8,
    #[size(3)]
    #[process(xor(key))]
    keyed: Vec<u8>,
    #[size(2)]
    #[process(rol(3))]
    rotated: Vec<u8>,
    #[terminator(0xFF)]
    #[process(xor(b"ab"))]
    cycled: Vec<u8>,
    #[eos]
    #[process(ror(1))]
    rest: Vec<u8>,
}

#[test]
fn processed_bytes_are_transformed_and_written_back_inverted() {
    let input = [
        0x0F,
        0x0F ^ b'a',
        0x0F ^ b'b',
        0x0F ^ b'c',
        1,
        0x80,
        b'x' ^ b'a',
        b'y' ^ b'b',
        0xFF,
        4,
    ];
    let o = Obfuscated::decode(&input).unwrap();
    assert_eq!(o.keyed, b"abc");
    assert_eq!(o.rotated, [8, 4]);
    assert_eq!(o.cycled, b"xy");
    assert_eq!(o.rest, [2]);
    assert_round_trip::<Obfuscated>(&input);
    // The last field takes whatever is left, so only the fields before it run out.
    assert_every_prefix_fails::<Obfuscated>(
        &input[..9],
        &[
            (0, "Obfuscated.key"),
            (1, "Obfuscated.keyed"),
            (4, "Obfuscated.rotated"),
            (6, "Obfuscated.cycled"),
        ],
    );
}

#[derive(Decode, Debug, PartialEq)]
struct MultiByteKey<'a> {
    key: [u8; 4],
    #[size(5)]
    #[process(xor(key))]
    by_array: Vec<u8>,
    #[size(2)]
    key_slice: &'a [u8],
    #[size(3)]
    #[process(xor(key_slice))]
    by_slice: Vec<u8>,
}

#[test]
fn an_xor_key_may_be_an_earlier_array_or_slice_field() {
    let key = [1, 2, 3, 4];
    let mut input = key.to_vec();
    input.extend(b"hello".iter().zip(key.iter().cycle()).map(|(b, k)| b ^ k));
    input.extend([0x10, 0x20]);
    input.extend(
        b"abc"
            .iter()
            .zip([0x10, 0x20].iter().cycle())
            .map(|(b, k)| b ^ k),
    );
    let v = MultiByteKey::decode(&input).unwrap();
    assert_eq!(v.by_array, b"hello");
    assert_eq!(v.by_slice, b"abc");
    assert_round_trip::<MultiByteKey<'static>>(&input);
}

/// A struct that lives in a transformed buffer: it borrows that buffer, which
/// the `Owned` bundle keeps.
#[derive(Decode, Debug, PartialEq)]
struct Block<'a> {
    id: u8,
    #[eos]
    name: &'a str,
}

#[derive(Decode, Debug)]
struct Sealed {
    #[size(4)]
    #[process(xor(0x55))]
    one: Owned<Block<'static>>,
    #[count(2)]
    #[item_size(3)]
    #[process(rol(1))]
    each: Vec<Owned<Block<'static>>>,
    #[count(2)]
    #[terminator(0)]
    #[process(xor(0x01))]
    raw: Vec<Vec<u8>>,
}

fn sealed_input() -> Vec<u8> {
    let mut input: Vec<u8> = [7, b'a', b'b', b'c'].iter().map(|b| b ^ 0x55).collect();
    for block in [[1, b'x', b'y'], [2, b'z', b'w']] {
        input.extend(block.iter().map(|b| b.rotate_right(1)));
    }
    input.extend([b'p' ^ 1, b'q' ^ 1, 0, b'r' ^ 1, 0]);
    input
}

#[test]
fn process_on_a_struct_decodes_it_from_the_new_buffer() {
    let input = sealed_input();
    let s = Sealed::decode(&input).unwrap();
    assert_eq!(s.one.get(), Block { id: 7, name: "abc" });
    // The value borrows the bundle's buffer, not the input.
    assert!(std::ptr::eq(
        s.one.get().name.as_bytes().as_ptr(),
        &s.one.bytes()[1]
    ));
    let names: Vec<_> = s.each.iter().map(|b| (b.get().id, b.get().name)).collect();
    assert_eq!(names, [(1, "xy"), (2, "zw")]);
    assert_eq!(s.raw, [b"pq".to_vec(), b"r".to_vec()]);
    assert_eq!(s.to_vec().unwrap(), input);

    // Errors inside the new buffer name the field (and element), at offsets
    // of that buffer.
    let mut bad = input.clone();
    bad[5] = 0xff; // the first element's `name` is no longer UTF-8
    let e = Sealed::decode(&bad).unwrap_err();
    assert_eq!(e.path(), "Sealed.each[0].name");
    assert_eq!(e.offset(), 1);
    assert!(matches!(e.kind(), ErrorKind::Utf8 { .. }));
    let e = Sealed::decode(&input[..9]).unwrap_err();
    assert_eq!(e.path(), "Sealed.each[1]");
    let e = Sealed::decode(&input[..input.len() - 1]).unwrap_err();
    assert_eq!(e.path(), "Sealed.raw[1]");
    assert_eq!(e.kind(), ErrorKind::NoTerminator { terminator: 0 });
}

#[derive(Decode, Debug, PartialEq)]
struct Pair {
    a: u8,
    b: u8,
}

#[derive(Decode, Debug)]
struct Loose {
    #[size(4)]
    #[process(xor(0x55))]
    #[skip_rest]
    pair: Owned<Pair>,
}

#[test]
fn a_processed_struct_with_skip_rest_keeps_the_bytes_it_took() {
    let input = [1 ^ 0x55, 2 ^ 0x55, 9, 9];
    let l = Loose::decode(&input).unwrap();
    assert_eq!(l.pair.get(), Pair { a: 1, b: 2 });
    assert_eq!(l.pair.bytes(), [1, 2]);
    // The skipped bytes are not kept: the window is padded with zeros, transformed.
    assert_eq!(l.to_vec().unwrap(), [1 ^ 0x55, 2 ^ 0x55, 0, 0]);
    // Without skip_rest, the struct must take its whole window.
    #[derive(Decode, Debug)]
    struct Strict {
        #[size(4)]
        #[process(xor(0x55))]
        pair: Owned<Pair>,
    }
    let e = Strict::decode(&input).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TrailingBytes { count: 2 });
    assert_eq!(e.path(), "Strict.pair");
}

#[derive(Decode, Debug, PartialEq)]
struct Compressed<'a> {
    len: u8,
    #[size(len)]
    #[process(zlib)]
    inflated: Vec<u8>,
    #[eos]
    tail: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Deflated {
    #[eos]
    #[process(zlib)]
    inflated: Vec<u8>,
}

#[test]
fn zlib_data_is_inflated_and_deflated_back() {
    // `zlib.compress(b"hello")`, then a tail.
    let mut input = vec![13];
    input.extend([
        0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x06, 0x2c, 0x02, 0x15,
    ]);
    input.extend(b"!!");
    let c = Compressed::decode(&input).unwrap();
    assert_eq!(c.inflated, b"hello");
    assert_eq!(c.tail, b"!!");

    // Encoding deflates again (the bytes may differ from another compressor's),
    // and what it writes inflates to the same value.
    let value = Deflated {
        inflated: b"hello, hello, hello, hello".repeat(40),
    };
    let written = value.to_vec().unwrap();
    assert!(written.len() < value.inflated.len());
    assert_eq!(Deflated::decode(&written).unwrap(), value);

    // Data that does not inflate is an error at the field.
    let mut bad = input.clone();
    bad[3] ^= 0xff;
    let e = Compressed::decode(&bad).unwrap_err();
    assert_eq!(e.path(), "Compressed.inflated");
    assert_eq!(e.kind(), ErrorKind::BadProcess { process: "zlib" });
    assert_eq!(e.offset(), 1);
}

/// A struct read inside its parent (here in a lazy `List`) may hold a
/// processed value: that one decodes on its own, from its new buffer.
#[derive(Decode, Debug)]
struct Records<'a> {
    #[count(2)]
    records: zerowire::List<'a, Record>,
}

#[derive(Decode, Debug)]
#[zerowire(parent = Records<'a>)]
struct Record {
    flag: u8,
    #[when(flag != 0)]
    #[size(4)]
    #[process(xor(0xAA))]
    masked: Option<Owned<Word>>,
}

#[derive(Decode, Debug, PartialEq)]
struct Word {
    value: u32,
}

#[test]
fn a_child_of_a_parent_holds_a_processed_value() {
    let input = [0, 1, 0xAA ^ 1, 0xAA ^ 2, 0xAA ^ 3, 0xAA ^ 4];
    let r = Records::decode(&input).unwrap();
    let records: Vec<Record> = r.records.iter_in(&r, &r).collect();
    assert!(records[0].masked.is_none());
    assert_eq!(
        records[1].masked.as_ref().unwrap().get(),
        Word { value: 0x0102_0304 }
    );
    assert_eq!(r.to_vec().unwrap(), input);
}

/// A transformation the format defines: each byte shifted by a key, and a
/// stored byte of 0xFF refused (so that decoding can fail).
struct Shift {
    key: u8,
}

impl zerowire::Transform for Shift {
    fn decode(&self, stored: &[u8]) -> Option<Vec<u8>> {
        stored
            .iter()
            .map(|b| (*b != 0xFF).then(|| b.wrapping_sub(self.key)))
            .collect()
    }

    fn encode(&self, bytes: &[u8]) -> Vec<u8> {
        bytes.iter().map(|b| b.wrapping_add(self.key)).collect()
    }
}

#[derive(Decode, Debug)]
struct Custom {
    key: u8,
    #[size(3)]
    #[process(custom(Shift { key }))]
    text: Vec<u8>,
    #[size(4)]
    #[process(custom(Shift { key: key.wrapping_mul(2) }))]
    word: Owned<Word>,
}

#[test]
fn a_custom_transform_decodes_with_a_key_from_an_earlier_field() {
    let input = [1, b'a' + 1, b'b' + 1, b'c' + 1, 2, 2, 2, 3];
    let c = Custom::decode(&input).unwrap();
    assert_eq!(c.text, b"abc");
    assert_eq!(c.word.get(), Word { value: 0x0000_0001 });
    assert_eq!(c.to_vec().unwrap(), input);

    let mut refused = input;
    refused[2] = 0xFF;
    let e = Custom::decode(&refused).unwrap_err();
    assert_eq!(e.path(), "Custom.text");
    assert_eq!(e.kind(), ErrorKind::BadProcess { process: "custom" });
}
