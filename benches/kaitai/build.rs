//! Compiles five schemas of Kaitai's format gallery twice: with zerowire-ksy
//! (as a user's build script would), and with Kaitai's official compiler to
//! its Rust target (the npm package the oracle installs: run
//! `ksy/oracle/install.sh` first). Both go to `OUT_DIR`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The formats, by their path in the gallery.
const FORMATS: [&str; 5] = [
    "media/stl",
    "media/vp8_duck_ivf",
    "log/glibc_utmp",
    "game/quake_pak",
    "filesystem/mbr_partition_table",
];

fn main() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = here.join("../..");
    let gallery = std::env::var_os("ZEROWIRE_KAITAI_GALLERY").map_or_else(
        || root.join("../shared/conformance/kaitai_formats"),
        PathBuf::from,
    );
    let oracle = std::env::var_os("ZEROWIRE_ORACLE_DIR")
        .map_or_else(|| root.join("target/oracle"), PathBuf::from);
    println!("cargo:rerun-if-env-changed=ZEROWIRE_KAITAI_GALLERY");
    println!("cargo:rerun-if-env-changed=ZEROWIRE_ORACLE_DIR");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let schemas: Vec<PathBuf> = FORMATS
        .iter()
        .map(|f| gallery.join(format!("{f}.ksy")))
        .collect();
    let mut compiler = zerowire_ksy::Compiler::new();
    compiler.include(&gallery);
    if let Err(e) = compiler.compile_to_out_dir(&schemas) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    let modules = oracle.join("node/node_modules");
    assert!(
        modules.join("kaitai-struct-compiler").is_dir(),
        "Kaitai's compiler is not in {} (run ksy/oracle/install.sh)",
        modules.display()
    );
    let kaitai_out = out.join("kaitai");
    for schema in &schemas {
        let status = Command::new("node")
            .arg(root.join("ksy/oracle/compile.js"))
            .arg(schema)
            .arg(&kaitai_out)
            .arg(&gallery)
            .env("ZEROWIRE_ORACLE_NODE_MODULES", &modules)
            .env("ZEROWIRE_ORACLE_LANG", "rust")
            .status()
            .expect("node runs");
        assert!(
            status.success(),
            "Kaitai's compiler rejects {}",
            schema.display()
        );
        let id = schema.file_stem().expect("a schema name").to_string_lossy();
        strip_inner_attributes(&kaitai_out.join(format!("{id}.rs")));
    }
    println!(
        "cargo:rerun-if-changed={}",
        root.join("ksy/oracle/compile.js").display()
    );
}

/// The generated file's `#![allow(..)]` lines, which `include!` in a module
/// does not take (the module allows the same).
fn strip_inner_attributes(file: &Path) {
    let text = std::fs::read_to_string(file).expect("Kaitai's generated Rust");
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("#![")).collect();
    std::fs::write(file, kept.join("\n")).expect("Kaitai's generated Rust");
}
