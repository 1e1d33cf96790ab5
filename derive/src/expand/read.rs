//! The body of `read`/`read_in`: each field decoded into a local of its name.

use crate::tokens::{self, Kept};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

use super::{FieldPlan, Length, Plan, Root};
use crate::ast::{Shape, Style};
use crate::expr::Rewritten;
use crate::sanitize;
use crate::syntax::Path;

impl Plan<'_> {
    pub(super) fn read_body(&self, root: &Root) -> TokenStream {
        let r = sanitize::reader();
        // Only structs with bit fields pay for a bit reader.
        let bits = self
            .fields
            .iter()
            .any(|f| f.bits.is_some_and(|b| !b.streamed))
            .then(|| {
                let reader = sanitize::bits();
                quote!(let mut #reader = ::zerowire::__private::BitReader::new(&[]);)
            });
        let stream = self
            .fields
            .iter()
            .any(|f| f.bits.is_some_and(|b| b.streamed))
            .then(|| {
                let stream = sanitize::bit_stream();
                quote!(let mut #stream = ::zerowire::__private::BitStream::default();)
            });

        let magic = self.input.attrs.magic.as_ref().map(|magic| {
            let ty = self.ty_name();
            quote! {
                if let ::zerowire::__private::Err(e) = ::zerowire::__private::magic(#r, #magic) {
                    return ::zerowire::__private::Err(e.in_type(&#ty));
                }
            }
        });
        let fields = self
            .fields
            .iter()
            .enumerate()
            .map(|(index, plan)| self.read_field(index, plan, root));
        let construct = self.construct(true);
        let endian = self.endian_prelude(quote!(#r.position()));
        quote! {
            #endian
            #magic
            #bits
            #stream
            #(#fields)*
            ::zerowire::__private::Ok(#construct)
        }
    }

    pub(super) fn read_field(
        &self,
        index: usize,
        plan: &FieldPlan<'_>,
        root: &Root,
    ) -> TokenStream {
        let (r, at) = (sanitize::reader(), sanitize::at());
        let local = &plan.field.local;
        let start = plan.needs_at().then(|| quote!(let #at = #r.position();));
        let pad = plan.pad.as_ref().map(|pad| {
            let (n, len) = (
                sanitize::len(),
                self.length_value(plan, pad, quote!(#r.position())),
            );
            let skip = self.at(plan, quote!(#r.skip(#n)));
            quote!({ let #n = #len; #skip; })
        });
        let magic = plan.field.attrs.magic.as_ref().map(|m| {
            let magic = &m.value;
            let check = self.at(plan, quote!(::zerowire::__private::magic(#r, #magic)));
            quote!(#check;)
        });
        let view = plan
            .field
            .shape
            .has_nested()
            .then(|| self.decode_view(index));
        let read = match (plan.bits, &plan.field.attrs.with, &plan.run) {
            // Computed from the fields before it, not read.
            _ if plan.calc.is_some() => plan
                .calc
                .as_ref()
                .map(|c| self.value_of(plan, c))
                .unwrap_or_default(),
            (Some(bits), ..) => self.read_bits(plan, bits),
            (None, Some(with), _) => self.read_with(plan, &with.value),
            (None, None, Some(run)) => self.read_in_run(plan, run),
            (None, None, None) => self.read_value(plan, &plan.field.shape, &r, root),
        };
        // Read at an offset by a reader of its own, padding and magic too:
        // this one stays where it is.
        let (read, pad, magic) = match &plan.at {
            Some((offset, in_window)) => {
                let seek = if *in_window {
                    quote!(in_window)
                } else {
                    quote!(at)
                };
                let offset = self.length_value(plan, offset, quote!(#r.position()));
                let open = self.at(plan, quote!(#r.input().#seek(#offset)));
                let read =
                    quote!({ let mut __seek = #open; let #r = &mut __seek; #pad #magic #read });
                (read, None, None)
            }
            None => (read, pad, magic),
        };
        // Later expressions see the field as encode does: by value for
        // numbers, slices and text, else by reference to the decoded value.
        let bind = if plan.field.shape.by_value() {
            quote!(let #local = { #view #read };)
        } else {
            let held = sanitize::held(local);
            quote!(let #held = { #view #read }; let #local = &#held;)
        };
        let valid = plan
            .valid
            .as_ref()
            .map(|check| self.valid(plan, check, quote!(#local)));
        let run = plan.run.as_ref().and_then(|run| self.open_run(run));
        quote! {
            #start
            #pad
            #magic
            #run
            #bind
            #valid
        }
    }

    /// Where a run opens: its bytes, taken at once (one bounds check), as a
    /// `&[u8; N]` that the run's fields slice with constant bounds.
    fn open_run(&self, run: &super::size::Run) -> Option<TokenStream> {
        if !run.first() {
            return None;
        }
        let total = run.total;
        let (r, bytes, start, ty) = (
            sanitize::reader(),
            sanitize::run(),
            sanitize::run_start(),
            self.ty_name(),
        );
        let fields = run
            .fields
            .iter()
            .map(|(name, size)| quote!((&#name, #size)));
        Some(quote! {
            let #start = #r.position();
            let #bytes: &[u8; #total] = match ::zerowire::__private::take_run::<#total>(#r) {
                ::zerowire::__private::Some(bytes) => bytes,
                ::zerowire::__private::None => {
                    return ::zerowire::__private::Err(::zerowire::__private::run_error(#start, #r.remaining(), &#ty, &[#(#fields),*]));
                }
            };
        })
    }

    /// `Self` built from the locals that hold the decoded fields; with
    /// `held`, a field bound by reference comes from its held value.
    pub(super) fn construct(&self, held: bool) -> TokenStream {
        let locals = self.input.fields.iter().map(|f| {
            if held && !f.shape.by_value() {
                sanitize::held(&f.local)
            } else {
                f.local.clone()
            }
        });
        match self.input.style {
            Style::Named => {
                let members = self.input.fields.iter().map(|f| &f.member);
                quote!(Self { #(#members: #locals),* })
            }
            Style::Tuple => quote!(Self(#(#locals),*)),
            Style::Unit => quote!(Self),
        }
    }

    /// A field of a run, read from its constant sub-slice of the run's bytes:
    /// numbers and byte arrays cannot fail there, so they take one call and no
    /// error path; a `&[u8; N]` borrows through a reader over the sub-slice.
    fn read_in_run(&self, plan: &FieldPlan<'_>, run: &super::size::Run) -> TokenStream {
        let (r, bytes, start) = (sanitize::reader(), sanitize::run(), sanitize::run_start());
        let (from, to) = (run.offset, run.offset + run.size);
        if let Shape::Scalar(_) | Shape::Array = plan.field.shape {
            let (ty, endian) = (plan.field.ty, &plan.endian);
            return quote! {
                <#ty as ::zerowire::__private::RunField>::from_run(&#bytes[#from..#to], #endian)
            };
        }
        let no_root = Root {
            ty: TokenStream::new(),
            view: TokenStream::new(),
            parent: TokenStream::new(),
        };
        let element = self.read_element(plan, &plan.field.shape, &r, &no_root);
        self.at(plan, quote!({
            let #r = &mut ::zerowire::__private::Reader::with_offset(&#bytes[#from..#to], #start + #from);
            #element
        }))
    }

    /// `#[with(PATH)]`: `PATH::read`, inside a window when the field has a `size`.
    fn read_with(&self, plan: &FieldPlan<'_>, with: &Kept<Path>) -> TokenStream {
        let (r, w) = (sanitize::reader(), sanitize::window());
        match &plan.length {
            Some(Length::Size(n)) => {
                let read = self.at(plan, quote_spanned!(with.value.span()=> #with::read(#w)));
                self.read_windowed(plan, n, read)
            }
            _ => self.at(plan, quote_spanned!(with.value.span()=> #with::read(#r))),
        }
    }

    /// `read` (which reads from `__w`) inside a window of `n` bytes; the reader
    /// moves past the whole window.
    fn read_windowed(&self, plan: &FieldPlan<'_>, n: &Rewritten, read: TokenStream) -> TokenStream {
        let (r, w) = (sanitize::reader(), sanitize::window());
        let n = self.length_value(plan, n, quote!(#r.position()));
        let window = self.at(plan, quote!(#r.sub(#n)));
        quote!({ let #w = &mut #window; #read })
    }

    /// A bit field: its group's bytes are taken whole where the group opens,
    /// or, in a streamed group, as each field needs them. A conditional one is
    /// read when its `when` holds, which sees `io` as the bit stream's.
    fn read_bits(&self, plan: &FieldPlan<'_>, bits: super::Bits) -> TokenStream {
        let (r, n) = (sanitize::reader(), bits.n);
        let read = if bits.lsb {
            quote!(read_lsb)
        } else {
            quote!(read)
        };
        let (open, raw) = if bits.streamed {
            let stream = sanitize::bit_stream();
            let open = bits
                .opens
                .map(|_| quote!(#stream = ::zerowire::__private::BitStream::default();));
            (open, self.at(plan, quote!(#stream.#read(#r, #n))))
        } else {
            let reader = sanitize::bits();
            let open = bits.opens.map(|bytes| {
                let take = match &plan.bit_group[..] {
                    // Short, the error is at the field that needs the first
                    // missing bit, as Kaitai's stream would give it.
                    group @ [_, _, ..] => {
                        let (names, ends): (Vec<&String>, Vec<u32>) =
                            group.iter().map(|(n, e)| (n, *e)).unzip();
                        let ty = self.ty_name();
                        quote!(match #r.take(#bytes) {
                            ::zerowire::__private::Ok(bytes) => bytes,
                            ::zerowire::__private::Err(_) => return ::zerowire::__private::Err(
                                ::zerowire::__private::short_bit_group(#r.remaining(), #r.position(), &#ty, &[#((#names, #ends)),*])
                            ),
                        })
                    }
                    _ => self.at(plan, quote!(#r.take(#bytes))),
                };
                quote!(#reader = ::zerowire::__private::BitReader::new(#take);)
            });
            (open, quote!(#reader.#read(#n)))
        };
        let shape = match &plan.field.shape {
            Shape::Option(inner) => &**inner,
            shape => shape,
        };
        let value = match shape {
            Shape::Bool => quote!(#raw != 0),
            // A C-like enum: its variant of the bits' value.
            Shape::Nested(ty) => self.at(
                plan,
                quote!(<#ty as ::zerowire::__private::FromBits>::from_bits(#raw, #r.position())),
            ),
            Shape::Scalar(ty) => quote!(#raw as #ty),
            _ => {
                let ty = plan.field.ty;
                quote!(#raw as #ty)
            }
        };
        let Shape::Option(_) = plan.field.shape else {
            return quote!({ #open #value });
        };
        let when = plan.when.as_ref().map_or_else(
            || quote!(true),
            |w| {
                let when = self.value_of(plan, w);
                if w.reads_io && bits.streamed {
                    let stream = sanitize::bit_stream();
                    quote!({ let #r = &#stream.io(#r); #when })
                } else {
                    when
                }
            },
        );
        quote!({
            #open
            if #when {
                ::zerowire::__private::Some(#value)
            } else {
                ::zerowire::__private::None
            }
        })
    }

    /// This struct's view while field `index` is decoded: the fields before it.
    pub(super) fn decode_view(&self, index: usize) -> TokenStream {
        let name = sanitize::view_struct(self.input.ident);
        let view = sanitize::view();
        let fields = self.input.fields.iter().enumerate().map(|(i, f)| {
            let (field, local) = (&f.view_field, &f.local);
            if i < index && f.shape.by_value() {
                quote!(#field: ::zerowire::__private::Some(&#local))
            } else if i < index {
                quote!(#field: ::zerowire::__private::Some(#local))
            } else {
                quote!(#field: ::zerowire::__private::None)
            }
        });
        let marker = self.view_marker();
        quote! {
            let #view = #name { #(#fields,)* #marker };
        }
    }

    /// An expression that reads one value of `shape` from `r` (errors returned with `?`).
    pub(super) fn read_value(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        r: &Ident,
        root: &Root,
    ) -> TokenStream {
        let w = sanitize::window();
        let size = |expr: &Rewritten| self.length_value(plan, expr, quote!(#r.position()));
        match (shape, &plan.length) {
            (Shape::Option(inner), _) => {
                let read = self.read_value(plan, inner, r, root);
                let when = plan
                    .when
                    .as_ref()
                    .map_or_else(|| quote!(true), |w| self.value_of(plan, w));
                quote! {
                    if #when {
                        ::zerowire::__private::Some(#read)
                    } else {
                        ::zerowire::__private::None
                    }
                }
            }
            // Transformed bytes: read like `&[u8]`, then processed into a new
            // buffer, which the field holds (`Vec<u8>`) or decodes (`Owned<T>`).
            (shape, length) if plan.process.is_some() && shape.is_processed() => {
                let (bytes, process) = (self.read_bytes(plan, length, r), &plan.process);
                let (skip_rest, start) = (plan.skip_rest, sanitize::start());
                self.at(
                    plan,
                    quote!({
                        let #start = #r.position();
                        ::zerowire::__private::process(#bytes, #process, #skip_rest, #start)
                    }),
                )
            }
            // A nested value in its own window: up to a terminator, or a fixed
            // size (or the rest) with padding or a terminator inside.
            (Shape::Nested(_), length) if plan.terminator.is_some() || plan.pad_right.is_some() => {
                let bytes = self.read_bytes(plan, length, r);
                let element = self.read_element(plan, shape, &w, root);
                self.at(plan, in_window(plan, r, bytes, &w, element))
            }
            (Shape::Scalar(_) | Shape::Array | Shape::ArrayRef, _)
            | (Shape::Nested(_), None | Some(Length::Count(_) | Length::Until(_))) => {
                self.at(plan, self.read_element(plan, shape, r, root))
            }
            (Shape::Nested(_), Some(Length::Eos)) => {
                let read = self.at(plan, self.read_element(plan, shape, &w, root));
                quote!({ let #w = &mut ::zerowire::__private::rest_window(#r); #read })
            }
            (Shape::Bytes | Shape::Str, length) => {
                let bytes = self.read_bytes(plan, length, r);
                match shape {
                    Shape::Str => {
                        self.at(plan, quote!(::zerowire::__private::text(#r, |#r| #bytes)))
                    }
                    _ => self.at(plan, bytes),
                }
            }
            // Text in another encoding: read like `&[u8]`, decoded into a `String`.
            (Shape::Text, length) => {
                let (bytes, encoding, start) = (
                    self.read_bytes(plan, length, r),
                    &plan.encoding,
                    sanitize::start(),
                );
                self.at(
                    plan,
                    quote!({
                        let #start = #r.position();
                        ::zerowire::__private::decode_text(#bytes, #encoding, #start)
                    }),
                )
            }
            (Shape::Nested(_), Some(Length::Size(n))) => {
                // The value must fill its window: bytes it leaves would be lost
                // on encode (which pads with zeros), so they are an error,
                // unless the field says to skip them (`#[skip_rest]`, Kaitai's way).
                let element = self.read_element(plan, shape, &w, root);
                let read = if plan.skip_rest {
                    self.at(plan, element)
                } else {
                    self.at(plan, quote!(::zerowire::__private::filling(#element, #w)))
                };
                self.read_windowed(plan, n, read)
            }
            // A repeated bit field: elements of N bits, from the next byte.
            (Shape::Vec(_), length) if plan.bit_array.is_some() => {
                let n = plan.bit_array.unwrap_or_default();
                let count = match length {
                    Some(Length::Count(c)) => {
                        let c = size(c);
                        quote!(::zerowire::__private::Some(#c))
                    }
                    _ => quote!(::zerowire::__private::None),
                };
                let lsb = plan.field.attrs.lsb_first(self.input.attrs);
                self.at(
                    plan,
                    quote!(::zerowire::__private::read_bit_array(#r, #n, #count, #lsb)),
                )
            }
            (Shape::Vec(inner), length) => {
                let r_item = sanitize::reader();
                let element = self.read_item(plan, inner, &r_item, root);
                let index = index_param(plan);
                let before = before_param(plan);
                let index = quote!(#index, #before);
                let read = match length {
                    Some(Length::Count(n)) => {
                        let n = size(n);
                        quote!(::zerowire::__private::read_vec(#r, #n, |#r_item, #index| #element))
                    }
                    Some(Length::Size(n)) => match &plan.window_until {
                        Some(cond) => {
                            let (done, w) =
                                (self.until_check(cond, inner, 1, true), sanitize::window());
                            let n = size(n);
                            let bytes = quote!(#r.take(#n));
                            let until = quote!(::zerowire::__private::read_vec_until(#w, |#r_item, #index| #element, #done));
                            // The window must be filled, unless `skip_rest`.
                            in_window(plan, r, bytes, &w, until)
                        }
                        None => {
                            let n = size(n);
                            let window = self.at(plan, quote!(#r.sub(#n)));
                            quote!(::zerowire::__private::read_vec_all(&mut #window, |#r_item, #index| #element))
                        }
                    },
                    Some(Length::Until(cond)) => {
                        let done = self.until_check(cond, inner, 1, true);
                        quote!(::zerowire::__private::read_vec_until(#r, |#r_item, #index| #element, #done))
                    }
                    _ => {
                        quote!(::zerowire::__private::read_vec_all(#r, |#r_item, #index| #element))
                    }
                };
                self.at(plan, read)
            }
            (Shape::List(inner, ty), length) => {
                // Elements of a struct are read inside this one, so that they
                // may read `parent.`/`root.` (`List::iter_in` decodes them again).
                let context = matches!(**inner, Shape::Nested(_)).then(|| {
                    let (view, root_ty, root_view) = (sanitize::view(), &root.ty, &root.view);
                    (quote!(::<Self, #root_ty>), quote!(&#view, #root_view,))
                });
                let (suffix, turbofish, views) = match &context {
                    Some((turbofish, views)) => (quote!(_in), turbofish.clone(), views.clone()),
                    None => Default::default(),
                };
                let call =
                    |name: &str, reader: TokenStream, before: TokenStream, after: TokenStream| {
                        // `until` sees the reader after each element (`io`).
                        let name = match (name, suffix.is_empty()) {
                            ("until", true) => Ident::new("read_until_io", Span::call_site()),
                            _ => Ident::new(&format!("read_{name}{suffix}"), Span::call_site()),
                        };
                        quote!(<#ty>::#name #turbofish(#reader, #before #views #after))
                    };
                let read = match length {
                    Some(Length::Until(cond)) => {
                        let done = self.until_check(cond, inner, 1, true);
                        call("until", quote!(#r), quote!(), done)
                    }
                    Some(Length::Count(n)) => {
                        let n = size(n);
                        call("count", quote!(#r), quote!(#n,), quote!())
                    }
                    Some(Length::Size(n)) => match &plan.window_until {
                        Some(cond) => {
                            let (done, w) =
                                (self.until_check(cond, inner, 1, true), sanitize::window());
                            let n = size(n);
                            let bytes = quote!(#r.take(#n));
                            let until = call("until", quote!(#w), quote!(), done);
                            in_window(plan, r, bytes, &w, until)
                        }
                        None => {
                            let n = size(n);
                            let window = self.at(plan, quote!(#r.sub(#n)));
                            call("all", quote!(&mut #window), quote!(), quote!())
                        }
                    },
                    _ => call("all", quote!(#r), quote!(), quote!()),
                };
                self.at(plan, read)
            }
            // Rejected by `valid`, or read as bit fields.
            // The byte order the struct reads in, chosen at run time or fixed.
            (Shape::Endian, _) => plan.endian.clone(),
            (Shape::OtherRef | Shape::Bool | Shape::MutBytes, _) => quote!(::core::unreachable!()),
        }
    }

    /// A `Result` of the bytes of a `&[u8]` or `&str` field read from `r`.
    fn read_bytes(&self, plan: &FieldPlan<'_>, length: &Option<Length>, r: &Ident) -> TokenStream {
        let size = |expr: &Rewritten| self.length_value(plan, expr, quote!(#r.position()));
        match (length, &plan.terminator) {
            (Some(Length::Size(n)), None) if plan.pad_right.is_none() => {
                let n = size(n);
                quote!(#r.take(#n))
            }
            (Some(Length::Size(n)), _) => {
                let n = size(n);
                let (terminator, pad) = self.fixed_options(plan);
                quote!(::zerowire::__private::take_fixed(#r, #n, #pad, #terminator))
            }
            // The rest of the input, with padding or a terminator inside.
            (Some(Length::Eos), _) if plan.terminator.is_some() || plan.pad_right.is_some() => {
                let (terminator, pad) = self.fixed_options(plan);
                quote!(::zerowire::__private::Ok(::zerowire::__private::fixed(#r.rest(), #pad, #terminator)))
            }
            (_, Some(terminator)) => {
                quote!(::zerowire::__private::read_terminated(#r, #terminator))
            }
            _ => quote!(::zerowire::__private::Ok(#r.rest())),
        }
    }

    /// A `Result` of one element of a `Vec` read from `r`: a number, an array
    /// or a struct with `item_size` or a terminator is read in its own window.
    fn read_item(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        r: &Ident,
        root: &Root,
    ) -> TokenStream {
        let windowed = matches!(
            shape,
            Shape::Scalar(_) | Shape::Array | Shape::ArrayRef | Shape::Nested(_)
        );
        let processed = plan.process.is_some() && shape.is_processed();
        let own_length = plan.item_size.is_some() || plan.terminator.is_some();
        if !own_length || !windowed && !processed {
            return self.read_element(plan, shape, r, root);
        }
        let bytes = self.element_bytes(plan, r);
        if processed {
            let (process, skip_rest, start) = (&plan.process, plan.skip_rest, sanitize::start());
            return quote!({
                let #start = #r.position();
                ::zerowire::__private::process(#bytes, #process, #skip_rest, #start)
            });
        }
        let w = sanitize::window();
        let element = self.read_element(plan, shape, &w, root);
        in_window(plan, r, bytes, &w, element)
    }

    /// A `Result` of one element's bytes: its `item_size` (with padding or a
    /// terminator inside), or up to its terminator (`valid` requires one).
    fn element_bytes(&self, plan: &FieldPlan<'_>, r: &Ident) -> TokenStream {
        match (&plan.item_size, &plan.terminator) {
            (Some(n), None) if plan.pad_right.is_none() => {
                let n = self.element_len(n, quote!(#r.position()));
                quote!(#r.take(#n))
            }
            (Some(n), _) => {
                let n = self.element_len(n, quote!(#r.position()));
                let (terminator, pad) = self.fixed_options(plan);
                quote!(::zerowire::__private::take_fixed(#r, #n, #pad, #terminator))
            }
            (None, terminator) => {
                quote!(::zerowire::__private::read_terminated(#r, #terminator))
            }
        }
    }

    /// A `Result` of one scalar or nested value read from `r`.
    pub(super) fn read_element(
        &self,
        plan: &FieldPlan<'_>,
        shape: &Shape,
        r: &Ident,
        root: &Root,
    ) -> TokenStream {
        let lt = &self.lifetime;
        match shape {
            Shape::Scalar(ty) => {
                let endian = &plan.endian;
                quote!(<#ty as ::zerowire::__private::Scalar<#lt>>::read_endian(#r, #endian))
            }
            Shape::Array => quote!(::zerowire::__private::array(#r)),
            Shape::ArrayRef => quote!(::zerowire::__private::array_ref(#r)),
            // A `Vec` of text or bytes, each sized or terminated (`valid` requires one).
            Shape::Bytes | Shape::Str | Shape::Text => {
                let bytes = self.element_bytes(plan, r);
                match shape {
                    Shape::Str => quote!(::zerowire::__private::text(#r, |#r| #bytes)),
                    Shape::Text => {
                        let (encoding, start) = (&plan.encoding, sanitize::start());
                        quote!({
                            let #start = #r.position();
                            ::zerowire::__private::decode_text(#bytes, #encoding, #start)
                        })
                    }
                    _ => bytes,
                }
            }
            // A C-like enum read as another integer (`#[int(u16)]`).
            Shape::Nested(ty) if plan.field.attrs.int.is_some() => {
                let (int, endian) = (
                    plan.field.attrs.int.as_ref().map(|i| &i.value),
                    &plan.endian,
                );
                quote_spanned! {ty.span()=>
                    ::zerowire::__private::read_int_enum::<#int, #ty>(#r, #endian)
                }
            }
            Shape::Nested(ty) => {
                let (root_ty, root_view) = (&root.ty, &root.view);
                let (holder, view) = self.holder(plan, root);
                match (&plan.tag_from, &plan.args) {
                    (_, Some(args)) => {
                        let (a, names, exprs) = self.args_parts(plan, args);
                        let call = quote_spanned! {ty.span()=>
                            <#ty as ::zerowire::__private::CodecWith<#lt, #holder, #root_ty>>::read_with(#r, &#a, #view, #root_view)
                        };
                        quote!({ let #a = <#ty as ::zerowire::__private::HasArgs>::args() #(.#names(#exprs))*; #call })
                    }
                    // The tag is bound first so that the call carries only the
                    // type's span: a missing `Tagged` is one error, on the type.
                    (Some(tag), None) => {
                        let call = quote_spanned! {ty.span()=>
                            <#ty as ::zerowire::__private::Tagged<#lt, #holder, #root_ty>>::read_tagged(#r, __tag, #view, #root_view)
                        };
                        let tag = match tag.is_checked() {
                            true => self.value_of(plan, tag),
                            false => tag.operand(),
                        };
                        quote!({ let __tag = &#tag; #call })
                    }
                    (None, None) => quote_spanned! {ty.span()=>
                        <#ty as ::zerowire::__private::CodecIn<#lt, #holder, #root_ty>>::read_in(#r, #view, #root_view)
                    },
                }
            }
            // Rejected by `valid`: a repetition of elements without their own length.
            _ => quote!(::core::unreachable!()),
        }
    }

    /// The `valid` check of a field, after it is decoded or before it is encoded.
    /// `value` is the field by value for numbers, slices and text, else by reference.
    pub(super) fn valid(
        &self,
        plan: &FieldPlan<'_>,
        check: &Rewritten,
        value: TokenStream,
    ) -> TokenStream {
        let at = sanitize::at();
        let text = tokens::lit_str(&check.text, check.span);
        let holds = self.value_of(plan, check);
        let result = self.at(
            plan,
            quote!(::zerowire::__private::valid(#holds, #text, #at)),
        );
        quote!({
            #[allow(unused_variables)]
            let value = #value;
            #result;
        })
    }
}

/// `element` (reading from `w`) inside a window over `bytes`, a `Result` of
/// the bytes read from `r`; unless `skip_rest`, it must take them all.
fn in_window(
    plan: &FieldPlan<'_>,
    r: &Ident,
    bytes: TokenStream,
    w: &Ident,
    element: TokenStream,
) -> TokenStream {
    let (skip_rest, raw) = (plan.skip_rest, sanitize::raw());
    quote!({
        let #raw = #bytes;
        ::zerowire::__private::in_window(#raw, &#r, #skip_rest, |#w| #element)
    })
}

/// The element closures' index parameter: `index` when `item_size`, a
/// `process` key, an argument or a `tag_from` reads it.
pub(super) fn index_param(plan: &FieldPlan<'_>) -> TokenStream {
    let in_args = plan
        .args
        .iter()
        .flatten()
        .map(|(_, e)| e)
        .chain(&plan.tag_from)
        .any(|e| mentions(&e.tokens, "index"));
    if plan.item_size.is_some()
        || in_args
        || plan.process.as_ref().is_some_and(|p| mentions(p, "index"))
    {
        quote!(index)
    } else {
        quote!(_)
    }
}

/// The element closures' parameter of the elements decoded before: the
/// field's own name where an element's `args` or `item_size` read it (Kaitai's
/// `groups[_index - 1]` inside `groups`).
pub(super) fn before_param(plan: &FieldPlan<'_>) -> TokenStream {
    if plan.reads_before() {
        let (name, ty) = (&plan.field.local, plan.field.ty);
        quote!(#name: &[<#ty as ::zerowire::__private::Element>::Item])
    } else {
        quote!(_)
    }
}

/// Whether `tokens` hold the identifier `name`, at any depth.
pub(super) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}
