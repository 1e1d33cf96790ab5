//! Hostile schemas: each is a diagnostic (with file, line and column) or a
//! result, never a stack overflow or a hang. They need nothing beside the checkout.

use std::path::{Path, PathBuf};
use std::time::Duration;

use zerowire_ksy::Compiler;

/// A fresh folder for schema files of one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zerowire-ksy-hostile-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Compiles on a thread with a 2 MiB stack (a test thread's; a build script
/// has 8), which an unbounded recursion would overflow; a hang would show as
/// the timeout.
fn compile(path: &Path, source: &str) -> Result<String, zerowire_ksy::Error> {
    let (path, source) = (path.to_path_buf(), source.to_owned());
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let _ = send.send(
                Compiler::new()
                    .compile_source(&path, &source)
                    .map(|o| o.rust),
            );
        })
        .expect("a thread");
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the compiler answers")
}

#[test]
fn a_type_that_always_contains_itself_is_a_diagnostic_at_the_attribute() {
    let source =
        "meta:\n  id: selfref\nseq:\n  - id: tag\n    type: u1\n  - id: next\n    type: selfref\n";
    let e = compile(Path::new("selfref.ksy"), source).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(
        d.message().contains("always contains itself"),
        "{}",
        d.message()
    );
    assert_eq!(d.line_column(), Some((6, 5)));
    assert_eq!(d.path(), Some(Path::new("selfref.ksy")));

    // Through another type, too.
    let source = "meta:\n  id: loop\nseq:\n  - id: a\n    type: other\ntypes:\n  other:\n    seq:\n      - id: back\n        type: loop\n";
    let e = compile(Path::new("loop.ksy"), source).unwrap_err();
    assert!(e.diagnostics()[0].message().contains("contains itself"));

    // With `if`, the recursion ends: a recursive list compiles (with a `Box`).
    let source = "meta:\n  id: chain\nseq:\n  - id: more\n    type: u1\n  - id: next\n    type: chain\n    if: more != 0\n";
    let rust = compile(Path::new("chain.ksy"), source).unwrap();
    assert!(rust.contains("Option<Box<Chain>>"), "{rust}");
}

#[test]
fn an_import_cycle_reads_each_file_once() {
    let dir = folder("cycle");
    let a = "meta:\n  id: a\n  imports:\n    - b\nseq:\n  - id: x\n    type: b\n";
    let b = "meta:\n  id: b\n  imports:\n    - a\nseq:\n  - id: y\n    type: u1\n";
    std::fs::write(dir.join("a.ksy"), a).unwrap();
    std::fs::write(dir.join("b.ksy"), b).unwrap();
    let out = Compiler::new().compile(dir.join("a.ksy")).unwrap();
    assert_eq!(out.files.len(), 2);
    assert!(out.rust.contains("pub struct B"));
    // A file that imports itself, too.
    std::fs::write(
        dir.join("me.ksy"),
        "meta:\n  id: me\n  imports:\n    - me\nseq:\n  - id: x\n    type: u1\n",
    )
    .unwrap();
    assert_eq!(
        Compiler::new()
            .compile(dir.join("me.ksy"))
            .unwrap()
            .files
            .len(),
        1
    );
}

#[test]
fn a_ten_thousand_deep_expression_is_a_diagnostic() {
    let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
    let source = format!("meta:\n  id: deep\nseq:\n  - id: x\n    size: '{deep}'\n");
    let e = compile(Path::new("deep.ksy"), &source).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(d.message().contains("nests deeper"), "{}", d.message());
    assert_eq!(d.line_column().map(|(line, _)| line), Some(5));

    // A long chain of operators makes as deep a tree: bounded too, while a
    // chain of ordinary length compiles.
    let long = vec!["1"; 10_000].join(" + ");
    let source = format!("meta:\n  id: long\nseq:\n  - id: x\n    size: '{long}'\n");
    let e = compile(Path::new("long.ksy"), &source).unwrap_err();
    assert!(e.diagnostics()[0].message().contains("nests deeper"));
    let fine = vec!["1"; 40].join(" + ");
    let source = format!("meta:\n  id: fine\nseq:\n  - id: x\n    size: '{fine}'\n");
    assert!(compile(Path::new("fine.ksy"), &source).is_ok());
    let calls = "a".to_owned() + &".to_s".repeat(10_000);
    let source = format!("meta:\n  id: calls\ninstances:\n  x:\n    value: '{calls}'\n");
    assert!(compile(Path::new("calls.ksy"), &source).is_err());

    // So is deeply nested YAML.
    let yaml = format!(
        "meta:\n  id: nested\ndoc: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = compile(Path::new("nested.ksy"), &yaml).unwrap_err();
    assert!(e.diagnostics()[0].line_column().is_some());
}

#[test]
fn a_struct_parameter_is_the_struct_its_callers_pass_or_a_diagnostic() {
    // Every caller passes a `block`: the parameter is a `Block`, copied.
    let one = "meta:\n  id: p\nseq:\n  - id: first\n    type: block\n  - id: one\n    type: takes(first)\ntypes:\n  block:\n    seq:\n      - id: len\n        type: u1\n  takes:\n    params:\n      - id: b\n        type: struct\n    seq:\n      - id: buf\n        size: b.len\n";
    let rust = compile(Path::new("p.ksy"), one).unwrap();
    assert!(rust.contains("args(b: Block)"), "{rust}");
    assert!(
        rust.contains("#[derive(zerowire::Decode, Debug, Clone)]\npub struct Block"),
        "{rust}"
    );
    assert!(rust.contains("#[args(b = (first).clone())]"), "{rust}");

    // Callers that pass different structs leave it unresolved, where it is read.
    let two = one.replace(
        "  - id: one\n    type: takes(first)\n",
        "  - id: one\n    type: takes(first)\n  - id: two\n    type: takes(one)\n",
    );
    let e = compile(Path::new("p.ksy"), &two).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(
        d.message().contains("a parameter of type `struct`"),
        "{}",
        d.message()
    );
    assert_eq!(d.line_column(), Some((18, 15)));

    // A struct of processed bytes cannot be copied.
    let processed = one.replace(
        "      - id: len\n        type: u1\n",
        "      - id: len\n        type: u1\n      - id: data\n        size: 2\n        process: zlib\n        type: block2\n  block2:\n    seq:\n      - id: x\n        type: u1\n",
    );
    let e = compile(Path::new("p.ksy"), &processed).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(d.message().contains("processed bytes"), "{}", d.message());
    assert_eq!(d.line_column(), Some((13, 9)));
}

#[test]
fn a_parameter_of_an_unknown_type_is_named() {
    let source = "meta:\n  id: q\nparams:\n  - id: x\n    type: nowhere[]\n";
    let e = compile(Path::new("q.ksy"), source).unwrap_err();
    let d = &e.diagnostics()[0];
    assert_eq!(d.message(), "unknown type `nowhere`");
    assert_eq!(d.line_column(), Some((5, 11)));
}

#[test]
fn an_error_in_a_block_scalar_expression_points_at_its_line_and_column() {
    let source = "meta:\n  id: block\nseq:\n  - id: a\n    type: u1\ninstances:\n  v:\n    value: |\n      a +\n        (a $ 2)\n";
    let e = compile(Path::new("block.ksy"), source).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(
        d.message().contains("unexpected character `$`"),
        "{}",
        d.message()
    );
    assert_eq!(d.line_column(), Some((10, 12)));
    // The first line of the block counts too (`>` folds; the place is the same).
    let source = "meta:
  id: block
seq:
  - id: a
    type: u1
instances:
  v:
    value: >-
      a $
      + 2
";
    let e = compile(Path::new("block.ksy"), source).unwrap_err();
    assert_eq!(e.diagnostics()[0].line_column(), Some((9, 9)));
}

#[test]
fn a_diagnostic_inside_an_imported_value_is_placed_where_it_is_read() {
    let dir = folder("imported-value");
    std::fs::write(
        dir.join("b.ksy"),
        "meta:\n  id: b\nseq:\n  - id: x\n    type: u1\ninstances:\n  v:\n    value: 'x == 1 ? [1, 2].as<bytes> : 2'\n",
    )
    .unwrap();
    let a = "meta:\n  id: a\n  imports:\n    - b\nseq:\n  - id: inner\n    type: b\n  - id: data\n    size: inner.v\n";
    let e = compile(&dir.join("a.ksy"), a).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(
        d.message().contains("(in a value of `b`)"),
        "{}",
        d.message()
    );
    assert_eq!(d.path(), Some(dir.join("a.ksy").as_path()));
    assert_eq!(d.line_column(), Some((9, 11)));
}
