//! An owned buffer bundled with the value decoded from it.
//!
//! A decoded value borrows its buffer, so it cannot outlive it, move to
//! another thread without it, or sit in a map. [`Owned`] keeps the buffer and
//! the knowledge that it decodes: [`Owned::get`] decodes it again, which
//! copies nothing and allocates nothing. It stays within safe Rust because no
//! reference into the buffer is stored beside it.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::codec::Codec;
use crate::error::Error;
use crate::family::{Borrowed, Family};

/// A buffer that `Owned` can clone cheaply: its clones share the bytes.
pub trait SharedBuffer: AsRef<[u8]> + Clone {}

impl SharedBuffer for Arc<[u8]> {}
impl SharedBuffer for &'static [u8] {}
#[cfg(feature = "bytes")]
impl SharedBuffer for bytes::Bytes {}

/// A buffer `C` and the `F::Of<'_>` it decodes to, movable and storable.
///
/// `F` names the value's type family by its `'static` member:
/// `Owned::<Toy<'static>>::decode(buffer)`. It is `Send` and `Sync` exactly when
/// `C` and `F` are, and `Clone` for shared buffers ([`SharedBuffer`]).
pub struct Owned<F: Family, C = Vec<u8>> {
    buffer: C,
    family: PhantomData<F>,
}

impl<F: Family, C: AsRef<[u8]>> Owned<F, C> {
    /// Checks that all of `buffer` decodes as `F::Of<'_>`; the errors of [`Codec::decode`].
    pub fn decode(buffer: C) -> Result<Self, Error> {
        F::Of::decode(buffer.as_ref())?;
        Ok(Owned {
            buffer,
            family: PhantomData,
        })
    }

    /// The value, borrowed from the buffer: decoded again, which copies nothing.
    ///
    /// Decoding succeeded when the bundle was built and derived decoders are
    /// deterministic, so this repeats a decode that succeeded; use
    /// [`Owned::try_get`] where a hand-written `Codec` might not be.
    pub fn get(&self) -> F::Of<'_> {
        match self.try_get() {
            Ok(value) => value,
            Err(e) => validated_decode_failed(e),
        }
    }

    /// The value, decoded again; an [`Error`] only if decoding is not deterministic.
    pub fn try_get(&self) -> Result<F::Of<'_>, Error> {
        F::Of::decode(self.buffer.as_ref())
    }

    /// The encoded bytes.
    pub fn bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The buffer, giving the bundle up.
    pub fn into_buffer(self) -> C {
        self.buffer
    }

    /// A bundle of the same buffer that yields a part of the value. `project`
    /// maps the value at any lifetime: pass a function with a lifetime parameter,
    /// `fn child<'a>(toy: Toy<'a>) -> Child<'a>` (Rust cannot infer a closure
    /// whose result borrows for every lifetime).
    pub fn map<G: Borrowed, P: for<'a> Projection<'a, F, G>>(
        self,
        project: P,
    ) -> Mapped<F, G, C, P> {
        Mapped {
            owned: self,
            project,
            part: PhantomData,
        }
    }
}

#[cold]
#[inline(never)]
#[expect(
    clippy::panic,
    reason = "a logic error of a non-deterministic Codec, never a property of the input"
)]
fn validated_decode_failed(e: Error) -> ! {
    // Reaching this needs a `Codec` whose result differs between two decodes
    // of the same bytes; derived decoders never do.
    panic!("a buffer that decoded once failed to decode again (a non-deterministic Codec): {e}")
}

impl<F: Family, C: SharedBuffer> Clone for Owned<F, C> {
    fn clone(&self) -> Self {
        Owned {
            buffer: self.buffer.clone(),
            family: PhantomData,
        }
    }
}

impl<F: Family, C: AsRef<[u8]>> fmt::Debug for Owned<F, C>
where
    for<'a> F::Of<'a>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Owned").field(&self.try_get()).finish()
    }
}

/// A projection of `F::Of<'a>` to `G::Of<'a>` at one lifetime; implemented
/// for every function `fn(F::Of<'a>) -> G::Of<'a>`.
pub trait Projection<'a, F: Family, G: Borrowed> {
    /// The part of `value`.
    fn project(&self, value: F::Of<'a>) -> G::Of<'a>;
}

impl<'a, F: Family, G: Borrowed, P: Fn(F::Of<'a>) -> G::Of<'a>> Projection<'a, F, G> for P {
    fn project(&self, value: F::Of<'a>) -> G::Of<'a> {
        self(value)
    }
}

/// An [`Owned`] bundle projected to a part of its value (see [`Owned::map`]).
pub struct Mapped<F: Family, G: Borrowed, C, P> {
    owned: Owned<F, C>,
    project: P,
    part: PhantomData<G>,
}

impl<F: Family, G: Borrowed, C: AsRef<[u8]>, P: for<'a> Projection<'a, F, G>> Mapped<F, G, C, P> {
    /// The projected part, borrowed from the buffer.
    pub fn get(&self) -> G::Of<'_> {
        self.project.project(self.owned.get())
    }

    /// The encoded bytes of the whole value.
    pub fn bytes(&self) -> &[u8] {
        self.owned.bytes()
    }

    /// The buffer, giving the bundle up.
    pub fn into_buffer(self) -> C {
        self.owned.into_buffer()
    }
}

impl<F: Family, G: Borrowed, C: SharedBuffer, P: Clone> Clone for Mapped<F, G, C, P> {
    fn clone(&self) -> Self {
        Mapped {
            owned: self.owned.clone(),
            project: self.project.clone(),
            part: PhantomData,
        }
    }
}

/// A value either borrowed from where it was decoded or decoded again from
/// an owned buffer ([`Owned::get`]): what a choice between a field and a
/// processed field gives (Kaitai's ternary over a plain and a processed user
/// type). Both read through `Deref`.
#[derive(Debug)]
pub enum MaybeOwned<'s, T> {
    Borrowed(&'s T),
    Owned(T),
}

impl<T> core::ops::Deref for MaybeOwned<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            MaybeOwned::Borrowed(value) => value,
            MaybeOwned::Owned(value) => value,
        }
    }
}
