//! Writes the results section of `benches/README.md` and `benches/results.svg`
//! from criterion's results, the ratios the `interleaved` binary measured
//! (`target/interleaved.tsv`), an allocation pass made here (untimed, with a
//! counting allocator), and the compile-time script's
//! `target/compile-time/results.tsv`.
//!
//! `benches/report.sh` runs the benchmarks in rounds, keeping each round's
//! `target/criterion` as `target/criterion-rounds/N`, and then this, which
//! reports the median over the rounds (or the last criterion run alone when
//! there are no rounds).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zerowire_benches::cases::cases;
use zerowire_benches::interleaved::quantile;
use zerowire_benches::{implementations, target_dir};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const BEGIN: &str = "<!-- results:begin -->";
const END: &str = "<!-- results:end -->";
const BASELINE: &str = "hand_written";

/// One round's mean times in ns by group, then implementation.
type Times = BTreeMap<String, BTreeMap<String, f64>>;

/// An implementation's time on a workload over the rounds: the median time,
/// and the median of its ratios to the baseline's time in the same round.
struct Summary {
    ns: f64,
    ratio: Option<f64>,
}

/// Summaries by group, then implementation.
type Table = BTreeMap<String, BTreeMap<String, Summary>>;

fn main() {
    let benches = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    let rounds = rounds(&target);
    let times = summarize(&rounds);
    let mut section = String::new();
    section.push_str(&time_table(&times, rounds.len()));
    section.push_str(&interleaved_table(&target.join("interleaved.tsv")));
    section.push_str(&alloc_table());
    section.push_str(&compile_table(&target.join("compile-time/results.tsv")));

    let readme_path = benches.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("benches/README.md");
    let (head, rest) = readme.split_once(BEGIN).expect("results marker");
    let (_, tail) = rest.split_once(END).expect("results end marker");
    let readme = format!("{head}{BEGIN}\n{section}{END}{tail}");
    std::fs::write(&readme_path, readme).expect("write README.md");
    std::fs::write(benches.join("results.svg"), svg(&times)).expect("write results.svg");
    println!("wrote {} and results.svg", readme_path.display());
}

/// Each round's times: `target/criterion-rounds/*`, or the last criterion run
/// alone when there are no rounds.
fn rounds(target: &Path) -> Vec<Times> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(target.join("criterion-rounds"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    if dirs.is_empty() {
        dirs.push(target.join("criterion"));
    }
    dirs.iter().map(|dir| criterion_times(dir)).collect()
}

/// The median time of each implementation on each workload, and the median
/// of its ratios to the baseline, each ratio taken within one round so that
/// the machine's load, which drifts between rounds, cancels out.
fn summarize(rounds: &[Times]) -> Table {
    let mut table = Table::new();
    let keys: BTreeSet<(String, String)> = rounds
        .iter()
        .flat_map(|r| r.iter())
        .flat_map(|(g, row)| row.keys().map(move |i| (g.clone(), i.clone())))
        .collect();
    for (group, imp) in keys {
        let row = |r: &Times| {
            r.get(&group)
                .map(|row| (row.get(&imp).copied(), row.get(BASELINE).copied()))
        };
        let ns: Vec<f64> = rounds.iter().filter_map(|r| row(r)?.0).collect();
        let ratios: Vec<f64> = rounds
            .iter()
            .filter_map(|r| match row(r)? {
                (Some(ns), Some(base)) => Some(ns / base),
                _ => None,
            })
            .collect();
        let (Some(ns), ratio) = (median(ns), median(ratios)) else {
            continue;
        };
        table
            .entry(group.clone())
            .or_default()
            .insert(imp, Summary { ns, ratio });
    }
    table
}

fn median(values: Vec<f64>) -> Option<f64> {
    quantile(values, 0.5)
}

/// Every `<group>/<implementation>/new/estimates.json` under `dir`.
fn criterion_times(dir: &Path) -> Times {
    let mut times = Times::new();
    let Ok(groups) = std::fs::read_dir(dir) else {
        return times;
    };
    for group in groups.flatten() {
        let Ok(impls) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for imp in impls.flatten() {
            let estimates = imp.path().join("new/estimates.json");
            let Ok(text) = std::fs::read_to_string(&estimates) else {
                continue;
            };
            let json: serde_json::Value = serde_json::from_str(&text).expect("estimates.json");
            let Some(ns) = json["mean"]["point_estimate"].as_f64() else {
                continue;
            };
            times
                .entry(group.file_name().to_string_lossy().into_owned())
                .or_default()
                .insert(imp.file_name().to_string_lossy().into_owned(), ns);
        }
    }
    times.retain(|group, _| group.starts_with('W'));
    times
}

/// The implementations, in the benches' order, that a table has a cell of.
fn columns(present: impl Fn(&str) -> bool) -> Vec<&'static str> {
    implementations()
        .iter()
        .map(|i| i.name)
        .filter(|name| present(name))
        .collect()
}

/// The implementations measured on some workload of `times`.
fn measured(times: &Table) -> Vec<&'static str> {
    columns(|name| times.values().any(|row| row.contains_key(name)))
}

/// A table's row: `first`, then `cells`.
fn table_row(out: &mut String, first: &str, cells: &[impl AsRef<str>]) {
    let _ = write!(out, "| {first} |");
    for cell in cells {
        let _ = write!(out, " {} |", cell.as_ref());
    }
    out.push('\n');
}

/// A table's header: `first` (the workload), then a column per name.
fn header(out: &mut String, first: &str, names: &[&str]) {
    table_row(out, first, names);
    let _ = writeln!(out, "|---|{}", "---|".repeat(names.len()));
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{ns:.1} ns"),
    }
}

fn time_table(times: &Table, rounds: usize) -> String {
    let mut out = String::from(
        "### Time, as a ratio to the hand-written cursor (time per decode in brackets)\n\n",
    );
    if rounds > 1 {
        let _ = writeln!(
            out,
            "The median of {rounds} rounds, of the ratios and of the times separately: a ratio \
             is taken within its round, a time is criterion's mean in its round, so a time \
             divided by the hand-written one's can differ from the ratio shown.\n"
        );
    }
    let cols = measured(times);
    header(&mut out, "workload", &cols);
    for (group, row) in times {
        let cells: Vec<String> = cols
            .iter()
            .map(|c| match row.get(*c) {
                Some(Summary {
                    ns,
                    ratio: Some(ratio),
                }) => format!("{ratio:.2}x ({})", human(*ns)),
                Some(Summary { ns, ratio: None }) => human(*ns),
                None => "—".to_owned(),
            })
            .collect();
        table_row(&mut out, group, &cells);
    }
    out.push('\n');
    out
}

/// The ratios measured with the implementations taking turns, as
/// `interleaved` wrote them: workload, implementation, ns, ratio, q1, q3.
fn interleaved_table(results: &Path) -> String {
    let mut out = String::from(
        "### Time measured in turns, as a ratio to the hand-written cursor (quartiles in brackets)\n\n",
    );
    let Ok(tsv) = std::fs::read_to_string(results) else {
        out.push_str("(not measured in this run: `cargo run -p zerowire-benches --release --bin interleaved`)\n\n");
        return out;
    };
    out.push_str(
        "Every implementation runs a block of about 50 µs in each of 1000 turns; a ratio is \
         taken between blocks of the same turn, and the median over the turns is shown \
         (`src/interleaved.rs`).\n\n",
    );
    // Workloads in the order measured; cells by implementation.
    let mut rows: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    for line in tsv.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [workload, imp, _ns, ratio, q1, q3] = fields[..] else {
            continue;
        };
        let number = |f: &str| f.parse::<f64>().unwrap_or(f64::NAN);
        let cell = format!(
            "{:.2}x ({:.2}–{:.2})",
            number(ratio),
            number(q1),
            number(q3)
        );
        match rows.last_mut() {
            Some((w, cells)) if w == workload => {
                cells.insert(imp.to_owned(), cell);
            }
            _ => rows.push((workload.to_owned(), [(imp.to_owned(), cell)].into())),
        }
    }
    let names = columns(|name| rows.iter().any(|(_, cells)| cells.contains_key(name)));
    header(&mut out, "workload", &names);
    for (workload, cells) in &rows {
        let cells: Vec<&str> = names
            .iter()
            .map(|n| cells.get(*n).map_or("—", String::as_str))
            .collect();
        table_row(&mut out, workload, &cells);
    }
    out.push('\n');
    out
}

fn alloc_table() -> String {
    let mut out =
        String::from("### Allocations per decode of the whole input (counted, untimed)\n\n");
    let imps = implementations();
    header(&mut out, "workload", &columns(|_| true));
    for case in cases() {
        let cells: Vec<String> = imps
            .iter()
            .map(|imp| match (case.decoder)(imp) {
                Some(decode) => {
                    decode(&case.input);
                    let (_, n) = count_allocations(|| decode(&case.input));
                    n.to_string()
                }
                None => "—".to_owned(),
            })
            .collect();
        table_row(&mut out, case.name, &cells);
    }
    out.push('\n');
    out
}

fn compile_table(results: &Path) -> String {
    let mut out = String::from("### Compile time of 100 derived structs\n\n");
    let Ok(tsv) = std::fs::read_to_string(results) else {
        out.push_str("(not measured in this run: `benches/compile-time.sh`)\n\n");
        return out;
    };
    // The script's first line names the columns; each field becomes a cell.
    for (i, line) in tsv.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let Some((first, cells)) = fields.split_first() else {
            continue;
        };
        if i == 0 {
            header(&mut out, first, cells);
        } else {
            table_row(&mut out, first, cells);
        }
    }
    out.push('\n');
    out
}

/// Horizontal bars of each implementation's ratio to the hand-written cursor,
/// one block per workload, on a log scale.
fn svg(times: &Table) -> String {
    const COLORS: [&str; 8] = [
        "#444444", "#d62728", "#ff9896", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    ];
    let cols = measured(times);
    let (left, width, bar, gap) = (190.0, 520.0, 9.0, 14.0);
    let (lo, hi) = (0.25f64.log2(), 64f64.log2());
    let x = |ratio: f64| left + (ratio.clamp(0.25, 64.0).log2() - lo) / (hi - lo) * width;
    let mut body = String::new();
    let mut y = 40.0;
    for (group, row) in times {
        if !row.contains_key(BASELINE) {
            continue;
        }
        let _ = writeln!(
            body,
            r#"<text x="{}" y="{}" text-anchor="end" font-weight="bold">{group}</text>"#,
            left - 8.0,
            y + bar
        );
        for (i, c) in cols.iter().enumerate() {
            let Some(ratio) = row.get(*c).and_then(|s| s.ratio) else {
                continue;
            };
            let _ = writeln!(
                body,
                r#"<rect x="{left}" y="{y}" width="{:.1}" height="{bar}" fill="{}"><title>{c}: {ratio:.2}x</title></rect><text x="{:.1}" y="{:.1}" font-size="9">{ratio:.2}x</text>"#,
                x(ratio) - left,
                COLORS[i % COLORS.len()],
                x(ratio) + 3.0,
                y + bar - 1.0
            );
            y += bar + 1.0;
        }
        y += gap;
    }
    let mut axis = String::new();
    for tick in [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0] {
        let stroke = if tick == 1.0 { "#000" } else { "#ccc" };
        let _ = writeln!(
            axis,
            r#"<line x1="{0:.1}" x2="{0:.1}" y1="28" y2="{1}" stroke="{stroke}"/><text x="{0:.1}" y="20" text-anchor="middle">{tick}x</text>"#,
            x(tick),
            y
        );
    }
    let mut legend = String::new();
    for (i, c) in cols.iter().enumerate() {
        let ly = 40.0 + i as f64 * 16.0;
        let _ = writeln!(
            legend,
            r#"<rect x="{}" y="{ly}" width="10" height="10" fill="{}"/><text x="{}" y="{}">{c}</text>"#,
            left + width + 50.0,
            COLORS[i % COLORS.len()],
            left + width + 64.0,
            ly + 9.0
        );
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="14" font-size="12">time / hand-written cursor (log scale, bars stop at 64x; left of the black line is faster)</text>
{axis}{body}{legend}</svg>
"#,
        left + width + 180.0,
        y + 10.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(rows: &[(&str, &str, f64)]) -> Times {
        let mut times = Times::new();
        for (group, imp, ns) in rows {
            times
                .entry((*group).to_owned())
                .or_default()
                .insert((*imp).to_owned(), *ns);
        }
        times
    }

    #[test]
    fn ratios_are_taken_within_a_round_and_the_median_reported() {
        // The machine is twice as slow in the second round: the ratio stays.
        let rounds = [
            round(&[("W1", BASELINE, 2.0), ("W1", "zerowire", 1.0)]),
            round(&[("W1", BASELINE, 4.0), ("W1", "zerowire", 2.0)]),
            round(&[("W1", BASELINE, 3.0), ("W1", "zerowire", 3.0)]),
        ];
        let table = summarize(&rounds);
        let z = &table["W1"]["zerowire"];
        assert_eq!(z.ratio, Some(0.5));
        assert_eq!(z.ns, 2.0);
        assert_eq!(table["W1"][BASELINE].ratio, Some(1.0));
        assert_eq!(table["W1"][BASELINE].ns, 3.0);
    }

    #[test]
    fn a_workload_without_the_baseline_has_times_but_no_ratios() {
        let rounds = [
            round(&[("W9", "zerowire", 1.0)]),
            round(&[("W9", "zerowire", 4.0)]),
        ];
        let table = summarize(&rounds);
        assert_eq!(table["W9"]["zerowire"].ratio, None);
        assert_eq!(table["W9"]["zerowire"].ns, 2.5);
        assert_eq!(median(Vec::new()), None);
    }

    #[test]
    fn interleaved_ratios_are_tabled_by_workload_in_the_benches_column_order() {
        let path = std::env::temp_dir().join(format!("interleaved-{}.tsv", std::process::id()));
        std::fs::write(
            &path,
            "workload\timplementation\tns\tratio\tq1\tq3\n\
             W1_toy_16\tzerowire\t2.1\t1.034\t0.972\t1.165\n\
             W1_toy_16\thand_written\t2.0\t1\t1\t1\n\
             W2_records_64KiB\thand_written\t250\t1\t1\t1\n\
             W2_records_64KiB\tzerowire_list\t470\t1.845\t1.79\t1.86\n",
        )
        .unwrap();
        let table = interleaved_table(&path);
        std::fs::remove_file(&path).unwrap();
        assert!(table.contains("| workload | hand_written | zerowire | zerowire_list |\n"));
        assert!(table.contains("| W1_toy_16 | 1.00x (1.00–1.00) | 1.03x (0.97–1.17) | — |\n"));
        assert!(
            table.contains("| W2_records_64KiB | 1.00x (1.00–1.00) | — | 1.84x (1.79–1.86) |\n")
        );
        assert!(interleaved_table(&path).contains("not measured in this run"));
    }
}
