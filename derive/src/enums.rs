//! Enums: C-like (a number mapped to variants) and tagged (a tag choosing a
//! payload). Their IR, rules and code, apart from structs'.

use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};

use crate::ast::Ty;
use crate::item::{DeriveInput, Fields};
use crate::tokens::{self, Lifetime};

use crate::ast::{shape_of, Shape};
use crate::attr::{self, Container, Endian, OTHER, TAG, ZEROWIRE};
use crate::ctxt::Ctxt;
use crate::sanitize;
use crate::syntax::{Attribute, GenericParam};

/// One variant and what the attributes say of it.
struct Variant<'a> {
    ident: &'a Ident,
    /// `#[tag(PATTERN)]` or `= DISCRIMINANT`; `None` for `other` and `#[tag(_)]`.
    pattern: Option<TokenStream>,
    /// `#[zerowire(other)]` (C-like) or `#[tag(_)]` (tagged).
    fallback: bool,
    payload: Payload<'a>,
    /// `#[endian(little)]` on the variant: its number payload's byte order,
    /// over the enum's (Kaitai's cases `u2le` and `u2be` of one switch).
    endian: Option<TokenStream>,
    /// `#[args(NAME = EXPR, ..)]` on the variant: the arguments its payload
    /// type takes (Kaitai's case `sbit_greyscale(false)`).
    args: Vec<(Ident, attr::Expr)>,
}

enum Payload<'a> {
    Unit,
    /// `Variant(T)`.
    Newtype(&'a Ty),
    /// `Variant { tag: T, body: &'a [u8] }`: an unmatched tag and its raw bytes.
    Raw,
}

pub(crate) fn derive(
    cx: &Ctxt,
    input: &DeriveInput,
    variants: &[crate::item::Variant],
) -> Option<TokenStream> {
    let attrs = attr::container(cx, &input.attrs);
    if !attrs.parents.is_empty() || attrs.magic.is_some() {
        cx.error_spanned_by(
            &input.ident,
            "`parent` and `magic` go on structs; an enum's variants decode under the struct that holds it",
        );
    }
    let lifetime = one_lifetime(cx, input);
    let variants: Vec<Variant<'_>> = variants.iter().map(|v| variant(cx, v)).collect();
    // An enum that borrows nothing may still take a borrowed tag
    // (`tag_type = &'a str`): its impls are generic over that lifetime.
    let tag_lifetime = || tokens::first_lifetime(attrs.tag_type.as_ref()?.value.tokens.clone());
    let enum_ = Enum {
        ident: &input.ident,
        lifetime: lifetime
            .clone()
            .or_else(tag_lifetime)
            .unwrap_or_else(sanitize::fresh_lifetime),
        has_lifetime: lifetime.is_some(),
        endian: match attrs.endian.as_ref().map(|e| e.value) {
            Some(Endian::Little) => quote!(::zerowire::__private::Endian::Little),
            _ => quote!(::zerowire::__private::Endian::Big),
        },
        variants,
    };
    if let (Some(_), Some(second)) = (&attrs.tag, &attrs.tag_type) {
        cx.error_at(second.span, "`tag` and `tag_type` cannot both be set; `tag` reads the tag, `tag_type` takes it from `tag_from` (both work with `tag_from`)");
    }
    let tokens = match (&attrs.tag, &attrs.tag_type, repr(input, &attrs)) {
        (Some(tag), ..) => enum_.tagged(cx, &tag.value, true),
        (None, Some(tag), _) => enum_.tagged(cx, &tag.value, false),
        (None, None, Some(repr)) => enum_.c_like(cx, &repr),
        (None, None, None) => {
            cx.error_spanned_by(
                &input.ident,
                "an enum needs `#[zerowire(repr = u8)]` (a number mapped to its variants), `#[zerowire(tag = u8)]` (a tag read first, choosing the payload) or `#[zerowire(tag_type = u8)]` (a tag from the field's `tag_from`)",
            );
            TokenStream::new()
        }
    };
    cx.is_clean().then_some(tokens)
}

/// The enum's one lifetime, if any; more, or type parameters, are errors.
fn one_lifetime(cx: &Ctxt, input: &DeriveInput) -> Option<Lifetime> {
    let mut lifetimes = Vec::new();
    for param in &input.generics.params {
        match &param.value {
            GenericParam::Lifetime(lifetime) => lifetimes.push(lifetime.clone()),
            _ => cx.error_spanned_by(
                param,
                "`Decode` supports at most one lifetime and no type or const parameters",
            ),
        }
    }
    if let Some(extra) = lifetimes.get(1) {
        cx.error_spanned_by(
            extra,
            "`Decode` supports at most one lifetime; borrow every variant for the same lifetime",
        );
    }
    lifetimes.into_iter().next()
}

/// `#[zerowire(repr = T)]`, else the enum's own `#[repr(T)]`.
fn repr(input: &DeriveInput, attrs: &Container) -> Option<TokenStream> {
    if let Some(repr) = &attrs.repr {
        return Some(repr.value.to_token_stream());
    }
    input
        .attrs
        .iter()
        .filter(|a| a.is("repr"))
        .find_map(|a| a.parse_args::<Ident>().ok())
        .filter(|ty| {
            ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
                .contains(&ty.to_string().as_str())
        })
        .map(|ty| ty.to_token_stream())
}

fn variant<'a>(cx: &Ctxt, v: &'a crate::item::Variant) -> Variant<'a> {
    let mut pattern = v.discriminant.clone();
    let mut fallback = false;
    let mut endian = None;
    let mut args = Vec::new();
    for attr in &v.attrs {
        if attr.is(attr::ARGS) {
            match attr.parse_args_with(attr::parse_args) {
                Ok(a) => args = a,
                Err(e) => cx.push(e),
            }
            continue;
        }
        if attr.is(attr::ENDIAN) {
            endian = match attr.parse_args::<Ident>() {
                Ok(id) if id == "big" => Some((quote!(::zerowire::__private::Endian::Big), attr)),
                Ok(id) if id == "little" => {
                    Some((quote!(::zerowire::__private::Endian::Little), attr))
                }
                _ => {
                    cx.error_on_attr(
                        attr,
                        "`endian` takes `big` or `little`; write `#[endian(little)]`",
                    );
                    None
                }
            };
        } else if attr.is(TAG) {
            match attr.list() {
                Some(tokens) if is_wildcard(tokens) => fallback = true,
                Some(tokens) if !tokens.is_empty() => pattern = Some(alternatives(tokens)),
                _ => cx.error_on_attr(attr, "`tag` takes the values that choose this variant; write `#[tag(1)]`, `#[tag(1, 2)]`, `#[tag(3..=9)]` or `#[tag(_)]`"),
            }
        } else if attr.is(ZEROWIRE) {
            fallback |= parse_other(cx, attr);
        }
    }
    // A payload decodes as its type does; its field attributes would be ignored.
    if let Fields::Named(fields, _) | Fields::Unnamed(fields, _) = &v.fields {
        let ours = fields
            .iter()
            .flat_map(|f| &f.attrs)
            .find(|a| attr::FIELD_KEYWORDS.iter().any(|k| a.is(k)));
        if let Some(attr) = ours {
            cx.error_on_attr(attr, "field attributes do not go on a variant's payload; put the payload in a struct and the attribute on its field");
        }
    }
    let payload = match &v.fields {
        Fields::Unit => Payload::Unit,
        Fields::Unnamed(f, _) if f.len() == 1 => Payload::Newtype(&f[0].ty),
        Fields::Named(f, _)
            if f.len() == 2
                && f.iter()
                    .any(|f| f.ident.as_ref().is_some_and(|i| i == "tag"))
                && f.iter()
                    .any(|f| f.ident.as_ref().is_some_and(|i| i == "body")) =>
        {
            Payload::Raw
        }
        Fields::Named(_, span) | Fields::Unnamed(_, span) => {
            cx.error_at(*span, "a variant is a unit, holds one type (`Variant(Payload)`), or is `{ tag, body: &'a [u8] }` for unmatched tags; put other fields in a struct");
            Payload::Unit
        }
    };
    let number =
        matches!(&payload, Payload::Newtype(ty) if matches!(shape_of(ty), Shape::Scalar(_)));
    if let (Some((_, attr)), false) = (&endian, number) {
        cx.error_on_attr(
            attr,
            "`endian` on a variant orders its number payload; this variant holds no number",
        );
    }
    if let (Some(attr), false) = (
        v.attrs.iter().find(|a| a.is(attr::ARGS)),
        matches!(&payload, Payload::Newtype(ty) if matches!(shape_of(ty), Shape::Nested(_))),
    ) {
        cx.error_on_attr(attr, "`args` on a variant goes on one that holds a struct taking arguments (`#[zerowire(args(..))]`)");
    }
    Variant {
        ident: &v.ident,
        pattern,
        fallback,
        payload,
        endian: endian.map(|(e, _)| e),
        args,
    }
}

fn parse_other(cx: &Ctxt, attr: &Attribute) -> bool {
    let mut other = false;
    let parsed = attr.parse_nested(|key, _| {
        if key == OTHER {
            other = true;
            Ok(())
        } else {
            Err(syn::Error::new(
                key.span(),
                "unknown zerowire attribute on a variant; expected `other`",
            ))
        }
    });
    if let Err(e) = parsed {
        cx.push(e);
    }
    other
}

fn is_wildcard(tokens: &TokenStream) -> bool {
    matches!(&tokens.clone().into_iter().collect::<Vec<_>>()[..], [TokenTree::Ident(i)] if i == "_")
}

/// `1, 2 | 3` as the pattern `1 | 2 | 3`: top-level commas become `|`.
fn alternatives(tokens: &TokenStream) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|t| match t {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                let mut bar = proc_macro2::Punct::new('|', proc_macro2::Spacing::Alone);
                bar.set_span(p.span());
                TokenTree::Punct(bar)
            }
            t => t,
        })
        .collect()
}

/// The first alternative of a pattern, to write back; `None` for a range.
fn first_alternative(pattern: &TokenStream) -> Option<TokenStream> {
    let first: TokenStream = pattern
        .clone()
        .into_iter()
        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == '|'))
        .collect();
    // A range (`3..=9`) has `.` punctuation; a text tag (`"a..b"`) is one literal.
    let range = first
        .clone()
        .into_iter()
        .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '.'));
    (!range).then_some(first)
}

struct Enum<'a> {
    ident: &'a Ident,
    lifetime: Lifetime,
    has_lifetime: bool,
    endian: TokenStream,
    variants: Vec<Variant<'a>>,
}

impl Enum<'_> {
    fn self_ty(&self) -> TokenStream {
        let (ident, lt) = (self.ident, &self.lifetime);
        if self.has_lifetime {
            quote!(#ident<#lt>)
        } else {
            quote!(#ident)
        }
    }

    fn name(&self) -> Literal {
        tokens::lit_str(&self.ident.to_string(), Span::call_site())
    }

    /// `Node` (an enum is no one's parent) and, for an enum that decodes on its own, `Family`.
    fn common(&self, decodes_alone: bool) -> TokenStream {
        let (ident, lt, self_ty) = (self.ident, &self.lifetime, self.self_ty());
        let v = sanitize::view_lifetime();
        let family = match (decodes_alone, self.has_lifetime) {
            (false, _) => TokenStream::new(),
            (true, true) => quote!(
                #[automatically_derived]
                impl ::zerowire::__private::Family for #ident<'static> { type Of<#lt> = #ident<#lt>; }
            ),
            (true, false) => quote!(
                #[automatically_derived]
                impl ::zerowire::__private::Family for #ident { type Of<#lt> = #ident; }
            ),
        };
        let borrowed = if self.has_lifetime {
            quote!(impl ::zerowire::__private::Borrowed for #ident<'static> { type Of<#lt> = #ident<#lt>; })
        } else {
            quote!(impl ::zerowire::__private::Borrowed for #ident { type Of<#lt> = #ident; })
        };
        quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Node<#lt> for #self_ty {
                type View<#v> = ::zerowire::__private::NoView where #lt: #v;
                type Root = Self;
                fn view<#v>(&#v self) -> ::zerowire::__private::NoView where #lt: #v {
                    ::zerowire::__private::NoView
                }
            }
            #[automatically_derived]
            #borrowed
            #family
        }
    }

    fn c_like(&self, cx: &Ctxt, repr: &TokenStream) -> TokenStream {
        let (lt, self_ty, name, endian) =
            (&self.lifetime, self.self_ty(), self.name(), &self.endian);
        let enum_ident = self.ident;
        let mut consts = Vec::new();
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        let mut other = None;
        // `From<REPR>`, for an enum that keeps every value (an `other` variant).
        let mut froms = Vec::new();
        let mut from_other = None;
        for (i, v) in self.variants.iter().enumerate() {
            let ident = v.ident;
            match (&v.pattern, v.fallback, &v.payload) {
                (_, true, Payload::Newtype(_)) if other.is_none() => {
                    other = Some(quote!(__value => ::zerowire::__private::Ok(Self::#ident(__value))));
                    from_other = Some(quote!(__value => Self::#ident(__value)));
                    writes.push(quote!(#enum_ident::#ident(__value) => *__value));
                }
                (Some(value), false, Payload::Unit) => {
                    let konst = quote::format_ident!("__V{}", i);
                    consts.push(quote!(const #konst: #repr = #value;));
                    reads.push(quote!(#konst => ::zerowire::__private::Ok(Self::#ident)));
                    froms.push(quote!(#konst => Self::#ident));
                    writes.push(quote!(#enum_ident::#ident => #konst));
                }
                _ => cx.error_spanned_by(ident, "a C-like enum's variant is a unit with a value (`Dog = 1` or `#[tag(1)]`), or the one `#[zerowire(other)] Unknown(u8)` that keeps unknown values"),
            }
        }
        let other = other.unwrap_or_else(|| {
            quote! {
                __value => ::zerowire::__private::Err(
                    ::zerowire::__private::unknown_value(__value, __at).in_type(&#name)
                )
            }
        });
        let common = self.common(true);
        // Read from a bit field (`#[bits(N)]` on a field of this type), for
        // the primitive integers.
        let primitive = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
            .contains(&repr.to_string().as_str());
        let from_bits = primitive.then(|| {
            quote! {
                #[automatically_derived]
                impl ::zerowire::__private::FromBits for #self_ty {
                    fn from_bits(__bits: u64, __at: usize)
                        -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                    {
                        let __value = <#repr as ::core::convert::TryFrom<u64>>::try_from(__bits)
                            .map_err(|_| ::zerowire::__private::unknown_value(__bits, __at).in_type(&#name))?;
                        match __value {
                            #(#reads,)*
                            #other,
                        }
                    }

                    fn to_bits(&self) -> u64 {
                        let __value: #repr = match self { #(#writes,)* };
                        __value as u64
                    }

                    fn from_number(__n: ::zerowire::__private::Number, __at: usize)
                        -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                    {
                        let __value = match __n {
                            ::zerowire::__private::Number::Unsigned(__u) => <#repr as ::core::convert::TryFrom<u64>>::try_from(__u).ok(),
                            ::zerowire::__private::Number::Signed(__i) => <#repr as ::core::convert::TryFrom<i64>>::try_from(__i).ok(),
                        };
                        let ::zerowire::__private::Some(__value) = __value else {
                            return ::zerowire::__private::Err(::zerowire::__private::unknown_value(__n, __at).in_type(&#name));
                        };
                        match __value {
                            #(#reads,)*
                            #other,
                        }
                    }
                }
            }
        });
        let from_repr = from_other.map(|other| {
            quote! {
                #[automatically_derived]
                impl ::core::convert::From<#repr> for #self_ty {
                    /// The variant of a value; an unnamed one is kept by the `other` variant.
                    fn from(__value: #repr) -> Self {
                        match __value {
                            #(#froms,)*
                            #other,
                        }
                    }
                }
            }
        });
        quote! {
            #(#consts)*
            #common
            #from_bits
            #from_repr
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Codec<#lt> for #self_ty {
                #[inline]
                fn read(__r: &mut ::zerowire::__private::Reader<#lt>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    let __at = __r.position();
                    let __value = <#repr as ::zerowire::__private::Scalar<#lt>>::read_endian(__r, #endian)
                        .map_err(|e| e.in_type(&#name))?;
                    match __value {
                        #(#reads,)*
                        #other,
                    }
                }

                #[inline]
                fn encode(&self, __out: &mut ::zerowire::__private::Vec<u8>)
                    -> ::zerowire::__private::Result<(), ::zerowire::__private::Error>
                {
                    let __value: #repr = match self { #(#writes,)* };
                    <#repr as ::zerowire::__private::Scalar<#lt>>::encode_endian(&__value, __out, #endian)
                }
            }
            #[automatically_derived]
            impl ::core::convert::From<#self_ty> for #repr {
                /// The integer this variant is written as.
                #[inline]
                fn from(value: #self_ty) -> Self {
                    match &value { #(#writes,)* }
                }
            }
            #[automatically_derived]
            impl ::core::convert::From<#self_ty> for ::zerowire::__private::Number {
                fn from(value: #self_ty) -> Self {
                    ::zerowire::__private::Number::from(<#repr as ::core::convert::From<#self_ty>>::from(value))
                }
            }
        }
    }

    /// A tagged enum; `own_tag`: it can also read its own tag (`Codec`).
    fn tagged(&self, cx: &Ctxt, tag: &Ty, own_tag: bool) -> TokenStream {
        let (lt, self_ty, name) = (&self.lifetime, self.self_ty(), self.name());
        let (p, r) = (quote!(__P), quote!(__R));
        let node = quote!(::zerowire::__private::Node<#lt>);
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        let mut own_tags = Vec::new();
        let mut patterns = Vec::new();
        let mut bounds = Vec::new();
        let mut fallback = None;
        for v in &self.variants {
            let ident = v.ident;
            let field = tokens::lit_str(&ident.to_string(), ident.span());
            let (read, (shape, write), bound) = self.payload(v, &field, &p, &r);
            bounds.extend(bound);
            match (&v.pattern, v.fallback) {
                (Some(pattern), false) => {
                    patterns.push(pattern.clone());
                    reads.push(quote!(#pattern => ::zerowire::__private::Ok(#read)));
                    writes.push(quote!((#shape, #pattern) => #write));
                    let own = match first_alternative(pattern) {
                        Some(value) => quote!(#value),
                        None => quote!(return ::zerowire::__private::Err(::zerowire::__private::Error::new(
                            ::zerowire::__private::ErrorKind::Custom("a variant chosen by a range keeps no tag to write"),
                            __out.len(),
                        ).in_type(&#name))),
                    };
                    own_tags.push(quote!(Self::#ident { .. } => #own));
                }
                (None, true) if fallback.is_none() => {
                    fallback = Some((read, (shape, write), matches!(v.payload, Payload::Raw), ident));
                }
                _ => cx.error_spanned_by(ident, "a tagged enum's variant needs `#[tag(VALUE)]`; one variant may be `#[tag(_)]` for every other tag"),
            }
        }
        let unmatched = match &fallback {
            Some((read, _, _, _)) => quote!(_ => ::zerowire::__private::Ok(#read)),
            None => quote!(_ => ::zerowire::__private::Err(
                ::zerowire::__private::TagValue::unknown(__tag, __at).in_type(&#name)
            )),
        };
        let fallback_write = fallback.as_ref().map(|(_, (shape, write), raw, ident)| {
            let stored = if *raw {
                own_tags.push(quote!(Self::#ident { tag, .. } => *tag));
                quote!(&& __tag == *tag)
            } else {
                own_tags.push(quote!(Self::#ident { .. } => return ::zerowire::__private::Err(::zerowire::__private::Error::new(
                    ::zerowire::__private::ErrorKind::Custom("the `#[tag(_)]` variant keeps no tag to write; give it a `tag` field"),
                    __out.len(),
                ).in_type(&#name))));
                TokenStream::new()
            };
            quote!((#shape, __tag) if !::core::matches!(__tag, #(#patterns)|*) #stored => #write)
        });
        let common = self.common(own_tag);
        let codec = own_tag.then(|| self.own_tag_codec(tag, &own_tags));
        quote! {
            #common
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::TagType<#lt> for #self_ty {
                type Tag = #tag;
            }
            #[automatically_derived]
            impl<#lt, #p: #node, #r: #node> ::zerowire::__private::Tagged<#lt, #p, #r> for #self_ty
            where #(#bounds,)*
            {
                type Tag = #tag;

                #[inline]
                fn read_tagged(
                    __r: &mut ::zerowire::__private::Reader<#lt>,
                    __tag: &#tag,
                    __parent: &<#p as #node>::View<'_>,
                    __root: &<#r as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error> {
                    let __at = __r.position();
                    match *__tag {
                        #(#reads,)*
                        #unmatched,
                    }
                }

                #[inline]
                fn encode_tagged(
                    &self,
                    __out: &mut ::zerowire::__private::Vec<u8>,
                    __tag: &#tag,
                    __parent: &<#p as #node>::View<'_>,
                    __root: &<#r as #node>::View<'_>,
                ) -> ::zerowire::__private::Result<(), ::zerowire::__private::Error> {
                    let __at = __out.len();
                    #[allow(unreachable_patterns)]
                    match (self, *__tag) {
                        #(#writes)*
                        #fallback_write
                        (_, __tag) => return ::zerowire::__private::Err(
                            ::zerowire::__private::TagValue::mismatch(&__tag, __at).in_type(&#name)
                        ),
                    }
                    ::zerowire::__private::Ok(())
                }
            }
            #codec
        }
    }

    /// `Codec` for an enum that reads its own tag first: its payloads decode
    /// with the enum as their parent, so each must decode on its own.
    fn own_tag_codec(&self, tag: &Ty, own_tags: &[TokenStream]) -> TokenStream {
        let (lt, self_ty, name) = (&self.lifetime, self.self_ty(), self.name());
        quote! {
            #[automatically_derived]
            impl<#lt> ::zerowire::__private::Codec<#lt> for #self_ty {
                #[inline]
                fn read(__r: &mut ::zerowire::__private::Reader<#lt>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    let __tag = ::zerowire::__private::at(
                        <#tag as ::zerowire::__private::Codec<#lt>>::read(__r), &#name, &"tag",
                    )?;
                    let __none = ::zerowire::__private::NoView;
                    <Self as ::zerowire::__private::Tagged<#lt, Self, Self>>::read_tagged(__r, &__tag, &__none, &__none)
                }

                #[inline]
                fn encode(&self, __out: &mut ::zerowire::__private::Vec<u8>)
                    -> ::zerowire::__private::Result<(), ::zerowire::__private::Error>
                {
                    let __tag: #tag = match self { #(#own_tags,)* };
                    <#tag as ::zerowire::__private::Codec<#lt>>::encode(&__tag, __out)?;
                    let __none = ::zerowire::__private::NoView;
                    <Self as ::zerowire::__private::Tagged<#lt, Self, Self>>::encode_tagged(self, __out, &__tag, &__none, &__none)
                }
            }
        }
    }

    /// A variant's read expression (a value of `Self`, errors returned with `?`),
    /// the pattern that matches it with the block that writes its payload, and
    /// the bound its payload needs.
    fn payload(
        &self,
        v: &Variant<'_>,
        field: &Literal,
        p: &TokenStream,
        r: &TokenStream,
    ) -> (TokenStream, (TokenStream, TokenStream), Option<TokenStream>) {
        let (payload, ident) = (&v.payload, v.ident);
        let (lt, name) = (&self.lifetime, self.name());
        let endian = v.endian.as_ref().unwrap_or(&self.endian);
        let at = |inner: TokenStream| quote!(::zerowire::__private::at(#inner, &#name, &#field)?);
        match payload {
            Payload::Unit => (
                quote!(Self::#ident),
                (quote!(Self::#ident), quote!({})),
                None,
            ),
            Payload::Raw => (
                quote!(Self::#ident { tag: *__tag, body: __r.rest() }),
                (
                    quote!(Self::#ident { tag, body }),
                    quote!({
                        __out.extend_from_slice(body);
                    }),
                ),
                None,
            ),
            Payload::Newtype(ty) => {
                let (read, write, bound) = match shape_of(ty) {
                    Shape::Scalar(_) => (
                        at(
                            quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::read_endian(__r, #endian)),
                        ),
                        quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::encode_endian(__v, __out, #endian)),
                        None,
                    ),
                    Shape::Bytes => (
                        quote!(__r.rest()),
                        quote!({
                            __out.extend_from_slice(__v);
                            ::zerowire::__private::Ok(())
                        }),
                        None,
                    ),
                    Shape::Str => (
                        at(quote!(::zerowire::__private::text(__r, |__r| {
                            ::zerowire::__private::Ok(__r.rest())
                        }))),
                        quote!({
                            __out.extend_from_slice(__v.as_bytes());
                            ::zerowire::__private::Ok(())
                        }),
                        None,
                    ),
                    // With arguments (constants of the variant's own).
                    _ if !v.args.is_empty() => {
                        let names = v.args.iter().map(|(n, _)| n);
                        let exprs = v.args.iter().map(|(_, e)| &e.tokens);
                        let args = quote!({
                            <#ty as ::zerowire::__private::HasArgs>::args() #(.#names(#exprs))*
                        });
                        (
                            at(
                                quote!(<#ty as ::zerowire::__private::CodecWith<#lt, #p, #r>>::read_with(__r, &#args, __parent, __root)),
                            ),
                            quote!(<#ty as ::zerowire::__private::CodecWith<#lt, #p, #r>>::encode_with(__v, __out, &#args, __parent, __root)),
                            Some(
                                quote!(#ty: ::zerowire::__private::CodecWith<#lt, #p, #r> + ::zerowire::__private::HasArgs),
                            ),
                        )
                    }
                    _ => (
                        at(
                            quote!(<#ty as ::zerowire::__private::CodecIn<#lt, #p, #r>>::read_in(__r, __parent, __root)),
                        ),
                        quote!(<#ty as ::zerowire::__private::CodecIn<#lt, #p, #r>>::encode_in(__v, __out, __parent, __root)),
                        Some(quote!(#ty: ::zerowire::__private::CodecIn<#lt, #p, #r>)),
                    ),
                };
                let write = at(write);
                (
                    quote!(Self::#ident(#read)),
                    (quote!(Self::#ident(__v)), quote!({ #write; })),
                    bound,
                )
            }
        }
    }
}
