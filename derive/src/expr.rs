//! User expressions rewritten for generated code.
//!
//! Earlier fields are locals of the same name, so they need no rewriting; a
//! reference to a field not decoded yet is reported here. `parent.NAME` and
//! `root.NAME` become reads of the views passed down by the parent, keeping the
//! span of `NAME` so that an unknown name is reported where the user wrote it.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};

use crate::ast::Input;
use crate::attr::Expr;
use crate::ctxt::Ctxt;
use crate::sanitize;
use crate::tokens;

/// Where an expression stands: which fields it may read.
pub(crate) struct Env<'e> {
    pub(crate) input: &'e Input<'e>,
    /// The index of the field the expression belongs to; `None` for the
    /// struct's own `endian`, evaluated before any field.
    pub(crate) current: Option<usize>,
    /// Whether the expression is a `valid` check: `value` and the field itself are bound.
    pub(crate) has_value: bool,
    /// Whether it runs once per element of a repetition (`item_size`, `until`),
    /// whose errors get the field's name from the repetition, with the index.
    pub(crate) in_element: bool,
    /// Whether it runs per element of a `Vec` before the element is read
    /// (`args`, `item_size`): the field's own name is then the elements read
    /// before it, a slice.
    pub(crate) before: bool,
}

/// An expression ready to be emitted.
#[derive(Clone)]
pub(crate) struct Rewritten {
    pub(crate) tokens: TokenStream,
    pub(crate) span: Span,
    /// Its source text, for error messages (`valid`).
    pub(crate) text: String,
    /// It reads `parent.`/`root.` and so needs `__at` in scope.
    pub(crate) reads_context: bool,
    pub(crate) reads_root: bool,
    /// It is one bare earlier field, such as `len` in `#[size(len)]`.
    pub(crate) plain_field: Option<usize>,
    /// It reads `io` (the current reader), so it exists only while decoding.
    pub(crate) reads_io: bool,
    /// It has its own `?`, whose errors are placed at `__at`.
    pub(crate) places_errors: bool,
    /// The same expression with its arithmetic checked, when it has any: it
    /// evaluates to the value, or breaks out of the block labelled `'__zw`
    /// with `Err(Overflow)` (see [`Rewritten::checked_len`]).
    checked: Option<TokenStream>,
}

impl Rewritten {
    /// The expression as a `usize` length, as `Result<usize, Error>`: too large
    /// is `TooLarge` at `offset`, and overflowing arithmetic (`a * b` on values
    /// from the input) is `Overflow` at `offset`, never a wrap or a panic.
    pub(crate) fn checked_len(&self, offset: &TokenStream) -> TokenStream {
        match &self.checked {
            Some(checked) => {
                let text = &self.text;
                quote_spanned! {self.span=>
                    ::zerowire::__private::len_checked(
                        '__zw: { ::zerowire::__private::Ok(#checked) },
                        #text,
                        #offset,
                    )
                }
            }
            None => quote_spanned!(self.span=> ::zerowire::__private::len(#self, #offset)),
        }
    }
}

impl Rewritten {
    /// Whether the expression does arithmetic, checked when it is evaluated.
    pub(crate) fn is_checked(&self) -> bool {
        self.checked.is_some()
    }

    /// The expression's value, its arithmetic checked, as `Result<T, Error>`:
    /// an overflow is `Overflow` at `offset`. `None` when it does no arithmetic.
    pub(crate) fn checked_value(&self, offset: &TokenStream) -> Option<TokenStream> {
        let checked = self.checked.as_ref()?;
        let text = &self.text;
        Some(quote_spanned! {self.span=>
            ::zerowire::__private::checked(
                '__zw: { ::zerowire::__private::Ok(#checked) },
                #text,
                #offset,
            )
        })
    }

    /// The expression in parentheses, for an operand of a prefix operator
    /// (`&`, `!`, `-`): rustc does not keep the invisible group of
    /// `to_tokens` whole there, so `&` of `kind & 3` would bind to `kind`.
    pub(crate) fn operand(&self) -> TokenStream {
        let mut group = Group::new(Delimiter::Parenthesis, self.tokens.clone());
        group.set_span(self.span);
        TokenTree::Group(group).into()
    }
}

impl ToTokens for Rewritten {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        // An invisible group keeps the user's precedence inside generated code
        // without tripping `unused_parens` on the user's span (but see
        // `operand` for prefix operators).
        let mut group = Group::new(Delimiter::None, self.tokens.clone());
        group.set_span(self.span);
        tokens.extend(Some(TokenTree::Group(group)));
    }
}

pub(crate) fn rewrite(cx: &Ctxt, env: &Env<'_>, expr: &Expr) -> Rewritten {
    let mut walker = Walker {
        cx,
        env,
        reads_context: false,
        reads_root: false,
        reads_io: false,
        in_closure: false,
        places_errors: false,
    };
    let tokens = walker.walk(expr.tokens.clone());
    // The checked form is walked again with its errors dropped: the first
    // walk reported them already.
    let checked = checked_arithmetic(&expr.tokens).map(|arith| {
        Walker {
            cx: &Ctxt::default(),
            env,
            reads_context: false,
            reads_root: false,
            reads_io: false,
            in_closure: false,
            places_errors: false,
        }
        .walk(arith)
    });
    let plain_field = match &expr.tokens.clone().into_iter().collect::<Vec<_>>()[..] {
        [TokenTree::Ident(ident)] => env.input.field_index(&ident.to_string()),
        _ => None,
    };
    Rewritten {
        tokens,
        span: expr.span,
        text: expr.tokens.to_string(),
        reads_context: walker.reads_context,
        reads_root: walker.reads_root,
        plain_field,
        reads_io: walker.reads_io,
        places_errors: walker.places_errors,
        checked,
    }
}

/// The expression of a method (a computed or positioned value), which reads
/// the fields as locals and so needs no rewriting; its arithmetic is checked.
pub(crate) fn local(tokens: &TokenStream) -> Rewritten {
    let span = tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    Rewritten {
        tokens: tokens.clone(),
        span,
        text: tokens.to_string(),
        reads_context: false,
        reads_root: false,
        plain_field: None,
        reads_io: false,
        places_errors: false,
        checked: checked_arithmetic(tokens),
    }
}

/// `tokens` with each arithmetic operator (`+ - * / % << >>`) replaced by its
/// checked form, or `None` when there is none (or the expression is beyond
/// what this reads: a closure, a block, a range).
fn checked_arithmetic(tokens: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut checker = Checker { found: false };
    let checked = checker.expr(&tokens)?;
    checker.found.then_some(checked)
}

/// A binary operator: how tightly it binds, and its checked form, if it has one.
#[derive(Clone, Copy)]
struct BinOp {
    precedence: u8,
    checked: Option<&'static str>,
}

/// Reads an expression as operands between binary operators, by Rust's
/// precedence, and writes it back with its arithmetic checked. Everything
/// else keeps its tokens, spans included.
struct Checker {
    found: bool,
}

impl Checker {
    fn expr(&mut self, tokens: &[TokenTree]) -> Option<TokenStream> {
        let (first, mut i) = self.operand(tokens, 0)?;
        let mut values = vec![first];
        let mut pending: Vec<(BinOp, TokenStream)> = Vec::new();
        while i < tokens.len() {
            let (op, len) = binary_op(tokens, i)?;
            let op_tokens: TokenStream = tokens[i..i + len].iter().cloned().collect();
            let (operand, next) = self.operand(tokens, i + len)?;
            while pending
                .last()
                .is_some_and(|(top, _)| top.precedence >= op.precedence)
            {
                self.reduce(&mut values, &mut pending);
            }
            pending.push((op, op_tokens));
            values.push(operand);
            i = next;
        }
        while !pending.is_empty() {
            self.reduce(&mut values, &mut pending);
        }
        values.pop()
    }

    /// Applies the last pending operator to the last two values.
    fn reduce(&mut self, values: &mut Vec<TokenStream>, pending: &mut Vec<(BinOp, TokenStream)>) {
        let (Some((op, op_tokens)), Some(right), Some(left)) =
            (pending.pop(), values.pop(), values.pop())
        else {
            return;
        };
        let Some(method) = op.checked else {
            values.push(quote!(#left #op_tokens #right));
            return;
        };
        self.found = true;
        let class = if matches!(method, "shl" | "shr") {
            "Shift"
        } else {
            "Arith"
        };
        let (class, method) = (
            Ident::new(class, Span::call_site()),
            Ident::new(method, Span::call_site()),
        );
        let checked = quote! {
            match ::zerowire::__private::#class::#method(#left, #right) {
                ::zerowire::__private::Some(__zw_value) => __zw_value,
                ::zerowire::__private::None => break '__zw ::zerowire::__private::Err(::zerowire::__private::Overflow),
            }
        };
        values.push(TokenTree::Group(Group::new(Delimiter::None, checked)).into());
    }

    /// One operand from `tokens[i]`: prefix operators, a literal, path or
    /// parenthesized expression, then calls, fields, indexes, `?` and `as`.
    /// Returns it with the index after it.
    fn operand(&mut self, tokens: &[TokenTree], mut i: usize) -> Option<(TokenStream, usize)> {
        let mut out = TokenStream::new();
        while let Some(TokenTree::Punct(p)) = tokens.get(i) {
            if !matches!(p.as_char(), '-' | '!' | '*' | '&') {
                break;
            }
            out.extend(Some(tokens[i].clone()));
            i += 1;
            if p.as_char() == '&'
                && matches!(tokens.get(i), Some(TokenTree::Ident(m)) if m == "mut")
            {
                out.extend(Some(tokens[i].clone()));
                i += 1;
            }
        }
        match tokens.get(i)? {
            TokenTree::Literal(_) => {
                out.extend(Some(tokens[i].clone()));
                i += 1;
            }
            TokenTree::Group(group)
                if matches!(group.delimiter(), Delimiter::Parenthesis | Delimiter::None) =>
            {
                out.extend(Some(self.group(group)?));
                i += 1;
            }
            TokenTree::Ident(ident) if is_keyword(ident) => return None,
            TokenTree::Ident(_) | TokenTree::Punct(_) => i = path(tokens, i, &mut out)?,
            TokenTree::Group(_) => return None,
        }
        loop {
            match tokens.get(i) {
                Some(TokenTree::Punct(p))
                    if p.as_char() == '.' && p.spacing() == Spacing::Alone =>
                {
                    out.extend(Some(tokens[i].clone()));
                    match tokens.get(i + 1)? {
                        TokenTree::Ident(_) => {
                            out.extend(Some(tokens[i + 1].clone()));
                            i += 2;
                            if tokens::is_path_sep(tokens, i) {
                                out.extend(tokens[i..i + 2].iter().cloned());
                                i = angle_args(tokens, i + 2, &mut out)?;
                            }
                        }
                        TokenTree::Literal(_) => {
                            out.extend(Some(tokens[i + 1].clone()));
                            i += 2;
                        }
                        _ => return None,
                    }
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                    out.extend(Some(self.arguments(group)?));
                    i += 1;
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => {
                    out.extend(Some(tokens[i].clone()));
                    i += 1;
                }
                Some(TokenTree::Punct(p)) if p.as_char() == '?' => {
                    out.extend(Some(tokens[i].clone()));
                    i += 1;
                }
                // A macro call: `name!(...)`.
                Some(TokenTree::Punct(p))
                    if p.as_char() == '!'
                        && p.spacing() == Spacing::Alone
                        && matches!(tokens.get(i + 1), Some(TokenTree::Group(_))) =>
                {
                    out.extend(tokens[i..i + 2].iter().cloned());
                    i += 2;
                }
                Some(TokenTree::Ident(ident)) if ident == "as" => {
                    out.extend(Some(tokens[i].clone()));
                    i = path(tokens, i + 1, &mut out)?;
                }
                _ => return Some((out, i)),
            }
        }
    }

    /// A parenthesized (or invisible) group with its inside checked.
    fn group(&mut self, group: &Group) -> Option<TokenTree> {
        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
        let stream = if inner.is_empty() {
            TokenStream::new()
        } else {
            self.expr(&inner)?
        };
        // A new group at the call site, as the checked form is the derive's:
        // the user's span would make rustc report `unused_parens` on the
        // user's parentheses, now a function's argument.
        Some(TokenTree::Group(Group::new(group.delimiter(), stream)))
    }

    /// The arguments of a call, each checked.
    fn arguments(&mut self, group: &Group) -> Option<TokenTree> {
        let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
        let mut stream = TokenStream::new();
        for (n, argument) in tokens
            .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .enumerate()
        {
            if n > 0 {
                stream.extend(quote!(,));
            }
            if !argument.is_empty() {
                stream.extend(self.expr(argument)?);
            }
        }
        Some(TokenTree::Group(Group::new(Delimiter::Parenthesis, stream)))
    }
}

/// Words that start expressions this does not read and that an operator
/// could follow (`move |x| ...`, `return -1`). A word followed by a block
/// needs no entry: the block ends the reading.
fn is_keyword(ident: &Ident) -> bool {
    [
        "if", "match", "loop", "while", "for", "return", "break", "continue", "let", "move", "as",
        "in",
    ]
    .iter()
    .any(|k| ident == k)
}

/// A path (`a`, `::a::b`, `a::<T>::b`, `u32`) from `tokens[i]` into `out`;
/// returns the index after it.
fn path(tokens: &[TokenTree], mut i: usize, out: &mut TokenStream) -> Option<usize> {
    if tokens::is_path_sep(tokens, i) {
        out.extend(tokens[i..i + 2].iter().cloned());
        i += 2;
    }
    let TokenTree::Ident(_) = tokens.get(i)? else {
        return None;
    };
    out.extend(Some(tokens[i].clone()));
    i += 1;
    while tokens::is_path_sep(tokens, i) {
        out.extend(tokens[i..i + 2].iter().cloned());
        i += 2;
        match tokens.get(i)? {
            TokenTree::Ident(_) => {
                out.extend(Some(tokens[i].clone()));
                i += 1;
            }
            _ => i = angle_args(tokens, i, out)?,
        }
    }
    Some(i)
}

/// `<...>` from `tokens[i]`, nested brackets included, into `out`; returns
/// the index after it.
fn angle_args(tokens: &[TokenTree], i: usize, out: &mut TokenStream) -> Option<usize> {
    let close = tokens::closing_angle(tokens, i)?;
    out.extend(tokens.get(i..=close)?.iter().cloned());
    Some(close + 1)
}

/// The binary operator at `tokens[i]` and how many tokens it takes.
/// Assignments and ranges are `None`.
fn binary_op(tokens: &[TokenTree], i: usize) -> Option<(BinOp, usize)> {
    let TokenTree::Punct(first) = tokens.get(i)? else {
        return None;
    };
    let second = match tokens.get(i + 1) {
        Some(TokenTree::Punct(p)) if first.spacing() == Spacing::Joint => Some(p),
        _ => None,
    };
    let third_is_eq = second.is_some_and(|p| p.spacing() == Spacing::Joint)
        && matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == '=');
    let op = |precedence, checked| BinOp {
        precedence,
        checked,
    };
    let pair = (first.as_char(), second.map(Punct::as_char));
    Some(match pair {
        ('<', Some('<')) if !third_is_eq => (op(8, Some("shl")), 2),
        ('>', Some('>')) if !third_is_eq => (op(8, Some("shr")), 2),
        ('<' | '>' | '=' | '!', Some('=')) => (op(4, None), 2),
        ('&', Some('&')) => (op(3, None), 2),
        ('|', Some('|')) => (op(2, None), 2),
        (_, Some('=' | '.' | '<' | '>')) | ('=' | '.', _) => return None,
        ('*', _) => (op(10, Some("mul")), 1),
        ('/', _) => (op(10, Some("div")), 1),
        ('%', _) => (op(10, Some("rem")), 1),
        ('+', _) => (op(9, Some("add")), 1),
        ('-', _) => (op(9, Some("sub")), 1),
        ('&', _) => (op(7, None), 1),
        ('^', _) => (op(6, None), 1),
        ('|', _) => (op(5, None), 1),
        ('<' | '>', _) => (op(4, None), 1),
        _ => return None,
    })
}

struct Walker<'w> {
    cx: &'w Ctxt,
    env: &'w Env<'w>,
    reads_context: bool,
    reads_root: bool,
    reads_io: bool,
    /// Inside a closure of the expression, whose `?`s return from it.
    in_closure: bool,
    places_errors: bool,
}

/// Whether a token after `prev` starts an operand (a `|` there opens a
/// closure, not a bitwise or): at the start, or after an operator, a comma or
/// a keyword such as `move`.
fn starts_operand(prev: Option<&TokenTree>) -> bool {
    match prev {
        None => true,
        Some(TokenTree::Punct(p)) => p.as_char() != '?',
        Some(TokenTree::Ident(ident)) => is_keyword(ident),
        _ => false,
    }
}

impl Walker<'_> {
    fn walk(&mut self, tokens: TokenStream) -> TokenStream {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let outer_closure = self.in_closure;
        let mut out = TokenStream::new();
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            // After `.` or `::` (not the `:` of `Struct { field: value }`), an
            // identifier is a member or a path segment, not a field.
            let follows_path = i > 0
                && (tokens::is_punct(tokens.get(i - 1), '.')
                    || i > 1
                        && tokens::is_punct(tokens.get(i - 1), ':')
                        && tokens::is_punct(tokens.get(i - 2), ':'));
            match token {
                TokenTree::Ident(ident)
                    if !follows_path
                        && (ident == "parent" || ident == "root" || ident == "args") =>
                {
                    match (tokens::is_punct(tokens.get(i + 1), '.'), tokens.get(i + 2)) {
                        (true, Some(TokenTree::Ident(name))) => {
                            out.extend(self.context(ident, name.clone()));
                            i += 3;
                            continue;
                        }
                        (true, Some(TokenTree::Literal(index))) => {
                            let field = Ident::new(&format!("_{index}"), index.span());
                            out.extend(self.context(ident, field));
                            i += 3;
                            continue;
                        }
                        _ => out.extend(Some(token.clone())),
                    }
                }
                // `io.`: the reader of the current window (decode only).
                TokenTree::Ident(ident)
                    if !follows_path
                        && ident == "io"
                        && tokens::is_punct(tokens.get(i + 1), '.') =>
                {
                    self.reads_io = true;
                    let mut reader = sanitize::reader();
                    reader.set_span(ident.span());
                    out.extend(Some(TokenTree::Ident(reader)));
                }
                TokenTree::Ident(ident)
                    if !follows_path && !tokens::is_punct(tokens.get(i + 1), ':') =>
                {
                    self.check_order(ident);
                    out.extend(Some(token.clone()));
                }
                TokenTree::Group(group) => {
                    let mut inner = Group::new(group.delimiter(), self.walk(group.stream()));
                    inner.set_span(group.span());
                    out.extend(Some(TokenTree::Group(inner)));
                }
                // A closure runs to the end of its level: its `?`s are its own.
                TokenTree::Punct(p)
                    if p.as_char() == '|'
                        && starts_operand(tokens.get(i.wrapping_sub(1)).filter(|_| i > 0)) =>
                {
                    self.in_closure = true;
                    out.extend(Some(token.clone()));
                }
                // The expression's own `?` (on a `Result<_, Error>`): an error
                // a helper made without knowing where is placed at the field.
                TokenTree::Punct(p) if p.as_char() == '?' && !self.in_closure => {
                    self.places_errors = true;
                    out.extend(self.placed(p.span()));
                    out.extend(Some(token.clone()));
                }
                _ => out.extend(Some(token.clone())),
            }
            i += 1;
        }
        self.in_closure = outer_closure;
        out
    }

    /// `.map_err(..)` placing an error of the expression at its field.
    fn placed(&self, span: Span) -> TokenStream {
        let at = sanitize::at();
        match self.env.current {
            // The struct's own byte order, chosen before any field: no field
            // to place it at.
            None => TokenStream::new(),
            Some(_) if self.env.in_element => {
                quote_spanned!(span=> .map_err(|__e| ::zerowire::__private::placed_in_element(__e, #at)))
            }
            Some(index) => {
                let (ty, field) = self.env.input.path_names(index);
                quote_spanned!(span=> .map_err(|__e| ::zerowire::__private::placed(__e, #at, &#ty, &#field)))
            }
        }
    }

    /// `parent.NAME` or `root.NAME` as a read of the matching view, `args.NAME`
    /// as a read of the arguments.
    fn context(&mut self, keyword: &Ident, name: Ident) -> TokenStream {
        if keyword == "args" {
            return self.argument(keyword, name);
        }
        let is_root = keyword == "root";
        if self.env.input.attrs.parents.is_empty() {
            let message = if is_root {
                "`root` needs a parent chain; declare this struct's parent with `#[zerowire(parent = Type)]`"
            } else {
                "`parent` needs a declared parent; add `#[zerowire(parent = Type)]` to this struct"
            };
            self.cx.error_spanned_by(keyword, message);
            return quote!(0usize);
        }
        self.reads_context = true;
        self.reads_root |= is_root;
        let view = if is_root {
            sanitize::root()
        } else {
            sanitize::parent()
        };
        let at = sanitize::at();
        let text = format!("{keyword}.{}", name.to_string().trim_start_matches('_'));
        let (ty, field) = match self.env.current {
            Some(index) => self.env.input.path_names(index),
            None => (self.env.input.ident.to_string(), "endian".to_owned()),
        };
        let span = keyword.span();
        // `NAME` keeps its own span: an unknown name is an error on it.
        let access = quote_spanned!(span=> #view.);
        let access = quote!(#access #name);
        let read = if self.env.in_element {
            quote_spanned!(span=> (*::zerowire::__private::ctx(#access, #text, #at)?))
        } else {
            quote_spanned! {span=>
                (*::zerowire::__private::at(
                    ::zerowire::__private::ctx(#access, #text, #at), &#ty, &#field
                )?)
            }
        };
        TokenStream::from(TokenTree::Group(Group::new(Delimiter::None, read)))
    }

    /// `args.NAME`: the argument the parent passed, or a `MissingArg` error.
    fn argument(&mut self, keyword: &Ident, name: Ident) -> TokenStream {
        if self.env.input.attrs.args.is_empty() {
            self.cx.error_spanned_by(
                keyword,
                "`args` needs declared arguments; add `#[zerowire(args(NAME: TYPE))]` to this struct",
            );
            return quote!(0usize);
        }
        self.reads_context = true;
        let (args, at) = (sanitize::args(), sanitize::at());
        let text = name.to_string();
        let (ty, field) = match self.env.current {
            Some(index) => self.env.input.path_names(index),
            None => (self.env.input.ident.to_string(), "endian".to_owned()),
        };
        let span = keyword.span();
        let access = quote_spanned!(span=> #args.);
        let access = quote!(#access #name);
        let read = if self.env.in_element {
            quote_spanned!(span=> (*::zerowire::__private::arg(#access.as_ref(), #text, #at)?))
        } else {
            quote_spanned! {span=>
                (*::zerowire::__private::at(
                    ::zerowire::__private::arg(#access.as_ref(), #text, #at), &#ty, &#field
                )?)
            }
        };
        TokenStream::from(TokenTree::Group(Group::new(Delimiter::None, read)))
    }

    /// Reports a field used before it is decoded.
    fn check_order(&self, ident: &Ident) {
        let name = ident.to_string();
        if self.env.has_value && name == "value" {
            return;
        }
        let Some(index) = self.env.input.field_index(&name) else {
            return;
        };
        let Some(current_index) = self.env.current else {
            self.cx.error_spanned_by(
                ident,
                format_args!("the struct's `endian` is chosen before any field is decoded, so it cannot use `{name}`; use `parent.` or `root.` fields"),
            );
            return;
        };
        // A `valid` check runs after its own field is decoded, an element's
        // arguments with the elements before it.
        if (self.env.has_value || self.env.before) && index == current_index {
            return;
        }
        // Past the last field (a positioned value): every field is decoded.
        let Some(current) = self.env.input.fields.get(current_index).map(|f| &f.name) else {
            return;
        };
        if index == current_index {
            self.cx.error_spanned_by(
                ident,
                format_args!("`{name}` is the field being decoded; an expression can use only the fields before it"),
            );
        } else if index > current_index {
            self.cx.error_spanned_by(
                ident,
                format_args!("`{name}` is decoded after `{current}`; an expression can use only the fields before it, so move `{name}` up"),
            );
        }
    }
}

impl Input<'_> {
    /// The type and field names that errors of field `index` carry.
    pub(crate) fn path_names(&self, index: usize) -> (String, String) {
        // Past the fields: a positioned value's expressions.
        let field = self
            .fields
            .get(index)
            .or_else(|| self.positioned.get(index.saturating_sub(self.fields.len())));
        (
            self.ident.to_string(),
            field.map(|f| f.name.clone()).unwrap_or_default(),
        )
    }
}
