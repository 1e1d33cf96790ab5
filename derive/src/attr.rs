//! Attributes into typed slots: one slot per keyword, duplicates reported at
//! the second occurrence.

use std::rc::Rc;

use proc_macro2::{Ident, Span, TokenStream};
use syn::{LitByteStr, LitStr};

use crate::ast::Ty;
use crate::ctxt::Ctxt;
use crate::syntax::{self, value, Attribute, Path};
use crate::tokens::{self, Kept};

// Field attributes.
pub(crate) const SIZE: &str = "size";
pub(crate) const COUNT: &str = "count";
pub(crate) const EOS: &str = "eos";
pub(crate) const SKIP_REST: &str = "skip_rest";
pub(crate) const IN_PARENT: &str = "in_parent";
pub(crate) const WHEN: &str = "when";
pub(crate) const MAGIC: &str = "magic";
pub(crate) const VALID: &str = "valid";
pub(crate) const ENDIAN: &str = "endian";
pub(crate) const PAD: &str = "pad";
pub(crate) const TERMINATOR: &str = "terminator";
pub(crate) const PAD_RIGHT: &str = "pad_right";
pub(crate) const UNTIL: &str = "until";
pub(crate) const ITEM_SIZE: &str = "item_size";
pub(crate) const ENCODING: &str = "encoding";
pub(crate) const PROCESS: &str = "process";
pub(crate) const BITS: &str = "bits";
pub(crate) const WITH: &str = "with";
pub(crate) const ARGS: &str = "args";
pub(crate) const READ_ONLY: &str = "read_only";

pub(crate) const TAG: &str = "tag";
pub(crate) const TAG_FROM: &str = "tag_from";
pub(crate) const INT: &str = "int";

/// Every field attribute (and `zerowire`, which is also the container's).
pub(crate) const FIELD_KEYWORDS: &[&str] = &[
    SIZE, COUNT, EOS, SKIP_REST, WHEN, MAGIC, VALID, ENDIAN, PAD, TERMINATOR, PAD_RIGHT, UNTIL,
    ITEM_SIZE, ENCODING, PROCESS, BITS, WITH, ARGS, TAG_FROM, AT, CALC, INT, IN_PARENT, ZEROWIRE,
];

// Container attributes, inside `#[zerowire(...)]`.
pub(crate) const ZEROWIRE: &str = "zerowire";
pub(crate) const PARENT: &str = "parent";
pub(crate) const REPR: &str = "repr";
pub(crate) const TAG_TYPE: &str = "tag_type";
pub(crate) const BIT_ORDER: &str = "bit_order";
pub(crate) const VALUE: &str = "value";
pub(crate) const POS: &str = "pos";
pub(crate) const OTHER: &str = "other";
pub(crate) const AT: &str = "at";
pub(crate) const CALC: &str = "calc";

/// An attribute's value with the span of its keyword, for errors that point at it.
pub(crate) struct Spanned<T> {
    pub(crate) span: Span,
    pub(crate) value: T,
}

/// A user expression as written, before `parent.`/`root.` are rewritten.
#[derive(Clone)]
pub(crate) struct Expr {
    pub(crate) tokens: TokenStream,
    pub(crate) span: Span,
}

/// `#[at(EXPR)]` (an offset in the input) or `#[at(EXPR, window)]` (in the
/// struct's window).
pub(crate) struct At {
    pub(crate) offset: Expr,
    pub(crate) in_window: bool,
}

/// `#[terminator(BYTE, include, consume = false, eos_error = false)]`.
pub(crate) struct Terminator {
    pub(crate) byte: TokenStream,
    pub(crate) include: bool,
    pub(crate) consume: bool,
    pub(crate) eos_error: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    Big,
    Little,
}

/// The `#[zerowire(...)]` attributes of the struct.
#[derive(Default)]
pub(crate) struct Container {
    pub(crate) endian: Option<Spanned<Endian>>,
    /// `endian = EXPR`: a byte order chosen at run time, before the first field.
    pub(crate) runtime_endian: Option<Expr>,
    pub(crate) parents: Vec<Ty>,
    pub(crate) magic: Option<Kept<LitByteStr>>,
    /// An enum's integer type (C-like enums).
    pub(crate) repr: Option<Spanned<Ty>>,
    /// A tagged enum that reads its own tag of this type.
    pub(crate) tag: Option<Spanned<Ty>>,
    /// A tagged enum whose tag, of this type, its parent passes (`tag_from`).
    pub(crate) tag_type: Option<Spanned<Ty>>,
    /// `value(NAME: TYPE = EXPR)`: computed values, as methods.
    pub(crate) values: Vec<Value>,
    /// `pos(NAME: TYPE = EXPR[, window])`: values read at a position, as methods.
    pub(crate) positioned: Vec<Positioned>,
    /// `args(NAME: TYPE, ...)`: arguments the parent passes.
    pub(crate) args: Vec<(Ident, Ty)>,
    /// `read_only = Name`: a twin of a `&mut` struct with `&[u8]` fields.
    pub(crate) read_only: Option<Ident>,
    /// `bit_order = "lsb"`: bit fields least significant bit first.
    pub(crate) lsb_bits: Option<Spanned<bool>>,
}

/// A value read on demand at an offset (Kaitai's `pos:` instance).
pub(crate) struct Positioned {
    pub(crate) value: Value,
    /// The offset counts from the current window's start, not the input's.
    pub(crate) in_window: bool,
    /// `io(EXPR)`: the `Input` it is read in (another struct's, such as
    /// `header.input`), instead of this struct's.
    pub(crate) io: Option<TokenStream>,
    /// `io(NAME: TYPE)`: the `Input` is the method's parameter NAME, which
    /// its caller passes (an input the struct does not keep, such as its root's field's).
    pub(crate) io_param: Option<(Ident, Ty)>,
    /// The field attributes of the value (`#[size(..)]`, `#[count(..)]`, ...).
    pub(crate) attrs: Vec<Kept<Attribute>>,
}

/// A computed value (Kaitai's `value:` instance).
pub(crate) struct Value {
    pub(crate) name: Ident,
    pub(crate) ty: Ty,
    pub(crate) expr: TokenStream,
    /// `value(NAME(PARAM: TYPE, ..): ..)`: the method's parameters (a root
    /// the struct cannot see, for one).
    pub(crate) params: Vec<(Ident, Ty)>,
}

/// The attributes of one field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) size: Option<Spanned<Expr>>,
    pub(crate) count: Option<Spanned<Expr>>,
    pub(crate) eos: Option<Spanned<()>>,
    /// `#[skip_rest]`: a nested struct may leave bytes of its `size` window.
    pub(crate) skip_rest: Option<Spanned<()>>,
    /// `#[in_parent]`: a nested value decoded inside this struct's parent, not
    /// inside this struct (Kaitai's `parent: _parent`).
    pub(crate) in_parent: Option<Spanned<()>>,
    pub(crate) when: Option<Spanned<Expr>>,
    pub(crate) magic: Option<Spanned<Kept<LitByteStr>>>,
    pub(crate) valid: Option<Spanned<Expr>>,
    pub(crate) endian: Option<Spanned<Endian>>,
    pub(crate) pad: Option<Spanned<Expr>>,
    pub(crate) terminator: Option<Spanned<Terminator>>,
    pub(crate) pad_right: Option<Spanned<Expr>>,
    pub(crate) until: Option<Spanned<Expr>>,
    pub(crate) tag_from: Option<Spanned<Expr>>,
    /// The byte size of each element of a repetition of bytes or text.
    pub(crate) item_size: Option<Spanned<Expr>>,
    /// `#[calc(EXPR)]`: not read, but computed from the fields before it.
    pub(crate) calc: Option<Spanned<Expr>>,
    /// `#[at(EXPR[, window])]`: read at an offset, the reader left where it was.
    pub(crate) at: Option<Spanned<At>>,
    /// `#[encoding("UTF-16LE")]`: a `String` in that encoding, as the runtime's `TextEncoding` variant.
    pub(crate) encoding: Option<Spanned<Ident>>,
    /// `#[process(xor(KEY))]`, `rol(N)`, `ror(N)`: a `::zerowire::__private::Process`.
    pub(crate) process: Option<Spanned<TokenStream>>,
    /// `#[bits(N)]`: a bit field of N bits.
    pub(crate) bits: Option<Spanned<u32>>,
    /// `#[bits(N, lsb)]` (or `msb`): the field's bit order, not the struct's.
    pub(crate) lsb_bits: Option<bool>,
    /// `#[with(PATH)]`: a module with `read` and `encode` for this field.
    pub(crate) with: Option<Spanned<Kept<Path>>>,
    /// `#[int(u16)]`: a C-like enum read and written as this integer type.
    pub(crate) int: Option<Spanned<Ty>>,
    /// `#[args(NAME = EXPR, ...)]`: arguments passed to the field's type.
    pub(crate) args: Option<Spanned<Vec<(Ident, Expr)>>>,
}

impl FieldAttrs {
    /// Whether this bit field reads least significant bit first: its own
    /// order (`#[bits(N, lsb)]`), else the struct's (`bit_order = "lsb"`).
    pub(crate) fn lsb_first(&self, container: &Container) -> bool {
        self.lsb_bits
            .unwrap_or_else(|| container.lsb_bits.as_ref().is_some_and(|b| b.value))
    }

    /// The length-giving attributes that are set, by keyword.
    /// The first attribute given among `keywords`, with its span.
    pub(crate) fn first_of(&self, keywords: &[&str]) -> Option<Span> {
        let given = [
            (SIZE, self.size.as_ref().map(|s| s.span)),
            (COUNT, self.count.as_ref().map(|s| s.span)),
            (EOS, self.eos.as_ref().map(|s| s.span)),
            (UNTIL, self.until.as_ref().map(|s| s.span)),
            (WHEN, self.when.as_ref().map(|s| s.span)),
            (ENDIAN, self.endian.as_ref().map(|s| s.span)),
            (TERMINATOR, self.terminator.as_ref().map(|s| s.span)),
            (BITS, self.bits.as_ref().map(|s| s.span)),
            (PROCESS, self.process.as_ref().map(|s| s.span)),
            (TAG_FROM, self.tag_from.as_ref().map(|s| s.span)),
            (PAD, self.pad.as_ref().map(|s| s.span)),
            (MAGIC, self.magic.as_ref().map(|s| s.span)),
            (WITH, self.with.as_ref().map(|s| s.span)),
            (INT, self.int.as_ref().map(|s| s.span)),
            (AT, self.at.as_ref().map(|s| s.span)),
            (ITEM_SIZE, self.item_size.as_ref().map(|s| s.span)),
            (ARGS, self.args.as_ref().map(|s| s.span)),
        ];
        given
            .into_iter()
            .find_map(|(k, span)| span.filter(|_| keywords.contains(&k)))
    }

    pub(crate) fn lengths(&self) -> impl Iterator<Item = (&'static str, Span)> + '_ {
        [
            self.size.as_ref().map(|s| (SIZE, s.span)),
            self.count.as_ref().map(|s| (COUNT, s.span)),
            self.eos.as_ref().map(|s| (EOS, s.span)),
            self.until.as_ref().map(|s| (UNTIL, s.span)),
        ]
        .into_iter()
        .flatten()
    }
}

/// Stores `value` in `slot`, or reports the duplicate at `span`.
fn set<T>(cx: &Ctxt, slot: &mut Option<Spanned<T>>, keyword: &str, span: Span, value: T) {
    if slot.is_some() {
        cx.error_at(
            span,
            format_args!("duplicate `{keyword}` attribute; keep one"),
        );
    } else {
        *slot = Some(Spanned { span, value });
    }
}

pub(crate) fn container(cx: &Ctxt, attrs: &[Kept<Attribute>]) -> Container {
    let mut out = Container::default();
    let mut magic: Option<Spanned<Kept<LitByteStr>>> = None;
    for attr in attrs.iter().filter(|a| a.is(ZEROWIRE)) {
        let parsed = attr.parse_nested(|key, input| {
            let span = key.span();
            if key == ENDIAN {
                let value = value(input)?;
                if !value.peek(LitStr) {
                    let tokens = syntax::expr(value)?;
                    let span = tokens::first_span(&tokens);
                    out.runtime_endian = Some(Expr { tokens, span });
                    return Ok(());
                }
                let lit: LitStr = value.parse()?;
                let endian = match lit.value().as_str() {
                    "big" => Endian::Big,
                    "little" => Endian::Little,
                    _ => {
                        cx.error_at(lit.span(), "`endian` is \"big\" or \"little\"");
                        return Ok(());
                    }
                };
                set(cx, &mut out.endian, ENDIAN, span, endian);
            } else if key == PARENT {
                out.parents.push(Rc::new(value(input)?.parse()?));
            } else if key == MAGIC {
                let lit = value(input)?.parse()?;
                set(cx, &mut magic, MAGIC, span, lit);
            } else if key == REPR {
                let ty = Rc::new(value(input)?.parse()?);
                set(cx, &mut out.repr, REPR, span, ty);
            } else if key == TAG {
                let ty = Rc::new(value(input)?.parse()?);
                set(cx, &mut out.tag, TAG, span, ty);
            } else if key == VALUE {
                let content;
                syn::parenthesized!(content in input);
                // `NAME(PARAM: TYPE, ..): TYPE = EXPR`: the method's parameters.
                let mut params = Vec::new();
                if content.peek(syn::Ident) && content.peek2(syn::token::Paren) {
                    let name: Ident = content.parse()?;
                    let list;
                    syn::parenthesized!(list in content);
                    params = syntax::comma_separated(&list, |list| {
                        let name: Ident = list.parse()?;
                        list.parse::<syn::Token![:]>()?;
                        Ok((name, Rc::new(list.parse()?)))
                    })?;
                    content.parse::<syn::Token![:]>()?;
                    let ty = Rc::new(content.parse()?);
                    content.parse::<syn::Token![=]>()?;
                    let expr: TokenStream = content.parse()?;
                    out.values.push(Value { name, ty, expr, params });
                    return Ok(());
                }
                let (name, ty) = name_and_type(&content, VALUE)?;
                let expr: TokenStream = content.parse()?;
                out.values.push(Value { name, ty, expr, params });
            } else if key == POS {
                let content;
                syn::parenthesized!(content in input);
                let (name, ty) = name_and_type(&content, POS)?;
                // The offset runs to the first `, window` or `, #[...]`; after it,
                // `window` makes it window-relative and field attributes follow.
                let mut expr = TokenStream::new();
                while !content.is_empty() && !ends_offset(&content) {
                    expr.extend(Some(content.parse::<proc_macro2::TokenTree>()?));
                }
                let mut in_window = false;
                let mut io = None;
                let mut io_param = None;
                let mut attrs = Vec::new();
                while !content.is_empty() {
                    content.parse::<syn::Token![,]>()?;
                    if content.peek(syn::Token![#]) {
                        while content.peek(syn::Token![#]) {
                            attrs.push(Kept::parse_with(&content, Attribute::parse_outer)?);
                        }
                    } else {
                        let w: Ident = content.parse()?;
                        if w == "io" {
                            let stream;
                            syn::parenthesized!(stream in content);
                            // `io(NAME: TYPE)`: the method takes the input.
                            if stream.peek(syn::Ident) && stream.peek2(syn::Token![:]) && !stream.peek2(syn::Token![::]) {
                                let param: Ident = stream.parse()?;
                                stream.parse::<syn::Token![:]>()?;
                                let ty: Ty = Rc::new(stream.parse()?);
                                io = Some(quote::quote!(#param));
                                io_param = Some((param, ty));
                            } else {
                                io = Some(stream.parse::<TokenStream>()?);
                            }
                        } else if w == "window" {
                            in_window = true;
                        } else {
                            return Err(syn::Error::new(w.span(), "after a `pos` offset come `window`, `io(EXPR)` (or `io(NAME: Input<'a>)`, a parameter of the method) and field attributes (`#[size(..)]`, ...)"));
                        }
                    }
                }
                out.positioned.push(Positioned {
                    value: Value { name, ty, expr, params: Vec::new() },
                    in_window,
                    io,
                    io_param,
                    attrs,
                });
            } else if key == READ_ONLY {
                out.read_only = Some(value(input)?.parse()?);
            } else if key == ARGS {
                let content;
                syn::parenthesized!(content in input);
                let args = syntax::comma_separated(&content, |content| {
                    let name: Ident = content.parse()?;
                    content.parse::<syn::Token![:]>()?;
                    Ok((name, Rc::new(content.parse()?)))
                })?;
                out.args.extend(args);
            } else if key == TAG_TYPE {
                let ty = Rc::new(value(input)?.parse()?);
                set(cx, &mut out.tag_type, TAG_TYPE, span, ty);
            } else if key == BIT_ORDER {
                let lit: LitStr = value(input)?.parse()?;
                let lsb = match lit.value().as_str() {
                    "msb" => false,
                    "lsb" => true,
                    _ => {
                        cx.error_at(lit.span(), "`bit_order` is \"msb\" (most significant bit first, the default) or \"lsb\"");
                        return Ok(());
                    }
                };
                set(cx, &mut out.lsb_bits, BIT_ORDER, span, lsb);
            } else {
                return Err(syn::Error::new(span, format_args!(
                    "unknown zerowire attribute `{key}`; expected `endian`, `bit_order`, `parent`, `args`, `magic`, `value`, `pos`, `read_only`, `repr`, `tag` or `tag_type`"
                )));
            }
            Ok(())
        });
        if let Err(e) = parsed {
            cx.push(e);
        }
    }
    out.magic = magic.map(|m| m.value);
    out
}

pub(crate) fn field(cx: &Ctxt, attrs: &[Kept<Attribute>]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs {
        let Some(keyword) = attr.ident().map(Ident::to_string) else {
            continue;
        };
        let span = attr.path_span();
        match keyword.as_str() {
            SIZE => set_expr(cx, attr, &mut out.size, SIZE),
            COUNT => set_expr(cx, attr, &mut out.count, COUNT),
            WHEN => set_expr(cx, attr, &mut out.when, WHEN),
            VALID => set_expr(cx, attr, &mut out.valid, VALID),
            PAD => set_expr(cx, attr, &mut out.pad, PAD),
            PAD_RIGHT => set_expr(cx, attr, &mut out.pad_right, PAD_RIGHT),
            UNTIL => set_expr(cx, attr, &mut out.until, UNTIL),
            TAG_FROM => set_expr(cx, attr, &mut out.tag_from, TAG_FROM),
            ITEM_SIZE => set_expr(cx, attr, &mut out.item_size, ITEM_SIZE),
            CALC => set_expr(cx, attr, &mut out.calc, CALC),
            AT => {
                if let Some(mut offset) = parse_expr(cx, attr, AT) {
                    // A trailing `, window` makes the offset window-relative.
                    let tokens: Vec<proc_macro2::TokenTree> = offset.tokens.clone().into_iter().collect();
                    let in_window = matches!(&tokens[..], [.., proc_macro2::TokenTree::Punct(p), proc_macro2::TokenTree::Ident(w)] if p.as_char() == ',' && w == "window");
                    if in_window {
                        offset.tokens = tokens[..tokens.len() - 2].iter().cloned().collect();
                    }
                    set(cx, &mut out.at, AT, span, At { offset, in_window });
                }
            }
            ARGS => match attr.parse_args_with(parse_args) {
                Ok(args) => set(cx, &mut out.args, ARGS, span, args),
                Err(e) => cx.push(e),
            },
            WITH => match attr.parse_args::<Kept<Path>>() {
                Ok(path) => set(cx, &mut out.with, WITH, span, path),
                Err(_) => cx.error_on_attr(attr, "`with` takes the path of a module with `read` and `encode` functions; write `#[with(my_codec)]`"),
            },
            INT => match attr.parse_args::<Kept<syntax::Type>>() {
                Ok(ty) if ty.value.plain_ident().is_some_and(|i| {
                    ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"].iter().any(|t| i == t)
                }) => set(cx, &mut out.int, INT, span, Rc::new(ty)),
                _ => cx.error_on_attr(attr, "`int` takes the integer type the enum is read as; write `#[int(u16)]`"),
            },
            BITS => match attr.parse_args_with(parse_bits) {
                Ok((n, order)) if (1..=64).contains(&n) => {
                    set(cx, &mut out.bits, BITS, span, n);
                    out.lsb_bits = order;
                }
                Ok(_) => cx.error_on_attr(attr, BITS_USAGE),
                // At the token that is not one.
                Err(e) => cx.push(syn::Error::new(e.span(), BITS_USAGE)),
            },
            PROCESS => match attr.parse_args_with(parse_process) {
                Ok(p) => set(cx, &mut out.process, PROCESS, span, p),
                Err(e) => cx.push(e),
            },
            TERMINATOR => {
                // A broken terminator still counts as given, so the field is not
                // also reported as having no length.
                let t = attr.parse_args_with(parse_terminator).unwrap_or_else(|e| {
                    cx.push(e);
                    Terminator {
                        byte: quote::quote!(0),
                        include: false,
                        consume: true,
                        eos_error: true,
                    }
                });
                set(cx, &mut out.terminator, TERMINATOR, span, t)
            }
            EOS => set_flag(cx, attr, &mut out.eos, EOS),
            SKIP_REST => set_flag(cx, attr, &mut out.skip_rest, SKIP_REST),
            IN_PARENT => set_flag(cx, attr, &mut out.in_parent, IN_PARENT),
            MAGIC => match attr.parse_args::<Kept<LitByteStr>>() {
                Ok(lit) => set(cx, &mut out.magic, MAGIC, span, lit),
                Err(_) => cx.error_on_attr(
                    attr,
                    "`magic` takes a byte string; write `#[magic(b\"...\")]`",
                ),
            },
            ENCODING => match attr.parse_args::<LitStr>().map(|name| (text_encoding(&name.value()), name.span())) {
                Ok((Some(variant), lit)) => set(cx, &mut out.encoding, ENCODING, span, Ident::new(variant, lit)),
                // Still counted as given, so the field is not also reported as lacking one.
                Ok((None, lit)) => {
                    set(cx, &mut out.encoding, ENCODING, span, Ident::new("Unknown", lit));
                    cx.error_on_attr(attr, "unknown encoding; zerowire decodes `UTF-16LE`, `UTF-16BE`, `ISO-8859-1`, `IBM437` and (with the `sjis` feature) `SJIS` into a `String`; UTF-8 and ASCII text borrows as `&'a str` and needs no `encoding`");
                }
                Err(_) => cx.error_on_attr(attr, "`encoding` takes the encoding's name; write `#[encoding(\"UTF-16LE\")]`"),
            },
            ENDIAN => match attr.parse_args::<Ident>() {
                Ok(id) if id == "big" => set(cx, &mut out.endian, ENDIAN, span, Endian::Big),
                Ok(id) if id == "little" => set(cx, &mut out.endian, ENDIAN, span, Endian::Little),
                _ => cx.error_on_attr(
                    attr,
                    "`endian` takes `big` or `little`; write `#[endian(little)]`",
                ),
            },
            ZEROWIRE => cx.error_on_attr(
                attr,
                "`#[zerowire(...)]` goes on the struct; on a field use the attributes `size`, `count`, `eos`, `until`, `when`, `terminator`, `pad_right`, `magic`, `valid`, `endian` and `pad`",
            ),
            _ => {}
        }
    }
    out
}

/// Marks `#[keyword]`, an attribute that takes no value, in `slot`.
fn set_flag(cx: &Ctxt, attr: &Attribute, slot: &mut Option<Spanned<()>>, keyword: &str) {
    if attr.is_path_only() {
        set(cx, slot, keyword, attr.path_span(), ());
    } else {
        cx.error_on_attr(
            attr,
            format_args!("`{keyword}` takes no value; write `#[{keyword}]`"),
        );
    }
}

/// Stores the expression of `#[keyword(EXPR)]` in `slot`; a missing expression
/// is reported and stored empty, so that the attribute still counts as given.
fn set_expr(cx: &Ctxt, attr: &Attribute, slot: &mut Option<Spanned<Expr>>, keyword: &str) {
    let span = attr.path_span();
    let expr = parse_expr(cx, attr, keyword).unwrap_or(Expr {
        tokens: TokenStream::new(),
        span,
    });
    set(cx, slot, keyword, span, expr);
}

/// The expression inside `#[keyword(EXPR)]`, or an error when it is missing.
fn parse_expr(cx: &Ctxt, attr: &Attribute, keyword: &str) -> Option<Expr> {
    let tokens = match attr.list() {
        Some(tokens) if !tokens.is_empty() => tokens.clone(),
        _ => {
            cx.error_on_attr(
                attr,
                format_args!("`{keyword}` needs an expression; write `#[{keyword}(EXPR)]`"),
            );
            return None;
        }
    };
    let span = tokens::first_span(&tokens);
    Some(Expr { tokens, span })
}

/// `BYTE` then the options `include`, `consume = BOOL`, `eos_error = BOOL`.
/// Whether a `pos` offset ends here: at a `,` before `#[...]` or `window`.
fn ends_offset(input: syn::parse::ParseStream<'_>) -> bool {
    let fork = input.fork();
    if fork.parse::<syn::Token![,]>().is_err() {
        return false;
    }
    fork.peek(syn::Token![#])
        || fork.parse::<Ident>().is_ok_and(|w| {
            w == "window" && (fork.is_empty() || fork.peek(syn::Token![,]))
                || w == "io" && fork.peek(syn::token::Paren)
        })
}

fn parse_terminator(input: syn::parse::ParseStream<'_>) -> syn::Result<Terminator> {
    let mut t = Terminator {
        byte: syntax::expr(input)?,
        include: false,
        consume: true,
        eos_error: true,
    };
    while !input.is_empty() {
        input.parse::<syn::Token![,]>()?;
        if input.is_empty() {
            break;
        }
        let key: Ident = input.parse()?;
        let value = if input.peek(syn::Token![=]) {
            input.parse::<syn::Token![=]>()?;
            input.parse::<syn::LitBool>()?.value
        } else {
            true
        };
        match key.to_string().as_str() {
            "include" => t.include = value,
            "consume" => t.consume = value,
            "eos_error" => t.eos_error = value,
            other => {
                return Err(syn::Error::new(
                    key.span(),
                    format_args!("unknown `terminator` option `{other}`; expected `include`, `consume` or `eos_error`"),
                ))
            }
        }
    }
    Ok(t)
}

/// `xor(KEY)` (a byte, a byte string, or an expression giving a byte or bytes), `rol(N)`, `ror(N)`.
fn parse_process(input: syn::parse::ParseStream<'_>) -> syn::Result<TokenStream> {
    let kind: Ident = input.parse()?;
    if kind == "zlib" && input.is_empty() {
        return Ok(quote::quote_spanned!(kind.span()=> ::zerowire::__private::Process::Zlib));
    }
    let content;
    syn::parenthesized!(content in input);
    let arg: TokenStream = content.parse()?;
    let process = quote::quote!(::zerowire::__private::Process);
    match kind.to_string().as_str() {
        "xor" => match syn::parse2::<LitByteStr>(arg.clone()) {
            Ok(_) => Ok(quote::quote!(#process::Xor(#arg))),
            // Any `XorKey`: a byte, an array or a slice, such as an earlier `[u8; 4]` field.
            Err(_) => {
                Ok(quote::quote!(#process::Xor(::zerowire::__private::XorKey::key_bytes(&(#arg)))))
            }
        },
        // A bit count: `as` is exact for any integer a user passes.
        "rol" => Ok(quote::quote!(#process::Rol((#arg) as u32))),
        // Any value of a type implementing `zerowire::Transform`.
        "custom" => Ok(quote::quote!(#process::Custom(&(#arg)))),
        "ror" => Ok(quote::quote!(#process::Ror((#arg) as u32))),
        other => Err(syn::Error::new(
            kind.span(),
            format_args!(
                "unknown `process` `{other}`; expected `xor(KEY)`, `rol(BITS)`, `ror(BITS)`, `zlib` or `custom(EXPR)` (a `zerowire::Transform`)"
            ),
        )),
    }
}

/// `NAME = EXPR, ...`, each EXPR running to the next top-level comma.
pub(crate) fn parse_args(input: syn::parse::ParseStream<'_>) -> syn::Result<Vec<(Ident, Expr)>> {
    syntax::comma_separated(input, |input| {
        let name: Ident = input.parse()?;
        input.parse::<syn::Token![=]>()?;
        if input.is_empty() || input.peek(syn::Token![,]) {
            return Err(syn::Error::new(
                name.span(),
                "each argument needs a value; write `#[args(name = EXPR)]`",
            ));
        }
        let tokens = syntax::expr(input)?;
        let span = tokens::first_span(&tokens);
        Ok((name, Expr { tokens, span }))
    })
}

/// `NAME: TYPE =`, the head of `value(...)` and `pos(...)`, with an error that
/// shows the whole form.
fn name_and_type(input: syn::parse::ParseStream<'_>, keyword: &str) -> syn::Result<(Ident, Ty)> {
    let form = |span| {
        syn::Error::new(
            span,
            format_args!(
                "`{keyword}` takes `NAME: TYPE = EXPR`; write `{keyword}(area: u32 = ...)`"
            ),
        )
    };
    let name: Ident = input.parse()?;
    input
        .parse::<syn::Token![:]>()
        .map_err(|e| form(e.span()))?;
    let ty = Rc::new(input.parse()?);
    input
        .parse::<syn::Token![=]>()
        .map_err(|e| form(e.span()))?;
    Ok((name, ty))
}

/// The runtime's `TextEncoding` variant for an encoding Kaitai names so
/// (case, `-` and `_` aside), as `TextEncoding::by_name` reads them.
fn text_encoding(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match key.as_str() {
        "UTF16LE" => Some("Utf16Le"),
        "UTF16BE" => Some("Utf16Be"),
        "ISO88591" | "LATIN1" => Some("Latin1"),
        "IBM437" | "CP437" => Some("Ibm437"),
        "SJIS" | "SHIFTJIS" => Some("ShiftJis"),
        _ => None,
    }
}

/// Whether `keyword` is one of the derive's field attributes.
pub(crate) fn is_field_keyword(keyword: &str) -> bool {
    [
        SIZE, COUNT, EOS, WHEN, MAGIC, VALID, ENDIAN, PAD, TERMINATOR, PAD_RIGHT, UNTIL, TAG,
        TAG_FROM, ITEM_SIZE, PROCESS, BITS, WITH, ARGS, ENCODING, AT, CALC,
    ]
    .contains(&keyword)
}

const BITS_USAGE: &str = "`bits` takes a number of bits from 1 to 64, and the bit order when it is not the struct's: write `#[bits(3)]` or `#[bits(3, lsb)]`";

/// `N` or `N, lsb` / `N, msb`: a bit field's width and its own bit order.
fn parse_bits(input: syn::parse::ParseStream<'_>) -> syn::Result<(u32, Option<bool>)> {
    let n = input.parse::<syn::LitInt>()?.base10_parse::<u32>()?;
    if input.is_empty() {
        return Ok((n, None));
    }
    input.parse::<syn::Token![,]>()?;
    let order: Ident = input.parse()?;
    let lsb = match order.to_string().as_str() {
        "lsb" => true,
        "msb" => false,
        _ => return Err(syn::Error::new(order.span(), "expected `lsb` or `msb`")),
    };
    if !input.is_empty() {
        return Err(input.error("expected `)`"));
    }
    Ok((n, Some(lsb)))
}
