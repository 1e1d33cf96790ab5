//! The Rust syntax the derive reads beyond tokens: types, attributes,
//! visibility, generic parameters and where clauses, each parsed from token
//! trees into just what the derive asks of it.
//!
//! syn's `derive` feature parses all of these, and roughly doubles syn's
//! build, which sits on the path of every user's first build. rustc has
//! already parsed the item before the derive sees it, so these parsers can
//! rely on it being valid Rust: they find where each piece ends and its
//! outline, and keep the rest as tokens (`tokens::Kept`).

use std::rc::Rc;

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::Token;

use crate::ast::Ty;
use crate::tokens::{self, Kept, Lifetime};

/// A type, as far as the derive looks into it.
pub(crate) enum Type {
    /// `a::b::C<T>`; `qself` for `<T as Trait>::C`, whose segments are not kept.
    Path(TypePath),
    /// `&'a mut T`.
    Reference {
        lifetime: bool,
        mutable: bool,
        elem: Box<Type>,
    },
    /// `[T]`.
    Slice(Box<Type>),
    /// `[T; N]`, with `N` when it is an integer literal.
    Array { elem: Box<Type>, len: Option<usize> },
    /// `(A, B)`, or `()`.
    Tuple(Vec<Type>),
    /// `(T)`, with the tokens of `T`.
    Paren(Ty),
    /// An invisible group (a `$t:ty` of `macro_rules!`), with the tokens inside.
    Group(Ty),
    /// Function pointers, trait objects, `impl Trait`, `_`, `!`, raw pointers, macros.
    Other,
}

pub(crate) struct TypePath {
    pub(crate) qself: bool,
    pub(crate) leading_colon: bool,
    pub(crate) segments: Vec<Segment>,
}

pub(crate) struct Segment {
    pub(crate) ident: Ident,
    pub(crate) arguments: Arguments,
}

pub(crate) enum Arguments {
    None,
    /// `<'a, T, N>`.
    Angle(Vec<Argument>),
    /// `Fn(A) -> B`.
    Paren,
}

pub(crate) enum Argument {
    /// A type, with its tokens (`T` of `Vec<T>`).
    Type(Ty),
    Lifetime,
    /// A const argument or an associated type binding.
    Other,
}

impl Type {
    /// Whether the type is the plain path `name` (`u8`, `str`).
    pub(crate) fn is_ident(&self, name: &str) -> bool {
        self.plain_ident().is_some_and(|ident| ident == name)
    }

    /// The one identifier of a plain single-segment path (`u8`, `bool`).
    pub(crate) fn plain_ident(&self) -> Option<&Ident> {
        match self {
            Type::Path(p) if !p.qself && !p.leading_colon => match &p.segments[..] {
                [only] if matches!(only.arguments, Arguments::None) => Some(&only.ident),
                _ => None,
            },
            _ => None,
        }
    }

    /// The last segment of a plain path type (`List` of `zerowire::List<'a, T>`).
    pub(crate) fn last_segment(&self) -> Option<&Segment> {
        match self {
            Type::Path(p) if !p.qself => p.segments.last(),
            _ => None,
        }
    }

    /// Whether the type holds a reference without a lifetime (rustc reports it).
    pub(crate) fn has_elided_reference(&self) -> bool {
        match self {
            Type::Reference { lifetime, elem, .. } => !lifetime || elem.has_elided_reference(),
            Type::Path(p) => p.segments.iter().any(|s| match &s.arguments {
                Arguments::Angle(args) => args.iter().any(|a| match a {
                    Argument::Type(t) => t.value.has_elided_reference(),
                    _ => false,
                }),
                _ => false,
            }),
            Type::Slice(elem) | Type::Array { elem, .. } => elem.has_elided_reference(),
            Type::Paren(inner) | Type::Group(inner) => inner.value.has_elided_reference(),
            Type::Tuple(elems) => elems.iter().any(Type::has_elided_reference),
            Type::Other => false,
        }
    }

    /// The outline of a valid type written as `tokens`.
    fn from_tokens(tokens: &[TokenTree]) -> Type {
        match tokens {
            [TokenTree::Group(group)] => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                match group.delimiter() {
                    Delimiter::None => Type::Group(kept(&inner)),
                    Delimiter::Bracket => match &split(&inner, ';')[..] {
                        [elem, len] => Type::Array {
                            elem: Box::new(Type::from_tokens(elem)),
                            len: match &len[..] {
                                [TokenTree::Literal(n)] => {
                                    syn::LitInt::from(n.clone()).base10_parse().ok()
                                }
                                _ => None,
                            },
                        },
                        _ => Type::Slice(Box::new(Type::from_tokens(&inner))),
                    },
                    Delimiter::Parenthesis => {
                        let pieces = split(&inner, ',');
                        match &pieces[..] {
                            [] => Type::Tuple(Vec::new()),
                            [one] => Type::Paren(kept(one)),
                            // `(T,)` ends in an empty piece.
                            _ => Type::Tuple(
                                pieces
                                    .iter()
                                    .filter(|p| !p.is_empty())
                                    .map(|p| Type::from_tokens(p))
                                    .collect(),
                            ),
                        }
                    }
                    Delimiter::Brace => Type::Other,
                }
            }
            [TokenTree::Punct(amp), rest @ ..] if amp.as_char() == '&' => {
                let (lifetime, rest) = match rest {
                    [TokenTree::Punct(p), TokenTree::Ident(_), rest @ ..]
                        if p.as_char() == '\'' =>
                    {
                        (true, rest)
                    }
                    _ => (false, rest),
                };
                let (mutable, rest) = match rest {
                    [TokenTree::Ident(m), rest @ ..] if m == "mut" => (true, rest),
                    _ => (false, rest),
                };
                Type::Reference {
                    lifetime,
                    mutable,
                    elem: Box::new(Type::from_tokens(rest)),
                }
            }
            _ => type_path(tokens).map_or(Type::Other, Type::Path),
        }
    }
}

impl Parse for Type {
    /// The tokens up to a `,`, `=` or `;` outside any `<...>`.
    fn parse(input: ParseStream<'_>) -> syn::Result<Type> {
        let tokens = scan(input, Angles::All, |input| {
            at_separator(input) || input.peek(Token![=])
        })?;
        if tokens.is_empty() {
            return Err(input.error("expected a type"));
        }
        Ok(Type::from_tokens(&tokens))
    }
}

/// A path type's segments, or `None` for a type that is not a path.
fn type_path(tokens: &[TokenTree]) -> Option<TypePath> {
    if tokens::is_punct(tokens.first(), '<') {
        return Some(TypePath {
            qself: true,
            leading_colon: false,
            segments: Vec::new(),
        });
    }
    let leading_colon = tokens::is_path_sep(tokens, 0);
    let mut i = if leading_colon { 2 } else { 0 };
    let mut segments = Vec::new();
    loop {
        let TokenTree::Ident(ident) = tokens.get(i)? else {
            return None;
        };
        // Keywords that would otherwise read as a path: `fn(A) -> B`,
        // `dyn ::a::Trait`, `_`. The other keywords a type can start with
        // are followed by a token no path has (a literal, another keyword),
        // which ends the walk below in `None`.
        if matches!(ident.to_string().as_str(), "fn" | "dyn" | "impl" | "_") {
            return None;
        }
        i += 1;
        if tokens::is_path_sep(tokens, i) && tokens::is_punct(tokens.get(i + 2), '<') {
            i += 2;
        }
        let arguments = match tokens.get(i) {
            Some(TokenTree::Punct(p)) if p.as_char() == '<' => {
                let close = tokens::closing_angle(tokens, i)?;
                let arguments = split(&tokens[i + 1..close], ',')
                    .into_iter()
                    .filter(|piece| !piece.is_empty())
                    .map(|piece| argument(&piece))
                    .collect();
                i = close + 1;
                Arguments::Angle(arguments)
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                // `Fn(A) -> B`: the return type runs to the end.
                i = tokens.len();
                Arguments::Paren
            }
            _ => Arguments::None,
        };
        segments.push(Segment {
            ident: ident.clone(),
            arguments,
        });
        if i == tokens.len() {
            return Some(TypePath {
                qself: false,
                leading_colon,
                segments,
            });
        }
        if !tokens::is_path_sep(tokens, i) {
            // `Trait + Send`, a macro call: not a path type.
            return None;
        }
        i += 2;
    }
}

fn argument(tokens: &[TokenTree]) -> Argument {
    match tokens {
        [TokenTree::Punct(p), ..] if p.as_char() == '\'' => Argument::Lifetime,
        // A const argument: `3`, `-1`, `{ N + 1 }`.
        [TokenTree::Literal(_), ..] => Argument::Other,
        [TokenTree::Punct(p), ..] if p.as_char() == '-' => Argument::Other,
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => Argument::Other,
        // `Item = T` and `Item: Bound`, but not `a::B`.
        [TokenTree::Ident(_), TokenTree::Punct(p), ..]
            if p.as_char() == '=' || (p.as_char() == ':' && !tokens::is_path_sep(tokens, 1)) =>
        {
            Argument::Other
        }
        _ => Argument::Type(kept(tokens)),
    }
}

/// The type written as `tokens`, with them.
fn kept(tokens: &[TokenTree]) -> Ty {
    Rc::new(Kept {
        value: Type::from_tokens(tokens),
        tokens: tokens.iter().cloned().collect(),
    })
}

/// `tokens` split at each `separator` outside any `<...>`.
fn split(tokens: &[TokenTree], separator: char) -> Vec<Vec<TokenTree>> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut pieces = vec![Vec::new()];
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match (tokens::angle(tokens, i), token) {
            (Some('<'), _) => depth += 1,
            (Some('>'), _) => depth = depth.saturating_sub(1),
            (_, TokenTree::Punct(p)) if p.as_char() == separator && depth == 0 => {
                pieces.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(token.clone());
        }
    }
    pieces
}

/// Which `<` count as brackets, inside which a separator does not end the tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Angles {
    /// Every `<` (in a type, generics or a where clause).
    All,
    /// Only a turbofish `::<`, since in an expression `<` is usually a comparison.
    Turbofish,
}

/// The tokens up to where `at_end` holds outside any brackets that `angles`
/// counts (the `>` of `->` closes none); what ends them is left in `input`.
fn scan(
    input: ParseStream<'_>,
    angles: Angles,
    at_end: impl Fn(ParseStream<'_>) -> bool,
) -> syn::Result<Vec<TokenTree>> {
    let mut tokens: Vec<TokenTree> = Vec::new();
    let mut depth = 0usize;
    while !input.is_empty() {
        let arrow = tokens::starts_arrow(tokens.last());
        if depth == 0 && !arrow && at_end(input) {
            break;
        }
        let token: TokenTree = input.parse()?;
        if let TokenTree::Punct(p) = &token {
            let turbofish = tokens.len() >= 2 && tokens::is_path_sep(&tokens, tokens.len() - 2);
            match p.as_char() {
                '<' if angles == Angles::All || turbofish => depth += 1,
                '>' if !arrow => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        tokens.push(token);
    }
    Ok(tokens)
}

fn at_separator(input: ParseStream<'_>) -> bool {
    input.peek(Token![,]) || input.peek(Token![;])
}

/// An expression up to the next top-level `,`: its tokens as written.
pub(crate) fn expr(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let tokens = scan(input, Angles::Turbofish, at_separator)?;
    if tokens.is_empty() {
        return Err(input.error("expected an expression"));
    }
    Ok(tokens.into_iter().collect())
}

/// `#[path ...]`: an attribute, with what the derive asks of it.
pub(crate) struct Attribute {
    pub(crate) pound: Span,
    /// The span of the brackets, `[` to `]`.
    pub(crate) brackets: Span,
    path: Path,
    meta: Meta,
}

enum Meta {
    /// `#[name]`.
    Path,
    /// `#[name(...)]`, with the tokens inside the delimiters.
    List(TokenStream),
    /// `#[name = ...]`.
    NameValue,
}

impl Attribute {
    /// `#` and the bracketed group after it.
    pub(crate) fn parse_outer(input: ParseStream<'_>) -> syn::Result<Attribute> {
        let pound = input.parse::<Token![#]>()?.span;
        let content;
        let brackets = syn::bracketed!(content in input).span.join();
        let path: Path = content.parse()?;
        let meta = if content.is_empty() {
            Meta::Path
        } else if content.peek(Token![=]) {
            content.parse::<TokenStream>()?;
            Meta::NameValue
        } else {
            match content.parse::<TokenTree>()? {
                TokenTree::Group(group) if content.is_empty() => Meta::List(group.stream()),
                other => {
                    return Err(syn::Error::new(
                        other.span(),
                        "expected `(`, `[`, `{` or `=`",
                    ))
                }
            }
        };
        Ok(Attribute {
            pound,
            brackets,
            path,
            meta,
        })
    }

    /// Whether the attribute is `#[name ...]`.
    pub(crate) fn is(&self, name: &str) -> bool {
        self.ident().is_some_and(|ident| ident == name)
    }

    /// The name of an attribute whose path is one identifier.
    pub(crate) fn ident(&self) -> Option<&Ident> {
        match &self.path.segments[..] {
            [only] if !self.path.leading_colon => Some(only),
            _ => None,
        }
    }

    /// Where an error about the attribute's keyword points.
    pub(crate) fn path_span(&self) -> Span {
        self.path.span()
    }

    /// The tokens of `#[name(...)]`, or `None` for another form.
    pub(crate) fn list(&self) -> Option<&TokenStream> {
        match &self.meta {
            Meta::List(tokens) => Some(tokens),
            _ => None,
        }
    }

    /// Whether the attribute is the bare `#[name]`.
    pub(crate) fn is_path_only(&self) -> bool {
        matches!(self.meta, Meta::Path)
    }

    /// The arguments of `#[name(...)]`, parsed with `parser`, all consumed.
    pub(crate) fn parse_args_with<P: Parser>(&self, parser: P) -> syn::Result<P::Output> {
        match self.list() {
            Some(tokens) => parser.parse2(tokens.clone()),
            None => Err(syn::Error::new(
                self.path_span(),
                format_args!(
                    "expected attribute arguments in parentheses: #[{}(...)]",
                    self.ident().map_or_else(String::new, Ident::to_string)
                ),
            )),
        }
    }

    pub(crate) fn parse_args<T: Parse>(&self) -> syn::Result<T> {
        self.parse_args_with(T::parse)
    }

    /// `#[name(key, key = value, key(...), ...)]`: `each` is called with each
    /// key and the input after it, and consumes the key's value.
    pub(crate) fn parse_nested(
        &self,
        mut each: impl FnMut(&Ident, ParseStream<'_>) -> syn::Result<()>,
    ) -> syn::Result<()> {
        self.parse_args_with(|input: ParseStream<'_>| {
            comma_separated(input, |input| {
                let key = input.call(Ident::parse_any)?;
                each(&key, input)
            })
            .map(drop)
        })
    }
}

/// Items of `parse` separated by commas, up to the end of `input`, with an
/// optional trailing comma.
pub(crate) fn comma_separated<T>(
    input: ParseStream<'_>,
    mut parse: impl FnMut(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(parse(input)?);
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(items)
}

/// The input after `=`, for a nested key's value.
pub(crate) fn value<'c>(input: ParseStream<'c>) -> syn::Result<ParseStream<'c>> {
    input.parse::<Token![=]>()?;
    Ok(input)
}

/// A path: `a::b::c`, maybe with a leading `::`.
pub(crate) struct Path {
    leading_colon: bool,
    segments: Vec<Ident>,
}

impl Path {
    /// Its first segment, where an error about it points.
    pub(crate) fn span(&self) -> Span {
        self.segments
            .first()
            .map_or_else(Span::call_site, Ident::span)
    }
}

impl Parse for Path {
    fn parse(input: ParseStream<'_>) -> syn::Result<Path> {
        let leading_colon = input.parse::<Option<Token![::]>>()?.is_some();
        let mut segments = vec![input.call(Ident::parse_any)?];
        while input.peek(Token![::]) {
            input.parse::<Token![::]>()?;
            segments.push(input.call(Ident::parse_any)?);
        }
        Ok(Path {
            leading_colon,
            segments,
        })
    }
}

/// `pub`, `pub(crate)`, `pub(in path)`, or nothing; only its tokens are used.
pub(crate) struct Visibility;

impl Parse for Visibility {
    fn parse(input: ParseStream<'_>) -> syn::Result<Visibility> {
        if input.parse::<Option<Token![pub]>>()?.is_none() {
            return Ok(Visibility);
        }
        // `pub(crate)`; not the tuple type of a field, `pub (u8, u16)`.
        let fork = input.fork();
        if let Ok(TokenTree::Group(group)) = fork.parse::<TokenTree>() {
            let restricted = group.delimiter() == Delimiter::Parenthesis
                && matches!(
                    group.stream().into_iter().next(),
                    Some(TokenTree::Ident(i)) if ["crate", "self", "super", "in"].iter().any(|k| i == k)
                );
            if restricted {
                input.parse::<TokenTree>()?;
            }
        }
        Ok(Visibility)
    }
}

/// One parameter of `<...>` after a type's name.
pub(crate) enum GenericParam {
    Lifetime(Lifetime),
    Type(Ident),
    Const(Ident),
}

impl Parse for GenericParam {
    /// The parameter up to the `,` or `>` that ends it, bounds and default included.
    fn parse(input: ParseStream<'_>) -> syn::Result<GenericParam> {
        while input.peek(Token![#]) {
            Attribute::parse_outer(input)?;
        }
        let param = if input.peek(syn::Lifetime) {
            GenericParam::Lifetime(Lifetime::from(&input.parse::<syn::Lifetime>()?))
        } else if input.peek(Token![const]) {
            input.parse::<Token![const]>()?;
            GenericParam::Const(input.parse()?)
        } else {
            GenericParam::Type(input.parse()?)
        };
        scan(input, Angles::All, |input| {
            input.peek(Token![,]) || input.peek(Token![>])
        })?;
        Ok(param)
    }
}

/// `where ...`, up to the body; only its tokens are used.
pub(crate) struct WhereClause;

impl Parse for WhereClause {
    fn parse(input: ParseStream<'_>) -> syn::Result<WhereClause> {
        input.parse::<Token![where]>()?;
        scan(input, Angles::All, |input| {
            input.peek(Token![;]) || input.peek(syn::token::Brace)
        })?;
        Ok(WhereClause)
    }
}
