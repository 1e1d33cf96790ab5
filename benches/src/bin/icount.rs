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

use zerowire_benches::{cases, encode, implementations, workloads};

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
    let sum = match (workload.as_str(), implementation.as_str()) {
        ("W2_records_64KiB_encode", name) => {
            let input = workloads::records();
            match name {
                "hand_written" => measure_encodes(
                    encode::hand_records(&input).as_slice(),
                    encode::hand_encode_records,
                    iterations,
                ),
                "zerowire" => measure_encodes(
                    encode::zerowire_records(&input).as_slice(),
                    encode::zerowire_encode_records,
                    iterations,
                ),
                _ => return unknown(workload, name),
            }
        }
        ("W3_client_hello_encode", name) => {
            let input = workloads::handshake();
            match name {
                "hand_written" => measure_encodes(
                    &encode::hand_hello(&input),
                    encode::hand_encode_hello,
                    iterations,
                ),
                "zerowire" => measure_encodes(
                    &encode::zerowire_hello(&input),
                    encode::zerowire_encode_hello,
                    iterations,
                ),
                _ => return unknown(workload, name),
            }
        }
        (case_name, name) => {
            let Some(case) = cases::cases().into_iter().find(|c| c.name == case_name) else {
                return unknown(workload, name);
            };
            let Some(decoder) = implementations()
                .iter()
                .find(|i| i.name == name)
                .and_then(|i| (case.decoder)(i))
            else {
                return unknown(workload, name);
            };
            measure_decodes(decoder, &case.input, iterations)
        }
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

/// Encodes `value` `iterations` times into one reused buffer; the bytes written
/// in all. Never inlined, like [`measure_decodes`].
#[inline(never)]
fn measure_encodes<V: ?Sized>(
    value: &V,
    encode: impl Fn(&V, &mut Vec<u8>),
    iterations: u32,
) -> u64 {
    let mut out = Vec::new();
    let mut total = 0;
    for _ in 0..iterations {
        out.clear();
        encode(black_box(value), &mut out);
        total += out.len() as u64;
    }
    total
}

fn unknown(workload: &str, implementation: &str) -> ExitCode {
    eprintln!("no implementation {implementation:?} of workload {workload:?}");
    ExitCode::FAILURE
}
