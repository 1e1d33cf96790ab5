//! The derive's input as an IR borrowed from syn.

use proc_macro2::Ident;
use syn::{
    Data, DeriveInput, Fields, GenericArgument, GenericParam, Lifetime, Member, PathArguments, Type,
};

use crate::attr::{self, Container, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::sanitize;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a syn::Visibility,
    /// The struct's own lifetime, if it has one.
    pub(crate) lifetime: Option<&'a Lifetime>,
    pub(crate) attrs: Container,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) style: Style,
    /// A mistake rustc reports by itself (a reference without a lifetime):
    /// the derive adds no error of its own, only the fallback impl.
    pub(crate) rustc_reports: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Named,
    Tuple,
    Unit,
}

pub(crate) struct Field<'a> {
    pub(crate) member: Member,
    /// The name used in error paths: `slice`, or `0` in a tuple struct.
    pub(crate) name: String,
    /// The local that holds the decoded value.
    pub(crate) local: Ident,
    /// The field's name in the struct's view.
    pub(crate) view_field: Ident,
    pub(crate) ty: &'a Type,
    pub(crate) shape: Shape<'a>,
    pub(crate) attrs: FieldAttrs,
}

/// What a field's type is, as far as decoding cares.
pub(crate) enum Shape<'a> {
    /// A fixed-width number: read with the field's byte order.
    Scalar(&'a Type),
    /// `&'a [u8]`.
    Bytes,
    /// `&'a str`.
    Str,
    /// `bool`: a one-bit field.
    Bool,
    /// `[u8; N]`, copied.
    Array,
    /// `&'a [u8; N]`, borrowed.
    ArrayRef,
    /// `Option<T>`, present when its `when` holds.
    Option(Box<Shape<'a>>),
    /// `Vec<T>`.
    Vec(Box<Shape<'a>>),
    /// `List<'a, T>`: the element's shape and the whole type.
    List(Box<Shape<'a>>, &'a Type),
    /// `&'a mut [u8]`: a mutable piece of a `&mut` buffer (`DecodeMut`).
    MutBytes,
    /// Other `&mut` references, which zerowire cannot decode.
    OtherRef,
    /// Anything else: a `Codec` type, or a derived struct that may need context.
    Nested(&'a Type),
}

impl Shape<'_> {
    /// Whether decoding this shape calls a nested type's `read_in`.
    pub(crate) fn has_nested(&self) -> bool {
        match self {
            Shape::Nested(_) => true,
            Shape::Option(inner) | Shape::Vec(inner) => inner.has_nested(),
            _ => false,
        }
    }

    /// The type a nested read names, through `Option` and `Vec`.
    pub(crate) fn nested_type(&self) -> Option<&Type> {
        match self {
            Shape::Nested(ty) => Some(ty),
            Shape::Option(inner) | Shape::Vec(inner) => inner.nested_type(),
            _ => None,
        }
    }

    /// Whether the field is an integer, which can hold another field's length.
    pub(crate) fn is_integer(&self) -> bool {
        match self {
            Shape::Scalar(ty) => !matches!(
                ty,
                Type::Path(p) if p.path.is_ident("f32") || p.path.is_ident("f64")
            ),
            _ => false,
        }
    }

    /// Whether the decoded value is `Copy` and small, so expressions see it by value.
    pub(crate) fn by_value(&self) -> bool {
        match self {
            Shape::Scalar(_)
            | Shape::Bytes
            | Shape::Str
            | Shape::Array
            | Shape::ArrayRef
            | Shape::Bool => true,
            // `Option` of a `Copy` value is `Copy`: decode and encode both see a value.
            Shape::Option(inner) => inner.by_value(),
            _ => false,
        }
    }
}

const SCALARS: &[&str] = &[
    "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "U24",
];

pub(crate) fn shape_of(ty: &Type) -> Shape<'_> {
    match ty {
        Type::Group(group) => shape_of(&group.elem),
        Type::Paren(paren) => shape_of(&paren.elem),
        Type::Reference(reference) if reference.mutability.is_some() => match &*reference.elem {
            Type::Slice(slice) if is_ident(&slice.elem, "u8") => Shape::MutBytes,
            _ => Shape::OtherRef,
        },
        Type::Array(array) if is_ident(&array.elem, "u8") => Shape::Array,
        Type::Reference(reference) => match &*reference.elem {
            Type::Slice(slice) if is_ident(&slice.elem, "u8") => Shape::Bytes,
            Type::Array(array) if is_ident(&array.elem, "u8") => Shape::ArrayRef,
            elem if is_ident(elem, "str") => Shape::Str,
            _ => Shape::Nested(ty),
        },
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Shape::Nested(ty);
            };
            let name = last.ident.to_string();
            match (&last.arguments, name.as_str()) {
                (PathArguments::None, name) if SCALARS.contains(&name) => Shape::Scalar(ty),
                (PathArguments::None, "bool") => Shape::Bool,
                (PathArguments::AngleBracketed(args), "Option" | "Vec") => {
                    let Some(inner) = args.args.iter().find_map(|arg| match arg {
                        GenericArgument::Type(inner) => Some(inner),
                        _ => None,
                    }) else {
                        return Shape::Nested(ty);
                    };
                    let inner = Box::new(shape_of(inner));
                    if name == "Option" {
                        Shape::Option(inner)
                    } else {
                        Shape::Vec(inner)
                    }
                }
                (PathArguments::AngleBracketed(args), "List") => {
                    match args.args.iter().find_map(|arg| match arg {
                        GenericArgument::Type(inner) => Some(inner),
                        _ => None,
                    }) {
                        Some(inner) => Shape::List(Box::new(shape_of(inner)), ty),
                        None => Shape::Nested(ty),
                    }
                }
                _ => Shape::Nested(ty),
            }
        }
        _ => Shape::Nested(ty),
    }
}

fn is_ident(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}

/// Whether `ty` holds a reference without a lifetime (rustc reports it).
fn has_elided_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => r.lifetime.is_none() || has_elided_reference(&r.elem),
        Type::Path(p) => p.path.segments.iter().any(|s| match &s.arguments {
            PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                GenericArgument::Type(t) => has_elided_reference(t),
                _ => false,
            }),
            _ => false,
        }),
        Type::Slice(s) => has_elided_reference(&s.elem),
        Type::Array(a) => has_elided_reference(&a.elem),
        Type::Tuple(t) => t.elems.iter().any(has_elided_reference),
        Type::Paren(p) => has_elided_reference(&p.elem),
        Type::Group(g) => has_elided_reference(&g.elem),
        _ => false,
    }
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Input<'a>> {
        let data = match &input.data {
            Data::Struct(data) => data,
            Data::Enum(e) => {
                cx.error_at(e.enum_token.span, "enums are derived by `enums`");
                return None;
            }
            Data::Union(u) => {
                cx.error_at(u.union_token.span, "`Decode` cannot be derived for unions");
                return None;
            }
        };
        let mut lifetimes = Vec::new();
        for param in &input.generics.params {
            match param {
                GenericParam::Lifetime(def) => lifetimes.push(&def.lifetime),
                GenericParam::Type(t) => cx.error_spanned_by(
                    t,
                    "`Decode` does not support type parameters yet; use concrete field types",
                ),
                GenericParam::Const(c) => cx.error_spanned_by(
                    c,
                    "`Decode` does not support const parameters yet; use concrete field types",
                ),
            }
        }
        if let Some(extra) = lifetimes.get(1) {
            cx.error_spanned_by(
                extra,
                "`Decode` supports at most one lifetime; borrow every field for the same lifetime",
            );
        }
        let style = match data.fields {
            Fields::Named(_) => Style::Named,
            Fields::Unnamed(_) => Style::Tuple,
            Fields::Unit => Style::Unit,
        };
        let fields = data
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let (member, name, local, view_field) = match &field.ident {
                    Some(ident) => (
                        Member::Named(ident.clone()),
                        ident.to_string(),
                        ident.clone(),
                        ident.clone(),
                    ),
                    None => (
                        Member::Unnamed(index.into()),
                        index.to_string(),
                        sanitize::tuple_local(index),
                        sanitize::tuple_view_field(index),
                    ),
                };
                Field {
                    member,
                    name,
                    local,
                    view_field,
                    ty: &field.ty,
                    shape: shape_of(&field.ty),
                    attrs: attr::field(cx, &field.attrs),
                }
            })
            .collect::<Vec<_>>();
        let rustc_reports = fields.iter().any(|f| has_elided_reference(f.ty));
        Some(Input {
            ident: &input.ident,
            vis: &input.vis,
            lifetime: lifetimes.first().copied(),
            attrs: attr::container(cx, &input.attrs),
            fields,
            style,
            rustc_reports,
        })
    }

    /// Whether the struct can be anyone's parent: it decodes a nested type, or a
    /// positioned value (whose parent it is).
    pub(crate) fn has_view(&self) -> bool {
        self.fields.iter().any(|f| f.shape.has_nested()) || !self.attrs.positioned.is_empty()
    }

    /// The index of the field named `name`.
    pub(crate) fn field_index(&self, name: &str) -> Option<usize> {
        match self.style {
            Style::Named => self.fields.iter().position(|f| f.name == name),
            _ => None,
        }
    }
}
