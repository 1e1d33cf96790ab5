//! Runs one decoder (or encoder) of one workload a given number of times, for
//! counting instructions under callgrind, which, unlike time on a shared
//! machine, repeats exactly. `benches/icount.sh` counts only the function
//! that runs them (`measure_decodes` or `measure_encodes`, so that setup,
//! whose count varies a little from run to run, stays out), at two counts,
//! and reports the difference per iteration.
//!
//! Usage: `icount WORKLOAD IMPLEMENTATION ITERATIONS`, where WORKLOAD is a
//! decode case (`W1_toy_16`, …) or `W2_records_64KiB_encode` /
//! `W3_client_hello_encode`, and IMPLEMENTATION a name from the benches
//! (`hand_written`, `zerowire`, …).

use std::hint::black_box;
use std::process::ExitCode;

use zerowire_benches::{cases, encode, implementations};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, implementation, iterations] = args.as_slice() else {
        eprintln!("usage: icount WORKLOAD IMPLEMENTATION ITERATIONS");
        return ExitCode::FAILURE;
    };
    let Ok(iterations) = iterations.parse::<u32>() else {
        eprintln!("ITERATIONS must be a number, not {iterations:?}");
        return ExitCode::FAILURE;
    };
    let sum = if let Some(case) = encode::cases().into_iter().find(|c| c.name == workload) {
        let encoders = (case.encoders)(&case.input);
        let Some((_, encoder)) = encoders.into_iter().find(|(n, _)| n == implementation) else {
            return unknown(workload, implementation);
        };
        measure_encodes(encoder, iterations)
    } else {
        let Some(case) = cases::cases().into_iter().find(|c| c.name == workload) else {
            return unknown(workload, implementation);
        };
        let Some(decoder) = implementations()
            .iter()
            .find(|i| i.name == implementation)
            .and_then(|i| (case.decoder)(i))
        else {
            return unknown(workload, implementation);
        };
        measure_decodes(decoder, &case.input, iterations)
    };
    println!("{sum}");
    ExitCode::SUCCESS
}

/// Decodes `input` `iterations` times; the checksums added up. Never inlined,
/// so that callgrind can count this function alone (`--toggle-collect`).
#[inline(never)]
fn measure_decodes(decoder: fn(&[u8]) -> u64, input: &[u8], iterations: u32) -> u64 {
    (0..iterations).fold(0u64, |sum, _| sum.wrapping_add(decoder(black_box(input))))
}

/// Runs `encoder` `iterations` times into one reused buffer; the bytes
/// written in all. Never inlined, like [`measure_decodes`].
#[inline(never)]
fn measure_encodes(mut encoder: encode::Encoder<'_>, iterations: u32) -> u64 {
    let mut out = Vec::new();
    (0..iterations).fold(0u64, |total, _| {
        total + encode::run(&mut encoder, &mut out) as u64
    })
}

fn unknown(workload: &str, implementation: &str) -> ExitCode {
    eprintln!("no implementation {implementation:?} of workload {workload:?}");
    ExitCode::FAILURE
}
