//! Kaitai's expression language: lexer and precedence parser.
//!
//! The grammar is Python's, as Kaitai Struct's compiler reads it: the ternary
//! `c ? a : b` lowest, then `or`, `and`, `not`, comparisons, `|`, `^`, `&`,
//! shifts, `+ -`, `* / %`, unary `- ~`, and postfix `.name`, `.method(args)`,
//! `[index]`, `.as<type>`. Spans are byte ranges of the schema source.

use std::ops::Range;

use crate::diag::Diagnostic;
use crate::schema::ExprSrc;

/// How deep an expression may nest before it is refused (not a stack overflow).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub(crate) kind: ExprKind,
    pub(crate) span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    Int(i128),
    Float(f64),
    Str(String),
    /// `f"a={x}"`: text with values shown in it.
    FString(Vec<FPart>),
    Bool(bool),
    /// A name: a field, an instance, a parameter, or `_root`, `_parent`, `_io`, `_index`, `_`.
    Name(String),
    /// `enum::value`, or `type::enum::value` with the type path before.
    EnumLit {
        path: Vec<String>,
        value: String,
    },
    List(Vec<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    Attr(Box<Expr>, String),
    Call(Box<Expr>, String, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Cast(Box<Expr>, String),
    SizeOf(String),
    BitSizeOf(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnOp {
    Neg,
    Not,
    Inv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    BitOr,
    BitXor,
    BitAnd,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinOp {
    pub(crate) fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// A piece of a format string (`f"a={x}"`): text, or an expression shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FPart {
    Text(String),
    Shown(Expr),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i128),
    Float(f64),
    Str(String),
    FStr(Vec<FPart>),
    Ident(String),
    Punct(&'static str),
}

const PUNCTS: &[&str] = &[
    "::", "==", "!=", "<=", ">=", "<<", ">>", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^",
    "~", "?", ":", "(", ")", "[", "]", ",", ".",
];

fn lex(src: &str, base: usize, depth: usize) -> Result<Vec<(Tok, Range<usize>)>, Diagnostic> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            // `1.5`, and `24000.` (Python's float, where no name follows the
            // dot: `1.to_s` is a method).
            let is_float = i < bytes.len()
                && bytes[i] == b'.'
                && bytes
                    .get(i + 1)
                    .is_none_or(|b| b.is_ascii_digit() || !(b.is_ascii_alphabetic() || *b == b'_'))
                && !src[start..i].starts_with("0x")
                && !src[start..i].starts_with("0b")
                && !src[start..i].starts_with("0o");
            let exp = !src[start..i].starts_with("0x") && src[start..i].contains(['e', 'E']);
            if is_float || exp {
                if is_float {
                    i += 1;
                    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                        i += 1;
                    }
                    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                        i += 1;
                        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                            i += 1;
                        }
                        while i < bytes.len() && bytes[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
                let text = src[start..i].replace('_', "");
                let v: f64 = text.parse().map_err(|_| {
                    Diagnostic::new(format!("invalid number `{text}`"), base + start..base + i)
                })?;
                out.push((Tok::Float(v), base + start..base + i));
            } else {
                let text = &src[start..i];
                let v = crate::schema::parse_int(text).ok_or_else(|| {
                    Diagnostic::new(format!("invalid number `{text}`"), base + start..base + i)
                })?;
                out.push((Tok::Int(v), base + start..base + i));
            }
            continue;
        }
        if c == b'f' && matches!(bytes.get(i + 1), Some(b'"' | b'\'')) {
            let (parts, end) = format_string(src, i + 1, base, depth)?;
            i = end;
            out.push((Tok::FStr(parts), base + start..base + i));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Tok::Ident(src[start..i].to_owned()), base + start..base + i));
            continue;
        }
        if c == b'"' || c == b'\'' {
            let (s, end) = string(src, i, base)?;
            i = end;
            out.push((Tok::Str(s), base + start..base + i));
            continue;
        }
        match PUNCTS.iter().find(|p| src[i..].starts_with(**p)) {
            Some(p) => {
                i += p.len();
                out.push((Tok::Punct(p), base + start..base + i));
            }
            None => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(Diagnostic::new(
                    format!("unexpected character `{ch}` in an expression"),
                    base + i..base + i + ch.len_utf8(),
                ));
            }
        }
    }
    Ok(out)
}

/// A format string from `start` (its quote, after the `f`): text as in a
/// string literal, and `{EXPR}` shown in it.
fn format_string(
    src: &str,
    start: usize,
    base: usize,
    depth: usize,
) -> Result<(Vec<FPart>, usize), Diagnostic> {
    if depth >= MAX_DEPTH {
        return Err(Diagnostic::new(
            format!("format strings nested deeper than {MAX_DEPTH}"),
            base + start..base + src.len(),
        ));
    }
    let bytes = src.as_bytes();
    let quote = bytes[start];
    let mut parts = Vec::new();
    // The text since the last `{...}`, as written, read as a string literal.
    let mut text_from = start + 1;
    let push_text = |parts: &mut Vec<FPart>, from: usize, to: usize| -> Result<(), Diagnostic> {
        if from < to {
            let literal = format!("{}{}{}", quote as char, &src[from..to], quote as char);
            let (text, _) = string(&literal, 0, base + from - 1)?;
            parts.push(FPart::Text(text));
        }
        Ok(())
    };
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => {
                push_text(&mut parts, text_from, i)?;
                return Ok((parts, i + 1));
            }
            b'{' => {
                push_text(&mut parts, text_from, i)?;
                // To the matching `}`, past strings inside.
                let open = i;
                let mut level = 0usize;
                let mut j = i;
                let close = loop {
                    match bytes.get(j) {
                        None => {
                            return Err(Diagnostic::new(
                                "unclosed `{` in a format string",
                                base + open..base + src.len(),
                            ))
                        }
                        Some(b'{') => level += 1,
                        Some(b'}') => {
                            level -= 1;
                            if level == 0 {
                                break j;
                            }
                        }
                        Some(b'"' | b'\'') if j > open => {
                            let (_, end) = string(src, j, base)?;
                            j = end;
                            continue;
                        }
                        _ => {}
                    }
                    j += 1;
                };
                let inner = &src[open + 1..close];
                parts.push(FPart::Shown(parse_text(
                    inner,
                    base + open + 1..base + close,
                    depth + 1,
                )?));
                i = close + 1;
                text_from = i;
            }
            _ => i += 1,
        }
    }
    Err(Diagnostic::new(
        "unterminated format string",
        base + start..base + src.len(),
    ))
}

/// A string literal from `start` (the quote): `'...'` is raw, `"..."` takes escapes.
fn string(src: &str, start: usize, base: usize) -> Result<(String, usize), Diagnostic> {
    let quote = src.as_bytes()[start];
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((off, c)) = chars.next() {
        let at = start + 1 + off;
        if c as u32 == u32::from(quote) {
            return Ok((out, at + 1));
        }
        if c == '\\' && quote == b'"' {
            let Some((_, e)) = chars.next() else { break };
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                'e' => out.push('\u{1b}'),
                'f' => out.push('\u{c}'),
                'v' => out.push('\u{b}'),
                '0'..='7' => {
                    let mut v = e.to_digit(8).unwrap_or(0);
                    let rest = &src[at + 2..];
                    let digits: String =
                        rest.chars().take(2).take_while(|d| d.is_digit(8)).collect();
                    for d in digits.chars() {
                        v = v * 8 + d.to_digit(8).unwrap_or(0);
                        chars.next();
                    }
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                'u' => {
                    let hex: String = src[at + 2..].chars().take(4).collect();
                    let v = u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| {
                            Diagnostic::new("invalid `\\u` escape", base + at..base + at + 6)
                        })?;
                    for _ in 0..4 {
                        chars.next();
                    }
                    out.push(v);
                }
                '\\' | '"' | '\'' => out.push(e),
                other => {
                    return Err(Diagnostic::new(
                        format!("unknown escape `\\{other}`"),
                        base + at..base + at + 2,
                    ))
                }
            }
            continue;
        }
        out.push(c);
    }
    Err(Diagnostic::new(
        "unterminated string literal",
        base + start..base + src.len(),
    ))
}

/// Calls `f` on `e` and on every expression inside it.
pub(crate) fn each(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
        ExprKind::List(es) => es.iter().for_each(|x| each(x, f)),
        ExprKind::Unary(_, a) | ExprKind::Attr(a, _) | ExprKind::Cast(a, _) => each(a, f),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            each(a, f);
            each(b, f);
        }
        ExprKind::Ternary(c, a, b) => [c, a, b].iter().for_each(|x| each(x, f)),
        ExprKind::Call(a, _, args) => {
            each(a, f);
            args.iter().for_each(|x| each(x, f));
        }
        ExprKind::FString(parts) => {
            for part in parts {
                if let FPart::Shown(x) = part {
                    each(x, f);
                }
            }
        }
        _ => {}
    }
}

/// Parses an expression written in the schema.
pub(crate) fn parse(src: &ExprSrc) -> Result<Expr, Diagnostic> {
    parse_text(&src.value, src.span.clone(), 0)
}

/// Parses `text`, found at `span`, `depth` format strings deep.
fn parse_text(text: &str, span: Range<usize>, depth: usize) -> Result<Expr, Diagnostic> {
    let toks = lex(text, span.start, depth)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        end: span.end,
    };
    if p.toks.is_empty() {
        return Err(Diagnostic::new("empty expression", span));
    }
    let e = p.ternary()?;
    if let Some((t, span)) = p.toks.get(p.pos) {
        return Err(Diagnostic::new(
            format!("unexpected {} after the expression", describe(t)),
            span.clone(),
        ));
    }
    Ok(e)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Int(v) => format!("number `{v}`"),
        Tok::Float(v) => format!("number `{v}`"),
        Tok::Str(_) => "string".into(),
        Tok::FStr(_) => "format string".into(),
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Punct(p) => format!("`{p}`"),
    }
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn span_here(&self) -> Range<usize> {
        self.toks
            .get(self.pos)
            .map_or(self.end..self.end, |(_, s)| s.clone())
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(q)) if q == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &str) -> Result<(), Diagnostic> {
        if self.eat_punct(p) {
            return Ok(());
        }
        let found = self.peek().map_or("the end".to_owned(), describe);
        Err(Diagnostic::new(
            format!("expected `{p}`, found {found}"),
            self.span_here(),
        ))
    }

    fn ident(&mut self) -> Result<(String, Range<usize>), Diagnostic> {
        match self.toks.get(self.pos) {
            Some((Tok::Ident(s), span)) => {
                let r = (s.clone(), span.clone());
                self.pos += 1;
                Ok(r)
            }
            other => {
                let found = other.map_or("the end".to_owned(), |(t, _)| describe(t));
                Err(Diagnostic::new(
                    format!("expected a name, found {found}"),
                    self.span_here(),
                ))
            }
        }
    }

    fn nest<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, Diagnostic>,
    ) -> Result<T, Diagnostic> {
        self.depth += 1;
        self.check_depth(0)?;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// The tree's depth here, with `chain` operators of a left-deep chain
    /// (`a + b + c`, `a.b.c`) on top, is bounded too: the tree is walked by
    /// recursion later.
    fn check_depth(&self, chain: usize) -> Result<(), Diagnostic> {
        if self.depth.saturating_add(chain) > MAX_DEPTH {
            return Err(Diagnostic::new(
                format!("the expression nests deeper than {MAX_DEPTH} levels (each operator of a chain is one)"),
                self.span_here(),
            ));
        }
        Ok(())
    }

    fn ternary(&mut self) -> Result<Expr, Diagnostic> {
        self.nest(|p| {
            let cond = p.binary(0)?;
            if !p.eat_punct("?") {
                return Ok(cond);
            }
            let a = p.ternary()?;
            p.expect_punct(":")?;
            let b = p.ternary()?;
            let span = cond.span.start..b.span.end;
            Ok(Expr {
                kind: ExprKind::Ternary(Box::new(cond), Box::new(a), Box::new(b)),
                span,
            })
        })
    }

    /// Binary operators by level: 0 `or`, 1 `and`, 2 `not` (prefix), 3 comparisons,
    /// 4 `|`, 5 `^`, 6 `&`, 7 shifts, 8 `+ -`, 9 `* / %`.
    fn binary(&mut self, level: u8) -> Result<Expr, Diagnostic> {
        if level == 2 {
            let start = self.span_here();
            if self.eat_word("not") {
                let e = self.nest(|p| p.binary(2))?;
                let span = start.start..e.span.end;
                return Ok(Expr {
                    kind: ExprKind::Unary(UnOp::Not, Box::new(e)),
                    span,
                });
            }
            return self.binary(3);
        }
        if level == 10 {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        let mut chain = 0;
        loop {
            let op = match (level, self.peek()) {
                (0, Some(Tok::Ident(w))) if w == "or" => BinOp::Or,
                (1, Some(Tok::Ident(w))) if w == "and" => BinOp::And,
                (3, Some(Tok::Punct("=="))) => BinOp::Eq,
                (3, Some(Tok::Punct("!="))) => BinOp::Ne,
                (3, Some(Tok::Punct("<"))) => BinOp::Lt,
                (3, Some(Tok::Punct("<="))) => BinOp::Le,
                (3, Some(Tok::Punct(">"))) => BinOp::Gt,
                (3, Some(Tok::Punct(">="))) => BinOp::Ge,
                (4, Some(Tok::Punct("|"))) => BinOp::BitOr,
                (5, Some(Tok::Punct("^"))) => BinOp::BitXor,
                (6, Some(Tok::Punct("&"))) => BinOp::BitAnd,
                (7, Some(Tok::Punct("<<"))) => BinOp::Shl,
                (7, Some(Tok::Punct(">>"))) => BinOp::Shr,
                (8, Some(Tok::Punct("+"))) => BinOp::Add,
                (8, Some(Tok::Punct("-"))) => BinOp::Sub,
                (9, Some(Tok::Punct("*"))) => BinOp::Mul,
                (9, Some(Tok::Punct("/"))) => BinOp::Div,
                (9, Some(Tok::Punct("%"))) => BinOp::Mod,
                _ => return Ok(left),
            };
            self.pos += 1;
            chain += 1;
            self.check_depth(chain)?;
            let right = self.nest(|p| p.binary(level + 1))?;
            let span = left.span.start..right.span.end;
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
            // Comparisons do not chain.
            if level == 3 {
                return Ok(left);
            }
        }
    }

    fn unary(&mut self) -> Result<Expr, Diagnostic> {
        let start = self.span_here();
        let op = if self.eat_punct("-") {
            Some(UnOp::Neg)
        } else if self.eat_punct("~") {
            Some(UnOp::Inv)
        } else if self.eat_punct("+") {
            return self.nest(Self::unary);
        } else {
            None
        };
        match op {
            Some(op) => {
                let e = self.nest(Self::unary)?;
                let span = start.start..e.span.end;
                // `-5` is a literal, so that `-128` fits an `i8`.
                if let (UnOp::Neg, ExprKind::Int(v)) = (op, &e.kind) {
                    return Ok(Expr {
                        kind: ExprKind::Int(-v),
                        span,
                    });
                }
                Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(e)),
                    span,
                })
            }
            None => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<Expr, Diagnostic> {
        let mut e = self.atom()?;
        let mut chain = 0;
        loop {
            chain += 1;
            self.check_depth(chain)?;
            if self.eat_punct(".") {
                let (name, span) = self.ident()?;
                if name == "as" && self.eat_punct("<") {
                    let ty = self.type_name()?;
                    self.expect_punct(">")?;
                    let span = e.span.start..self.toks[self.pos - 1].1.end;
                    e = Expr {
                        kind: ExprKind::Cast(Box::new(e), ty),
                        span,
                    };
                } else if self.eat_punct("(") {
                    let args = self.args(")")?;
                    let span = e.span.start..self.toks[self.pos - 1].1.end;
                    e = Expr {
                        kind: ExprKind::Call(Box::new(e), name, args),
                        span,
                    };
                } else {
                    let span = e.span.start..span.end;
                    e = Expr {
                        kind: ExprKind::Attr(Box::new(e), name),
                        span,
                    };
                }
            } else if self.eat_punct("[") {
                let idx = self.nest(Self::ternary)?;
                self.expect_punct("]")?;
                let span = e.span.start..self.toks[self.pos - 1].1.end;
                e = Expr {
                    kind: ExprKind::Index(Box::new(e), Box::new(idx)),
                    span,
                };
            } else {
                return Ok(e);
            }
        }
    }

    /// A type name inside `<...>`: `u4`, `foo::bar`, `bytes`.
    fn type_name(&mut self) -> Result<String, Diagnostic> {
        let (mut name, _) = self.ident()?;
        while self.eat_punct("::") {
            name.push_str("::");
            name.push_str(&self.ident()?.0);
        }
        if self.eat_punct("[") {
            self.expect_punct("]")?;
            name.push_str("[]");
        }
        Ok(name)
    }

    fn args(&mut self, close: &str) -> Result<Vec<Expr>, Diagnostic> {
        let mut args = Vec::new();
        if self.eat_punct(close) {
            return Ok(args);
        }
        loop {
            args.push(self.nest(Self::ternary)?);
            if self.eat_punct(close) {
                return Ok(args);
            }
            self.expect_punct(",")?;
            // A trailing comma, as in Python (`[1, 2,]`).
            if self.eat_punct(close) {
                return Ok(args);
            }
        }
    }

    fn atom(&mut self) -> Result<Expr, Diagnostic> {
        let Some((tok, span)) = self.toks.get(self.pos).cloned() else {
            return Err(Diagnostic::new(
                "expected a value, found the end of the expression",
                self.end..self.end,
            ));
        };
        self.pos += 1;
        let kind = match tok {
            Tok::Int(v) => ExprKind::Int(v),
            Tok::Float(v) => ExprKind::Float(v),
            Tok::Str(s) => {
                // Adjacent string literals concatenate, as in Python.
                let mut s = s;
                while let Some((Tok::Str(next), _)) = self.toks.get(self.pos) {
                    s.push_str(next);
                    self.pos += 1;
                }
                ExprKind::Str(s)
            }
            Tok::FStr(parts) => ExprKind::FString(parts),
            Tok::Punct("(") => {
                let e = self.nest(Self::ternary)?;
                self.expect_punct(")")?;
                return Ok(Expr {
                    kind: e.kind,
                    span: span.start..self.toks[self.pos - 1].1.end,
                });
            }
            Tok::Punct("[") => ExprKind::List(self.args("]")?),
            Tok::Ident(w) if w == "true" => ExprKind::Bool(true),
            Tok::Ident(w) if w == "false" => ExprKind::Bool(false),
            Tok::Ident(w)
                if (w == "sizeof" || w == "bitsizeof")
                    && matches!(self.peek(), Some(Tok::Punct("<"))) =>
            {
                self.pos += 1;
                let ty = self.type_name()?;
                self.expect_punct(">")?;
                let span = span.start..self.toks[self.pos - 1].1.end;
                let kind = if w == "sizeof" {
                    ExprKind::SizeOf(ty)
                } else {
                    ExprKind::BitSizeOf(ty)
                };
                return Ok(Expr { kind, span });
            }
            Tok::Ident(w) => {
                if matches!(self.peek(), Some(Tok::Punct("::"))) {
                    let mut path = vec![w];
                    while self.eat_punct("::") {
                        path.push(self.ident()?.0);
                    }
                    let value = path.pop().unwrap_or_default();
                    let span = span.start..self.toks[self.pos - 1].1.end;
                    return Ok(Expr {
                        kind: ExprKind::EnumLit { path, value },
                        span,
                    });
                }
                ExprKind::Name(w)
            }
            Tok::Punct(p) => {
                return Err(Diagnostic::new(
                    format!("expected a value, found `{p}`"),
                    span,
                ))
            }
        };
        Ok(Expr { kind, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Spanned;

    fn p(s: &str) -> Expr {
        parse(&Spanned {
            value: s.to_owned(),
            span: 0..s.len(),
        })
        .unwrap()
    }

    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Float(v) => format!("{v:?}"),
            ExprKind::Str(s) => format!("{s:?}"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::EnumLit { path, value } => format!("{}::{value}", path.join("::")),
            ExprKind::List(items) => format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::Unary(op, a) => format!("({op:?} {})", show(a)),
            ExprKind::Binary(op, a, b) => format!("({} {op:?} {})", show(a), show(b)),
            ExprKind::Ternary(c, a, b) => format!("({} ? {} : {})", show(c), show(a), show(b)),
            ExprKind::Attr(a, n) => format!("{}.{n}", show(a)),
            ExprKind::Call(a, n, args) => format!(
                "{}.{n}({})",
                show(a),
                args.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::Index(a, i) => format!("{}[{}]", show(a), show(i)),
            ExprKind::Cast(a, t) => format!("{}.as<{t}>", show(a)),
            ExprKind::SizeOf(t) => format!("sizeof<{t}>"),
            ExprKind::BitSizeOf(t) => format!("bitsizeof<{t}>"),
            ExprKind::FString(parts) => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|part| match part {
                        FPart::Text(t) => format!("{t:?}"),
                        FPart::Shown(e) => format!("{{{}}}", show(e)),
                    })
                    .collect();
                format!("f[{}]", parts.join(" "))
            }
        }
    }

    #[test]
    fn precedence_is_pythons() {
        assert_eq!(show(&p("1 + 2 * 3")), "(1 Add (2 Mul 3))");
        assert_eq!(
            show(&p("a | b ^ c & d << 1")),
            "(a BitOr (b BitXor (c BitAnd (d Shl 1))))"
        );
        assert_eq!(
            show(&p("not a == b and c or d")),
            "(((Not (a Eq b)) And c) Or d)"
        );
        assert_eq!(
            show(&p("a > 1 ? b : c ? d : e")),
            "((a Gt 1) ? b : (c ? d : e))"
        );
        assert_eq!(show(&p("a - b - c")), "((a Sub b) Sub c)");
        assert_eq!(show(&p("-x.y[0]")), "(Neg x.y[0])");
    }

    #[test]
    fn postfix_forms() {
        assert_eq!(
            show(&p("_parent._parent.header.len")),
            "_parent._parent.header.len"
        );
        assert_eq!(
            show(&p("buf.to_s('UTF-8').length")),
            "buf.to_s(\"UTF-8\").length"
        );
        assert_eq!(show(&p("x.as<foo::bar>")), "x.as<foo::bar>");
        assert_eq!(
            show(&p("sizeof<u4> + bitsizeof<b3>")),
            "(sizeof<u4> Add bitsizeof<b3>)"
        );
        assert_eq!(show(&p("animal::cat")), "animal::cat");
        assert_eq!(show(&p("[0x41, 66, -1]")), "[65, 66, -1]");
        assert_eq!(show(&p("[[1, 2,], [3],]")), "[[1, 2], [3]]");
        assert_eq!(show(&p("x * 24000.")), "(x Mul 24000.0)");
        assert_eq!(show(&p("(2.) + 1.to_s.length")), "(2.0 Add 1.to_s.length)");
        assert_eq!(show(&p("a.to_s('ASCII',)")), "a.to_s(\"ASCII\")");
    }

    #[test]
    fn literals() {
        assert_eq!(
            show(&p("0x1_0 + 0b11 + 0o7 + 1.5e2")),
            "(((16 Add 3) Add 7) Add 150.0)"
        );
        assert_eq!(show(&p(r#""a\n" + 'b\n'"#)), r#"("a\n" Add "b\\n")"#);
    }

    #[test]
    fn errors_point_into_the_expression() {
        let e = parse(&Spanned {
            value: "a + ".into(),
            span: 10..14,
        })
        .unwrap_err();
        assert_eq!(
            e.message,
            "expected a value, found the end of the expression"
        );
        let e = parse(&Spanned {
            value: "a $ b".into(),
            span: 10..15,
        })
        .unwrap_err();
        assert_eq!(e.span, 12..13);
    }

    #[test]
    fn format_strings_show_their_values() {
        assert_eq!(show(&p(r#"f"""#)), "f[]");
        assert_eq!(show(&p(r#"f"abc\n\tt""#)), r#"f["abc\n\tt"]"#);
        assert_eq!(
            show(&p(r#"f"a={x + 1}, b={'}'} c""#)),
            r#"f["a=" {(x Add 1)} ", b=" {"}"} " c"]"#
        );
        assert_eq!(show(&p(r#"f"{f"{y}"}""#)), r#"f[{f[{y}]}]"#);
        // A raw (single-quoted) format string keeps its backslashes.
        assert_eq!(show(&p(r"f'a\n{z}'")), r#"f["a\\n" {z}]"#);
        let e = parse(&Spanned {
            value: "f\"a{b".into(),
            span: 0..5,
        })
        .unwrap_err();
        assert!(e.message.contains("unclosed `{`"), "{}", e.message);
        let deep = "f\"{".repeat(100) + &"}\"".repeat(100);
        let e = parse(&Spanned {
            value: deep.clone(),
            span: 0..deep.len(),
        })
        .unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
    }

    #[test]
    fn deep_expressions_are_a_diagnostic() {
        let s = "(".repeat(10_000) + "1" + &")".repeat(10_000);
        let e = parse(&Spanned {
            value: s.clone(),
            span: 0..s.len(),
        })
        .unwrap_err();
        assert!(e.message.contains("nests deeper"));
    }
}
