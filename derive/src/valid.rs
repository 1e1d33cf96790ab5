//! Rules across a field's attributes and type, reported at the attribute.

use proc_macro2::Span;
use quote::ToTokens;

use crate::ast::{Field, Input, Shape};
use crate::attr::{
    ARGS, AT, BITS, COUNT, ENDIAN, EOS, ITEM_SIZE, MAGIC, PAD, PROCESS, SIZE, TAG_FROM, TERMINATOR,
    UNTIL, WHEN, WITH,
};
use crate::ctxt::Ctxt;
use crate::syntax::Type;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    // Bits taken by the bit fields just before (`None` once a conditional one
    // makes that known only while decoding), and their order: a repeated one,
    // or one of the other order, starts on a byte.
    let (mut run, mut order) = (Some(0u32), None);
    for field in &input.fields {
        check_field(cx, field);
        let Some(bits) = &field.attrs.bits else {
            (run, order) = (Some(0), None);
            continue;
        };
        let lsb = field.attrs.lsb_first(input.attrs);
        let repeated = matches!(field.shape, Shape::Vec(_));
        let what = if repeated {
            Some("a repeated bit field")
        } else if order.is_some_and(|o| o != lsb) {
            Some("a bit field of the other bit order")
        } else {
            None
        };
        match (what, run) {
            (Some(what), Some(taken)) if taken % 8 != 0 => cx.error_at(bits.span, format_args!("{what} starts on a byte; the bit fields before it take {taken} bits (pad them to a multiple of 8)")),
            (Some(what), None) => cx.error_at(bits.span, format_args!("{what} starts on a byte, and a conditional bit field before it makes where it starts known only while decoding")),
            _ => {}
        }
        (run, order) = match &field.shape {
            Shape::Vec(_) => (Some(0), None),
            Shape::Option(_) => (None, Some(lsb)),
            _ => (run.map(|r| r.wrapping_add(bits.value)), Some(lsb)),
        };
    }
    // `#[in_parent]`: a nested value (or an `Option` or `Vec` of one) decoded
    // inside the struct's declared parent.
    for field in &input.fields {
        let Some(flag) = &field.attrs.in_parent else {
            continue;
        };
        let nested = match &field.shape {
            Shape::Option(inner) | Shape::Vec(inner) => matches!(**inner, Shape::Nested(_)),
            shape => matches!(shape, Shape::Nested(_)),
        };
        if input.attrs.parents.is_empty() {
            cx.error_at(flag.span, "`in_parent` decodes the field inside this struct's parent, and this struct declares none; add `#[zerowire(parent = P)]`");
        } else if !nested || field.attrs.process.is_some() || field.attrs.int.is_some() {
            cx.error_at(flag.span, "`in_parent` goes on a nested struct or tagged enum (or an `Option` or `Vec` of one), which reads `parent.`");
        }
    }
    // A positioned value takes the attributes of a field of its type.
    for field in &input.positioned {
        check_field(cx, field);
        let attrs = &field.attrs;
        let unplaced = [
            (attrs.bits.as_ref().map(|b| b.span), "bits"),
            (attrs.pad.as_ref().map(|p| p.span), "pad"),
            (attrs.with.as_ref().map(|w| w.span), "with"),
            (attrs.at.as_ref().map(|a| a.span), "at"),
        ];
        for (span, keyword) in unplaced {
            if let Some(span) = span {
                cx.error_at(span, format_args!("`{keyword}` does not apply to a positioned value, which is read alone at its offset"));
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>) {
    let attrs = &field.attrs;
    // One way to give a length: report every further one at its keyword. A
    // repetition may end with `until` inside its `size` window.
    let repeated = match &field.shape {
        Shape::Option(inner) => matches!(**inner, Shape::Vec(_) | Shape::List(..)),
        shape => matches!(shape, Shape::Vec(_) | Shape::List(..)),
    };
    let lengths: Vec<(&str, Span)> = attrs.lengths().collect();
    if let [(first, _), rest @ ..] = &lengths[..] {
        for (second, span) in rest {
            if (*first, *second) == (SIZE, UNTIL) && repeated && rest.len() == 1 {
                continue;
            }
            cx.error_at(
                *span,
                format_args!("`{first}` and `{second}` cannot both be set on one field; keep one"),
            );
        }
    }
    if attrs.at.is_some() {
        // Read alone at its offset: nothing placed in the struct's bytes.
        if let Some(bits) = &attrs.bits {
            cx.error_at(bits.span, "`bits` and `at` cannot both be set on one field: a field read at an offset is read alone, not in a group of bit fields");
        }
    }
    if attrs.calc.is_some() {
        // Computed, not read: no attribute of how it is read applies.
        let read = [
            SIZE, COUNT, EOS, UNTIL, WHEN, TERMINATOR, BITS, PROCESS, TAG_FROM, PAD, MAGIC, WITH,
            AT, ITEM_SIZE, ARGS,
        ];
        if let Some(span) = attrs.first_of(&read) {
            cx.error_at(
                span,
                "`calc` computes the field instead of reading it; besides it, only `valid` applies",
            );
        }
        return;
    }
    if attrs.with.is_some() {
        let read = [WHEN, COUNT, EOS, UNTIL, TERMINATOR, BITS, PROCESS, TAG_FROM];
        if let Some(span) = attrs.first_of(&read) {
            cx.error_at(span, "`with` reads the whole field; besides it, only `size` (a window), `pad`, `magic` and `valid` apply");
        }
        // The module owns the field's layout: no rule of the field's type applies.
        return;
    }
    let shape = match &field.shape {
        Shape::Option(inner) => {
            if attrs.when.is_none() {
                cx.error_spanned_by(
                    field.ty,
                    "an `Option` field needs `#[when(EXPR)]` to say when it is present",
                );
            }
            &**inner
        }
        shape => {
            if let Some(when) = &attrs.when {
                cx.error_at(
                    when.span,
                    "`when` goes on an `Option` field; make the field `Option<_>`",
                );
            }
            shape
        }
    };
    check_lengths(cx, field, shape, &lengths);
    if let Some(skip) = &attrs.skip_rest {
        let windowed = match shape {
            Shape::Nested(_) => {
                attrs.size.is_some() || attrs.eos.is_some() || attrs.terminator.is_some()
            }
            Shape::Vec(inner) => {
                matches!(
                    **inner,
                    Shape::Nested(_) | Shape::Scalar(_) | Shape::Array | Shape::ArrayRef
                ) && (attrs.item_size.is_some() || attrs.terminator.is_some())
                    || attrs.size.is_some() && attrs.until.is_some()
            }
            Shape::List(..) => attrs.size.is_some() && attrs.until.is_some(),
            _ => false,
        };
        if !windowed {
            cx.error_at(
                skip.span,
                "`skip_rest` goes on a nested struct with `#[size(EXPR)]`, `#[eos]` or `#[terminator(BYTE)]` (or a `Vec` of them, or of numbers, with `item_size` or `terminator`), or on a repetition with `size` and `until`: it skips the bytes the value leaves of its window",
            );
        }
    }
    check_text(cx, field, shape);
    if let Some(magic) = &attrs.magic {
        if !is_unit(field) {
            cx.error_at(
                magic.span,
                "`magic` goes on a `()` field; declare the field as `_magic: ()`",
            );
        }
    }
    // `int`: a C-like enum (or an `Option` or `Vec` of one) read as that integer.
    let enum_as_int = attrs.int.is_some();
    if let Some(int) = &attrs.int {
        let nested = match shape {
            Shape::Nested(_) => true,
            Shape::Option(inner) | Shape::Vec(inner) => matches!(**inner, Shape::Nested(_)),
            _ => false,
        };
        if !nested {
            cx.error_at(
                int.span,
                "`int` goes on a field whose type is a C-like enum (`#[zerowire(repr = T)]`)",
            );
        } else if let Some(other) = attrs.first_of(&[BITS, WITH, ARGS, TAG_FROM]) {
            cx.error_at(other, "`int` reads the enum as one integer; it does not go with `bits`, `with`, `args` or `tag_from`");
        }
    }
    if let Some(endian) = &attrs.endian {
        let numeric = match shape {
            Shape::Scalar(_) => true,
            Shape::Vec(inner) | Shape::List(inner, _) => matches!(**inner, Shape::Scalar(_)),
            _ => enum_as_int,
        } || enum_as_int;
        if !numeric {
            cx.error_at(
                endian.span,
                "`endian` goes on number fields (`u16`..`f64`, `U24`, or a `Vec` of them)",
            );
        }
    }
    if let Some(tag_from) = &attrs.tag_from {
        let nested = match shape {
            Shape::Nested(_) => true,
            Shape::Vec(inner) => matches!(**inner, Shape::Nested(_)),
            _ => false,
        };
        if !nested {
            cx.error_at(
                tag_from.span,
                "`tag_from` goes on a field whose type is a tagged enum (`#[zerowire(tag = T)]`)",
            );
        }
    }
    if let Some(bits) = &attrs.bits {
        check_bits(cx, field, bits.value, bits.span);
    }
    let text = match shape {
        Shape::Vec(inner) => matches!(**inner, Shape::Text),
        shape => matches!(shape, Shape::Text),
    };
    match &attrs.encoding {
        Some(e) if !text => cx.error_at(e.span, "`encoding` goes on a `String` field (or a `Vec` of them): text in another encoding is decoded into a new buffer"),
        None if text => cx.error_spanned_by(field.ty, "a `String` field needs `#[encoding(\"..\")]` (`UTF-16LE`, `ISO-8859-1`, ...); UTF-8 text borrows as `&'a str`"),
        _ => {}
    }
    if let Some(process) = &attrs.process {
        let owned = |s: &Shape| match s {
            Shape::Vec(_) => s.is_processed(),
            Shape::Nested(ty) => ty.value.last_segment().is_some_and(|l| l.ident == "Owned"),
            _ => false,
        };
        let each = matches!(shape, Shape::Vec(inner) if owned(inner));
        if !owned(shape) && !each {
            cx.error_at(process.span, "`process` goes on a `Vec<u8>` field, an `Owned<T>` decoded from the new buffer, or a `Vec` of them: transformed bytes cannot be borrowed from the input");
        } else if !each && (attrs.count.is_some() || attrs.until.is_some()) {
            cx.error_at(
                process.span,
                "`process` takes its length from `size`, `eos` or `terminator`",
            );
        }
    }
    if let Some(item_size) = &attrs.item_size {
        let elements = matches!(shape, Shape::Vec(inner) if matches!(**inner, Shape::Bytes | Shape::Str | Shape::Scalar(_) | Shape::Array | Shape::ArrayRef | Shape::Nested(_)));
        let processed =
            matches!(shape, Shape::Vec(inner) if attrs.process.is_some() && inner.is_processed());
        if !elements && !processed {
            cx.error_at(
                item_size.span,
                "`item_size` goes on a `Vec` (of text, bytes, numbers, arrays, structs, or processed `Vec<u8>`): the size of each element",
            );
        }
    }
    if let Some(until) = &attrs.until {
        if !matches!(shape, Shape::Vec(_) | Shape::List(..)) {
            cx.error_at(until.span, "`until` goes on a repetition (`List` or `Vec`)");
        }
    }
    if let Shape::Vec(element) = shape {
        let own_length = attrs.terminator.is_some() || attrs.item_size.is_some();
        let sized = match **element {
            _ if attrs.process.is_some() && element.is_processed() => own_length,
            // Elements of a repeated bit field take `bits` each.
            Shape::Bool if attrs.bits.is_some() => true,
            Shape::Scalar(_) | Shape::Array | Shape::ArrayRef | Shape::Nested(_) => true,
            Shape::Bytes | Shape::Str | Shape::Text => own_length,
            _ => false,
        };
        if !sized {
            cx.error_spanned_by(
                field.ty,
                "a `Vec` element must know its own length (a number, an array, a struct, or text and bytes with `terminator` or `item_size`); wrap other elements in a struct with a `size` field",
            );
        }
    }
    if matches!(shape, Shape::Bool) && attrs.bits.is_none() {
        cx.error_spanned_by(field.ty, "a `bool` is a bit field; add `#[bits(1)]`");
    }
    if let Shape::OtherRef = shape {
        cx.error_spanned_by(field.ty, "zerowire decodes `&'a [u8]`, `&'a str` and `&'a [u8; N]` references; use one of them or an owned type");
    }
}

/// `terminator` and `pad_right`: on bytes, text and nested structs, or a
/// `Vec` of them.
fn check_text(cx: &Ctxt, field: &Field<'_>, shape: &Shape) {
    let attrs = &field.attrs;
    let process = attrs.process.is_some();
    // Processed bytes (the whole field or each element) end like bytes.
    let text = |s: &Shape| {
        matches!(
            s,
            Shape::Bytes | Shape::Str | Shape::Text | Shape::Nested(_)
        ) || process && s.is_processed()
    };
    let element = match shape {
        Shape::Vec(inner) => Some(&**inner),
        _ => None,
    };
    if let Some(t) = &attrs.terminator {
        if !text(shape) && !element.is_some_and(text) {
            cx.error_at(
                t.span,
                "`terminator` goes on `&[u8]`, `&str` or nested struct fields, or a `Vec` of them",
            );
        } else if let Some((keyword, span)) = attrs
            .lengths()
            .find(|(k, _)| text(shape) && *k != SIZE && *k != EOS)
        {
            cx.error_at(span, format_args!("`{keyword}` and `terminator` cannot both be set on one field; keep one (with `size` or `eos`, the terminator is searched inside them)"));
        }
    }
    if let Some(pad) = &attrs.pad_right {
        let sized = if text(shape) {
            attrs.size.is_some() || attrs.eos.is_some()
        } else {
            element.is_some_and(text) && attrs.item_size.is_some()
        };
        if !sized {
            cx.error_at(
                pad.span,
                "`pad_right` goes on a `&[u8]`, `&str` or nested struct field with `size` or `eos`, or a `Vec` of them with `item_size`",
            );
        }
    }
}

fn check_lengths(cx: &Ctxt, field: &Field<'_>, shape: &Shape, lengths: &[(&str, Span)]) {
    // Processed bytes may also end at a terminator.
    let terminated_bytes = field.attrs.process.is_some() && field.attrs.terminator.is_some();
    let has_length = !lengths.is_empty();
    match shape {
        Shape::Bytes | Shape::Str | Shape::Text | Shape::MutBytes
            if !has_length && field.attrs.terminator.is_none() =>
        {
            let what = match shape {
                Shape::Str => "`&str`",
                Shape::Text => "`String`",
                Shape::MutBytes => "`&mut [u8]`",
                _ => "`&[u8]`",
            };
            cx.error_spanned_by(
                field.ty,
                format_args!("{what} needs a length; add `#[size(EXPR)]`, `#[terminator(BYTE)]` or `#[eos]`"),
            );
        }
        Shape::Vec(_) | Shape::List(..)
            if !(has_length || terminated_bytes) =>
        {
            cx.error_spanned_by(
            field.ty,
                "a repetition needs a length; add `#[count(EXPR)]`, `#[size(EXPR)]`, `#[until(EXPR)]` or `#[eos]`",
            )
        }
        Shape::Array | Shape::ArrayRef => {
            for (keyword, span) in lengths {
                cx.error_at(
                    *span,
                    format_args!("`{keyword}` cannot be set on `{}`: an array has a fixed size; remove `{keyword}`", field.ty.to_token_stream()),
                );
            }
        }
        Shape::Scalar(ty) => {
            for (keyword, span) in lengths {
                cx.error_at(
                    *span,
                    format_args!(
                        "`{keyword}` cannot be set on `{}`: it has a fixed size; remove `{keyword}`",
                        ty.to_token_stream()
                    ),
                );
            }
        }
        Shape::Bytes | Shape::Str | Shape::Text | Shape::Nested(_) => {
            // `until` has its own rule in `check_field`.
            if let Some((keyword, span)) = lengths.iter().find(|(k, _)| *k == COUNT) {
                cx.error_at(
                    *span,
                    format_args!("`{keyword}` goes on a repetition (`List` or `Vec`); for a byte length use `{SIZE}`"),
                );
            }
        }
        Shape::Endian => {
            for (keyword, span) in lengths {
                cx.error_at(*span, format_args!("`{keyword}` cannot be set on an `Endian` field: it holds the struct's byte order and reads no bytes"));
            }
        }
        Shape::Vec(_)
        | Shape::List(..)
        | Shape::Option(_)
        | Shape::OtherRef
        | Shape::Bool
        | Shape::MutBytes => {}
    }
}

fn is_unit(field: &Field<'_>) -> bool {
    matches!(&field.ty.value, Type::Tuple(elems) if elems.is_empty())
}

/// A bit field is an unsigned integer of at least its bits, or a one-bit `bool`,
/// with no other layout attribute.
fn check_bits(cx: &Ctxt, field: &Field<'_>, bits: u32, span: Span) {
    // A repeated bit field (`Vec<T>` with `count` or `eos`): each element's type.
    let repeated = matches!(field.shape, Shape::Vec(_));
    let optional = matches!(field.shape, Shape::Option(_));
    let elem = match (&field.ty.value, repeated || optional) {
        (ty, false) => Some(ty),
        (ty, true) => ty.last_segment().and_then(|s| match &s.arguments {
            crate::syntax::Arguments::Angle(args) => args.iter().find_map(|a| match a {
                crate::syntax::Argument::Type(t) => Some(&t.value),
                _ => None,
            }),
            _ => None,
        }),
    };
    if repeated && field.attrs.count.is_none() && field.attrs.eos.is_none() {
        cx.error_at(span, "a repeated bit field takes `count` or `eos`");
    }
    let width = match elem
        .and_then(|t| t.plain_ident())
        .map(|i| i.to_string())
        .as_deref()
    {
        Some("bool") => Some(1),
        Some("u8") => Some(8),
        Some("u16") => Some(16),
        Some("u32") => Some(32),
        Some("u64") => Some(64),
        _ => None,
    };
    match width {
        // A C-like enum (the compiler checks `FromBits`).
        None if matches!(&field.shape, Shape::Nested(_))
            || matches!(&field.shape, Shape::Option(inner) if matches!(**inner, Shape::Nested(_))) => {}
        None => cx.error_at(
            span,
            "`bits` goes on `bool`, an unsigned integer (`u8`..`u64`) or a C-like enum, an `Option` of one (with `when`), or a `Vec` of `bool` or unsigned integers",
        ),
        Some(width) if bits > width => cx.error_at(
            span,
            format_args!(
                "{bits} bits do not fit in `{}`; use a wider type",
                field.ty.to_token_stream()
            ),
        ),
        Some(_) => {}
    }
    let layout: &[&str] = if repeated {
        &[SIZE, UNTIL, ENDIAN, PAD, MAGIC, WHEN]
    } else {
        &[SIZE, COUNT, EOS, ENDIAN, PAD, MAGIC]
    };
    if let Some(other) = field.attrs.first_of(layout) {
        cx.error_at(
            other,
            "a `bits` field takes no other layout attribute; only `valid`, and `when` on an `Option`",
        );
    }
}
