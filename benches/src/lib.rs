//! The workloads of the benchmarks and one decoder per library for each.
//!
//! Every decoder of a workload returns the same checksum over what it decoded
//! (the benches check this before they time anything), so that each one
//! really reads every field, borrowed or copied as its library does it.

pub mod cases;
pub mod encode;
pub mod impls;
pub mod interleaved;
#[cfg(ksy_suite)]
pub mod ksy;
pub mod workloads;

/// A decoder of one workload: the whole input in, the checksum of what it decoded out.
pub type Decoder = fn(&[u8]) -> u64;

/// An implementation's decoders, one per workload; `None` where the library
/// cannot express the format.
pub struct Implementation {
    pub name: &'static str,
    pub w1_toy: Option<Decoder>,
    pub w2_records: Option<Decoder>,
    pub w3_handshake: Option<Decoder>,
    pub w4_websocket: Option<Decoder>,
}

/// Every implementation, the hand-written cursor first (the baseline).
pub fn implementations() -> Vec<Implementation> {
    vec![
        impls::hand::IMPL,
        impls::zerowire::IMPL,
        impls::zerowire::LIST_IMPL,
        impls::zerowire::ITEMS_IMPL,
        impls::binrw::IMPL,
        impls::deku::IMPL,
        impls::nom::IMPL,
        impls::scroll::IMPL,
        impls::zerocopy::IMPL,
    ]
}

/// Cargo's target directory, where the benchmarks' results are kept:
/// `CARGO_TARGET_DIR`, or the workspace's `target`.
pub fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}
