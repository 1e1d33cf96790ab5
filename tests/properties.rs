//! Properties over arbitrary input: no decode panics, and whatever decodes
//! encodes back to exactly the bytes it came from.

use proptest::prelude::*;
use zerowire::{Codec, Decode, Family, ListU16, PayloadU16, PayloadU8, U24};
use zerowire_suite::toy::Toy;

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
    hello: Hello<'a>,
}

#[derive(Decode, Debug, PartialEq)]
struct Hello<'a> {
    random: &'a [u8; 4],
    session_id: PayloadU8<'a>,
    suites: ListU16<'a, u16>,
    extensions: ListU16<'a, Extension<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
struct Extension<'a> {
    kind: u16,
    body: PayloadU16<'a>,
}

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
    fn tls_style_records_never_panic_and_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        decodes_then_round_trips::<Record<'static>>(&bytes)?;
    }

    #[test]
    fn a_well_formed_record_round_trips(
        random in any::<[u8; 4]>(),
        session in proptest::collection::vec(any::<u8>(), 0..8),
        suites in proptest::collection::vec(any::<u16>(), 0..6),
        extensions in proptest::collection::vec((any::<u16>(), proptest::collection::vec(any::<u8>(), 0..6)), 0..4),
    ) {
        let mut hello = random.to_vec();
        hello.push(session.len() as u8);
        hello.extend(&session);
        hello.extend(((suites.len() * 2) as u16).to_be_bytes());
        suites.iter().for_each(|s| hello.extend(s.to_be_bytes()));
        let mut ext = Vec::new();
        for (kind, body) in &extensions {
            ext.extend(kind.to_be_bytes());
            ext.extend((body.len() as u16).to_be_bytes());
            ext.extend(body);
        }
        hello.extend((ext.len() as u16).to_be_bytes());
        hello.extend(ext);
        let mut handshake = vec![1, 0, 0, hello.len() as u8];
        handshake.extend(hello);
        let mut record = vec![22, 3, 3];
        record.extend((handshake.len() as u16).to_be_bytes());
        record.extend(handshake);

        let decoded = Record::decode(&record).unwrap();
        prop_assert_eq!(decoded.handshake.hello.suites.iter().collect::<Vec<_>>(), suites);
        let kinds: Vec<u16> = decoded.handshake.hello.extensions.iter().map(|e| e.kind).collect();
        prop_assert_eq!(kinds, extensions.iter().map(|e| e.0).collect::<Vec<_>>());
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
