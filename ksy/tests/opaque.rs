//! Opaque types (`ks-opaque-types: true`): a type the schema uses but does not
//! define is the Rust type `Compiler::opaque_type` maps it to.

use std::path::Path;

use zerowire_ksy::Compiler;

const SCHEMA: &str = "meta:\n  id: outer\n  ks-opaque-types: true\nseq:\n  - id: len\n    type: u1\n  - id: inner\n    size: len\n    type: external_thing\n";

#[test]
fn an_opaque_type_is_the_rust_type_it_is_mapped_to() {
    let out = Compiler::new()
        .opaque_type("external_thing", "crate::things::Thing<'a>")
        .compile_source(Path::new("outer.ksy"), SCHEMA)
        .unwrap();
    // A borrowing opaque type makes its holder borrow too; its window is `size`.
    assert!(out.rust.contains("pub struct Outer<'a>"), "{}", out.rust);
    assert!(
        out.rust
            .contains("#[size(len)]\n    #[skip_rest]\n    pub inner: crate::things::Thing<'a>,"),
        "{}",
        out.rust
    );
}

#[test]
fn an_opaque_type_without_a_mapping_names_the_option() {
    let e = Compiler::new()
        .compile_source(Path::new("outer.ksy"), SCHEMA)
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(
        d.message().contains("Compiler::opaque_type"),
        "{}",
        d.message()
    );
    assert_eq!(d.line_column(), Some((9, 11)));
    // Without `ks-opaque-types`, an unknown type is an error of the schema.
    let closed = SCHEMA.replace("  ks-opaque-types: true\n", "");
    let e = Compiler::new()
        .opaque_type("external_thing", "crate::things::Thing")
        .compile_source(Path::new("outer.ksy"), &closed)
        .unwrap_err();
    assert_eq!(
        e.diagnostics()[0].message(),
        "unknown type `external_thing`"
    );
}

#[test]
fn a_processed_opaque_type_is_decoded_from_the_new_buffer() {
    let schema = "meta:\n  id: outer\n  ks-opaque-types: true\nseq:\n  - id: len\n    type: u1\n  - id: inner\n    size: len\n    process: xor(0x55)\n    type: external_thing\n";
    let out = Compiler::new()
        .opaque_type("external_thing", "crate::things::Thing<'a>")
        .compile_source(Path::new("outer.ksy"), schema)
        .unwrap();
    // The bundle owns the bytes it borrows: the holder borrows nothing.
    assert!(out.rust.contains("pub struct Outer {"), "{}", out.rust);
    assert!(
        out.rust.contains(
            "#[process(xor(85))]\n    pub inner: zerowire::Owned<crate::things::Thing<'static>>,"
        ),
        "{}",
        out.rust
    );
}
