//! Kaitai Struct's own test suite, compiled by zerowire-ksy and run.
//!
//! Reads `../shared/conformance/kaitai_struct_tests` (or the folder named by
//! `ZEROWIRE_KAITAI_SUITE`; with the variable set, a missing folder fails).
//! Every `.kst` spec is compiled with its schema into one module of a
//! generated crate under `target/ksy-suite/`, which is built and tested; each
//! spec is then a pass, a fail (a wrong value, a build error, a panic) or
//! unsupported (the compiler's diagnostic names the Kaitai feature). The
//! schemas of `formats_err/` must each be rejected with a located diagnostic.
//!
//! The report goes to `target/ksy-suite/REPORT.md`, and also to the file
//! named by `ZEROWIRE_KSY_REPORT` (`ksy/CONFORMANCE.md` is made that way:
//! `ksy/conformance.sh`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zerowire_ksy::Compiler;

mod harness;
use harness::{
    counts, data_dir, failures, files, status_tables, test_generated, workspace,
    write_generated_crate, Status,
};

fn suite_dir() -> Option<PathBuf> {
    data_dir(
        "ZEROWIRE_KAITAI_SUITE",
        "../shared/conformance/kaitai_struct_tests",
        "spec/ks",
        "Kaitai's test suite",
    )
}

#[test]
fn kaitai_struct_test_suite() {
    let Some(suite) = suite_dir() else {
        return;
    };
    let formats = suite.join("formats");
    let mut compiler = Compiler::new();
    compiler.include(formats.join("ks_path"));
    // `/common/...` imports name the format gallery's shared schemas.
    let gallery = suite.join("../kaitai_formats");
    if gallery.is_dir() {
        compiler.include(gallery);
    }
    // A schema with `ks-opaque-types: true` uses another schema of the suite as
    // an opaque type: the type of that schema's module in the generated crate.
    for schema in files(&formats, "ksy") {
        let Ok(out) = compiler.compile(&schema) else {
            continue;
        };
        let id = schema.file_stem().unwrap().to_string_lossy().into_owned();
        let borrows = out
            .rust
            .contains(&format!("pub struct {}<'a>", out.root_type));
        let lifetime = if borrows { "<'a>" } else { "" };
        compiler.opaque_type(&id, format!("crate::{id}::{}{lifetime}", out.root_type));
    }
    let crate_dir = workspace().join("target/ksy-suite");
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).expect("the generated crate's folder");

    let mut status: BTreeMap<String, Status> = BTreeMap::new();
    let mut modules = Vec::new();
    for kst in files(&suite.join("spec/ks"), "kst") {
        let name = kst.file_stem().unwrap().to_string_lossy().into_owned();
        match compiler.compile_spec(&kst, &formats, &suite.join("src")) {
            Ok(test) => {
                // The suite's custom `process` names resolve to its helpers.
                let rust = format!("use crate::kaitai_custom::*;\n{}", test.rust);
                std::fs::write(src.join(format!("{name}.rs")), rust).expect("a generated module");
                modules.push(name);
            }
            Err(e) => {
                let d = &e.diagnostics()[0];
                assert!(
                    d.line_column().is_some() || d.path().is_none(),
                    "{name}: a diagnostic without a place: {e}"
                );
                status.insert(name, Status::rejected(d));
            }
        }
    }

    // Build; a module whose generated Rust does not compile is a failure, and
    // the rest is built again without it.
    test_generated(&crate_dir, &mut modules, &mut status, write_crate);

    // Kaitai's suite checks the style guide's warnings among the rejections.
    compiler.deny_warnings(true);
    let rejected = formats_err(&suite.join("formats_err"), &compiler);
    let report = report(&status, &rejected);
    std::fs::write(crate_dir.join("REPORT.md"), &report).expect("the report");
    if let Some(path) = std::env::var_os("ZEROWIRE_KSY_REPORT") {
        std::fs::write(path, &report).expect("the report");
    }
    let (pass, fail, unsupported) = counts(&status);
    eprintln!(
        "kaitai suite: {pass} pass, {fail} fail, {unsupported} unsupported of {}",
        status.len()
    );
    let fails = failures(&status);
    assert!(
        fails.is_empty(),
        "specs that compile to wrong or broken Rust:\n{}",
        fails.join("\n")
    );
}

/// The custom `process` functions the suite's schemas name, as each target
/// language's test helpers define them: `my_custom_fx(key, flag, bytes)` adds
/// the key to each byte (subtracts it when `flag` is false);
/// `custom_fx_no_args` and `nested.deeply.custom_fx(key)` wrap the bytes in `_`.
const CUSTOM_PROCESSES: &str = r#"//! The suite's custom `process` functions.
use zerowire::Transform;

pub struct MyCustomFx {
    key: u8,
}

impl MyCustomFx {
    pub fn new(key: u8, flag: bool, _bytes: &[u8]) -> Self {
        MyCustomFx { key: if flag { key } else { key.wrapping_neg() } }
    }
}

impl Transform for MyCustomFx {
    fn decode(&self, stored: &[u8]) -> Option<Vec<u8>> {
        Some(stored.iter().map(|b| b.wrapping_add(self.key)).collect())
    }
    fn encode(&self, bytes: &[u8]) -> Vec<u8> {
        bytes.iter().map(|b| b.wrapping_sub(self.key)).collect()
    }
}

fn underscored(stored: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(stored.len() + 2);
    v.push(b'_');
    v.extend_from_slice(stored);
    v.push(b'_');
    v
}

fn plain(bytes: &[u8]) -> Vec<u8> {
    bytes.get(1..bytes.len().saturating_sub(1)).unwrap_or_default().to_vec()
}

pub struct CustomFxNoArgs;

impl CustomFxNoArgs {
    pub fn new() -> Self {
        CustomFxNoArgs
    }
}

impl Transform for CustomFxNoArgs {
    fn decode(&self, stored: &[u8]) -> Option<Vec<u8>> {
        Some(underscored(stored))
    }
    fn encode(&self, bytes: &[u8]) -> Vec<u8> {
        plain(bytes)
    }
}

pub mod nested {
    pub mod deeply {
        pub struct CustomFx;

        impl CustomFx {
            pub fn new(_key: u8) -> Self {
                CustomFx
            }
        }

        impl zerowire::Transform for CustomFx {
            fn decode(&self, stored: &[u8]) -> Option<Vec<u8>> {
                Some(super::super::underscored(stored))
            }
            fn encode(&self, bytes: &[u8]) -> Vec<u8> {
                super::super::plain(bytes)
            }
        }
    }
}
"#;

fn write_crate(dir: &Path, modules: &[String]) {
    write_generated_crate(
        dir,
        "ksy-suite",
        "suite test from Kaitai's test specs",
        modules,
        &[("kaitai_custom", CUSTOM_PROCESSES)],
    );
}

/// A place as upstream names it, with its Scala-printed case keys
/// (`IntNum(42)`, `Str(foo)`, `Name(identifier(x))`, `Bool(true)`) as the
/// schema writes them.
fn scala_path(place: &str) -> String {
    place
        .split('/')
        .map(|c| {
            let mut c = c;
            for wrap in [
                "IntNum(",
                "Str(",
                "Name(identifier(",
                "Bool(",
                "identifier(",
            ] {
                if let Some(inner) = c.strip_prefix(wrap) {
                    c = inner.trim_end_matches(')');
                }
            }
            c.to_owned()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One schema of `formats_err/`: how zerowire-ksy took it, against upstream.
struct Rejection {
    name: String,
    /// The located diagnostic, or `None` when the schema compiled.
    got: Option<String>,
    /// Upstream's expected error (the schema's leading comment).
    expected: String,
    /// Whether the diagnostic is at a place upstream's error names (the
    /// same file and YAML path, such as `/seq/0/size`).
    same_place: bool,
    /// A schema without an expected error that others import: valid alone.
    helper: bool,
}

/// Each schema of `formats_err/`, and whether it was rejected with a located diagnostic.
fn formats_err(dir: &Path, compiler: &Compiler) -> Vec<Rejection> {
    let schemas = files(dir, "ksy");
    let texts: Vec<String> = schemas
        .iter()
        .map(|k| std::fs::read_to_string(k).unwrap_or_default())
        .collect();
    let mut out = Vec::new();
    for (ksy, text) in schemas.iter().zip(&texts) {
        let name = ksy.file_stem().unwrap().to_string_lossy().into_owned();
        let comment: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim())
            .collect();
        let expected = comment.join(" ");
        // Upstream names each place `file.ksy: /path:` (or `file.ksy:line:col:`
        // for YAML errors), with Scala's forms of case keys (`IntNum(42)`).
        let places: Vec<(String, String)> = comment
            .iter()
            .filter_map(|l| {
                let (file, rest) = l.split_once(".ksy")?;
                let place = rest.trim_start_matches(':').trim();
                let place = place.split(": ").next()?.trim_end_matches(':');
                Some((file.to_owned(), scala_path(place)))
            })
            .collect();
        let imported = texts
            .iter()
            .any(|t| t.lines().any(|l| l.trim() == format!("- {name}")));
        let (got, same_place) = match compiler.compile(ksy) {
            Ok(_) => (None, false),
            Err(e) => {
                let d = &e.diagnostics()[0];
                let (line, col) = d
                    .line_column()
                    .expect("a rejected schema's diagnostic names its line and column");
                let file = d
                    .path()
                    .and_then(|p| p.file_stem())
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // At that place, or inside the node it names.
                let ours = format!("/{}", d.yaml_path().unwrap_or("?").trim_start_matches('/'));
                let same = places.iter().any(|(f, p)| {
                    *f == file
                        && (*p == format!("{line}:{col}")
                            || ours == *p
                            || ours.starts_with(&format!("{}/", p.trim_end_matches('/'))))
                });
                let path = d.yaml_path().unwrap_or("?");
                (
                    Some(format!("{file}:{line}:{col} ({path}): {}", d.message())),
                    same,
                )
            }
        };
        out.push(Rejection {
            helper: expected.is_empty() && imported,
            name,
            got,
            expected,
            same_place,
        });
    }
    out
}

fn report(status: &BTreeMap<String, Status>, rejected: &[Rejection]) -> String {
    let mut r = String::from("# Kaitai Struct test suite: zerowire-ksy's results\n\nGenerated by `ksy/conformance.sh`; do not edit by hand.\n\n");
    let (pass, fail, unsupported) = counts(status);
    let _ = writeln!(
        r,
        "Specs: {pass} pass, {fail} fail, {unsupported} unsupported, of {}.\n",
        status.len()
    );
    let must: Vec<&Rejection> = rejected.iter().filter(|x| !x.helper).collect();
    let n_rej = must.iter().filter(|x| x.got.is_some()).count();
    let n_same = must.iter().filter(|x| x.same_place).count();
    let helpers: Vec<&str> = rejected
        .iter()
        .filter(|x| x.helper)
        .map(|x| x.name.as_str())
        .collect();
    let _ = writeln!(
        r,
        "Schemas a compiler must reject (`formats_err/`): {n_rej} of {} rejected with a located diagnostic, {n_same} of them at the place upstream's expected error names (the same file and YAML path, or inside the node it names); {} more ({}) carry no expected error and are imported by others, valid alone.\n",
        must.len(),
        helpers.len(),
        helpers.join(", ")
    );
    r.push_str(&status_tables(status, "spec", "pass"));
    r.push_str("\n## `formats_err/`\n\n| schema | diagnostic | same place | upstream's expected error |\n| --- | --- | --- | --- |\n");
    for x in rejected {
        let got = match (&x.got, x.helper) {
            (Some(g), _) => g.clone(),
            (None, true) => "compiles (imported by others)".into(),
            (None, false) => "**accepted**".into(),
        };
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} |",
            x.name,
            got.replace('|', "\\|"),
            if x.same_place { "yes" } else { "" },
            x.expected.replace('|', "\\|")
        );
    }
    r
}
