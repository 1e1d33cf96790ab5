//! Writes the results section of `benches/README.md` and `benches/results.svg`
//! from the last criterion run (`target/criterion`), an allocation pass made
//! here (untimed, with a counting allocator), and the compile-time script's
//! `target/compile-time/results.tsv`.
//!
//! `benches/report.sh` runs the benchmarks and then this.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zerowire_benches::cases::cases;
use zerowire_benches::implementations;
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const BEGIN: &str = "<!-- results:begin -->";
const END: &str = "<!-- results:end -->";
const BASELINE: &str = "hand_written";

/// Mean times in ns by group, then implementation.
type Times = BTreeMap<String, BTreeMap<String, f64>>;

fn main() {
    let benches = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| benches.join("../target"));
    let times = criterion_times(&target.join("criterion"));
    let mut section = String::new();
    section.push_str(&time_table(&times));
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

fn columns(times: &Times) -> Vec<String> {
    let mut names: Vec<String> = implementations()
        .iter()
        .map(|i| i.name.to_owned())
        .collect();
    names.retain(|n| times.values().any(|g| g.contains_key(n)));
    names
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{ns:.1} ns"),
    }
}

fn time_table(times: &Times) -> String {
    let mut out =
        String::from("### Time, as a ratio to the hand-written cursor (mean time in brackets)\n\n");
    let cols = columns(times);
    let _ = writeln!(out, "| workload | {} |", cols.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(cols.len()));
    for (group, row) in times {
        let base = row.get(BASELINE).copied();
        let cells: Vec<String> = cols
            .iter()
            .map(|c| match (row.get(c), base) {
                (Some(ns), Some(base)) => format!("{:.2}x ({})", ns / base, human(*ns)),
                (Some(ns), None) => human(*ns),
                (None, _) => "—".to_owned(),
            })
            .collect();
        let _ = writeln!(out, "| {group} | {} |", cells.join(" | "));
    }
    out.push('\n');
    out
}

fn alloc_table() -> String {
    let mut out =
        String::from("### Allocations per decode of the whole input (counted, untimed)\n\n");
    let imps = implementations();
    let names: Vec<&str> = imps.iter().map(|i| i.name).collect();
    let _ = writeln!(out, "| workload | {} |", names.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(names.len()));
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
        let _ = writeln!(out, "| {} | {} |", case.name, cells.join(" | "));
    }
    out.push('\n');
    out
}

fn compile_table(results: &Path) -> String {
    let mut out = String::from("### Compile time of 100 derived structs\n\n");
    match std::fs::read_to_string(results) {
        Ok(tsv) => {
            let mut lines = tsv.lines();
            if let Some(header) = lines.next() {
                let cols: Vec<&str> = header.split('\t').collect();
                let _ = writeln!(out, "| {} |", cols.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(cols.len()));
                for line in lines {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        line.split('\t').collect::<Vec<_>>().join(" | ")
                    );
                }
            }
        }
        Err(_) => out.push_str("(not measured in this run: `benches/compile-time.sh`)\n"),
    }
    out.push('\n');
    out
}

/// Horizontal bars of each implementation's ratio to the hand-written cursor,
/// one block per workload, on a log scale.
fn svg(times: &Times) -> String {
    const COLORS: [&str; 8] = [
        "#444444", "#d62728", "#ff9896", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    ];
    let cols = columns(times);
    let (left, width, bar, gap) = (190.0, 520.0, 9.0, 14.0);
    let (lo, hi) = (0.25f64.log2(), 64f64.log2());
    let x = |ratio: f64| left + (ratio.clamp(0.25, 64.0).log2() - lo) / (hi - lo) * width;
    let mut body = String::new();
    let mut y = 40.0;
    for (group, row) in times {
        let Some(base) = row.get(BASELINE).copied() else {
            continue;
        };
        let _ = writeln!(
            body,
            r#"<text x="{}" y="{}" text-anchor="end" font-weight="bold">{group}</text>"#,
            left - 8.0,
            y + bar
        );
        for (i, c) in cols.iter().enumerate() {
            let Some(ns) = row.get(c) else { continue };
            let ratio = ns / base;
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
