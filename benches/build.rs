//! Compiles three schemas of Kaitai's test suite with zerowire-ksy, as a
//! user's build script would, for the benchmarks of generated against
//! hand-written parsers (`src/ksy.rs`). The suite is read from `../shared`
//! beside the checkout (or `ZEROWIRE_KAITAI_SUITE`); without it, those
//! benchmarks and their tests are left out, and say so.

use std::path::PathBuf;

const SCHEMAS: [&str; 3] = ["nav_parent", "repeat_eos_struct", "switch_manual_int_size"];

fn main() {
    println!("cargo:rustc-check-cfg=cfg(ksy_suite)");
    println!("cargo:rerun-if-env-changed=ZEROWIRE_KAITAI_SUITE");
    let suite = std::env::var_os("ZEROWIRE_KAITAI_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/conformance/kaitai_struct_tests")
        });
    let formats = suite.join("formats");
    if !formats.is_dir() {
        println!(
            "cargo:warning=Kaitai's test suite is not at {}: the generated-parser benchmarks are left out",
            suite.display()
        );
        return;
    }
    let schemas = SCHEMAS.map(|name| formats.join(format!("{name}.ksy")));
    if let Err(e) = zerowire_ksy::Compiler::new().compile_to_out_dir(&schemas) {
        eprintln!("{e}");
        std::process::exit(1);
    }
    println!("cargo:rustc-cfg=ksy_suite");
}
