//! Parsers that zerowire-ksy generates from three schemas of Kaitai's test
//! suite (`nav_parent`, `repeat_eos_struct`, `switch_manual_int_size`, compiled
//! by `build.rs`), against the hand-written zerowire ports of the same formats
//! (`zerowire_suite::kaitai_ports`, which `tests/kaitai.rs` checks on the
//! suite's files). Both parse the same bytes and walk every field once, into a
//! checksum that must agree.

use zerowire::Codec;
use zerowire_suite::kaitai_ports as hand;

use crate::Decoder;

/// What zerowire-ksy generated from the suite's schemas.
#[allow(clippy::all, clippy::pedantic, missing_docs)]
pub mod generated {
    pub mod nav_parent {
        include!(concat!(env!("OUT_DIR"), "/nav_parent.rs"));
    }
    pub mod repeat_eos_struct {
        include!(concat!(env!("OUT_DIR"), "/repeat_eos_struct.rs"));
    }
    pub mod switch_manual_int_size {
        include!(concat!(env!("OUT_DIR"), "/switch_manual_int_size.rs"));
    }
}

use generated::{nav_parent as gnav, repeat_eos_struct as grep, switch_manual_int_size as gsw};

/// One format: its input, and the two parsers of it.
pub struct KsyCase {
    pub name: &'static str,
    pub input: Vec<u8>,
    pub generated: Decoder,
    pub hand_written: Decoder,
}

/// The three formats, each with an input of about a thousand elements.
pub fn ksy_cases() -> Vec<KsyCase> {
    vec![
        KsyCase {
            name: "K1_nav_parent_1000",
            input: nav_parent_input(1000),
            generated: nav_generated,
            hand_written: nav_hand,
        },
        KsyCase {
            name: "K2_repeat_eos_struct_1000",
            input: repeat_eos_input(1000),
            generated: repeat_generated,
            hand_written: repeat_hand,
        },
        KsyCase {
            name: "K3_switch_manual_int_size_600",
            input: switch_input(600),
            generated: switch_generated,
            hand_written: switch_hand,
        },
    ]
}

/// `n` entries of 8-byte names after the header and the index's magic (the
/// format ends there; as Kaitai does, the parsers read it as a prefix).
pub fn nav_parent_input(n: u32) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(n.to_le_bytes());
    v.extend(8u32.to_le_bytes());
    v.extend(b"IDX1");
    for i in 0..n {
        v.extend(format!("file{:04}", i % 10_000).as_bytes());
    }
    v
}

/// `n` chunks of (offset, length).
pub fn repeat_eos_input(n: u32) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        v.extend(i.wrapping_mul(0x9E37_79B9).to_le_bytes());
        v.extend((i % 1500).to_le_bytes());
    }
    v
}

/// `n` chunks cycling through the three bodies: a meta (two zero-terminated
/// strings), a directory (four 4-byte names) and a code no case names (bytes).
pub fn switch_input(n: u32) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..n {
        let (code, body): (u8, Vec<u8>) = match i % 3 {
            0 => (0x11, b"Title of it\0An Author\0".to_vec()),
            1 => (0x22, b"aaaabbbbccccdddd".to_vec()),
            _ => (0x33, vec![i as u8; 8]),
        };
        v.push(code);
        v.extend((body.len() as u32).to_le_bytes());
        v.extend(body);
    }
    v
}

fn text_sum(s: &str) -> u64 {
    s.len() as u64 + u64::from(s.as_bytes().first().copied().unwrap_or(0))
}

/// The nav_parent walk, the same over either parser's types.
macro_rules! nav_sum {
    ($name:ident, $ty:ty) => {
        fn $name(input: &[u8]) -> u64 {
            let Ok((r, _)) = <$ty>::decode_prefix(input) else {
                return 0;
            };
            let mut sum = u64::from(r.header.qty_entries) + u64::from(r.header.filename_len);
            sum += r.index.magic.iter().map(|&b| u64::from(b)).sum::<u64>();
            for e in r.index.entries.iter_in(&r.index, &r) {
                sum += text_sum(e.filename);
            }
            sum
        }
    };
}

nav_sum!(nav_generated, gnav::NavParent<'_>);
nav_sum!(nav_hand, hand::NavParent<'_>);

fn repeat_generated(input: &[u8]) -> u64 {
    let Ok(r) = grep::RepeatEosStruct::decode(input) else {
        return 0;
    };
    r.chunks
        .iter_in(&r, &r)
        .map(|c| u64::from(c.offset) ^ u64::from(c.len))
        .sum()
}

fn repeat_hand(input: &[u8]) -> u64 {
    let Ok(r) = hand::RepeatEosStruct::decode(input) else {
        return 0;
    };
    r.chunks
        .iter()
        .map(|c| u64::from(c.offset) ^ u64::from(c.len))
        .sum()
}

fn switch_generated(input: &[u8]) -> u64 {
    let Ok(r) = gsw::SwitchManualIntSize::decode(input) else {
        return 0;
    };
    let mut sum = 0;
    for c in r.chunks.iter_in(&r, &r) {
        sum += u64::from(c.code) + u64::from(c.size);
        sum += match &c.body {
            gsw::ChunkBody::ChunkMeta(m) => text_sum(m.title) + text_sum(m.author),
            gsw::ChunkBody::ChunkDir(d) => d.entries.iter().map(|e| text_sum(e)).sum(),
            gsw::ChunkBody::Unknown(b) => b.len() as u64,
        };
    }
    sum
}

fn switch_hand(input: &[u8]) -> u64 {
    let Ok(r) = hand::SwitchManualIntSize::decode(input) else {
        return 0;
    };
    let mut sum = 0;
    for c in r.chunks.iter() {
        sum += u64::from(c.code) + u64::from(c.size);
        sum += match &c.body {
            hand::ChunkBody::ChunkMeta(m) => text_sum(m.title) + text_sum(m.author),
            hand::ChunkBody::ChunkDir(d) => d.entries.iter().map(|e| text_sum(e.name)).sum(),
            hand::ChunkBody::Bytes(b) => b.len() as u64,
        };
    }
    sum
}
