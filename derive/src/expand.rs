//! The generated code: a view struct, `Node`, and `Codec` (or one `CodecIn` per
//! declared parent), all inside one `const _: () = { ... };`.

use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};

use crate::ast::{Field, Input, Shape, Ty};
use crate::attr::{Endian, Expr};
use crate::ctxt::Ctxt;
use crate::expr::{self, Env, Rewritten};
use crate::item::{Data, DeriveInput};
use crate::tokens::{self, Lifetime};
use crate::{attr, enums, fallback, sanitize, valid};

mod mutable;
mod read;
mod size;
mod write;

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    if let Data::Enum(variants) = &input.data {
        return match enums::derive(&cx, input, variants) {
            Some(tokens) => quote! {
                #[allow(unused_qualifications, clippy::all, clippy::pedantic)]
                const _: () = { #tokens };
            },
            None => fallback::emit(input, cx),
        };
    }
    let container = attr::container(&cx, &input.attrs);
    let Some(ir) = Input::from_item(&cx, input, &container) else {
        return fallback::emit(input, cx);
    };
    valid::check(&cx, &ir);
    let plan = Plan::new(&cx, &ir);
    if plan.is_mutable() {
        plan.check_mutable(&cx, input);
        if ir.rustc_reports || !cx.is_clean() {
            return fallback::emit(input, cx);
        }
        let (tokens, twin) = plan.mutable_impl(input);
        return quote! {
            #twin
            #[allow(unused_qualifications, clippy::all, clippy::pedantic)]
            const _: () = { #tokens };
        };
    }
    if ir.rustc_reports || !cx.is_clean() {
        return fallback::emit(input, cx);
    }
    let tokens = plan.expand(&cx);
    if !cx.is_clean() {
        return fallback::emit(input, cx);
    }
    tokens
}

/// What an encoded length field counts in the field it describes.
#[derive(Clone, Copy)]
enum Measure {
    /// `.len()`: bytes of a slice or text, elements of a repetition.
    Len,
    /// The encoded bytes of a `List` or `Items`.
    ListBytes,
}

/// A bit field: its width, and whether it opens (with the group's byte count,
/// the fewest when the group is streamed) or closes its group of consecutive
/// bit fields of one bit order.
#[derive(Clone, Copy)]
struct Bits {
    n: u32,
    opens: Option<usize>,
    closes: bool,
    /// Least significant bit first (the field's order, else the struct's).
    lsb: bool,
    /// The group has a conditional field: its length is known only while
    /// decoding, and each field takes the bytes it needs (`__private::BitStream`).
    streamed: bool,
}

/// How a field's length is given.
enum Length {
    Size(Rewritten),
    Count(Rewritten),
    Eos,
    /// A repetition that ends with the first element for which this holds.
    Until(Rewritten),
}

struct FieldPlan<'p> {
    field: &'p Field<'p>,
    length: Option<Length>,
    when: Option<Rewritten>,
    valid: Option<Rewritten>,
    pad: Option<Rewritten>,
    /// A `::zerowire::__private::Terminator` value.
    terminator: Option<TokenStream>,
    pad_right: Option<Rewritten>,
    /// `#[tag_from(EXPR)]`: the tag passed to a tagged enum.
    tag_from: Option<Rewritten>,
    /// `#[until(EXPR)]` with `#[size(..)]`: the repetition ends inside its window.
    window_until: Option<Rewritten>,
    /// `#[calc(EXPR)]`: the field's value, computed instead of read.
    calc: Option<Rewritten>,
    /// `#[at(EXPR[, window])]`: the offset the field is read at, and whether
    /// it counts from the window's start.
    at: Option<(Rewritten, bool)>,
    /// `#[item_size(EXPR)]`: each element's size, over `index`.
    item_size: Option<Rewritten>,
    /// `#[process(...)]`: a `Process` value for a `Vec<u8>` of transformed bytes.
    process: Option<TokenStream>,
    /// `#[encoding(..)]`: the `TextEncoding` of a `String`.
    encoding: Option<TokenStream>,
    /// `#[bits(N)]`, with where the field stands in its group.
    bits: Option<Bits>,
    /// `#[bits(N)]` on a `Vec`: elements of N bits each, a group of their own.
    bit_array: Option<u32>,
    /// `#[skip_rest]`: the nested value need not fill its window.
    skip_rest: bool,
    /// Where the field stands in a run of fixed-size fields read at once.
    run: Option<size::Run>,
    /// `#[args(NAME = EXPR, ...)]`, rewritten.
    args: Option<Vec<(Ident, Rewritten)>>,
    endian: TokenStream,
    /// On encode, this field's value is measured from another field, the one
    /// whose `size`/`count` is this field alone.
    length_of: Option<(usize, Measure)>,
    /// The first field of a group of bit fields read at once: each field's
    /// name and the bit its group ends at, for the error of a short group (at
    /// the field that needs the first missing bit, as Kaitai reads them).
    bit_group: Vec<(String, u32)>,
}

struct Plan<'p> {
    input: &'p Input<'p>,
    fields: Vec<FieldPlan<'p>>,
    /// The `pos(...)` values, read on demand.
    positioned: Vec<FieldPlan<'p>>,
    lifetime: Lifetime,
    /// `#[zerowire(endian = EXPR)]`, rewritten.
    runtime_endian: Option<Rewritten>,
}

impl FieldPlan<'_> {
    /// The field's user expressions.
    fn exprs(&self) -> impl Iterator<Item = &Rewritten> {
        let length = match &self.length {
            Some(Length::Size(e) | Length::Count(e)) => Some(e),
            _ => None,
        };
        [
            length,
            self.when.as_ref(),
            self.valid.as_ref(),
            self.pad.as_ref(),
            self.tag_from.as_ref(),
            self.at.as_ref().map(|(offset, _)| offset),
            self.calc.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(self.args.iter().flatten().map(|(_, e)| e))
    }

    /// Whether `__at` (the field's start offset) must be in scope: for the
    /// errors of `valid` and of the `parent.`/`root.`/`args.` reads in any
    /// of its expressions.
    fn needs_at(&self) -> bool {
        self.valid.is_some()
            || self
                .exprs()
                .any(|e| e.reads_context || e.is_checked() || e.places_errors)
            || self
                .length
                .as_ref()
                .is_some_and(|l| matches!(l, Length::Until(e) if e.is_checked()))
            || self
                .window_until
                .as_ref()
                .is_some_and(Rewritten::is_checked)
            || self.element_exprs().any(|e| e.places_errors)
    }

    /// The expressions evaluated per element: `until` and `item_size`.
    fn element_exprs(&self) -> impl Iterator<Item = &Rewritten> {
        let until = match &self.length {
            Some(Length::Until(e)) => Some(e),
            _ => None,
        };
        [until, self.window_until.as_ref(), self.item_size.as_ref()]
            .into_iter()
            .flatten()
    }

    /// Whether an element's `args` or `item_size` read the elements before it
    /// (the field's own name, in a `Vec`).
    fn reads_before(&self) -> bool {
        let name = self.field.local.to_string();
        matches!(self.field.shape, Shape::Vec(_))
            && self
                .args
                .iter()
                .flatten()
                .map(|(_, e)| e)
                .chain(&self.item_size)
                .any(|e| read::mentions(&e.tokens, &name))
    }

    /// The same on encode, which also checks a `when` field's presence there.
    fn needs_at_on_encode(&self) -> bool {
        self.needs_at() || self.when.is_some()
    }
}

/// Where a struct's descendants find the root, and (for an `#[in_parent]`
/// field) the struct's own parent type; its view is `__parent`.
struct Root {
    ty: TokenStream,
    view: TokenStream,
    parent: TokenStream,
}

impl<'p> Plan<'p> {
    fn new(cx: &Ctxt, input: &'p Input<'p>) -> Self {
        let mut fields: Vec<FieldPlan<'p>> = input
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| field_plan(cx, input, index, field))
            .collect();
        // A positioned value is read once the struct is: its expressions see every field.
        let positioned: Vec<FieldPlan<'p>> = input
            .positioned
            .iter()
            .enumerate()
            .map(|(i, field)| field_plan(cx, input, input.fields.len() + i, field))
            .collect();
        mark_bit_groups(&mut fields);
        size::mark_runs(&mut fields);
        // `#[size(len)]` on bytes, text or a repetition (`List`, `Items`): encoding writes `len`
        // from the data, so a changed slice re-encodes consistently.
        for index in 0..fields.len() {
            let plan = &fields[index];
            // A fixed size holding a terminator or padding is not the data's length.
            let fixed = plan.terminator.is_some() || plan.pad_right.is_some();
            let target = match (&plan.length, &plan.field.shape) {
                (Some(Length::Size(e)), Shape::Bytes | Shape::Str) if !fixed => {
                    Some((e, Measure::Len))
                }
                (Some(Length::Size(e)), Shape::List(..)) => Some((e, Measure::ListBytes)),
                (Some(Length::Size(e)), shape) if shape.is_items() && !fixed => {
                    Some((e, Measure::ListBytes))
                }
                (Some(Length::Count(e)), Shape::Vec(_) | Shape::List(..)) => {
                    Some((e, Measure::Len))
                }
                _ => None,
            };
            if let Some((source, measure)) = target
                .filter(|(e, _)| !e.reads_io)
                .and_then(|(e, m)| Some((e.plain_field?, m)))
            {
                // A field read at an offset is not written: nothing to rewrite.
                let at = fields[index].at.is_some();
                let holder = &mut fields[source];
                if holder.length_of.is_none()
                    && holder.field.shape.is_integer()
                    && holder.at.is_none()
                    && holder.calc.is_none()
                    && !at
                {
                    holder.length_of = Some((index, measure));
                }
            }
        }
        let runtime_endian = input.attrs.runtime_endian.as_ref().map(|e| {
            let env = Env {
                input,
                current: None,
                has_value: false,
                in_element: false,
                before: false,
            };
            expr::rewrite(cx, &env, e)
        });
        Plan {
            input,
            fields,
            positioned,
            lifetime: input
                .lifetime
                .clone()
                .unwrap_or_else(sanitize::fresh_lifetime),
            runtime_endian,
        }
    }

    /// Whether any field reads `root.`: then the root type is fixed by the parent chain.
    fn reads_root(&self) -> bool {
        self.fields
            .iter()
            .flat_map(FieldPlan::exprs)
            .any(|e| e.reads_root)
            || self.runtime_endian.as_ref().is_some_and(|e| e.reads_root)
    }

    /// `let __endian = EXPR;` for a byte order chosen at run time; `offset` is
    /// where its errors point.
    fn endian_prelude(&self, offset: TokenStream) -> Option<TokenStream> {
        let expr = self.runtime_endian.as_ref()?;
        let (endian, at, ty) = (sanitize::endian(), sanitize::at(), self.ty_name());
        let value = quote_spanned!(expr.span=> #expr);
        // An `Endian`, or an `Option<Endian>` (`None` is an error of the struct).
        Some(quote! {
            #[allow(unused_variables)]
            let #at = #offset;
            let #endian: ::zerowire::__private::Endian =
                match ::zerowire::__private::ChosenEndian::chosen(#value, #at) {
                    ::zerowire::__private::Ok(e) => e,
                    ::zerowire::__private::Err(e) => return ::zerowire::__private::Err(e.in_type(&#ty)),
                };
        })
    }

    fn self_ty(&self) -> TokenStream {
        let ident = self.input.ident;
        match &self.input.lifetime {
            Some(lt) => quote!(#ident<#lt>),
            None => quote!(#ident),
        }
    }

    fn expand(&self, cx: &Ctxt) -> TokenStream {
        let view = self.view_struct();
        let node = self.node_impl();
        let takes_args = !self.input.attrs.args.is_empty();
        let codec = match (self.input.attrs.parents.is_empty(), takes_args) {
            (true, false) => self.codec_impl(),
            (true, true) => self.codec_with_impl(),
            (false, _) => self
                .input
                .attrs
                .parents
                .iter()
                .map(|parent| self.codec_in_impl(&self.with_lifetime(parent)))
                .collect(),
        };
        let args = takes_args.then(|| self.args_struct());
        // Not a `Codec`, a struct decoded inside a parent shows in a `List` as its bytes.
        let raw_list = (takes_args || !self.input.attrs.parents.is_empty()).then(|| {
            let (lt, self_ty) = (&self.lifetime, self.self_ty());
            quote! {
                #[automatically_derived]
                impl<#lt> ::zerowire::__private::DebugElements<#lt> for #self_ty {
                    fn fmt_list(
                        list: &::zerowire::__private::List<#lt, Self>,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        list.fmt_raw(f)
                    }
                }
            }
        });
        let values = self.values(cx);
        let borrowed = self.borrowed_impl();
        quote! {
            #[allow(unused_qualifications, clippy::all, clippy::pedantic)]
            const _: () = {
                #view
                #node
                #args
                #codec
                #raw_list
                #values
                #borrowed
            };
        }
    }

    /// Computed values and positioned values as methods: their expressions see
    /// the fields by name, by value for numbers, slices and text, else by reference.
    fn values(&self, cx: &Ctxt) -> TokenStream {
        let attrs = &self.input.attrs;
        if attrs.values.is_empty() && attrs.positioned.is_empty() {
            return TokenStream::new();
        }
        let (lt, self_ty, vis) = (&self.lifetime, self.self_ty(), self.input.vis);
        let locals: Vec<_> = self
            .input
            .fields
            .iter()
            .map(|f| {
                let (local, member) = (&f.local, &f.member);
                if f.shape.by_value() {
                    quote!(#[allow(unused_variables)] let #local = self.#member;)
                } else {
                    quote!(#[allow(unused_variables)] let #local = &self.#member;)
                }
            })
            .collect();
        let computed = attrs.values.iter().map(|value| {
            let (name, ty, expr) = (&value.name, &value.ty, &value.expr);
            let doc = format!("Computed: `{expr}`.");
            let (param, param_ty): (Vec<&Ident>, Vec<&Ty>) =
                value.params.iter().map(|(n, t)| (n, t)).unzip();
            quote! {
                #[doc = #doc]
                #vis fn #name(&self #(, #param: #param_ty)*) -> #ty {
                    #(#locals)*
                    #expr
                }
            }
        });
        // A positioned value reads from the struct's `Input` field.
        let input = self.input.fields.iter().find(|f| {
            f.ty.value
                .last_segment()
                .is_some_and(|s| s.ident == "Input")
        });
        let ty_name = self.ty_name();
        let view = self.encode_view();
        // A byte order chosen at run time is the one the struct held.
        let held_endian = self.runtime_endian.as_ref().map(|_| {
            let endian = sanitize::endian();
            match self.input.fields.iter().find(|f| matches!(f.shape, Shape::Endian)) {
                Some(f) => {
                    let member = &f.member;
                    quote!(#[allow(unused_variables)] let #endian = self.#member;)
                }
                None => {
                    if let Some(p) = attrs.positioned.first() {
                        cx.error_spanned_by(&p.value.name, "a `pos` value of a struct whose byte order is chosen at run time needs a field of type `zerowire::Endian` that holds it; add `endian: Endian` to the struct");
                    }
                    TokenStream::new()
                }
            }
        });
        let positioned = attrs.positioned.iter().zip(&self.positioned).map(|(p, plan)| {
            let (name, ty, expr) = (&p.value.name, &p.value.ty, &p.value.expr);
            let (param, param_ty): (Vec<&Ident>, Vec<&Ty>) = p.io_param.iter().map(|(n, t)| (n, t)).unzip();
            // In the struct's own `Input`, or the one `io(EXPR)` names.
            let source = match (&p.io, input) {
                (Some(io), _) => quote!((#io)),
                (None, Some(input)) => {
                    let member = &input.member;
                    quote!(self.#member)
                }
                (None, None) => {
                    cx.error_spanned_by(name, "a `pos` value needs a field of type `zerowire::Input<'a>` to read from; add `input: Input<'a>` to the struct");
                    return TokenStream::new();
                }
            };
            let field = tokens::lit_str(&name.to_string(), name.span());
            let offset = expr::local(expr).checked_len(&quote!(0));
            let seek = if p.in_window { quote!(in_window) } else { quote!(at) };
            let doc = format!("Decodes the `{}` at offset `{expr}`{}.", ty.to_token_stream(), if p.in_window { " of the window" } else { "" });
            // The struct is the value's parent (and its root), as in Kaitai.
            let (r, at) = (sanitize::reader(), sanitize::at());
            let root = Root { ty: quote!(Self), view: quote!(&__view), parent: quote!(Self) };
            // With `when`, nothing is sought where it does not hold.
            let (shape, when) = match &plan.field.shape {
                Shape::Option(inner) => {
                    // Checked before seeking: an overflow is at offset 0, as the offset's.
                    let when = plan.when.as_ref().map_or_else(|| quote!(true), |w| self.value_at(plan, w, quote!(0)));
                    (&**inner, Some(when))
                }
                shape => (shape, None),
            };
            let value = self.read_value(plan, shape, &r, &root);
            let (absent, value) = match when {
                Some(when) => (
                    Some(quote!(if !(#when) { return ::zerowire::__private::Ok(::zerowire::__private::None); })),
                    quote!(::zerowire::__private::Some(#value)),
                ),
                None => (None, value),
            };
            let bound = if plan.field.shape.by_value() { quote!(__value) } else { quote!(&__value) };
            let check = plan.valid.as_ref().map(|check| self.valid(plan, check, bound.clone()));
            quote! {
                #[doc = #doc]
                #vis fn #name(&self #(, #param: #param_ty)*) -> ::zerowire::__private::Result<#ty, ::zerowire::__private::Error> {
                    #(#locals)*
                    #held_endian
                    // Before seeking, errors (of `when` and the offset) are at offset 0.
                    #[allow(unused_variables)]
                    let #at = 0usize;
                    #absent
                    let __offset = ::zerowire::__private::at(#offset, &#ty_name, &#field)?;
                    let mut __reader = ::zerowire::__private::at(#source.#seek(__offset), &#ty_name, &#field)?;
                    let #r = &mut __reader;
                    #[allow(unused_variables)]
                    let #at = #r.position();
                    #view
                    let __value = #value;
                    #check
                    ::zerowire::__private::Ok(__value)
                }
            }
        });
        let positioned: Vec<_> = positioned.collect();
        quote! {
            #[automatically_derived]
            impl<#lt> #self_ty {
                #(#computed)*
                #(#positioned)*
            }
        }
    }

    /// `ty` with every lifetime but `'static` replaced by the decode lifetime.
    fn with_lifetime(&self, ty: &Ty) -> TokenStream {
        replace_lifetimes(ty.tokens.clone(), &self.lifetime)
    }

    fn view_struct(&self) -> TokenStream {
        if !self.input.has_view() {
            return TokenStream::new();
        }
        let name = sanitize::view_struct(self.input.ident);
        let (v, lt) = (sanitize::view_lifetime(), &self.lifetime);
        // `pub` fields: a child in another module reads them.
        let fields = self.input.fields.iter().map(|f| {
            let (name, ty) = (&f.view_field, f.ty);
            quote!(pub #name: ::zerowire::__private::Option<&#v #ty>,)
        });
        // The view must imply `'decode: '__v` (which `Node::View` requires). A
        // field of a struct with a lifetime implies it; without one, a marker does.
        let marker = self.input.lifetime.is_none().then(|| {
            let marker = sanitize::marker();
            quote!(#marker: ::zerowire::__private::PhantomData<&#v &#lt ()>,)
        });
        quote! {
            #[allow(dead_code, non_camel_case_types, private_interfaces)]
            pub struct #name<#v, #lt> {
                #(#fields)*
                #marker
            }
        }
    }

    /// The view's marker field, set, for a struct without a lifetime.
    fn view_marker(&self) -> Option<TokenStream> {
        self.input.lifetime.is_none().then(|| {
            let marker = sanitize::marker();
            quote!(#marker: ::zerowire::__private::PhantomData,)
        })
    }

    fn node_impl(&self) -> TokenStream {
        let (lt, self_ty, v) = (&self.lifetime, self.self_ty(), sanitize::view_lifetime());
        let (view, of_self) = if self.input.has_view() {
            let name = sanitize::view_struct(self.input.ident);
            let fields = self.input.fields.iter().map(|f| {
                let (field, member) = (&f.view_field, &f.member);
                quote!(#field: ::zerowire::__private::Some(&self.#member))
            });
            let marker = self.view_marker();
            (
                quote!(#name<#v, #lt>),
                quote!(#name { #(#fields,)* #marker }),
            )
        } else {
            (
                quote!(::zerowire::__private::NoView),
                quote!(::zerowire::__private::NoView),
            )
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
                fn view<#v>(&#v self) -> Self::View<#v> where #lt: #v {
                    #of_self
                }
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
            parent: quote!(Self),
        };
        let (r, out) = (sanitize::reader(), sanitize::out());
        let read = self.read_body(&root);
        let encode = self.encode_body(&root);
        let family = self.family_impl();
        let sizes = self.size_consts(&root);
        let inline_read = self.inline_read();
        quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Codec<#lt> for #self_ty {
                #sizes

                #inline_read
                fn read(#r: &mut ::zerowire::__private::Reader<#lt>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    #read
                }

                #[inline]
                fn encode(&self, #out: &mut ::zerowire::__private::Vec<u8>)
                    -> ::zerowire::__private::Result<(), ::zerowire::__private::Error>
                {
                    #encode
                }
            }
            #family
        }
    }

    /// `CodecWith` for a struct that takes arguments but has no parent: it is
    /// the root of its own descendants, under any parent and root.
    fn codec_with_impl(&self) -> TokenStream {
        let lt = &self.lifetime;
        let node = quote!(::zerowire::__private::Node<#lt>);
        let (p, rt) = (quote!(__P), sanitize::root_param());
        let root = Root {
            ty: quote!(Self),
            view: {
                let view = sanitize::view();
                quote!(&#view)
            },
            parent: quote!(Self),
        };
        let read = self.read_body(&root);
        let encode = self.encode_body(&root);
        let params = quote!(<#lt, #p: #node, #rt: #node>);
        self.context_impl(
            &params,
            &p,
            &rt.to_token_stream(),
            &TokenStream::new(),
            &root,
            read,
            encode,
        )
    }

    /// The hidden arguments struct, one setter per argument, and `HasArgs`. It
    /// has the struct's lifetime, if the struct has one.
    fn args_struct(&self) -> TokenStream {
        let self_ty = self.self_ty();
        let name = sanitize::args_struct(self.input.ident);
        let (names, types): (Vec<&Ident>, Vec<&Ty>) =
            self.input.attrs.args.iter().map(|(n, t)| (n, t)).unzip();
        let marker = sanitize::marker();
        let (params, marker_field, marker_value) = match &self.input.lifetime {
            Some(lt) => (
                quote!(<#lt>),
                quote!(#marker: ::zerowire::__private::PhantomData<&#lt ()>,),
                quote!(#marker: ::zerowire::__private::PhantomData,),
            ),
            None => (TokenStream::new(), TokenStream::new(), TokenStream::new()),
        };
        quote! {
            #[allow(non_camel_case_types, dead_code)]
            pub struct #name #params {
                #(pub #names: ::zerowire::__private::Option<#types>,)*
                #marker_field
            }

            impl #params #name #params {
                #(
                    pub fn #names(mut self, value: #types) -> Self {
                        self.#names = ::zerowire::__private::Some(value);
                        self
                    }
                )*
            }

            #[automatically_derived]
            impl #params ::zerowire::__private::HasArgs for #self_ty {
                type Args = #name #params;

                fn args() -> Self::Args {
                    #name {
                        #(#names: ::zerowire::__private::None,)*
                        #marker_value
                    }
                }
            }
        }
    }

    /// `Borrowed` (the unbounded type family) for every derived struct.
    fn borrowed_impl(&self) -> TokenStream {
        let ident = self.input.ident;
        match &self.input.lifetime {
            Some(lt) => quote! {
                #[automatically_derived]
                impl ::zerowire::__private::Borrowed for #ident<'static> {
                    type Of<#lt> = #ident<#lt>;
                }
            },
            None => quote! {
                #[automatically_derived]
                impl ::zerowire::__private::Borrowed for #ident {
                    type Of<'__a> = #ident;
                }
            },
        }
    }

    fn family_impl(&self) -> TokenStream {
        let ident = self.input.ident;
        match &self.input.lifetime {
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
        let (root_ty, params, bounds) = if self.reads_root() {
            (
                quote!(<#parent as #node>::Root),
                quote!(<#lt>),
                TokenStream::new(),
            )
        } else {
            // Not reading `root.`, the child works under any root; its nested
            // fields must then work under that root too.
            let root = sanitize::root_param();
            // (A processed field decodes on its own, from its new buffer; a
            // computed one is not decoded.)
            let nested = self.input.fields.iter().filter(|f| f.attrs.process.is_none() && f.attrs.calc.is_none()).filter_map(|f| {
                let ty = f.shape.nested_type()?;
                let holder = match f.attrs.in_parent {
                    Some(_) => parent.clone(),
                    None => self_ty.clone(),
                };
                Some(match (&f.attrs.args, &f.attrs.tag_from) {
                    (Some(_), _) => {
                        quote!(#ty: ::zerowire::__private::CodecWith<#lt, #holder, #root>)
                    }
                    (None, Some(_)) => {
                        quote!(#ty: ::zerowire::__private::Tagged<#lt, #holder, #root, Tag = <#ty as ::zerowire::__private::TagType<#lt>>::Tag>)
                    }
                    (None, None) => {
                        quote!(#ty: ::zerowire::__private::CodecIn<#lt, #holder, #root>)
                    }
                })
            });
            let bounds = quote! {
                where #(#nested,)*
            };
            (quote!(#root), quote!(<#lt, #root: #node>), bounds)
        };
        let root = Root {
            ty: root_ty.clone(),
            view: sanitize::root().into_token_stream(),
            parent: parent.clone(),
        };
        let read = self.read_body(&root);
        let encode = self.encode_body(&root);
        self.context_impl(&params, parent, &root_ty, &bounds, &root, read, encode)
    }

    /// `CodecIn<'a, P, R>`, or `CodecWith<'a, P, R>` for a struct that takes arguments.
    #[allow(clippy::too_many_arguments)]
    fn context_impl(
        &self,
        params: &TokenStream,
        parent: &TokenStream,
        root_ty: &TokenStream,
        bounds: &TokenStream,
        root: &Root,
        read: TokenStream,
        encode: TokenStream,
    ) -> TokenStream {
        let (lt, self_ty) = (&self.lifetime, self.self_ty());
        let node = quote!(::zerowire::__private::Node<#lt>);
        let (r, out, p, rt, a) = (
            sanitize::reader(),
            sanitize::out(),
            sanitize::parent(),
            sanitize::root(),
            sanitize::args(),
        );
        let inline_read = self.inline_read();
        let with_args = !self.input.attrs.args.is_empty();
        let (tr, read_fn, encode_fn, args_param, sizes) = if with_args {
            (
                quote!(CodecWith),
                quote!(read_with),
                quote!(encode_with),
                quote!(#a: &<Self as ::zerowire::__private::HasArgs>::Args,),
                TokenStream::new(),
            )
        } else {
            (
                quote!(CodecIn),
                quote!(read_in),
                quote!(encode_in),
                TokenStream::new(),
                self.size_consts(root),
            )
        };
        quote! {
            #[automatically_derived]
            impl #params ::zerowire::__private::#tr<#lt, #parent, #root_ty> for #self_ty #bounds {
                #sizes

                #inline_read
                fn #read_fn(
                    #r: &mut ::zerowire::__private::Reader<#lt>,
                    #args_param
                    #p: &<#parent as #node>::View<'_>,
                    #rt: &<#root_ty as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error> {
                    #read
                }

                #[inline]
                fn #encode_fn(
                    &self,
                    #out: &mut ::zerowire::__private::Vec<u8>,
                    #args_param
                    #p: &<#parent as #node>::View<'_>,
                    #rt: &<#root_ty as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<(), ::zerowire::__private::Error> {
                    #encode
                }
            }
        }
    }

    /// The inline attribute of `read`: `always` for a small struct without
    /// repetitions, whose read is a few bounds checks and loads that should
    /// merge into the caller's loop, as a hand-written cursor's would; left to
    /// the compiler otherwise. (With a plain `#[inline]`, whether a read like
    /// a WebSocket frame header's was inlined changed from one build to
    /// another, and with it the time per frame by 2.5x.)
    fn inline_read(&self) -> TokenStream {
        let small = self.fields.len() <= 16
            && self.fields.iter().all(|plan| {
                let shape = match &plan.field.shape {
                    Shape::Option(inner) => &**inner,
                    shape => shape,
                };
                !matches!(shape, Shape::Vec(_) | Shape::List(..))
            });
        if small {
            quote!(#[inline(always)])
        } else {
            quote!(#[inline])
        }
    }

    /// The struct's name as errors show it.
    fn ty_name(&self) -> Literal {
        tokens::lit_str(&self.input.ident.to_string(), Span::call_site())
    }

    /// A user expression's value, its arithmetic checked: an overflow is an
    /// error at the field's start (`__at`), with the field's path.
    fn value_of(&self, plan: &FieldPlan<'_>, expr: &Rewritten) -> TokenStream {
        self.value_at(plan, expr, sanitize::at().to_token_stream())
    }

    /// [`Plan::value_of`] with an overflow at `offset`.
    fn value_at(&self, plan: &FieldPlan<'_>, expr: &Rewritten, offset: TokenStream) -> TokenStream {
        match expr.checked_value(&offset) {
            Some(checked) => self.at(plan, checked),
            None => quote_spanned!(expr.span=> #expr),
        }
    }

    /// The builder's local, and the names and values of `#[args(NAME = EXPR, ...)]`.
    fn args_parts<'f>(
        &self,
        plan: &FieldPlan<'_>,
        args: &'f [(Ident, Rewritten)],
    ) -> (Ident, Vec<&'f Ident>, Vec<TokenStream>) {
        let names = args.iter().map(|(n, _)| n).collect();
        let exprs = args.iter().map(|(_, e)| self.value_of(plan, e)).collect();
        (sanitize::args(), names, exprs)
    }

    /// The parent a nested field decodes inside, and that parent's view: this
    /// struct and its view so far, or, `#[in_parent]`, this struct's parent.
    fn holder(&self, plan: &FieldPlan<'_>, root: &Root) -> (TokenStream, TokenStream) {
        if plan.field.attrs.in_parent.is_some() {
            (root.parent.clone(), sanitize::parent().into_token_stream())
        } else {
            let view = sanitize::view();
            (quote!(Self), quote!(&#view))
        }
    }

    /// `inner?`, with the field's path added to any error.
    fn at(&self, plan: &FieldPlan<'_>, inner: TokenStream) -> TokenStream {
        let ty = self.ty_name();
        let field = tokens::lit_str(&plan.field.name, Span::call_site());
        quote!(::zerowire::__private::at(#inner, &#ty, &#field)?)
    }

    /// `Option<Terminator>` and `Option<u8>` (the padding) of a fixed-size field.
    fn fixed_options(&self, plan: &FieldPlan<'_>) -> (TokenStream, TokenStream) {
        let some = |t: &dyn ToTokens| quote!(::zerowire::__private::Some(#t));
        let none = quote!(::zerowire::__private::None);
        let terminator = plan
            .terminator
            .as_ref()
            .map_or_else(|| none.clone(), |t| some(t));
        let pad = plan.pad_right.as_ref().map_or(none, |p| some(p));
        (terminator, pad)
    }

    /// The closure that tests an `until` condition on `__item`, a reference to an
    /// element (`depth` references deep); `item` is the element by value for
    /// numbers, slices and text, else by reference.
    /// The `until` closure over `__item` (and, decoding, the reader after the
    /// element, which `io` reads).
    fn until_check(
        &self,
        cond: &Rewritten,
        element: &Shape,
        depth: usize,
        decode: bool,
    ) -> TokenStream {
        let item_ref = sanitize::item();
        let derefs = depth - usize::from(!element.by_value());
        let at = sanitize::at();
        let reads_io = cond.reads_io;
        let cond = cond
            .checked_value(&at.to_token_stream())
            .unwrap_or_else(|| quote!(::zerowire::__private::Ok(#cond)));
        let stars = (0..derefs).map(|_| quote!(*));
        let reader = match (decode, reads_io) {
            (false, _) => None,
            (true, true) => Some(sanitize::reader().into_token_stream()),
            (true, false) => Some(quote!(_)),
        };
        let params = match reader {
            Some(reader) => quote!(#item_ref, #reader),
            None => quote!(#item_ref),
        };
        quote! {
            |#params| {
                let item = #(#stars)* #item_ref;
                #cond
            }
        }
    }

    /// An element's length (`item_size`), whose errors get the field's name from
    /// the repetition.
    fn element_len(&self, expr: &Rewritten, offset: TokenStream) -> TokenStream {
        let len = expr.checked_len(&offset);
        quote!(#len?)
    }

    /// A user length as `usize`, spanned on the expression so that a type error lands there.
    fn length_value(
        &self,
        plan: &FieldPlan<'_>,
        expr: &Rewritten,
        offset: TokenStream,
    ) -> TokenStream {
        self.at(plan, expr.checked_len(&offset))
    }
}

/// The plan of one field (at `index`: its expressions see the fields before it).
fn field_plan<'p>(
    cx: &Ctxt,
    input: &'p Input<'p>,
    index: usize,
    field: &'p Field<'p>,
) -> FieldPlan<'p> {
    let container_endian = input.attrs.endian.as_ref().map(|e| e.value);
    let runtime = input.attrs.runtime_endian.is_some();
    let env = Env {
        input,
        current: Some(index),
        has_value: false,
        in_element: false,
        before: false,
    };
    let element_env = Env {
        in_element: true,
        ..env
    };
    // Per element of a `Vec`, before it is read, the elements before it.
    let vec = matches!(field.shape, Shape::Vec(_));
    let before_env = Env { before: vec, ..env };
    let args: Option<Vec<(Ident, Rewritten)>> = field.attrs.args.as_ref().map(|a| {
        a.value
            .iter()
            .map(|(name, e)| (name.clone(), expr::rewrite(cx, &before_env, e)))
            .collect()
    });
    let rewrite = |e: &Expr| expr::rewrite(cx, &env, e);
    let attrs = &field.attrs;
    let length = match (&attrs.size, &attrs.count, &attrs.eos, &attrs.until) {
        (Some(size), ..) => Some(Length::Size(rewrite(&size.value))),
        (None, Some(count), ..) => Some(Length::Count(rewrite(&count.value))),
        (None, None, Some(_), _) => Some(Length::Eos),
        (None, None, None, Some(until)) => {
            Some(Length::Until(expr::rewrite(cx, &element_env, &until.value)))
        }
        (None, None, None, None) => None,
    };
    let repeated_bits = matches!(field.shape, Shape::Vec(_));
    let window_until = match (&attrs.size, &attrs.until) {
        (Some(_), Some(until)) => Some(expr::rewrite(cx, &element_env, &until.value)),
        _ => None,
    };
    let encoding = attrs.encoding.as_ref().map(|e| {
        let variant = &e.value;
        quote!(::zerowire::__private::TextEncoding::#variant)
    });
    let terminator = attrs.terminator.as_ref().map(|t| {
        let t = &t.value;
        let (byte, include, consume, eos_error) = (&t.byte, t.include, t.consume, t.eos_error);
        // In UTF-16 text the terminator is a whole code unit.
        let unit = encoding.as_ref().map_or_else(|| quote!(1), |e| quote!(#e.unit()));
        quote! {
            ::zerowire::__private::Terminator {
                byte: #byte, include: #include, consume: #consume, eos_error: #eos_error, unit: #unit,
            }
        }
    });
    let pad_right = attrs.pad_right.as_ref().map(|p| rewrite(&p.value));
    let tag_from = attrs.tag_from.as_ref().map(|t| rewrite(&t.value));
    let item_size = attrs.item_size.as_ref().map(|s| {
        let env = Env {
            before: vec,
            ..element_env
        };
        expr::rewrite(cx, &env, &s.value)
    });
    let valid = attrs.valid.as_ref().map(|v| {
        let env = Env {
            has_value: true,
            ..env
        };
        expr::rewrite(cx, &env, &v.value)
    });
    let when = attrs.when.as_ref().map(|w| rewrite(&w.value));
    let pad = attrs.pad.as_ref().map(|p| rewrite(&p.value));
    let endian = match (
        attrs.endian.as_ref().map(|e| e.value),
        container_endian,
        runtime,
    ) {
        (Some(Endian::Little), ..) | (None, Some(Endian::Little), _) => {
            quote!(::zerowire::__private::Endian::Little)
        }
        (Some(Endian::Big), ..) | (None, Some(Endian::Big), _) => {
            quote!(::zerowire::__private::Endian::Big)
        }
        (None, None, true) => sanitize::endian().into_token_stream(),
        (None, None, false) => quote!(::zerowire::__private::Endian::Big),
    };
    // `io` exists only while decoding: lengths and the checks `when`, `valid`
    // and `until` may read it (encoding does not check them then), nothing
    // else (arguments, for one, are computed on encode too).
    let args_reading_io = args.iter().flatten().map(|(_, e)| e).find(|e| e.reads_io);
    for (expr, keyword) in [
        (pad.as_ref(), "pad"),
        (tag_from.as_ref(), "tag_from"),
        (item_size.as_ref(), "item_size"),
        (args_reading_io, "args"),
    ] {
        if let Some(expr) = expr.filter(|e| e.reads_io) {
            cx.error_at(
                expr.span,
                format_args!("`io` is available in `size`, `count`, `when`, `valid` and `until` only, not in `{keyword}`"),
            );
        }
    }
    FieldPlan {
        field,
        length,
        when,
        valid,
        pad,
        terminator,
        pad_right,
        tag_from,
        window_until,
        at: attrs
            .at
            .as_ref()
            .map(|a| (rewrite(&a.value.offset), a.value.in_window)),
        calc: attrs.calc.as_ref().map(|c| rewrite(&c.value)),
        item_size,
        process: attrs.process.as_ref().map(|p| p.value.clone()),
        encoding,
        skip_rest: attrs.skip_rest.is_some(),
        bits: attrs
            .bits
            .as_ref()
            .filter(|_| !repeated_bits)
            .map(|b| Bits {
                n: b.value,
                opens: None,
                closes: false,
                lsb: attrs.lsb_first(input.attrs),
                streamed: false,
            }),
        bit_array: attrs
            .bits
            .as_ref()
            .filter(|_| repeated_bits)
            .map(|b| b.value),
        run: None,
        args,
        endian,
        length_of: None,
        bit_group: Vec::new(),
    }
}

/// Marks where each run of consecutive bit fields of one bit order opens
/// (with its byte count, rounded up: the fewest, when a conditional field
/// makes the run's length known only while decoding) and closes.
fn mark_bit_groups(fields: &mut [FieldPlan<'_>]) {
    let mut start = 0;
    while start < fields.len() {
        let Some(lsb) = fields[start].bits.map(|b| b.lsb) else {
            start += 1;
            continue;
        };
        let len = fields[start..]
            .iter()
            .take_while(|f| f.bits.is_some_and(|b| b.lsb == lsb))
            .count();
        let group = &mut fields[start..start + len];
        let streamed = group
            .iter()
            .any(|f| matches!(f.field.shape, Shape::Option(_)));
        let fixed: u32 = group
            .iter()
            .filter(|f| !matches!(f.field.shape, Shape::Option(_)))
            .filter_map(|f| f.bits.map(|b| b.n))
            .sum();
        for plan in group.iter_mut() {
            if let Some(bits) = plan.bits.as_mut() {
                bits.streamed = streamed;
            }
        }
        let mut end = 0;
        let ends: Vec<(String, u32)> = group
            .iter()
            .filter_map(|f| {
                end += f.bits?.n;
                Some((f.field.name.clone(), end))
            })
            .collect();
        if let Some(first) = group.first_mut() {
            if let Some(bits) = first.bits.as_mut() {
                bits.opens = Some(fixed.div_ceil(8) as usize);
            }
            if !streamed {
                first.bit_group = ends;
            }
        }
        if let Some(last) = group.last_mut().and_then(|f| f.bits.as_mut()) {
            last.closes = true;
        }
        start += len;
    }
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
