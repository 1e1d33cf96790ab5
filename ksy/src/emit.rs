//! Emission: the resolved model as Rust source with `#[derive(Decode)]`, the
//! attributes a person would write by hand, and the schema's `doc` as rustdoc.
//! The source is parsed by syn (so that it is well-formed Rust) and formatted
//! by prettyplease.

use std::fmt::Write as _;

use crate::diag::Diagnostic;
use crate::expr::{self, BinOp, Expr, ExprKind};
use crate::resolve::{camel, Field, IntTy, KType, Model, TyId};
use crate::schema::{Attr, Endian, EndianSpec, ExprSrc, Repeat, Spanned, TypeRef, Valid};
use crate::translate::{ident, Mode, Scope};

/// Emits every type of the model, the main file's types first.
pub(crate) fn emit(m: &Model<'_>) -> Result<String, (usize, Diagnostic)> {
    let mut out = String::new();
    // Each switch's tag, translated once for its field and its enum.
    let tags = (0..m.switches.len())
        .map(|s| switch_tag(m, s).map_err(|d| (m.types[m.switches[s].holder].file, d)))
        .collect::<Result<Vec<_>, _>>()?;
    for id in 0..m.types.len() {
        emit_type(m, id, &tags, &mut out).map_err(|d| (m.types[id].file, d))?;
    }
    for en in 0..m.enums.len() {
        emit_enum(m, en, &mut out).map_err(|d| (m.types[m.enums[en].scope].file, d))?;
    }
    for (s, (_, tag)) in tags.iter().enumerate() {
        emit_switch(m, s, tag, &mut out).map_err(|d| (m.types[m.switches[s].holder].file, d))?;
    }
    Ok(out)
}

/// Parses and formats emitted source.
///
/// prettyplease lays out items and bodies but prints the tokens inside
/// attributes and macro calls one by one, which splits `==` into `= =`. So
/// each attribute line and each assert is held aside as a placeholder while
/// the rest is formatted, then put back as written (each fits one line).
pub(crate) fn format(source: &str) -> Result<String, String> {
    let mut held = Vec::new();
    let mut skeleton = String::new();
    for line in source.lines() {
        let t = line.trim();
        let keep = t.starts_with("#[derive") || t == "#[test]" || t == "#[cfg(test)]";
        if t.starts_with("#[") && !keep {
            let _ = writeln!(skeleton, "#[__zw({})]", held.len());
            held.push(t.to_owned());
        } else if t.starts_with("assert") {
            let _ = writeln!(skeleton, "__zw({});", held.len());
            held.push(t.to_owned());
        } else {
            skeleton.push_str(line);
            skeleton.push('\n');
        }
    }
    let file =
        syn::parse_file(&skeleton).map_err(|e| format!("{e} in generated code:\n{source}"))?;
    for line in &held {
        let inner = line.trim_start_matches("#[").trim_end_matches(';');
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        if syn::parse_str::<proc_macro2::TokenStream>(inner).is_err() {
            return Err(format!("unbalanced tokens in generated code: {line}"));
        }
    }
    let mut out = String::with_capacity(source.len());
    for line in prettyplease::unparse(&file).lines() {
        let t = line.trim();
        let index = t
            .strip_prefix("#[__zw(")
            .and_then(|r| r.strip_suffix(")]"))
            .or_else(|| t.strip_prefix("__zw(").and_then(|r| r.strip_suffix(");")));
        match index
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| held.get(i))
        {
            Some(original) => {
                out.push_str(&line[..line.len() - line.trim_start().len()]);
                out.push_str(original);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Ok(out)
}

fn doc(out: &mut String, indent: &str, doc: Option<&str>) {
    if let Some(d) = doc {
        for line in d.trim_end().lines() {
            let _ = writeln!(
                out,
                "{indent}///{}{}",
                if line.is_empty() { "" } else { " " },
                line.replace("*/", "* /")
            );
        }
    }
}

fn lt(m: &Model<'_>, t: TyId) -> &'static str {
    if m.types[t].lifetime {
        "<'a>"
    } else {
        ""
    }
}

/// The Rust type of one value of a Kaitai type.
fn rust_type(m: &Model<'_>, k: &KType) -> String {
    match k {
        KType::Int(i) => i.rust().into(),
        KType::IntLit | KType::Calc => "i64".into(),
        KType::Float(4) => "f32".into(),
        KType::Float(_) => "f64".into(),
        KType::Bool => "bool".into(),
        KType::Bytes => "&'a [u8]".into(),
        KType::OwnedBytes => "Vec<u8>".into(),
        KType::Str => "&'a str".into(),
        KType::OwnedStr => "String".into(),
        KType::Unit => "()".into(),
        KType::User(t) => format!("{}{}", m.types[*t].rust, lt(m, *t)),
        KType::Owned(t) => format!(
            "zerowire::Owned<{}{}>",
            m.types[*t].rust,
            if m.types[*t].lifetime {
                "<'static>"
            } else {
                ""
            }
        ),
        KType::Shared(t) => format!(
            "zerowire::MaybeOwned<'_, {}{}>",
            m.types[*t].rust,
            if m.types[*t].lifetime { "<'_>" } else { "" }
        ),
        KType::Enum(e) => m.enums[*e].rust.clone(),
        KType::Array(e) => format!("Vec<{}>", rust_type(m, e)),
        KType::Switch(s) => {
            let info = &m.switches[*s];
            format!("{}{}", info.rust, if info.lifetime { "<'a>" } else { "" })
        }
        KType::Opaque(i) => m.opaque[*i].rust.clone(),
        KType::OwnedOpaque(i) => format!("zerowire::Owned<{}>", m.opaque[*i].owned()),
        KType::SharedOpaque(i) => format!("zerowire::MaybeOwned<'_, {}>", m.opaque[*i].shared()),
        KType::Io => "zerowire::Input<'a>".into(),
        // Never held: only cast (`.as<u1>`).
        KType::Foreign => "()".into(),
    }
}

/// A byte order chosen at run time: the `switch-on` of the type that declares
/// it, or, in the types nested in it, the parent's (Kaitai's inheritance).
fn runtime_endian(m: &Model<'_>, id: TyId) -> Result<Option<String>, Diagnostic> {
    let t = &m.types[id];
    let Some(Spanned {
        value: EndianSpec::Switch { on, cases },
        span,
    }) = &t.endian
    else {
        return Ok(None);
    };
    if t.spec.meta.endian.is_none() {
        if !t.needs_parent() {
            return Err(Diagnostic::unsupported(
                "a byte order chosen at run time in a type no other holds",
                span.clone(),
            ));
        }
        return Ok(Some("parent._endian".into()));
    }
    let fs = FieldScope {
        m,
        ty: id,
        index: 0,
    };
    let on = parse(on)?;
    let mut branches = Vec::new();
    let mut default = None;
    // Without a `_` case, an order no case decides is an error (`None`).
    let decided = cases.iter().any(|(k, _)| k.value.trim() == "_");
    for (key, order) in cases {
        let order = match order {
            Endian::Little => "::zerowire::Endian::Little",
            Endian::Big => "::zerowire::Endian::Big",
        };
        if key.value.trim() == "_" {
            default = Some(order);
            continue;
        }
        let test = Expr {
            kind: ExprKind::Binary(BinOp::Eq, Box::new(on.clone()), Box::new(parse(key)?)),
            span: key.span.clone(),
        };
        let test = fs.scope().translate(&test)?;
        let order = if decided {
            order.to_owned()
        } else {
            format!("Some({order})")
        };
        branches.push(format!(
            "if {} {{ {order} }} else ",
            strip_parens(&test.code)
        ));
    }
    let default = default.unwrap_or("None");
    Ok(Some(format!("{}{{ {default} }}", branches.concat())))
}

fn fixed_endian(m: &Model<'_>, t: TyId) -> Option<Endian> {
    match &m.types[t].endian {
        Some(Spanned {
            value: EndianSpec::Fixed(e),
            ..
        }) => Some(*e),
        _ => None,
    }
}

/// A struct's or a switch's derives; `Clone` where it is passed as a parameter.
fn derives(clone: bool) -> &'static str {
    if clone {
        "#[derive(zerowire::Decode, Debug, Clone)]\n"
    } else {
        "#[derive(zerowire::Decode, Debug)]\n"
    }
}

fn parse(src: &ExprSrc) -> Result<Expr, Diagnostic> {
    expr::parse(src)
}

/// A switch's tag: its code in the holder's decode and its type.
type Tag = (String, KType);

fn emit_type(m: &Model<'_>, id: TyId, tags: &[Tag], out: &mut String) -> Result<(), Diagnostic> {
    let t = &m.types[id];
    let spec = t.spec;
    doc(out, "", spec.doc.as_deref());
    out.push_str(derives(t.clone));
    let endian = fixed_endian(m, id);
    if endian == Some(Endian::Little) {
        out.push_str("#[zerowire(endian = \"little\")]\n");
    }
    if t.bit_endian == Some(Endian::Little) && t.fields.iter().any(|f| f.bits.is_some()) {
        out.push_str("#[zerowire(bit_order = \"lsb\")]\n");
    }
    if t.needs_parent() {
        let parents: Vec<String> = t
            .users
            .iter()
            .map(|u| format!("parent = {}{}", m.types[*u].rust, lt(m, *u)))
            .collect();
        let _ = writeln!(out, "#[zerowire({})]", parents.join(", "));
    }
    if let Some(order) = runtime_endian(m, id)? {
        let _ = writeln!(out, "#[zerowire(endian = {order})]");
    }
    if !spec.params.is_empty() {
        let mut params = Vec::new();
        for p in &spec.params {
            let ty = param_rust_type(m, id, p)?;
            params.push(format!("{}: {ty}", ident(&p.id.value)));
        }
        let _ = writeln!(out, "#[zerowire(args({}))]", params.join(", "));
    }
    // Computed and positioned values; the fields some of them need.
    let mut extra_fields: Vec<String> = Vec::new();
    for inst in &t.instances {
        let a = inst.attr;
        if let Some(v) = &a.value {
            let mut scope = Scope {
                inlining: vec![inst.attr],
                root_arg: inst.root_arg,
                ..Scope::new(m, id, Mode::Method)
            };
            let mut val = scope.translate(&parse(v)?)?;
            // Read as an enum: the variant of the integer, absent where the
            // integer lies outside the enum's.
            if let KType::Enum(en) = inst.elem {
                if !val.ty.is_int() {
                    return Err(Diagnostic::new(
                        "a value read as an enum must be an integer",
                        v.span.clone(),
                    ));
                }
                let info = &m.enums[en];
                scope.absent = true;
                val = crate::translate::Value::typed(
                    format!(
                        "{}::from({}::try_from({}).ok()?)",
                        info.rust,
                        info.int_type().rust(),
                        strip_parens(&val.code)
                    ),
                    KType::Enum(en),
                );
            }
            let mut ty = match &val.value_type() {
                KType::Array(e) if crate::translate::is_literal_list(&val) => {
                    let elem = match &**e {
                        KType::Str => "&'static str".to_owned(),
                        other => rust_type(m, other),
                    };
                    format!("&'static [{elem}]")
                }
                KType::User(_) if val.by_value => rust_type(m, &val.ty),
                KType::User(_) | KType::Array(_) => format!("&{}", rust_type(m, &val.ty)),
                KType::Str if !t.lifetime => "&'static str".into(),
                KType::Bytes if !t.lifetime => "&'static [u8]".into(),
                other => rust_type(m, other),
            };
            // Text held by an attribute is a reference: the value owns a copy
            // (`String::from` takes computed text as it is).
            let mut code = if val.value_type() == KType::OwnedStr {
                format!("String::from({})", val.code)
            } else {
                val.code
            };
            // A value with `if` is absent (`None`) where its condition fails;
            // one that reads values that may be absent, where it reads one.
            if let Some(cond) = &a.if_ {
                let c = scope.translate(&parse(cond)?)?;
                if c.ty != KType::Bool {
                    return Err(Diagnostic::new("`if` must be a boolean", cond.span.clone()));
                }
                code = format!(
                    "if {} {{ Some({}) }} else {{ None }}",
                    strip_parens(&c.code),
                    strip_parens(&code)
                );
            } else if scope.absent {
                code = format!("Some({})", strip_parens(&code));
            }
            // Read through an `Owned` bundle: borrowed from the struct.
            if scope.through_bundle {
                ty = ty.replace("'a", "'_");
            }
            if a.if_.is_some() || scope.absent {
                ty = format!("Option<{ty}>");
            }
            if scope.absent {
                code = format!("::zerowire::math::present(|| {code})");
            }
            // Over the root below it: the method takes the root.
            let params = if inst.root_arg {
                let root = crate::resolve::root_type(m, id);
                format!("(_root: &{}{})", m.types[root].rust, lt(m, root))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "#[zerowire(value({}{params}: {ty} = {}))]",
                ident(&a.id.value),
                strip_parens(&code)
            );
        } else if a.pos.is_some() || a.ty.is_some() || a.size.is_some() {
            // Without `pos`, read where the stream is: where the fields ended.
            let here = ExprSrc {
                value: "_io.pos".into(),
                span: a.span.clone(),
            };
            let pos = a.pos.as_ref().unwrap_or(&here);
            // `_root._io` is the whole input, where offsets are absolute
            // (unless the struct is read from processed bytes).
            // Another attribute's stream (`io: header._io`): the `Input` its
            // struct keeps, offsets counted in its window.
            let mut stream = None;
            let passed = crate::resolve::root_stream(m, id, a).filter(|path| {
                crate::resolve::follow(m, crate::resolve::root_type(m, id), path).is_some()
            });
            let absolute = match &a.io {
                None => false,
                // The root's attribute's stream, which the method's caller passes.
                Some(_) if passed.is_some() => {
                    stream = Some(format!("{STREAM}: zerowire::Input<'a>"));
                    false
                }
                Some(io)
                    if is_root_io(&parse(io)?) && !crate::resolve::read_from_processed(m, id) =>
                {
                    true
                }
                Some(io) => {
                    let mut scope = Scope::new(m, id, Mode::Method);
                    match scope.translate(&parse(io)?) {
                        Ok(v) if v.ty == KType::Io && !scope.absent => stream = Some(v.code),
                        _ => {
                            return Err(Diagnostic::unsupported(
                                "a positioned instance in another stream (`io`) than `_root._io` or an attribute's",
                                io.span.clone(),
                            ))
                        }
                    }
                    false
                }
            };
            let mut scope = Scope::new(m, id, Mode::Method);
            let parsed = parse(pos)?;
            let p = match scope.translate(&parsed) {
                // A `switch-on` of integers is their common integer.
                Ok(p) => scope.settle(p, &parsed)?,
                // Over the parent's or root's values, which a method cannot
                // see: computed while decoding, kept in a field.
                Err(d) if d.unsupported_feature().is_some() => {
                    let mut decode = Scope::new(
                        m,
                        id,
                        Mode::Decode {
                            decoded: t.fields.len(),
                        },
                    );
                    let v = match decode
                        .translate(&parsed)
                        .and_then(|v| decode.settle(v, &parsed))
                    {
                        Ok(v) if v.ty.is_int() => v,
                        _ => return Err(d),
                    };
                    let field = format!("pos_of_{}", a.id.value);
                    let ty = rust_type(m, &v.value_type());
                    extra_fields.push(format!(
                        "    /// Where `{}` is read, computed while decoding (it reads the parent's or root's values).\n    #[calc({})]\n    pub {field}: {ty},",
                        a.id.value,
                        strip_parens(&v.code)
                    ));
                    crate::translate::Value::typed(field, v.value_type())
                }
                Err(d) => return Err(d),
            };
            if !p.ty.is_int() {
                return Err(Diagnostic::new(
                    "`pos` must be an integer",
                    pos.span.clone(),
                ));
            }
            // An offset over values that may be absent: absent, an error of
            // the instance (its method returns a `Result`).
            let offset = if scope.absent {
                format!(
                    "::zerowire::math::required(::zerowire::math::present(|| Some({})), {:?})?",
                    strip_parens(&p.code),
                    format!("{}'s pos", a.id.value)
                )
            } else {
                strip_parens(&p.code).to_owned()
            };
            // A method decodes with its struct as parent and root: below the
            // root, its own type, which reads the real root, cannot be read so.
            if t.needs_parent()
                && crate::resolve::reads_name(m, id, "_root")
                && crate::resolve::held_types(m, &inst.elem).contains(&id)
            {
                return Err(Diagnostic::unsupported(
                    "a positioned instance of its own type, below the root, that reads `_root`",
                    a.span.clone(),
                ));
            }
            // Read once the struct is: its attributes see every field.
            let (attrs, ty) = field_decl(m, id, POSITIONED, inst, endian, tags)?;
            let attrs: String = attrs.iter().map(|a| format!(", #[{a}]")).collect();
            let io = stream.map(|s| format!(", io({s})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "#[zerowire(pos({}: {ty} = {offset}{}{io}{attrs}))]",
                ident(&a.id.value),
                if absolute { "" } else { ", window" }
            );
        } else {
            return Err(Diagnostic::unsupported(
                "an instance that is neither `value` nor `pos`",
                a.span.clone(),
            ));
        }
    }
    // `to-string`: a computed `String` that `Display` shows.
    if let Some(src) = &spec.to_string {
        let mut scope = Scope::new(m, id, Mode::Method);
        let v = scope.translate(&parse(src)?)?;
        if !matches!(v.ty, KType::Str | KType::OwnedStr) {
            return Err(Diagnostic::new(
                format!(
                    "`to-string` must be a string, found {}",
                    crate::translate::describe(&v.ty)
                ),
                src.span.clone(),
            ));
        }
        if scope.absent {
            return Err(Diagnostic::unsupported(
                "a `to-string` that reads values that may be absent",
                src.span.clone(),
            ));
        }
        let _ = writeln!(
            out,
            "#[zerowire(value(kaitai_to_string: String = ({}).to_string()))]",
            strip_parens(&v.code)
        );
    }
    let _ = writeln!(out, "pub struct {}{} {{", t.rust, lt(m, id));
    if matches!(
        t.endian.as_ref().map(|e| &e.value),
        Some(EndianSpec::Switch { .. })
    ) {
        out.push_str("    /// The byte order chosen at run time, for nested types and instances.\n    pub _endian: zerowire::Endian,\n");
    }
    // Kaitai's parameters are attributes too: kept, readable after decoding.
    for p in &spec.params {
        let ty = param_rust_type(m, id, p)?;
        let name = ident(&p.id.value);
        let copy =
            crate::translate::param_type(m, id, p).is_some_and(|k| crate::translate::copied(&k));
        let clone = if copy { "" } else { ".clone()" };
        let _ = writeln!(
            out,
            "    /// The parameter `{}`, as the parent passed it.\n    #[calc(args.{name}{clone})]\n    pub {name}: {ty},",
            p.id.value
        );
    }
    for (i, f) in t.fields.iter().enumerate() {
        doc(out, "    ", f.attr.doc.as_deref());
        // A value instance computed while decoding, once the attributes are read.
        if let (true, Some(v)) = (f.calc, &f.attr.value) {
            let fs = FieldScope {
                m,
                ty: id,
                index: i,
            };
            let code = fs.scope().translate(&parse(v)?)?.code;
            // A struct of the parent's or root's: a copy (which still borrows
            // from the input).
            let code = match f.elem {
                KType::User(_) => format!("({code}).clone()"),
                _ => code,
            };
            let (code, ty) = match &f.attr.if_ {
                Some(c) => (
                    format!(
                        "if {} {{ Some({}) }} else {{ None }}",
                        strip_parens(&fs.scope().translate(&parse(c)?)?.code),
                        strip_parens(&code)
                    ),
                    format!("Option<{}>", rust_type(m, &f.elem)),
                ),
                None => (code, rust_type(m, &f.elem)),
            };
            let _ = writeln!(
                out,
                "    #[calc({})]\n    pub {}: {ty},",
                strip_parens(&code),
                ident(&f.attr.id.value),
            );
            continue;
        }
        // A positioned instance read while decoding: a field read at its
        // offset in the struct's stream, where the first attribute needs it.
        if let Some(pos) = &f.attr.pos {
            let fs = FieldScope {
                m,
                ty: id,
                index: i,
            };
            let _ = writeln!(
                out,
                "    #[at({}, window)]",
                strip_parens(&fs.int(pos, true)?)
            );
        }
        let (attrs, ty) = field_decl(m, id, i, f, endian, tags)?;
        if f.captures_io {
            let _ = writeln!(
                out,
                "    /// The stream `{}` is read in, which its arguments pass on.\n    pub {}: zerowire::Input<'a>,",
                f.attr.id.value,
                captured_io(&f.attr.id.value)
            );
        }
        for at in &attrs {
            let _ = writeln!(out, "    #[{at}]");
        }
        let _ = writeln!(out, "    pub {}: {ty},", ident(&f.attr.id.value));
    }
    for f in &extra_fields {
        out.push_str(f);
        out.push('\n');
    }
    if m.types[id].keeps_input {
        out.push_str("    /// Where the struct was read from, and where its fields ended: for\n    /// its positioned instances and `_io`.\n    pub input: zerowire::Input<'a>,\n");
    }
    out.push_str("}\n\n");
    if spec.to_string.is_some() {
        let l = lt(m, id);
        let _ = writeln!(
            out,
            "impl{l} ::core::fmt::Display for {}{l} {{\n    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n        f.write_str(&self.kaitai_to_string())\n    }}\n}}\n",
            t.rust
        );
    }
    Ok(())
}

/// The parameter of a positioned instance's method that takes the stream it is
/// read in (no Kaitai name starts with `_`).
pub(crate) const STREAM: &str = "_stream";

/// The `Input` field captured before an attribute whose arguments pass `_io`
/// (no Kaitai name starts with `_`).
fn captured_io(name: &str) -> String {
    format!("_io_{name}")
}

/// `_root._io`.
fn is_root_io(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Attr(base, name)
        if name == "_io" && matches!(&base.kind, ExprKind::Name(n) if n == "_root"))
}

pub(crate) fn strip_parens(code: &str) -> &str {
    let c = code.trim();
    if c.starts_with('(') && c.ends_with(')') {
        let inner = &c[1..c.len() - 1];
        let mut depth = 0i32;
        for ch in inner.chars() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth < 0 {
                        return c;
                    }
                }
                _ => {}
            }
        }
        if depth == 0 {
            return inner;
        }
    }
    c
}

fn param_rust_type(
    m: &Model<'_>,
    id: TyId,
    p: &crate::schema::Param,
) -> Result<String, Diagnostic> {
    if let Some(k) = crate::translate::param_type(m, id, p) {
        return Ok(rust_type(m, &k));
    }
    if let Some(e) = &p.enum_ {
        return Err(Diagnostic::new(
            format!("unknown enum `{}`", e.value),
            e.span.clone(),
        ));
    }
    let Some(t) = &p.ty else {
        return Err(Diagnostic::new(
            "a parameter needs a `type`",
            p.id.span.clone(),
        ));
    };
    let name = t.value.trim_end_matches("[]");
    if !matches!(name, "struct" | "io" | "any") {
        return Err(Diagnostic::new(
            format!("unknown type `{name}`"),
            t.span.clone(),
        ));
    }
    Err(Diagnostic::unsupported(
        &format!("a parameter of type `{}`", t.value),
        t.span.clone(),
    ))
}

/// The position of a positioned instance's attributes: after every field, in
/// its method (which sees only its struct).
pub(crate) const POSITIONED: usize = usize::MAX;

/// A derive attribute expression from a Kaitai one.
struct FieldScope<'m, 's> {
    m: &'m Model<'s>,
    ty: TyId,
    index: usize,
}

impl FieldScope<'_, '_> {
    fn scope(&self) -> Scope<'_, '_> {
        Scope {
            m: self.m,
            ty: self.ty,
            mode: Mode::Decode {
                decoded: self.index,
            },
            item: None,
            index: false,
            io: false,
            captured_io: None,
            root_arg: false,
            through_bundle: false,
            inlining: Vec::new(),
            absent: false,
        }
    }

    fn int(&self, src: &ExprSrc, io: bool) -> Result<String, Diagnostic> {
        self.int_at(src, io, false)
    }

    /// An integer expression; with `index`, per element of a repetition (`_index`).
    fn int_at(&self, src: &ExprSrc, io: bool, index: bool) -> Result<String, Diagnostic> {
        let mut s = self.scope();
        s.io = io;
        s.index = index;
        typed(s, src, "an integer", KType::is_int)
    }

    /// An `if`: it may read `_io` (the derive's `when` may read `io`).
    fn condition(&self, src: &ExprSrc) -> Result<String, Diagnostic> {
        let mut s = self.scope();
        s.io = true;
        typed(s, src, "a boolean", |t| *t == KType::Bool)
    }

    /// A `repeat-until` over `_` (the element); it may read `_io` (the derive's
    /// `until` may read `io`, the reader after the element).
    fn until(&self, src: &ExprSrc, item: KType) -> Result<String, Diagnostic> {
        let mut s = self.scope();
        s.item = Some(item);
        s.io = true;
        typed(s, src, "a boolean", |t| *t == KType::Bool)
    }
}

/// `src` translated in `scope`, which must give `what`.
fn typed(
    mut scope: Scope<'_, '_>,
    src: &ExprSrc,
    what: &str,
    ok: impl Fn(&KType) -> bool,
) -> Result<String, Diagnostic> {
    let expr = parse(src)?;
    let v = scope.translate(&expr)?;
    // A `switch-on` value of numbers reads as the widest of them.
    let v = match v.ty {
        KType::Switch(_) => scope.settle(v, &expr)?,
        _ => v,
    };
    if !ok(&v.ty) {
        let found = crate::translate::describe(&v.ty);
        return Err(Diagnostic::new(
            format!("expected {what}, found {found}"),
            src.span.clone(),
        ));
    }
    Ok(strip_parens(&v.code).to_owned())
}

/// A field's derive attributes and Rust type; `index` is where it is decoded
/// (the number of fields before it, or all of them for a positioned instance).
fn field_decl(
    m: &Model<'_>,
    id: TyId,
    index: usize,
    f: &Field<'_>,
    endian: Option<Endian>,
    tags: &[Tag],
) -> Result<(Vec<String>, String), Diagnostic> {
    let a = f.attr;
    let fs = FieldScope { m, ty: id, index };
    let mut attrs: Vec<String> = Vec::new();
    if let Some(c) = &a.contents {
        let lit: String = c.value.iter().map(|b| format!("\\x{b:02x}")).collect();
        let n = c.value.len();
        return match (&a.repeat, &a.if_) {
            (None, None) => Ok((vec![format!("magic(b\"{lit}\")")], "()".into())),
            // Repeated or conditional: each read as an array, checked as `valid`.
            (None, Some(cond)) => Ok((
                vec![
                    format!("when({})", fs.condition(cond)?),
                    format!("valid(value.as_ref().map_or(true, |v| *v == *b\"{lit}\"))"),
                ],
                format!("Option<[u8; {n}]>"),
            )),
            (
                Some(Spanned {
                    value: Repeat::Expr(count),
                    ..
                }),
                None,
            ) => Ok((
                vec![
                    format!("count({})", fs.int(count, true)?),
                    format!("valid(value.iter().all(|v| *v == *b\"{lit}\"))"),
                ],
                format!("Vec<[u8; {n}]>"),
            )),
            (
                Some(Spanned {
                    value: Repeat::Eos, ..
                }),
                None,
            ) => Ok((
                vec![
                    "eos".into(),
                    format!("valid(value.iter().all(|v| *v == *b\"{lit}\"))"),
                ],
                format!("Vec<[u8; {n}]>"),
            )),
            _ => Err(Diagnostic::unsupported(
                "`contents` with `repeat-until`, or with `repeat` and `if`",
                a.span.clone(),
            )),
        };
    }
    if let Some(cond) = &a.if_ {
        attrs.push(format!("when({})", fs.condition(cond)?));
    }
    match &a.repeat {
        None => {}
        Some(Spanned {
            value: Repeat::Expr(n),
            ..
        }) => attrs.push(format!("count({})", fs.int(n, true)?)),
        Some(Spanned {
            value: Repeat::Eos, ..
        }) => attrs.push("eos".into()),
        Some(Spanned {
            value: Repeat::Until(u),
            ..
        }) => attrs.push(format!("until({})", fs.until(u, f.elem.clone())?)),
    }
    let repeated = a.repeat.is_some();
    let mut elem_ty = rust_type(m, &f.elem);
    match &f.elem {
        KType::Int(_) | KType::Float(_) | KType::Enum(_) | KType::Bool => {
            if a.size.is_some() || a.size_eos || a.terminator.is_some() {
                return Err(Diagnostic::new(
                    "a number has a fixed size; remove `size`, `size-eos` and `terminator`",
                    a.span.clone(),
                ));
            }
            if let Some(bits) = f.bits {
                // A repeated one, and one of another bit order than the field
                // before, starts on a byte (the derive's groups end on one).
                let fields = &m.types[id].fields;
                let run: Vec<&Field<'_>> = fields[..index.min(fields.len())]
                    .iter()
                    .rev()
                    .take_while(|g| g.bits.is_some() && g.attr.repeat.is_none())
                    .collect();
                let before: u32 = run.iter().filter_map(|g| g.bits).sum();
                let conditional = run.iter().any(|g| g.attr.if_.is_some());
                let lsb = |g: &Field<'_>| {
                    g.lsb
                        .unwrap_or(m.types[id].bit_endian == Some(Endian::Little))
                };
                let other_order = run.first().is_some_and(|g| lsb(g) != lsb(f));
                if (a.repeat.is_some() || other_order) && (before % 8 != 0 || conditional) {
                    return Err(Diagnostic::unsupported(
                        if other_order {
                            "a bit field of another bit order than the one before, inside a byte"
                        } else {
                            "a repeated bit field that starts inside a byte"
                        },
                        a.span.clone(),
                    ));
                }
                attrs.push(match f.lsb {
                    Some(true) => format!("bits({bits}, lsb)"),
                    Some(false) => format!("bits({bits}, msb)"),
                    None => format!("bits({bits})"),
                });
            } else if let Some((int, e)) = f.read_as {
                // An enum read as another integer than its own.
                attrs.push(format!("int({})", int.rust()));
                if int.bytes() > 1 {
                    let order = if e == Endian::Little { "little" } else { "big" };
                    attrs.push(format!("endian({order})"));
                }
            } else if let (Some(e), false) = (f.endian, matches!(f.elem, KType::Enum(_))) {
                if Some(e) != endian && !matches!(f.elem, KType::Int(IntTy::U8 | IntTy::I8)) {
                    attrs.push(format!(
                        "endian({})",
                        if e == Endian::Little { "little" } else { "big" }
                    ));
                }
            }
        }
        KType::Bytes | KType::Str | KType::OwnedBytes | KType::OwnedStr => {
            if let Some(enc) = f.encoding {
                attrs.push(format!("encoding({enc:?})"));
            }
            let strz = matches!(&a.ty, Some(TypeRef::Named(t)) if t.value == "strz");
            let terminator = a.terminator.as_ref().map(|t| t.value).or(strz.then_some(0));
            let size = match (&a.size, a.size_eos) {
                (Some(s), _) => Some(fs.int_at(s, !repeated, repeated)?),
                (None, true) => None,
                (None, false) if terminator.is_none() => {
                    return Err(Diagnostic::new(
                        "bytes need `size`, `size-eos: true` or `terminator`",
                        a.span.clone(),
                    ));
                }
                _ => None,
            };
            match (repeated, &size) {
                (true, Some(s)) => attrs.push(format!("item_size({s})")),
                (false, Some(s)) => attrs.push(format!("size({s})")),
                _ if a.size_eos && !repeated => attrs.push("eos".into()),
                _ if a.size_eos => {
                    return Err(Diagnostic::unsupported(
                        "`size-eos` on a repeated attribute",
                        a.span.clone(),
                    ))
                }
                _ => {}
            }
            if let Some(t) = terminator {
                attrs.push(terminator_attr(a, t, size.is_some() || a.size_eos));
            }
            if let Some(p) = &a.pad_right {
                if size.is_none() && !a.size_eos {
                    return Err(Diagnostic::new(
                        "`pad-right` needs `size` or `size-eos: true`",
                        p.span.clone(),
                    ));
                }
                attrs.push(format!("pad_right({})", p.value));
            }
            if let Some(p) = &a.process {
                attrs.push(format!("process({})", process(&fs, p, repeated)?));
            }
        }
        // Decoded alone, in its window if it has one.
        KType::Opaque(_) => window(&fs, a, &mut attrs)?,
        // Decoded alone from the processed bytes.
        KType::OwnedOpaque(_) => {
            window(&fs, a, &mut attrs)?;
            if let Some(p) = &a.process {
                attrs.push(format!("process({})", process(&fs, p, repeated)?));
            }
        }
        KType::Foreign | KType::Io => {
            return Err(Diagnostic::new(
                "a stream or a member of an opaque type is not an attribute's type",
                a.span.clone(),
            ))
        }
        KType::User(t) => {
            window(&fs, a, &mut attrs)?;
            // Read inside the holder's parent, where it reads `_parent`.
            if crate::resolve::in_parent(a) && m.types[*t].needs_parent() {
                attrs.push("in_parent".into());
            }
            let params = &m.types[*t].spec.params;
            if f.args.len() != params.len() {
                return Err(Diagnostic::new(
                    format!(
                        "`{}` takes {} arguments, {} given",
                        m.types[*t].spec.name.value,
                        params.len(),
                        f.args.len()
                    ),
                    match &a.ty {
                        Some(TypeRef::Named(t)) => t.span.clone(),
                        _ => a.span.clone(),
                    },
                ));
            }
            if !f.args.is_empty() {
                let mut given = Vec::new();
                for (n, (p, arg)) in params.iter().zip(&f.args).enumerate() {
                    let mut s = fs.scope();
                    s.index = repeated;
                    s.captured_io = f.captures_io.then(|| captured_io(&a.id.value));
                    let v = s.translate(&parse(arg)?)?;
                    if let Some(want) = crate::translate::param_type(m, *t, p) {
                        let fits = match (&want, &v.ty) {
                            (KType::Bool, got) => *got == KType::Bool,
                            (w, got) if w.is_int() => got.is_int(),
                            (KType::Float(_), got) => {
                                got.is_int() || matches!(got, KType::Float(_))
                            }
                            (KType::Bytes, got) => matches!(got, KType::Bytes | KType::OwnedBytes),
                            (KType::Str, got) => matches!(got, KType::Str | KType::OwnedStr),
                            (w, got) => w == got,
                        };
                        if !fits {
                            return Err(Diagnostic::new(
                                format!(
                                    "argument #{} is {}, but the parameter `{}` of `{}` is {}",
                                    n + 1,
                                    crate::translate::describe(&v.ty),
                                    p.id.value,
                                    m.types[*t].spec.name.value,
                                    crate::translate::describe(&want)
                                ),
                                arg.span.clone(),
                            ));
                        }
                    }
                    // An integer of another type fits the parameter's, or the
                    // decode fails (as `Overflow`), never wraps.
                    let int_param =
                        p.ty.as_ref()
                            .and_then(|t| crate::translate::int_type(&t.value))
                            .filter(|_| p.enum_.is_none());
                    let code = match int_param {
                        Some(t)
                            if v.ty.is_int() && v.ty != KType::IntLit && v.ty != KType::Int(t) =>
                        {
                            format!(
                                "::zerowire::math::narrow::<{}, _>({}, {:?})?",
                                t.rust(),
                                strip_parens(&v.code),
                                p.id.value
                            )
                        }
                        // A struct or a list is passed as a copy.
                        _ => match crate::translate::param_type(m, *t, p) {
                            Some(KType::User(_)) => format!("({}).clone()", v.code),
                            // A list built here (`[a, b]`) is passed as it is.
                            Some(KType::Array(_)) if v.code.starts_with("vec![") => v.code.clone(),
                            Some(KType::Array(_)) => format!("({}).to_vec()", v.code),
                            _ => strip_parens(&v.code).to_owned(),
                        },
                    };
                    given.push(format!("{} = {code}", ident(&p.id.value)));
                }
                attrs.push(format!("args({})", given.join(", ")));
            }
        }
        KType::Owned(u) => {
            // Processed bytes decode alone: their struct has no parent there.
            if m.types[*u].needs_parent() {
                return Err(Diagnostic::unsupported(
                    "a processed type that reads `_parent` or `_root`",
                    a.span.clone(),
                ));
            }
            window(&fs, a, &mut attrs)?;
            if let Some(p) = &a.process {
                attrs.push(format!("process({})", process(&fs, p, repeated)?));
            }
        }
        KType::Switch(s) => {
            attrs.push(format!("tag_from({})", tags[*s].0));
            window(&fs, a, &mut attrs)?;
            if crate::resolve::in_parent(a)
                && crate::resolve::held_types(m, &f.elem)
                    .iter()
                    .any(|&u| m.types[u].needs_parent())
            {
                attrs.push("in_parent".into());
            }
        }
        KType::Unit
        | KType::IntLit
        | KType::Calc
        | KType::Array(_)
        | KType::Shared(_)
        | KType::SharedOpaque(_) => {
            return Err(Diagnostic::unsupported(
                "this attribute's type",
                a.span.clone(),
            ));
        }
    }
    if let Some(v) = &a.valid {
        let check = valid(&fs, f, v)?;
        // Kaitai checks each element of a repetition.
        let check = if repeated {
            let by_value = crate::translate::copied(&f.elem) && !matches!(f.elem, KType::Enum(_));
            let pat = if by_value { "&value" } else { "value" };
            format!("value.iter().all(|{pat}| {check})")
        } else {
            check
        };
        // Kaitai checks an attribute with `if` only when it is present.
        let check = if a.if_.is_some() {
            format!("match value {{ Some(value) => {check}, None => true }}")
        } else {
            check
        };
        attrs.push(format!("valid({check})"));
    }
    if f.boxed {
        elem_ty = format!("Box<{elem_ty}>");
    }
    if f.lazy {
        elem_ty = format!("zerowire::List<'a, {elem_ty}>");
    } else if repeated {
        elem_ty = format!("Vec<{elem_ty}>");
    }
    if a.if_.is_some() {
        elem_ty = format!("Option<{elem_ty}>");
    }
    Ok((attrs, elem_ty))
}

/// The window of a nested value (a struct or a switch), which it need not
/// fill, as in Kaitai: `size` (of each element, when repeated) or `size-eos`,
/// with a terminator or padding inside, or up to a terminator.
fn window(fs: &FieldScope<'_, '_>, a: &Attr, attrs: &mut Vec<String>) -> Result<(), Diagnostic> {
    let repeated = a.repeat.is_some();
    let mut skip_rest = a.terminator.is_some() || a.pad_right.is_some();
    match (&a.size, a.size_eos) {
        (Some(s), _) => {
            let key = if repeated { "item_size" } else { "size" };
            attrs.push(format!("{key}({})", fs.int_at(s, !repeated, repeated)?));
            skip_rest = true;
        }
        (None, true) if repeated => {
            return Err(Diagnostic::unsupported(
                "`size-eos` on a repeated attribute",
                a.span.clone(),
            ))
        }
        (None, true) => attrs.push("eos".into()),
        (None, false) => {
            if let Some(p) = &a.pad_right {
                return Err(Diagnostic::new(
                    "`pad-right` needs `size` or `size-eos: true`",
                    p.span.clone(),
                ));
            }
        }
    }
    if let Some(t) = &a.terminator {
        attrs.push(terminator_attr(a, t.value, a.size.is_some() || a.size_eos));
    }
    if let Some(p) = &a.pad_right {
        attrs.push(format!("pad_right({})", p.value));
    }
    if skip_rest {
        attrs.push("skip_rest".into());
    }
    Ok(())
}

/// `terminator(BYTE, ..)` with Kaitai's options; inside a `size` or
/// `size-eos` window, a missing terminator is no error.
fn terminator_attr(a: &Attr, byte: u8, windowed: bool) -> String {
    let mut opts = vec![format!("{byte}")];
    if a.include {
        opts.push("include".into());
    }
    if !a.consume {
        opts.push("consume = false".into());
    }
    if !a.eos_error || windowed {
        opts.push("eos_error = false".into());
    }
    format!("terminator({})", opts.join(", "))
}

fn process(fs: &FieldScope<'_, '_>, p: &ExprSrc, repeated: bool) -> Result<String, Diagnostic> {
    let text = p.value.trim();
    if text == "zlib" {
        return Ok("zlib".into());
    }
    let name = text.split('(').next().unwrap_or_default().trim();
    if matches!(name, "xor" | "rol" | "ror") {
        return process_call(fs, p, repeated);
    }
    custom_process(fs, p, repeated)
}

/// A custom `process: path.to.my_fx(ARGS)`: `MyFx::new(ARGS)` from the
/// module path `path::to` (which the including code provides), a
/// `zerowire::Transform`.
fn custom_process(
    fs: &FieldScope<'_, '_>,
    p: &ExprSrc,
    repeated: bool,
) -> Result<String, Diagnostic> {
    let (name, args) = crate::resolve::split_args(p)?;
    let mut path: Vec<String> = name.split('.').map(str::to_owned).collect();
    let valid = path.iter().all(|c| {
        c.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && c.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    });
    if !valid {
        return Err(Diagnostic::new(
            format!("`{name}` is not a process name: `xor`, `rol`, `ror`, `zlib`, or a custom one as `module.name`"),
            p.span.clone(),
        ));
    }
    if let Some(last) = path.last_mut() {
        *last = camel(last);
    }
    let mut values = Vec::new();
    for a in &args {
        let mut s = fs.scope();
        s.index = repeated;
        values.push(strip_parens(&s.translate(&parse(a)?)?.code).to_owned());
    }
    Ok(format!(
        "custom({}::new({}))",
        path.join("::"),
        values.join(", ")
    ))
}

/// `xor(KEY)`, `rol(N)`, `ror(N)`: the expression parser has no free function calls.
fn process_call(
    fs: &FieldScope<'_, '_>,
    p: &ExprSrc,
    repeated: bool,
) -> Result<String, Diagnostic> {
    let text = p.value.trim();
    let open = text.find('(').unwrap_or(text.len());
    let name = &text[..open];
    if !matches!(name, "xor" | "rol" | "ror") {
        return Err(Diagnostic::unsupported(
            &format!("custom `process` `{name}`"),
            p.span.clone(),
        ));
    }
    let inner = text[open + 1..].strip_suffix(')').unwrap_or("");
    let arg = ExprSrc {
        value: inner.to_owned(),
        span: p.span.start + open + 1..p.span.start + open + 1 + inner.len(),
    };
    let mut s = fs.scope();
    s.index = repeated;
    let key = parse(&arg)?;
    let v = s.translate(&key)?;
    match name {
        "xor" if v.ty.is_int() || matches!(v.ty, KType::Bytes | KType::Array(_)) => {
            // A literal key is written as a byte string, as a person would.
            match byte_string(&key) {
                Some(bytes) => Ok(format!("xor({bytes})")),
                // Kaitai's integer key is one byte: another width must fit it.
                None if v.ty.is_int() && v.ty != KType::Int(IntTy::U8) && v.ty != KType::IntLit => {
                    Ok(format!(
                        "xor(::zerowire::math::narrow::<u8, _>({}, \"xor key\")?)",
                        strip_parens(&v.code)
                    ))
                }
                None => Ok(format!("xor({})", strip_parens(&v.code))),
            }
        }
        "rol" | "ror" if v.ty.is_int() => Ok(format!("{name}({})", strip_parens(&v.code))),
        _ => Err(Diagnostic::unsupported(
            &format!("`process: {name}(...)`"),
            p.span.clone(),
        )),
    }
}

fn valid(fs: &FieldScope<'_, '_>, f: &Field<'_>, v: &Spanned<Valid>) -> Result<String, Diagnostic> {
    let ty = f.elem.clone();
    let value_ident = "value";
    let mut s = fs.scope();
    // A check runs once its attribute is read: it may name it (a repeated
    // one's check is per element, of `_`).
    if f.attr.repeat.is_none() {
        s.mode = Mode::Decode {
            decoded: fs.index + 1,
        };
    }
    s.io = true;
    let cmp = |s: &mut Scope<'_, '_>, op: BinOp, src: &ExprSrc| -> Result<String, Diagnostic> {
        let x = parse(src)?;
        let item = Expr {
            kind: ExprKind::Name("_".into()),
            span: src.span.clone(),
        };
        let e = Expr {
            kind: ExprKind::Binary(op, Box::new(item), Box::new(x)),
            span: src.span.clone(),
        };
        Ok(strip_parens(&s.translate(&e)?.code).to_owned())
    };
    s.item = Some(ty.clone());
    let code = match &v.value {
        Valid::Eq(x) => cmp(&mut s, BinOp::Eq, x)?,
        Valid::Range { min, max } => {
            let mut parts = Vec::new();
            if let Some(x) = min {
                parts.push(cmp(&mut s, BinOp::Ge, x)?);
            }
            if let Some(x) = max {
                parts.push(cmp(&mut s, BinOp::Le, x)?);
            }
            parts.join(" && ")
        }
        Valid::AnyOf(xs) => xs
            .iter()
            .map(|x| cmp(&mut s, BinOp::Eq, x))
            .collect::<Result<Vec<_>, _>>()?
            .join(" || "),
        Valid::Expr(x) => {
            let r = s.translate(&parse(x)?)?;
            if r.ty != KType::Bool {
                return Err(Diagnostic::new(
                    "`valid: expr` must be a boolean",
                    x.span.clone(),
                ));
            }
            strip_parens(&r.code).to_owned()
        }
        Valid::InEnum => {
            let KType::Enum(e) = ty else {
                return Err(Diagnostic::new(
                    "`in-enum` goes on an attribute with `enum`",
                    v.span.clone(),
                ));
            };
            let other = other_variant(fs.m, e);
            format!("!matches!(item, {}::{other}(_))", fs.m.enums[e].rust)
        }
    };
    // `_` is the checked value, named `value` in `valid`.
    // (An enum attribute is bound by reference.)
    let value = if matches!(ty, KType::Enum(_)) {
        "(*value)"
    } else {
        value_ident
    };
    Ok(replace_word(&code, "item", value))
}

fn replace_word(code: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        if code[i..].starts_with(from)
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'_'
                    || bytes[i - 1] == b'.'))
            && code[i + from.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        {
            out.push_str(to);
            i += from.len();
        } else {
            let c = code[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The variant that keeps values the enum does not name.
pub(crate) fn other_variant(m: &Model<'_>, e: usize) -> &'static str {
    if m.enums[e]
        .spec
        .values
        .iter()
        .any(|v| camel(&v.id.value) == "Unknown")
    {
        "Other"
    } else {
        "Unknown"
    }
}

fn emit_enum(m: &Model<'_>, en: usize, out: &mut String) -> Result<(), Diagnostic> {
    let info = &m.enums[en];
    let (repr, endian) = (info.int_type(), info.repr.map_or(Endian::Big, |r| r.1));
    let (lo, hi) = repr.range();
    out.push_str("#[derive(zerowire::Decode, Debug, Clone, Copy, PartialEq, Eq)]\n");
    let endian_attr = if endian == Endian::Little && repr.bytes() > 1 {
        ", endian = \"little\""
    } else {
        ""
    };
    let _ = writeln!(out, "#[zerowire(repr = {}{endian_attr})]", repr.rust());
    let _ = writeln!(out, "pub enum {} {{", info.rust);
    for v in &info.spec.values {
        // Kaitai accepts a value its attribute can never hold; a Rust enum of
        // that integer type cannot name it.
        if !(lo..=hi).contains(&v.value.value) {
            return Err(Diagnostic::unsupported(
                &format!(
                    "an enum value ({}) that the integer type of the attribute read as it (`{}`) cannot hold",
                    v.value.value,
                    repr.rust()
                ),
                v.value.span.clone(),
            ));
        }
        doc(out, "    ", v.doc.as_deref());
        let _ = writeln!(
            out,
            "    #[tag({})]\n    {},",
            v.value.value,
            camel(&v.id.value)
        );
    }
    let _ = writeln!(
        out,
        "    /// A value the schema does not name.\n    #[zerowire(other)]\n    {}({}),",
        other_variant(m, en),
        repr.rust()
    );
    out.push_str("}\n\n");
    Ok(())
}

/// A switch's tag: the `switch-on` expression as the holder decodes it, and
/// its type (an integer or an enum).
fn switch_tag(m: &Model<'_>, sw: usize) -> Result<Tag, Diagnostic> {
    let info = &m.switches[sw];
    let holder = &m.types[info.holder];
    // A positioned instance is read once the struct is: its tag sees every field.
    let Some(index) = holder
        .fields
        .iter()
        .position(|f| std::ptr::eq(f.attr, info.attr))
        .or_else(|| {
            holder
                .instances
                .iter()
                .any(|f| std::ptr::eq(f.attr, info.attr) && f.attr.value.is_none())
                .then_some(POSITIONED)
        })
    else {
        return Err(Diagnostic::unsupported(
            "an instance of a `switch-on` type that is not positioned (`pos`)",
            info.attr.span.clone(),
        ));
    };
    let fs = FieldScope {
        m,
        ty: info.holder,
        index,
    };
    // Repeated, each element's tag may read its `_index`.
    let mut scope = fs.scope();
    scope.index = info.attr.repeat.is_some();
    let v = scope.translate(&parse(info.on)?)?;
    let ty = v.value_type();
    match ty {
        KType::Int(_) | KType::Calc | KType::Enum(_) | KType::Str | KType::Bytes | KType::Bool => {}
        other => {
            return Err(Diagnostic::unsupported(
                &format!("`switch-on` over {}", crate::translate::describe(&other)),
                info.on.span.clone(),
            ))
        }
    }
    let code = strip_parens(&v.code).to_owned();
    // An integer literal in the tag expression is Kaitai's calculated `i64`.
    let code = match (&v.ty, &ty) {
        (KType::IntLit, KType::Calc) => format!("{code}_i64"),
        _ => code,
    };
    Ok((code, ty))
}

/// A literal byte array (`[0x49, 72]`, or it `.as<bytes>`) as a Rust byte
/// string (`b"IH"`): a `switch-on` pattern over bytes, an `xor` key.
fn byte_string(e: &Expr) -> Option<String> {
    let items = match &e.kind {
        ExprKind::List(items) => items,
        ExprKind::Cast(list, t) if t == "bytes" => match &list.kind {
            ExprKind::List(items) => items,
            _ => return None,
        },
        _ => return None,
    };
    let mut out = String::from("b\"");
    for item in items {
        let ExprKind::Int(b) = item.kind else {
            return None;
        };
        out.extend(core::ascii::escape_default(u8::try_from(b).ok()?).map(char::from));
    }
    out.push('"');
    Some(out)
}

/// The tagged enum of a `switch-on` attribute.
fn emit_switch(m: &Model<'_>, sw: usize, tag: &KType, out: &mut String) -> Result<(), Diagnostic> {
    let info = &m.switches[sw];
    let tag_rust = rust_type(m, tag);
    let pattern = |key: &ExprSrc| -> Result<String, Diagnostic> {
        let mut scope = Scope {
            m,
            ty: info.holder,
            mode: Mode::Method,
            item: None,
            index: false,
            io: false,
            captured_io: None,
            root_arg: false,
            through_bundle: false,
            inlining: Vec::new(),
            absent: false,
        };
        let key_expr = parse(key)?;
        let v = scope.translate(&key_expr)?;
        match (&tag, &v.ty, v.literal()) {
            (KType::Enum(e), KType::Enum(k), _) if e == k => Ok(v.code),
            (KType::Str, KType::Str, _) if matches!(key_expr.kind, ExprKind::Str(_)) => Ok(v.code),
            (KType::Bool, KType::Bool, _) if matches!(key_expr.kind, ExprKind::Bool(_)) => {
                Ok(v.code)
            }
            (KType::Bytes, KType::Bytes, _) => byte_string(&key_expr).ok_or_else(|| {
                Diagnostic::unsupported(
                    "a `switch-on` case of bytes that are not a literal",
                    key.span.clone(),
                )
            }),
            (KType::Int(_) | KType::Calc, _, Some(l)) => {
                let (lo, hi) = match &tag {
                    KType::Int(i) => i.range(),
                    _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
                };
                if !(lo..=hi).contains(&l) {
                    return Err(Diagnostic::new(
                        format!("{l} is never a value of the `switch-on`, of type `{tag_rust}`"),
                        key.span.clone(),
                    ));
                }
                Ok(l.to_string())
            }
            _ => Err(Diagnostic::new(
                format!(
                    "a case of {} cannot match a `switch-on` of {}",
                    crate::translate::describe(&v.ty),
                    crate::translate::describe(tag)
                ),
                key.span.clone(),
            )),
        }
    };
    // Numbers in the cases read in one byte order, the enum's; in several,
    // each variant says its own.
    let number_order = |f: &Field<'_>| match (&f.elem, f.endian) {
        (KType::Int(IntTy::U8 | IntTy::I8), _) => None,
        (KType::Int(_) | KType::Float(_), e) => e,
        _ => None,
    };
    let orders: Vec<Endian> = info
        .cases
        .iter()
        .filter_map(|c| number_order(&c.field))
        .collect();
    let mixed = orders.iter().any(|e| Some(e) != orders.first());
    let endian = if mixed { None } else { orders.first().copied() };
    doc(out, "", info.attr.doc.as_deref());
    out.push_str(derives(m.types[info.holder].clone));
    let endian_attr = if endian == Some(Endian::Little) {
        ", endian = \"little\""
    } else {
        ""
    };
    let _ = writeln!(out, "#[zerowire(tag_type = {tag_rust}{endian_attr})]");
    let lifetime = if info.lifetime { "<'a>" } else { "" };
    let _ = writeln!(out, "pub enum {}{lifetime} {{", info.rust);
    for var in info.variants() {
        let keys = if var.default {
            "_".to_owned()
        } else {
            var.cases
                .iter()
                .filter_map(|&c| info.cases[c].key)
                .map(pattern)
                .collect::<Result<Vec<_>, _>>()?
                .join(", ")
        };
        let case = &info.cases[var.cases[0]];
        let f = &case.field;
        let payload = match &f.elem {
            KType::User(_) | KType::Int(_) | KType::Float(_) if f.bits.is_none() => {
                rust_type(m, &f.elem)
            }
            KType::Str
                if (info.attr.size.is_some() || info.attr.size_eos)
                    && !case.ty.value.trim().starts_with("strz")
                    && info.attr.terminator.is_none() =>
            {
                rust_type(m, &f.elem)
            }
            _ => {
                return Err(Diagnostic::unsupported(
                    "this type as a `switch-on` case (only user types, numbers and sized text)",
                    case.ty.span.clone(),
                ))
            }
        };
        let payload = if f.boxed {
            format!("Box<{payload}>")
        } else {
            payload
        };
        // A case's arguments, constants the variant passes its payload.
        let mut args = String::new();
        if let KType::User(t) = f.elem {
            let params = &m.types[t].spec.params;
            if f.args.len() != params.len() {
                return Err(Diagnostic::new(
                    format!(
                        "`{}` takes {} arguments, {} given",
                        m.types[t].spec.name.value,
                        params.len(),
                        f.args.len()
                    ),
                    case.ty.span.clone(),
                ));
            }
            let mut given = Vec::new();
            for (p, arg) in params.iter().zip(&f.args) {
                let value = match parse(arg)?.kind {
                    ExprKind::Bool(b) => b.to_string(),
                    ExprKind::Int(i) => i.to_string(),
                    ExprKind::Str(text) => format!("{text:?}"),
                    _ => {
                        return Err(Diagnostic::unsupported(
                            "a `switch-on` case whose arguments are not constants",
                            arg.span.clone(),
                        ))
                    }
                };
                given.push(format!("{} = {value}", ident(&p.id.value)));
            }
            if !given.is_empty() {
                args = format!("\n    #[args({})]", given.join(", "));
            }
        }
        let order = match number_order(f) {
            Some(Endian::Little) if mixed => "\n    #[endian(little)]",
            Some(Endian::Big) if mixed => "\n    #[endian(big)]",
            _ => "",
        };
        let _ = writeln!(
            out,
            "    #[tag({keys})]{order}{args}\n    {}({payload}),",
            var.name
        );
    }
    if let Some(name) = info.unknown() {
        if info.unknown_is_raw() {
            let _ = writeln!(
                out,
                "    /// A tag no case names: the attribute's bytes, unread.\n    #[tag(_)]\n    {name}(&'a [u8]),"
            );
        } else {
            let _ = writeln!(
                out,
                "    /// A tag no case names: nothing is read.\n    #[tag(_)]\n    {name},"
            );
        }
    }
    out.push_str("}\n\n");
    Ok(())
}
