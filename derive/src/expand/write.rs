//! The body of `encode`/`encode_in`: lengths measured or checked, then each field written.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};

use super::{FieldPlan, Length, Measure, Plan, Root};
use crate::ast::Shape;
use crate::expr::Rewritten;
use crate::sanitize;
use crate::syntax::Path;
use crate::tokens::Kept;

impl Plan<'_> {
    pub(super) fn encode_body(&self, root: &Root) -> TokenStream {
        let out = sanitize::out();
        // Expressions see the fields as locals, as on decode.
        let locals = self.input.fields.iter().map(|f| {
            let (local, member) = (&f.local, &f.member);
            if f.shape.by_value() {
                quote!(#[allow(unused_variables)] let #local = self.#member;)
            } else {
                quote!(#[allow(unused_variables)] let #local = &self.#member;)
            }
        });
        let recomputed = self.fields.iter().filter_map(|plan| {
            let (data, measure) = plan.length_of?;
            let (local, data) = (&plan.field.local, &self.input.fields[data].local);
            let ty = plan.field.ty;
            let measured = match measure {
                Measure::Len => quote!(#data.len()),
                Measure::ListBytes => quote!(#data.as_bytes().len()),
            };
            let len = self.at(
                plan,
                quote!(::zerowire::__private::from_len(#measured, #out.len())),
            );
            Some(quote!(let #local: #ty = #len;))
        });
        let view = self.input.has_view().then(|| self.encode_view());
        let magic = self
            .input
            .attrs
            .magic
            .as_ref()
            .map(|m| quote!(#out.extend_from_slice(#m);));
        let fields = self.fields.iter().map(|plan| self.encode_field(plan, root));
        let endian = self.endian_prelude(quote!(#out.len()));
        quote! {
            #(#locals)*
            #(#recomputed)*
            #endian
            #view
            #magic
            #(#fields)*
            ::zerowire::__private::Ok(())
        }
    }

    /// This struct's view while encoding: every field, lengths as recomputed.
    pub(super) fn encode_view(&self) -> TokenStream {
        let name = sanitize::view_struct(self.input.ident);
        let view = sanitize::view();
        let fields = self.input.fields.iter().map(|f| {
            let (field, local) = (&f.view_field, &f.local);
            if f.shape.by_value() {
                quote!(#field: ::zerowire::__private::Some(&#local))
            } else {
                quote!(#field: ::zerowire::__private::Some(#local))
            }
        });
        let marker = self.view_marker();
        quote! {
            let #view = #name { #(#fields,)* #marker };
        }
    }

    pub(super) fn encode_field(&self, plan: &FieldPlan<'_>, root: &Root) -> TokenStream {
        // A field read at an offset holds bytes that other fields (or none
        // of them) write: it writes nothing here.
        // A computed field writes nothing either: the fields it is computed from do.
        if plan.at.is_some() || plan.calc.is_some() {
            return TokenStream::new();
        }
        let (out, at) = (sanitize::out(), sanitize::at());
        let start = plan
            .needs_at_on_encode()
            .then(|| quote!(let #at = #out.len();));
        let pad = plan.pad.as_ref().map(|pad| {
            let n = self.length_value(plan, pad, quote!(#out.len()));
            quote!(::zerowire::__private::zeros(#out, #n);)
        });
        let magic = plan.field.attrs.magic.as_ref().map(|m| {
            let magic = &m.value;
            quote!(#out.extend_from_slice(#magic);)
        });
        let local = &plan.field.local;
        // Encode locals are values for numbers, slices and text, else references already.
        // A check that reads `io` holds only while decoding: not checked here.
        let valid = plan
            .valid
            .as_ref()
            .filter(|check| !check.reads_io)
            .map(|check| self.valid(plan, check, quote!(#local)));
        let value = if plan.field.shape.by_value() {
            quote!((&#local))
        } else {
            quote!(#local)
        };
        let write = match (plan.bits, &plan.field.attrs.with, &plan.run) {
            (Some(bits), ..) => self.write_bits(plan, bits, &value),
            (None, Some(with), _) => self.write_with(plan, &with.value, &value),
            (None, None, Some(run)) => self.write_in_run(plan, run, &value),
            (None, None, None) => self.write_value(plan, &plan.field.shape, &value, root),
        };
        quote! {
            #start
            #pad
            #magic
            #valid
            #write
        }
    }

    /// A field of a run of fixed-size fields: its bytes go into the run's
    /// buffer (opened at the first field), which the last field appends at once.
    fn write_in_run(
        &self,
        plan: &FieldPlan<'_>,
        run: &super::size::Run,
        value: &TokenStream,
    ) -> TokenStream {
        let (out, buf) = (sanitize::out(), sanitize::run());
        let (from, to, total) = (run.offset, run.offset + run.size, run.total);
        let endian = &plan.endian;
        let open = run.first().then(|| quote!(let mut #buf = [0u8; #total];));
        let close = run.last.then(|| quote!(#out.extend_from_slice(&#buf);));
        let write = match plan.field.shape {
            Shape::ArrayRef => quote!(::zerowire::__private::RunRef::to_run),
            _ => quote!(::zerowire::__private::RunField::to_run),
        };
        quote! {
            #open
            #write(#value, &mut #buf[#from..#to], #endian);
            #close
        }
    }

    /// `#[with(PATH)]`: `PATH::encode`, padded to its window when the field has a `size`.
    fn write_with(
        &self,
        plan: &FieldPlan<'_>,
        with: &Kept<Path>,
        value: &TokenStream,
    ) -> TokenStream {
        let out = sanitize::out();
        let span = with.value.span();
        let write = self.at(plan, quote_spanned!(span=> #with::encode(#value, #out)));
        match &plan.length {
            Some(Length::Size(n)) => self.write_windowed(plan, n, write),
            _ => quote!(#write;),
        }
    }

    /// `write` inside a window of `n` bytes: padded with zeros to `n`, or
    /// `LengthMismatch` when it wrote more.
    fn write_windowed(
        &self,
        plan: &FieldPlan<'_>,
        n: &Rewritten,
        write: TokenStream,
    ) -> TokenStream {
        let (out, start, len) = (sanitize::out(), sanitize::start(), sanitize::len());
        let n = self.length_value(plan, n, quote!(#out.len()));
        let close = self.at(
            plan,
            quote!(::zerowire::__private::close_window(#out, #start, #len)),
        );
        quote!({
            let #len = #n;
            let #start = #out.len();
            #write;
            #close;
        })
    }

    /// A bit field: a writer opens with the group and flushes where it closes;
    /// a conditional one is written when present (and checked against its
    /// `when`, unless that reads `io`). `value` is a reference to the field.
    fn write_bits(
        &self,
        plan: &FieldPlan<'_>,
        bits: super::Bits,
        value: &TokenStream,
    ) -> TokenStream {
        let (out, writer, n) = (sanitize::out(), sanitize::bits(), bits.n);
        let open = bits
            .opens
            .map(|_| quote!(let mut #writer = ::zerowire::__private::BitWriter::default();));
        let (write, finish) = if bits.lsb {
            (quote!(write_lsb), quote!(finish_lsb))
        } else {
            (quote!(write), quote!(finish))
        };
        let write_one = |shape: &Shape, item: TokenStream| {
            let bits = match shape {
                // A C-like enum, by reference.
                Shape::Nested(_) => quote!(::zerowire::__private::FromBits::to_bits(#item)),
                _ => quote!(*#item as u64),
            };
            self.at(plan, quote!(#writer.#write(#out, #bits, #n)))
        };
        let write = match &plan.field.shape {
            Shape::Option(inner) => {
                let (item, at) = (sanitize::item(), sanitize::at());
                let presence = match plan.when.as_ref().filter(|w| !w.reads_io) {
                    Some(w) => {
                        let when = self.value_of(plan, w);
                        let check = self.at(
                            plan,
                            quote!(::zerowire::__private::presence(#when, #value.is_some(), #at)),
                        );
                        quote!(#check;)
                    }
                    None => TokenStream::new(),
                };
                let write = write_one(inner, item.to_token_stream());
                quote! {
                    #presence
                    if let ::zerowire::__private::Some(#item) = ::zerowire::__private::Option::as_ref(#value) {
                        #write;
                    }
                }
            }
            shape => {
                let write = write_one(shape, value.clone());
                quote!(#write;)
            }
        };
        let close = bits.closes.then(|| quote!(#writer.#finish(#out);));
        quote! {
            #open
            #write
            #close
        }
    }

    /// Statements that encode `value` (a reference) of `shape`.
    pub(super) fn write_value(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        value: &TokenStream,
        root: &Root,
    ) -> TokenStream {
        let out = sanitize::out();
        let size = |expr: &Rewritten| self.length_value(plan, expr, quote!(#out.len()));
        let check = |found: TokenStream, n: &Rewritten| {
            let n = size(n);
            let check = self.at(
                plan,
                quote!(::zerowire::__private::check_len(#found, #n, #out.len())),
            );
            quote!(#check;)
        };
        // A length that reads `io` is known only while decoding: not checked here.
        let length = match &plan.length {
            Some(Length::Size(n) | Length::Count(n)) if n.reads_io => &None,
            length => length,
        };
        match (shape, length) {
            (Shape::Option(inner), _) => {
                let (item, at) = (sanitize::item(), sanitize::at());
                let when = plan
                    .when
                    .as_ref()
                    .map_or_else(|| quote!(true), |w| self.value_of(plan, w));
                let presence = if plan.when.as_ref().is_some_and(|w| w.reads_io) {
                    TokenStream::new()
                } else {
                    self.at(
                        plan,
                        quote!(::zerowire::__private::presence(#when, #value.is_some(), #at)),
                    )
                };
                let write = self.write_value(plan, inner, &item.to_token_stream(), root);
                quote! {
                    #presence;
                    if let ::zerowire::__private::Some(#item) = #value {
                        #write
                    }
                }
            }
            // Transformed bytes: the inverse transformation, written like `&[u8]`.
            (shape, length) if plan.process.is_some() && shape.is_processed() => {
                let (process, raw) = (&plan.process, sanitize::item());
                let write = match length {
                    // A value that skipped the rest of its window: zeros fill it.
                    Some(Length::Size(n)) if plan.skip_rest => {
                        let n = size(n);
                        let (terminator, pad) = self.fixed_options(plan);
                        let write = self.at(
                            plan,
                            quote!(::zerowire::__private::write_fixed(#out, &#raw, #n, #pad, #terminator)),
                        );
                        quote!(#write;)
                    }
                    _ => self.write_value(plan, &Shape::Bytes, &quote!(#raw.as_slice()), root),
                };
                quote!({
                    let #raw = ::zerowire::__private::unprocess(#value, #process);
                    #write
                })
            }
            // A nested value in its own window, closed by its terminator or padding.
            (Shape::Nested(_), length) if plan.terminator.is_some() || plan.pad_right.is_some() => {
                let element = self.write_element(plan, shape, value, root);
                let n = match length {
                    Some(Length::Size(n)) => Some(size(n)),
                    _ => None,
                };
                let write = self.at(plan, self.close_window(plan, n, element));
                quote!(#write;)
            }
            (Shape::Scalar(_) | Shape::Array | Shape::ArrayRef, _)
            | (Shape::Nested(_), None | Some(Length::Eos | Length::Count(_) | Length::Until(_))) => {
                let write = self.at(plan, self.write_element(plan, shape, value, root));
                quote!(#write;)
            }
            // Text in another encoding: encoded, then written like `&[u8]`.
            (Shape::Text, _) => {
                let (encoding, raw) = (&plan.encoding, sanitize::raw());
                let encoded = self.at(
                    plan,
                    quote!(::zerowire::__private::encode_text(#value, #encoding, #out.len())),
                );
                let write = self.write_value(plan, &Shape::Bytes, &quote!(#raw.as_slice()), root);
                quote!({
                    let #raw = #encoded;
                    #write
                })
            }
            (Shape::Bytes | Shape::Str, length) => {
                let bytes = if let Shape::Str = shape {
                    quote!(#value.as_bytes())
                } else {
                    quote!(#value)
                };
                match (length, &plan.terminator) {
                    (Some(Length::Size(n)), None) if plan.pad_right.is_none() => {
                        let check = check(quote!(#bytes.len()), n);
                        quote! {
                            #check
                            #out.extend_from_slice(#bytes);
                        }
                    }
                    (Some(Length::Size(n)), _) => {
                        let n = size(n);
                        let (terminator, pad) = self.fixed_options(plan);
                        let write = self.at(
                            plan,
                            quote!(::zerowire::__private::write_fixed(#out, #bytes, #n, #pad, #terminator)),
                        );
                        quote!(#write;)
                    }
                    (_, Some(terminator)) => {
                        let write = self.at(
                            plan,
                            quote!(::zerowire::__private::write_terminated(#out, #bytes, #terminator)),
                        );
                        quote!(#write;)
                    }
                    _ => quote!(#out.extend_from_slice(#bytes);),
                }
            }
            (Shape::Nested(_), Some(Length::Size(n))) => {
                let write = self.at(plan, self.write_element(plan, shape, value, root));
                self.write_windowed(plan, n, write)
            }
            // A repeated bit field: its elements' bits, the last byte padded.
            (Shape::Vec(inner), length) if plan.bit_array.is_some() => {
                let (n, lsb) = (
                    plan.bit_array.unwrap_or_default(),
                    plan.field.attrs.lsb_first(self.input.attrs),
                );
                let write = self.at(
                    plan,
                    quote!(::zerowire::__private::write_bit_array(#out, #value, #n, #lsb)),
                );
                let check = |done| quote!(::zerowire::__private::check_until(#value.iter(), #done, #out.len()));
                self.write_repetition(plan, length, value, write, (inner, 2), &check)
            }
            (Shape::Vec(inner), length) => {
                let item = sanitize::item();
                let element = self.write_item(plan, inner, &item.to_token_stream(), root);
                let index = super::read::index_param(plan);
                let before = super::read::before_param(plan);
                let write = self.at(
                    plan,
                    quote!(::zerowire::__private::encode_each(#value, |#item, #index, #before| #element)),
                );
                let check = |done| quote!(::zerowire::__private::check_until(#value.iter(), #done, #out.len()));
                self.write_repetition(plan, length, value, write, (inner, 2), &check)
            }
            (Shape::List(inner, ty), length) => {
                // Elements of a struct decode inside this one (`read_*_in`).
                let check = |done: TokenStream| match **inner {
                    Shape::Nested(_) => {
                        let (view, root_ty, root_view) = (sanitize::view(), &root.ty, &root.view);
                        quote!(<#ty>::check_until_in::<Self, #root_ty>(#value, &#view, #root_view, #done, #out.len()))
                    }
                    _ => {
                        quote!(::zerowire::__private::check_until(#value.iter(), #done, #out.len()))
                    }
                };
                let write = self.at(
                    plan,
                    quote!(::zerowire::__private::List::encode(#value, #out)),
                );
                self.write_repetition(plan, length, value, write, (inner, 1), &check)
            }
            (Shape::Endian | Shape::OtherRef | Shape::Bool | Shape::MutBytes, _) => {
                TokenStream::new()
            }
        }
    }

    /// Writes a repetition with `write`, checking its `count`, `until` or `size`
    /// first or after. `element` is the element shape and how many references
    /// deep its iterator yields it.
    pub(super) fn write_repetition(
        &self,
        plan: &FieldPlan<'_>,
        length: &Option<Length>,
        value: &TokenStream,
        write: TokenStream,
        element: (&Shape, usize),
        check_until: &dyn Fn(TokenStream) -> TokenStream,
    ) -> TokenStream {
        let (out, start, len) = (sanitize::out(), sanitize::start(), sanitize::len());
        // `until` and `count` are checked before writing.
        // (Encoding has no reader: an `until` over `io` is not checked.)
        let check_first = match length {
            Some(Length::Until(cond)) if cond.reads_io => None,
            Some(Length::Until(cond)) => {
                let done = self.until_check(cond, element.0, element.1, false);
                Some(check_until(done))
            }
            Some(Length::Count(n)) => {
                let n = self.length_value(plan, n, quote!(#out.len()));
                Some(quote!(::zerowire::__private::check_len(#value.len(), #n, #out.len())))
            }
            _ => None,
        };
        if let Some(check) = check_first {
            let check = self.at(plan, check);
            return quote!(#check; #write;);
        }
        match length {
            Some(Length::Size(n)) => {
                let n = self.length_value(plan, n, quote!(#out.len()));
                // Ending with `until` inside its window: checked first, and
                // with `skip_rest` the rest of the window is zeros.
                let until = plan
                    .window_until
                    .as_ref()
                    .filter(|c| !c.reads_io)
                    .map(|cond| {
                        let done = self.until_check(cond, element.0, element.1, false);
                        let check = self.at(plan, check_until(done));
                        quote!(#check;)
                    });
                let check = if plan.skip_rest && until.is_some() {
                    quote!(::zerowire::__private::close_fixed(#out, #start, #len, ::zerowire::__private::Some(0), ::zerowire::__private::None))
                } else {
                    quote!(::zerowire::__private::check_len(#out.len() - #start, #len, #start))
                };
                let check = self.at(plan, check);
                quote!({
                    #until
                    let #len = #n;
                    let #start = #out.len();
                    #write;
                    #check;
                })
            }
            _ => quote!(#write;),
        }
    }

    /// A `Result` of encoding one element of a `Vec`: a number, an array or a
    /// struct with `item_size` or a terminator is closed like its window.
    fn write_item(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        value: &TokenStream,
        root: &Root,
    ) -> TokenStream {
        let out = sanitize::out();
        if let (Shape::Text, Some(encoding)) = (shape, &plan.encoding) {
            // Each element encoded, then written like bytes.
            let raw = sanitize::raw();
            let write = self.write_element(plan, &Shape::Bytes, &quote!(#raw.as_slice()), root);
            return quote!(match ::zerowire::__private::encode_text(#value, #encoding, #out.len()) {
                ::zerowire::__private::Ok(#raw) => #write,
                ::zerowire::__private::Err(e) => ::zerowire::__private::Err(e),
            });
        }
        if plan.process.is_some() && shape.is_processed() {
            // Each element transformed back, then written like bytes.
            let (process, raw) = (&plan.process, sanitize::raw());
            let write = self.write_element(plan, &Shape::Bytes, &quote!(#raw.as_slice()), root);
            return quote!({
                let #raw = ::zerowire::__private::unprocess(#value, #process);
                #write
            });
        }
        let element = self.write_element(plan, shape, value, root);
        let windowed = matches!(
            shape,
            Shape::Scalar(_) | Shape::Array | Shape::ArrayRef | Shape::Nested(_)
        );
        match &plan.item_size {
            _ if !windowed => element,
            Some(n) => {
                let n = self.element_len(n, quote!(#out.len()));
                self.close_window(plan, Some(n), element)
            }
            None if plan.terminator.is_some() => self.close_window(plan, None, element),
            None => element,
        }
    }

    /// A `Result`: `write` (a `Result`), then the window it wrote closed: padded
    /// to `size` with its terminator inside, or else ended by its terminator.
    fn close_window(
        &self,
        plan: &FieldPlan<'_>,
        size: Option<TokenStream>,
        write: TokenStream,
    ) -> TokenStream {
        let (out, start) = (sanitize::out(), sanitize::start());
        let (terminator, pad) = self.fixed_options(plan);
        let close = match (size, &plan.terminator) {
            (Some(n), _) => {
                quote!(::zerowire::__private::close_fixed(#out, #start, #n, #pad, #terminator))
            }
            (None, Some(t)) => quote!(::zerowire::__private::close_terminated(#out, #start, #t)),
            (None, None) => quote!(::zerowire::__private::Ok(())),
        };
        quote!({
            let #start = #out.len();
            match #write {
                ::zerowire::__private::Ok(()) => #close,
                ::zerowire::__private::Err(e) => ::zerowire::__private::Err(e),
            }
        })
    }

    /// A `Result` of encoding one scalar or nested value (a reference).
    pub(super) fn write_element(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        value: &TokenStream,
        root: &Root,
    ) -> TokenStream {
        let (lt, out) = (&self.lifetime, sanitize::out());
        match shape {
            Shape::Scalar(ty) => {
                let endian = &plan.endian;
                quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::encode_endian(#value, #out, #endian))
            }
            Shape::Array | Shape::ArrayRef => {
                quote!(::zerowire::__private::write_bytes(#out, #value))
            }
            Shape::Bytes | Shape::Str => {
                let bytes = match shape {
                    Shape::Str => quote!(#value.as_bytes()),
                    _ => quote!(#value),
                };
                match (&plan.item_size, &plan.terminator) {
                    (Some(n), None) if plan.pad_right.is_none() => {
                        let n = self.element_len(n, quote!(#out.len()));
                        quote!(::zerowire::__private::write_sized(#out, #bytes, #n))
                    }
                    (Some(n), _) => {
                        let n = self.element_len(n, quote!(#out.len()));
                        let (terminator, pad) = self.fixed_options(plan);
                        quote!(::zerowire::__private::write_fixed(#out, #bytes, #n, #pad, #terminator))
                    }
                    (None, terminator) => {
                        quote!(::zerowire::__private::write_terminated(#out, #bytes, #terminator))
                    }
                }
            }
            // A C-like enum written as another integer (`#[int(u16)]`).
            Shape::Nested(ty) if plan.field.attrs.int.is_some() => {
                let (int, endian) = (
                    plan.field.attrs.int.as_ref().map(|i| &i.value),
                    &plan.endian,
                );
                quote_spanned! {ty.span()=>
                    ::zerowire::__private::encode_int_enum::<#int, #ty>(#value, #out, #endian)
                }
            }
            Shape::Nested(ty) => {
                let (root_ty, root_view) = (&root.ty, &root.view);
                let (holder, view) = self.holder(plan, root);
                match (&plan.tag_from, &plan.args) {
                    (_, Some(args)) => {
                        let (a, names, exprs) = self.args_parts(plan, args);
                        let call = quote_spanned! {ty.span()=>
                            <#ty as ::zerowire::__private::CodecWith<#lt, #holder, #root_ty>>::encode_with(#value, #out, &#a, #view, #root_view)
                        };
                        quote!({ let #a = <#ty as ::zerowire::__private::HasArgs>::args() #(.#names(#exprs))*; #call })
                    }
                    // The tag is bound first so that the call carries only the
                    // type's span: a missing `Tagged` is one error, on the type.
                    (Some(tag), None) => {
                        let call = quote_spanned! {ty.span()=>
                            <#ty as ::zerowire::__private::Tagged<#lt, #holder, #root_ty>>::encode_tagged(#value, #out, __tag, #view, #root_view)
                        };
                        let tag = match tag.is_checked() {
                            true => self.value_of(plan, tag),
                            false => tag.operand(),
                        };
                        quote!({ let __tag = &#tag; #call })
                    }
                    (None, None) => quote_spanned! {ty.span()=>
                        <#ty as ::zerowire::__private::CodecIn<#lt, #holder, #root_ty>>::encode_in(#value, #out, #view, #root_view)
                    },
                }
            }
            _ => quote!(::core::unreachable!()),
        }
    }
}
