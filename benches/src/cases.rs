//! The benchmark cases: each workload's input and which decoder runs it.

use crate::workloads;
use crate::{Decoder, Implementation};

/// One input of one workload.
pub struct Case {
    pub name: &'static str,
    pub input: Vec<u8>,
    pub decoder: fn(&Implementation) -> Option<Decoder>,
}

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "W1_toy_16",
            input: workloads::toy(16),
            decoder: |i| i.w1_toy,
        },
        Case {
            name: "W1_toy_200",
            input: workloads::toy(200),
            decoder: |i| i.w1_toy,
        },
        Case {
            name: "W2_records_64KiB",
            input: workloads::records(),
            decoder: |i| i.w2_records,
        },
        Case {
            name: "W3_client_hello",
            input: workloads::handshake(),
            decoder: |i| i.w3_handshake,
        },
        Case {
            name: "W4_websocket_1000x10B",
            input: workloads::websocket(10),
            decoder: |i| i.w4_websocket,
        },
        Case {
            name: "W4_websocket_1000x200B",
            input: workloads::websocket(200),
            decoder: |i| i.w4_websocket,
        },
        Case {
            name: "W4_websocket_1000x70000B",
            input: workloads::websocket(70_000),
            decoder: |i| i.w4_websocket,
        },
    ]
}

/// Every implementation's checksum of `case`; they must all agree.
pub fn checksums(case: &Case) -> Vec<(&'static str, u64)> {
    crate::implementations()
        .iter()
        .filter_map(|i| (case.decoder)(i).map(|decode| (i.name, decode(&case.input))))
        .collect()
}
