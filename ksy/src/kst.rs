//! Kaitai Struct's language-neutral test specs (`.kst`) as Rust tests.
//!
//! A spec names a schema (`id`), an input file (`data`), and either asserts
//! (each an `actual` expression over the parsed root and its `expected`
//! value, both in Kaitai's expression language) or an `exception` the parse
//! must raise. Both expressions go through the same translator as the
//! schema's own expressions, so there is one path from Kaitai to Rust.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::schema::Spanned;
use crate::translate::{Mode, Scope};
use crate::yaml::{self, Kind, Node};
use crate::{expr, Compiler};

/// A spec compiled to Rust: the schema's types and one `#[test]` over them.
#[derive(Debug, Clone)]
pub struct SpecTest {
    /// The spec's `id` (the schema's name).
    pub id: String,
    /// The input file the test reads, as the spec names it.
    pub data: String,
    /// The schema's types followed by `mod tests` with the test `spec`,
    /// which reads the input from `DATA_DIR` joined with `data`.
    pub rust: String,
}

/// What the parse must do.
enum Expect {
    Asserts(Vec<Assert>),
    /// The Kaitai exception's name, such as `EndOfStreamError` or `ValidationNotEqualError<u1>`.
    Exception(String),
}

/// One assert of a spec.
enum Assert {
    /// `actual` equals `expected`.
    Equals(Spanned<String>, Spanned<String>),
    /// Reading `actual` raises the exception.
    Raises(Spanned<String>, String),
}

/// The zerowire error kinds that stand for a Kaitai exception.
fn error_kinds(exception: &str) -> Option<&'static str> {
    let base = exception.split('<').next().unwrap_or(exception);
    Some(match base {
        "EndOfStreamError" => {
            "zerowire::ErrorKind::Needed { .. } | zerowire::ErrorKind::NoTerminator { .. }"
        }
        "ValidationNotEqualError" => {
            "zerowire::ErrorKind::Invalid { .. } | zerowire::ErrorKind::BadMagic { .. }"
        }
        "ValidationLessThanError"
        | "ValidationGreaterThanError"
        | "ValidationNotAnyOfError"
        | "ValidationExprError"
        | "ValidationNotInEnumError" => "zerowire::ErrorKind::Invalid { .. }",
        "UndecidedEndiannessError" => "zerowire::ErrorKind::UndecidedEndian",
        // What Python's runtime raises besides (the differential harness's
        // oracle): text that does not decode, a size that is negative, and
        // zlib's `error` for data that does not decompress.
        "UnicodeDecodeError" => {
            "zerowire::ErrorKind::Utf8 { .. } | zerowire::ErrorKind::BadText { .. }"
        }
        "InvalidArgumentError" => {
            "zerowire::ErrorKind::NegativeLength { .. } | zerowire::ErrorKind::Overflow { .. }"
        }
        "error" => "zerowire::ErrorKind::BadProcess { .. }",
        _ => return None,
    })
}

/// An assert of a spec that [`Compiler::compile_checks`] left out: its
/// `actual` expression and why it could not be compiled.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The assert's `actual` expression.
    pub actual: String,
    /// The compiler's diagnostic (an unsupported feature, for one).
    pub reason: String,
}

impl Compiler {
    /// Compiles the spec at `kst` with its schema `formats/<id>.ksy` into a
    /// test module; `data_dir` is where the test reads `data` from.
    pub fn compile_spec(
        &self,
        kst: &Path,
        formats: &Path,
        data_dir: &Path,
    ) -> Result<SpecTest, Error> {
        self.spec_test(kst, formats, data_dir, None)
    }

    /// [`Compiler::compile_spec`] of a spec written from another parser's
    /// reading (the differential harness's): an assert that cannot be
    /// compiled is left out and listed, rather than failing the spec.
    pub fn compile_checks(
        &self,
        kst: &Path,
        formats: &Path,
        data_dir: &Path,
    ) -> Result<(SpecTest, Vec<Skipped>), Error> {
        let mut skipped = Vec::new();
        let test = self.spec_test(kst, formats, data_dir, Some(&mut skipped))?;
        Ok((test, skipped))
    }

    fn spec_test(
        &self,
        kst: &Path,
        formats: &Path,
        data_dir: &Path,
        mut lenient: Option<&mut Vec<Skipped>>,
    ) -> Result<SpecTest, Error> {
        let text = std::fs::read_to_string(kst).map_err(|e| {
            Error::from(Diagnostic::new(
                format!("cannot read `{}`: {e}", kst.display()),
                0..0,
            ))
        })?;
        let located = |d: Diagnostic| Error::from(d.in_file(kst, &text));
        let node = yaml::parse(&text).map_err(located)?;
        let map = node
            .as_map()
            .ok_or_else(|| located(Diagnostic::new("a spec is a mapping", node.span.clone())))?;
        let get = |k: &str| {
            map.iter()
                .find(|(key, _)| key.as_str() == Some(k))
                .map(|(_, v)| v)
        };
        let scalar = |k: &str| -> Result<String, Error> {
            get(k)
                .and_then(Node::as_str)
                .map(str::to_owned)
                .ok_or_else(|| {
                    located(Diagnostic::new(
                        format!("a spec needs `{k}`"),
                        node.span.clone(),
                    ))
                })
        };
        let id = scalar("id")?;
        // A spec whose exception is commented out reads what Kaitai's debug mode
        // keeps of a parse that failed.
        if get("asserts").is_some()
            && text
                .lines()
                .any(|l| l.trim_start().starts_with("# exception:"))
        {
            return Err(located(Diagnostic::unsupported(
                "a partial parse (Kaitai's debug mode)",
                node.span.clone(),
            )));
        }
        let data = scalar("data")?;
        // Where another parser's exception stood (the differential harness's).
        let exception_path = get("exception-path")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let expect = match get("exception") {
            Some(e) => Expect::Exception(match &e.kind {
                Kind::Scalar { text, .. } => text.clone(),
                Kind::Map(m) => m
                    .iter()
                    .find(|(k, _)| k.as_str() == Some("type"))
                    .and_then(|(_, v)| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                Kind::Seq(_) => String::new(),
            }),
            None => {
                let mut asserts = Vec::new();
                if let Some(Node {
                    kind: Kind::Seq(items),
                    ..
                }) = get("asserts")
                {
                    for a in items {
                        let m = a.as_map().unwrap_or_default();
                        let field = |k: &str| {
                            m.iter()
                                .find(|(key, _)| key.as_str() == Some(k))
                                .map(|(_, v)| expr_src(v))
                                .ok_or_else(|| {
                                    located(Diagnostic::new(
                                        format!("an assert needs `{k}`"),
                                        a.span.clone(),
                                    ))
                                })
                        };
                        let raises = m
                            .iter()
                            .find(|(k, _)| k.as_str() == Some("exception"))
                            .and_then(|(_, v)| v.as_str());
                        asserts.push(match raises {
                            Some(name) => Assert::Raises(field("actual")?, name.to_owned()),
                            None => Assert::Equals(field("actual")?, field("expected")?),
                        });
                    }
                }
                Expect::Asserts(asserts)
            }
        };
        let schema: PathBuf = formats.join(format!("{id}.ksy"));
        let source = std::fs::read_to_string(&schema).map_err(|e| {
            Error::from(Diagnostic::new(
                format!("cannot read `{}`: {e}", schema.display()),
                0..0,
            ))
        })?;
        let mut spec_error = None;
        let (out, body) = self.with_model(&schema, &source, |m| {
            let root = m.roots[0];
            if !m.types[root].spec.params.is_empty() {
                return Err((0, Diagnostic::unsupported("a root type with parameters", m.types[root].spec.name.span.clone())));
            }
            let mut body = String::new();
            match &expect {
                Expect::Exception(name) => {
                    let Some(kinds) = error_kinds(name) else {
                        return Err((0, Diagnostic::unsupported(&format!("the exception `{name}`"), 0..0)));
                    };
                    body.push_str(&format!(
                        "let err = <super::{} as zerowire::Codec>::decode_prefix(&data).map(drop).expect_err(\"the parse raises {name}\");\n\
                         assert!(matches!(err.kind(), {kinds}), \"{name} expected, got {{err}}\");\n",
                        m.types[root].rust
                    ));
                    // At the attribute the other parser stood at (its Kaitai
                    // path): the error's path without its type and variant names.
                    if let Some(at) = &exception_path {
                        body.push_str(&format!(
                            "let path = err.path().to_string();\n\
                             // A deep path keeps its innermost part, after `…`.\n\
                             let (deep, path) = path.rsplit_once('…').map_or((false, path.as_str()), |(_, p)| (true, p));\n\
                             let fields: Vec<&str> = path.split('.').filter(|c| c.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')).collect();\n\
                             let fields = fields.join(\".\");\n\
                             let expected = {at:?};\n\
                             assert!(if deep {{ expected.ends_with(&fields) }} else {{ expected == fields }}, \"the failing attribute: {{fields}}, where the official parser fails at {{expected}} ({{err}})\");\n"
                        ));
                    }
                }
                Expect::Asserts(asserts) => {
                    body.push_str(&format!(
                        "let (r, _) = <super::{} as zerowire::Codec>::decode_prefix(&data).expect(\"the input decodes\");\n",
                        m.types[root].rust
                    ));
                    for assert in asserts {
                        let mut scope = Scope { m, ty: root, mode: Mode::Test, item: None, index: false, io: false, captured_io: None, root_arg: false, through_bundle: false, inlining: Vec::new(), absent: false };
                        let stmt = match assert {
                            Assert::Equals(actual, expected) => expr::parse(actual)
                                .and_then(|a| expr::parse(expected).map(|e| (a, e)))
                                .and_then(|(a, e)| scope.assert_stmt(&a, &e, &actual.value)),
                            Assert::Raises(actual, name) => expr::parse(actual).and_then(|a| {
                                scope.raises_stmt(&a, name, error_kinds(name), &actual.value)
                            }),
                        };
                        match stmt {
                            Ok(s) => {
                                body.push_str(&s);
                                body.push('\n');
                            }
                            Err(d) if lenient.is_some() => {
                                let actual = match assert {
                                    Assert::Equals(a, _) | Assert::Raises(a, _) => a.value.clone(),
                                };
                                if let Some(list) = lenient.as_deref_mut() {
                                    list.push(Skipped { actual, reason: d.message().to_owned() });
                                }
                            }
                            Err(d) => {
                                spec_error = Some(d);
                                return Ok(String::new());
                            }
                        }
                    }
                }
            }
            Ok(body)
        })?;
        if let Some(d) = spec_error {
            return Err(d.in_file(kst, &text).into());
        }
        let rust = format!(
            "{}\n#[cfg(test)]\nmod tests {{\nuse super::*;\n#[test]\nfn spec() {{\nlet data = std::fs::read({:?}).expect(\"the input file\");\n{body}}}\n}}\n",
            out.rust,
            data_dir.join(&data)
        );
        let rust = crate::emit::format(&rust).map_err(|e| {
            Error::from(Diagnostic::new(format!("internal error: {e}"), 0..0).in_file(kst, &text))
        })?;
        Ok(SpecTest { id, data, rust })
    }
}

fn expr_src(n: &Node) -> Spanned<String> {
    // A block scalar as written, whose offsets are the spec's.
    if let Some((start, text)) = &n.block {
        return Spanned {
            span: *start..start + text.len(),
            value: text.clone(),
        };
    }
    let text = match &n.kind {
        Kind::Scalar { text, .. } => text.clone(),
        _ => String::new(),
    };
    Spanned {
        value: text,
        span: n.span.clone(),
    }
}
