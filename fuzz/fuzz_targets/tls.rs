//! TLS-style records (record, handshake, ClientHello, typed extensions):
//! arbitrary bytes either fail with an error or decode, every extension of
//! what decodes can be walked, and it encodes back to exactly the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zerowire::Codec;
use zerowire_suite::tls::{ExtensionBody, Record};

fuzz_target!(|data: &[u8]| {
    let Ok(record) = Record::decode(data) else {
        return;
    };
    let hello = &record.handshake.hello;
    for extension in hello.extensions.iter() {
        if let ExtensionBody::ServerName(names) = extension.body {
            assert!(names.names.iter().count() <= data.len());
        }
    }
    let _ = hello.server_name();
    assert_eq!(record.to_vec().expect("a decoded record encodes"), data);
});
