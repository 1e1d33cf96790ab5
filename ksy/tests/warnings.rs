//! The style guide's warnings, as Kaitai's compiler gives them: the schema
//! compiles, each warning names its file, line and column, and
//! `deny_warnings` makes them errors.

use std::path::Path;

use zerowire_ksy::Compiler;

const SCHEMA: &str = "\
meta:
  id: warned
  encoding: utf-8
seq:
  - id: size_of_foo
    type: u1
  - id: foo
    size: size_of_foo
  - id: count
    type: u1
  - id: items
    type: u1
    repeat: expr
    repeat-expr: count
  - id: len_name
    type: u1
  - id: name
    type: str
    size: len_name
    encoding: latin1
";

#[test]
fn warnings_point_at_the_schema_and_the_schema_still_compiles() {
    let out = Compiler::new()
        .compile_source(Path::new("warned.ksy"), SCHEMA)
        .expect("a schema with style warnings compiles");
    let found: Vec<(String, (usize, usize))> = out
        .warnings
        .iter()
        .map(|w| {
            assert!(w.is_warning());
            (w.message().to_owned(), w.line_column().unwrap())
        })
        .collect();
    let expect = [
        ("use canonical encoding name `UTF-8` instead of `utf-8`", (3, 13)),
        ("use canonical encoding name `ISO-8859-1` instead of `latin1`", (20, 15)),
        ("use `len_foo` instead of `size_of_foo`, given that it's only used as a byte size of `foo`", (5, 9)),
        ("use `num_items` instead of `count`, given that it's only used as repeat count of `items`", (9, 9)),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (message, at) in expect {
        assert!(
            found
                .iter()
                .any(|(m, a)| m.starts_with(message) && *a == at),
            "{message} at {at:?} in {found:#?}"
        );
    }
    // `len_name` is the expected name: no warning for it.
    assert!(!found.iter().any(|(m, _)| m.contains("len_name")));
    assert!(out.warnings[0].render().starts_with("warning: "));
}

#[test]
fn deny_warnings_makes_them_errors() {
    let e = Compiler::new()
        .deny_warnings(true)
        .compile_source(Path::new("warned.ksy"), SCHEMA)
        .unwrap_err();
    assert_eq!(e.diagnostics().len(), 4);
    assert!(e.diagnostics().iter().all(|d| d.line_column().is_some()));
}

#[test]
fn an_unknown_encoding_name_is_a_warning_until_text_uses_it() {
    let unused = "meta:\n  id: x\n  encoding: foo\nseq:\n  - id: a\n    type: u1\n";
    let out = Compiler::new()
        .compile_source(Path::new("x.ksy"), unused)
        .unwrap();
    assert_eq!(
        out.warnings[0].message(),
        "unrecognized encoding name 'foo'"
    );
    let used = "meta:\n  id: x\n  encoding: foo\nseq:\n  - id: a\n    type: strz\n";
    let e = Compiler::new()
        .compile_source(Path::new("x.ksy"), used)
        .unwrap_err();
    assert!(!e.diagnostics()[0].is_warning());
}
