//! Real files of the Kaitai format gallery, read by zerowire-ksy's parsers and
//! by the official Kaitai implementation, field by field.
//!
//! The oracle is Kaitai's own compiler (the npm package `kaitai-struct-compiler`
//! 0.11.0) generating Python, run with the `kaitaistruct` runtime of PyPI;
//! `ksy/oracle/install.sh` installs both into `target/oracle/` (CI runs it).
//! `ksy/oracle/samples.py` makes the sample files with the tools on the
//! machine. For each sample, `ksy/oracle/dump.py` writes what the oracle read,
//! every attribute and instance by its Kaitai path, as the asserts of a `.kst`
//! spec, which zerowire-ksy compiles (with the schema) into a test of its own
//! parser, as it does the suite's specs: a sample passes when every value
//! agrees, or fails at the first path that differs. An assert that names what
//! zerowire-ksy does not support is left out and counted.
//!
//! It needs `../shared` (the gallery) and the oracle; without either it says
//! so and passes, unless `ZEROWIRE_ORACLE_REQUIRED` is set (CI sets it). The
//! report goes to `target/ksy-oracle/REPORT.md`, and also to the file named by
//! `ZEROWIRE_KSY_ORACLE_REPORT` (`ksy/ORACLE.md`, by `ksy/conformance.sh`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use zerowire_ksy::Compiler;

mod harness;
use harness::{
    counts, data_dir, failures, test_generated, workspace, write_generated_crate, Status,
};

/// The installed oracle: the compiler's node modules and the Python runtime.
struct Oracle {
    node_modules: PathBuf,
    python: PathBuf,
}

fn oracle() -> Option<Oracle> {
    let dir = std::env::var_os("ZEROWIRE_ORACLE_DIR")
        .map_or_else(|| workspace().join("target/oracle"), PathBuf::from);
    let node_modules = dir.join("node/node_modules");
    let python = dir.join("python");
    if node_modules.join("kaitai-struct-compiler").is_dir()
        && python.join("kaitaistruct.py").is_file()
    {
        return Some(Oracle {
            node_modules,
            python,
        });
    }
    assert!(
        std::env::var_os("ZEROWIRE_ORACLE_REQUIRED").is_none(),
        "ZEROWIRE_ORACLE_REQUIRED is set, and the oracle is not in {} (run ksy/oracle/install.sh)",
        dir.display()
    );
    eprintln!(
        "\n*** NOT RUN: the Kaitai oracle is not installed in {} (run ksy/oracle/install.sh); CI runs it ***\n",
        dir.display()
    );
    None
}

/// Runs `cmd`, panicking with its output when it fails.
fn run(cmd: &mut Command, what: &str) -> bool {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    if !out.status.success() {
        eprintln!("{what} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

#[derive(Debug)]
struct Sample {
    schema: String,
    file: PathBuf,
}

/// The samples `samples.py` made, from its `samples.tsv` (a schema and a
/// file a line).
fn samples(dir: &Path) -> Vec<Sample> {
    let text = std::fs::read_to_string(dir.join("samples.tsv")).expect("samples.tsv");
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(schema, file)| Sample {
            schema: schema.to_owned(),
            file: PathBuf::from(file),
        })
        .collect()
}

/// A module name for a sample: `archive/gzip` and `named.gz` are `gzip__named_gz`.
fn module_name(sample: &Sample) -> String {
    let id = sample.schema.rsplit('/').next().unwrap_or(&sample.schema);
    let file = sample
        .file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let file: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{id}__{file}")
}

#[test]
fn kaitai_gallery_against_the_official_parser() {
    let Some(gallery) = data_dir(
        "ZEROWIRE_KAITAI_GALLERY",
        "../shared/conformance/kaitai_formats",
        "common",
        "Kaitai's format gallery",
    ) else {
        return;
    };
    let Some(oracle) = oracle() else {
        return;
    };
    let here = workspace().join("ksy/oracle");
    let work = workspace().join("target/ksy-oracle");
    let crate_dir = work.join("crate");
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).expect("the generated crate's folder");
    let sample_dir = work.join("samples");
    assert!(
        run(
            Command::new("python3")
                .arg(here.join("samples.py"))
                .arg(&sample_dir),
            "making the samples"
        ),
        "samples.py failed"
    );

    let mut compiler = Compiler::new();
    compiler.include(&gallery);
    let mut status: BTreeMap<String, Status> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let mut modules = Vec::new();
    let mut compiled: BTreeMap<String, bool> = BTreeMap::new();
    // Each sample as made, cut to a half and to three quarters, and with the
    // byte at a quarter, the middle and three quarters flipped: where the
    // official parser fails, zerowire fails too, at the same place.
    let variant_dir = work.join("variants");
    std::fs::create_dir_all(&variant_dir).expect("the variants' folder");
    let mut all = Vec::new();
    for sample in samples(&sample_dir) {
        let bytes = std::fs::read(&sample.file).expect("a sample");
        let stem = sample
            .file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let flip = |at: usize| {
            let mut v = bytes.clone();
            if let Some(b) = v.get_mut(at) {
                *b ^= 0xFF;
            }
            v
        };
        let n = bytes.len();
        let variants = [
            ("cut", bytes[..n / 2].to_vec()),
            ("cut3", bytes[..n * 3 / 4].to_vec()),
            ("flip", flip(n / 2)),
            ("flip1", flip(n / 4)),
            ("flip3", flip(n * 3 / 4)),
        ];
        for (suffix, variant) in variants {
            let file = variant_dir
                .join(&sample.schema)
                .join(format!("{stem}.{suffix}"));
            std::fs::create_dir_all(file.parent().expect("its folder"))
                .expect("the variants' folder");
            std::fs::write(&file, variant).expect("a variant");
            all.push(Sample {
                schema: sample.schema.clone(),
                file,
            });
        }
        all.push(sample);
    }
    for sample in all {
        let name = module_name(&sample);
        let id = sample
            .schema
            .rsplit('/')
            .next()
            .unwrap_or(&sample.schema)
            .to_owned();
        let schema = gallery.join(format!("{}.ksy", sample.schema));
        let python_dir = work.join("python").join(&id);
        // The oracle's parser of the schema, once.
        let ok = *compiled.entry(sample.schema.clone()).or_insert_with(|| {
            run(
                Command::new("node")
                    .arg(here.join("compile.js"))
                    .arg(&schema)
                    .arg(&python_dir)
                    .arg(&gallery)
                    .env("ZEROWIRE_ORACLE_NODE_MODULES", &oracle.node_modules),
                "the official compiler",
            )
        });
        assert!(ok, "the official compiler rejects {}", sample.schema);
        let kst = work.join("specs").join(format!("{name}.kst"));
        std::fs::create_dir_all(kst.parent().unwrap()).expect("the specs' folder");
        assert!(
            run(
                Command::new("python3")
                    .arg(here.join("dump.py"))
                    .arg(&python_dir)
                    .arg(&id)
                    .arg(&sample.file)
                    .arg(&kst)
                    .env("PYTHONPATH", &oracle.python),
                "the oracle's reading"
            ),
            "the oracle cannot read {}",
            sample.file.display()
        );
        let spec = std::fs::read_to_string(&kst).expect("the spec");
        let left_out = spec
            .lines()
            .filter(|l| l.starts_with("# left out:"))
            .count();
        let formats = schema.parent().expect("the schema's folder");
        match compiler.compile_checks(&kst, formats, Path::new("/")) {
            Ok((test, skipped)) => {
                std::fs::write(src.join(format!("{name}.rs")), &test.rust)
                    .expect("a generated module");
                modules.push(name.clone());
                let compared = spec
                    .lines()
                    .filter(|l| l.trim_start().starts_with("- actual:"))
                    .count()
                    - skipped.len();
                let mut note = format!("{compared} values compared");
                if !skipped.is_empty() {
                    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
                    for s in &skipped {
                        *reasons.entry(s.reason.as_str()).or_default() += 1;
                    }
                    let listed: Vec<String> =
                        reasons.iter().map(|(r, n)| format!("{n} × {r}")).collect();
                    let _ = write!(note, "; {} left out: {}", skipped.len(), listed.join("; "));
                }
                if left_out > 0 {
                    let _ = write!(note, "; {left_out} the oracle could not read");
                }
                notes.insert(name, note);
            }
            Err(e) => {
                status.insert(name, Status::rejected(&e.diagnostics()[0]));
            }
        }
    }

    test_generated(&crate_dir, &mut modules, &mut status, |dir, modules| {
        write_generated_crate(
            dir,
            "ksy-oracle",
            "differential test against the official Kaitai parser",
            modules,
            &[],
        )
    });

    // Where the official parser is the one that strays, both readings.
    for (name, why) in KNOWN {
        if let Some(st @ Status::Fail(_)) = status.get_mut(*name) {
            *st = Status::Unsupported(format!("the official parser's own reading: {why}"));
        }
    }
    let report = report(&status, &notes);
    std::fs::write(work.join("REPORT.md"), &report).expect("the report");
    if let Some(path) = std::env::var_os("ZEROWIRE_KSY_ORACLE_REPORT") {
        std::fs::write(path, &report).expect("the report");
    }
    let (pass, fail, unsupported) = counts(&status);
    let formats: std::collections::BTreeSet<&str> =
        status.keys().filter_map(|k| k.split("__").next()).collect();
    eprintln!(
        "kaitai oracle: {pass} agree, {fail} differ, {unsupported} unsupported of {} samples of {} formats",
        status.len(),
        formats.len()
    );
    let fails = failures(&status);
    assert!(
        fails.is_empty(),
        "samples that zerowire reads otherwise than the official parser:\n{}",
        fails.join("\n")
    );
}

/// Samples where the official Python parser, not zerowire, strays from Kaitai's
/// semantics, and how the two read them.
const KNOWN: &[(&str, &str)] = &[(
    "doom_wad__map_wad_flip",
    "a lump of 0 bytes at an offset past the end of the file: Python's stream seeks past the end and reads 0 bytes there; zerowire refuses a position beyond the input (`contents` is `OutOfRange`)",
)];

fn report(status: &BTreeMap<String, Status>, notes: &BTreeMap<String, String>) -> String {
    let (pass, fail, unsupported) = counts(status);
    let mut r = String::from(
        "# zerowire-ksy against the official Kaitai parser\n\n\
         Generated by `ksy/conformance.sh` (`ksy/tests/kaitai_oracle.rs`): each sample file that\n\
         `ksy/oracle/samples.py` makes is read by the parser zerowire-ksy generates and by the one\n\
         Kaitai's official compiler (npm `kaitai-struct-compiler` 0.11.0) generates in Python, run with\n\
         PyPI's `kaitaistruct` 0.11; every attribute and instance the official parser read is compared\n\
         by its Kaitai path (long lists and byte strings by their size and a sample).\n\n",
    );
    let _ = writeln!(
        r,
        "Samples: {pass} agree, {fail} differ, {unsupported} unsupported, of {}.\n",
        status.len()
    );
    r.push_str("| sample | result | values |\n| --- | --- | --- |\n");
    for (k, s) in status {
        let text = match s {
            Status::Done => "agrees".to_owned(),
            Status::Fail(w) => format!("differs: {w}"),
            Status::Unsupported(f) => format!("unsupported: {f}"),
        };
        let note = notes.get(k).map_or("", String::as_str);
        let _ = writeln!(
            r,
            "| {k} | {} | {} |",
            text.replace('|', "\\|").replace('\n', " "),
            note.replace('|', "\\|")
        );
    }
    r
}
