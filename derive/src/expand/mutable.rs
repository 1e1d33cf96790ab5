//! Structs with `&'a mut [u8]` fields: `DecodeMut`, reading from a `ReaderMut`
//! by splitting borrows, and the optional read-only twin.

use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::quote;

use super::{FieldPlan, Length, Plan};
use crate::ast::{Shape, Ty};
use crate::attr;
use crate::ctxt::Ctxt;
use crate::item::{Data, DeriveInput, Fields};
use crate::sanitize;
use crate::syntax::Type;

/// The attributes a field of a `&mut` struct may carry.
const ALLOWED: &[&str] = &[
    attr::SIZE,
    attr::EOS,
    attr::ENDIAN,
    attr::VALID,
    attr::MAGIC,
    attr::PAD,
];

impl Plan<'_> {
    /// Whether the struct has a `&mut [u8]` field, so it decodes from a mutable buffer.
    pub(super) fn is_mutable(&self) -> bool {
        self.input
            .fields
            .iter()
            .any(|f| matches!(f.shape, Shape::MutBytes))
    }

    /// Rules of `&mut` structs: the shapes and attributes that split a buffer.
    pub(super) fn check_mutable(&self, cx: &Ctxt, input: &DeriveInput) {
        let attrs = &self.input.attrs;
        if !attrs.parents.is_empty()
            || !attrs.args.is_empty()
            || !attrs.values.is_empty()
            || !attrs.positioned.is_empty()
            || attrs.runtime_endian.is_some()
        {
            cx.error_spanned_by(
                self.input.ident,
                "a struct with `&mut [u8]` fields takes no `parent`, `args`, `value`, `pos` or run-time `endian`; decode its read-only form for those",
            );
        }
        let Data::Struct(fields) = &input.data else {
            return;
        };
        for (plan, field) in self.fields.iter().zip(fields.iter()) {
            match plan.field.shape {
                Shape::Scalar(_)
                | Shape::Array
                | Shape::ArrayRef
                | Shape::Bytes
                | Shape::MutBytes
                | Shape::Nested(_) => {}
                _ => {
                    cx.error_spanned_by(
                        plan.field.ty,
                        "a struct with `&mut [u8]` fields holds numbers, byte arrays, `&'a [u8]`, `&'a mut [u8]` and fixed-size types; decode other fields from its read-only form",
                    );
                    // One mistake, one error: the field's attributes follow from its type.
                    continue;
                }
            }
            for a in &field.attrs {
                let keyword = a.ident().map(ToString::to_string);
                let known = keyword.as_deref().is_some_and(attr::is_field_keyword);
                if known && !keyword.as_deref().is_some_and(|k| ALLOWED.contains(&k)) {
                    cx.error_spanned_by(
                        a.ident(),
                        "in a struct with `&mut [u8]` fields, a field takes only `size`, `eos`, `endian`, `valid`, `magic` and `pad`",
                    );
                }
            }
        }
    }

    /// `impl DecodeMut`, and the read-only twin when asked for (which must stand
    /// outside the `const _` block, to be nameable).
    pub(super) fn mutable_impl(&self, input: &DeriveInput) -> (TokenStream, Option<TokenStream>) {
        let (lt, self_ty) = (&self.lifetime, self.self_ty());
        let r = sanitize::reader();
        let ty_name = self.ty_name();
        let magic = self.input.attrs.magic.as_ref().map(|magic| {
            quote! {
                if let ::zerowire::__private::Err(e) = ::zerowire::__private::magic_mut(#r, #magic) {
                    return ::zerowire::__private::Err(e.in_type(&#ty_name));
                }
            }
        });
        let fields = self.fields.iter().map(|plan| self.read_mut_field(plan));
        let construct = self.construct(false);
        let decode = quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::DecodeMut<#lt> for #self_ty {
                fn read_mut(#r: &mut ::zerowire::__private::ReaderMut<#lt>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    #magic
                    #(#fields)*
                    ::zerowire::__private::Ok(#construct)
                }
            }
        };
        (decode, self.read_only_twin(input))
    }

    fn read_mut_field(&self, plan: &FieldPlan<'_>) -> TokenStream {
        let (r, at) = (sanitize::reader(), sanitize::at());
        let local = &plan.field.local;
        let start = plan.needs_at().then(|| quote!(let #at = #r.position();));
        let size = |n| self.length_value(plan, n, quote!(#r.position()));
        let pad = plan.pad.as_ref().map(|pad| {
            let n = size(pad);
            let skip = self.at(plan, quote!(#r.take(#n)));
            quote!(#skip;)
        });
        let magic = plan.field.attrs.magic.as_ref().map(|m| {
            let magic = &m.value;
            let check = self.at(plan, quote!(::zerowire::__private::magic_mut(#r, #magic)));
            quote!(#check;)
        });
        let endian = &plan.endian;
        let read = match (&plan.field.shape, &plan.length) {
            (Shape::Scalar(ty), _) => quote!(::zerowire::__private::scalar_mut::<#ty>(#r, #endian)),
            (Shape::Array, _) => quote!(::zerowire::__private::array_mut(#r)),
            (Shape::ArrayRef, _) => quote!(::zerowire::__private::array_ref_mut(#r)),
            (Shape::Bytes, Some(Length::Size(n))) => {
                let n = size(n);
                quote!(#r.take(#n))
            }
            (Shape::Bytes, _) => quote!({ let __n = #r.remaining(); #r.take(__n) }),
            (Shape::MutBytes, Some(Length::Size(n))) => {
                let n = size(n);
                quote!(#r.take_mut(#n))
            }
            (Shape::MutBytes, _) => quote!(::zerowire::__private::Ok(#r.rest_mut())),
            (Shape::Nested(ty), Some(Length::Size(n))) => {
                let n = size(n);
                quote!(#r.read_sized::<#ty>(#n))
            }
            (Shape::Nested(ty), _) => quote!(#r.read_fixed::<#ty>()),
            _ => quote!(::core::unreachable!()),
        };
        let read = self.at(plan, read);
        let valid = plan.valid.as_ref().map(|check| {
            let value = match plan.field.shape {
                Shape::MutBytes => quote!(&*#local),
                ref shape if shape.by_value() => quote!(#local),
                _ => quote!(&#local),
            };
            self.valid(plan, check, value)
        });
        quote! {
            #start
            #pad
            #magic
            let #local = #read;
            #valid
        }
    }

    /// The read-only twin: the same fields and layout attributes, with
    /// `&'a [u8]` for each `&'a mut [u8]`, deriving `Decode`; and `From`.
    fn read_only_twin(&self, input: &DeriveInput) -> Option<TokenStream> {
        let twin = self.input.attrs.read_only.as_ref()?;
        let (lt, self_ty, vis) = (&self.lifetime, self.self_ty(), &input.vis);
        let Data::Struct(fields) = &input.data else {
            return None;
        };
        let container = self.input.attrs.endian.as_ref().map(|e| match e.value {
            attr::Endian::Little => quote!(#[zerowire(endian = "little")]),
            attr::Endian::Big => quote!(#[zerowire(endian = "big")]),
        });
        let magic = self
            .input
            .attrs
            .magic
            .as_ref()
            .map(|m| quote!(#[zerowire(magic = #m)]));
        let twin_fields = fields.iter().map(|f| {
            let layout = f.attrs.iter().filter(|a| {
                a.ident()
                    .is_some_and(|k| ALLOWED.contains(&k.to_string().as_str()))
            });
            let (fvis, ident) = (&f.vis, &f.ident);
            let ty = read_only_type(&f.ty);
            match ident {
                Some(ident) => quote!(#(#layout)* #fvis #ident: #ty),
                None => quote!(#(#layout)* #fvis #ty),
            }
        });
        let (body, convert) = match fields {
            Fields::Named(..) => {
                let names = fields.iter().map(|f| &f.ident);
                let names2 = fields.iter().map(|f| &f.ident);
                (
                    quote!({ #(#twin_fields,)* }),
                    quote!(#twin { #(#names: value.#names2,)* }),
                )
            }
            _ => {
                let index = (0..fields.len()).map(Literal::usize_unsuffixed);
                (
                    quote!((#(#twin_fields,)*);),
                    quote!(#twin(#(value.#index,)*)),
                )
            }
        };
        let doc = format!(
            "The read-only form of [`{}`], after its in-place work.",
            self.input.ident
        );
        Some(quote! {
            #[doc = #doc]
            #[derive(::zerowire::Decode, ::core::fmt::Debug)]
            #container
            #magic
            #vis struct #twin<#lt> #body

            #[automatically_derived]
            impl<#lt> ::core::convert::From<#self_ty> for #twin<#lt> {
                fn from(value: #self_ty) -> Self {
                    #convert
                }
            }
        })
    }
}

/// `&'a [u8]` for `&'a mut [u8]`; any other type as it is.
fn read_only_type(ty: &Ty) -> TokenStream {
    let mut tokens = ty.tokens.clone().into_iter().collect::<Vec<_>>();
    if matches!(&ty.value, Type::Reference { mutable: true, .. }) {
        tokens.retain(|t| !matches!(t, TokenTree::Ident(i) if i == "mut"));
    }
    tokens.into_iter().collect()
}
