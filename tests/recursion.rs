//! Recursive types: a depth limit instead of a stack overflow.

use zerowire::{Codec, Decode, ErrorKind, List, ListU16, Reader};

/// A chain: a tag, then (when the tag is 1) another node.
#[derive(Decode, Debug, PartialEq)]
struct Chain {
    more: u8,
    #[when(more == 1)]
    next: Option<Box<Chain>>,
}

/// A tree whose children are a u16-prefixed list of trees.
#[derive(Decode, Debug)]
struct Tree<'a> {
    value: u8,
    children: ListU16<'a, Tree<'a>>,
}

/// A tree whose children fill a sized window.
#[derive(Decode, Debug)]
struct Windowed<'a> {
    len: u8,
    #[size(len)]
    children: List<'a, Windowed<'a>>,
}

fn chain_bytes(depth: usize) -> Vec<u8> {
    let mut bytes = vec![1; depth];
    bytes.push(0);
    bytes
}

#[test]
fn a_chain_within_the_limit_decodes_and_round_trips() {
    let bytes = chain_bytes(100);
    let chain = Chain::decode(&bytes).unwrap();
    let mut depth = 0;
    let mut node = &chain;
    while let Some(next) = &node.next {
        depth += 1;
        node = next;
    }
    assert_eq!(depth, 100);
    assert_eq!(chain.to_vec().unwrap(), bytes);
}

#[test]
fn a_chain_past_the_limit_is_too_deep_not_a_stack_overflow() {
    let bytes = chain_bytes(100_000);
    let e = Chain::decode(&bytes).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH
        }
    );
    // The outermost node and 128 boxed ones each read their byte; the 129th
    // box fails where its node would start.
    assert_eq!(e.offset(), Reader::MAX_DEPTH as usize + 1);
    assert_eq!(e.path().root(), "Chain");
    assert!(
        e.to_string().starts_with("Chain.…") || e.to_string().starts_with("Chain.next"),
        "{e}"
    );
    assert!(
        e.to_string()
            .ends_with("nesting deeper than 128 levels at offset 129"),
        "{e}"
    );
}

#[test]
fn the_limit_is_exact() {
    // MAX_DEPTH boxes decode; one more does not.
    let limit = Reader::MAX_DEPTH as usize;
    assert!(Chain::decode(&chain_bytes(limit)).is_ok());
    let e = Chain::decode(&chain_bytes(limit + 1)).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH
        }
    );
}

/// `depth` nested trees, each with one child but the innermost.
fn tree_bytes(depth: usize) -> Vec<u8> {
    let mut bytes = vec![7, 0, 0];
    for _ in 1..depth {
        let len = u16::try_from(bytes.len()).unwrap();
        let mut outer = vec![7];
        outer.extend_from_slice(&len.to_be_bytes());
        outer.extend_from_slice(&bytes);
        bytes = outer;
    }
    bytes
}

#[test]
fn a_list_of_itself_is_limited_too() {
    let ok = tree_bytes(50);
    let tree = Tree::decode(&ok).unwrap();
    let mut depth = 1;
    let mut children = tree.children;
    while let Some(child) = children.iter().next() {
        depth += 1;
        children = child.children;
    }
    assert_eq!(depth, 50);

    // Thousands of levels fit a u16 prefix (3 bytes a level).
    let deep = tree_bytes(5_000);
    let e = Tree::decode(&deep).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH
        }
    );
}

#[test]
fn a_window_does_not_reset_the_depth() {
    // Level k is its length k-1 and the k-1 bytes of the level inside it:
    // [n-1, n-2, ..., 1, 0] nests n windows.
    fn windowed(levels: u8) -> Vec<u8> {
        (0..levels).rev().collect()
    }
    let bytes = windowed(100);
    let ok = Windowed::decode(&bytes).unwrap();
    assert_eq!(ok.len, 99);
    assert_eq!(ok.children.len(), 1);
    let e = Windowed::decode(&windowed(200)).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TooDeep {
            limit: Reader::MAX_DEPTH
        },
        "{e}"
    );
}
