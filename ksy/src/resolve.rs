//! Resolution: every type of every schema file in one table, with its Rust
//! name, byte order, the Kaitai type of each attribute, who holds it (its
//! `_parent` candidates), and whether it borrows from the input.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::schema::{Attr, Endian, EndianSpec, ExprSrc, Repeat, Spanned, TypeRef, TypeSpec, Valid};

pub(crate) type TyId = usize;
pub(crate) type EnumId = usize;
pub(crate) type SwitchId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum IntTy {
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
}

impl IntTy {
    pub(crate) fn rust(self) -> &'static str {
        match self {
            IntTy::U8 => "u8",
            IntTy::U16 => "u16",
            IntTy::U32 => "u32",
            IntTy::U64 => "u64",
            IntTy::I8 => "i8",
            IntTy::I16 => "i16",
            IntTy::I32 => "i32",
            IntTy::I64 => "i64",
        }
    }

    pub(crate) fn bytes(self) -> u64 {
        match self {
            IntTy::U8 | IntTy::I8 => 1,
            IntTy::U16 | IntTy::I16 => 2,
            IntTy::U32 | IntTy::I32 => 4,
            IntTy::U64 | IntTy::I64 => 8,
        }
    }

    pub(crate) fn signed(self) -> bool {
        matches!(self, IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::I64)
    }

    /// The unsigned type of at least `bits` bits, for a bit field.
    fn for_bits(bits: u32) -> IntTy {
        match bits {
            0..=8 => IntTy::U8,
            9..=16 => IntTy::U16,
            17..=32 => IntTy::U32,
            _ => IntTy::U64,
        }
    }

    pub(crate) fn range(self) -> (i128, i128) {
        let bits = self.bytes() * 8;
        if self.signed() {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        }
    }
}

/// The Kaitai type of a value, as the expression language sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KType {
    /// A number read from the input, of this width.
    Int(IntTy),
    /// An integer literal, which takes the type of what it meets.
    IntLit,
    /// The result of integer arithmetic (Kaitai's calculated integer): `i64`.
    Calc,
    Float(u8),
    Bool,
    /// Bytes borrowed from the input.
    Bytes,
    /// Bytes computed (processed, concatenated): `Vec<u8>`.
    OwnedBytes,
    /// Text borrowed from the input.
    Str,
    /// Text computed: `String`.
    OwnedStr,
    /// `contents`: nothing but a check.
    Unit,
    User(TyId),
    /// A user type decoded from processed bytes, which it borrows: `Owned<T>`.
    Owned(TyId),
    /// A user type either borrowed or decoded again from processed bytes (a
    /// ternary over both): `MaybeOwned<'_, T>`, read through `Deref`.
    Shared(TyId),
    Enum(EnumId),
    Array(Box<KType>),
    /// A `switch-on` attribute: one of its cases' types, as a tagged enum.
    Switch(SwitchId),
    /// A type defined outside the schemas (`ks-opaque-types: true`), mapped
    /// to a Rust type by `Compiler::opaque_type`: decoded alone, as a `Codec`.
    Opaque(usize),
    /// An opaque type decoded from processed bytes: `Owned<T<'static>>`.
    OwnedOpaque(usize),
    /// An opaque type borrowed or decoded again from processed bytes:
    /// `MaybeOwned<'_, T>`.
    SharedOpaque(usize),
    /// A member of an opaque type, whose type the schema does not know: it
    /// can only be cast (`.as<u1>`).
    Foreign,
    /// A stream as a value (`_io`, a parameter of type `io`): where a struct
    /// was read, `zerowire::Input<'a>`.
    Io,
}

impl KType {
    pub(crate) fn is_int(&self) -> bool {
        matches!(self, KType::Int(_) | KType::IntLit | KType::Calc)
    }
}

/// One attribute of `seq`, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Field<'s> {
    pub(crate) attr: &'s Attr,
    /// The type of one element (the attribute itself without `repeat`).
    pub(crate) elem: KType,
    /// A bit field's width.
    pub(crate) bits: Option<u32>,
    /// A bit field's order when it is not its type's (`b5le` in a `be` type):
    /// least significant bit first.
    pub(crate) lsb: Option<bool>,
    /// The byte order of a number, when it is not the type's own.
    pub(crate) endian: Option<Endian>,
    /// Arguments passed to a user type: `type: foo(1, x)`.
    pub(crate) args: Vec<Spanned<String>>,
    /// A user type that contains this one again: held in a `Box`.
    pub(crate) boxed: bool,
    /// Text in an encoding other than UTF-8 (a `String`): the name the derive takes.
    pub(crate) encoding: Option<&'static str>,
    /// A repetition of structs read as a lazy `List` (borrowed, decoded on
    /// iteration) rather than a `Vec`: see [`lazy_lists`].
    pub(crate) lazy: bool,
    /// A value instance computed while decoding, as a field (`#[calc(..)]`):
    /// see [`calc_values`].
    pub(crate) calc: bool,
    /// An enum attribute's own integer and byte order, where they are not its
    /// enum's (`#[int(u16)]`): one enum read from several widths.
    pub(crate) read_as: Option<(IntTy, Endian)>,
    /// Its arguments pass the stream it is read in (`_io`, `_root._io`): an
    /// `Input` captured just before it, which encode has too.
    pub(crate) captures_io: bool,
    /// A computed value over the root, below it, that neither a method of the
    /// struct nor its decoding can compute: its method takes the root
    /// (`_root: &Root`), as Kaitai computes it once the whole file is read.
    pub(crate) root_arg: bool,
}

impl<'s> Field<'s> {
    /// An attribute not resolved yet: bytes until its type says otherwise.
    fn new(attr: &'s Attr) -> Self {
        Field {
            attr,
            elem: KType::Bytes,
            bits: None,
            lsb: None,
            endian: None,
            args: Vec::new(),
            encoding: None,
            boxed: false,
            lazy: false,
            calc: false,
            read_as: None,
            captures_io: false,
            root_arg: false,
        }
    }

    /// The attribute's type as seen from an expression (with `repeat`, an array).
    pub(crate) fn ktype(&self) -> KType {
        if self.attr.repeat.is_some() {
            KType::Array(Box::new(self.elem.clone()))
        } else {
            self.elem.clone()
        }
    }
}

pub(crate) struct TypeInfo<'s> {
    pub(crate) spec: &'s TypeSpec,
    /// Index of the schema file it comes from.
    pub(crate) file: usize,
    /// The type it is declared in (Kaitai's lexical scope).
    pub(crate) scope: Option<TyId>,
    pub(crate) rust: String,
    pub(crate) endian: Option<Spanned<EndianSpec>>,
    pub(crate) bit_endian: Option<Endian>,
    pub(crate) encoding: Option<String>,
    pub(crate) fields: Vec<Field<'s>>,
    pub(crate) instances: Vec<Field<'s>>,
    /// The types that hold it in a field or an instance: its possible `_parent`s.
    pub(crate) users: Vec<TyId>,
    pub(crate) lifetime: bool,
    /// The struct each `type: struct` parameter (by index) is given: the one
    /// its callers pass ([`struct_params`]).
    pub(crate) struct_params: Vec<Option<TyId>>,
    /// Whether it derives `Clone`: it is passed as a parameter, or held by one.
    pub(crate) clone: bool,
    /// Whether it keeps where it was read (an `Input` field): for its
    /// positioned instances, its `_io`, or another type's `x._io` of it.
    pub(crate) keeps_input: bool,
}

pub(crate) struct EnumInfo<'s> {
    pub(crate) spec: &'s crate::schema::EnumSpec,
    pub(crate) scope: TyId,
    pub(crate) rust: String,
    /// The integer type of the first field that uses it.
    pub(crate) repr: Option<(IntTy, Endian)>,
}

impl EnumInfo<'_> {
    /// The enum's integer type: its first field's, else the smallest that
    /// holds every value.
    pub(crate) fn int_type(&self) -> IntTy {
        if let Some((t, _)) = self.repr {
            return t;
        }
        let fits = |t: IntTy| {
            self.spec
                .values
                .iter()
                .all(|v| (t.range().0..=t.range().1).contains(&v.value.value))
        };
        [IntTy::U8, IntTy::U16, IntTy::U32, IntTy::U64, IntTy::I64]
            .into_iter()
            .find(|t| fits(*t))
            .unwrap_or(IntTy::I64)
    }
}

/// A `switch-on` attribute's type: a tagged enum of its cases.
pub(crate) struct SwitchInfo<'s> {
    pub(crate) holder: TyId,
    pub(crate) attr: &'s Attr,
    pub(crate) rust: String,
    pub(crate) on: &'s ExprSrc,
    /// Each case: its key (`None` for `_`) and its type.
    pub(crate) cases: Vec<Case<'s>>,
    pub(crate) lifetime: bool,
}

pub(crate) struct Case<'s> {
    pub(crate) key: Option<&'s ExprSrc>,
    pub(crate) ty: &'s Spanned<String>,
    pub(crate) field: Field<'s>,
}

/// The name of a switch's variant for a tag no case names.
const UNKNOWN: &str = "Unknown";

/// A variant of a switch's enum: the cases (by index) of one type.
pub(crate) struct Variant {
    pub(crate) name: String,
    pub(crate) cases: Vec<usize>,
    /// The `_` case (alone in its variant).
    pub(crate) default: bool,
}

impl SwitchInfo<'_> {
    /// The `_` case.
    pub(crate) fn default_case(&self) -> Option<&Case<'_>> {
        self.cases.iter().find(|c| c.key.is_none())
    }

    /// The enum's variants: one per case type, in the order of first use, and
    /// the `_` case's on its own; named after the type.
    pub(crate) fn variants(&self) -> Vec<Variant> {
        let mut out: Vec<Variant> = Vec::new();
        let mut types: Vec<&str> = Vec::new();
        for (i, c) in self.cases.iter().enumerate() {
            let text = c.ty.value.trim();
            let default = c.key.is_none();
            if !default {
                if let Some(at) = types.iter().position(|t| *t == text) {
                    if !out[at].default {
                        out[at].cases.push(i);
                        continue;
                    }
                }
            }
            let base = text.split('(').next().unwrap_or(text);
            let base = base.rsplit("::").next().unwrap_or(base);
            let mut name = camel(base.trim());
            while out.iter().any(|v| v.name == name) || name == UNKNOWN {
                name.push('_');
            }
            types.push(text);
            out.push(Variant {
                name,
                cases: vec![i],
                default,
            });
        }
        out
    }

    /// The variant for a tag no case names, when there is no `_` case: the raw
    /// bytes of the attribute's `size`, or nothing.
    pub(crate) fn unknown(&self) -> Option<&'static str> {
        self.default_case().is_none().then_some(UNKNOWN)
    }

    /// The user types of its cases, each with whether it is boxed.
    fn case_types(&self) -> impl Iterator<Item = (TyId, bool)> + '_ {
        self.cases.iter().filter_map(|c| match c.field.elem {
            KType::User(t) => Some((t, c.field.boxed)),
            _ => None,
        })
    }

    /// Whether the unmatched variant keeps the raw bytes.
    pub(crate) fn unknown_is_raw(&self) -> bool {
        self.attr.size.is_some() || self.attr.size_eos
    }
}

pub(crate) struct Model<'s> {
    pub(crate) types: Vec<TypeInfo<'s>>,
    pub(crate) enums: Vec<EnumInfo<'s>>,
    pub(crate) switches: Vec<SwitchInfo<'s>>,
    /// Each schema file's root type, in the order given.
    pub(crate) roots: Vec<TyId>,
    /// The opaque types the compiler maps (Kaitai name, Rust type), and which
    /// of them the schemas use.
    pub(crate) opaque: Vec<Opaque>,
}

/// A type defined outside the schemas, as `Compiler::opaque_type` maps it.
#[derive(Debug, Clone)]
pub(crate) struct Opaque {
    pub(crate) name: String,
    /// The Rust type, such as `crate::hello::Hello<'a>`.
    pub(crate) rust: String,
}

impl Opaque {
    /// The Rust type as an `Owned` bundle holds it: borrowing for `'static`.
    pub(crate) fn owned(&self) -> String {
        self.rust.replace("'a", "'static")
    }

    /// The Rust type behind a `MaybeOwned<'_, T>`.
    pub(crate) fn shared(&self) -> String {
        self.rust.replace("'a", "'_")
    }

    /// Whether the Rust type borrows from the input (names `'a`).
    pub(crate) fn borrows(&self) -> bool {
        self.rust.contains("'a")
    }
}

/// Builds the model of several schema files (the first is the main one;
/// the others are its imports). Errors carry the file index.
pub(crate) fn resolve(
    files: &[TypeSpec],
    opaque: Vec<Opaque>,
) -> Result<Model<'_>, (usize, Diagnostic)> {
    let mut m = Model {
        types: Vec::new(),
        enums: Vec::new(),
        switches: Vec::new(),
        roots: Vec::new(),
        opaque,
    };
    for (file, root) in files.iter().enumerate() {
        let id = add_type(&mut m, root, file, None);
        m.roots.push(id);
    }
    name_types(&mut m);
    for id in 0..m.types.len() {
        let file = m.types[id].file;
        resolve_fields(&mut m, id).map_err(|d| (file, d))?;
    }
    enum_widths(&mut m);
    passed_parents(&mut m)?;
    alone(&mut m);
    parentless(&m)?;
    generic_cycles(&m)?;
    streams_read(&mut m);
    early_instances(&mut m);
    lazy_lists(&mut m);
    borrowing(&mut m);
    boxing(&mut m);
    calc_values(&mut m);
    struct_params(&mut m);
    borrowing(&mut m);
    cloned(&mut m)?;
    endless(&m)?;
    Ok(m)
}

/// A parameter of `type: struct` takes any struct in Kaitai; here, the one
/// its callers pass, when they all pass the same (else it stays unresolved,
/// and the parameter is unsupported where it is read). Parameters passed on
/// from a parameter resolve in later rounds.
fn struct_params(m: &mut Model<'_>) {
    use crate::translate::{Mode, Scope};
    loop {
        let mut found: Vec<(TyId, usize, Option<TyId>)> = Vec::new();
        for id in 0..m.types.len() {
            for (i, f) in m.types[id].fields.iter().enumerate() {
                let KType::User(u) = f.elem else { continue };
                let params = &m.types[u].spec.params;
                for (n, (p, arg)) in params.iter().zip(&f.args).enumerate() {
                    let is_struct = p.ty.as_ref().is_some_and(|t| t.value == "struct");
                    if !is_struct || m.types[u].struct_params[n].is_some() {
                        continue;
                    }
                    let mut scope = Scope::new(m, id, Mode::Decode { decoded: i });
                    scope.index = f.attr.repeat.is_some();
                    let given = crate::expr::parse(arg)
                        .and_then(|e| scope.translate(&e))
                        .ok()
                        .map(|v| v.ty);
                    match given {
                        Some(KType::User(t)) => found.push((u, n, Some(t))),
                        // Another struct, or not known yet.
                        Some(_) => found.push((u, n, None)),
                        None => {}
                    }
                }
            }
        }
        let mut changed = false;
        for &(u, n, t) in &found {
            let all_same = found
                .iter()
                .filter(|(v, k, _)| (*v, *k) == (u, n))
                .all(|(.., other)| *other == t);
            if all_same && t.is_some() && m.types[u].struct_params[n].is_none() {
                m.types[u].struct_params[n] = t;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// The types passed as parameters, and every type they hold, derive `Clone`:
/// the child gets a copy (which still borrows from the input). Processed bytes
/// (`Owned`) cannot be copied.
fn cloned(m: &mut Model<'_>) -> Result<(), (usize, Diagnostic)> {
    let mut stack = Vec::new();
    for id in 0..m.types.len() {
        // A struct computed as a field (a copy of the parent's or root's).
        for f in m.types[id].fields.iter().filter(|f| f.calc) {
            stack.extend(held_types(m, &f.elem));
        }
        for p in &m.types[id].spec.params {
            if let Some(k) = crate::translate::param_type(m, id, p) {
                let elem = match k {
                    KType::Array(e) => *e,
                    k => k,
                };
                stack.extend(held_types(m, &elem));
            }
        }
    }
    while let Some(t) = stack.pop() {
        if m.types[t].clone {
            continue;
        }
        m.types[t].clone = true;
        let ty = &m.types[t];
        for f in ty.fields.iter() {
            if matches!(
                f.elem,
                KType::Owned(_) | KType::Shared(_) | KType::OwnedOpaque(_) | KType::SharedOpaque(_)
            ) {
                return Err((
                    ty.file,
                    unsupported(
                        "a parameter of a struct that holds processed bytes",
                        f.attr.span.clone(),
                    ),
                ));
            }
            stack.extend(held_types(m, &f.elem));
        }
    }
    Ok(())
}

/// A type that always contains itself again (through attributes without
/// `if` or `repeat`) needs infinite input: a diagnostic at the attribute that
/// closes the loop, rather than a parser that can only fail.
fn endless(m: &Model<'_>) -> Result<(), (usize, Diagnostic)> {
    let always = |t: TyId| {
        m.types[t].fields.iter().filter_map(|f| match f.elem {
            KType::User(u) if f.attr.if_.is_none() && f.attr.repeat.is_none() => Some((u, f)),
            _ => None,
        })
    };
    for start in 0..m.types.len() {
        // Walk the attributes that are always there, from `start`, with an
        // explicit stack (no recursion) and each type once.
        let mut seen = vec![false; m.types.len()];
        let mut stack: Vec<TyId> = vec![start];
        while let Some(t) = stack.pop() {
            for (u, f) in always(t) {
                if u == start {
                    let name = &m.types[start].spec.name.value;
                    return Err((
                        m.types[t].file,
                        Diagnostic::new(
                            format!("`{name}` always contains itself again here (no `if` or `repeat` ends it), so no input is long enough"),
                            f.attr.span.clone(),
                        ),
                    ));
                }
                if !std::mem::replace(&mut seen[u], true) {
                    stack.push(u);
                }
            }
        }
    }
    Ok(())
}

fn add_type<'s>(m: &mut Model<'s>, spec: &'s TypeSpec, file: usize, scope: Option<TyId>) -> TyId {
    let id = m.types.len();
    let outer = scope.map(|s| &m.types[s]);
    let endian = spec
        .meta
        .endian
        .clone()
        .or_else(|| outer.and_then(|o| o.endian.clone()));
    let bit_endian = spec
        .meta
        .bit_endian
        .as_ref()
        .map(|b| b.value)
        .or_else(|| outer.and_then(|o| o.bit_endian));
    let encoding = spec
        .meta
        .encoding
        .as_ref()
        .map(|e| e.value.clone())
        .or_else(|| outer.and_then(|o| o.encoding.clone()));
    m.types.push(TypeInfo {
        spec,
        file,
        scope,
        rust: String::new(),
        endian,
        bit_endian,
        encoding,
        fields: Vec::new(),
        instances: Vec::new(),
        users: Vec::new(),
        lifetime: false,
        struct_params: vec![None; spec.params.len()],
        clone: false,
        keeps_input: keeps_input(spec),
    });
    for e in &spec.enums {
        m.enums.push(EnumInfo {
            spec: e,
            scope: id,
            rust: String::new(),
            repr: None,
        });
    }
    for t in &spec.types {
        add_type(m, t, file, Some(id));
    }
    id
}

pub(crate) fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// Rust names: the type's own name in CamelCase, or with its enclosing types'
/// names before it where two types (or a type and an enum) would clash.
fn name_types(m: &mut Model<'_>) {
    let full = |m: &Model<'_>, mut id: TyId| {
        let mut parts = vec![m.types[id].spec.name.value.clone()];
        while let Some(s) = m.types[id].scope {
            parts.push(m.types[s].spec.name.value.clone());
            id = s;
        }
        parts.reverse();
        parts
    };
    let mut short: HashMap<String, usize> = HashMap::new();
    for t in &m.types {
        *short.entry(camel(&t.spec.name.value)).or_default() += 1;
    }
    for e in &m.enums {
        *short.entry(camel(&e.spec.name.value)).or_default() += 1;
    }
    for id in 0..m.types.len() {
        let own = camel(&m.types[id].spec.name.value);
        m.types[id].rust = if short[&own] == 1 {
            own
        } else {
            full(m, id).iter().map(|p| camel(p)).collect()
        };
    }
    for i in 0..m.enums.len() {
        let own = camel(&m.enums[i].spec.name.value);
        m.enums[i].rust = if short[&own] == 1 {
            own
        } else {
            let scope: String = full(m, m.enums[i].scope).iter().map(|p| camel(p)).collect();
            format!("{scope}{own}")
        };
    }
}

/// Finds a type by a Kaitai name (`foo` or `foo::bar`) as seen from `from`:
/// its own nested types, then each enclosing type's, then the schema roots.
pub(crate) fn find_type(m: &Model<'_>, from: TyId, name: &str) -> Option<TyId> {
    let mut parts = name.split("::");
    let first = parts.next()?;
    let mut scope = Some(from);
    let mut found = None;
    while let Some(s) = scope {
        if m.types[s].spec.name.value == first && m.types[s].scope.is_none() && s != from {
            found = Some(s);
            break;
        }
        if let Some(t) = child(m, s, first) {
            found = Some(t);
            break;
        }
        scope = m.types[s].scope;
    }
    let mut t = found.or_else(|| {
        m.roots
            .iter()
            .copied()
            .find(|r| m.types[*r].spec.name.value == first)
    })?;
    // Each further step is a nested type, or (as Kaitai's compiler resolves
    // `a::b::c`) one that an enclosing type declares.
    for p in parts {
        let mut scope = Some(t);
        t = loop {
            let s = scope?;
            if let Some(c) = child(m, s, p) {
                break c;
            }
            scope = m.types[s].scope;
        };
    }
    Some(t)
}

fn child(m: &Model<'_>, of: TyId, name: &str) -> Option<TyId> {
    (0..m.types.len()).find(|&t| m.types[t].scope == Some(of) && m.types[t].spec.name.value == name)
}

/// Finds an enum (`animal` or `foo::animal`) as seen from `from`.
pub(crate) fn find_enum(m: &Model<'_>, from: TyId, name: &str) -> Option<EnumId> {
    let (path, last) = match name.rsplit_once("::") {
        Some((p, l)) => (Some(p), l),
        None => (None, name),
    };
    let owner_in = |t: TyId| {
        m.enums
            .iter()
            .position(|e| e.scope == t && e.spec.name.value == last)
    };
    match path {
        Some(p) => owner_in(find_type(m, from, p)?),
        None => {
            let mut scope = Some(from);
            while let Some(s) = scope {
                if let Some(e) = owner_in(s) {
                    return Some(e);
                }
                scope = m.types[s].scope;
            }
            m.roots.iter().find_map(|r| owner_in(*r))
        }
    }
}

/// A primitive type name: `u4le`, `s2`, `f8be`, `b3`, `str`, `strz`, `bytes`.
enum Prim {
    Int(IntTy, Option<Endian>),
    Float(u8, Option<Endian>),
    Bits(u32, Option<Endian>),
    Str,
}

fn primitive(name: &str) -> Option<Prim> {
    let (base, endian) = if let Some(b) = name.strip_suffix("le") {
        (b, Some(Endian::Little))
    } else if let Some(b) = name.strip_suffix("be") {
        (b, Some(Endian::Big))
    } else {
        (name, None)
    };
    let int = match base {
        "u1" => Some(IntTy::U8),
        "u2" => Some(IntTy::U16),
        "u4" => Some(IntTy::U32),
        "u8" => Some(IntTy::U64),
        "s1" => Some(IntTy::I8),
        "s2" => Some(IntTy::I16),
        "s4" => Some(IntTy::I32),
        "s8" => Some(IntTy::I64),
        _ => None,
    };
    if let Some(i) = int {
        // `u1le` is not a type: one byte has no order.
        if endian.is_some() && i.bytes() == 1 {
            return None;
        }
        return Some(Prim::Int(i, endian));
    }
    match base {
        "f4" => return Some(Prim::Float(4, endian)),
        "f8" => return Some(Prim::Float(8, endian)),
        _ => {}
    }
    if endian.is_none() {
        match name {
            "str" | "strz" => return Some(Prim::Str),
            _ => {}
        }
    }
    let bits = base.strip_prefix('b')?.parse::<u32>().ok()?;
    (1..=64).contains(&bits).then_some(Prim::Bits(bits, endian))
}

/// Splits `foo(1, x)` into the name and its argument texts, with their spans.
pub(crate) fn split_args(
    t: &Spanned<String>,
) -> Result<(String, Vec<Spanned<String>>), Diagnostic> {
    let Some(open) = t.value.find('(') else {
        return Ok((t.value.trim().to_owned(), Vec::new()));
    };
    let name = t.value[..open].trim().to_owned();
    let Some(inner) = t.value[open + 1..].trim_end().strip_suffix(')') else {
        return Err(Diagnostic::new(
            "unclosed `(`: the arguments of a type end with `)`",
            t.span.start + open..t.span.end,
        ));
    };
    let mut args = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let base = t.span.start + open + 1;
    let mut quote = None;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(Spanned {
                    value: inner[start..i].to_owned(),
                    span: base + start..base + i,
                });
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[start..].trim().is_empty() {
        args.push(Spanned {
            value: inner[start..].to_owned(),
            span: base + start..base + inner.len(),
        });
    }
    // Each argument is an expression: parsed here so that a broken one is
    // reported even where the type is not compiled further.
    for a in &args {
        crate::expr::parse(a)?;
    }
    Ok((name, args))
}

fn unsupported(what: &str, span: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::unsupported(what, span)
}

fn resolve_fields(m: &mut Model<'_>, id: TyId) -> Result<(), Diagnostic> {
    let spec = m.types[id].spec;
    let mut fields = Vec::new();
    for a in &spec.seq {
        fields.push(resolve_attr(m, id, a)?);
    }
    let mut instances = Vec::new();
    for a in &spec.instances {
        instances.push(resolve_attr(m, id, a)?);
    }
    for f in fields
        .iter()
        .chain(&instances)
        .filter(|f| f.attr.parent.is_none())
    {
        for t in held_types(m, &f.elem) {
            if !m.types[t].users.contains(&id) {
                m.types[t].users.push(id);
            }
        }
    }
    m.types[id].fields = fields;
    m.types[id].instances = instances;
    Ok(())
}

/// Whether a value of `k` holds a `t`, itself or through the types it holds.
pub(crate) fn holds(m: &Model<'_>, k: &KType, t: TyId) -> bool {
    let mut stack = held_types(m, k);
    let mut seen = Vec::new();
    while let Some(u) = stack.pop() {
        if u == t {
            return true;
        }
        if seen.contains(&u) {
            continue;
        }
        seen.push(u);
        for f in &m.types[u].fields {
            stack.extend(held_types(m, &f.elem));
        }
    }
    false
}

/// The user types a field of this type holds: its own, or its cases'.
pub(crate) fn held_types(m: &Model<'_>, k: &KType) -> Vec<TyId> {
    match k {
        KType::User(t) => vec![*t],
        KType::Switch(s) => m.switches[*s].case_types().map(|(t, _)| t).collect(),
        _ => Vec::new(),
    }
}

fn resolve_attr<'s>(m: &mut Model<'s>, id: TyId, a: &'s Attr) -> Result<Field<'s>, Diagnostic> {
    let mut f = Field::new(a);
    // `parent: false`: the type is read with no parent (it must need none);
    // `parent: _parent`: inside the holder's parent.
    if let Some(p) = a
        .parent
        .as_ref()
        .filter(|p| !matches!(p.value.trim(), "false" | "_parent"))
    {
        return Err(unsupported(
            "`parent` other than `_parent` or `false` (a `_parent` other than the holder's or its parent)",
            p.span.clone(),
        ));
    }
    if let (Some(_), Some(e)) = (&a.value, &a.enum_) {
        // A computed value read as an enum: its type is the enum's.
        f.elem = KType::Enum(find_enum(m, id, &e.value).ok_or_else(|| {
            Diagnostic::new(format!("unknown enum `{}`", e.value), e.span.clone())
        })?);
        return Ok(f);
    }
    if a.value.is_some() {
        // A value instance's type comes from its expression (translate infers it).
        f.elem = KType::Unit;
        return Ok(f);
    }
    if a.contents.is_some() {
        f.elem = KType::Unit;
        return Ok(f);
    }
    match &a.ty {
        None => {
            if a.process.is_some() {
                f.elem = KType::OwnedBytes;
            }
        }
        Some(TypeRef::Switch { on, cases }) => {
            resolve_switch(m, id, a, on, cases, &mut f)?;
            return Ok(f);
        }
        Some(TypeRef::Named(t)) => resolve_named(m, id, a, t, &mut f)?,
    }
    // A one-bit enum is a one-bit number, not a flag.
    if let (Some(_), Some(1), KType::Bool) = (&a.enum_, f.bits, &f.elem) {
        f.elem = KType::Int(IntTy::U8);
    }
    if let Some(e) = &a.enum_ {
        let KType::Int(i) = f.elem else {
            return Err(Diagnostic::new(
                "`enum` goes on an integer attribute",
                e.span.clone(),
            ));
        };
        let Some(en) = find_enum(m, id, &e.value) else {
            return Err(Diagnostic::new(
                format!("unknown enum `{}`", e.value),
                e.span.clone(),
            ));
        };
        let want = (i, f.endian.unwrap_or(Endian::Big));
        if m.enums[en].repr.is_none() {
            m.enums[en].repr = Some(want);
        }
        // Its own integer, kept where it is not the enum's ([`enum_widths`]).
        if f.bits.is_none() {
            f.read_as = Some(want);
        }
        f.elem = KType::Enum(en);
    }
    // Repeated bit fields are `Vec`s of N-bit elements, counted or to the end.
    let counted = matches!(
        a.repeat.as_ref().map(|r| &r.value),
        Some(Repeat::Expr(_) | Repeat::Eos)
    );
    if f.bits.is_some() && a.repeat.is_some() && (!counted || matches!(f.elem, KType::Enum(_))) {
        return Err(unsupported("repeated bit fields", a.span.clone()));
    }
    Ok(f)
}

fn default_endian(
    m: &Model<'_>,
    id: TyId,
    span: std::ops::Range<usize>,
) -> Result<Option<Endian>, Diagnostic> {
    match &m.types[id].endian {
        Some(Spanned { value: EndianSpec::Fixed(e), .. }) => Ok(Some(*e)),
        // Chosen at run time: the struct's (the derive's container endian).
        Some(Spanned { value: EndianSpec::Switch { .. }, .. }) => Ok(None),
        None => Err(Diagnostic::new(
            "this number has no byte order: give the type one (`u4le`, `u4be`) or set `meta/endian`",
            span,
        )),
    }
}

/// The element type of an attribute whose `type` names one.
fn resolve_named<'s>(
    m: &mut Model<'s>,
    id: TyId,
    a: &'s Attr,
    t: &'s Spanned<String>,
    f: &mut Field<'s>,
) -> Result<(), Diagnostic> {
    let (name, args) = split_args(t)?;
    match primitive(&name) {
        Some(Prim::Int(i, e)) => {
            f.elem = KType::Int(i);
            if i.bytes() > 1 {
                f.endian = match e {
                    Some(e) => Some(e),
                    None => default_endian(m, id, t.span.clone())?,
                };
            }
        }
        Some(Prim::Float(w, e)) => {
            f.elem = KType::Float(w);
            f.endian = match e {
                Some(e) => Some(e),
                None => default_endian(m, id, t.span.clone())?,
            };
        }
        Some(Prim::Bits(n, e)) => {
            let own = m.types[id].bit_endian.unwrap_or(Endian::Big);
            f.lsb = e.filter(|e| *e != own).map(|e| e == Endian::Little);
            f.bits = Some(n);
            f.elem = if n == 1 {
                KType::Bool
            } else {
                KType::Int(IntTy::for_bits(n))
            };
        }
        Some(Prim::Str) => {
            let enc = a
                .encoding
                .as_ref()
                .map(|e| e.value.clone())
                .or_else(|| m.types[id].encoding.clone());
            let Some(enc) = enc else {
                return Err(Diagnostic::new(
                    "a string needs an encoding: set `encoding` here or in `meta`",
                    t.span.clone(),
                ));
            };
            let upper = enc.to_ascii_uppercase().replace('_', "-");
            // Other encodings decode into a `String`, which Kaitai's semantics need.
            if let Some((name, _)) = owned_encoding(&enc) {
                if a.process.is_some() {
                    return Err(unsupported("`process` on text", t.span.clone()));
                }
                f.elem = KType::OwnedStr;
                f.encoding = Some(name);
                return Ok(());
            }
            if !matches!(upper.as_str(), "UTF-8" | "UTF8" | "ASCII") {
                let span = a
                    .encoding
                    .as_ref()
                    .map_or(t.span.clone(), |e| e.span.clone());
                return Err(unsupported(
                    &format!("text in the encoding `{enc}` (zerowire reads UTF-8, ASCII, UTF-16LE, UTF-16BE, ISO-8859-1, IBM437 and SJIS)"),
                    span,
                ));
            }
            if a.process.is_some() {
                return Err(unsupported("`process` on text", t.span.clone()));
            }
            // `strz` is `str` with `terminator: 0`: the emitter reads that from the type's name.
            f.elem = KType::Str;
        }
        None => {
            let Some(target) = find_type(m, id, &name) else {
                if opaque(m, id) {
                    let Some(i) = m.opaque.iter().position(|o| o.name == name) else {
                        return Err(unsupported(
                            &format!("the opaque type `{name}` without a Rust type (map it with `Compiler::opaque_type`)"),
                            t.span.clone(),
                        ));
                    };
                    if !args.is_empty() {
                        return Err(unsupported("an opaque type with arguments", t.span.clone()));
                    }
                    f.elem = if a.process.is_some() {
                        KType::OwnedOpaque(i)
                    } else {
                        KType::Opaque(i)
                    };
                    return Ok(());
                }
                return Err(Diagnostic::new(
                    format!("unknown type `{name}`"),
                    t.span.clone(),
                ));
            };
            if a.process.is_some() {
                if !args.is_empty() {
                    return Err(unsupported(
                        "`process` on a user type with parameters",
                        t.span.clone(),
                    ));
                }
                f.elem = KType::Owned(target);
                return Ok(());
            }
            f.elem = KType::User(target);
            f.args = args;
        }
    }
    Ok(())
}

/// A `switch-on` attribute: each case's type resolved as its own attribute's.
fn resolve_switch<'s>(
    m: &mut Model<'s>,
    id: TyId,
    a: &'s Attr,
    on: &'s ExprSrc,
    cases: &'s [(ExprSrc, Spanned<String>)],
    f: &mut Field<'s>,
) -> Result<(), Diagnostic> {
    if let Some(e) = &a.enum_ {
        return Err(Diagnostic::new(
            "`enum` goes on an integer attribute, not a `switch-on`",
            e.span.clone(),
        ));
    }
    if cases.is_empty() {
        return Err(Diagnostic::new(
            "a `switch-on` type needs `cases`",
            on.span.clone(),
        ));
    }
    let mut resolved = Vec::new();
    for (key, t) in cases {
        let mut cf = Field::new(a);
        let key = (key.value.trim() != "_").then_some(key);
        if let Some(k) = key {
            crate::expr::parse(k)?;
        }
        resolve_named(m, id, a, t, &mut cf)?;
        resolved.push(Case {
            key,
            ty: t,
            field: cf,
        });
    }
    // Only `_`: the attribute is simply of that type.
    if let [Case { key: None, .. }] = &resolved[..] {
        if let Some(only) = resolved.pop() {
            *f = only.field;
            return Ok(());
        }
    }
    // The holder's name and the attribute's, unless a type or an enum has it
    // (`record.body` beside a type `record_body`).
    let mut rust = format!("{}{}", m.types[id].rust, camel(&a.id.value));
    let taken = |m: &Model<'_>, name: &str| {
        m.types.iter().any(|t| t.rust == name)
            || m.enums.iter().any(|e| e.rust == name)
            || m.switches.iter().any(|s| s.rust == name)
    };
    while taken(m, &rust) {
        rust.push_str("Switch");
    }
    f.elem = KType::Switch(m.switches.len());
    m.switches.push(SwitchInfo {
        holder: id,
        attr: a,
        rust,
        on,
        cases: resolved,
        lifetime: false,
    });
    Ok(())
}

/// Boxes each field whose type contains the field's own struct again
/// (through fields that are not repeated), which would have no finite size.
fn boxing(m: &mut Model<'_>) {
    // The types a value of `t` holds inline (not in a repetition's `Vec`).
    let inline = |m: &Model<'_>, t: TyId| -> Vec<TyId> {
        m.types[t]
            .fields
            .iter()
            .filter(|f| f.attr.repeat.is_none() && !f.boxed)
            .flat_map(|f| match f.elem {
                KType::User(u) => vec![u],
                KType::Switch(s) => m.switches[s]
                    .case_types()
                    .filter(|(_, boxed)| !boxed)
                    .map(|(u, _)| u)
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    };
    let contains = |m: &Model<'_>, start: TyId, id: TyId| {
        let mut seen = vec![start];
        let mut stack = vec![start];
        while let Some(t) = stack.pop() {
            if t == id {
                return true;
            }
            for u in inline(m, t) {
                if !seen.contains(&u) {
                    seen.push(u);
                    stack.push(u);
                }
            }
        }
        false
    };
    for id in 0..m.types.len() {
        for i in 0..m.types[id].fields.len() {
            let f = &m.types[id].fields[i];
            if f.attr.repeat.is_some() {
                continue;
            }
            match f.elem {
                KType::User(start) => m.types[id].fields[i].boxed = contains(m, start, id),
                KType::Switch(s) => {
                    for c in 0..m.switches[s].cases.len() {
                        if let KType::User(start) = m.switches[s].cases[c].field.elem {
                            m.switches[s].cases[c].field.boxed = contains(m, start, id);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether the schema allows types defined outside it (`ks-opaque-types: true`).
fn opaque(m: &Model<'_>, id: TyId) -> bool {
    let mut t = id;
    while let Some(s) = m.types[t].scope {
        t = s;
    }
    m.types[t].spec.meta.opaque_types
}

/// Whether a struct keeps its `Input`, as its last field: its instances read
/// at a position, or read `_io` (the window, and where the fields ended).
pub(crate) fn keeps_input(spec: &TypeSpec) -> bool {
    spec.instances.iter().any(|i| {
        // Read (with or without `pos`: without, where the fields ended).
        i.pos.is_some()
            || i.value.is_none()
            || [&i.value, &i.pos, &i.size, &i.if_]
                .into_iter()
                .flatten()
                .any(|e| e.value.contains("_io"))
    })
}

/// An encoding that zerowire decodes into a `String`: the name the derive's
/// `#[encoding(..)]` takes and its `zerowire::TextEncoding` variant. Names,
/// as Kaitai's, ignore case and punctuation.
pub(crate) fn owned_encoding(enc: &str) -> Option<(&'static str, &'static str)> {
    let key: String = enc
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Some(match key.as_str() {
        "UTF16LE" => ("UTF-16LE", "Utf16Le"),
        "UTF16BE" => ("UTF-16BE", "Utf16Be"),
        "ISO88591" | "LATIN1" => ("ISO-8859-1", "Latin1"),
        "IBM437" | "CP437" => ("IBM437", "Ibm437"),
        "SJIS" | "SHIFTJIS" => ("SJIS", "ShiftJis"),
        _ => return None,
    })
}

/// Whether `id` may be read inside processed bytes (under an `Owned<T>`),
/// where the input its reader holds is the new buffer, not `_root._io`.
pub(crate) fn read_from_processed(m: &Model<'_>, id: TyId) -> bool {
    let mut stack: Vec<TyId> = m
        .types
        .iter()
        .flat_map(|t| t.fields.iter().chain(&t.instances))
        .filter_map(|f| match f.elem {
            KType::Owned(u) => Some(u),
            _ => None,
        })
        .collect();
    let mut seen = Vec::new();
    while let Some(t) = stack.pop() {
        if t == id {
            return true;
        }
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        let ty = &m.types[t];
        for f in ty.fields.iter().chain(&ty.instances) {
            stack.extend(held_types(m, &f.elem));
        }
    }
    false
}

/// An enum read from integers of several widths or byte orders takes the
/// widest (signed where one of them is) as its own; each attribute that reads
/// another keeps it (`#[int(u16)]`).
fn enum_widths(m: &mut Model<'_>) {
    for en in 0..m.enums.len() {
        let uses: Vec<(IntTy, Endian)> = m
            .types
            .iter()
            .flat_map(|t| t.fields.iter().chain(&t.instances))
            .filter(|f| f.elem == KType::Enum(en))
            .filter_map(|f| f.read_as)
            .collect();
        let Some(&first) = uses.first() else { continue };
        let signed = uses.iter().any(|(i, _)| i.signed());
        let widest =
            uses.iter()
                .copied()
                .fold(first, |a, b| if b.0.bytes() > a.0.bytes() { b } else { a });
        let repr = match (signed, widest.0.signed()) {
            // Mixed signs: the signed integer twice as wide holds both.
            (true, false) => (IntTy::I64, widest.1),
            _ => widest,
        };
        m.enums[en].repr = Some(repr);
        for t in &mut m.types {
            for f in t.fields.iter_mut().chain(&mut t.instances) {
                if f.elem != KType::Enum(en) {
                    continue;
                }
                // One byte has no order.
                let same = f
                    .read_as
                    .is_some_and(|(i, e)| i == repr.0 && (e == repr.1 || i.bytes() == 1));
                if same {
                    f.read_as = None;
                }
            }
        }
    }
}

/// A type whose `_io` another reads (`first._io`, `first` one of its
/// attributes) keeps its `Input` too.
fn streams_read(m: &mut Model<'_>) {
    // `name._io`: the attribute `name`'s stream.
    let walk = |e: &crate::expr::Expr, out: &mut Vec<String>| {
        use crate::expr::ExprKind as K;
        crate::expr::each(e, &mut |x| {
            if let K::Attr(base, n) = &x.kind {
                if let (K::Name(name), "_io") = (&base.kind, n.as_str()) {
                    out.push(name.clone());
                }
            }
        });
    };
    let mut kept = Vec::new();
    for t in &m.types {
        let mut names = Vec::new();
        for f in t.fields.iter().chain(&t.instances) {
            let a = f.attr;
            let srcs = [&a.size, &a.if_, &a.value, &a.pos, &a.io]
                .into_iter()
                .flatten()
                .chain(&f.args);
            for src in srcs {
                if let Ok(e) = crate::expr::parse(src) {
                    walk(&e, &mut names);
                }
            }
        }
        for n in names {
            if let Some(f) = t.fields.iter().find(|f| f.attr.id.value == n) {
                kept.extend(held_types(m, &f.elem));
            }
        }
    }
    // `io: _root.a.b._io` below the root: `b` keeps the stream its instances'
    // callers pass, and the instances' own type one to hold its lifetime.
    for id in 0..m.types.len() {
        for f in &m.types[id].instances {
            if let Some(path) = root_stream(m, id, f.attr) {
                kept.extend(follow(m, root_type(m, id), &path));
                kept.push(id);
            }
        }
    }
    for u in kept {
        m.types[u].keeps_input = true;
    }
    // `_io` (or `_root._io`) as an argument: the stream where the attribute is read.
    let passes_io = |e: &crate::expr::Expr| {
        use crate::expr::ExprKind as K;
        let mut found = false;
        crate::expr::each(e, &mut |x| match &x.kind {
            K::Name(n) if n == "_io" => found = true,
            K::Attr(base, n) if n == "_io" => {
                found |= matches!(&base.kind, K::Name(b) if b == "_root");
            }
            _ => {}
        });
        found
    };
    for t in &mut m.types {
        for f in &mut t.fields {
            f.captures_io = f
                .args
                .iter()
                .filter_map(|a| crate::expr::parse(a).ok())
                .any(|e| passes_io(&e));
        }
    }
}

/// A type that reads its parent but not `_root` decodes under any root (the
/// derive makes it generic over it); around a cycle of such types (a directory
/// entry that holds directories of entries), the bounds that make it so never
/// end.
fn generic_cycles(m: &Model<'_>) -> Result<(), (usize, Diagnostic)> {
    let generic = |t: TyId| m.types[t].needs_parent() && !reads_name(m, t, "_root");
    // The types a field holds, and whether through a `switch-on` with a case
    // that reads `_root` (a tagged enum whose bounds then ask that case of
    // every root, around the cycle again).
    let edges = |t: TyId| -> Vec<(TyId, bool)> {
        m.types[t]
            .fields
            .iter()
            .flat_map(|f| {
                let held = held_types(m, &f.elem);
                let hazard = matches!(f.elem, KType::Switch(_))
                    && held.iter().any(|&u| reads_name(m, u, "_root"));
                held.into_iter().map(move |u| (u, hazard))
            })
            .collect()
    };
    for t in 0..m.types.len() {
        if !generic(t) {
            continue;
        }
        // Whether `t` holds itself again through a `switch-on`, across types
        // that are generic too.
        let mut stack = edges(t);
        let mut seen = Vec::new();
        while let Some((u, switched)) = stack.pop() {
            if u == t && switched {
                return Err((
                    m.types[t].file,
                    unsupported(
                        "a recursive type around a `switch-on` whose case reads `_root` (its decoding under any root has no end)",
                        m.types[t].spec.name.span.clone(),
                    ),
                ));
            }
            if seen.contains(&(u, switched)) || !generic(u) {
                continue;
            }
            seen.push((u, switched));
            stack.extend(edges(u).into_iter().map(|(v, s)| (v, s || switched)));
        }
    }
    Ok(())
}

/// The names type `t` reads bare: in its attributes and instances, and in
/// the expression that chooses its own byte order at run time.
fn names_read(m: &Model<'_>, t: TyId) -> Vec<String> {
    let ty = &m.types[t];
    let mut names = Vec::new();
    for f in ty.fields.iter().chain(&ty.instances) {
        all_names(f.attr, &mut names);
    }
    if let (Some(EndianSpec::Switch { on, .. }), Some(_)) =
        (ty.endian.as_ref().map(|e| &e.value), &ty.spec.meta.endian)
    {
        if let Ok(e) = crate::expr::parse(on) {
            bare_names(&e, &mut names);
        }
    }
    names
}

/// Whether type `t` reads the name `name` (such as `_root`) bare.
pub(crate) fn reads_name(m: &Model<'_>, t: TyId, name: &str) -> bool {
    names_read(m, t).iter().any(|n| n == name)
}

/// The path from the root of the attribute `_root.a.b._io` whose stream a
/// positioned instance of a type below the root is read in: its method takes
/// that `Input` from its caller, since the struct cannot see its root.
pub(crate) fn root_stream(m: &Model<'_>, id: TyId, a: &Attr) -> Option<Vec<String>> {
    use crate::expr::ExprKind as K;
    if m.types[id].scope.is_none() || a.pos.is_none() {
        return None;
    }
    let e = crate::expr::parse(a.io.as_ref()?).ok()?;
    let K::Attr(mut base, io) = e.kind else {
        return None;
    };
    if io != "_io" {
        return None;
    }
    let mut path = Vec::new();
    loop {
        match base.kind {
            K::Attr(inner, name) => {
                path.push(name);
                base = inner;
            }
            K::Name(n) if n == "_root" && !path.is_empty() => break,
            _ => return None,
        }
    }
    path.reverse();
    Some(path)
}

/// The type a path of attributes (or positioned instances) from `from` leads
/// to, each one of a user type.
pub(crate) fn follow(m: &Model<'_>, from: TyId, path: &[String]) -> Option<TyId> {
    path.iter().try_fold(from, |t, name| {
        let ty = &m.types[t];
        let f = ty
            .fields
            .iter()
            .chain(ty.instances.iter().filter(|i| i.attr.value.is_none()))
            .find(|f| f.attr.id.value == *name)?;
        match f.elem {
            KType::User(u) if f.attr.repeat.is_none() => Some(u),
            _ => None,
        }
    })
}

/// The file root a type is defined below.
pub(crate) fn root_type(m: &Model<'_>, mut t: TyId) -> TyId {
    while let Some(s) = m.types[t].scope {
        t = s;
    }
    t
}

/// Whether an attribute is read inside its holder's parent (`parent: _parent`).
pub(crate) fn in_parent(a: &Attr) -> bool {
    a.parent
        .as_ref()
        .is_some_and(|p| p.value.trim() == "_parent")
}

/// `parent: _parent`: the types such an attribute holds are read inside the
/// holder's parents, which become theirs (to a fixed point, for chains of
/// them). A holder with no parent has no `_parent` to pass.
fn passed_parents(m: &mut Model<'_>) -> Result<(), (usize, Diagnostic)> {
    let mut passes: Vec<(TyId, TyId)> = Vec::new();
    for (id, t) in m.types.iter().enumerate() {
        for f in t.fields.iter().chain(&t.instances) {
            if !in_parent(f.attr) {
                continue;
            }
            if t.scope.is_none() {
                let span = f
                    .attr
                    .parent
                    .as_ref()
                    .map_or(f.attr.span.clone(), |p| p.span.clone());
                return Err((
                    t.file,
                    unsupported(
                        "`parent: _parent` in a file's root type, which has no parent",
                        span,
                    ),
                ));
            }
            passes.extend(held_types(m, &f.elem).into_iter().map(|held| (id, held)));
        }
    }
    loop {
        let mut changed = false;
        for &(holder, held) in &passes {
            for u in m.types[holder].users.clone() {
                if !m.types[held].users.contains(&u) {
                    m.types[held].users.push(u);
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(());
        }
    }
}

/// A type read with `parent: false` must decode alone: read elsewhere inside
/// a parent whose fields it reads, it has no form without one.
fn parentless(m: &Model<'_>) -> Result<(), (usize, Diagnostic)> {
    for t in &m.types {
        for f in t.fields.iter().chain(&t.instances) {
            let Some(p) = f.attr.parent.as_ref().filter(|_| !in_parent(f.attr)) else {
                continue;
            };
            if held_types(m, &f.elem)
                .iter()
                .any(|&u| m.types[u].needs_parent())
            {
                return Err((
                    t.file,
                    unsupported(
                        "`parent: false` on a type that reads its `_parent`",
                        p.span.clone(),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A type declares no parent where neither it nor what it holds reads
/// `_parent` or `_root` (or inherits its parent's byte order chosen at run
/// time): it then decodes alone, a plain `Codec`, for every use (a lazy list
/// of it iterates alone, it is read from processed bytes as from the input).
fn alone(m: &mut Model<'_>) {
    for u in 0..m.types.len() {
        // A type no other holds (unused in the schema, kept for its users)
        // that reads `_parent`/`_root` is read inside the type that declares it.
        let unused = m.types[u].users.is_empty();
        if unused && m.types[u].scope.is_none() {
            continue;
        }
        let mut stack = vec![u];
        let mut seen = Vec::new();
        let mut reads = false;
        while let Some(t) = stack.pop() {
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            let ty = &m.types[t];
            for f in ty.fields.iter().chain(&ty.instances) {
                stack.extend(held_types(m, &f.elem));
            }
            // A byte order chosen at run time and inherited reads the parent's.
            let inherits = matches!(
                ty.endian.as_ref().map(|e| &e.value),
                Some(EndianSpec::Switch { .. })
            ) && ty.spec.meta.endian.is_none();
            reads |= inherits
                || names_read(m, t)
                    .iter()
                    .any(|n| n == "_parent" || n == "_root");
        }
        match (reads, unused) {
            (false, _) => m.types[u].users.clear(),
            (true, true) => {
                let scope = m.types[u].scope;
                m.types[u].users.extend(scope);
            }
            (true, false) => {}
        }
    }
}

/// The names an attribute's decode-time expressions read bare (fields and
/// instances of its own type): its size, repetition, condition, check,
/// process and `switch-on`.
fn decode_names(a: &Attr, out: &mut Vec<String>) {
    let mut srcs: Vec<&ExprSrc> = Vec::new();
    srcs.extend(&a.size);
    srcs.extend(&a.if_);
    srcs.extend(&a.process);
    if let Some(Repeat::Expr(e) | Repeat::Until(e)) = a.repeat.as_ref().map(|r| &r.value) {
        srcs.push(e);
    }
    match a.valid.as_ref().map(|v| &v.value) {
        Some(Valid::Eq(e) | Valid::Expr(e)) => srcs.push(e),
        Some(Valid::Range { min, max }) => srcs.extend(min.iter().chain(max)),
        Some(Valid::AnyOf(es)) => srcs.extend(es),
        _ => {}
    }
    if let Some(TypeRef::Switch { on, .. }) = &a.ty {
        srcs.push(on);
    }
    for src in srcs {
        if let Ok(e) = crate::expr::parse(src) {
            bare_names(&e, out);
        }
    }
}

/// Every name an attribute or instance reads bare: those of [`decode_names`],
/// its value's and its position's.
pub(crate) fn all_names(a: &Attr, out: &mut Vec<String>) {
    decode_names(a, out);
    for src in a.value.iter().chain(&a.pos) {
        if let Ok(e) = crate::expr::parse(src) {
            bare_names(&e, out);
        }
    }
}

fn bare_names(e: &crate::expr::Expr, out: &mut Vec<String>) {
    crate::expr::each(e, &mut |x| {
        if let crate::expr::ExprKind::Name(n) = &x.kind {
            out.push(n.clone());
        }
    });
}

/// Positioned instances that an attribute reads while the struct decodes
/// (directly or through value instances) become fields read at their offset
/// (`#[at(..)]`), placed before the first attribute that reads them: Kaitai
/// reads such an instance there, with `_io.pos` where the stream then is, and
/// keeps that value.
fn early_instances(m: &mut Model<'_>) {
    for id in 0..m.types.len() {
        let t = &m.types[id];
        // (instance, the field it goes before)
        let mut early: Vec<(usize, usize)> = Vec::new();
        for (i, f) in t.fields.iter().enumerate() {
            let mut names = Vec::new();
            decode_names(f.attr, &mut names);
            let mut seen = Vec::new();
            while let Some(n) = names.pop() {
                if seen.contains(&n) || seen.len() > 1000 {
                    continue;
                }
                seen.push(n.clone());
                let Some(k) = t.instances.iter().position(|x| x.attr.id.value == n) else {
                    continue;
                };
                let a = t.instances[k].attr;
                if let Some(v) = &a.value {
                    if let Ok(e) = crate::expr::parse(v) {
                        bare_names(&e, &mut names);
                    }
                } else if a.pos.is_some() && a.io.is_none() && !early.iter().any(|(x, _)| *x == k) {
                    early.push((k, i));
                }
            }
        }
        if early.is_empty() {
            continue;
        }
        let t = &mut m.types[id];
        let instances = std::mem::take(&mut t.instances);
        let fields = std::mem::take(&mut t.fields);
        let mut moved: Vec<Option<Field<'_>>> = Vec::new();
        let mut kept = Vec::new();
        for (k, inst) in instances.into_iter().enumerate() {
            if early.iter().any(|(x, _)| *x == k) {
                moved.push(Some(inst));
            } else {
                moved.push(None);
                kept.push(inst);
            }
        }
        early.sort_by_key(|(_, before)| *before);
        let mut early = early.into_iter().peekable();
        for (i, f) in fields.into_iter().enumerate() {
            while let Some((k, _)) = early.next_if(|(_, before)| *before == i) {
                if let Some(inst) = moved[k].take() {
                    t.fields.push(inst);
                }
            }
            t.fields.push(f);
        }
        t.instances = kept;
    }
}

/// A repetition of structs is a lazy `List`, which borrows its bytes and
/// allocates nothing, where each element is a struct read alone in the
/// stream (no per-element window, terminator, process or check, no
/// arguments): elements that read `_parent`/`_root` too, iterated with
/// `List::iter_in`.
fn lazy_lists(m: &mut Model<'_>) {
    for id in 0..m.types.len() {
        for i in 0..m.types[id].fields.len() {
            let f = &m.types[id].fields[i];
            let a = f.attr;
            let lazy = match f.elem {
                KType::User(u) => {
                    a.repeat.is_some()
                        && m.types[u].spec.params.is_empty()
                        && f.args.is_empty()
                        && !f.boxed
                        && a.size.is_none()
                        && !a.size_eos
                        && a.terminator.is_none()
                        && a.pad_right.is_none()
                        && a.process.is_none()
                        && a.valid.is_none()
                        && a.if_.is_none()
                        // Read inside the holder's parent: a `Vec` (the
                        // derive's `in_parent` takes no `List`).
                        && a.parent.is_none()
                }
                _ => false,
            };
            m.types[id].fields[i].lazy = lazy;
        }
    }
}

/// Value instances that a method cannot compute (they read `_parent`, or
/// `_root` below the root, which a decoded struct no longer sees) but its
/// decoding can: computed once the struct's attributes are read, as fields
/// (`#[calc(..)]`), as Kaitai would compute them at their first use.
fn calc_values(m: &mut Model<'_>) {
    use crate::translate::{Mode, Scope};
    let mut moves: Vec<(TyId, usize, KType)> = Vec::new();
    let mut root_args: Vec<(TyId, usize)> = Vec::new();
    for id in 0..m.types.len() {
        let decoded = m.types[id].fields.len();
        for (i, inst) in m.types[id].instances.iter().enumerate() {
            let Some(v) = &inst.attr.value else { continue };
            if matches!(inst.elem, KType::Enum(_)) {
                continue;
            }
            let Ok(e) = crate::expr::parse(v) else {
                continue;
            };
            let mut method = Scope {
                inlining: vec![inst.attr],
                ..Scope::new(m, id, Mode::Method)
            };
            match method.translate(&e) {
                Err(d) if d.unsupported_feature().is_some() => {}
                _ => continue,
            }
            let mut decode = Scope {
                inlining: vec![inst.attr],
                ..Scope::new(m, id, Mode::Decode { decoded })
            };
            let Ok(val) = decode.translate(&e) else {
                // Over the root, below it: a method that takes the root.
                if m.types[id].scope.is_some() && reads_expr_name(&e, "_root") {
                    let mut with_root = Scope {
                        inlining: vec![inst.attr],
                        root_arg: true,
                        ..Scope::new(m, id, Mode::Method)
                    };
                    if with_root.translate(&e).is_ok() {
                        root_args.push((id, i));
                    }
                }
                continue;
            };
            // With `if`, its condition is computed there too.
            let cond = inst
                .attr
                .if_
                .as_ref()
                .map(|c| crate::expr::parse(c).and_then(|c| decode.translate(&c)));
            if matches!(cond, Some(Err(_))) {
                continue;
            }
            let ty = val.value_type();
            // Values, and structs kept as copies (`Clone`, see `cloned`).
            let plain =
                (crate::translate::copied(&ty) || matches!(ty, KType::User(_))) && !val.by_value;
            if plain && !decode.absent {
                moves.push((id, i, ty));
            }
        }
    }
    for (id, i) in root_args {
        m.types[id].instances[i].root_arg = true;
    }
    // Each type's in instance order, after its attributes.
    for id in 0..m.types.len() {
        let mine: Vec<(usize, KType)> = moves
            .iter()
            .filter(|(t, ..)| *t == id)
            .map(|(_, i, k)| (*i, k.clone()))
            .collect();
        let t = &mut m.types[id];
        let mut moved = Vec::new();
        for (i, k) in mine.into_iter().rev() {
            let mut f = t.instances.remove(i);
            f.elem = k;
            f.calc = true;
            moved.push(f);
        }
        t.fields.extend(moved.into_iter().rev());
    }
}

/// Whether `e` reads the name `name` (such as `_root`) anywhere.
fn reads_expr_name(e: &crate::expr::Expr, name: &str) -> bool {
    let mut found = false;
    crate::expr::each(e, &mut |x| {
        found |= matches!(&x.kind, crate::expr::ExprKind::Name(n) if n == name);
    });
    found
}

/// Which types borrow from the input (and so take the lifetime `'a`).
fn borrowing(m: &mut Model<'_>) {
    let opaque: Vec<bool> = m.opaque.iter().map(Opaque::borrows).collect();
    let direct = |f: &Field<'_>| {
        matches!(f.elem, KType::Bytes | KType::Str)
            || f.lazy
            || matches!(f.elem, KType::Opaque(i) if opaque[i])
    };
    let borrows = |k: &KType| matches!(k, KType::Bytes | KType::Str | KType::Io);
    // A parameter is kept as a field too.
    let params: Vec<Vec<KType>> = (0..m.types.len())
        .map(|id| {
            let t = &m.types[id];
            t.spec
                .params
                .iter()
                .filter_map(|p| crate::translate::param_type(m, id, p))
                .map(|k| match k {
                    KType::Array(e) => *e,
                    k => k,
                })
                .collect()
        })
        .collect();
    for (t, params) in m.types.iter_mut().zip(&params) {
        t.lifetime = t.fields.iter().any(|f| direct(f) || f.captures_io)
            || t.keeps_input
            || params.iter().any(borrows);
    }
    for s in &mut m.switches {
        let raw = s.unknown().is_some() && s.unknown_is_raw();
        s.lifetime = raw || s.cases.iter().any(|c| direct(&c.field));
    }
    loop {
        let mut changed = false;
        for i in 0..m.switches.len() {
            if !m.switches[i].lifetime
                && m.switches[i].case_types().any(|(u, _)| m.types[u].lifetime)
            {
                m.switches[i].lifetime = true;
                changed = true;
            }
        }
        for (id, params) in params.iter().enumerate() {
            if m.types[id].lifetime {
                continue;
            }
            let holds = m.types[id].fields.iter().any(|f| match f.elem {
                KType::User(u) => m.types[u].lifetime,
                KType::Switch(s) => m.switches[s].lifetime,
                _ => false,
            }) || params
                .iter()
                .any(|k| matches!(k, KType::User(u) if m.types[*u].lifetime));
            if holds {
                m.types[id].lifetime = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

impl TypeInfo<'_> {
    /// Whether the type declares its holders as parents (every type but a file's root).
    pub(crate) fn needs_parent(&self) -> bool {
        self.scope.is_some() && !self.users.is_empty()
    }
}

/// The size in bytes of every value of a type, when the schema fixes it
/// (Kaitai's `sizeof<T>` and `_sizeof`): bit fields count by bits, a run of
/// them rounded up to a byte where a byte-aligned field follows.
pub(crate) fn static_size(m: &Model<'_>, t: TyId) -> Option<u64> {
    static_size_within(m, t, 0)
}

fn static_size_within(m: &Model<'_>, t: TyId, depth: usize) -> Option<u64> {
    if depth > 64 {
        return None;
    }
    let mut bits: u64 = 0;
    for f in &m.types[t].fields {
        if f.attr.if_.is_some() {
            return None;
        }
        match f.bits {
            Some(b) => bits = bits.checked_add(u64::from(b))?,
            None => {
                let bytes = attr_size_within(m, f, depth)?;
                bits = bits
                    .div_ceil(8)
                    .checked_mul(8)?
                    .checked_add(bytes.checked_mul(8)?)?;
            }
        }
    }
    Some(bits.div_ceil(8))
}

/// The size in bytes of an attribute, when the schema fixes it.
pub(crate) fn attr_size(m: &Model<'_>, f: &Field<'_>) -> Option<u64> {
    match f.bits {
        Some(b) => Some(u64::from(b).div_ceil(8)),
        None => attr_size_within(m, f, 0),
    }
}

fn attr_size_within(m: &Model<'_>, f: &Field<'_>, depth: usize) -> Option<u64> {
    let a = f.attr;
    let literal = |src: &ExprSrc| match crate::expr::parse(src).ok()?.kind {
        crate::expr::ExprKind::Int(n) => u64::try_from(n).ok(),
        _ => None,
    };
    let count = match &a.repeat {
        None => 1,
        Some(Spanned {
            value: Repeat::Expr(n),
            ..
        }) => literal(n)?,
        Some(_) => return None,
    };
    if let Some(c) = &a.contents {
        return u64::try_from(c.value.len()).ok()?.checked_mul(count);
    }
    let one = match (&a.size, &f.elem) {
        (Some(s), _) => literal(s)?,
        (None, KType::Int(i)) => i.bytes(),
        (None, KType::Float(n)) => u64::from(*n),
        (None, KType::Enum(e)) => m.enums[*e].int_type().bytes(),
        (None, KType::User(t)) if f.args.is_empty() => static_size_within(m, *t, depth + 1)?,
        _ => return None,
    };
    one.checked_mul(count)
}
