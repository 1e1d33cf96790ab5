//! Measures every decode and encode workload with the implementations taking
//! turns (`zerowire_benches::interleaved`), prints the ratios to the
//! hand-written cursor and writes them to `target/interleaved.tsv` for the
//! report.
//!
//! Usage: `interleaved [CASE_PREFIX...]` (default: every case). `TURNS=N`
//! changes the 1000 turns, `BLOCK_US=N` the 50 µs a block of the baseline
//! takes. `benches/report.sh` runs it after criterion.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use zerowire_benches::cases::{cases, checksums};
use zerowire_benches::encode::{self, Encoder};
use zerowire_benches::interleaved::{decodes, measure, summarize, Run, Settings};
use zerowire_benches::{implementations, target_dir};

fn main() -> ExitCode {
    let prefixes: Vec<String> = std::env::args().skip(1).collect();
    let settings = match settings() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let selected =
        |name: &str| prefixes.is_empty() || prefixes.iter().any(|p| name.starts_with(p.as_str()));
    let mut tsv = String::from("workload\timplementation\tns\tratio\tq1\tq3\n");
    for case in cases() {
        if !selected(case.name) {
            continue;
        }
        let sums = checksums(&case);
        if sums.iter().any(|(_, sum)| *sum != sums[0].1) {
            eprintln!("checksums differ on {}: {sums:?}", case.name);
            return ExitCode::FAILURE;
        }
        // The hand-written cursor comes first in `implementations()`: the baseline.
        let (names, decoders): (Vec<&str>, Vec<_>) = implementations()
            .iter()
            .filter_map(|i| Some((i.name, (case.decoder)(i)?)))
            .unzip();
        let times = measure(&mut decodes(&case.input, &decoders), settings);
        tabulate(case.name, &names, &times, &mut tsv);
    }
    // Both encoders write into one buffer, as in the criterion benchmark: with
    // a buffer each, W3's ratio measured 0.96x or 1.12x to 1.18x, depending on
    // where the second buffer was allocated (0.97x to 0.99x with one buffer).
    let out = RefCell::new(Vec::new());
    for case in encode::cases() {
        if !selected(case.name) {
            continue;
        }
        let (names, mut runs): (Vec<&str>, Vec<Run<'_>>) = (case.encoders)(&case.input)
            .into_iter()
            .map(|(name, encoder)| (name, encode_into(encoder, &out)))
            .unzip();
        if !same_output(&mut runs, &out) {
            eprintln!("the encoders of {} write different bytes", case.name);
            return ExitCode::FAILURE;
        }
        let times = measure(&mut runs, settings);
        tabulate(case.name, &names, &times, &mut tsv);
    }
    let path = target_dir().join("interleaved.tsv");
    if let Err(e) = std::fs::write(&path, tsv) {
        eprintln!("cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
}

/// A run of `encoder` into `out`, which is reused from run to run; the
/// length written.
fn encode_into<'r>(mut encoder: Encoder<'r>, out: &'r RefCell<Vec<u8>>) -> Run<'r> {
    Box::new(move || encode::run(&mut encoder, &mut out.borrow_mut()) as u64)
}

/// Whether every run writes the same bytes into `out` as the first.
fn same_output(runs: &mut [Run<'_>], out: &RefCell<Vec<u8>>) -> bool {
    let Some((first, rest)) = runs.split_first_mut() else {
        return true;
    };
    first();
    let expected = out.borrow().clone();
    rest.iter_mut().all(|run| {
        run();
        *out.borrow() == expected
    })
}

/// Prints the summaries of one workload's times and adds them to `tsv`.
fn tabulate(workload: &str, names: &[&str], times: &[Vec<f64>], tsv: &mut String) {
    let Some(summaries) = summarize(times) else {
        return;
    };
    for (name, s) in names.iter().zip(&summaries) {
        println!(
            "{workload:<26} {name:<15} {:>12.1} ns  {:.3}x  (quartiles {:.3}x to {:.3}x)",
            s.ns, s.ratio, s.q1, s.q3
        );
        let _ = writeln!(
            tsv,
            "{workload}\t{name}\t{}\t{}\t{}\t{}",
            s.ns, s.ratio, s.q1, s.q3
        );
    }
}

/// The default settings, with `TURNS` and `BLOCK_US` from the environment.
fn settings() -> Result<Settings, String> {
    let mut settings = Settings::default();
    if let Some(turns) = env_number("TURNS")? {
        settings.turns = usize::try_from(turns).unwrap_or(usize::MAX);
    }
    if let Some(block_us) = env_number("BLOCK_US")? {
        settings.block = Duration::from_micros(block_us);
    }
    Ok(settings)
}

/// The number in environment variable `var`, if it is set.
fn env_number(var: &str) -> Result<Option<u64>, String> {
    match std::env::var(var) {
        Ok(value) => value
            .parse()
            .map(Some)
            .map_err(|_| format!("{var} must be a number, not {value:?}")),
        Err(_) => Ok(None),
    }
}
