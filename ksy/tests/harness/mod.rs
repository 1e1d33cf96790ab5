//! What the tests that build generated crates share: the workspace, the
//! files of a folder, and which generated modules rustc's errors name.
#![allow(dead_code)] // each test uses its part

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// What became of one spec or schema.
#[derive(Debug, Clone)]
pub(crate) enum Status {
    /// It passed (a spec) or built (a gallery schema).
    Done,
    Fail(String),
    Unsupported(String),
}

impl Status {
    /// A schema's rejection: unsupported where it names the Kaitai feature,
    /// else a failure.
    pub(crate) fn rejected(d: &zerowire_ksy::Diagnostic) -> Status {
        match d.unsupported_feature() {
            Some(f) => Status::Unsupported(f.to_owned()),
            None => Status::Fail(format!("rejected: {}", d.message())),
        }
    }
}

/// How many are done, fail and are unsupported.
pub(crate) fn counts(status: &BTreeMap<String, Status>) -> (usize, usize, usize) {
    let count = |f: fn(&Status) -> bool| status.values().filter(|s| f(s)).count();
    (
        count(|s| matches!(s, Status::Done)),
        count(|s| matches!(s, Status::Fail(_))),
        count(|s| matches!(s, Status::Unsupported(_))),
    )
}

/// Each failure, as `name: why`.
pub(crate) fn failures(status: &BTreeMap<String, Status>) -> Vec<String> {
    status
        .iter()
        .filter_map(|(k, s)| match s {
            Status::Fail(w) => Some(format!("{k}: {w}")),
            _ => None,
        })
        .collect()
}

/// The report's tables: the unsupported features by how many `noun`s each
/// stops, and every one by name, `done` naming what a done one did.
pub(crate) fn status_tables(status: &BTreeMap<String, Status>, noun: &str, done: &str) -> String {
    let mut r = features_table(
        status.values().filter_map(|s| match s {
            Status::Unsupported(f) => Some(f.as_str()),
            _ => None,
        }),
        noun,
    );
    r.push_str(&format!(
        "\n## Every {noun}\n\n| {noun} | result |\n| --- | --- |\n"
    ));
    for (k, s) in status {
        let text = match s {
            Status::Done => done.to_owned(),
            Status::Fail(w) => format!("fail: {w}"),
            Status::Unsupported(f) => format!("unsupported: {f}"),
        };
        r.push_str(&format!("| {k} | {} |\n", cell(&text)));
    }
    r
}

/// The report's table of unsupported features, by how many `noun`s each stops.
fn features_table<'f>(features: impl Iterator<Item = &'f str>, noun: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
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
fn cell(text: &str) -> String {
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

/// Builds and tests the generated crate in `dir` (which `write` writes for the
/// modules left): a module whose Rust does not build is a failure, and the
/// rest is built again without it; then each module's test `spec` is a pass
/// or a failure with the first lines of its panic.
pub(crate) fn test_generated(
    dir: &Path,
    modules: &mut Vec<String>,
    status: &mut BTreeMap<String, Status>,
    write: impl Fn(&Path, &[String]),
) {
    let target = dir.join("target");
    let mut log = String::new();
    for _round in 0..8 {
        write(dir, modules);
        let out = Command::new(env!("CARGO"))
            // Not offline: on a new machine the generated crate needs crates
            // (zlib's) that the workspace's own build did not fetch; the
            // workspace's lockfile, copied in, pins them.
            .args(["test", "--no-fail-fast", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .args(["--", "--test-threads", "2"])
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let broken = broken_modules(&stderr, modules);
        if broken.is_empty() {
            log = stdout;
            if !out.status.success() && !log.contains("test result:") {
                panic!("the generated crate did not build:\n{stderr}");
            }
            break;
        }
        for (m, first) in broken {
            status.insert(
                m.clone(),
                Status::Fail(format!("generated Rust does not build: {first}")),
            );
            modules.retain(|x| *x != m);
        }
    }
    for m in modules.iter() {
        let ok = log.contains(&format!("test {m}::tests::spec ... ok"));
        let st = if ok {
            Status::Done
        } else {
            Status::Fail(failure_message(&log, m))
        };
        status.insert(m.clone(), st);
    }
}

/// The first lines of the panic of `module`'s test, from the test log.
fn failure_message(log: &str, module: &str) -> String {
    let marker = format!("---- {module}::tests::spec stdout ----");
    match log.find(&marker) {
        Some(i) => {
            let rest = &log[i + marker.len()..];
            let text: Vec<&str> = rest
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("note:"))
                .take(4)
                .collect();
            text.join(" ").chars().take(300).collect()
        }
        None => "the test did not run".into(),
    }
}

/// Writes the generated crate `name` in `dir`: its manifest (zerowire by
/// path, the workspace's lockfile), and `lib.rs` with `modules` and the
/// `extra` modules (name and source); `what` says where it comes from.
pub(crate) fn write_generated_crate(
    dir: &Path,
    name: &str,
    what: &str,
    modules: &[String],
    extra: &[(&str, &str)],
) {
    use std::fmt::Write as _;
    let zerowire = workspace().join("core");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\ndoctest = false\n\n[dependencies]\nzerowire = {{ path = {:?}, features = [\"sjis\", \"zlib\"] }}\n\n[workspace]\n",
        zerowire.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest");
    if !dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock"));
    }
    let mut lib = format!(
        "//! Generated by zerowire-ksy's {what}.\n#![allow(dead_code, unused_imports, clippy::all)]\n"
    );
    for (m, source) in extra {
        let _ = writeln!(lib, "pub mod {m};");
        std::fs::write(dir.join(format!("src/{m}.rs")), source).expect("a helper module");
    }
    for m in modules {
        let _ = writeln!(lib, "pub mod {m};");
    }
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs");
}
