//! The generated code: a view struct, `Node`, and `Codec` (or one `CodecIn` per
//! declared parent), all inside one `const _: () = { ... };`.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::{DeriveInput, Lifetime, LitByteStr, LitStr};

use crate::ast::{Field, Input, Shape, Style};
use crate::attr::{Endian, Expr};
use crate::ctxt::Ctxt;
use crate::expr::{self, Env, Rewritten};
use crate::{fallback, sanitize, valid};

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let Some(ir) = Input::from_syn(&cx, input) else {
        return fallback::emit(input, cx);
    };
    valid::check(&cx, &ir);
    let plan = Plan::new(&cx, &ir);
    if ir.rustc_reports || !cx.is_clean() {
        return fallback::emit(input, cx);
    }
    plan.expand()
}

/// What an encoded length field counts in the field it describes.
#[derive(Clone, Copy)]
enum Measure {
    /// `.len()`: bytes of a slice or text, elements of a repetition.
    Len,
    /// The encoded bytes of a `List`.
    ListBytes,
}

/// How a field's length is given.
enum Length {
    Size(Rewritten),
    Count(Rewritten),
    Eos,
}

struct FieldPlan<'p> {
    field: &'p Field<'p>,
    length: Option<Length>,
    when: Option<Rewritten>,
    valid: Option<Rewritten>,
    pad: Option<Rewritten>,
    endian: TokenStream,
    /// Whether `__at` (the field's start offset) must be in scope.
    needs_at: bool,
    /// On encode, this field's value is measured from another field, the one
    /// whose `size`/`count` is this field alone.
    length_of: Option<(usize, Measure)>,
}

struct Plan<'p> {
    input: &'p Input<'p>,
    fields: Vec<FieldPlan<'p>>,
    lifetime: Lifetime,
    reads_root: bool,
}

/// Where a struct's descendants find the root.
struct Root {
    ty: TokenStream,
    view: TokenStream,
}

impl<'p> Plan<'p> {
    fn new(cx: &Ctxt, input: &'p Input<'p>) -> Self {
        let container_endian = input.attrs.endian.as_ref().map(|e| e.value);
        let mut fields: Vec<FieldPlan<'p>> = input
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let env = Env {
                    input,
                    current: index,
                    has_value: false,
                };
                let rewrite = |e: &Expr| expr::rewrite(cx, &env, e);
                let attrs = &field.attrs;
                let length = match (&attrs.size, &attrs.count, &attrs.eos) {
                    (Some(size), _, _) => Some(Length::Size(rewrite(&size.value))),
                    (None, Some(count), _) => Some(Length::Count(rewrite(&count.value))),
                    (None, None, Some(_)) => Some(Length::Eos),
                    (None, None, None) => None,
                };
                let valid = attrs.valid.as_ref().map(|v| {
                    let env = Env {
                        has_value: true,
                        ..env
                    };
                    expr::rewrite(cx, &env, &v.value)
                });
                let when = attrs.when.as_ref().map(|w| rewrite(&w.value));
                let pad = attrs.pad.as_ref().map(|p| rewrite(&p.value));
                let endian = match attrs.endian.as_ref().map(|e| e.value).or(container_endian) {
                    Some(Endian::Little) => quote!(::zerowire::__private::Endian::Little),
                    _ => quote!(::zerowire::__private::Endian::Big),
                };
                let exprs = [
                    length_expr(&length),
                    when.as_ref(),
                    valid.as_ref(),
                    pad.as_ref(),
                ];
                let needs_at = valid.is_some()
                    || when.is_some()
                    || exprs.iter().flatten().any(|e| e.reads_context);
                FieldPlan {
                    field,
                    length,
                    when,
                    valid,
                    pad,
                    endian,
                    needs_at,
                    length_of: None,
                }
            })
            .collect();
        // `#[size(len)]` on bytes, text or a repetition: encoding writes `len`
        // from the data, so a changed slice re-encodes consistently.
        for index in 0..fields.len() {
            let target = match (&fields[index].length, &fields[index].field.shape) {
                (Some(Length::Size(e)), Shape::Bytes | Shape::Str) => Some((e, Measure::Len)),
                (Some(Length::Size(e)), Shape::List) => Some((e, Measure::ListBytes)),
                (Some(Length::Count(e)), Shape::Vec(_) | Shape::List) => Some((e, Measure::Len)),
                _ => None,
            };
            if let Some((source, measure)) = target.and_then(|(e, m)| Some((e.plain_field?, m))) {
                let holder = &mut fields[source];
                if holder.length_of.is_none() && holder.field.shape.is_integer() {
                    holder.length_of = Some((index, measure));
                }
            }
        }
        let reads_root = fields.iter().any(|f| {
            [
                length_expr(&f.length),
                f.when.as_ref(),
                f.valid.as_ref(),
                f.pad.as_ref(),
            ]
            .iter()
            .flatten()
            .any(|e| e.reads_root)
        });
        Plan {
            input,
            fields,
            lifetime: input
                .lifetime
                .cloned()
                .unwrap_or_else(sanitize::fresh_lifetime),
            reads_root,
        }
    }

    fn self_ty(&self) -> TokenStream {
        let ident = self.input.ident;
        match self.input.lifetime {
            Some(lt) => quote!(#ident<#lt>),
            None => quote!(#ident),
        }
    }

    fn expand(&self) -> TokenStream {
        let view = self.view_struct();
        let node = self.node_impl();
        let codec = if self.input.attrs.parents.is_empty() {
            self.codec_impl()
        } else {
            self.input
                .attrs
                .parents
                .iter()
                .map(|parent| self.codec_in_impl(&self.with_lifetime(parent)))
                .collect()
        };
        quote! {
            #[allow(unused_qualifications, clippy::all, clippy::pedantic)]
            const _: () = {
                #view
                #node
                #codec
            };
        }
    }

    /// `ty` with every lifetime but `'static` replaced by the decode lifetime.
    fn with_lifetime(&self, ty: &syn::Type) -> TokenStream {
        replace_lifetimes(ty.to_token_stream(), &self.lifetime)
    }

    fn view_struct(&self) -> TokenStream {
        if !self.input.has_view() {
            return TokenStream::new();
        }
        let name = sanitize::view_struct(self.input.ident);
        let v = sanitize::view_lifetime();
        // A view exists only for a struct with a nested field, so `'__v` and the
        // struct's lifetime are both used by some field: no marker is needed.
        let params = match self.input.lifetime {
            Some(lt) => quote!(<#v, #lt>),
            None => quote!(<#v>),
        };
        // `pub` fields: a child in another module reads them.
        let fields = self.input.fields.iter().map(|f| {
            let (name, ty) = (&f.view_field, f.ty);
            quote!(pub #name: ::zerowire::__private::Option<&#v #ty>,)
        });
        quote! {
            #[allow(dead_code, non_camel_case_types, private_interfaces)]
            pub struct #name #params {
                #(#fields)*
            }
        }
    }

    fn node_impl(&self) -> TokenStream {
        let (lt, self_ty, v) = (&self.lifetime, self.self_ty(), sanitize::view_lifetime());
        let view = if self.input.has_view() {
            let name = sanitize::view_struct(self.input.ident);
            match self.input.lifetime {
                Some(lt) => quote!(#name<#v, #lt>),
                None => quote!(#name<#v>),
            }
        } else {
            quote!(::zerowire::__private::NoView)
        };
        let root = match self.input.attrs.parents.first() {
            Some(parent) => {
                let parent = self.with_lifetime(parent);
                quote!(<#parent as ::zerowire::__private::Node<#lt>>::Root)
            }
            None => quote!(Self),
        };
        quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Node<#lt> for #self_ty {
                type View<#v> = #view where #lt: #v;
                type Root = #root;
            }
        }
    }

    fn codec_impl(&self) -> TokenStream {
        let (lt, self_ty) = (&self.lifetime, self.self_ty());
        let root = Root {
            ty: quote!(Self),
            view: {
                let view = sanitize::view();
                quote!(&#view)
            },
        };
        let (r, out) = (sanitize::reader(), sanitize::out());
        let read = self.read_body(&root);
        let encode = self.encode_body(&root);
        let family = self.family_impl();
        quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Codec<#lt> for #self_ty {
                fn read(#r: &mut ::zerowire::__private::Reader<#lt>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    #read
                }

                fn encode(&self, #out: &mut ::zerowire::__private::Vec<u8>)
                    -> ::zerowire::__private::Result<(), ::zerowire::__private::Error>
                {
                    #encode
                }
            }
            #family
        }
    }

    fn family_impl(&self) -> TokenStream {
        let ident = self.input.ident;
        match self.input.lifetime {
            Some(lt) => quote! {
                #[automatically_derived]
                impl ::zerowire::__private::Family for #ident<'static> {
                    type Of<#lt> = #ident<#lt>;
                }
            },
            None => quote! {
                #[automatically_derived]
                impl ::zerowire::__private::Family for #ident {
                    type Of<'__a> = #ident;
                }
            },
        }
    }

    fn codec_in_impl(&self, parent: &TokenStream) -> TokenStream {
        let (lt, self_ty) = (&self.lifetime, self.self_ty());
        let node = quote!(::zerowire::__private::Node<#lt>);
        let (root_ty, params, bounds) = if self.reads_root {
            (
                quote!(<#parent as #node>::Root),
                quote!(<#lt>),
                TokenStream::new(),
            )
        } else {
            // Not reading `root.`, the child works under any root; its nested
            // fields must then work under that root too.
            let root = sanitize::root_param();
            let nested = self
                .input
                .fields
                .iter()
                .filter_map(|f| f.shape.nested_type());
            let bounds = quote! {
                where #(#nested: ::zerowire::__private::CodecIn<#lt, #self_ty, #root>,)*
            };
            (quote!(#root), quote!(<#lt, #root: #node>), bounds)
        };
        let root = Root {
            ty: root_ty.clone(),
            view: sanitize::root().into_token_stream(),
        };
        let (r, out, p, rt) = (
            sanitize::reader(),
            sanitize::out(),
            sanitize::parent(),
            sanitize::root(),
        );
        let read = self.read_body(&root);
        let encode = self.encode_body(&root);
        quote! {
            #[automatically_derived]
            impl #params ::zerowire::__private::CodecIn<#lt, #parent, #root_ty> for #self_ty #bounds {
                fn read_in(
                    #r: &mut ::zerowire::__private::Reader<#lt>,
                    #p: &<#parent as #node>::View<'_>,
                    #rt: &<#root_ty as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error> {
                    #read
                }

                fn encode_in(
                    &self,
                    #out: &mut ::zerowire::__private::Vec<u8>,
                    #p: &<#parent as #node>::View<'_>,
                    #rt: &<#root_ty as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<(), ::zerowire::__private::Error> {
                    #encode
                }
            }
        }
    }

    /// `inner?`, with the field's path added to any error.
    fn at(&self, plan: &FieldPlan<'_>, inner: TokenStream) -> TokenStream {
        let ty = LitStr::new(&self.input.ident.to_string(), Span::call_site());
        let field = LitStr::new(&plan.field.name, Span::call_site());
        quote!(::zerowire::__private::at(#inner, &#ty, &#field)?)
    }

    /// A user length as `usize`, spanned on the expression so that a type error lands there.
    fn length_value(
        &self,
        plan: &FieldPlan<'_>,
        expr: &Rewritten,
        offset: TokenStream,
    ) -> TokenStream {
        let len = quote_spanned!(expr.span=> ::zerowire::__private::len(#expr, #offset));
        self.at(plan, len)
    }

    // ---- decode ----

    fn read_body(&self, root: &Root) -> TokenStream {
        let r = sanitize::reader();
        let magic = self.input.attrs.magic.as_ref().map(|magic| {
            let ty = LitStr::new(&self.input.ident.to_string(), Span::call_site());
            quote! {
                if let ::zerowire::__private::Err(e) = ::zerowire::__private::magic(#r, #magic) {
                    return ::zerowire::__private::Err(e.in_type(&#ty));
                }
            }
        });
        let fields = self
            .fields
            .iter()
            .enumerate()
            .map(|(index, plan)| self.read_field(index, plan, root));
        let locals = self.input.fields.iter().map(|f| &f.local);
        let construct = match self.input.style {
            Style::Named => {
                let members = self.input.fields.iter().map(|f| &f.member);
                quote!(Self { #(#members: #locals),* })
            }
            Style::Tuple => quote!(Self(#(#locals),*)),
            Style::Unit => quote!(Self),
        };
        quote! {
            #magic
            #(#fields)*
            ::zerowire::__private::Ok(#construct)
        }
    }

    fn read_field(&self, index: usize, plan: &FieldPlan<'_>, root: &Root) -> TokenStream {
        let (r, at) = (sanitize::reader(), sanitize::at());
        let local = &plan.field.local;
        let start = plan.needs_at.then(|| quote!(let #at = #r.position();));
        let pad = plan.pad.as_ref().map(|pad| {
            let n = self.length_value(plan, pad, quote!(#r.position()));
            let skip = self.at(plan, quote!(#r.skip(__n)));
            quote!({ let __n = #n; #skip; })
        });
        let magic = plan.field.attrs.magic.as_ref().map(|m| {
            let magic = &m.value;
            let check = self.at(plan, quote!(::zerowire::__private::magic(#r, #magic)));
            quote!(#check;)
        });
        let view = plan
            .field
            .shape
            .has_nested()
            .then(|| self.decode_view(index));
        let read = self.read_value(plan, &plan.field.shape, &r, root);
        let valid = plan.valid.as_ref().map(|check| {
            let value = if plan.field.shape.by_value() {
                quote!(#local)
            } else {
                quote!(&#local)
            };
            self.valid(plan, check, value)
        });
        quote! {
            #start
            #pad
            #magic
            let #local = { #view #read };
            #valid
        }
    }

    /// This struct's view while field `index` is decoded: the fields before it.
    fn decode_view(&self, index: usize) -> TokenStream {
        let name = sanitize::view_struct(self.input.ident);
        let view = sanitize::view();
        let fields = self.input.fields.iter().enumerate().map(|(i, f)| {
            let (field, local) = (&f.view_field, &f.local);
            if i < index {
                quote!(#field: ::zerowire::__private::Some(&#local))
            } else {
                quote!(#field: ::zerowire::__private::None)
            }
        });
        quote! {
            let #view = #name { #(#fields,)* };
        }
    }

    /// An expression that reads one value of `shape` from `r` (errors returned with `?`).
    fn read_value(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape<'_>,
        r: &Ident,
        root: &Root,
    ) -> TokenStream {
        let w = sanitize::window();
        let size = |expr: &Rewritten| self.length_value(plan, expr, quote!(#r.position()));
        match (shape, &plan.length) {
            (Shape::Option(inner), _) => {
                let read = self.read_value(plan, inner, r, root);
                let when = plan
                    .when
                    .as_ref()
                    .map_or_else(|| quote!(true), |w| quote_spanned!(w.span=> #w));
                quote! {
                    if #when {
                        ::zerowire::__private::Some(#read)
                    } else {
                        ::zerowire::__private::None
                    }
                }
            }
            (Shape::Scalar(_) | Shape::Array | Shape::ArrayRef, _)
            | (Shape::Nested(_), None | Some(Length::Count(_))) => {
                self.at(plan, self.read_element(plan, shape, r, root))
            }
            (Shape::Nested(_), Some(Length::Eos)) => {
                let read = self.at(plan, self.read_element(plan, shape, &w, root));
                quote!({ let #w = &mut ::zerowire::__private::rest_window(#r); #read })
            }
            (Shape::Bytes, Some(Length::Size(n) | Length::Count(n))) => {
                let n = size(n);
                self.at(plan, quote!(#r.take(#n)))
            }
            (Shape::Bytes, _) => quote!(#r.rest()),
            (Shape::Str, Some(Length::Size(n) | Length::Count(n))) => {
                let n = size(n);
                self.at(plan, quote!(::zerowire::__private::read_str(#r, #n)))
            }
            (Shape::Str, _) => self.at(plan, quote!(::zerowire::__private::rest_str(#r))),
            (Shape::Nested(_), Some(Length::Size(n))) => {
                let n = size(n);
                let window = self.at(plan, quote!(#r.sub(#n)));
                let read = self.at(plan, self.read_element(plan, shape, &w, root));
                quote!({ let #w = &mut #window; #read })
            }
            (Shape::Vec(inner), length) => {
                let r_item = sanitize::reader();
                let element = self.read_element(plan, inner, &r_item, root);
                let read = match length {
                    Some(Length::Count(n)) => {
                        let n = size(n);
                        quote!(::zerowire::__private::read_vec(#r, #n, |#r_item| #element))
                    }
                    Some(Length::Size(n)) => {
                        let n = size(n);
                        let window = self.at(plan, quote!(#r.sub(#n)));
                        quote!(::zerowire::__private::read_vec_all(&mut #window, |#r_item| #element))
                    }
                    _ => quote!(::zerowire::__private::read_vec_all(#r, |#r_item| #element)),
                };
                self.at(plan, read)
            }
            (Shape::List, length) => {
                let read = match length {
                    Some(Length::Count(n)) => {
                        let n = size(n);
                        quote!(::zerowire::__private::List::read_count(#r, #n))
                    }
                    Some(Length::Size(n)) => {
                        let n = size(n);
                        let window = self.at(plan, quote!(#r.sub(#n)));
                        quote!(::zerowire::__private::List::read_all(&mut #window))
                    }
                    _ => quote!(::zerowire::__private::List::read_all(#r)),
                };
                self.at(plan, read)
            }
            (Shape::OtherRef, _) => quote!(::core::unreachable!()),
        }
    }

    /// A `Result` of one scalar or nested value read from `r`.
    fn read_element(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape<'_>,
        r: &Ident,
        root: &Root,
    ) -> TokenStream {
        let lt = &self.lifetime;
        match shape {
            Shape::Scalar(ty) => {
                let endian = &plan.endian;
                quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::read_endian(#r, #endian))
            }
            Shape::Array => quote!(::zerowire::__private::array(#r)),
            Shape::ArrayRef => quote!(::zerowire::__private::array_ref(#r)),
            Shape::Nested(ty) => {
                let (view, root_ty, root_view) = (sanitize::view(), &root.ty, &root.view);
                quote_spanned! {ty_span(ty)=>
                    <#ty as ::zerowire::__private::CodecIn<#lt, Self, #root_ty>>::read_in(#r, &#view, #root_view)
                }
            }
            // Rejected by `valid`: a repetition of elements without their own length.
            _ => quote!(::core::unreachable!()),
        }
    }

    /// The `valid` check of a field, after it is decoded or before it is encoded.
    /// `value` is the field by value for numbers, slices and text, else by reference.
    fn valid(&self, plan: &FieldPlan<'_>, check: &Rewritten, value: TokenStream) -> TokenStream {
        let at = sanitize::at();
        let text = LitStr::new(&check.text, check.span);
        let holds = quote_spanned!(check.span=> #check);
        let result = self.at(
            plan,
            quote!(::zerowire::__private::valid(#holds, #text, #at)),
        );
        quote!({
            #[allow(unused_variables)]
            let value = #value;
            #result;
        })
    }

    // ---- encode ----

    fn encode_body(&self, root: &Root) -> TokenStream {
        let out = sanitize::out();
        // Expressions see the fields as locals, as on decode.
        let locals = self.input.fields.iter().map(|f| {
            let (local, member) = (&f.local, &f.member);
            if f.shape.by_value() {
                quote!(#[allow(unused_variables)] let #local = self.#member;)
            } else {
                quote!(#[allow(unused_variables)] let #local = &self.#member;)
            }
        });
        let recomputed = self.fields.iter().filter_map(|plan| {
            let (data, measure) = plan.length_of?;
            let (local, data) = (&plan.field.local, &self.input.fields[data].local);
            let ty = plan.field.ty;
            let measured = match measure {
                Measure::Len => quote!(#data.len()),
                Measure::ListBytes => quote!(#data.as_bytes().len()),
            };
            let len = self.at(
                plan,
                quote!(::zerowire::__private::from_len(#measured, #out.len())),
            );
            Some(quote!(let #local: #ty = #len;))
        });
        let view = self.input.has_view().then(|| self.encode_view());
        let magic = self
            .input
            .attrs
            .magic
            .as_ref()
            .map(|m| quote!(#out.extend_from_slice(#m);));
        let fields = self.fields.iter().map(|plan| self.encode_field(plan, root));
        quote! {
            #(#locals)*
            #(#recomputed)*
            #view
            #magic
            #(#fields)*
            ::zerowire::__private::Ok(())
        }
    }

    /// This struct's view while encoding: every field, lengths as recomputed.
    fn encode_view(&self) -> TokenStream {
        let name = sanitize::view_struct(self.input.ident);
        let view = sanitize::view();
        let fields = self.input.fields.iter().map(|f| {
            let (field, local) = (&f.view_field, &f.local);
            if f.shape.by_value() {
                quote!(#field: ::zerowire::__private::Some(&#local))
            } else {
                quote!(#field: ::zerowire::__private::Some(#local))
            }
        });
        quote! {
            let #view = #name { #(#fields,)* };
        }
    }

    fn encode_field(&self, plan: &FieldPlan<'_>, root: &Root) -> TokenStream {
        let (out, at) = (sanitize::out(), sanitize::at());
        let start = plan.needs_at.then(|| quote!(let #at = #out.len();));
        let pad = plan.pad.as_ref().map(|pad| {
            let n = self.length_value(plan, pad, quote!(#out.len()));
            quote!(::zerowire::__private::zeros(#out, #n);)
        });
        let magic = plan.field.attrs.magic.as_ref().map(|m| {
            let magic: &LitByteStr = &m.value;
            quote!(#out.extend_from_slice(#magic);)
        });
        let local = &plan.field.local;
        // Encode locals are values for numbers, slices and text, else references already.
        let valid = plan
            .valid
            .as_ref()
            .map(|check| self.valid(plan, check, quote!(#local)));
        let value = if plan.field.shape.by_value() {
            quote!((&#local))
        } else {
            quote!(#local)
        };
        let write = self.write_value(plan, &plan.field.shape, &value, root);
        quote! {
            #start
            #pad
            #magic
            #valid
            #write
        }
    }

    /// Statements that encode `value` (a reference) of `shape`.
    fn write_value(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape<'_>,
        value: &TokenStream,
        root: &Root,
    ) -> TokenStream {
        let out = sanitize::out();
        let size = |expr: &Rewritten| self.length_value(plan, expr, quote!(#out.len()));
        let check = |found: TokenStream, n: &Rewritten| {
            let n = size(n);
            let check = self.at(
                plan,
                quote!(::zerowire::__private::check_len(#found, #n, #out.len())),
            );
            quote!(#check;)
        };
        match (shape, &plan.length) {
            (Shape::Option(inner), _) => {
                let (item, at) = (sanitize::item(), sanitize::at());
                let when = plan
                    .when
                    .as_ref()
                    .map_or_else(|| quote!(true), |w| quote_spanned!(w.span=> #w));
                let presence = self.at(
                    plan,
                    quote!(::zerowire::__private::presence(#when, #value.is_some(), #at)),
                );
                let write = self.write_value(plan, inner, &item.to_token_stream(), root);
                quote! {
                    #presence;
                    if let ::zerowire::__private::Some(#item) = #value {
                        #write
                    }
                }
            }
            (Shape::Scalar(_) | Shape::Array | Shape::ArrayRef, _)
            | (Shape::Nested(_), None | Some(Length::Eos | Length::Count(_))) => {
                let write = self.at(plan, self.write_element(plan, shape, value, root));
                quote!(#write;)
            }
            (Shape::Bytes | Shape::Str, length) => {
                let bytes = if let Shape::Str = shape {
                    quote!(#value.as_bytes())
                } else {
                    quote!(#value)
                };
                let check = match length {
                    Some(Length::Size(n) | Length::Count(n)) => check(quote!(#bytes.len()), n),
                    _ => TokenStream::new(),
                };
                quote! {
                    #check
                    #out.extend_from_slice(#bytes);
                }
            }
            (Shape::Nested(_), Some(Length::Size(n))) => {
                let start = sanitize::start();
                let n = size(n);
                let write = self.at(plan, self.write_element(plan, shape, value, root));
                let close = self.at(
                    plan,
                    quote!(::zerowire::__private::close_window(#out, #start, __n)),
                );
                quote!({
                    let __n = #n;
                    let #start = #out.len();
                    #write;
                    #close;
                })
            }
            (Shape::Vec(inner), length) => {
                let item = sanitize::item();
                let element = self.write_element(plan, inner, &item.to_token_stream(), root);
                let write = self.at(
                    plan,
                    quote!(::zerowire::__private::encode_each(#value, |#item| #element)),
                );
                self.write_repetition(plan, length, value, write)
            }
            (Shape::List, length) => {
                let write = self.at(
                    plan,
                    quote!(::zerowire::__private::List::encode(#value, #out)),
                );
                self.write_repetition(plan, length, value, write)
            }
            (Shape::OtherRef, _) => TokenStream::new(),
        }
    }

    /// Writes a repetition with `write`, checking its `count` or `size` first or after.
    fn write_repetition(
        &self,
        plan: &FieldPlan<'_>,
        length: &Option<Length>,
        value: &TokenStream,
        write: TokenStream,
    ) -> TokenStream {
        let (out, start) = (sanitize::out(), sanitize::start());
        match length {
            Some(Length::Count(n)) => {
                let n = self.length_value(plan, n, quote!(#out.len()));
                let check = self.at(
                    plan,
                    quote!(::zerowire::__private::check_len(#value.len(), #n, #out.len())),
                );
                quote!(#check; #write;)
            }
            Some(Length::Size(n)) => {
                let n = self.length_value(plan, n, quote!(#out.len()));
                let check = self.at(
                    plan,
                    quote!(::zerowire::__private::check_len(#out.len() - #start, __n, #start)),
                );
                quote!({
                    let __n = #n;
                    let #start = #out.len();
                    #write;
                    #check;
                })
            }
            _ => quote!(#write;),
        }
    }

    /// A `Result` of encoding one scalar or nested value (a reference).
    fn write_element(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape<'_>,
        value: &TokenStream,
        root: &Root,
    ) -> TokenStream {
        let (lt, out) = (&self.lifetime, sanitize::out());
        match shape {
            Shape::Scalar(ty) => {
                let endian = &plan.endian;
                quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::encode_endian(#value, #out, #endian))
            }
            Shape::Array | Shape::ArrayRef => {
                quote!(::zerowire::__private::write_bytes(#out, #value))
            }
            Shape::Nested(ty) => {
                let (view, root_ty, root_view) = (sanitize::view(), &root.ty, &root.view);
                quote_spanned! {ty_span(ty)=>
                    <#ty as ::zerowire::__private::CodecIn<#lt, Self, #root_ty>>::encode_in(#value, #out, &#view, #root_view)
                }
            }
            _ => quote!(::core::unreachable!()),
        }
    }
}

fn length_expr(length: &Option<Length>) -> Option<&Rewritten> {
    match length {
        Some(Length::Size(e) | Length::Count(e)) => Some(e),
        _ => None,
    }
}

/// The span of a type as written, so that a missing `Codec` is reported on the field.
fn ty_span(ty: &syn::Type) -> Span {
    ty.to_token_stream()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// Replaces every lifetime but `'static` in `tokens` with `lifetime`.
fn replace_lifetimes(tokens: TokenStream, lifetime: &Lifetime) -> TokenStream {
    let mut out = TokenStream::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(p) if p.as_char() == '\'' => match tokens.peek() {
                Some(TokenTree::Ident(name)) if name != "static" => {
                    tokens.next();
                    out.extend(lifetime.to_token_stream());
                }
                _ => out.extend(Some(TokenTree::Punct(p))),
            },
            TokenTree::Group(g) => {
                let mut group =
                    proc_macro2::Group::new(g.delimiter(), replace_lifetimes(g.stream(), lifetime));
                group.set_span(g.span());
                out.extend(Some(TokenTree::Group(group)));
            }
            other => out.extend(Some(other)),
        }
    }
    out
}
