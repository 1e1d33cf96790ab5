//! Static size facts: every type's `MIN_SIZE` and `FIXED_SIZE`, and the runs
//! of fixed-size fields that decoding takes with one bounds check.

use crate::syntax::Type;
use proc_macro2::TokenStream;
use quote::quote;

use super::{FieldPlan, Plan, Root};
use crate::ast::Shape;

/// A run of consecutive plain fixed-size fields, read with one bounds check.
#[derive(Clone)]
pub(super) struct Run {
    /// The run's byte count.
    pub(super) total: usize,
    /// Where this field starts in the run, and its size.
    pub(super) offset: usize,
    pub(super) size: usize,
    /// Every field of the run with its size (on its first field only).
    pub(super) fields: Vec<(String, usize)>,
    /// Whether this is the run's last field (encode writes the run's bytes there).
    pub(super) last: bool,
}

impl Run {
    /// Whether this is the run's first field, where decode takes the run's
    /// bytes and encode opens its buffer. (Not `offset == 0`: a `[u8; 0]`
    /// field shares its offset with the next.)
    pub(super) fn first(&self) -> bool {
        !self.fields.is_empty()
    }
}

/// The byte size of a number or byte-array field, when known to the derive.
fn literal_size(plan: &FieldPlan<'_>) -> Option<usize> {
    match &plan.field.shape {
        Shape::Scalar(ty) => match ty.value.plain_ident()?.to_string().as_str() {
            "u8" | "i8" => Some(1),
            "u16" | "i16" => Some(2),
            "U24" => Some(3),
            "u32" | "i32" | "f32" => Some(4),
            "u64" | "i64" | "f64" => Some(8),
            _ => None,
        },
        Shape::Array => array_len(&plan.field.ty.value),
        Shape::ArrayRef => match &plan.field.ty.value {
            Type::Reference { elem, .. } => array_len(elem),
            _ => None,
        },
        _ => None,
    }
}

fn array_len(ty: &Type) -> Option<usize> {
    match ty {
        Type::Array { len, .. } => *len,
        _ => None,
    }
}

/// Whether a field can join a run: fixed size and nothing but its byte order.
fn runs(plan: &FieldPlan<'_>) -> Option<usize> {
    let a = &plan.field.attrs;
    let plain = a.pad.is_none()
        && a.magic.is_none()
        && a.valid.is_none()
        && a.with.is_none()
        && plan.bits.is_none()
        && plan.at.is_none()
        && plan.calc.is_none()
        && plan.length.is_none();
    literal_size(plan).filter(|_| plain)
}

/// Marks runs of two or more plain fixed-size fields.
pub(super) fn mark_runs(fields: &mut [FieldPlan<'_>]) {
    let mut start = 0;
    while start < fields.len() {
        let len = fields[start..]
            .iter()
            .take_while(|f| runs(f).is_some())
            .count();
        if len < 2 {
            start += len.max(1);
            continue;
        }
        let sizes: Vec<usize> = fields[start..start + len].iter().filter_map(runs).collect();
        let names: Vec<(String, usize)> = fields[start..start + len]
            .iter()
            .zip(&sizes)
            .map(|(f, s)| (f.field.name.clone(), *s))
            .collect();
        let mut offset = 0;
        for (i, (field, size)) in fields[start..start + len]
            .iter_mut()
            .zip(&sizes)
            .enumerate()
        {
            field.run = Some(Run {
                total: sizes.iter().sum(),
                offset,
                size: *size,
                fields: if i == 0 { names.clone() } else { Vec::new() },
                last: i + 1 == len,
            });
            offset += size;
        }
        start += len;
    }
}

impl Plan<'_> {
    /// `const MIN_SIZE` and `const FIXED_SIZE` for an impl whose nested fields
    /// decode under `root`.
    pub(super) fn size_consts(&self, root: &Root) -> TokenStream {
        let magic = self
            .input
            .attrs
            .magic
            .as_ref()
            .map_or(0, |m| m.value().len());
        let parts: Vec<(TokenStream, TokenStream)> = self
            .fields
            .iter()
            .map(|plan| self.field_size(plan, root))
            .collect();
        let mins = parts.iter().map(|(min, _)| min);
        let fixed = parts.iter().fold(
            quote!(::zerowire::__private::Some(#magic)),
            |acc, (_, f)| quote!(::zerowire::__private::add_fixed(#acc, #f)),
        );
        quote! {
            const MIN_SIZE: usize = #magic #(+ #mins)*;
            const FIXED_SIZE: ::zerowire::__private::Option<usize> = #fixed;
        }
    }

    /// A field's (minimum, fixed) size, as constant expressions.
    fn field_size(&self, plan: &FieldPlan<'_>, root: &Root) -> (TokenStream, TokenStream) {
        let (lt, root_ty) = (&self.lifetime, &root.ty);
        let none = quote!(::zerowire::__private::None);
        // A field read at an offset takes none of the struct's bytes, its magic neither.
        let magic = plan
            .field
            .attrs
            .magic
            .as_ref()
            .filter(|_| plan.at.is_none())
            .map_or(0, |m| m.value.value().len());
        let exact = |n: usize| (quote!(#n), quote!(::zerowire::__private::Some(#n)));
        let (min, fixed) = match (&plan.field.shape, plan.bits) {
            // Read elsewhere: it takes none of the struct's bytes.
            _ if plan.at.is_some() || plan.calc.is_some() => exact(0),
            // A streamed group takes at least its unconditional fields' bytes.
            (_, Some(bits)) if bits.streamed => {
                let min = bits.opens.unwrap_or(0);
                (quote!(#min), none)
            }
            (_, Some(bits)) => exact(bits.opens.unwrap_or(0)),
            _ if plan.field.attrs.with.is_some() || plan.field.attrs.pad.is_some() => {
                (quote!(0), none)
            }
            _ if literal_size(plan).is_some() => exact(literal_size(plan).unwrap_or(0)),
            (Shape::Endian, _) => exact(0),
            (Shape::Scalar(ty), _) => (
                quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::SIZE),
                quote!(::zerowire::__private::Some(<#ty as ::zerowire::__private::Scalar<#lt>>::SIZE)),
            ),
            (Shape::Nested(ty), _)
                if plan.length.is_none()
                    && plan.terminator.is_none()
                    && plan.tag_from.is_none()
                    && plan.args.is_none() =>
            {
                let holder = self.holder(plan, root).0;
                (
                    quote!(<#ty as ::zerowire::__private::CodecIn<#lt, #holder, #root_ty>>::MIN_SIZE),
                    quote!(<#ty as ::zerowire::__private::CodecIn<#lt, #holder, #root_ty>>::FIXED_SIZE),
                )
            }
            _ => (quote!(0), none),
        };
        if magic == 0 {
            (min, fixed)
        } else {
            (
                quote!((#magic + #min)),
                quote!(::zerowire::__private::add_fixed(::zerowire::__private::Some(#magic), #fixed)),
            )
        }
    }
}
