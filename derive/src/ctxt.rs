//! Collects every error of one derive, so that they are reported together.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

use crate::syntax::Attribute;
use crate::tokens;

/// The errors, each as its `compile_error!`.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<TokenStream>>,
}

impl Ctxt {
    /// Records an error spanning `tokens`, from the first to the last.
    pub(crate) fn error_spanned_by(&self, tokens: impl ToTokens, message: impl Display) {
        let mut tokens = tokens.into_token_stream().into_iter();
        let start = tokens.next().map_or_else(Span::call_site, |t| t.span());
        let end = tokens.last().map_or(start, |t| t.span());
        self.error_between(start, end, message);
    }

    /// Records an error spanning a whole attribute, `#` to `]`.
    pub(crate) fn error_on_attr(&self, attr: &Attribute, message: impl Display) {
        self.error_between(attr.pound, attr.brackets, message);
    }

    /// Records an error at `span`.
    pub(crate) fn error_at(&self, span: Span, message: impl Display) {
        self.error_between(span, span, message);
    }

    fn error_between(&self, start: Span, end: Span, message: impl Display) {
        let error = tokens::compile_error(start, end, &message.to_string());
        self.errors.borrow_mut().push(error);
    }

    /// Records a parse error as it is.
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error.to_compile_error());
    }

    /// Whether nothing was recorded so far.
    pub(crate) fn is_clean(&self) -> bool {
        self.errors.borrow().is_empty()
    }

    /// All recorded errors as `compile_error!` invocations.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.errors.into_inner().into_iter().collect()
    }
}
