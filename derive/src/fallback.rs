//! After an error, an impl that still compiles, so that one mistake gives one
//! error: code that uses the struct keeps type-checking against it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ctxt::Ctxt;
use crate::item::DeriveInput;

pub(crate) fn emit(input: &DeriveInput, cx: Ctxt) -> TokenStream {
    let errors = cx.into_compile_errors();
    let ident = &input.ident;
    let (ty_generics, where_clause) = (input.generics.as_arguments(), &input.generics.where_clause);
    let params = input.generics.declared();
    // `Family` too, so that helpers naming the type add no errors of their own.
    let lifetimes: Vec<_> = input.generics.lifetimes().collect();
    let family = match (lifetimes.as_slice(), input.generics.params.len()) {
        (_, 0) => Some(quote!(
            #[automatically_derived]
            impl ::zerowire::__private::Family for #ident { type Of<'__a> = #ident; }
        )),
        ([lt], 1) => Some(quote!(
            #[automatically_derived]
            impl ::zerowire::__private::Family for #ident<'static> { type Of<#lt> = #ident<#lt>; }
        )),
        _ => None,
    };
    quote! {
        #errors
        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            #[automatically_derived]
            impl<'__a, #params> ::zerowire::__private::Node<'__a> for #ident #ty_generics #where_clause {
                type View<'__v> = ::zerowire::__private::NoView where '__a: '__v, Self: '__v;
                type Root = Self;
                fn view<'__v>(&'__v self) -> ::zerowire::__private::NoView where '__a: '__v {
                    ::zerowire::__private::NoView
                }
            }

            #[automatically_derived]
            impl<'__a, #params> ::zerowire::__private::Codec<'__a> for #ident #ty_generics #where_clause {
                fn read(_: &mut ::zerowire::__private::Reader<'__a>)
                    -> ::zerowire::__private::Result<Self, ::zerowire::__private::Error>
                {
                    ::core::unreachable!("the derive reported an error")
                }

                fn encode(&self, _: &mut ::zerowire::__private::Vec<u8>)
                    -> ::zerowire::__private::Result<(), ::zerowire::__private::Error>
                {
                    ::core::unreachable!("the derive reported an error")
                }
            }

            #family
        };
    }
}
