//! Warnings about schemas that compile but do not follow Kaitai's style guide
//! (<https://doc.kaitai.io/ksy_style_guide.html>), as the official compiler
//! gives them: encoding names that are not canonical or not known, and the
//! names of attributes that only give another's size (`len_foo`) or count
//! (`num_foos`). [`Compiler::deny_warnings`](crate::Compiler::deny_warnings)
//! makes them errors.

use crate::diag::Diagnostic;
use crate::expr::{self, ExprKind};
use crate::resolve::all_names;
use crate::schema::{Attr, Repeat, Spanned, TypeSpec};

/// Every warning of `spec` and its nested types.
pub(crate) fn lint(spec: &TypeSpec, out: &mut Vec<Diagnostic>) {
    if let Some(enc) = &spec.meta.encoding {
        encoding(enc, out);
    }
    for a in spec.seq.iter().chain(&spec.instances) {
        if let Some(enc) = &a.encoding {
            encoding(enc, out);
        }
    }
    names(spec, out);
    for t in &spec.types {
        lint(t, out);
    }
}

/// Kaitai's canonical encoding names, with the spellings that mean them
/// (compared without case, `-` and `_`).
const ENCODINGS: &[(&str, &[&str])] = &[
    ("ASCII", &["ASCII", "USASCII"]),
    ("UTF-8", &["UTF8"]),
    ("UTF-16LE", &["UTF16LE"]),
    ("UTF-16BE", &["UTF16BE"]),
    ("UTF-32LE", &["UTF32LE"]),
    ("UTF-32BE", &["UTF32BE"]),
    ("ISO-8859-1", &["ISO88591", "LATIN1"]),
    ("ISO-8859-2", &["ISO88592", "LATIN2"]),
    ("ISO-8859-3", &["ISO88593"]),
    ("ISO-8859-4", &["ISO88594"]),
    ("ISO-8859-5", &["ISO88595"]),
    ("ISO-8859-6", &["ISO88596"]),
    ("ISO-8859-7", &["ISO88597"]),
    ("ISO-8859-8", &["ISO88598"]),
    ("ISO-8859-9", &["ISO88599"]),
    ("ISO-8859-10", &["ISO885910"]),
    ("ISO-8859-11", &["ISO885911"]),
    ("ISO-8859-13", &["ISO885913"]),
    ("ISO-8859-14", &["ISO885914"]),
    ("ISO-8859-15", &["ISO885915"]),
    ("ISO-8859-16", &["ISO885916"]),
    ("IBM437", &["IBM437", "CP437"]),
    ("IBM866", &["IBM866", "CP866"]),
    ("SJIS", &["SJIS", "SHIFTJIS"]),
    ("BIG5", &["BIG5"]),
    ("EUC-JP", &["EUCJP"]),
    ("EUC-KR", &["EUCKR"]),
    ("GB2312", &["GB2312"]),
    ("GBK", &["GBK"]),
    ("windows-1250", &["WINDOWS1250", "CP1250"]),
    ("windows-1251", &["WINDOWS1251", "CP1251"]),
    ("windows-1252", &["WINDOWS1252", "CP1252"]),
    ("windows-1253", &["WINDOWS1253", "CP1253"]),
    ("windows-1254", &["WINDOWS1254", "CP1254"]),
    ("windows-1255", &["WINDOWS1255", "CP1255"]),
    ("windows-1256", &["WINDOWS1256", "CP1256"]),
    ("windows-1257", &["WINDOWS1257", "CP1257"]),
    ("windows-1258", &["WINDOWS1258", "CP1258"]),
];

fn encoding(enc: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    let key: String = enc
        .value
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    // `Shift_JIS` is how many schemas write it, as the IANA registry does.
    if enc.value == "Shift_JIS" {
        return;
    }
    match ENCODINGS.iter().find(|(_, spellings)| spellings.contains(&key.as_str())) {
        Some((canonical, _)) if *canonical != enc.value => out.push(Diagnostic::warning(
            format!("use canonical encoding name `{canonical}` instead of `{}` (see https://doc.kaitai.io/ksy_style_guide.html#encoding-name)", enc.value),
            enc.span.clone(),
        )),
        Some(_) => {}
        None => out.push(Diagnostic::warning(
            format!("unrecognized encoding name '{}'", enc.value),
            enc.span.clone(),
        )),
    }
}

/// An attribute used only as the whole `size` of another (`foo`) should be
/// `len_foo`; only as the whole `repeat-expr` of another (`foos`), `num_foos`.
fn names(spec: &TypeSpec, out: &mut Vec<Diagnostic>) {
    let attrs: Vec<&Attr> = spec.seq.iter().chain(&spec.instances).collect();
    let mut uses: Vec<String> = Vec::new();
    let mut sole: Vec<(String, &Attr, &'static str)> = Vec::new();
    for a in &attrs {
        all_names(a, &mut uses);
        let count = match a.repeat.as_ref().map(|r| &r.value) {
            Some(Repeat::Expr(n)) => Some(n),
            _ => None,
        };
        for (src, role) in [(a.size.as_ref(), "size"), (count, "count")] {
            if let Some(ExprKind::Name(n)) = src.and_then(|s| expr::parse(s).ok()).map(|e| e.kind) {
                sole.push((n, a, role));
            }
        }
    }
    for (name, user, role) in sole {
        if uses.iter().filter(|u| **u == name).count() != 1 {
            continue;
        }
        let Some(named) = attrs.iter().find(|a| a.id.value == name) else {
            continue;
        };
        let (prefix, what) = match role {
            "size" => ("len", "a byte size"),
            _ => ("num", "repeat count"),
        };
        let expected = format!("{prefix}_{}", user.id.value);
        if name != expected {
            out.push(Diagnostic::warning(
                format!("use `{expected}` instead of `{name}`, given that it's only used as {what} of `{}` (see https://doc.kaitai.io/ksy_style_guide.html#attr-id)", user.id.value),
                named.id.span.clone(),
            ));
        }
    }
}
