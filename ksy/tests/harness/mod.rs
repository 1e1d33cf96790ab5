//! What the tests that build generated crates share: the workspace, the
//! files of a folder, and which generated modules rustc's errors name.
#![allow(dead_code)] // each test uses its part

use std::path::{Path, PathBuf};

/// The workspace's folder (the generated crates live in its `target/`).
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The files of `dir` whose extension is `ext`, sorted.
pub(crate) fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the suite folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

/// Modules named by rustc's errors, with each one's first error.
pub(crate) fn broken_modules(stderr: &str, modules: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut last_error = String::new();
    for line in stderr.lines() {
        if line.starts_with("error") {
            last_error = line.to_owned();
        }
        if let Some(rest) = line.trim_start().strip_prefix("--> src/") {
            let name = rest.split(".rs").next().unwrap_or("").to_owned();
            // The first place after an error is where it is; later ones are notes.
            if last_error.starts_with("error")
                && modules.contains(&name)
                && !out.iter().any(|(m, _)| *m == name)
            {
                out.push((name, std::mem::take(&mut last_error)));
            }
            last_error.clear();
        }
    }
    out
}

/// The report's table of unsupported features, by how many `noun`s each stops.
pub(crate) fn features_table<'f>(features: impl Iterator<Item = &'f str>, noun: &str) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in features {
        *counts.entry(f).or_default() += 1;
    }
    let mut by_count: Vec<_> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut r = format!(
        "## Unsupported features, by the number of {noun}s they stop\n\n| {noun}s | feature |\n| --- | --- |\n"
    );
    for (f, n) in by_count {
        r.push_str(&format!("| {n} | {} |\n", cell(f)));
    }
    r
}

/// `text` as one cell of a Markdown table.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The conformance folder `default` (beside the checkout, under `../shared`),
/// or the one the variable `var` names (then it must exist, with `marker`
/// inside); `None`, said loudly, where it is not there.
pub(crate) fn data_dir(var: &str, default: &str, marker: &str, what: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join(marker).is_dir(),
                "{var}={} has no {marker}",
                dir.display()
            );
            Some(dir)
        }
        None => {
            let dir = workspace().join(default);
            if dir.join(marker).is_dir() {
                Some(dir)
            } else {
                eprintln!(
                    "\n*** NOT RUN: {what} is not at {} (set {var}); CI runs it ***\n",
                    dir.display()
                );
                None
            }
        }
    }
}
