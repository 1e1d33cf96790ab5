//! Decoding allocates nothing: counted with a counting global allocator.

use zerowire::Codec;
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::points_into;
use zerowire_suite::tls::{client_hello_record, server_name, Record};
use zerowire_suite::toy::{Toy, TOY};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn decoding_the_toy_allocates_nothing() {
    let (toy, allocations) = count_allocations(|| Toy::decode(TOY).unwrap());
    assert_eq!(allocations, 0);
    assert!(points_into(
        toy.child_structure.grandchild_structure.slice,
        TOY
    ));
    // The counter does see allocations: encoding allocates its output.
    let (_, allocations) = count_allocations(|| toy.to_vec().unwrap());
    assert!(allocations > 0);
}

#[test]
fn decoding_a_nested_tls_style_message_and_walking_it_allocates_nothing() {
    let sni = server_name(b"localhost");
    let bytes = client_hello_record(
        &[1, 2, 3, 4],
        &[0x1301, 0x1302, 0x1303],
        &[(0, &sni), (43, &[2, 3, 4]), (0xFF01, &[])],
    );
    let ((suites, kinds, sni), allocations) = count_allocations(|| {
        let record = Record::decode(&bytes).unwrap();
        let hello = &record.handshake.hello;
        let mut suites = [0u16; 3];
        for (slot, suite) in suites.iter_mut().zip(hello.cipher_suites.iter()) {
            *slot = suite;
        }
        let mut kinds = [0u16; 3];
        for (slot, ext) in kinds.iter_mut().zip(hello.extensions.iter()) {
            *slot = ext.kind;
        }
        (suites, kinds, hello.server_name().unwrap_or_default())
    });
    assert_eq!(allocations, 0);
    assert_eq!(suites, [0x1301, 0x1302, 0x1303]);
    assert_eq!(kinds, [0, 43, 0xFF01]);
    assert_eq!(sni, b"localhost");
    assert!(points_into(sni, &bytes));
    zerowire_suite::assert_round_trip::<Record<'static>>(&bytes);
}

#[test]
fn decoding_and_iterating_items_allocates_nothing() {
    #[derive(zerowire::Decode)]
    struct Records<'a> {
        #[eos]
        records: zerowire::Items<'a, zerowire::PayloadU8<'a>>,
    }
    let bytes = [2, b'h', b'i', 0, 3, b'a', b'b', b'c'];
    let ((total, count), allocations) = count_allocations(|| {
        let records = Records::decode(&bytes).unwrap();
        let mut total = 0;
        let mut count = 0;
        for record in records.records {
            total += record.unwrap().len();
            count += 1;
        }
        (total, count)
    });
    assert_eq!(allocations, 0);
    assert_eq!((total, count), (5, 3));
    // The counter sees the error path: a cut element allocates its error.
    let (_, allocations) = count_allocations(|| {
        let records = Records::decode(&bytes[..7]).unwrap();
        records.records.iter().last().unwrap().unwrap_err()
    });
    assert!(allocations > 0);
}

#[test]
fn positioned_values_and_counted_bit_fields_allocate_nothing_but_their_vec() {
    // A value at an offset of the window and one at an absolute offset: no
    // error is built on the way (each once allocated one it then dropped).
    #[derive(zerowire::Decode)]
    #[zerowire(pos(in_window: u16 = 2, window), pos(absolute: u8 = 1))]
    struct Header<'a> {
        #[size(4)]
        rest: &'a [u8],
        input: zerowire::Input<'a>,
    }
    let data = [1, 2, 3, 4];
    let h = Header::decode(&data).unwrap();
    let ((a, b), n) = count_allocations(|| (h.in_window().unwrap(), h.absolute().unwrap()));
    assert_eq!((a, b), (0x0304, 2));
    assert_eq!(n, 0);
    // A counted repeated bit field: its `Vec`, and nothing more.
    #[derive(zerowire::Decode)]
    struct Nibbles {
        #[bits(4)]
        #[count(4)]
        values: Vec<u8>,
    }
    let (v, n) = count_allocations(|| Nibbles::decode(&[0x12, 0x34]).unwrap());
    assert_eq!(v.values, [1, 2, 3, 4]);
    assert_eq!(n, 1);
}
