//! The Kaitai toy: arbitrary bytes either fail with an error or decode, and
//! what decodes encodes back to exactly the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zerowire::Codec;
use zerowire_suite::toy::Toy;

fuzz_target!(|data: &[u8]| {
    if let Ok(toy) = Toy::decode(data) {
        assert_eq!(toy.to_vec().expect("a decoded toy encodes"), data);
    }
});
