//! Tokens kept beside what syn parsed from them.
//!
//! The derive builds syn without its `printing` feature: printing is a large
//! part of syn's build, and it makes syn wait for quote, both on the path of
//! every user's first build. So each piece the derive writes back into
//! generated code (a type, a path, an expression) keeps the tokens it was
//! parsed from, spans and all.

use std::fmt;
use std::ops::Deref;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::buffer::Cursor;
use syn::parse::{Parse, ParseStream};

/// A parsed value and the tokens it was parsed from.
#[derive(Clone)]
pub(crate) struct Kept<T> {
    pub(crate) value: T,
    pub(crate) tokens: TokenStream,
}

impl<T> Kept<T> {
    /// Parses with `parser`, keeping the tokens it consumed.
    pub(crate) fn parse_with(
        input: ParseStream<'_>,
        parser: impl FnOnce(ParseStream<'_>) -> syn::Result<T>,
    ) -> syn::Result<Kept<T>> {
        let start = input.cursor();
        let value = parser(input)?;
        Ok(Kept {
            value,
            tokens: between(start, input.cursor()),
        })
    }

    /// The span of the first token, where an error about the value points.
    pub(crate) fn span(&self) -> Span {
        first_span(&self.tokens)
    }
}

impl<T: Parse> Parse for Kept<T> {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        Kept::parse_with(input, T::parse)
    }
}

impl<T> Deref for Kept<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> ToTokens for Kept<T> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.tokens.clone());
    }
}

/// The tokens from `start` up to `end`, a later cursor at the same depth.
fn between(start: Cursor<'_>, end: Cursor<'_>) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut cursor = start;
    while cursor != end {
        let Some((token, next)) = cursor.token_tree() else {
            break;
        };
        tokens.extend(Some(token));
        cursor = next;
    }
    tokens
}

/// The span of the first of `tokens`, or the call site when there is none.
pub(crate) fn first_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span())
}

/// Whether `token` is the punctuation `ch`.
pub(crate) fn is_punct(token: Option<&TokenTree>, ch: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

/// Whether `token` is the `-` of a `->`, whose `>` closes no angle bracket.
pub(crate) fn starts_arrow(token: Option<&TokenTree>) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == '-' && p.spacing() == Spacing::Joint)
}

/// Whether `tokens[i..]` starts with `::`.
pub(crate) fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && is_punct(tokens.get(i + 1), ':')
}

/// `<` or `>` when `tokens[i]` is an angle bracket (not the `>` of `->`).
pub(crate) fn angle(tokens: &[TokenTree], i: usize) -> Option<char> {
    let TokenTree::Punct(p) = tokens.get(i)? else {
        return None;
    };
    let arrow = p.as_char() == '>' && i > 0 && starts_arrow(tokens.get(i - 1));
    matches!(p.as_char(), '<' | '>')
        .then_some(p.as_char())
        .filter(|_| !arrow)
}

/// The index of the `>` that closes the `<` at `tokens[open]`; `None` when
/// `tokens[open]` is not a `<` or nothing closes it.
pub(crate) fn closing_angle(tokens: &[TokenTree], open: usize) -> Option<usize> {
    if angle(tokens, open) != Some('<') {
        return None;
    }
    let mut depth = 0usize;
    for i in open..tokens.len() {
        match angle(tokens, i) {
            Some('<') => depth += 1,
            Some('>') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A lifetime that prints itself (syn's prints only with `printing`).
#[derive(Clone)]
pub(crate) struct Lifetime {
    apostrophe: Span,
    pub(crate) ident: Ident,
}

impl Lifetime {
    /// `'name` at `span`; `name` is given with its apostrophe.
    pub(crate) fn new(name: &str, span: Span) -> Lifetime {
        Lifetime {
            apostrophe: span,
            ident: Ident::new(name.trim_start_matches('\''), span),
        }
    }
}

impl From<&syn::Lifetime> for Lifetime {
    fn from(lifetime: &syn::Lifetime) -> Lifetime {
        Lifetime {
            apostrophe: lifetime.apostrophe,
            ident: lifetime.ident.clone(),
        }
    }
}

impl PartialEq for Lifetime {
    fn eq(&self, other: &Lifetime) -> bool {
        self.ident == other.ident
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}", self.ident)
    }
}

impl ToTokens for Lifetime {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let mut apostrophe = Punct::new('\'', Spacing::Joint);
        apostrophe.set_span(self.apostrophe);
        tokens.extend([
            TokenTree::Punct(apostrophe),
            TokenTree::Ident(self.ident.clone()),
        ]);
    }
}

/// The first lifetime named in `tokens` (`'a` of `&'a str`), if any.
pub(crate) fn first_lifetime(tokens: TokenStream) -> Option<Lifetime> {
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                if let Some(TokenTree::Ident(ident)) = trees.peek() {
                    return Some(Lifetime {
                        apostrophe: p.span(),
                        ident: ident.clone(),
                    });
                }
            }
            TokenTree::Group(g) => {
                if let Some(found) = first_lifetime(g.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// A string literal at `span`.
pub(crate) fn lit_str(text: &str, span: Span) -> Literal {
    let mut literal = Literal::string(text);
    literal.set_span(span);
    literal
}

/// `::core::compile_error! { "message" }` spanning `start` to `end`, which is
/// how rustc underlines the whole of a mistake that spans several tokens.
pub(crate) fn compile_error(start: Span, end: Span, message: &str) -> TokenStream {
    let punct = |ch, spacing| {
        let mut punct = Punct::new(ch, spacing);
        punct.set_span(start);
        TokenTree::Punct(punct)
    };
    let mut body = Group::new(
        Delimiter::Brace,
        TokenTree::Literal(lit_str(message, end)).into(),
    );
    body.set_span(end);
    [
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        TokenTree::Ident(Ident::new("core", start)),
        punct(':', Spacing::Joint),
        punct(':', Spacing::Alone),
        TokenTree::Ident(Ident::new("compile_error", start)),
        punct('!', Spacing::Alone),
        TokenTree::Group(body),
    ]
    .into_iter()
    .collect()
}
