//! Measures every decode workload with the implementations taking turns
//! (`zerowire_benches::interleaved`), prints the ratios to the hand-written
//! cursor and writes them to `target/interleaved.tsv` for the report.
//!
//! Usage: `interleaved [CASE_PREFIX...]` (default: every case). `TURNS=N`
//! changes the 1000 turns, `BLOCK_US=N` the 50 µs a block of the baseline
//! takes. `benches/report.sh` runs it after criterion.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use zerowire_benches::cases::{cases, checksums};
use zerowire_benches::implementations;
use zerowire_benches::interleaved::{measure, summarize, Settings};

fn main() -> ExitCode {
    let prefixes: Vec<String> = std::env::args().skip(1).collect();
    let mut settings = Settings::default();
    match (env_number("TURNS"), env_number("BLOCK_US")) {
        (Ok(turns), Ok(block_us)) => {
            if let Some(turns) = turns {
                settings.turns = usize::try_from(turns).unwrap_or(usize::MAX);
            }
            if let Some(block_us) = block_us {
                settings.block = Duration::from_micros(block_us);
            }
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let mut tsv = String::from("workload\timplementation\tns\tratio\tq1\tq3\n");
    for case in cases() {
        if !prefixes.is_empty() && !prefixes.iter().any(|p| case.name.starts_with(p.as_str())) {
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
        let times = measure(&case.input, &decoders, settings);
        let Some(summaries) = summarize(&times) else {
            continue;
        };
        for (name, s) in names.iter().zip(&summaries) {
            println!(
                "{:<26} {name:<15} {:>12.1} ns  {:.3}x  (quartiles {:.3}x to {:.3}x)",
                case.name, s.ns, s.ratio, s.q1, s.q3
            );
            let _ = writeln!(
                tsv,
                "{}\t{name}\t{}\t{}\t{}\t{}",
                case.name, s.ns, s.ratio, s.q1, s.q3
            );
        }
    }
    let path = target_dir().join("interleaved.tsv");
    if let Err(e) = std::fs::write(&path, tsv) {
        eprintln!("cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", path.display());
    ExitCode::SUCCESS
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

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}
