//! WebSocket frames (bit fields, optional extended lengths and mask): arbitrary
//! bytes as a run of frames; each decoded frame encodes back to its own bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zerowire::{Codec, Reader};
use zerowire_suite::websocket::{payload_len, WsFrame};

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    while !r.is_empty() {
        let start = r.position();
        let Ok(frame) = WsFrame::read(&mut r) else {
            return;
        };
        let bytes = &data[start..r.position()];
        let len = payload_len(frame.len7, frame.len16, frame.len64);
        assert_eq!(frame.payload.len() as u64, len);
        assert_eq!(frame.to_vec().expect("a decoded frame encodes"), bytes);
    }
});
