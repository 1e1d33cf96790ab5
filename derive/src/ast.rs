//! The derive's input as an IR borrowed from the parsed item.

use std::rc::Rc;

use crate::syntax::{Argument, Arguments, GenericParam, Type, Visibility};
use proc_macro2::{Ident, Literal, TokenStream, TokenTree};

use crate::attr::{self, Container, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::item::{Data, DeriveInput, Fields};
use crate::sanitize;
use crate::tokens::{Kept, Lifetime};

/// A type with the tokens it was written as, shared between the places that
/// name it.
pub(crate) type Ty = Rc<Kept<Type>>;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Kept<Visibility>,
    /// The struct's own lifetime, if it has one.
    pub(crate) lifetime: Option<Lifetime>,
    pub(crate) attrs: &'a Container,
    pub(crate) fields: Vec<Field<'a>>,
    /// The values read at a position (`pos(...)`), as fields that are not
    /// stored: each with its own attributes, decoded on demand.
    pub(crate) positioned: Vec<Field<'a>>,
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
    /// The field as `self.` names it: `slice`, or `0` in a tuple struct.
    pub(crate) member: TokenStream,
    /// The name used in error paths: `slice`, or `0` in a tuple struct.
    pub(crate) name: String,
    /// The local that holds the decoded value.
    pub(crate) local: Ident,
    /// The field's name in the struct's view.
    pub(crate) view_field: Ident,
    pub(crate) ty: &'a Ty,
    pub(crate) shape: Shape,
    pub(crate) attrs: FieldAttrs,
}

/// What a field's type is, as far as decoding cares.
pub(crate) enum Shape {
    /// A fixed-width number: read with the field's byte order.
    Scalar(Ty),
    /// `&'a [u8]`.
    Bytes,
    /// `&'a str`.
    Str,
    /// `String`: text in another encoding (`#[encoding(..)]`), decoded into a new buffer.
    Text,
    /// `zerowire::Endian`: the struct's byte order (chosen at run time), held;
    /// it reads and writes no bytes.
    Endian,
    /// `bool`: a one-bit field.
    Bool,
    /// `[u8; N]`, copied.
    Array,
    /// `&'a [u8; N]`, borrowed.
    ArrayRef,
    /// `Option<T>`, present when its `when` holds.
    Option(Box<Shape>),
    /// `Vec<T>`.
    Vec(Box<Shape>),
    /// `List<'a, T>`: the element's shape and the whole type.
    List(Box<Shape>, Ty),
    /// `&'a mut [u8]`: a mutable piece of a `&mut` buffer (`DecodeMut`).
    MutBytes,
    /// Other `&mut` references, which zerowire cannot decode.
    OtherRef,
    /// Anything else: a `Codec` type, or a derived struct that may need context.
    Nested(Ty),
}

impl Shape {
    /// Whether `process` transforms this whole field: `Vec<u8>`, or a nested
    /// type made from the new buffer (`Owned<T>`); else, on a `Vec` of those,
    /// each element.
    pub(crate) fn is_processed(&self) -> bool {
        match self {
            Shape::Vec(inner) => matches!(&**inner, Shape::Scalar(ty) if ty.value.is_ident("u8")),
            Shape::Nested(_) => true,
            _ => false,
        }
    }

    /// Whether decoding this shape calls a nested type's `read_in`.
    pub(crate) fn has_nested(&self) -> bool {
        match self {
            Shape::Nested(_) => true,
            Shape::Option(inner) | Shape::Vec(inner) | Shape::List(inner, _) => inner.has_nested(),
            _ => false,
        }
    }

    /// Whether this is zerowire's `Items<'a, T>` (a `Codec` that takes the
    /// rest of its window), whose `#[size]` encoding writes from its bytes.
    pub(crate) fn is_items(&self) -> bool {
        matches!(self, Shape::Nested(ty) if ty.value.last_segment().is_some_and(|last| {
            last.ident == "Items" && matches!(last.arguments, Arguments::Angle(_))
        }))
    }

    /// The type a nested read names, through `Option` and `Vec`.
    pub(crate) fn nested_type(&self) -> Option<&Ty> {
        match self {
            Shape::Nested(ty) => Some(ty),
            Shape::Option(inner) | Shape::Vec(inner) | Shape::List(inner, _) => inner.nested_type(),
            _ => None,
        }
    }

    /// Whether the field is an integer, which can hold another field's length.
    pub(crate) fn is_integer(&self) -> bool {
        match self {
            Shape::Scalar(ty) => !(ty.value.is_ident("f32") || ty.value.is_ident("f64")),
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
            | Shape::Endian
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

pub(crate) fn shape_of(ty: &Ty) -> Shape {
    match &ty.value {
        Type::Group(inner) | Type::Paren(inner) => shape_of(inner),
        Type::Reference {
            mutable: true,
            elem,
            ..
        } => match &**elem {
            Type::Slice(elem) if elem.is_ident("u8") => Shape::MutBytes,
            _ => Shape::OtherRef,
        },
        Type::Array { elem, .. } if elem.is_ident("u8") => Shape::Array,
        Type::Reference { elem, .. } => match &**elem {
            Type::Slice(elem) if elem.is_ident("u8") => Shape::Bytes,
            Type::Array { elem, .. } if elem.is_ident("u8") => Shape::ArrayRef,
            elem if elem.is_ident("str") => Shape::Str,
            _ => Shape::Nested(ty.clone()),
        },
        Type::Path(_) => {
            let Some(last) = ty.value.last_segment() else {
                return Shape::Nested(ty.clone());
            };
            let name = last.ident.to_string();
            match (&last.arguments, name.as_str()) {
                (Arguments::None, name) if SCALARS.contains(&name) => Shape::Scalar(ty.clone()),
                (Arguments::None, "bool") => Shape::Bool,
                (Arguments::None, "String") => Shape::Text,
                (Arguments::None, "Endian") => Shape::Endian,
                (Arguments::Angle(args), "Option" | "Vec" | "List") => {
                    // The first type argument: `T` of `Vec<T>`, `List<'a, T>`.
                    let Some(argument) = args.iter().find_map(|arg| match arg {
                        Argument::Type(ty) => Some(ty),
                        _ => None,
                    }) else {
                        return Shape::Nested(ty.clone());
                    };
                    let element = Box::new(shape_of(argument));
                    match name.as_str() {
                        "Option" => Shape::Option(element),
                        "Vec" => Shape::Vec(element),
                        _ => Shape::List(element, ty.clone()),
                    }
                }
                _ => Shape::Nested(ty.clone()),
            }
        }
        _ => Shape::Nested(ty.clone()),
    }
}

impl<'a> Input<'a> {
    pub(crate) fn from_item(
        cx: &Ctxt,
        input: &'a DeriveInput,
        container: &'a Container,
    ) -> Option<Input<'a>> {
        let fields = match &input.data {
            Data::Struct(fields) => fields,
            Data::Enum(_) => {
                cx.error_spanned_by(&input.ident, "enums are derived by `enums`");
                return None;
            }
            Data::Union(span) => {
                cx.error_at(*span, "`Decode` cannot be derived for unions");
                return None;
            }
        };
        let mut lifetimes = Vec::new();
        for param in &input.generics.params {
            match &param.value {
                GenericParam::Lifetime(lifetime) => lifetimes.push(lifetime.clone()),
                GenericParam::Type(_) => cx.error_spanned_by(
                    param,
                    "`Decode` does not support type parameters yet; use concrete field types",
                ),
                GenericParam::Const(_) => cx.error_spanned_by(
                    param,
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
        let (style, fields) = match fields {
            Fields::Named(fields, _) => (Style::Named, &fields[..]),
            Fields::Unnamed(fields, _) => (Style::Tuple, &fields[..]),
            Fields::Unit => (Style::Unit, &[][..]),
        };
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let (member, name, local, view_field) = match &field.ident {
                    Some(ident) => (
                        TokenStream::from(TokenTree::Ident(ident.clone())),
                        ident.to_string(),
                        ident.clone(),
                        ident.clone(),
                    ),
                    None => (
                        TokenStream::from(TokenTree::Literal(Literal::usize_unsuffixed(index))),
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
        let positioned = container
            .positioned
            .iter()
            .map(|p| {
                let name = &p.value.name;
                Field {
                    member: TokenStream::from(TokenTree::Ident(name.clone())),
                    name: name.to_string(),
                    local: name.clone(),
                    view_field: name.clone(),
                    ty: &p.value.ty,
                    shape: shape_of(&p.value.ty),
                    attrs: attr::field(cx, &p.attrs),
                }
            })
            .collect();
        let rustc_reports = fields.iter().any(|f| f.ty.value.has_elided_reference());
        Some(Input {
            ident: &input.ident,
            vis: &input.vis,
            lifetime: lifetimes.into_iter().next(),
            attrs: container,
            fields,
            positioned,
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
