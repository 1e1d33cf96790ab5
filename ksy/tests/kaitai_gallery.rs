//! The Kaitai format gallery, compiled by zerowire-ksy and built.
//!
//! Reads `../shared/conformance/kaitai_formats` (or the folder named by
//! `ZEROWIRE_KAITAI_GALLERY`; with the variable set, a missing folder fails).
//! Every schema is compiled (imports `/common/x` resolve in the gallery), and
//! all that compile go into one generated crate under `target/ksy-gallery/`,
//! which must build: a schema is built, unsupported (the diagnostic names the
//! Kaitai feature), or a failure (its Rust does not build, or a valid schema
//! is rejected without naming a feature).
//!
//! The report goes to `target/ksy-gallery/REPORT.md`, and also to the file
//! named by `ZEROWIRE_KSY_GALLERY_REPORT` (`ksy/GALLERY.md` is made that way:
//! `ksy/conformance.sh`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use zerowire_ksy::Compiler;

mod harness;
use harness::{
    broken_modules, counts, data_dir, failures, status_tables, workspace, write_generated_crate,
    Status,
};

fn gallery_dir() -> Option<PathBuf> {
    data_dir(
        "ZEROWIRE_KAITAI_GALLERY",
        "../shared/conformance/kaitai_formats",
        "common",
        "Kaitai's format gallery",
    )
}

/// Every `.ksy` under `dir`, by its path from `dir`.
fn schemas(dir: &Path, from: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a gallery folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            schemas(&path, from, out);
        } else if path.extension().is_some_and(|e| e == "ksy") {
            out.push(path.strip_prefix(from).unwrap_or(&path).to_path_buf());
        }
    }
}

#[test]
fn kaitai_format_gallery() {
    let Some(gallery) = gallery_dir() else {
        return;
    };
    let mut compiler = Compiler::new();
    compiler.include(&gallery);
    let crate_dir = workspace().join("target/ksy-gallery");
    let src = crate_dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).expect("the generated crate's folder");

    let mut found = Vec::new();
    schemas(&gallery, &gallery, &mut found);
    let mut status: BTreeMap<String, Status> = BTreeMap::new();
    let mut modules = Vec::new();
    let mut schema_of: BTreeMap<String, String> = BTreeMap::new();
    for schema in &found {
        let name = schema.with_extension("").display().to_string();
        // One module per schema, named by its path (`image/png` is `m_image_png`).
        let module: String = std::iter::once('m')
            .chain(name.chars())
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        match compiler.compile(gallery.join(schema)) {
            Ok(out) => {
                std::fs::write(src.join(format!("{module}.rs")), out.rust)
                    .expect("a generated module");
                schema_of.insert(module.clone(), name.clone());
                modules.push(module);
                status.insert(name, Status::Done);
            }
            Err(e) => {
                let d = &e.diagnostics()[0];
                assert!(
                    d.line_column().is_some(),
                    "{name}: a diagnostic without a place: {e}"
                );
                status.insert(name, Status::rejected(d));
            }
        }
    }

    write_crate(&crate_dir, &modules);
    let out = Command::new(env!("CARGO"))
        .args(["build", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", crate_dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let broken = broken_modules(&stderr, &modules);
    assert!(
        out.status.success() || !broken.is_empty(),
        "the generated crate did not build:\n{stderr}"
    );
    for (module, first) in broken {
        let name = schema_of.get(&module).cloned().unwrap_or(module);
        status.insert(
            name,
            Status::Fail(format!("generated Rust does not build: {first}")),
        );
    }

    let report = report(&status);
    std::fs::write(crate_dir.join("REPORT.md"), &report).expect("the report");
    if let Some(path) = std::env::var_os("ZEROWIRE_KSY_GALLERY_REPORT") {
        std::fs::write(path, &report).expect("the report");
    }
    let (built, fail, unsupported) = counts(&status);
    eprintln!(
        "kaitai gallery: {built} build, {unsupported} unsupported, {fail} fail of {}",
        status.len()
    );
    let fails = failures(&status);
    assert!(
        fails.is_empty(),
        "gallery schemas rejected without a feature, or compiled to broken Rust:\n{}",
        fails.join("\n")
    );
}

fn write_crate(dir: &Path, modules: &[String]) {
    write_generated_crate(
        dir,
        "ksy-gallery",
        "gallery test from Kaitai's format gallery",
        modules,
        &[],
    );
}

fn report(status: &BTreeMap<String, Status>) -> String {
    let mut r = String::from(
        "# Kaitai's format gallery through zerowire-ksy\n\nRegenerated by `ksy/conformance.sh` (the test `ksy/tests/kaitai_gallery.rs`): every schema of `../shared/conformance/kaitai_formats/` compiled, and the Rust of those that compile built in one crate.\n\n",
    );
    let (built, fail, unsupported) = counts(status);
    let _ = writeln!(
        r,
        "Schemas: {built} build, {unsupported} unsupported, {fail} fail, of {}.\n",
        status.len()
    );
    r.push_str(&status_tables(status, "schema", "builds"));
    r
}
