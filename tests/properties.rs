//! Properties over arbitrary input: no decode panics, and whatever decodes
//! encodes back to exactly the bytes it came from.

use proptest::prelude::*;
use zerowire::{Codec, Decode, Family};
use zerowire_suite::tls::{client_hello_record, ExtensionBody, Record};
use zerowire_suite::toy::Toy;

#[derive(Decode, Debug, PartialEq)]
struct Mixed<'a> {
    flags: u8,
    #[when(flags & 1 == 1)]
    id: Option<u32>,
    n: u8,
    #[count(n)]
    words: Vec<u16>,
    #[size(usize::from(n) % 4)]
    #[valid(value.is_ascii())]
    tag: &'a str,
    #[eos]
    rest: Vec<Cell<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Mixed<'a>)]
struct Cell<'a> {
    #[size(usize::from(parent.n % 3))]
    bytes: &'a [u8],
    end: u8,
}

/// Decodes a value from the front of `bytes`; if that works, its encoding must
/// be exactly the bytes it consumed.
fn decodes_then_round_trips<F: Family>(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok((value, rest)) = F::Of::decode_prefix(bytes) {
        let consumed = &bytes[..bytes.len() - rest.len()];
        let encoded = value
            .to_vec()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(encoded, consumed);
    }
    Ok(())
}

/// Bytes with small lengths up front, so that decoding gets past the headers.
fn framed() -> impl Strategy<Value = Vec<u8>> {
    (0u8..8, proptest::collection::vec(any::<u8>(), 0..64)).prop_map(|(first, mut rest)| {
        rest.insert(0, first);
        rest
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_toy_never_panics_and_round_trips(bytes in framed()) {
        decodes_then_round_trips::<Toy<'static>>(&bytes)?;
    }

    #[test]
    fn tls_style_records_never_panic_and_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        decodes_then_round_trips::<Record<'static>>(&bytes)?;
    }

    #[test]
    fn a_well_formed_record_round_trips(
        session in proptest::collection::vec(any::<u8>(), 0..8),
        suites in proptest::collection::vec(any::<u16>(), 0..6),
        // Kinds 0 and 43 have typed bodies, which must be well-formed.
        extensions in proptest::collection::vec(
            (any::<u16>().prop_filter("untyped kind", |k| *k != 0 && *k != 43), proptest::collection::vec(any::<u8>(), 0..6)),
            0..4,
        ),
    ) {
        let parts: Vec<(u16, &[u8])> = extensions.iter().map(|(k, b)| (*k, &b[..])).collect();
        let record = client_hello_record(&session, &suites, &parts);
        let decoded = Record::decode(&record).unwrap();
        let hello = &decoded.handshake.hello;
        prop_assert_eq!(hello.session_id.as_bytes(), &session[..]);
        prop_assert_eq!(hello.cipher_suites.iter().collect::<Vec<_>>(), suites);
        let got: Vec<(u16, &[u8])> = hello
            .extensions
            .iter()
            .map(|e| match e.body {
                ExtensionBody::Other { tag, body } => (tag, body),
                other => panic!("untyped kinds stay raw: {other:?}"),
            })
            .collect();
        prop_assert_eq!(got, parts);
        prop_assert_eq!(decoded.to_vec().unwrap(), record);
    }

    #[test]
    fn mixed_attributes_never_panic_and_round_trip(bytes in framed()) {
        decodes_then_round_trips::<Mixed<'static>>(&bytes)?;
    }

    #[test]
    fn every_prefix_of_a_decodable_input_fails_cleanly(bytes in framed()) {
        if Mixed::decode(&bytes).is_ok() {
            for n in 0..bytes.len() {
                // `eos` fields make some prefixes valid too; none may panic.
                let _ = Mixed::decode(&bytes[..n]);
            }
        }
    }
}
