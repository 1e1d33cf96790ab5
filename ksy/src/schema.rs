//! The schema: a `.ksy` YAML tree read into typed structs that keep their
//! source spans. Unknown keys and ill-shaped values are diagnostics here;
//! meaning (types, expressions) is checked by later stages.

use std::ops::Range;

use crate::diag::Diagnostic;
use crate::yaml::{Kind, Node};

/// A value with the byte range of the YAML that gave it.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Range<usize>,
}

/// Source text of an expression and where it stands.
pub(crate) type ExprSrc = Spanned<String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    Big,
    Little,
}

/// `meta/endian`: fixed, or chosen at run time by `switch-on`.
#[derive(Debug, Clone)]
pub(crate) enum EndianSpec {
    Fixed(Endian),
    Switch {
        on: ExprSrc,
        cases: Vec<(ExprSrc, Endian)>,
    },
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) id: Option<Spanned<String>>,
    pub(crate) endian: Option<Spanned<EndianSpec>>,
    pub(crate) bit_endian: Option<Spanned<Endian>>,
    pub(crate) encoding: Option<Spanned<String>>,
    pub(crate) imports: Vec<Spanned<String>>,
    pub(crate) opaque_types: bool,
}

/// A type: the schema's root or an entry of `types`.
#[derive(Debug, Clone)]
pub(crate) struct TypeSpec {
    pub(crate) name: Spanned<String>,
    pub(crate) meta: Meta,
    pub(crate) doc: Option<String>,
    pub(crate) params: Vec<Param>,
    pub(crate) seq: Vec<Attr>,
    pub(crate) types: Vec<TypeSpec>,
    pub(crate) instances: Vec<Attr>,
    pub(crate) enums: Vec<EnumSpec>,
    /// `to-string`: the text that shows the value (Kaitai's `toString`).
    pub(crate) to_string: Option<ExprSrc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub(crate) id: Spanned<String>,
    pub(crate) ty: Option<Spanned<String>>,
    pub(crate) enum_: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumSpec {
    pub(crate) name: Spanned<String>,
    pub(crate) values: Vec<EnumValue>,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumValue {
    /// The value as Kaitai reads it (any integer, negative included).
    pub(crate) value: Spanned<i128>,
    pub(crate) id: Spanned<String>,
    pub(crate) doc: Option<String>,
}

/// `type:` of an attribute.
#[derive(Debug, Clone)]
pub(crate) enum TypeRef {
    /// A primitive or user type name, possibly with arguments: `u4le`, `header(3, _io)`.
    Named(Spanned<String>),
    Switch {
        on: ExprSrc,
        cases: Vec<(ExprSrc, Spanned<String>)>,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Repeat {
    Eos,
    Expr(ExprSrc),
    Until(ExprSrc),
}

#[derive(Debug, Clone)]
pub(crate) enum Valid {
    Eq(ExprSrc),
    Range {
        min: Option<ExprSrc>,
        max: Option<ExprSrc>,
    },
    AnyOf(Vec<ExprSrc>),
    Expr(ExprSrc),
    InEnum,
}

/// An attribute of `seq`, or an instance (which may add `pos`, `io` or `value`).
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub(crate) id: Spanned<String>,
    /// The attribute's own mapping, for diagnostics about the whole of it.
    pub(crate) span: Range<usize>,
    pub(crate) doc: Option<String>,
    pub(crate) ty: Option<TypeRef>,
    pub(crate) size: Option<ExprSrc>,
    pub(crate) size_eos: bool,
    pub(crate) repeat: Option<Spanned<Repeat>>,
    pub(crate) if_: Option<ExprSrc>,
    pub(crate) contents: Option<Spanned<Vec<u8>>>,
    pub(crate) terminator: Option<Spanned<u8>>,
    pub(crate) include: bool,
    pub(crate) consume: bool,
    pub(crate) eos_error: bool,
    pub(crate) pad_right: Option<Spanned<u8>>,
    pub(crate) encoding: Option<Spanned<String>>,
    pub(crate) enum_: Option<Spanned<String>>,
    pub(crate) process: Option<ExprSrc>,
    pub(crate) valid: Option<Spanned<Valid>>,
    pub(crate) pos: Option<ExprSrc>,
    pub(crate) io: Option<ExprSrc>,
    pub(crate) value: Option<ExprSrc>,
    /// `parent`: the `_parent` the attribute's type sees instead of this type.
    pub(crate) parent: Option<ExprSrc>,
}

const TYPE_KEYS: &[&str] = &[
    "meta",
    "doc",
    "doc-ref",
    "params",
    "seq",
    "types",
    "instances",
    "enums",
    "to-string",
    "-webide-representation",
];
const META_KEYS: &[&str] = &[
    "id",
    "title",
    "application",
    "file-extension",
    "xref",
    "license",
    "ks-version",
    "ks-debug",
    "ks-opaque-types",
    "imports",
    "encoding",
    "endian",
    "bit-endian",
    "tags",
];
const ATTR_KEYS: &[&str] = &[
    "id",
    "doc",
    "doc-ref",
    "type",
    "size",
    "size-eos",
    "repeat",
    "repeat-expr",
    "repeat-until",
    "if",
    "contents",
    "terminator",
    "include",
    "consume",
    "eos-error",
    "pad-right",
    "encoding",
    "enum",
    "process",
    "valid",
    "parent",
    "-orig-id",
    "-webide-parse-mode",
    "-affected-by",
];
const INSTANCE_KEYS: &[&str] = &["pos", "io", "value", "-webide-parse-mode"];
const VALUE_KEYS: &[&str] = &[
    "id",
    "doc",
    "doc-ref",
    "enum",
    "if",
    "value",
    "-webide-parse-mode",
];

/// Reads a whole schema file's root type.
pub(crate) fn read(root: &Node) -> Result<TypeSpec, Diagnostic> {
    let map = expect_map(root, "the schema")?;
    let meta_node = find(map, "meta").ok_or_else(|| {
        Diagnostic::new(
            "the schema needs `meta` with an `id`",
            root.span.start..root.span.start,
        )
    })?;
    let meta = read_meta(meta_node)?;
    let id = meta
        .id
        .clone()
        .ok_or_else(|| Diagnostic::new("`meta` needs an `id`", meta_node.span.clone()))?;
    read_type(root, id, meta)
}

fn read_type(node: &Node, name: Spanned<String>, meta: Meta) -> Result<TypeSpec, Diagnostic> {
    let map = expect_map(node, "a type")?;
    check_keys(map, TYPE_KEYS, "a type")?;
    let mut t = TypeSpec {
        name,
        meta,
        doc: find(map, "doc").map(doc).transpose()?,
        params: Vec::new(),
        seq: Vec::new(),
        types: Vec::new(),
        instances: Vec::new(),
        enums: Vec::new(),
        to_string: find(map, "to-string").map(expr).transpose()?,
    };
    if let Some(params) = find(map, "params") {
        for p in expect_seq(params, "`params`")? {
            let pm = expect_map(p, "a parameter")?;
            check_keys(pm, &["id", "type", "enum", "doc", "doc-ref"], "a parameter")?;
            t.params.push(Param {
                id: identifier(find(pm, "id").ok_or_else(|| {
                    Diagnostic::new("a parameter needs an `id`", p.span.clone())
                })?)?,
                ty: find(pm, "type").map(string).transpose()?,
                enum_: find(pm, "enum").map(string).transpose()?,
            });
        }
    }
    if let Some(seq) = find(map, "seq") {
        for (i, a) in expect_seq(seq, "`seq`")?.iter().enumerate() {
            t.seq.push(read_attr(a, None, i, false)?);
        }
    }
    if let Some(types) = find(map, "types") {
        for (k, v) in expect_map(types, "`types`")? {
            let name = identifier(k)?;
            let meta = match v.as_map().and_then(|m| find(m, "meta")) {
                Some(m) => read_meta(m)?,
                None => Meta::default(),
            };
            t.types.push(read_type(v, name, meta)?);
        }
    }
    if let Some(instances) = find(map, "instances") {
        for (i, (k, v)) in expect_map(instances, "`instances`")?.iter().enumerate() {
            t.instances
                .push(read_attr(v, Some(identifier(k)?), i, true)?);
        }
    }
    if let Some(enums) = find(map, "enums") {
        for (k, v) in expect_map(enums, "`enums`")? {
            t.enums.push(read_enum(identifier(k)?, v)?);
        }
    }
    // Parameters, attributes and instances share one namespace.
    let ids = t
        .params
        .iter()
        .map(|p| &p.id)
        .chain(t.seq.iter().map(|a| &a.id))
        .chain(t.instances.iter().map(|a| &a.id));
    let mut seen: Vec<&Spanned<String>> = Vec::new();
    for id in ids {
        if let Some(first) = seen.iter().find(|s| s.value == id.value) {
            return Err(Diagnostic::new(
                format!(
                    "`{}` is already the name of a parameter, attribute or instance of this type",
                    first.value
                ),
                id.span.clone(),
            ));
        }
        seen.push(id);
    }
    Ok(t)
}

fn read_meta(node: &Node) -> Result<Meta, Diagnostic> {
    let map = expect_map(node, "`meta`")?;
    check_keys(map, META_KEYS, "`meta`")?;
    let mut meta = Meta {
        id: find(map, "id").map(identifier).transpose()?,
        ..Meta::default()
    };
    if let Some(v) = find(map, "ks-version") {
        ks_version(v)?;
    }
    if let Some(e) = find(map, "endian") {
        let spec = match &e.kind {
            Kind::Map(m) => {
                check_keys(m, &["switch-on", "cases"], "a run-time `endian`")?;
                let on = expr(find(m, "switch-on").ok_or_else(|| {
                    Diagnostic::new("a run-time `endian` needs `switch-on`", e.span.clone())
                })?)?;
                let cases_node = find(m, "cases").ok_or_else(|| {
                    Diagnostic::new("a run-time `endian` needs `cases`", e.span.clone())
                })?;
                let mut cases = Vec::new();
                for (k, v) in expect_map(cases_node, "`cases`")? {
                    cases.push((expr(k)?, endian(v)?.value));
                }
                EndianSpec::Switch { on, cases }
            }
            _ => EndianSpec::Fixed(endian(e)?.value),
        };
        meta.endian = Some(Spanned {
            value: spec,
            span: e.span.clone(),
        });
    }
    if let Some(b) = find(map, "bit-endian") {
        meta.bit_endian = Some(endian(b)?);
    }
    meta.encoding = find(map, "encoding").map(string).transpose()?;
    meta.opaque_types = find(map, "ks-opaque-types").and_then(Node::as_str) == Some("true");
    if let Some(imports) = find(map, "imports") {
        for i in expect_seq(imports, "`imports`")? {
            meta.imports.push(string(i)?);
        }
    }
    Ok(meta)
}

/// `ks-version`: `X.Y` or `X.Y.Z`, at least 0.6 and at most this front end's
/// language (0.11, as the reference compiler it follows).
fn ks_version(node: &Node) -> Result<(), Diagnostic> {
    // Unquoted, `0.10` is YAML's float 0.1, as Kaitai reads it.
    let text = match &node.kind {
        Kind::Scalar {
            text,
            quoted: false,
        } => text
            .parse::<f64>()
            .map_or_else(|_| text.clone(), |f| f.to_string()),
        Kind::Scalar { text, .. } => text.clone(),
        _ => String::new(),
    };
    let text = text.as_str();
    let parts: Option<Vec<u32>> = text
        .split('.')
        .map(|p| {
            let leading_zero = p.len() > 1 && p.starts_with('0');
            (!leading_zero && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let version = match parts.as_deref() {
        Some(&[x, y]) => (x, y, 0),
        Some(&[x, y, z]) => (x, y, z),
        _ => {
            return Err(Diagnostic::new(
                format!("`ks-version` must be `X.Y` or `X.Y.Z` in numbers, found `{text}`"),
                node.span.clone(),
            ))
        }
    };
    if version < (0, 6, 0) {
        return Err(Diagnostic::new(
            format!("`ks-version` {text} is below 0.6, the oldest the language allows (for 0.10, quote it: '0.10')"),
            node.span.clone(),
        ));
    }
    if version > (0, 11, 0) {
        return Err(Diagnostic::new(
            format!(
                "this schema needs Kaitai Struct {text}; zerowire-ksy reads the language of 0.11"
            ),
            node.span.clone(),
        ));
    }
    Ok(())
}

fn read_enum(name: Spanned<String>, node: &Node) -> Result<EnumSpec, Diagnostic> {
    let mut values = Vec::new();
    for (k, v) in expect_map(node, "an enum")? {
        let text = k.as_str().unwrap_or_default();
        let value = parse_int(text).ok_or_else(|| {
            Diagnostic::new(
                format!("an enum key must be an integer, found `{text}`"),
                k.span.clone(),
            )
        })?;
        let (id, doc) = match &v.kind {
            Kind::Map(m) => {
                check_keys(m, &["id", "doc", "doc-ref", "-orig-id"], "an enum value")?;
                let id = find(m, "id").ok_or_else(|| {
                    Diagnostic::new("an enum value needs an `id`", v.span.clone())
                })?;
                (identifier(id)?, find(m, "doc").map(doc).transpose()?)
            }
            Kind::Scalar {
                text,
                quoted: false,
            } if text == "null" || text == "~" || text.is_empty() => return Err(Diagnostic::new(
                "an enum value needs a name (this is YAML's `null`; quote it to name it `null`)",
                v.span.clone(),
            )),
            _ => (identifier(v)?, None),
        };
        if let Some(first) = values.iter().find(|e: &&EnumValue| e.id.value == id.value) {
            return Err(Diagnostic::new(
                format!("duplicate enum value name `{}`", id.value),
                id.span,
            )
            .with_note(first.id.span.clone(), "first given here"));
        }
        values.push(EnumValue {
            value: Spanned {
                value,
                span: k.span.clone(),
            },
            id,
            doc,
        });
    }
    Ok(EnumSpec { name, values })
}

fn read_attr(
    node: &Node,
    instance_id: Option<Spanned<String>>,
    index: usize,
    instance: bool,
) -> Result<Attr, Diagnostic> {
    let map = expect_map(
        node,
        if instance {
            "an instance"
        } else {
            "an attribute"
        },
    )?;
    // A value instance is computed: it takes none of the keys that read.
    let value = instance && find(map, "value").is_some();
    let keys: Vec<&str> = if value {
        VALUE_KEYS.to_vec()
    } else if instance {
        ATTR_KEYS.iter().chain(INSTANCE_KEYS).copied().collect()
    } else {
        ATTR_KEYS.to_vec()
    };
    check_keys(
        map,
        &keys,
        if value {
            "a value instance"
        } else if instance {
            "an instance"
        } else {
            "an attribute"
        },
    )?;
    let id = match (instance_id, find(map, "id")) {
        (Some(id), _) => id,
        (None, Some(id)) => identifier(id)?,
        (None, None) => Spanned {
            value: format!("_unnamed{index}"),
            span: node.span.clone(),
        },
    };
    let flag = |key: &str, default: bool| -> Result<bool, Diagnostic> {
        match find(map, key) {
            None => Ok(default),
            Some(n) => match n.as_str() {
                Some("true") => Ok(true),
                Some("false") => Ok(false),
                _ => Err(Diagnostic::new(
                    format!("`{key}` must be `true` or `false`"),
                    n.span.clone(),
                )),
            },
        }
    };
    let repeat = match find(map, "repeat") {
        None => None,
        Some(r) => {
            let kind = match r.as_str() {
                Some("eos") => Repeat::Eos,
                Some("expr") => Repeat::Expr(expr(find(map, "repeat-expr").ok_or_else(|| {
                    Diagnostic::new("`repeat: expr` needs `repeat-expr`", r.span.clone())
                })?)?),
                Some("until") => {
                    Repeat::Until(expr(find(map, "repeat-until").ok_or_else(|| {
                        Diagnostic::new("`repeat: until` needs `repeat-until`", r.span.clone())
                    })?)?)
                }
                _ => {
                    return Err(Diagnostic::new(
                        "`repeat` must be `eos`, `expr` or `until`",
                        r.span.clone(),
                    ))
                }
            };
            Some(Spanned {
                value: kind,
                span: r.span.clone(),
            })
        }
    };
    for (key, needs) in [("repeat-expr", "expr"), ("repeat-until", "until")] {
        if let Some(n) = find(map, key) {
            if find(map, "repeat").and_then(Node::as_str) != Some(needs) {
                return Err(Diagnostic::new(
                    format!("`{key}` needs `repeat: {needs}`"),
                    n.span.clone(),
                ));
            }
        }
    }
    let ty = match find(map, "type") {
        None => None,
        Some(t) => Some(match &t.kind {
            Kind::Map(m) => {
                check_keys(m, &["switch-on", "cases", "-name"], "a `switch-on` type")?;
                let on = expr(find(m, "switch-on").ok_or_else(|| {
                    Diagnostic::new("a switch type needs `switch-on`", t.span.clone())
                })?)?;
                let mut cases = Vec::new();
                if let Some(c) = find(m, "cases") {
                    for (k, v) in expect_map(c, "`cases`")? {
                        cases.push((expr(k)?, string(v)?));
                    }
                }
                TypeRef::Switch { on, cases }
            }
            _ => TypeRef::Named(string(t)?),
        }),
    };
    Ok(Attr {
        id,
        span: node.span.clone(),
        doc: find(map, "doc").map(doc).transpose()?,
        ty,
        size: find(map, "size").map(expr).transpose()?,
        size_eos: flag("size-eos", false)?,
        repeat,
        if_: find(map, "if").map(expr).transpose()?,
        contents: find(map, "contents").map(contents).transpose()?,
        terminator: find(map, "terminator").map(byte).transpose()?,
        include: flag("include", false)?,
        consume: flag("consume", true)?,
        eos_error: flag("eos-error", true)?,
        pad_right: find(map, "pad-right").map(byte).transpose()?,
        encoding: find(map, "encoding").map(string).transpose()?,
        enum_: find(map, "enum").map(string).transpose()?,
        process: find(map, "process").map(expr).transpose()?,
        valid: find(map, "valid").map(valid).transpose()?,
        pos: find(map, "pos").map(expr).transpose()?,
        io: find(map, "io").map(expr).transpose()?,
        value: find(map, "value").map(expr).transpose()?,
        parent: find(map, "parent").map(expr).transpose()?,
    })
}

fn valid(node: &Node) -> Result<Spanned<Valid>, Diagnostic> {
    let v = match &node.kind {
        Kind::Map(m) => {
            check_keys(
                m,
                &["eq", "min", "max", "any-of", "expr", "in-enum"],
                "`valid`",
            )?;
            if let Some(eq) = find(m, "eq") {
                Valid::Eq(expr(eq)?)
            } else if let Some(any) = find(m, "any-of") {
                Valid::AnyOf(
                    expect_seq(any, "`any-of`")?
                        .iter()
                        .map(expr)
                        .collect::<Result<_, _>>()?,
                )
            } else if let Some(e) = find(m, "expr") {
                Valid::Expr(expr(e)?)
            } else if let Some(e) = find(m, "in-enum") {
                match e.as_str() {
                    Some("true") => Valid::InEnum,
                    _ => return Err(Diagnostic::new("`in-enum` must be `true`", e.span.clone())),
                }
            } else {
                let min = find(m, "min").map(expr).transpose()?;
                let max = find(m, "max").map(expr).transpose()?;
                if min.is_none() && max.is_none() {
                    return Err(Diagnostic::new(
                        "`valid` needs one of `eq`, `min`, `max`, `any-of`, `expr` or `in-enum`",
                        node.span.clone(),
                    ));
                }
                Valid::Range { min, max }
            }
        }
        Kind::Scalar { .. } => Valid::Eq(expr(node)?),
        Kind::Seq(_) => {
            return Err(Diagnostic::new(
                "`valid` takes a value or a mapping, found a sequence",
                node.span.clone(),
            ))
        }
    };
    Ok(Spanned {
        value: v,
        span: node.span.clone(),
    })
}

fn contents(node: &Node) -> Result<Spanned<Vec<u8>>, Diagnostic> {
    let mut bytes = Vec::new();
    let mut push = |n: &Node| -> Result<(), Diagnostic> {
        match &n.kind {
            Kind::Scalar { text, quoted } => match (quoted, parse_int(text)) {
                (false, Some(v)) => bytes.push(u8::try_from(v).map_err(|_| {
                    Diagnostic::new(
                        format!("a `contents` byte must be 0..=255, found {v}"),
                        n.span.clone(),
                    )
                })?),
                _ => bytes.extend_from_slice(text.as_bytes()),
            },
            _ => {
                return Err(Diagnostic::new(
                    format!("`contents` takes bytes and strings, found {}", n.what()),
                    n.span.clone(),
                ))
            }
        }
        Ok(())
    };
    match &node.kind {
        Kind::Seq(items) => items.iter().try_for_each(&mut push)?,
        _ => push(node)?,
    }
    Ok(Spanned {
        value: bytes,
        span: node.span.clone(),
    })
}

fn byte(node: &Node) -> Result<Spanned<u8>, Diagnostic> {
    let text = node.as_str().unwrap_or_default();
    match parse_int(text).map(u8::try_from) {
        Some(Ok(b)) => Ok(Spanned {
            value: b,
            span: node.span.clone(),
        }),
        _ => Err(Diagnostic::new(
            format!("expected a byte (0..=255), found `{text}`"),
            node.span.clone(),
        )),
    }
}

fn endian(node: &Node) -> Result<Spanned<Endian>, Diagnostic> {
    let value = match node.as_str() {
        Some("le") => Endian::Little,
        Some("be") => Endian::Big,
        _ => {
            return Err(Diagnostic::new(
                "the byte order must be `le` or `be`",
                node.span.clone(),
            ))
        }
    };
    Ok(Spanned {
        value,
        span: node.span.clone(),
    })
}

/// An integer as YAML and Kaitai write one: decimal, `0x`, `0o`, `0b`, with `_` separators.
pub(crate) fn parse_int(text: &str) -> Option<i128> {
    let t = text.trim().replace('_', "");
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(o) = t.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()?
    } else if let Some(b) = t.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()?
    } else if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn expr(node: &Node) -> Result<ExprSrc, Diagnostic> {
    match &node.kind {
        // A block scalar as written: its whitespace is the expression's too,
        // and its offsets point into the schema.
        Kind::Scalar { .. } if node.block.is_some() => {
            let (start, text) = node.block.clone().unwrap_or_default();
            Ok(Spanned {
                span: start..start + text.len(),
                value: text,
            })
        }
        Kind::Scalar { text, quoted } => {
            // A quoted YAML scalar is still an expression; its text starts after the quote.
            let start = node.span.start + usize::from(*quoted);
            Ok(Spanned {
                value: text.clone(),
                span: start..node.span.end.max(start),
            })
        }
        _ => Err(Diagnostic::new(
            format!("expected an expression, found {}", node.what()),
            node.span.clone(),
        )),
    }
}

fn string(node: &Node) -> Result<Spanned<String>, Diagnostic> {
    match node.as_str() {
        Some(s) => Ok(Spanned {
            value: s.to_owned(),
            span: node.span.clone(),
        }),
        None => Err(Diagnostic::new(
            format!("expected a string, found {}", node.what()),
            node.span.clone(),
        )),
    }
}

fn doc(node: &Node) -> Result<String, Diagnostic> {
    string(node).map(|s| s.value)
}

/// A Kaitai identifier: lowercase letters, digits and `_`, starting with a letter.
fn identifier(node: &Node) -> Result<Spanned<String>, Diagnostic> {
    let s = string(node)?;
    let ok = s.value.starts_with(|c: char| c.is_ascii_lowercase())
        && s.value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        return Err(Diagnostic::new(
            format!("invalid identifier `{}`: use lowercase letters, digits and `_`, starting with a letter", s.value),
            s.span,
        ));
    }
    Ok(s)
}

fn find<'n>(map: &'n [(Node, Node)], key: &str) -> Option<&'n Node> {
    map.iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn expect_map<'n>(node: &'n Node, what: &str) -> Result<&'n [(Node, Node)], Diagnostic> {
    node.as_map().ok_or_else(|| {
        Diagnostic::new(
            format!("{what} must be a mapping, found {}", node.what()),
            node.span.clone(),
        )
    })
}

fn expect_seq<'n>(node: &'n Node, what: &str) -> Result<&'n [Node], Diagnostic> {
    match &node.kind {
        Kind::Seq(items) => Ok(items),
        _ => Err(Diagnostic::new(
            format!("{what} must be a sequence, found {}", node.what()),
            node.span.clone(),
        )),
    }
}

fn check_keys(map: &[(Node, Node)], known: &[&str], what: &str) -> Result<(), Diagnostic> {
    for (k, _) in map {
        let key = k.as_str().unwrap_or_default();
        if !known.contains(&key) && !key.starts_with("-") {
            let suggestion = known
                .iter()
                .find(|c| close(c, key))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(Diagnostic::new(
                format!("unknown key `{key}` in {what}{suggestion}"),
                k.span.clone(),
            ));
        }
    }
    Ok(())
}

/// Whether two keys differ by one edit (a typo).
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn schema(src: &str) -> Result<TypeSpec, Diagnostic> {
        read(&yaml::parse(src).unwrap())
    }

    #[test]
    fn reads_seq_types_instances_and_enums() {
        let t = schema(
            "meta: {id: toy, endian: le}\nseq:\n  - id: len\n    type: u1\n  - id: body\n    size: len\n    repeat: expr\n    repeat-expr: 2\ntypes:\n  child: {seq: [{id: x, type: u2}]}\ninstances:\n  twice: {value: len * 2}\nenums:\n  animal: {1: cat, 2: {id: dog, doc: woof}}\n",
        )
        .unwrap();
        assert_eq!(t.name.value, "toy");
        assert_eq!(t.seq.len(), 2);
        assert!(
            matches!(&t.seq[1].repeat, Some(Spanned { value: Repeat::Expr(e), .. }) if e.value == "2")
        );
        assert_eq!(t.types[0].name.value, "child");
        assert_eq!(t.instances[0].value.as_ref().unwrap().value, "len * 2");
        assert_eq!(t.enums[0].values[1].id.value, "dog");
    }

    #[test]
    fn an_unknown_key_suggests_the_near_one() {
        let e = schema("meta: {id: x}\nseq:\n  - id: a\n    sizee: 2\n").unwrap_err();
        assert_eq!(
            e.message,
            "unknown key `sizee` in an attribute; did you mean `size`?"
        );
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(parse_int("0x1_0"), Some(16));
        assert_eq!(parse_int("-0b11"), Some(-3));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("12a"), None);
    }

    #[test]
    fn contents_mix_strings_and_bytes() {
        let t = schema("meta: {id: x}\nseq:\n  - id: m\n    contents: [0x50, 'K', 3]\n").unwrap();
        assert_eq!(t.seq[0].contents.as_ref().unwrap().value, b"PK\x03");
    }
}
