//! Kaitai Struct's integer arithmetic, for computed values: its `/` and `%`
//! round toward negative infinity, where Rust's truncate toward zero. And
//! [`present`], for a computed value that reads attributes that may be absent.

/// Integer division and remainder that round toward negative infinity.
pub trait FloorDiv: Sized {
    /// `self / rhs` rounded down; `None` when `rhs` is 0 or the result overflows.
    fn div_floor(self, rhs: Self) -> Option<Self>;
    /// The remainder of [`FloorDiv::div_floor`], with the sign of `rhs`; `None`
    /// when `rhs` is 0 or the division overflows.
    fn rem_floor(self, rhs: Self) -> Option<Self>;
}

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl FloorDiv for $ty {
            fn div_floor(self, rhs: Self) -> Option<Self> {
                let q = self.checked_div(rhs)?;
                // Truncation rounded up when the signs differ and a remainder is left.
                if self.checked_rem(rhs).is_some_and(|r| r != 0) && ((self < 0) != (rhs < 0)) {
                    q.checked_sub(1)
                } else {
                    Some(q)
                }
            }

            fn rem_floor(self, rhs: Self) -> Option<Self> {
                let r = self.checked_rem(rhs)?;
                if r != 0 && ((r < 0) != (rhs < 0)) {
                    r.checked_add(rhs)
                } else {
                    Some(r)
                }
            }
        }
    )*};
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl FloorDiv for $ty {
            fn div_floor(self, rhs: Self) -> Option<Self> {
                self.checked_div(rhs)
            }

            fn rem_floor(self, rhs: Self) -> Option<Self> {
                self.checked_rem(rhs)
            }
        }
    )*};
}

signed!(i8, i16, i32, i64, i128, isize);
unsigned!(u8, u16, u32, u64, u128, usize);

/// `a / b` rounded toward negative infinity (Kaitai's `/`); `None` for `b == 0`
/// or overflow.
pub fn div_floor<T: FloorDiv>(a: T, b: T) -> Option<T> {
    a.div_floor(b)
}

/// The remainder of [`div_floor`] (Kaitai's `%`): it takes the sign of `b`.
pub fn rem_floor<T: FloorDiv>(a: T, b: T) -> Option<T> {
    a.rem_floor(b)
}

/// The value `f` computes, or `None` where it reads an absent value (with
/// `?`): a computed value over attributes with `if` (Kaitai's `null`). A
/// ternary reads only the branch it takes, so `flag == 0 ? a : b` is present
/// when the chosen one is.
#[inline]
pub fn present<T>(f: impl FnOnce() -> Option<T>) -> Option<T> {
    f()
}

/// The value an expression reads, or [`ErrorKind::Absent`](crate::ErrorKind::Absent)
/// naming it: an `Option` field or computed value read while decoding, where
/// Kaitai's `null` is an error.
pub fn required<T>(value: Option<T>, name: &'static str) -> Result<T, crate::Error> {
    value.ok_or_else(|| crate::Error::new(crate::ErrorKind::Absent { name }, 0))
}

/// `value` in the integer type `T` (an argument of a narrower type than the
/// expression that gives it), or [`ErrorKind::Overflow`](crate::ErrorKind::Overflow)
/// naming `what`: never a wrap.
pub fn narrow<T, V: TryInto<T>>(value: V, what: &'static str) -> Result<T, crate::Error> {
    value
        .try_into()
        .map_err(|_| crate::Error::new(crate::ErrorKind::Overflow { expr: what }, 0))
}

/// Element `index` of `items` (Kaitai's `a[i]` while decoding), or
/// [`ErrorKind::IndexOutOfRange`](crate::ErrorKind::IndexOutOfRange): an
/// index from the input must not panic.
pub fn element<T>(items: &[T], index: i64) -> Result<&T, crate::Error> {
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .ok_or_else(|| {
            crate::Error::new(
                crate::ErrorKind::IndexOutOfRange {
                    index,
                    len: items.len(),
                },
                0,
            )
        })
}

/// `text` as an integer in base `radix` (Kaitai's `.to_i` while decoding), or
/// [`ErrorKind::NotANumber`](crate::ErrorKind::NotANumber).
pub fn to_i(text: &str, radix: u32) -> Result<i64, crate::Error> {
    i64::from_str_radix(text, radix)
        .map_err(|_| crate::Error::new(crate::ErrorKind::NotANumber { radix }, 0))
}

/// `bytes` as UTF-8 text (Kaitai's `.to_s("UTF-8")` while decoding), or
/// [`ErrorKind::Utf8`](crate::ErrorKind::Utf8).
pub fn utf8(bytes: &[u8]) -> Result<&str, crate::Error> {
    core::str::from_utf8(bytes).map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::Utf8 {
                valid_up_to: e.valid_up_to(),
            },
            0,
        )
    })
}

/// Text decoded from another encoding (`.to_s("UTF-16LE")` while decoding), or
/// [`ErrorKind::BadText`](crate::ErrorKind::BadText) naming the encoding.
#[cfg(feature = "alloc")]
pub fn decoded(
    text: Option<alloc::string::String>,
    encoding: &'static str,
) -> Result<alloc::string::String, crate::Error> {
    text.ok_or_else(|| crate::Error::new(crate::ErrorKind::BadText { encoding }, 0))
}

/// The characters of `text` from `from` up to `to` (Kaitai's `substring`),
/// counted in characters; bounds outside the text are clamped to it.
#[cfg(feature = "alloc")]
pub fn substring(text: &str, from: i64, to: i64) -> alloc::string::String {
    let from = usize::try_from(from).unwrap_or(0);
    let to = usize::try_from(to).unwrap_or(0);
    text.chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_rounds_toward_negative_infinity() {
        assert_eq!(div_floor(-9837, 13), Some(-757));
        assert_eq!(div_floor(9837, 13), Some(756));
        assert_eq!(div_floor(7, -2), Some(-4));
        assert_eq!(div_floor(-7, -2), Some(3));
        assert_eq!(div_floor(-8, 2), Some(-4));
        assert_eq!(rem_floor(-7, 2), Some(1));
        assert_eq!(rem_floor(7, -2), Some(-1));
        assert_eq!(div_floor(1, 0), None);
        assert_eq!(div_floor(i32::MIN, -1), None);
        assert_eq!(div_floor(7u8, 2), Some(3));
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn substring_counts_characters_and_clamps_its_bounds() {
        assert_eq!(substring("foo|bär", 2, 5), "o|b");
        assert_eq!(substring("foo|bär", 5, 7), "är");
        assert_eq!(substring("abc", 2, 1), "");
        assert_eq!(substring("abc", -3, 99), "abc");
    }

    #[test]
    fn text_reads_as_a_number_or_an_error_naming_the_base() {
        assert_eq!(to_i("644", 8), Ok(420));
        assert_eq!(to_i("-ff", 16), Ok(-255));
        let e = to_i("64x", 8).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotANumber { radix: 8 });
        assert!(to_i("", 10).is_err());
        assert_eq!(utf8(b"hi"), Ok("hi"));
        assert_eq!(
            utf8(b"h\xff").unwrap_err().kind(),
            crate::ErrorKind::Utf8 { valid_up_to: 1 }
        );
    }

    #[test]
    fn narrow_fits_or_fails() {
        assert_eq!(narrow::<i32, _>(7i64, "x"), Ok(7));
        let e = narrow::<u8, _>(300i64, "x").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Overflow { expr: "x" });
    }

    #[test]
    fn element_is_an_error_outside_the_list() {
        assert_eq!(element(&[1, 2, 3], 2), Ok(&3));
        let e = element(&[1, 2, 3], 3).unwrap_err();
        assert_eq!(
            e.kind(),
            crate::ErrorKind::IndexOutOfRange { index: 3, len: 3 }
        );
        assert!(element(&[1], -1).is_err());
    }

    #[test]
    fn present_is_none_where_the_value_reads_an_absent_one() {
        let absent: Option<u8> = None;
        assert_eq!(present(|| Some(absent? + 1)), None);
        assert_eq!(present(|| Some(Some(1u8)? + 1)), Some(2));
    }
}
