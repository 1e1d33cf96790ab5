//! The TLS-style pipeline: split a record off a receive buffer, decrypt it in
//! place, decode the plaintext into borrowed messages. No allocation, no copy.

use zerowire::{Codec, ErrorKind};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::tls::{
    client_hello_message, next_record, server_name, ExtensionBody, Handshake, Record, RecordError,
    Session, HANDSHAKE,
};
use zerowire_suite::{needed, points_into};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const KEY: [u8; 32] = [0x42; 32];
const IV: [u8; 12] = [7; 12];

fn hello(host: &[u8], suite: u16) -> Vec<u8> {
    let sni = server_name(host);
    client_hello_message(
        &[1, 2, 3],
        &[suite, 0x1303],
        &[(0, &sni), (43, &[4, 3, 4, 3, 3]), (0xFF01, &[0])],
    )
}

/// A receive buffer holding `messages` as protected records, the i-th padded by i bytes.
fn sealed(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut sender = Session::new(KEY, IV);
    let mut buffer = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        sender.seal(HANDSHAKE, message, i, &mut buffer);
    }
    buffer
}

#[test]
fn records_are_decrypted_in_place_and_decoded_without_allocating() {
    let messages = [
        hello(b"one.test", 0x1301),
        hello(b"two.test", 0x1302),
        hello(b"three.test", 0x1303),
    ];
    let mut buffer = sealed(&messages);
    let start = buffer.as_ptr() as usize;
    let end = start + buffer.len();
    let mut receiver = Session::new(KEY, IV);

    let ((names, suites, versions), allocations) = count_allocations(|| {
        let mut names: [&[u8]; 3] = [&[]; 3];
        let mut suites = [0u16; 3];
        let mut versions = [0u16; 3];
        let mut rest: &mut [u8] = &mut buffer;
        for i in 0..3 {
            let (record, next) = next_record(rest).expect("a whole record");
            rest = next;
            let (content_type, plaintext) = receiver.open(record).expect("authentic");
            assert_eq!(content_type, HANDSHAKE);
            let handshake = Handshake::decode(plaintext).expect("a ClientHello");
            let hello = &handshake.hello;
            names[i] = hello.server_name().expect("a server name");
            suites[i] = hello.cipher_suites.iter().next().expect("a suite");
            for ext in hello.extensions.iter() {
                if let ExtensionBody::SupportedVersions(list) = ext.body {
                    versions[i] = list.iter().next().expect("a version");
                }
            }
        }
        assert!(rest.is_empty());
        (names, suites, versions)
    });
    assert_eq!(allocations, 0);
    assert_eq!(names, [&b"one.test"[..], b"two.test", b"three.test"]);
    assert_eq!(suites, [0x1301, 0x1302, 0x1303]);
    assert_eq!(versions, [0x0304; 3]);
    // The names point into the receive buffer: decrypted in place, not copied.
    for name in names {
        let at = name.as_ptr() as usize;
        assert!(start <= at && at + name.len() <= end);
    }
}

#[test]
fn a_truncated_record_is_a_framing_error_and_leaves_the_buffer_unchanged() {
    let full = sealed(&[hello(b"a.test", 0x1301)]);
    let mut buffer = full[..full.len() - 3].to_vec();
    let before = buffer.clone();
    let err = next_record(&mut buffer).unwrap_err();
    let RecordError::Framing(e) = err else {
        panic!("{err}")
    };
    assert_eq!(e.path(), "ProtectedRecordMut.tag");
    assert_eq!(e.kind(), needed(16, 13));
    assert_eq!(buffer, before, "the partial record waits for more bytes");
    // Once the rest arrives, the same bytes decode.
    let mut buffer = full.clone();
    let (record, _) = next_record(&mut buffer).unwrap();
    assert!(Session::new(KEY, IV).open(record).is_ok());
}

#[test]
fn a_record_longer_than_its_limit_is_rejected_before_reading_it() {
    let mut buffer = sealed(&[hello(b"a.test", 0x1301)]);
    buffer[3] = 0xFF;
    buffer[4] = 0xFF;
    let RecordError::Framing(e) = next_record(&mut buffer).unwrap_err() else {
        panic!()
    };
    assert_eq!(e.path(), "ProtectedRecordMut.len");
    assert!(matches!(e.kind(), ErrorKind::Invalid { .. }));
    buffer[3] = 0x01;
    buffer[4] = 0x00;
    let RecordError::Framing(e) = next_record(&mut buffer).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        e.path(),
        "ProtectedRecordMut.ciphertext",
        "longer than the buffer"
    );
}

#[test]
fn a_bad_tag_is_an_error_and_the_next_record_still_opens() {
    let mut buffer = sealed(&[hello(b"bad.test", 0x1301), hello(b"good.test", 0x1302)]);
    buffer[10] ^= 1;
    let mut receiver = Session::new(KEY, IV);
    let (record, rest) = next_record(&mut buffer).unwrap();
    assert_eq!(receiver.open(record).unwrap_err(), RecordError::BadTag);
    let (record, _) = next_record(rest).unwrap();
    let (_, plaintext) = receiver.open(record).unwrap();
    assert_eq!(
        Handshake::decode(plaintext).unwrap().hello.server_name(),
        Some(&b"good.test"[..])
    );
}

#[test]
fn a_wrong_inner_length_is_a_content_error_with_its_path() {
    let mut broken = hello(b"x.test", 0x1301);
    broken[3] += 1; // the handshake's u24 length claims one byte more
    let mut buffer = sealed(&[broken, hello(b"next.test", 0x1302)]);
    let mut receiver = Session::new(KEY, IV);
    let (record, rest) = next_record(&mut buffer).unwrap();
    let (_, plaintext) = receiver.open(record).unwrap();
    let e = Handshake::decode(plaintext)
        .map_err(RecordError::Content)
        .unwrap_err();
    let RecordError::Content(inner) = &e else {
        panic!()
    };
    assert_eq!(inner.path(), "Handshake.hello");
    assert!(matches!(inner.kind(), ErrorKind::Needed { .. }), "{e}");
    let (record, _) = next_record(rest).unwrap();
    let (_, plaintext) = receiver.open(record).unwrap();
    assert!(Handshake::decode(plaintext).is_ok());
}

#[test]
fn a_client_hello_captured_from_openssl_decodes() {
    // Captured on loopback from `openssl s_client -servername zerowire.test -tls1_3`
    // (OpenSSL 3.0); the expected values come from a separate parse of the bytes.
    let bytes = include_bytes!("data/openssl_client_hello.bin");
    let record = Record::decode(bytes).unwrap();
    let hello = &record.handshake.hello;
    assert_eq!(record.content_type, HANDSHAKE);
    assert_eq!(hello.server_name(), Some(&b"zerowire.test"[..]));
    assert!(points_into(hello.server_name().unwrap(), bytes));
    assert_eq!(
        hello.cipher_suites.iter().collect::<Vec<_>>(),
        [0x1302, 0x1303, 0x1301, 0x00FF]
    );
    let kinds: Vec<u16> = hello.extensions.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [0, 11, 10, 35, 22, 23, 13, 43, 45, 51]);
    let versions: Vec<u16> = hello
        .extensions
        .iter()
        .find_map(|e| match e.body {
            ExtensionBody::SupportedVersions(v) => Some(v.iter().collect()),
            _ => None,
        })
        .unwrap();
    assert!(versions.contains(&0x0304));
    zerowire_suite::assert_round_trip::<Record<'static>>(bytes);
}
