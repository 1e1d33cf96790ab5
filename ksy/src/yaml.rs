//! YAML into a tree that keeps each node's byte range in the source, so that
//! every later diagnostic can point at the line and column the schema wrote.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diag::Diagnostic;

/// How deep mappings and sequences may nest before the schema is refused.
const MAX_DEPTH: usize = 256;

/// One YAML node with its byte range in the source.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) span: Range<usize>,
    /// A block scalar (`|`, `>`) as written, from its first line of content:
    /// where it starts and the text, whose offsets are the source's (its
    /// value drops the indentation, so its offsets drift line by line).
    pub(crate) block: Option<(usize, String)>,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// A scalar's text; `quoted` when it was written in quotes (never a number or a boolean).
    Scalar {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    /// Entries in source order; keys are scalars.
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// What the node is, for messages ("expected a mapping, found a sequence").
    pub(crate) fn what(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } => "a scalar",
            Kind::Seq(_) => "a sequence",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// The path of the innermost node at byte `offset`, as Kaitai's compiler
/// names places in a schema: `/seq/0/size`, `/meta/encoding`.
pub(crate) fn path_at(root: &Node, offset: usize) -> String {
    // A node holds the offset just past its end too: an expression's
    // "found the end" points there.
    let at = |n: &Node| n.span.contains(&offset) || n.span.end == offset;
    let mut path = String::new();
    let mut node = root;
    loop {
        let next = match &node.kind {
            Kind::Map(entries) => entries.iter().find_map(|(k, v)| {
                let name = k.as_str().unwrap_or("?");
                if k.span.contains(&offset) {
                    Some((name.to_owned(), None))
                } else {
                    at(v).then(|| (name.to_owned(), Some(v)))
                }
            }),
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .find(|(_, v)| at(v))
                .map(|(i, v)| (i.to_string(), Some(v))),
            Kind::Scalar { .. } => None,
        };
        match next {
            Some((name, inner)) => {
                path.push('/');
                path.push_str(&name);
                match inner {
                    Some(inner) => node = inner,
                    None => return path,
                }
            }
            None => return path,
        }
    }
}

/// Parses one YAML document.
pub(crate) fn parse(source: &str) -> Result<Node, Diagnostic> {
    let offsets = CharOffsets::new(source);
    let mut events = Vec::new();
    for event in Parser::new_from_str(source) {
        match event {
            Ok((event, span)) => {
                let range = offsets.byte(span.start.index())..offsets.byte(span.end.index());
                events.push((event, range));
            }
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                return Err(Diagnostic::new(
                    format!("invalid YAML: {}", e.info()),
                    at..at,
                ));
            }
        }
    }
    let mut builder = Builder {
        events: events.into_iter(),
        depth: 0,
        source,
    };
    loop {
        match builder.events.next() {
            Some((Event::StreamStart | Event::DocumentStart(_), _)) => continue,
            Some((event, span)) => return builder.node(event, span),
            None => return Err(Diagnostic::new("the schema is empty", 0..0)),
        }
    }
}

struct Builder<'s> {
    events: std::vec::IntoIter<(Event<'s>, Range<usize>)>,
    depth: usize,
    source: &'s str,
}

impl<'s> Builder<'s> {
    fn node(&mut self, event: Event<'s>, span: Range<usize>) -> Result<Node, Diagnostic> {
        match event {
            Event::Scalar(text, style, _, _) => {
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    .then(|| {
                        let written = self.source.get(span.clone())?;
                        // After the header (`|`, `>-`, ...), where the span has it.
                        let first = if written.trim_start().starts_with(['|', '>']) {
                            written.find('\n')? + 1
                        } else {
                            0
                        };
                        Some((span.start + first, written[first..].to_owned()))
                    })
                    .flatten();
                Ok(Node {
                    kind: Kind::Scalar {
                        text: text.into_owned(),
                        quoted: style != ScalarStyle::Plain,
                    },
                    span,
                    block,
                })
            }
            Event::SequenceStart(..) => {
                self.enter(&span)?;
                let mut items = Vec::new();
                let end = loop {
                    match self.next(&span)? {
                        (Event::SequenceEnd, end) => break end,
                        (event, at) => items.push(self.node(event, at)?),
                    }
                };
                self.depth -= 1;
                Ok(Node {
                    kind: Kind::Seq(items),
                    span: span.start..end.end.max(span.end),
                    block: None,
                })
            }
            Event::MappingStart(..) => {
                self.enter(&span)?;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let end = loop {
                    match self.next(&span)? {
                        (Event::MappingEnd, end) => break end,
                        (event, at) => {
                            let key = self.node(event, at)?;
                            if key.as_str().is_none() {
                                return Err(Diagnostic::new(
                                    format!("a mapping key must be a scalar, found {}", key.what()),
                                    key.span,
                                ));
                            }
                            if let Some((first, _)) =
                                entries.iter().find(|(k, _)| k.as_str() == key.as_str())
                            {
                                return Err(Diagnostic::new(
                                    format!("duplicate key `{}`", key.as_str().unwrap_or_default()),
                                    key.span,
                                )
                                .with_note(first.span.clone(), "first given here"));
                            }
                            let (event, at) = self.next(&span)?;
                            let value = self.node(event, at)?;
                            entries.push((key, value));
                        }
                    }
                };
                self.depth -= 1;
                Ok(Node {
                    kind: Kind::Map(entries),
                    span: span.start..end.end.max(span.end),
                    block: None,
                })
            }
            Event::Alias(_) => Err(Diagnostic::new(
                "YAML aliases are not supported in a schema; write the value out",
                span,
            )),
            _ => Err(Diagnostic::new("unexpected YAML structure", span)),
        }
    }

    fn enter(&mut self, span: &Range<usize>) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::new(
                format!("the schema nests deeper than {MAX_DEPTH} levels"),
                span.clone(),
            ));
        }
        Ok(())
    }

    fn next(&mut self, open: &Range<usize>) -> Result<(Event<'s>, Range<usize>), Diagnostic> {
        self.events
            .next()
            .ok_or_else(|| Diagnostic::new("unterminated YAML collection", open.clone()))
    }
}

/// Character index (as the YAML parser counts) to byte offset.
struct CharOffsets {
    /// Byte offset of each character, plus the end; empty when the source is ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(source: &str) -> Self {
        let bytes = if source.is_ascii() {
            Vec::new()
        } else {
            source
                .char_indices()
                .map(|(i, _)| i)
                .chain([source.len()])
                .collect()
        };
        CharOffsets {
            bytes,
            len: source.len(),
        }
    }

    fn byte(&self, index: usize) -> usize {
        if self.bytes.is_empty() {
            index.min(self.len)
        } else {
            self.bytes.get(index).copied().unwrap_or(self.len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_the_scalar() {
        let src = "meta:\n  id: toy\nseq:\n  - id: a\n    type: u1\n";
        let root = parse(src).unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(map[0].0.as_str(), Some("meta"));
        let id = &map[0].1.as_map().unwrap()[0].1;
        assert_eq!(&src[id.span.clone()], "toy");
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let src = "a: 1\na: 2\n";
        let err = parse(src).unwrap_err();
        assert!(err.message.contains("duplicate key `a`"), "{}", err.message);
        assert_eq!(err.span, 5..6);
    }

    #[test]
    fn quoted_scalars_are_marked() {
        let root = parse("a: '\"x\"'\nb: 0x10\n").unwrap();
        let map = root.as_map().unwrap();
        assert!(matches!(&map[0].1.kind, Kind::Scalar { text, quoted: true } if text == "\"x\""));
        assert!(matches!(&map[1].1.kind, Kind::Scalar { text, quoted: false } if text == "0x10"));
    }

    #[test]
    fn deep_nesting_is_a_diagnostic() {
        let src = "[".repeat(1000) + &"]".repeat(1000);
        let err = parse(&src).unwrap_err();
        // The YAML parser has a limit of its own; either is a diagnostic, not a stack overflow.
        assert!(
            err.message.contains("nests deeper") || err.message.contains("recursion limit"),
            "{}",
            err.message
        );
        let src = "[".repeat(300) + &"]".repeat(300);
        assert!(parse(&src).is_err());
    }

    #[test]
    fn non_ascii_sources_keep_byte_offsets() {
        let src = "doc: \"é\"\nid: x\n";
        let root = parse(src).unwrap();
        let id = &root.as_map().unwrap()[1].1;
        assert_eq!(&src[id.span.clone()], "x");
    }
}
