//! Kaitai expressions to Rust, with Kaitai's types and semantics.
//!
//! One translator serves three places: the derive's attribute expressions
//! (fields decoded so far are locals, `parent.`/`root.` read the views, `io` is
//! the current window), computed values (methods on the struct, `self.NAME()`
//! for other instances), and the `.kst` specs (paths from the decoded root `r`).
//!
//! Integers keep their width while they are only read or compared; arithmetic
//! is Kaitai's calculated integer, an `i64`, with `/` and `%` rounding toward
//! negative infinity. Comparisons of different integer types go through `i128`,
//! which holds every value exactly.

use crate::diag::Diagnostic;
use crate::expr::{BinOp, Expr, ExprKind, UnOp};
use crate::resolve::{find_enum, find_type, IntTy, KType, Model, TyId};

/// Where the expression is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// In a derive attribute, while decoding: `decoded` fields are locals.
    Decode { decoded: usize },
    /// In a computed value's method: every field is a local, instances are `self.NAME()`.
    Method,
    /// In a test over the decoded root `r`.
    Test,
}

pub(crate) struct Scope<'m, 's> {
    pub(crate) m: &'m Model<'s>,
    pub(crate) ty: TyId,
    pub(crate) mode: Mode,
    /// `_` in `repeat-until`: the element just read.
    pub(crate) item: Option<KType>,
    /// `_index` is available (as `index`).
    pub(crate) index: bool,
    /// `_io` is available (as `io`, in `size` and `count`).
    pub(crate) io: bool,
    /// In arguments, `_io` is the `Input` field of this name, captured just
    /// before the attribute (arguments are computed on encode too).
    pub(crate) captured_io: Option<String>,
    /// In a computed value's method that takes the root (`_root`).
    pub(crate) root_arg: bool,
    /// It read through a value decoded again from processed bytes (an
    /// `Owned` bundle): what it borrows lives as long as the struct, not `'a`.
    pub(crate) through_bundle: bool,
    /// The value instances being computed in place (by their attribute),
    /// against a value that depends on itself.
    pub(crate) inlining: Vec<&'s crate::schema::Attr>,
    /// It read a value that may be absent (an attribute or instance with
    /// `if`): in a method, with `?`, so the value is an `Option`.
    pub(crate) absent: bool,
}

impl<'m, 's> Scope<'m, 's> {
    /// A scope of `mode` in the type `ty`, with nothing else available yet.
    pub(crate) fn new(m: &'m Model<'s>, ty: TyId, mode: Mode) -> Self {
        Scope {
            m,
            ty,
            mode,
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
}

/// A translated expression: Rust source and its Kaitai type.
#[derive(Debug, Clone)]
pub(crate) struct Value {
    pub(crate) code: String,
    pub(crate) ty: KType,
    /// A literal's value, for folding and for fitting it to the other operand.
    lit: Option<i128>,
    /// A struct decoded on demand (a positioned instance), held by value
    /// where a struct attribute is a reference.
    pub(crate) by_value: bool,
}

impl Value {
    /// A value that is no literal.
    pub(crate) fn typed(code: String, ty: KType) -> Value {
        Value {
            code,
            ty,
            lit: None,
            by_value: false,
        }
    }
}

impl Value {
    /// The type of a computed value holding this: a literal is Kaitai's
    /// calculated integer, or a `u64` where it does not fit an `i64`.
    pub(crate) fn value_type(&self) -> KType {
        match self.ty {
            KType::IntLit if self.lit.is_some_and(|l| l > i128::from(i64::MAX)) => {
                KType::Int(IntTy::U64)
            }
            KType::IntLit => KType::Calc,
            ref t => t.clone(),
        }
    }

    /// An integer literal's value (folded: `-1` is one).
    pub(crate) fn literal(&self) -> Option<i128> {
        self.lit
    }

    fn new(code: impl Into<String>, ty: KType) -> Self {
        Value {
            code: code.into(),
            ty,
            lit: None,
            by_value: false,
        }
    }
}

/// Something a name or a path leads to: a context object or a value.
enum Place {
    /// `_root`, `_parent` or the struct itself, with the Rust prefix of its fields.
    Ctx {
        ty: TyId,
        prefix: Prefix,
    },
    Io,
    Val(Value),
}

#[derive(Clone, Copy, PartialEq)]
enum Prefix {
    Own,
    Parent,
    Root,
    /// The test's decoded root.
    TestRoot,
    /// The root a computed value's method takes (`_root: &Root`), below the
    /// root where a decoded struct cannot see it.
    RootArg,
}

fn unsupported(what: &str, e: &Expr) -> Diagnostic {
    Diagnostic::unsupported(what, e.span.clone())
}

fn err(msg: impl Into<String>, e: &Expr) -> Diagnostic {
    Diagnostic::new(msg, e.span.clone())
}

/// A Rust identifier for a Kaitai name (raw where it is a keyword).
pub(crate) fn ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
        "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override",
        "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
    ];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name == "self" || name == "super" || name == "Self" {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

impl<'s> Scope<'_, 's> {
    pub(crate) fn translate(&mut self, e: &Expr) -> Result<Value, Diagnostic> {
        match self.place(e)? {
            Place::Val(v) => Ok(v),
            // The struct itself, where it is whole: in a test, in its methods
            // and in its positioned values' attributes (read once it is).
            Place::Ctx { ty, prefix } => {
                let whole = match (prefix, self.mode) {
                    (Prefix::TestRoot, _) => Some("(&r)"),
                    (Prefix::RootArg, _) => Some("_root"),
                    (Prefix::Own, Mode::Method) => Some("self"),
                    (Prefix::Own, Mode::Decode { decoded })
                        if decoded >= self.m.types[ty].fields.len() =>
                    {
                        Some("self")
                    }
                    _ => None,
                };
                match whole {
                    Some(code) => Ok(Value::new(code, KType::User(ty))),
                    None => Err(unsupported(
                        "a whole struct (`_root`, `_parent`) as a value",
                        e,
                    )),
                }
            }
            // The stream as a value: where the reader is, or where the
            // struct's fields ended.
            Place::Io => match self.mode {
                Mode::Decode { .. } => Ok(Value::new("io.input()", KType::Io)),
                Mode::Method => Ok(Value::new("input", KType::Io)),
                Mode::Test => Err(unsupported("`_io` as a value in a test", e)),
            },
        }
    }

    /// The root type of the file the scope's type comes from.
    fn root_of(&self, ty: TyId) -> TyId {
        crate::resolve::root_type(self.m, ty)
    }

    fn parent_of(&self, ty: TyId, e: &Expr) -> Result<TyId, Diagnostic> {
        match self.m.types[ty].users.as_slice() {
            // Kaitai resolves `_parent` within the schema that defines the
            // type: a holder in another schema (by import) is not its parent.
            [one] if self.m.types[*one].file != self.m.types[ty].file => Err(err(
                format!(
                    "`_parent` of `{}`, which only `{}` of another schema holds: Kaitai does not follow `_parent` across imports",
                    self.m.types[ty].spec.name.value,
                    self.m.types[*one].spec.name.value
                ),
                e,
            )),
            [one] => Ok(*one),
            [] => Err(err(
                format!(
                    "`_parent` of `{}`, which no type holds",
                    self.m.types[ty].spec.name.value
                ),
                e,
            )),
            _ => Err(unsupported("`_parent` of a type held by several types", e)),
        }
    }

    fn place(&mut self, e: &Expr) -> Result<Place, Diagnostic> {
        match &e.kind {
            ExprKind::Name(n) => self.name(n, e),
            ExprKind::Attr(base, name) if name == "_sizeof" => {
                self.size_of(base, e).map(Place::Val)
            }
            // In a method of a struct below the root, `_root._io` is still the
            // whole input, which the struct's `Input` holds.
            ExprKind::Attr(base, name)
                if name == "_io"
                    && base.kind == ExprKind::Name("_root".into())
                    && self.mode == Mode::Method
                    && self.m.types[self.ty].keeps_input
                    && !crate::resolve::read_from_processed(self.m, self.ty) =>
            {
                Ok(Place::Val(Value::new("input.outermost()", KType::Io)))
            }
            ExprKind::Attr(base, name) => {
                let base_place = self.place(base)?;
                self.member(base_place, name, e)
            }
            _ => self.value(e).map(Place::Val),
        }
    }

    /// `X._sizeof`: the size the schema fixes for the attribute or the type X.
    fn size_of(&mut self, base: &Expr, e: &Expr) -> Result<Value, Diagnostic> {
        let field = |m: &Model<'_>, t: TyId, n: &str| {
            m.types[t]
                .fields
                .iter()
                .position(|f| f.attr.id.value == n)
                .map(|i| (t, i))
        };
        let attr = match &base.kind {
            ExprKind::Name(n) => field(self.m, self.ty, n),
            ExprKind::Attr(owner, n) => match self.place(owner)? {
                Place::Ctx { ty, .. } => field(self.m, ty, n),
                Place::Val(Value {
                    ty: KType::User(t), ..
                }) => field(self.m, t, n),
                _ => None,
            },
            _ => None,
        };
        let size = match attr {
            Some((t, i)) => crate::resolve::attr_size(self.m, &self.m.types[t].fields[i]),
            None => match self.place(base)? {
                Place::Ctx { ty, .. }
                | Place::Val(Value {
                    ty: KType::User(ty),
                    ..
                }) => crate::resolve::static_size(self.m, ty),
                _ => None,
            },
        };
        let size = size.ok_or_else(|| {
            err(
                "`_sizeof` needs a size the schema fixes; this value's depends on the data",
                e,
            )
        })?;
        Ok(Value {
            code: size.to_string(),
            ty: KType::IntLit,
            lit: Some(i128::from(size)),
            by_value: false,
        })
    }

    fn name(&mut self, n: &str, e: &Expr) -> Result<Place, Diagnostic> {
        match n {
            "_sizeof" => {
                let size = crate::resolve::static_size(self.m, self.ty).ok_or_else(|| {
                    err(
                        "`_sizeof` needs a size the schema fixes; this type's depends on the data",
                        e,
                    )
                })?;
                Ok(Place::Val(Value {
                    code: size.to_string(),
                    ty: KType::IntLit,
                    lit: Some(i128::from(size)),
                    by_value: false,
                }))
            }
            "_root" => {
                let root = self.root_of(self.ty);
                if root == self.ty
                    && !self.m.types[root].users.is_empty()
                    && self.mode != Mode::Test
                {
                    return Err(unsupported(
                        "`_root` in a root type that is also nested in itself",
                        e,
                    ));
                }
                Ok(match self.mode {
                    Mode::Test => Place::Ctx {
                        ty: root,
                        prefix: Prefix::TestRoot,
                    },
                    _ if root == self.ty => Place::Ctx {
                        ty: root,
                        prefix: Prefix::Own,
                    },
                    Mode::Decode { .. } => Place::Ctx {
                        ty: root,
                        prefix: Prefix::Root,
                    },
                    Mode::Method if self.root_arg => Place::Ctx {
                        ty: root,
                        prefix: Prefix::RootArg,
                    },
                    Mode::Method => return Err(unsupported("`_root` in a computed value", e)),
                })
            }
            "_parent" => match self.mode {
                // A positioned instance's attributes are read by its method,
                // which sees only its struct.
                Mode::Decode { decoded } if decoded == crate::emit::POSITIONED => {
                    Err(unsupported("`_parent` in a positioned instance's attributes", e))
                }
                Mode::Decode { .. } => Ok(Place::Ctx {
                    ty: self.parent_of(self.ty, e)?,
                    prefix: Prefix::Parent,
                }),
                _ => Err(unsupported("`_parent` outside a length or condition", e)),
            },
            "_io" => match self.mode {
                Mode::Decode { .. } if self.io => Ok(Place::Io),
                // The field is bound by reference, in decode and in encode.
                Mode::Decode { .. } if self.captured_io.is_some() => Ok(Place::Val(Value::new(
                    format!("(*{})", self.captured_io.as_deref().unwrap_or_default()),
                    KType::Io,
                ))),
                Mode::Method if self.m.types[self.ty].keeps_input => {
                    Ok(Place::Io)
                }
                _ => Err(unsupported(
                    "`_io` outside `size`, `repeat-expr`, `repeat-until`, `if`, `valid`, arguments and instances (a `process` key, for one, is computed on encode too, where no stream exists)",
                    e,
                )),
            },
            "_index" if self.index => Ok(Place::Val(Value::new("(index as i64)", KType::Calc))),
            "_index" => Err(err("`_index` is only defined inside a repetition", e)),
            "_" => match &self.item {
                Some(t) => Ok(Place::Val(Value::new("item", t.clone()))),
                None => Err(err("`_` is only defined in `repeat-until`", e)),
            },
            _ => {
                let own = match self.mode {
                    Mode::Test => Prefix::TestRoot,
                    _ => Prefix::Own,
                };
                if let Some(p) = self.m.types[self.ty]
                    .spec
                    .params
                    .iter()
                    .find(|p| p.id.value == n)
                {
                    let ty = param_type(self.m, self.ty, p)
                        .ok_or_else(|| unsupported("a parameter of this type", e))?;
                    return match self.mode {
                        // A positioned instance's attributes, in its method:
                        // the parameter as kept (a local, as in a computed value).
                        Mode::Decode { decoded } if decoded == crate::emit::POSITIONED => {
                            let code = match ty {
                                KType::Enum(_) => format!("(*{})", ident(n)),
                                _ => ident(n),
                            };
                            Ok(Place::Val(Value::new(code, ty)))
                        }
                        Mode::Decode { .. } => {
                            Ok(Place::Val(Value::new(format!("args.{}", ident(n)), ty)))
                        }
                        // Kept as a field (`#[calc(args.NAME)]`): a local of the method.
                        Mode::Method if matches!(ty, KType::Enum(_)) => {
                            Ok(Place::Val(Value::new(format!("(*{})", ident(n)), ty)))
                        }
                        Mode::Method => Ok(Place::Val(Value::new(ident(n), ty))),
                        _ => Err(unsupported(
                            "a parameter read outside a length or condition",
                            e,
                        )),
                    };
                }
                self.member(
                    Place::Ctx {
                        ty: self.ty,
                        prefix: own,
                    },
                    n,
                    e,
                )
            }
        }
    }

    fn member(&mut self, base: Place, name: &str, e: &Expr) -> Result<Place, Diagnostic> {
        match base {
            // While decoding, the reader; in a method, where the struct's
            // `Input` (its last field) was: the end of its fields.
            Place::Io => {
                let io = if self.mode == Mode::Method {
                    "input"
                } else {
                    "io"
                };
                match name {
                    "pos" => Ok(Place::Val(Value::new(
                        format!("({io}.window_position() as i64)"),
                        KType::Calc,
                    ))),
                    "size" => Ok(Place::Val(Value::new(
                        format!("({io}.window_size() as i64)"),
                        KType::Calc,
                    ))),
                    "eof" => Ok(Place::Val(Value::new(
                        format!("{io}.is_empty()"),
                        KType::Bool,
                    ))),
                    _ => Err(unsupported(&format!("`_io.{name}`"), e)),
                }
            }
            Place::Ctx { ty, prefix } => {
                if name == "_parent" {
                    return match prefix {
                        Prefix::Parent => {
                            let grand = self.parent_of(ty, e)?;
                            if grand == self.root_of(self.ty) {
                                Ok(Place::Ctx {
                                    ty: grand,
                                    prefix: Prefix::Root,
                                })
                            } else {
                                Err(unsupported("`_parent._parent` below the root", e))
                            }
                        }
                        Prefix::Own => self.name("_parent", e),
                        _ => Err(unsupported("`_parent` of the root", e)),
                    };
                }
                if name == "_sizeof" {
                    return Err(unsupported("`_sizeof`", e));
                }
                if name == "_io" {
                    return match prefix {
                        Prefix::Own => self.name("_io", e),
                        // The root's stream is the whole input (unless the
                        // struct is read from processed bytes).
                        Prefix::Root if !crate::resolve::read_from_processed(self.m, self.ty) => {
                            let here = match (self.mode, &self.captured_io) {
                                (Mode::Decode { .. }, _) if self.io => "io.input()".to_owned(),
                                (Mode::Decode { .. }, Some(captured)) => captured.clone(),
                                (Mode::Method, _) if self.m.types[self.ty].keeps_input => {
                                    "input".to_owned()
                                }
                                _ => return Err(unsupported("another struct's `_io`", e)),
                            };
                            Ok(Place::Val(Value::new(
                                format!("{here}.outermost()"),
                                KType::Io,
                            )))
                        }
                        _ => Err(unsupported("another struct's `_io`", e)),
                    };
                }
                self.field_of(ty, prefix, name, e).map(Place::Val)
            }
            Place::Val(v) => self.method(v, name, &[], e).map(Place::Val),
        }
    }

    fn field_of(
        &mut self,
        ty: TyId,
        prefix: Prefix,
        name: &str,
        e: &Expr,
    ) -> Result<Value, Diagnostic> {
        let t = &self.m.types[ty];
        if let Some(i) = t.fields.iter().position(|f| f.attr.id.value == name) {
            let f = &t.fields[i];
            let kt = f.ktype();
            if kt == KType::Unit {
                // A `contents` attribute holds exactly its bytes, once it is read.
                if let Mode::Decode { decoded } = self.mode {
                    if i >= decoded {
                        return Err(err(format!("`{name}` is decoded after this attribute; move it up or use an instance"), e));
                    }
                }
                return match &f.attr.contents {
                    Some(_) if f.attr.repeat.is_some() || f.attr.if_.is_some() => Err(unsupported(
                        "reading a `contents` attribute with `repeat` or `if`",
                        e,
                    )),
                    Some(c) => {
                        let bytes: Vec<String> =
                            c.value.iter().map(|b| format!("{b:#04x}")).collect();
                        Ok(Value::new(
                            format!("(&[{}][..])", bytes.join(", ")),
                            KType::Bytes,
                        ))
                    }
                    None => Err(err(format!("`{name}` has no value"), e)),
                };
            }
            let id = ident(name);
            let code = match prefix {
                Prefix::Own => {
                    if let Mode::Decode { decoded } = self.mode {
                        // Per element, a repetition's own name is the elements
                        // read before it (a slice; a lazy list has none).
                        if i == decoded && self.index {
                            if f.lazy || f.attr.repeat.is_none() {
                                return Err(unsupported(
                                    &format!("a repetition that reads its own earlier elements (`{name}` in its own attributes)"),
                                    e,
                                ));
                            }
                            return Ok(Value::new(id, kt));
                        }
                        // A value instance computed as a field (after the
                        // attributes) is computed where an earlier one reads it.
                        if i >= decoded && f.calc {
                            return self.inline_calc(ty, i, e);
                        }
                        if i >= decoded {
                            return Err(err(format!("`{name}` is decoded after this attribute; move it up or use an instance"), e));
                        }
                    }
                    id
                }
                Prefix::Parent | Prefix::Root => {
                    let (via, base, noun) = if prefix == Prefix::Parent {
                        ("_parent", "parent", "parent")
                    } else {
                        ("_root", "root", "root")
                    };
                    // The attribute that holds this type (through others) is
                    // being decoded; later ones are not yet.
                    let holder = t
                        .fields
                        .iter()
                        .position(|h| crate::resolve::holds(self.m, &h.elem, self.ty));
                    if holder.is_some_and(|h| i >= h) {
                        // A value computed after the attributes: computed
                        // here through the view, as an instance.
                        if let (true, None, Some(src)) = (f.calc, &f.attr.if_, &f.attr.value) {
                            if let Some(seen) = reroot(&crate::expr::parse(src)?, via) {
                                return self.inline_expr(&seen, f.attr, ty, e);
                            }
                        }
                        return Err(unsupported(&format!("`{via}.{name}`, which the {noun} decodes after this type (or while, as its array)"), e));
                    }
                    format!("{base}.{id}")
                }
                Prefix::TestRoot => format!("r.{id}"),
                Prefix::RootArg => format!("_root.{id}"),
            };
            if f.attr.if_.is_some() {
                if self.mode == Mode::Method && matches!(prefix, Prefix::Own | Prefix::RootArg) {
                    return Ok(Value::new(self.maybe(&code, &kt), kt));
                }
                // While decoding, an absent value is an error (Kaitai's `null`).
                if matches!(self.mode, Mode::Decode { .. }) && prefix == Prefix::Own {
                    return Ok(Value::new(required(&code, name, &kt), kt));
                }
                if self.mode != Mode::Test || prefix != Prefix::TestRoot && prefix != Prefix::Own {
                    return Err(unsupported(
                        &format!("reading `{name}`, which may be absent (`if`), in the parser"),
                        e,
                    ));
                }
                let code = if copied(&kt) {
                    format!("{code}.unwrap()")
                } else {
                    format!("{code}.as_ref().unwrap()")
                };
                return Ok(Value::new(code, kt));
            }
            // The derive binds an enum field by reference, in decode as in
            // encode (a `parent.`/`root.` read is already the value).
            if matches!(kt, KType::Enum(_)) && matches!(prefix, Prefix::Own) {
                return Ok(Value::new(format!("(*{code})"), kt));
            }
            if f.lazy {
                let holder = match prefix {
                    Prefix::TestRoot => Some("&r"),
                    Prefix::RootArg => Some("_root"),
                    Prefix::Own if self.mode == Mode::Method => Some("self"),
                    _ => None,
                };
                let code = self.lazy_list(ty, i, holder, &code, e)?;
                // Its elements are decoded on the spot: owned, by value.
                return Ok(Value {
                    by_value: true,
                    ..Value::new(code, kt)
                });
            }
            return Ok(Value::new(code, kt));
        }
        if let Some(i) = t.instances.iter().position(|f| f.attr.id.value == name) {
            let inst = t.instances[i].attr;
            return match (self.mode, prefix) {
                (Mode::Test, _) | (Mode::Method, Prefix::Own | Prefix::RootArg) => {
                    if self.mode == Mode::Method {
                        self.stream_arg(ty, i, e)?;
                    }
                    let root = self.root_arg_of(ty, i, e)?;
                    let absent = self.instance_absent(ty, i, e)?;
                    let ty = self.instance_type(ty, i, e)?;
                    let recv = match (self.mode, prefix) {
                        (Mode::Test, _) => "r",
                        (_, Prefix::RootArg) => "_root",
                        _ => "self",
                    };
                    // A positioned instance decodes on demand: in a computed
                    // value, one that fails to decode is absent.
                    // Read (at `pos`, or where the fields ended), not computed.
                    let pos = inst.value.is_none();
                    let call = match (pos, self.mode) {
                        (true, Mode::Test) => format!("{recv}.{}().unwrap()", ident(name)),
                        (true, _) => {
                            self.absent = true;
                            format!("{recv}.{}().ok()?", ident(name))
                        }
                        (false, _) => format!("{recv}.{}({root})", ident(name)),
                    };
                    let call = match (absent, self.mode) {
                        (false, _) => call,
                        (true, Mode::Method) => {
                            self.absent = true;
                            format!("{call}?")
                        }
                        (true, _) => format!("{call}.unwrap()"),
                    };
                    Ok(Value {
                        by_value: pos && matches!(ty, KType::User(_)),
                        ..Value::new(call, ty)
                    })
                }
                // While decoding, a value is computed where it is read; what
                // would make it absent is an error of the field there.
                (Mode::Decode { .. }, Prefix::Own) if inst.value.is_some() => {
                    let v = self.inline(ty, i, e)?;
                    // A value read as an enum: the variant of its integer,
                    // which must fit the enum's.
                    let v = match self.m.types[ty].instances[i].elem {
                        KType::Enum(en) if inst.enum_.is_some() => {
                            let info = &self.m.enums[en];
                            Value::new(
                                format!(
                                    "{}::from(::zerowire::math::narrow::<{}, _>({}, {name:?})?)",
                                    info.rust,
                                    info.int_type().rust(),
                                    v.code
                                ),
                                KType::Enum(en),
                            )
                        }
                        _ => v,
                    };
                    match &inst.if_ {
                        None => Ok(v),
                        Some(cond) => {
                            let c = self.translate(&crate::expr::parse(cond)?)?;
                            let code =
                                format!("(if {} {{ Some({}) }} else {{ None }})", c.code, v.code);
                            Ok(Value::new(required_owned(&code, name), v.ty))
                        }
                    }
                }
                // A value of the parent's or root's, computed here through
                // its view: its names read as `_parent.x` / `_root.x`.
                (Mode::Decode { .. }, Prefix::Root | Prefix::Parent)
                    if inst.if_.is_none() && inst.enum_.is_none() =>
                {
                    let Some(src) = inst.value.clone() else {
                        return Err(unsupported("an instance read while decoding", e));
                    };
                    let via = if prefix == Prefix::Root {
                        "_root"
                    } else {
                        "_parent"
                    };
                    let Some(seen) = reroot(&crate::expr::parse(&src)?, via) else {
                        return Err(unsupported(
                            "a value of the parent's or root's that reads its stream or index",
                            e,
                        ));
                    };
                    self.inline_expr(&seen, inst, ty, e)
                }
                _ => Err(unsupported("an instance read while decoding", e)),
            };
        }
        Err(err(
            format!(
                "`{}` has no attribute or instance `{name}`",
                t.spec.name.value
            ),
            e,
        ))
    }

    /// The elements of field `i` of `ty`, a lazy `List` at `code`, as a `Vec`
    /// to read like an array: decoded alone, or, where they read `_parent` or
    /// `_root`, inside `holder` (the struct that holds the list, a reference)
    /// under the root, which a test and a method of the root know.
    fn lazy_list(
        &self,
        ty: TyId,
        i: usize,
        holder: Option<&str>,
        code: &str,
        e: &Expr,
    ) -> Result<String, Diagnostic> {
        let KType::User(elem) = self.m.types[ty].fields[i].elem else {
            return Err(err("a lazy list holds structs", e));
        };
        if !self.m.types[elem].needs_parent() {
            return Ok(format!("{code}.iter().collect::<Vec<_>>()"));
        }
        let root = match self.mode {
            Mode::Test => "&r",
            Mode::Method if self.root_arg => "_root",
            Mode::Method if !self.m.types[self.ty].needs_parent() => "self",
            _ => {
                return Err(unsupported(
                    "a list of structs that read `_parent`/`_root`, read below the root or while decoding",
                    e,
                ))
            }
        };
        let Some(holder) = holder else {
            return Err(unsupported(
                "a list of structs that read `_parent`/`_root`, of another struct, in a computed value",
                e,
            ));
        };
        Ok(format!(
            "{code}.iter_in({holder}, {root}).collect::<Vec<_>>()"
        ))
    }

    /// A value instance's expression in place of its name (it is pure).
    fn inline(&mut self, ty: TyId, i: usize, e: &Expr) -> Result<Value, Diagnostic> {
        let attr = self.m.types[ty].instances[i].attr;
        self.inline_value(attr, ty, e)
    }

    /// The value of field `i` of `ty`, a value instance computed as a field
    /// (`#[calc]`), computed again where an attribute before it reads it.
    fn inline_calc(&mut self, ty: TyId, i: usize, e: &Expr) -> Result<Value, Diagnostic> {
        let attr = self.m.types[ty].fields[i].attr;
        if attr.if_.is_some() {
            return Err(unsupported(
                "a computed value with `if` read by an attribute before it",
                e,
            ));
        }
        self.inline_value(attr, ty, e)
    }

    /// The value expression of `attr`, an attribute of `ty`, translated here.
    fn inline_value(
        &mut self,
        attr: &'s crate::schema::Attr,
        ty: TyId,
        e: &Expr,
    ) -> Result<Value, Diagnostic> {
        let src = attr
            .value
            .clone()
            .ok_or_else(|| unsupported("an instance read while decoding", e))?;
        self.inline_expr(&crate::expr::parse(&src)?, attr, ty, e)
    }

    /// Whether the value of `attr` is being computed already (it depends on
    /// itself).
    fn inlines(&self, attr: &crate::schema::Attr) -> bool {
        self.inlining.iter().any(|a| std::ptr::eq(*a, attr))
    }

    /// A diagnostic of an expression of type `ty`, read here at `e`: where
    /// `ty` is of another schema, placed at `e` (its spans are that schema's).
    fn at_use(&self, ty: TyId, d: Diagnostic, e: &Expr) -> Diagnostic {
        if self.m.types[ty].file == self.m.types[self.ty].file {
            return d;
        }
        let name = &self.m.types[ty].spec.name.value;
        match d.unsupported_feature() {
            Some(f) => {
                Diagnostic::unsupported(&format!("{f} (in a value of `{name}`)"), e.span.clone())
            }
            None => err(format!("in a value of `{name}`: {}", d.message), e),
        }
    }

    /// `value`, the expression of `attr` (a value instance of `ty`),
    /// translated here in parentheses.
    fn inline_expr(
        &mut self,
        value: &Expr,
        attr: &'s crate::schema::Attr,
        ty: TyId,
        e: &Expr,
    ) -> Result<Value, Diagnostic> {
        if self.inlines(attr) {
            return Err(err("this instance's value depends on itself", e));
        }
        self.inlining.push(attr);
        let v = self.translate(value);
        self.inlining.pop();
        let v = v.map_err(|d| self.at_use(ty, d, e))?;
        Ok(Value {
            code: paren(&v.code),
            ..v
        })
    }

    /// A read, in a method, of `code`, an `Option` of a `kt`: its value, or
    /// `None` for the whole method (`?`).
    fn maybe(&mut self, code: &str, kt: &KType) -> String {
        self.absent = true;
        if copied(kt) {
            format!("(*{code}.as_ref()?)")
        } else {
            format!("{code}.as_ref()?")
        }
    }

    /// Whether an instance may be absent: it has `if`, or its value reads
    /// something that may be.
    pub(crate) fn instance_absent(
        &mut self,
        ty: TyId,
        i: usize,
        e: &Expr,
    ) -> Result<bool, Diagnostic> {
        let a = self.m.types[ty].instances[i].attr;
        // A value read as an enum is absent where it lies outside the enum's integers.
        if a.if_.is_some() || a.value.is_some() && a.enum_.is_some() {
            return Ok(true);
        }
        if a.value.is_none() {
            return Ok(false);
        }
        Ok(self.method_value(ty, i, e)?.1)
    }

    /// An instance's value as its method computes it, and whether it reads
    /// something that may be absent.
    fn method_value(&mut self, ty: TyId, i: usize, e: &Expr) -> Result<(Value, bool), Diagnostic> {
        let attr = self.m.types[ty].instances[i].attr;
        if self.inlines(attr) {
            return Err(err("this instance's value depends on itself", e));
        }
        let Some(src) = attr.value.clone() else {
            return Err(unsupported("an instance read while decoding", e));
        };
        let parsed = crate::expr::parse(&src)?;
        let mut inner = Scope {
            m: self.m,
            ty,
            mode: Mode::Method,
            item: None,
            index: false,
            io: false,
            captured_io: None,
            root_arg: false,
            through_bundle: false,
            inlining: self.inlining.clone(),
            absent: false,
        };
        inner.inlining.push(attr);
        let v = inner
            .translate(&parsed)
            .map_err(|d| self.at_use(ty, d, e))?;
        Ok((v, inner.absent))
    }

    /// The type of an instance: read from its attribute, or inferred from its value.
    pub(crate) fn instance_type(
        &mut self,
        ty: TyId,
        i: usize,
        e: &Expr,
    ) -> Result<KType, Diagnostic> {
        let f = &self.m.types[ty].instances[i];
        if f.attr.value.is_none() || matches!(f.elem, KType::Enum(_)) {
            return Ok(f.ktype());
        }
        // A literal value is a method returning Kaitai's calculated integer.
        Ok(self.method_value(ty, i, e)?.0.value_type())
    }

    fn value(&mut self, e: &Expr) -> Result<Value, Diagnostic> {
        match &e.kind {
            ExprKind::Int(v) => Ok(Value {
                code: v.to_string(),
                ty: KType::IntLit,
                lit: Some(*v),
                by_value: false,
            }),
            ExprKind::Float(v) => Ok(Value::new(format!("{v:?}_f64"), KType::Float(8))),
            ExprKind::Bool(b) => Ok(Value::new(b.to_string(), KType::Bool)),
            ExprKind::Str(s) => Ok(Value::new(format!("{s:?}"), KType::Str)),
            ExprKind::FString(parts) => self.format_string(parts),
            ExprKind::List(items) => {
                let vals: Vec<Value> = items
                    .iter()
                    .map(|i| self.translate(i))
                    .collect::<Result<_, _>>()?;
                if vals.iter().all(|v| v.lit.is_some()) {
                    if vals
                        .iter()
                        .all(|v| v.lit.is_some_and(|l| (0..=255).contains(&l)))
                    {
                        let bytes: Vec<String> = vals
                            .iter()
                            .map(|v| format!("0x{:02x}", v.lit.unwrap_or(0)))
                            .collect();
                        return Ok(Value::new(
                            format!("&[{}][..]", bytes.join(", ")),
                            KType::Bytes,
                        ));
                    }
                    if self.mode == Mode::Test {
                        return Ok(Value::new(
                            format!(
                                "[{}]",
                                vals.iter()
                                    .map(|v| v.code.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            KType::Array(Box::new(KType::IntLit)),
                        ));
                    }
                }
                // In a test, a list of values of one type is an array to compare with.
                if let Some(first) = vals.first() {
                    let same = vals
                        .iter()
                        .all(|v| v.ty == first.ty || is_text(&v.ty) && is_text(&first.ty));
                    if self.mode == Mode::Test && same {
                        let code: Vec<&str> = vals.iter().map(|v| v.code.as_str()).collect();
                        return Ok(Value::new(
                            format!("[{}]", code.join(", ")),
                            KType::Array(Box::new(first.ty.clone())),
                        ));
                    }
                }
                // A list of literals of one type is a static slice (Kaitai's
                // integers in it are its calculated `i64`).
                let elem = |item: &Expr, v: &Value| match (&item.kind, &v.ty) {
                    (_, KType::IntLit) => Some((KType::Calc, format!("{}_i64", v.code))),
                    (ExprKind::Float(_), _) => Some((KType::Float(8), v.code.clone())),
                    (ExprKind::Str(_), _) => Some((KType::Str, v.code.clone())),
                    (ExprKind::Bool(_), _) => Some((KType::Bool, v.code.clone())),
                    _ => None,
                };
                let literals: Option<Vec<(KType, String)>> =
                    items.iter().zip(&vals).map(|(i, v)| elem(i, v)).collect();
                if let Some(literals) = literals.filter(|l| !l.is_empty()) {
                    let ty = literals[0].0.clone();
                    if literals.iter().all(|(t, _)| *t == ty) {
                        let code: Vec<&str> = literals.iter().map(|(_, c)| c.as_str()).collect();
                        return Ok(Value::new(
                            format!("&[{}][..]", code.join(", ")),
                            KType::Array(Box::new(ty)),
                        ));
                    }
                }
                // Values of one type that copies (numbers, text, streams): a
                // new list.
                if let Some(first) = vals.first() {
                    if copied(&first.ty) && vals.iter().all(|v| v.ty == first.ty) {
                        let code: Vec<&str> = vals.iter().map(|v| v.code.as_str()).collect();
                        return Ok(Value::new(
                            format!("vec![{}]", code.join(", ")),
                            KType::Array(Box::new(first.ty.clone())),
                        ));
                    }
                }
                Err(unsupported(
                    "a list of computed values of different types (or of structs)",
                    e,
                ))
            }
            ExprKind::EnumLit { path, value } => {
                let en = find_enum(self.m, self.ty, &path.join("::"))
                    .ok_or_else(|| err(format!("unknown enum `{}`", path.join("::")), e))?;
                let info = &self.m.enums[en];
                if !info.spec.values.iter().any(|v| v.id.value == *value) {
                    return Err(err(
                        format!("enum `{}` has no value `{value}`", info.spec.name.value),
                        e,
                    ));
                }
                Ok(Value::new(
                    format!("{}::{}", info.rust, crate::resolve::camel(value)),
                    KType::Enum(en),
                ))
            }
            ExprKind::Unary(op, a) => {
                let a = self.translate(a)?;
                if let (UnOp::Neg, Some(l)) = (op, a.lit.and_then(i128::checked_neg)) {
                    return Ok(Value {
                        code: l.to_string(),
                        ty: KType::IntLit,
                        lit: Some(l),
                        by_value: false,
                    });
                }
                let a = self.settle(a, e)?;
                match (op, &a.ty) {
                    (UnOp::Not, KType::Bool) => {
                        Ok(Value::new(format!("!{}", paren(&a.code)), KType::Bool))
                    }
                    (UnOp::Neg, t) if t.is_int() => {
                        Ok(Value::new(format!("-{}", paren(&calc(&a))), KType::Calc))
                    }
                    (UnOp::Inv, t) if t.is_int() => {
                        Ok(Value::new(format!("!{}", paren(&calc(&a))), KType::Calc))
                    }
                    (UnOp::Neg, KType::Float(_)) => Ok(Value::new(
                        format!("-{}", paren(&float(&a))),
                        KType::Float(8),
                    )),
                    _ => Err(err(
                        format!("`{op:?}` does not apply to {}", describe(&a.ty)),
                        e,
                    )),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.translate(a)?, self.translate(b)?);
                let (a, b) = (self.settle(a, e)?, self.settle(b, e)?);
                self.binary(*op, a, b, e)
            }
            ExprKind::Ternary(c, a, b) => {
                let c = self.translate(c)?;
                if c.ty != KType::Bool {
                    return Err(err(
                        format!("a condition must be a boolean, found {}", describe(&c.ty)),
                        e,
                    ));
                }
                let (a, b) = (self.translate(a)?, self.translate(b)?);
                // A `switch-on` of integers meets the other side as its integer.
                let (a, b) = match (&a.ty, &b.ty) {
                    (KType::Switch(_), KType::Switch(_)) => (a, b),
                    (KType::Switch(_), _) | (_, KType::Switch(_)) => {
                        let (ea, eb) = match &e.kind {
                            ExprKind::Ternary(_, x, y) => (x.as_ref(), y.as_ref()),
                            _ => (e, e),
                        };
                        (self.settle(a, ea)?, self.settle(b, eb)?)
                    }
                    _ => (a, b),
                };
                // A literal beyond `i64` (`0x8000_0000_0000_0000`) makes the
                // value a `u64`, which the other branch must fit.
                let beyond = |v: &Value| v.lit.is_some_and(|l| l > i128::from(i64::MAX));
                let (ac, bc, ty) = if a.ty.is_int() && b.ty.is_int() && (beyond(&a) || beyond(&b)) {
                    (self.as_u64(&a), self.as_u64(&b), KType::Int(IntTy::U64))
                } else if a.ty.is_int() && b.ty.is_int() && a.ty != b.ty {
                    (calc(&a), calc(&b), KType::Calc)
                } else if matches!((&a.ty, &b.ty), (KType::Float(_), t) | (t, KType::Float(_)) if t.is_int() || matches!(t, KType::Float(_)))
                    && a.ty != b.ty
                {
                    // Numbers of which one is a float meet as a double, as in Kaitai.
                    let double = |v: &Value| match v.ty {
                        KType::Float(8) => v.code.clone(),
                        _ => format!("({} as f64)", paren(&v.code)),
                    };
                    (double(&a), double(&b), KType::Float(8))
                } else if a.ty == b.ty {
                    (a.code.clone(), b.code.clone(), a.ty.clone())
                } else if let Some(shared) = maybe_owned(&a.ty, &b.ty) {
                    // A borrowed value and one decoded again from processed
                    // bytes meet as `MaybeOwned`, in a method (the value's type).
                    if self.mode != Mode::Method {
                        return Err(unsupported(
                            "a ternary whose branches have different types",
                            e,
                        ));
                    }
                    let side = |v: &Value| match v.ty {
                        KType::Owned(_) | KType::OwnedOpaque(_) => {
                            format!("::zerowire::MaybeOwned::Owned({}.get())", paren(&v.code))
                        }
                        _ => format!("::zerowire::MaybeOwned::Borrowed({})", v.code),
                    };
                    (side(&a), side(&b), shared)
                } else if is_text(&a.ty) && is_text(&b.ty) {
                    (
                        format!("{}.to_string()", paren(&a.code)),
                        format!("{}.to_string()", paren(&b.code)),
                        KType::OwnedStr,
                    )
                } else if is_bytes(&a.ty) && is_bytes(&b.ty) {
                    // Borrowed and computed bytes meet as computed (a copy).
                    (
                        format!("{}.to_vec()", paren(&a.code)),
                        format!("{}.to_vec()", paren(&b.code)),
                        KType::OwnedBytes,
                    )
                } else {
                    return Err(unsupported(
                        "a ternary whose branches have different types",
                        e,
                    ));
                };
                Ok(Value::new(
                    format!(
                        "(if {} {{ {} }} else {{ {} }})",
                        crate::emit::strip_parens(&c.code),
                        crate::emit::strip_parens(&ac),
                        crate::emit::strip_parens(&bc)
                    ),
                    ty,
                ))
            }
            ExprKind::Index(a, i) => {
                let a = self.translate(a)?;
                let i = self.translate(i)?;
                let elem = match &a.ty {
                    KType::Array(elem) => (**elem).clone(),
                    KType::Bytes | KType::OwnedBytes => KType::Int(IntTy::U8),
                    _ => {
                        return Err(err(
                            format!(
                                "only arrays and bytes can be indexed, found {}",
                                describe(&a.ty)
                            ),
                            e,
                        ))
                    }
                };
                if let Mode::Decode { .. } = self.mode {
                    // Out of range is an error of the field (`?`).
                    let code = format!(
                        "::zerowire::math::element(&{}, {})",
                        paren(&a.code),
                        calc(&i)
                    );
                    return Ok(Value::new(
                        if copied(&elem) {
                            format!("{code}.copied()?")
                        } else {
                            format!("{code}?")
                        },
                        elem,
                    ));
                }
                if self.mode == Mode::Method && a.by_value {
                    // Elements decoded on the spot (a lazy list): the one asked
                    // for, owned; out of range, absent.
                    self.absent = true;
                    let list = a
                        .code
                        .strip_suffix(".collect::<Vec<_>>()")
                        .unwrap_or(&a.code);
                    return Ok(Value {
                        by_value: !copied(&elem),
                        ..Value::new(
                            format!("{list}.nth(usize::try_from({}).ok()?)?", calc(&i)),
                            elem,
                        )
                    });
                }
                if self.mode == Mode::Method {
                    // Out of range, the value is absent (Kaitai raises an error).
                    self.absent = true;
                    let code = format!("{}.get(usize::try_from({}).ok()?)?", a.code, calc(&i));
                    return Ok(Value::new(
                        if copied(&elem) {
                            format!("(*{code})")
                        } else {
                            code
                        },
                        elem,
                    ));
                }
                let idx = match i.lit {
                    Some(l) => l.to_string(),
                    None => format!("usize::try_from({}).unwrap()", calc(&i)),
                };
                let code = format!("{}[{idx}]", a.code);
                Ok(Value::new(
                    if copied(&elem) {
                        code
                    } else {
                        format!("&{code}")
                    },
                    elem,
                ))
            }
            ExprKind::Call(a, name, args) => {
                let a = self.translate(a)?;
                self.method(a, name, args, e)
            }
            ExprKind::Cast(a, t) => {
                if let (ExprKind::List(items), "bytes") = (&a.kind, t.as_str()) {
                    return self.byte_list(items);
                }
                if let (ExprKind::List(items), Some(elem)) =
                    (&a.kind, t.strip_suffix("[]").and_then(int_type))
                {
                    return self.int_list(items, elem, e);
                }
                let a = self.translate(a)?;
                if let KType::Switch(sw) = a.ty {
                    if let Some(u) = find_type(self.m, self.ty, t) {
                        return self.switch_case(sw, &a, &KType::User(u), e);
                    }
                    if t == "bytes" {
                        return self.switch_case(sw, &a, &KType::Bytes, e);
                    }
                }
                let a = self.settle(a, e)?;
                if let Some(target) = int_type(t) {
                    return Ok(Value::new(
                        format!("({} as {})", calc(&a), target.rust()),
                        KType::Int(target),
                    ));
                }
                if let ("f4" | "f8", true) =
                    (t.as_str(), a.ty.is_int() || matches!(a.ty, KType::Float(_)))
                {
                    let (rust, width) = if t == "f4" { ("f32", 4) } else { ("f64", 8) };
                    return Ok(Value::new(
                        format!("({} as {rust})", paren(&a.code)),
                        KType::Float(width),
                    ));
                }
                if t == "bytes" && is_bytes(&a.ty) {
                    return Ok(a);
                }
                match find_type(self.m, self.ty, t) {
                    Some(u) if a.ty == KType::User(u) => Ok(a),
                    _ => Err(unsupported(&format!("a cast to `{t}`"), e)),
                }
            }
            ExprKind::SizeOf(t) | ExprKind::BitSizeOf(t) => {
                let bits = matches!(e.kind, ExprKind::BitSizeOf(_));
                let n = match int_type(t.trim_end_matches("le").trim_end_matches("be")) {
                    Some(i) => i.bytes() * 8,
                    None => match t.strip_prefix('b').and_then(|n| n.parse::<u64>().ok()) {
                        Some(n) if bits => n,
                        _ => match find_type(self.m, self.ty, t) {
                            Some(u) => {
                                let size = crate::resolve::static_size(self.m, u).ok_or_else(|| {
                                    err("`sizeof` needs a size the schema fixes; this type's depends on the data", e)
                                })?;
                                size.checked_mul(8)
                                    .ok_or_else(|| err("this size overflows", e))?
                            }
                            None => return Err(err(format!("unknown type `{t}`"), e)),
                        },
                    },
                };
                let v = if bits { n } else { n.div_ceil(8) };
                Ok(Value {
                    code: v.to_string(),
                    ty: KType::IntLit,
                    lit: Some(i128::from(v)),
                    by_value: false,
                })
            }
            ExprKind::Name(_) | ExprKind::Attr(..) => self.translate(e),
        }
    }

    /// An integer as a `u64`: a literal or unsigned value as it is, another
    /// one fitted (an error while decoding, absent in a computed value).
    fn as_u64(&mut self, v: &Value) -> String {
        match (&v.ty, v.lit) {
            (_, Some(l)) if l >= 0 => format!("{l}_u64"),
            (KType::Int(IntTy::U64), _) => v.code.clone(),
            (KType::Int(i), _) if !i.signed() => format!("u64::from({})", v.code),
            _ => self.fitted(&v.code, "u64", "a u64"),
        }
    }

    /// `code` fitted to the integer type `rust`: while decoding an error
    /// naming `what`, in a computed value absent, in a test a failure.
    fn fitted(&mut self, code: &str, rust: &str, what: &str) -> String {
        let narrow = format!("::zerowire::math::narrow::<{rust}, _>({code}, {what:?})");
        match self.mode {
            Mode::Test => format!("{narrow}.unwrap()"),
            Mode::Method => {
                self.absent = true;
                format!("{narrow}.ok()?")
            }
            Mode::Decode { .. } => format!("{narrow}?"),
        }
    }

    /// `f"a={x}"`: the text with each value shown as `.to_s` shows it, a new
    /// `String`; without values, a literal.
    fn format_string(&mut self, parts: &[crate::expr::FPart]) -> Result<Value, Diagnostic> {
        use crate::expr::FPart;
        let (mut template, mut text) = (String::new(), String::new());
        let mut args = Vec::new();
        for part in parts {
            match part {
                FPart::Text(t) => {
                    template.push_str(&t.replace('{', "{{").replace('}', "}}"));
                    text.push_str(t);
                }
                FPart::Shown(e) => {
                    let v = self.translate(e)?;
                    let v = self.settle(v, e)?;
                    if !(v.ty.is_int() || is_text(&v.ty) || v.ty == KType::Bool) {
                        return Err(unsupported(
                            &format!("{} in a format string", describe(&v.ty)),
                            e,
                        ));
                    }
                    template.push_str("{}");
                    args.push(v.code);
                }
            }
        }
        if args.is_empty() {
            return Ok(Value::new(format!("{text:?}"), KType::Str));
        }
        Ok(Value::new(
            format!("format!({template:?}, {})", args.join(", ")),
            KType::OwnedStr,
        ))
    }

    /// `[...].as<u2[]>`: a list of integer literals of that type, a static slice.
    fn int_list(&mut self, items: &[Expr], elem: IntTy, e: &Expr) -> Result<Value, Diagnostic> {
        let (lo, hi) = elem.range();
        let mut code = Vec::with_capacity(items.len());
        for item in items {
            match self.translate(item)?.lit {
                Some(l) if (lo..=hi).contains(&l) => code.push(format!("{l}_{}", elem.rust())),
                Some(l) => return Err(err(format!("{l} does not fit `{}`", elem.rust()), item)),
                None => {
                    return Err(unsupported(
                        "a cast of computed values to a list of integers",
                        e,
                    ))
                }
            }
        }
        Ok(Value::new(
            format!("&[{}][..]", code.join(", ")),
            KType::Array(Box::new(KType::Int(elem))),
        ))
    }

    /// `[...].as<bytes>`: a list of bytes, which may be empty; of literals only,
    /// a static slice, else a new buffer.
    fn byte_list(&mut self, items: &[Expr]) -> Result<Value, Diagnostic> {
        let mut bytes = Vec::with_capacity(items.len());
        let mut computed = false;
        for item in items {
            let v = self.translate(item)?;
            bytes.push(match v.lit.map(u8::try_from) {
                Some(Ok(b)) => format!("0x{b:02x}"),
                Some(Err(_)) => return Err(err("a byte is 0 to 255", item)),
                None if v.ty == KType::Int(IntTy::U8) => {
                    computed = true;
                    v.code
                }
                None if v.ty.is_int() => {
                    computed = true;
                    self.fitted(&v.code, "u8", "a byte of `as<bytes>`")
                }
                None => {
                    return Err(err(
                        format!("a byte is an integer, found {}", describe(&v.ty)),
                        item,
                    ))
                }
            });
        }
        // Bytes of computed values are new: an owned buffer.
        if computed {
            return Ok(Value::new(
                format!("vec![{}]", bytes.join(", ")),
                KType::OwnedBytes,
            ));
        }
        Ok(Value::new(
            if bytes.is_empty() {
                "&[0u8; 0][..]".to_string()
            } else {
                format!("&[{}][..]", bytes.join(", "))
            },
            KType::Bytes,
        ))
    }

    fn binary(&mut self, op: BinOp, a: Value, b: Value, e: &Expr) -> Result<Value, Diagnostic> {
        if let (Some(x), Some(y)) = (a.lit, b.lit) {
            if let Some(v) = fold(op, x, y) {
                return Ok(v);
            }
        }
        match op {
            BinOp::And | BinOp::Or => {
                if a.ty != KType::Bool || b.ty != KType::Bool {
                    return Err(err("`and` and `or` take booleans", e));
                }
                let o = if op == BinOp::And { "&&" } else { "||" };
                Ok(Value::new(
                    format!("({} {o} {})", a.code, b.code),
                    KType::Bool,
                ))
            }
            _ if op.is_comparison() => self.compare(op, a, b, e),
            BinOp::Add if is_text(&a.ty) && is_text(&b.ty) => Ok(Value::new(
                format!("format!(\"{{}}{{}}\", {}, {})", a.code, b.code),
                KType::OwnedStr,
            )),
            _ if a.ty.is_int() && b.ty.is_int() => {
                let (x, y) = (calc(&a), calc(&b));
                let code = match op {
                    BinOp::Div
                        if nonneg(&a) && nonneg(&b) && matches!(self.mode, Mode::Decode { .. }) =>
                    {
                        format!("({x} / {y})")
                    }
                    BinOp::Div => {
                        format!("::zerowire::math::div_floor({x}, {y}).unwrap_or_default()")
                    }
                    BinOp::Mod => {
                        format!("::zerowire::math::rem_floor({x}, {y}).unwrap_or_default()")
                    }
                    BinOp::Shl | BinOp::Shr => {
                        let o = if op == BinOp::Shl { "<<" } else { ">>" };
                        format!("({x} {o} {y})")
                    }
                    _ => format!("({x} {} {y})", rust_op(op)),
                };
                Ok(Value::new(code, KType::Calc))
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div if is_num(&a.ty) && is_num(&b.ty) => {
                Ok(Value::new(
                    format!("({} {} {})", float(&a), rust_op(op), float(&b)),
                    KType::Float(8),
                ))
            }
            _ => Err(err(
                format!(
                    "`{}` does not apply to {} and {}",
                    rust_op(op),
                    describe(&a.ty),
                    describe(&b.ty)
                ),
                e,
            )),
        }
    }

    fn compare(&mut self, op: BinOp, a: Value, b: Value, e: &Expr) -> Result<Value, Diagnostic> {
        let o = rust_op(op);
        let (x, y) = if a.ty.is_int() && b.ty.is_int() {
            match (&a.ty, &b.ty, a.lit, b.lit) {
                (t, u, _, _) if t == u => (a.code.clone(), b.code.clone()),
                (KType::Int(t), _, _, Some(l)) if fits(*t, l) => (a.code.clone(), b.code.clone()),
                (_, KType::Int(t), Some(l), _) if fits(*t, l) => (a.code.clone(), b.code.clone()),
                (KType::Calc, KType::IntLit, ..) | (KType::IntLit, KType::Calc, ..) => {
                    (calc(&a), calc(&b))
                }
                _ => (wide(&a), wide(&b)),
            }
        } else if is_num(&a.ty) && is_num(&b.ty) {
            (float(&a), float(&b))
        } else if is_text(&a.ty) && is_text(&b.ty) || is_bytes(&a.ty) && is_bytes(&b.ty) {
            if matches!(op, BinOp::Eq | BinOp::Ne) {
                (a.code.clone(), b.code.clone())
            } else {
                (
                    format!("{}[..]", paren(&a.code)),
                    format!("{}[..]", paren(&b.code)),
                )
            }
        } else if a.ty == b.ty
            && matches!(a.ty, KType::Bool | KType::Enum(_))
            && matches!(op, BinOp::Eq | BinOp::Ne)
        {
            (a.code.clone(), b.code.clone())
        } else {
            return Err(err(
                format!(
                    "cannot compare {} with {}",
                    describe(&a.ty),
                    describe(&b.ty)
                ),
                e,
            ));
        };
        Ok(Value::new(format!("({x} {o} {y})"), KType::Bool))
    }

    fn method(
        &mut self,
        a: Value,
        name: &str,
        args: &[Expr],
        e: &Expr,
    ) -> Result<Value, Diagnostic> {
        let test = self.mode == Mode::Test;
        let a = self.settle(a, e)?;
        match (&a.ty, name) {
            // The schema does not know an opaque type's members: read as
            // written, of a type only a cast names.
            (KType::Opaque(_), _) if args.is_empty() && !name.starts_with('_') => Ok(Value::new(
                format!("{}.{}", a.code.trim_start_matches('&'), ident(name)),
                KType::Foreign,
            )),
            // A stream: its position, size and end, as `_io.pos` reads them.
            (KType::Io, "pos") => Ok(Value::new(
                format!("({}.window_position() as i64)", a.code),
                KType::Calc,
            )),
            (KType::Io, "size") => Ok(Value::new(
                format!("({}.window_size() as i64)", a.code),
                KType::Calc,
            )),
            (KType::Io, "eof") => Ok(Value::new(format!("{}.is_empty()", a.code), KType::Bool)),
            // Another struct's stream, which it keeps.
            (KType::User(t), "_io") if self.m.types[*t].keeps_input && self.mode != Mode::Test => {
                Ok(Value::new(
                    format!("{}.input", a.code.trim_start_matches('&')),
                    KType::Io,
                ))
            }
            (KType::User(t), _) if name.starts_with('_') => {
                let _ = t;
                Err(unsupported(&format!("`{name}` of another struct"), e))
            }
            (KType::User(t), _)
                if self.m.types[*t]
                    .spec
                    .params
                    .iter()
                    .any(|p| p.id.value == name) =>
            {
                // Kept as a field of the struct (`#[calc(args.NAME)]`).
                let p = self.m.types[*t]
                    .spec
                    .params
                    .iter()
                    .find(|p| p.id.value == name);
                let ty = p
                    .and_then(|p| param_type(self.m, *t, p))
                    .ok_or_else(|| unsupported("a parameter of this type", e))?;
                Ok(Value::new(
                    format!("{}.{}", a.code.trim_start_matches('&'), ident(name)),
                    ty,
                ))
            }
            (KType::User(t), _) if args.is_empty() => {
                let prefix = Prefix::Own;
                let v = self.field_of(*t, prefix, name, e);
                // A field of another struct: rebuild the path from the value.
                let t = *t;
                let f = &self.m.types[t];
                if let Some(field) = f.fields.iter().find(|f| f.attr.id.value == name) {
                    let kt = field.ktype();
                    // A `contents` attribute holds exactly its bytes.
                    if let (KType::Unit, Some(c), None, None) = (
                        &kt,
                        &field.attr.contents,
                        &field.attr.repeat,
                        &field.attr.if_,
                    ) {
                        let bytes: Vec<String> =
                            c.value.iter().map(|b| format!("{b:#04x}")).collect();
                        return Ok(Value::new(
                            format!("(&[{}][..])", bytes.join(", ")),
                            KType::Bytes,
                        ));
                    }
                    let holder = a.code.trim_start_matches('&');
                    let mut code = format!("{holder}.{}", ident(name));
                    if field.lazy {
                        let i = f
                            .fields
                            .iter()
                            .position(|f| f.attr.id.value == name)
                            .unwrap_or_default();
                        let holder = test.then(|| format!("&{holder}"));
                        code = self.lazy_list(t, i, holder.as_deref(), &code, e)?;
                    }
                    if field.attr.if_.is_some() && self.mode == Mode::Method {
                        code = self.maybe(&code, &kt);
                    } else if field.attr.if_.is_some() && !test {
                        // While decoding, an absent value is an error.
                        code = required(&code, &format!("{holder}.{name}"), &kt);
                    } else if field.attr.if_.is_some() {
                        code = if copied(&kt) {
                            format!("{code}.unwrap()")
                        } else {
                            format!("{code}.as_ref().unwrap()")
                        };
                    }
                    // A lazy list's elements are decoded on the spot; a part
                    // of a struct held by value is moved out of it.
                    let by_value = field.lazy || a.by_value && !copied(&kt);
                    return Ok(Value {
                        by_value,
                        ..Value::new(code, kt)
                    });
                }
                if let Some(i) = f.instances.iter().position(|f| f.attr.id.value == name) {
                    let pos = f.instances[i].attr.value.is_none();
                    // While decoding, a struct decoded before computes its
                    // values (methods over its own fields).
                    if pos && !test && self.mode != Mode::Method {
                        return Err(unsupported(
                            "a positioned instance of another struct read while decoding",
                            e,
                        ));
                    }
                    let absent = self.instance_absent(t, i, e)?;
                    let ty = self.instance_type(t, i, e)?;
                    let holder = a.code.trim_start_matches('&');
                    // While decoding, an absent value is an error.
                    if absent && !test && self.mode != Mode::Method {
                        let call = format!("{holder}.{}()", ident(name));
                        let code = required_owned(&call, &format!("{holder}.{name}"));
                        return Ok(Value::new(code, ty));
                    }
                    // Decoded on demand: in a computed value, absent where it fails.
                    let decoded = match (pos, test) {
                        (false, _) => "",
                        (true, true) => ".unwrap()",
                        (true, false) => {
                            self.absent = true;
                            ".ok()?"
                        }
                    };
                    let stream = self.stream_arg(t, i, e)?;
                    let root = self.root_arg_of(t, i, e)?;
                    let stream = if root.is_empty() { stream } else { root };
                    let call = format!(
                        "{}.{}({stream}){decoded}",
                        a.code.trim_start_matches('&'),
                        ident(name),
                    );
                    let call = match (absent, test) {
                        (true, true) => format!("{call}.unwrap()"),
                        (true, false) => {
                            self.absent = true;
                            format!("{call}?")
                        }
                        (false, _) => call,
                    };
                    return Ok(Value {
                        by_value: pos && matches!(ty, KType::User(_)),
                        ..Value::new(call, ty)
                    });
                }
                v
            }
            (KType::Array(_), "size") => Ok(Value::new(
                format!("({}.len() as i64)", a.code),
                KType::Calc,
            )),
            // An element of an array or of bytes, which may have none: in a
            // method the value is then absent (Kaitai raises an error).
            // While decoding, `first` and `last` of an empty list are an error of the field.
            (KType::Array(elem), "first" | "last") if matches!(self.mode, Mode::Decode { .. }) => {
                let elem = (**elem).clone();
                let index = if name == "first" {
                    "0".to_owned()
                } else {
                    format!("({}.len() as i64 - 1)", paren(&a.code))
                };
                let code = format!("::zerowire::math::element(&{}, {index})", paren(&a.code));
                Ok(Value::new(
                    if copied(&elem) {
                        format!("{code}.copied()?")
                    } else {
                        format!("{code}?")
                    },
                    elem,
                ))
            }
            (
                KType::Array(_) | KType::Bytes | KType::OwnedBytes,
                "first" | "last" | "min" | "max",
            ) if test || self.mode == Mode::Method => {
                let elem = match &a.ty {
                    KType::Array(elem) => (**elem).clone(),
                    _ => KType::Int(IntTy::U8),
                };
                // Elements decoded on the spot (a lazy list) come out owned.
                let owned_list = (a.by_value && !test && matches!(name, "first" | "last"))
                    .then(|| a.code.strip_suffix(".collect::<Vec<_>>()"))
                    .flatten();
                let found = match (name, &elem, owned_list) {
                    ("first", _, Some(list)) => format!("{list}.next()"),
                    ("last", _, Some(list)) => format!("{list}.last()"),
                    ("first" | "last", ..) => format!("{}.{name}()", a.code),
                    (_, KType::Float(_), _) => {
                        format!("{}.iter().copied().reduce(f64::{name})", a.code)
                    }
                    _ if copied(&elem) => format!("{}.iter().{name}()", a.code),
                    _ => return Err(unsupported(&format!("`.{name}` of these values"), e)),
                };
                let code = if test {
                    format!("{found}.unwrap()")
                } else {
                    self.absent = true;
                    format!("{found}?")
                };
                let by_ref = owned_list.is_none()
                    && (!matches!(elem, KType::Float(_)) || name == "first" || name == "last");
                let by_value = owned_list.is_some() && !copied(&elem);
                Ok(Value {
                    by_value,
                    ..Value::new(
                        match (copied(&elem), by_ref) {
                            (true, true) => format!("(*{code})"),
                            _ => code,
                        },
                        elem,
                    )
                })
            }
            (t, "substring") if is_text(t) => {
                let [from, to] = args else {
                    return Err(err("`substring` takes two arguments: from and to", e));
                };
                let (from, to) = (self.translate(from)?, self.translate(to)?);
                if !from.ty.is_int() || !to.ty.is_int() {
                    return Err(err("`substring` takes integers", e));
                }
                Ok(Value::new(
                    format!(
                        "::zerowire::math::substring(&{}, {}, {})",
                        paren(&a.code),
                        calc(&from),
                        calc(&to)
                    ),
                    KType::OwnedStr,
                ))
            }
            (t, "size" | "length") if is_bytes(t) => Ok(Value::new(
                format!("({}.len() as i64)", a.code),
                KType::Calc,
            )),
            (t, "length") if is_text(t) => Ok(Value::new(
                format!("({}.chars().count() as i64)", a.code),
                KType::Calc,
            )),
            (t, "reverse") if is_text(t) => Ok(Value::new(
                format!("{}.chars().rev().collect::<String>()", a.code),
                KType::OwnedStr,
            )),
            (t, "to_i") if is_text(t) => {
                let radix = match args {
                    [] => 10,
                    [r] => match self.translate(r)?.lit {
                        Some(r @ 2..=36) => r as u32,
                        _ => return Err(err("`to_i` takes a radix from 2 to 36", e)),
                    },
                    _ => return Err(err("`to_i` takes at most one argument", e)),
                };
                // While decoding, text that is no number is an error of the field.
                if let Mode::Decode { .. } = self.mode {
                    return Ok(Value::new(
                        format!("::zerowire::math::to_i(&{}, {radix})?", paren(&a.code)),
                        KType::Calc,
                    ));
                }
                // Text that is no number: in a method, the value is absent.
                let parsed = format!("i64::from_str_radix(&{}, {radix})", paren(&a.code));
                let code = if test {
                    format!("{parsed}.unwrap()")
                } else {
                    self.absent = true;
                    format!("{parsed}.ok()?")
                };
                Ok(Value::new(code, KType::Calc))
            }
            (t, "to_s") if t.is_int() => Ok(Value::new(
                format!("{}.to_string()", paren(&a.code)),
                KType::OwnedStr,
            )),
            (KType::Float(_), "to_i") => Ok(Value::new(
                format!("({} as i64)", paren(&a.code)),
                KType::Calc,
            )),
            (KType::Enum(en), "to_i") => {
                let repr = self.m.enums[*en].int_type();
                Ok(Value::new(
                    format!("{}::from({})", repr.rust(), a.code),
                    KType::Int(repr),
                ))
            }
            (KType::Bool, "to_i") => Ok(Value::new(format!("i64::from({})", a.code), KType::Calc)),
            (t, "to_s") if is_bytes(t) => {
                let enc = match args {
                    [arg] => match &arg.kind {
                        ExprKind::Str(s) => s.to_ascii_uppercase(),
                        _ => return Err(err("`to_s` takes the encoding as a string literal", e)),
                    },
                    _ => {
                        return Err(err(
                            "`to_s` on bytes takes the encoding: `to_s(\"UTF-8\")`",
                            e,
                        ))
                    }
                };
                // UTF-8 and ASCII borrow; another encoding decodes into a `String`.
                let (code, ty) = match enc.as_str() {
                    // Text of computed bytes is computed too (a new `String`).
                    "UTF-8" | "ASCII" if a.ty == KType::OwnedBytes => (
                        format!(
                            "::core::str::from_utf8(&({})[..]).map(str::to_owned)",
                            a.code
                        ),
                        KType::OwnedStr,
                    ),
                    "UTF-8" | "ASCII" => (
                        format!("::core::str::from_utf8(&({})[..])", a.code),
                        KType::Str,
                    ),
                    _ => {
                        let Some((_, variant)) = crate::resolve::owned_encoding(&enc) else {
                            return Err(unsupported(&format!("text in the encoding `{enc}`"), e));
                        };
                        (
                            format!(
                                "::zerowire::TextEncoding::{variant}.decode(&({})[..]).ok_or(())",
                                a.code
                            ),
                            KType::OwnedStr,
                        )
                    }
                };
                // Text that does not decode: a test fails, a value is absent.
                match self.mode {
                    Mode::Test => Ok(Value::new(format!("{code}.unwrap()"), ty)),
                    Mode::Method => {
                        self.absent = true;
                        Ok(Value::new(format!("{code}.ok()?"), ty))
                    }
                    // While decoding, an error of the field.
                    Mode::Decode { .. } => {
                        let code = match ty {
                            KType::Str => format!("::zerowire::math::utf8(&({})[..])?", a.code),
                            _ if matches!(enc.as_str(), "UTF-8" | "ASCII") => {
                                format!("::zerowire::math::utf8(&({})[..])?.to_owned()", a.code)
                            }
                            _ => format!("::zerowire::math::decoded({code}.ok(), {enc:?})?"),
                        };
                        Ok(Value::new(code, ty))
                    }
                }
            }
            _ => Err(unsupported(&format!("`.{name}` on {}", describe(&a.ty)), e)),
        }
    }

    /// The argument of the method of instance `i` of `t` when it takes the
    /// root (a computed value over the root below it): the test's root, or
    /// the one the calling method takes.
    fn root_arg_of(&mut self, t: TyId, i: usize, e: &Expr) -> Result<String, Diagnostic> {
        if !self.m.types[t].instances[i].root_arg {
            return Ok(String::new());
        }
        match self.mode {
            Mode::Test => Ok("&r".into()),
            Mode::Method if self.root_arg => Ok("_root".into()),
            _ => Err(unsupported(
                "a computed value over the root, read where the root is not known",
                e,
            )),
        }
    }

    /// The argument of the method of instance `i` of `t` when it takes the
    /// stream it is read in (`io: _root.x._io` below the root): in a test,
    /// that attribute's `Input`; a struct's own methods do not see its root.
    fn stream_arg(&mut self, t: TyId, i: usize, e: &Expr) -> Result<String, Diagnostic> {
        let inst = self.m.types[t].instances[i].attr;
        let Some(path) = crate::resolve::root_stream(self.m, t, inst) else {
            return Ok(String::new());
        };
        if self.mode != Mode::Test {
            return Err(unsupported(
                "an instance read in a stream its caller passes (`io: _root.x._io` below the root), read by the parser",
                e,
            ));
        }
        let src = crate::schema::ExprSrc {
            value: format!("_root.{}", path.join(".")),
            span: e.span.clone(),
        };
        let v = self.translate(&crate::expr::parse(&src)?)?;
        Ok(format!("{}.input", v.code.trim_start_matches('&')))
    }

    /// A `switch-on` value as the type its cases share (Kaitai's common
    /// type): one user type, or integers (as the widest). Other values pass.
    pub(crate) fn settle(&mut self, v: Value, e: &Expr) -> Result<Value, Diagnostic> {
        // Borrowed or decoded again (`MaybeOwned`): the value it derefs to; a
        // processed one is decoded again from its bundle (no copy).
        let plain = match v.ty {
            KType::Shared(t) => Some((true, KType::User(t))),
            KType::Owned(t) => Some((false, KType::User(t))),
            KType::SharedOpaque(i) => Some((true, KType::Opaque(i))),
            KType::OwnedOpaque(i) => Some((false, KType::Opaque(i))),
            _ => None,
        };
        if let Some((shared, ty)) = plain {
            self.through_bundle = true;
            let code = if shared {
                format!("(*{})", v.code)
            } else {
                format!("{}.get()", v.code.trim_start_matches('&'))
            };
            return Ok(Value::new(code, ty));
        }
        let KType::Switch(sw) = v.ty else {
            return Ok(v);
        };
        let info = &self.m.switches[sw];
        let elems: Vec<&KType> = info.cases.iter().map(|c| &c.field.elem).collect();
        if let Some(first @ KType::User(_)) = elems.first().copied() {
            if elems.iter().all(|k| *k == first) {
                let first = first.clone();
                return self.switch_case(sw, &v, &first, e);
            }
        }
        let ints: Vec<IntTy> = elems
            .iter()
            .filter_map(|k| match k {
                KType::Int(i) => Some(*i),
                _ => None,
            })
            .collect();
        if ints.len() == elems.len() {
            let signed = ints.iter().any(|i| i.signed());
            let unsigned = ints.iter().any(|i| !i.signed());
            let widest = ints
                .iter()
                .copied()
                .max_by_key(|i| i.bytes())
                .unwrap_or(IntTy::U8);
            let target = match (signed, unsigned) {
                (true, true) => KType::Calc,
                _ => KType::Int(widest),
            };
            return self.switch_case(sw, &v, &target, e);
        }
        Err(unsupported(
            "a `switch-on` value whose cases have different types (read it with `.as<T>`)",
            e,
        ))
    }

    /// The `switch-on` value `v` as the case type `want`: a `match` over the
    /// variants of that type (in a test only: another variant fails it).
    fn switch_case(
        &mut self,
        sw: usize,
        v: &Value,
        want: &KType,
        e: &Expr,
    ) -> Result<Value, Diagnostic> {
        let info = &self.m.switches[sw];
        let test = self.mode == Mode::Test;
        // Out of a test, a mixed-sign value is exact in `i64` unless a case is a `u64`.
        let wide = info
            .cases
            .iter()
            .any(|c| matches!(c.field.elem, KType::Int(IntTy::U64)));
        if !test && *want == KType::Calc && wide {
            return Err(unsupported("a `switch-on` value read in the parser", e));
        }
        // A struct of a case is borrowed from the switch: a method cannot
        // return it when the switch itself is a temporary (a lazy list's element).
        // Held by value (a lazy list's element), the case's struct moves out.
        let moved = self.mode == Mode::Method && v.by_value && matches!(want, KType::User(_));
        if self.mode == Mode::Method && matches!(want, KType::User(_)) && !moved {
            return Err(unsupported(
                "a struct of a `switch-on` value in a computed value",
                e,
            ));
        }
        let mut arms = Vec::new();
        let mut covered = 0;
        for var in info.variants() {
            let field = &info.cases[var.cases[0]].field;
            let arm = match (&field.elem, want) {
                (KType::User(_), _) if field.elem == *want => match (field.boxed, moved) {
                    (true, true) => "*x".to_owned(),
                    (true, false) => "&**x".to_owned(),
                    (false, _) => "x".to_owned(),
                },
                (KType::Int(_), KType::Int(w)) => format!("{}::from(*x)", w.rust()),
                (KType::Int(_), KType::Calc) if test => "i64::try_from(*x).unwrap()".to_owned(),
                (KType::Int(_), KType::Calc) => "i64::from(*x)".to_owned(),
                (KType::Str, KType::Str) | (KType::Bytes, KType::Bytes) if test => "*x".to_owned(),
                (KType::OwnedStr, KType::Str) if test => "x.as_str()".to_owned(),
                (KType::OwnedBytes, KType::Bytes) if test => "x.as_slice()".to_owned(),
                _ => continue,
            };
            covered += 1;
            arms.push(format!("{}::{}(x) => {arm}", info.rust, var.name));
        }
        let mut all = info.variants().len();
        if let Some(name) = info.unknown() {
            all += 1;
            if let (KType::Bytes, true) = (want, info.unknown_is_raw()) {
                covered += 1;
                arms.push(format!("{}::{name}(x) => *x", info.rust));
            }
        }
        if arms.is_empty() {
            return Err(err(
                format!("no case of this `switch-on` is {}", describe(want)),
                e,
            ));
        }
        // The cases of another type: a test fails, a value is absent, and
        // while decoding it is not supported.
        let rest = match self.mode {
            _ if covered == all => String::new(),
            Mode::Test => ", _ => panic!(\"another case of the switch\")".to_owned(),
            Mode::Method => {
                self.absent = true;
                ", _ => return None".to_owned()
            }
            // While decoding, another case is absent: an error of the field.
            Mode::Decode { .. } => {
                let arms: Vec<String> = arms
                    .iter()
                    .map(|a| {
                        let (pat, val) = a.split_once(" => ").unwrap_or((a, ""));
                        format!("{pat} => Some({val})")
                    })
                    .collect();
                return Ok(Value::new(
                    format!(
                        "::zerowire::math::required(match &{} {{ {}, _ => None }}, {:?})?",
                        v.code.trim_start_matches('&'),
                        arms.join(", "),
                        v.code.trim_start_matches('&')
                    ),
                    want.clone(),
                ));
            }
        };
        let code = format!(
            "(match {}{} {{ {}{rest} }})",
            if moved { "" } else { "&" },
            v.code.trim_start_matches('&'),
            arms.join(", ")
        );
        // In a test, a case's struct is the place the reference names, as a
        // struct attribute is (a list in it iterates inside `&place`).
        let code = match want {
            KType::User(_) if test && !moved => format!("(*{code})"),
            _ => code,
        };
        Ok(Value {
            by_value: moved,
            ..Value::new(code, want.clone())
        })
    }

    /// A `.kst` assert that reading `actual`, an instance of the root, raises
    /// `exception`: a computed value that fails is absent (`None`, zerowire's
    /// reading of Kaitai's exception there), a positioned one an `Err` of
    /// `kinds`.
    pub(crate) fn raises_stmt(
        &mut self,
        actual: &Expr,
        exception: &str,
        kinds: Option<&str>,
        label: &str,
    ) -> Result<String, Diagnostic> {
        let ExprKind::Name(name) = &actual.kind else {
            return Err(unsupported(
                "an exception expected of a value other than an instance of the root",
                actual,
            ));
        };
        let t = &self.m.types[self.ty];
        let Some(i) = t.instances.iter().position(|f| f.attr.id.value == *name) else {
            return Err(unsupported(
                "an exception expected of a value other than an instance of the root",
                actual,
            ));
        };
        let label = format!("{label:?}");
        let call = format!("r.{}()", ident(name));
        if t.instances[i].attr.value.is_none() {
            let Some(kinds) = kinds else {
                return Err(unsupported(&format!("the exception `{exception}`"), actual));
            };
            return Ok(format!(
                "let err = {call}.map(drop).expect_err({label});
assert!(matches!(err.kind(), {kinds}), \"{exception} expected, got {{err}}\");"
            ));
        }
        if !self.instance_absent(self.ty, i, actual)? {
            return Err(unsupported(
                &format!("`{exception}` of a value that is never absent"),
                actual,
            ));
        }
        Ok(format!("assert!({call}.is_none(), {label});"))
    }

    /// A `.kst` assert: `actual` against `expected`, converted to the type of
    /// `actual`, as a Rust statement that fails with `label`.
    pub(crate) fn assert_stmt(
        &mut self,
        actual: &Expr,
        expected: &Expr,
        label: &str,
    ) -> Result<String, Diagnostic> {
        let label = format!("{label:?}");
        let is_null = expected.kind == ExprKind::Name("null".into());
        // `x._parent` or `x._root` is `null` for a struct of another schema:
        // here, one that declares no parent, which holds of a plain `Codec`.
        if let (ExprKind::Attr(base, link), true) = (&actual.kind, is_null) {
            if link == "_parent" || link == "_root" {
                let b = self.translate(base)?;
                let KType::User(t) = b.ty else {
                    return Err(err("only a struct has a `_parent`", actual));
                };
                if self.m.types[t].needs_parent() {
                    return Err(err(
                        format!(
                            "`{}` is read inside a parent, never alone",
                            self.m.types[t].spec.name.value
                        ),
                        actual,
                    ));
                }
                return Ok(format!(
                    "{{ fn alone<'x, T: zerowire::Codec<'x>>(_: &T) {{}} alone(&{}); }}",
                    b.code.trim_start_matches('&')
                ));
            }
        }
        let a = self.translate(actual)?;
        if let (KType::Switch(sw), true) = (&a.ty, is_null) {
            let info = &self.m.switches[*sw];
            return match info.unknown() {
                Some(name) if !info.unknown_is_raw() => Ok(format!(
                    "assert!(matches!(&{}, {}::{name}), {label});",
                    a.code.trim_start_matches('&'),
                    info.rust
                )),
                _ => Err(err("this `switch-on` value is never `null`", expected)),
            };
        }
        // A `switch-on` value of cases of several types against a number,
        // text or bytes: the case of that kind (another case fails the test).
        let a = match (&a.ty, &expected.kind) {
            (KType::Switch(sw), kind) if self.settle(a.clone(), actual).is_err() => {
                let want = match kind {
                    ExprKind::Int(_) => Some(KType::Calc),
                    ExprKind::Str(_) => Some(KType::Str),
                    ExprKind::List(_) => Some(KType::Bytes),
                    _ => None,
                };
                match want {
                    Some(want) => self.switch_case(*sw, &a, &want, actual)?,
                    None => a,
                }
            }
            _ => a,
        };
        let a = self.settle(a, actual)?;
        if is_null {
            let Some(opt) = a
                .code
                .strip_suffix(".as_ref().unwrap()")
                .or_else(|| a.code.strip_suffix(".unwrap()"))
            else {
                return Err(err("only an attribute with `if` can be `null`", actual));
            };
            return Ok(format!("assert!({opt}.is_none(), {label});"));
        }
        let v = self.translate(expected)?;
        if let (KType::Enum(en), Some(l)) = (&a.ty, v.lit) {
            let info = &self.m.enums[*en];
            let variant = match info.spec.values.iter().find(|x| x.value.value == l) {
                Some(x) => crate::resolve::camel(&x.id.value),
                None => format!("{}({l})", crate::emit::other_variant(self.m, *en)),
            };
            return Ok(format!(
                "assert_eq!({}, {}::{variant}, {label});",
                a.code, info.rust
            ));
        }
        Ok(match (&a.ty, &v.ty) {
            (KType::Int(t), KType::IntLit) if v.lit.is_some_and(|l| fits(*t, l)) => {
                format!("assert_eq!({}, {}, {label});", a.code, v.code)
            }
            (x, y) if x.is_int() && y.is_int() => {
                format!("assert_eq!({}, {}, {label});", wide(&a), wide(&v))
            }
            (KType::Float(_), _) if is_num(&v.ty) => format!(
                "assert!(({} - {}).abs() < 1e-6, {label});",
                float(&a),
                float(&v)
            ),
            (x, y) if is_text(x) && is_text(y) || is_bytes(x) && is_bytes(y) => {
                format!("assert_eq!({}, {}, {label});", a.code, v.code)
            }
            (x, y) if x == y && matches!(x, KType::Bool | KType::Enum(_)) => {
                format!("assert_eq!({}, {}, {label});", a.code, v.code)
            }
            (KType::Array(_), KType::Array(_)) => {
                format!("assert_eq!({}, {}, {label});", a.code, v.code)
            }
            (KType::Array(e), KType::Bytes) if e.is_int() && v.code.starts_with("&[") => {
                format!("assert_eq!({}, {}, {label});", a.code, v.code)
            }
            _ => {
                return Err(Diagnostic::new(
                    format!(
                        "cannot compare {} with {}",
                        describe(&a.ty),
                        describe(&v.ty)
                    ),
                    expected.span.clone(),
                ))
            }
        })
    }
}

pub(crate) fn param_type(m: &Model<'_>, ty: TyId, p: &crate::schema::Param) -> Option<KType> {
    if let Some(e) = &p.enum_ {
        return find_enum(m, ty, &e.value).map(KType::Enum);
    }
    let t = p.ty.as_ref()?;
    if t.value == "struct" {
        let n = m.types[ty]
            .spec
            .params
            .iter()
            .position(|q| std::ptr::eq(q, p))?;
        return m.types[ty].struct_params[n].map(KType::User);
    }
    // A list (`u2[]`, `str[]`, `block[]`) is a `Vec` of its elements.
    if let Some(elem) = t.value.strip_suffix("[]") {
        return value_type_named(m, ty, elem).map(|e| KType::Array(Box::new(e)));
    }
    value_type_named(m, ty, &t.value)
}

/// The type a parameter names: a number, text, bytes or a user type.
fn value_type_named(m: &Model<'_>, ty: TyId, name: &str) -> Option<KType> {
    if let Some(i) = int_type(name) {
        return Some(KType::Int(i));
    }
    match name {
        "bool" | "b1" => Some(KType::Bool),
        "f4" => Some(KType::Float(4)),
        "f8" => Some(KType::Float(8)),
        "bytes" => Some(KType::Bytes),
        "str" => Some(KType::Str),
        "io" => Some(KType::Io),
        "struct" | "any" => None,
        other => find_type(m, ty, other).map(KType::User),
    }
}

/// `u4` → `u32` (also the value types a parameter or a cast may name).
pub(crate) fn int_type(name: &str) -> Option<IntTy> {
    Some(match name {
        "u1" => IntTy::U8,
        "u2" => IntTy::U16,
        "u4" => IntTy::U32,
        "u8" => IntTy::U64,
        "s1" => IntTy::I8,
        "s2" => IntTy::I16,
        "s4" => IntTy::I32,
        "s8" => IntTy::I64,
        _ => return None,
    })
}

fn fold(op: BinOp, x: i128, y: i128) -> Option<Value> {
    let v = match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mul => x.checked_mul(y)?,
        BinOp::Div => crate::math_floor_div(x, y)?,
        BinOp::Mod => crate::math_floor_rem(x, y)?,
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::Shl => x.checked_shl(u32::try_from(y).ok()?)?,
        BinOp::Shr => x.checked_shr(u32::try_from(y).ok()?)?,
        _ => return None,
    };
    // Folded values must stay `i64` literals.
    (i128::from(i64::MIN)..=i128::from(i64::MAX))
        .contains(&v)
        .then(|| Value {
            code: v.to_string(),
            ty: KType::IntLit,
            lit: Some(v),
            by_value: false,
        })
}

fn rust_op(op: BinOp) -> &'static str {
    match op {
        BinOp::Or => "||",
        BinOp::And => "&&",
        BinOp::Eq => "==",
        BinOp::Ne => "!=",
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Gt => ">",
        BinOp::Ge => ">=",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
        BinOp::Shl => "<<",
        BinOp::Shr => ">>",
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::Mod => "%",
    }
}

fn fits(t: IntTy, l: i128) -> bool {
    let (lo, hi) = t.range();
    (lo..=hi).contains(&l)
}

fn nonneg(v: &Value) -> bool {
    match &v.ty {
        KType::Int(t) => !t.signed(),
        KType::IntLit => v.lit.is_some_and(|l| l >= 0),
        _ => false,
    }
}

/// The value as Kaitai's calculated integer, `i64`.
fn calc(v: &Value) -> String {
    match &v.ty {
        KType::Int(IntTy::U64) => format!("({} as i64)", v.code),
        KType::Int(IntTy::I64) | KType::Calc => v.code.clone(),
        KType::Int(_) => format!("i64::from({})", v.code),
        KType::IntLit
            if v.lit
                .is_some_and(|l| l > i128::from(i64::MAX) || l < i128::from(i64::MIN)) =>
        {
            format!("({} as i64)", v.code)
        }
        _ => v.code.clone(),
    }
}

/// The value as an `i128`, which holds every Kaitai integer exactly.
fn wide(v: &Value) -> String {
    match &v.ty {
        KType::IntLit => format!("{}_i128", v.code),
        _ => format!("i128::from({})", v.code),
    }
}

fn float(v: &Value) -> String {
    match &v.ty {
        KType::Float(8) => v.code.clone(),
        KType::Float(_) => format!("f64::from({})", v.code),
        KType::IntLit => format!("{}_f64", v.code),
        _ => format!("({} as f64)", calc(v)),
    }
}

fn paren(code: &str) -> String {
    let simple = code
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '(' || c == ')' || c == ':')
        && !code.starts_with('(');
    if simple || code.starts_with('(') && code.ends_with(')') && balanced_outer(code) {
        code.to_owned()
    } else {
        format!("({code})")
    }
}

/// Whether the first `(` closes at the last character.
fn balanced_outer(code: &str) -> bool {
    let mut depth = 0;
    for (i, c) in code.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i != code.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Values the derive binds by value (and `Vec` indexing yields by copy).
pub(crate) fn copied(t: &KType) -> bool {
    matches!(
        t,
        KType::Int(_)
            | KType::Calc
            | KType::Float(_)
            | KType::Bool
            | KType::Bytes
            | KType::Str
            | KType::Enum(_)
            | KType::Io
    )
}

/// The value of an `Option` at `code`, read while decoding: absent, it is
/// [`ErrorKind::Absent`](zerowire::ErrorKind::Absent) naming `name`.
fn required(code: &str, name: &str, kt: &KType) -> String {
    let value = format!("::zerowire::math::required({code}.as_ref(), {name:?})?");
    if copied(kt) || *kt == KType::Calc {
        format!("(*{value})")
    } else {
        value
    }
}

/// `e` as another struct sees it through `via` (`_root` or `_parent`): each
/// name it reads bare becomes `via.name`; `None` where it reads what that
/// struct cannot show (its stream, an index, the root's parent).
fn reroot(e: &Expr, via: &str) -> Option<Expr> {
    let at = |kind| Expr {
        kind,
        span: e.span.clone(),
    };
    let boxed = |x: &Expr| reroot(x, via).map(Box::new);
    Some(match &e.kind {
        ExprKind::Name(n) => match n.as_str() {
            "_root" => e.clone(),
            "_parent" if via == "_parent" => at(ExprKind::Attr(
                Box::new(at(ExprKind::Name("_parent".into()))),
                "_parent".into(),
            )),
            "_parent" | "_io" | "_index" | "_" => return None,
            _ => at(ExprKind::Attr(
                Box::new(at(ExprKind::Name(via.into()))),
                n.clone(),
            )),
        },
        ExprKind::List(es) => at(ExprKind::List(
            es.iter().map(|x| reroot(x, via)).collect::<Option<_>>()?,
        )),
        ExprKind::Unary(op, a) => at(ExprKind::Unary(*op, boxed(a)?)),
        ExprKind::Binary(op, a, b) => at(ExprKind::Binary(*op, boxed(a)?, boxed(b)?)),
        ExprKind::Ternary(c, a, b) => at(ExprKind::Ternary(boxed(c)?, boxed(a)?, boxed(b)?)),
        ExprKind::Attr(a, n) => at(ExprKind::Attr(boxed(a)?, n.clone())),
        ExprKind::Call(a, n, args) => at(ExprKind::Call(
            boxed(a)?,
            n.clone(),
            args.iter().map(|x| reroot(x, via)).collect::<Option<_>>()?,
        )),
        ExprKind::Index(a, i) => at(ExprKind::Index(boxed(a)?, boxed(i)?)),
        ExprKind::Cast(a, t) => at(ExprKind::Cast(boxed(a)?, t.clone())),
        ExprKind::FString(parts) => at(ExprKind::FString(
            parts
                .iter()
                .map(|p| match p {
                    crate::expr::FPart::Shown(x) => reroot(x, via).map(crate::expr::FPart::Shown),
                    text => Some(text.clone()),
                })
                .collect::<Option<_>>()?,
        )),
        _ => e.clone(),
    })
}

/// [`required`] of a temporary `Option` (a method's result): its value.
fn required_owned(code: &str, name: &str) -> String {
    format!("::zerowire::math::required({code}, {name:?})?")
}

/// A list of literals (`[10, 25]`, `["un", "deux"]`): a static slice.
/// The type a plain value and the same type decoded from processed bytes meet
/// as (`MaybeOwned`): a user type's or an opaque type's.
fn maybe_owned(a: &KType, b: &KType) -> Option<KType> {
    match (a, b) {
        (KType::User(t), KType::Owned(u)) | (KType::Owned(u), KType::User(t)) if t == u => {
            Some(KType::Shared(*t))
        }
        (KType::Opaque(t), KType::OwnedOpaque(u)) | (KType::OwnedOpaque(u), KType::Opaque(t))
            if t == u =>
        {
            Some(KType::SharedOpaque(*t))
        }
        _ => None,
    }
}

pub(crate) fn is_literal_list(v: &Value) -> bool {
    matches!(v.ty, KType::Array(_)) && v.code.starts_with("&[")
}

fn is_text(t: &KType) -> bool {
    matches!(t, KType::Str | KType::OwnedStr)
}

fn is_bytes(t: &KType) -> bool {
    matches!(t, KType::Bytes | KType::OwnedBytes)
        || matches!(t, KType::Array(e) if **e == KType::IntLit)
}

fn is_num(t: &KType) -> bool {
    t.is_int() || matches!(t, KType::Float(_))
}

pub(crate) fn describe(t: &KType) -> String {
    match t {
        KType::Int(i) => format!("an integer (`{}`)", i.rust()),
        KType::IntLit | KType::Calc => "an integer".into(),
        KType::Float(_) => "a float".into(),
        KType::Bool => "a boolean".into(),
        KType::Bytes | KType::OwnedBytes => "bytes".into(),
        KType::Str | KType::OwnedStr => "a string".into(),
        KType::Shared(_) => "a user type".into(),
        KType::Unit => "a `contents` check".into(),
        KType::User(_) | KType::Owned(_) => "a user type".into(),
        KType::Switch(_) => "a `switch-on` value".into(),
        KType::Enum(_) => "an enum".into(),
        KType::Array(_) => "an array".into(),
        KType::Opaque(_) | KType::OwnedOpaque(_) | KType::SharedOpaque(_) => {
            "an opaque type".into()
        }
        KType::Foreign => "a member of an opaque type (cast it with `.as<T>`)".into(),
        KType::Io => "a stream".into(),
    }
}
