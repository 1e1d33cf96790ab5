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
