//! Both encoders of W2 and W3 write their workload's input back byte for byte.

use zerowire_benches::{encode, workloads};

#[test]
fn w2_encoders_reproduce_the_records() {
    let input = workloads::records();
    let mut out = Vec::new();
    encode::hand_encode_records(&encode::hand_records(&input), &mut out);
    assert_eq!(out, input);
    out.clear();
    encode::zerowire_encode_records(&encode::zerowire_records(&input), &mut out);
    assert_eq!(out, input);
}

#[test]
fn w3_encoders_reproduce_the_handshake() {
    let input = workloads::handshake();
    let mut out = Vec::new();
    let hand = encode::hand_hello(&input);
    assert_eq!(hand.extensions.len(), 20);
    encode::hand_encode_hello(&hand, &mut out);
    assert_eq!(out, input);
    out.clear();
    let value = encode::zerowire_hello(&input);
    assert_eq!(value.hello.cipher_suites, hand.cipher_suites);
    encode::zerowire_encode_hello(&value, &mut out);
    assert_eq!(out, input);
}

#[test]
fn every_encoder_the_benches_run_writes_its_input_back() {
    let cases = encode::cases();
    assert_eq!(cases.len(), 2);
    for case in &cases {
        let encoders = (case.encoders)(&case.input);
        assert_eq!(
            encoders.each_ref().map(|(name, _)| *name),
            ["hand_written", "zerowire"]
        );
        for (name, mut encoder) in encoders {
            let mut out = vec![0xAA];
            encode::run(&mut encoder, &mut out);
            assert_eq!(out, case.input, "{} by {name}", case.name);
        }
    }
}
