//! The item under the derive, parsed with syn's parse buffers and `syntax`,
//! keeping the tokens of every piece that generated code repeats (see `tokens`).

use std::rc::Rc;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{token, Token};

use crate::ast::Ty;
use crate::syntax::{self, comma_separated, Attribute, GenericParam, Visibility, WhereClause};
use crate::tokens::{Kept, Lifetime};

pub(crate) struct DeriveInput {
    pub(crate) attrs: Vec<Kept<Attribute>>,
    pub(crate) vis: Kept<Visibility>,
    pub(crate) ident: Ident,
    pub(crate) generics: Generics,
    pub(crate) data: Data,
}

pub(crate) struct Generics {
    pub(crate) params: Vec<Kept<GenericParam>>,
    pub(crate) where_clause: Option<Kept<WhereClause>>,
}

pub(crate) enum Data {
    Struct(Fields),
    Enum(Vec<Variant>),
    /// A union, with the span of its keyword.
    Union(Span),
}

pub(crate) enum Fields {
    /// `{ a: A, b: B }`, with the span of the braces.
    Named(Vec<Field>, Span),
    /// `(A, B)`, with the span of the parentheses.
    Unnamed(Vec<Field>, Span),
    Unit,
}

pub(crate) struct Field {
    pub(crate) attrs: Vec<Kept<Attribute>>,
    pub(crate) vis: Kept<Visibility>,
    pub(crate) ident: Option<Ident>,
    pub(crate) ty: Ty,
}

pub(crate) struct Variant {
    pub(crate) attrs: Vec<Kept<Attribute>>,
    pub(crate) ident: Ident,
    pub(crate) fields: Fields,
    /// The tokens after `=`.
    pub(crate) discriminant: Option<TokenStream>,
}

impl Fields {
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Field> {
        match self {
            Fields::Named(fields, _) | Fields::Unnamed(fields, _) => fields.iter(),
            Fields::Unit => [].iter(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.iter().len()
    }
}

impl Generics {
    /// The lifetime parameters, in order.
    pub(crate) fn lifetimes(&self) -> impl Iterator<Item = Lifetime> + '_ {
        self.params.iter().filter_map(|p| match &p.value {
            GenericParam::Lifetime(lifetime) => Some(lifetime.clone()),
            _ => None,
        })
    }

    /// The parameters as declared, comma-separated, for `impl<...>`.
    pub(crate) fn declared(&self) -> TokenStream {
        let params = &self.params;
        quote!(#(#params),*)
    }

    /// The parameters as the type takes them (`<'a, T, N>`), or nothing.
    pub(crate) fn as_arguments(&self) -> TokenStream {
        if self.params.is_empty() {
            return TokenStream::new();
        }
        let names = self.params.iter().map(|p| match &p.value {
            GenericParam::Lifetime(lifetime) => lifetime.into_token_stream(),
            GenericParam::Type(ident) | GenericParam::Const(ident) => ident.to_token_stream(),
        });
        quote!(<#(#names),*>)
    }
}

impl Parse for DeriveInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = outer_attrs(input)?;
        let vis = input.parse()?;
        let lookahead = input.lookahead1();
        let kind = if lookahead.peek(Token![struct]) {
            input.parse::<Token![struct]>()?;
            Kind::Struct
        } else if lookahead.peek(Token![enum]) {
            input.parse::<Token![enum]>()?;
            Kind::Enum
        } else if lookahead.peek(Token![union]) {
            Kind::Union(input.parse::<Token![union]>()?.span)
        } else {
            return Err(lookahead.error());
        };
        let ident = input.parse()?;
        let params = generic_params(input)?;
        let mut where_clause = where_clause(input)?;
        let data = match kind {
            Kind::Enum => {
                let content;
                syn::braced!(content in input);
                Data::Enum(comma_separated(&content, Variant::parse)?)
            }
            Kind::Union(span) => {
                // The derive reports unions; their fields are not needed.
                input.parse::<TokenStream>()?;
                Data::Union(span)
            }
            Kind::Struct if where_clause.is_none() && input.peek(token::Paren) => {
                let fields = unnamed_fields(input)?;
                where_clause = self::where_clause(input)?;
                input.parse::<Token![;]>()?;
                Data::Struct(fields)
            }
            Kind::Struct if input.peek(token::Brace) => Data::Struct(named_fields(input)?),
            Kind::Struct => {
                input.parse::<Token![;]>()?;
                Data::Struct(Fields::Unit)
            }
        };
        Ok(DeriveInput {
            attrs,
            vis,
            ident,
            generics: Generics {
                params,
                where_clause,
            },
            data,
        })
    }
}

enum Kind {
    Struct,
    Enum,
    Union(Span),
}

/// The outer attributes, each `#[...]` with its tokens.
fn outer_attrs(input: ParseStream<'_>) -> syn::Result<Vec<Kept<Attribute>>> {
    let mut attrs = Vec::new();
    while input.peek(Token![#]) {
        attrs.push(Kept::parse_with(input, Attribute::parse_outer)?);
    }
    Ok(attrs)
}

/// `<...>` after the name, if any.
fn generic_params(input: ParseStream<'_>) -> syn::Result<Vec<Kept<GenericParam>>> {
    let mut params = Vec::new();
    if !input.peek(Token![<]) {
        return Ok(params);
    }
    input.parse::<Token![<]>()?;
    while !input.peek(Token![>]) {
        params.push(input.parse()?);
        if input.peek(Token![>]) {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    input.parse::<Token![>]>()?;
    Ok(params)
}

fn where_clause(input: ParseStream<'_>) -> syn::Result<Option<Kept<WhereClause>>> {
    if input.peek(Token![where]) {
        input.parse().map(Some)
    } else {
        Ok(None)
    }
}

fn named_fields(input: ParseStream<'_>) -> syn::Result<Fields> {
    let content;
    let braces = syn::braced!(content in input);
    let fields = comma_separated(&content, |input| field(input, true))?;
    Ok(Fields::Named(fields, braces.span.join()))
}

fn unnamed_fields(input: ParseStream<'_>) -> syn::Result<Fields> {
    let content;
    let parens = syn::parenthesized!(content in input);
    let fields = comma_separated(&content, |input| field(input, false))?;
    Ok(Fields::Unnamed(fields, parens.span.join()))
}

/// One field: attributes, visibility, `name:` when `named`, and its type.
fn field(input: ParseStream<'_>, named: bool) -> syn::Result<Field> {
    let attrs = outer_attrs(input)?;
    let vis = input.parse()?;
    let ident = if named {
        let ident = input.parse()?;
        input.parse::<Token![:]>()?;
        Some(ident)
    } else {
        None
    };
    Ok(Field {
        attrs,
        vis,
        ident,
        ty: Rc::new(input.parse()?),
    })
}

impl Parse for Variant {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = outer_attrs(input)?;
        input.parse::<Visibility>()?;
        let ident = input.parse()?;
        let fields = if input.peek(token::Brace) {
            named_fields(input)?
        } else if input.peek(token::Paren) {
            unnamed_fields(input)?
        } else {
            Fields::Unit
        };
        let discriminant = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            // Up to the comma that ends the variant; rustc checks the value.
            Some(syntax::expr(input)?)
        } else {
            None
        };
        Ok(Variant {
            attrs,
            ident,
            fields,
            discriminant,
        })
    }
}
