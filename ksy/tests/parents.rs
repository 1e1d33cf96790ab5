//! `parent:` on an attribute: `false` (read with no parent) and `_parent`
//! (read inside the holder's parent). They need nothing beside the checkout.

use std::path::Path;

use zerowire_ksy::Compiler;

const MEDIATOR: &str = "\
meta:
  id: outer
seq:
  - id: child_size
    type: u1
  - id: mediator
    type: mediator
types:
  mediator:
    seq:
      - id: child
        type: child
        parent: _parent
  child:
    seq:
      - id: data
        size: _parent.child_size
";

#[test]
fn parent_parent_reads_the_holders_parent() {
    let out = Compiler::new()
        .compile_source(Path::new("outer.ksy"), MEDIATOR)
        .unwrap();
    // The child's parent is the mediator's (the root), and the mediator
    // passes its own on.
    assert!(out.rust.contains("#[in_parent]"), "{}", out.rust);
    assert!(
        out.rust
            .contains("#[zerowire(parent = Outer<'a>)]\npub struct Child<'a>"),
        "{}",
        out.rust
    );
}

#[test]
fn parent_parent_in_a_root_type_is_a_located_diagnostic() {
    let source = "meta:\n  id: alone\nseq:\n  - id: child\n    type: child\n    parent: _parent\ntypes:\n  child:\n    seq:\n      - id: x\n        type: u1\n";
    let e = Compiler::new()
        .compile_source(Path::new("alone.ksy"), source)
        .unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(d.message().contains("has no parent"), "{}", d.message());
    assert_eq!(d.line_column(), Some((6, 13)));
}
