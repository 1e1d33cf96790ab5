//! Runs one decoder (or encoder) of one workload a given number of times, for
//! counting instructions under callgrind, which, unlike time on a shared
//! machine, repeats exactly. `benches/icount.sh` runs it at two counts and
//! reports the difference per iteration.
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
            let mut out = Vec::with_capacity(input.len());
            let mut run = |encode_all: &dyn Fn(&mut Vec<u8>)| {
                let mut total = 0;
                for _ in 0..iterations {
                    out.clear();
                    encode_all(&mut out);
                    total += out.len() as u64;
                }
                total
            };
            match name {
                "hand_written" => {
                    let value = encode::hand_records(&input);
                    run(&|out| encode::hand_encode_records(black_box(&value), out))
                }
                "zerowire" => {
                    let value = encode::zerowire_records(&input);
                    run(&|out| encode::zerowire_encode_records(black_box(&value), out))
                }
                _ => return unknown(workload, name),
            }
        }
        ("W3_client_hello_encode", name) => {
            let input = workloads::handshake();
            let mut out = Vec::with_capacity(input.len());
            let mut run = |encode_all: &dyn Fn(&mut Vec<u8>)| {
                let mut total = 0;
                for _ in 0..iterations {
                    out.clear();
                    encode_all(&mut out);
                    total += out.len() as u64;
                }
                total
            };
            match name {
                "hand_written" => {
                    let value = encode::hand_hello(&input);
                    run(&|out| encode::hand_encode_hello(black_box(&value), out))
                }
                "zerowire" => {
                    let value = encode::zerowire_hello(&input);
                    run(&|out| encode::zerowire_encode_hello(black_box(&value), out))
                }
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
            (0..iterations).fold(0u64, |sum, _| {
                sum.wrapping_add(decoder(black_box(&case.input)))
            })
        }
    };
    println!("{sum}");
    ExitCode::SUCCESS
}

fn unknown(workload: &str, implementation: &str) -> ExitCode {
    eprintln!("no implementation {implementation:?} of workload {workload:?}");
    ExitCode::FAILURE
}
