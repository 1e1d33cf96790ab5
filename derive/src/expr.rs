//! User expressions rewritten for generated code.
//!
//! Earlier fields are locals of the same name, so they need no rewriting; a
//! reference to a field not decoded yet is reported here. `parent.NAME` and
//! `root.NAME` become reads of the views passed down by the parent, keeping the
//! span of `NAME` so that an unknown name is reported where the user wrote it.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};

use crate::ast::Input;
use crate::attr::Expr;
use crate::ctxt::Ctxt;
use crate::sanitize;

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

impl ToTokens for Rewritten {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        // An invisible group keeps the user's precedence inside generated code
        // without tripping `unused_parens` on the user's span.
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
        checked,
    }
}

/// `tokens` with each arithmetic operator (`+ - * / % << >>`) replaced by its
/// checked form, or `None` when there is none (or the expression is beyond
/// what syn parses without its `full` feature, such as a closure).
fn checked_arithmetic(tokens: &TokenStream) -> Option<TokenStream> {
    let expr: syn::Expr = syn::parse2(tokens.clone()).ok()?;
    let mut found = false;
    let checked = check_ops(&expr, &mut found);
    found.then_some(checked)
}

fn check_ops(expr: &syn::Expr, found: &mut bool) -> TokenStream {
    use syn::{BinOp, Expr};
    match expr {
        Expr::Binary(b) => {
            let (left, right) = (check_ops(&b.left, found), check_ops(&b.right, found));
            let method = match b.op {
                BinOp::Add(_) => "add",
                BinOp::Sub(_) => "sub",
                BinOp::Mul(_) => "mul",
                BinOp::Div(_) => "div",
                BinOp::Rem(_) => "rem",
                BinOp::Shl(_) => "shl",
                BinOp::Shr(_) => "shr",
                ref op => return quote!(#left #op #right),
            };
            *found = true;
            let method = Ident::new(method, Span::call_site());
            let checked = quote! {
                match ::zerowire::__private::Arith::#method(#left, #right) {
                    ::zerowire::__private::Some(__zw_value) => __zw_value,
                    ::zerowire::__private::None => break '__zw ::zerowire::__private::Err(::zerowire::__private::Overflow),
                }
            };
            TokenStream::from(TokenTree::Group(Group::new(Delimiter::None, checked)))
        }
        Expr::Paren(p) => {
            let inner = check_ops(&p.expr, found);
            quote!((#inner))
        }
        Expr::Group(g) => {
            let inner = check_ops(&g.expr, found);
            TokenStream::from(TokenTree::Group(Group::new(Delimiter::None, inner)))
        }
        Expr::Unary(u) => {
            let (op, inner) = (&u.op, check_ops(&u.expr, found));
            quote!(#op #inner)
        }
        Expr::Cast(c) => {
            let (inner, ty) = (check_ops(&c.expr, found), &c.ty);
            quote!(#inner as #ty)
        }
        Expr::Call(c) => {
            let func = &c.func;
            let args = c.args.iter().map(|a| check_ops(a, found));
            quote!(#func(#(#args),*))
        }
        Expr::MethodCall(m) => {
            let receiver = check_ops(&m.receiver, found);
            let (method, turbofish) = (&m.method, &m.turbofish);
            let args = m.args.iter().map(|a| check_ops(a, found));
            quote!(#receiver.#method #turbofish(#(#args),*))
        }
        other => other.to_token_stream(),
    }
}

struct Walker<'w> {
    cx: &'w Ctxt,
    env: &'w Env<'w>,
    reads_context: bool,
    reads_root: bool,
    reads_io: bool,
}

fn is_punct(token: Option<&TokenTree>, ch: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

impl Walker<'_> {
    fn walk(&mut self, tokens: TokenStream) -> TokenStream {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = TokenStream::new();
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            // After `.` or `::` an identifier is a member or a path segment, not a field.
            let follows_path =
                i > 0 && (is_punct(tokens.get(i - 1), '.') || is_punct(tokens.get(i - 1), ':'));
            match token {
                TokenTree::Ident(ident)
                    if !follows_path
                        && (ident == "parent" || ident == "root" || ident == "args") =>
                {
                    match (is_punct(tokens.get(i + 1), '.'), tokens.get(i + 2)) {
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
                    if !follows_path && ident == "io" && is_punct(tokens.get(i + 1), '.') =>
                {
                    self.reads_io = true;
                    let mut reader = sanitize::reader();
                    reader.set_span(ident.span());
                    out.extend(Some(TokenTree::Ident(reader)));
                }
                TokenTree::Ident(ident) if !follows_path && !is_punct(tokens.get(i + 1), ':') => {
                    self.check_order(ident);
                    out.extend(Some(token.clone()));
                }
                TokenTree::Group(group) => {
                    let mut inner = Group::new(group.delimiter(), self.walk(group.stream()));
                    inner.set_span(group.span());
                    out.extend(Some(TokenTree::Group(inner)));
                }
                _ => out.extend(Some(token.clone())),
            }
            i += 1;
        }
        out
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
        // A `valid` check runs after its own field is decoded.
        if self.env.has_value && index == current_index {
            return;
        }
        let current = &self.env.input.fields[current_index].name;
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
        (self.ident.to_string(), self.fields[index].name.clone())
    }
}
