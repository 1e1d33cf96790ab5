//! Decoding allocates nothing: counted with a counting global allocator.

use zerowire::{Codec, Decode, ListU16, PayloadU16, PayloadU8, U24};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::points_into;
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

// A TLS-style record: header, a handshake with a u24 length, and a
// ClientHello-like body with payloads and a list of extensions.

#[derive(Decode, Debug, PartialEq)]
struct Record<'a> {
    content_type: u8,
    version: u16,
    len: u16,
    #[size(len)]
    handshake: Handshake<'a>,
}

#[derive(Decode, Debug, PartialEq)]
struct Handshake<'a> {
    msg_type: u8,
    len: U24,
    #[size(len)]
    hello: ClientHello<'a>,
}

#[derive(Decode, Debug, PartialEq)]
struct ClientHello<'a> {
    version: u16,
    random: &'a [u8; 32],
    session_id: PayloadU8<'a>,
    cipher_suites: ListU16<'a, u16>,
    compression: PayloadU8<'a>,
    extensions: ListU16<'a, Extension<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
struct Extension<'a> {
    kind: u16,
    body: PayloadU16<'a>,
}

fn client_hello() -> Vec<u8> {
    let mut hello = vec![3, 3];
    hello.extend([0x11; 32]);
    hello.extend([4, 1, 2, 3, 4]);
    hello.extend([0, 6, 0x13, 1, 0x13, 2, 0x13, 3]);
    hello.extend([1, 0]);
    let server_name = [
        0, 12, 0, 0, 9, b'l', b'o', b'c', b'a', b'l', b'h', b'o', b's', b't',
    ];
    let mut extensions = vec![0, 0, 0, server_name.len() as u8];
    extensions.extend(server_name);
    extensions.extend([0, 43, 0, 3, 2, 3, 4]);
    extensions.extend([0xFF, 0x01, 0, 0]);
    hello.extend((extensions.len() as u16).to_be_bytes());
    hello.extend(extensions);
    let mut handshake = vec![1, 0, 0, hello.len() as u8];
    handshake.extend(hello);
    let mut record = vec![22, 3, 1];
    record.extend((handshake.len() as u16).to_be_bytes());
    record.extend(handshake);
    record
}

#[test]
fn decoding_a_nested_tls_style_message_and_walking_it_allocates_nothing() {
    let bytes = client_hello();
    let ((suites, kinds, sni), allocations) = count_allocations(|| {
        let record = Record::decode(&bytes).unwrap();
        let hello = &record.handshake.hello;
        let mut suites = [0u16; 3];
        for (slot, suite) in suites.iter_mut().zip(hello.cipher_suites.iter()) {
            *slot = suite;
        }
        let mut kinds = [0u16; 3];
        let mut sni: &[u8] = &[];
        for (slot, ext) in kinds.iter_mut().zip(hello.extensions.iter()) {
            *slot = ext.kind;
            if ext.kind == 0 {
                sni = &ext.body.as_bytes()[5..];
            }
        }
        (suites, kinds, sni)
    });
    assert_eq!(allocations, 0);
    assert_eq!(suites, [0x1301, 0x1302, 0x1303]);
    assert_eq!(kinds, [0, 43, 0xFF01]);
    assert_eq!(sni, b"localhost");
    assert!(points_into(sni, &bytes));
    zerowire_suite::assert_round_trip::<Record<'static>>(&bytes);
}
