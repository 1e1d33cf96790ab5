//! Arithmetic in `when`, `valid`, `pos`, `tag_from`, `args` and `until` is
//! checked as in `size` and `count`: an overflow (or a division by zero) on
//! values from the input is `ErrorKind::Overflow` naming the expression, at
//! the field, never a wrap or a debug-build panic.

use zerowire::{Codec, Decode, Error, ErrorKind, Input};

fn overflow(e: &Error) -> &'static str {
    match e.kind() {
        ErrorKind::Overflow { expr } => expr,
        other => panic!("expected Overflow, found {other:?} ({e})"),
    }
}

#[derive(Decode, Debug, PartialEq)]
struct Optional {
    len: u8,
    #[when(len - 8 > 0)]
    extra: Option<u8>,
}

#[test]
fn when_arithmetic_that_underflows_is_an_error() {
    // 3 - 8 underflows a u8: with Rust's `-` a debug build panics here.
    let e = Optional::decode(&[3, 1]).unwrap_err();
    assert_eq!(overflow(&e), "len - 8 > 0");
    assert_eq!(e.path(), "Optional.extra");
    assert_eq!(e.offset(), 1);
    let o = Optional::decode(&[9, 1]).unwrap();
    assert_eq!(o.extra, Some(1));
    assert_eq!(Optional::decode(&[8]).unwrap().extra, None);

    // On encode the same condition is checked, with the same error.
    let e = Optional {
        len: 3,
        extra: None,
    }
    .to_vec()
    .unwrap_err();
    assert_eq!(overflow(&e), "len - 8 > 0");
    assert_eq!(e.path(), "Optional.extra");
}

#[derive(Decode, Debug, PartialEq)]
struct Checked {
    base: u8,
    #[valid(value * 2 + base < 200)]
    doubled: u8,
    shift: u8,
    #[valid(scale * 2.0 < 10.0)]
    scale: f32,
}

#[test]
fn valid_arithmetic_is_checked_and_shifts_too() {
    // 150 * 2 overflows a u8.
    let mut input = vec![1, 150, 3];
    input.extend(1.5f32.to_be_bytes());
    let e = Checked::decode(&input).unwrap_err();
    assert_eq!(overflow(&e), "value * 2 + base < 200");
    assert_eq!(e.path(), "Checked.doubled");
    assert_eq!(e.offset(), 1);

    // In range, the check is the product's.
    let mut input = vec![1, 50, 3];
    input.extend(1.5f32.to_be_bytes());
    let c = Checked::decode(&input).unwrap();
    assert_eq!((c.doubled, c.shift, c.scale), (50, 3, 1.5));
    let mut input = vec![100, 50, 3];
    input.extend(1.5f32.to_be_bytes());
    assert_eq!(
        Checked::decode(&input).unwrap_err().kind(),
        ErrorKind::Invalid {
            check: "value * 2 + base < 200"
        }
    );

    // Floating-point arithmetic is IEEE 754's: it never overflows into an error.
    let mut input = vec![1, 50, 3];
    input.extend(f32::MAX.to_be_bytes());
    assert_eq!(
        Checked::decode(&input).unwrap_err().kind(),
        ErrorKind::Invalid {
            check: "scale * 2.0 < 10.0"
        }
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Shifted {
    shift: u8,
    #[when(1u32 << shift != 0)]
    flag: Option<u8>,
}

#[test]
fn a_shift_past_the_width_is_an_overflow() {
    let e = Shifted::decode(&[40, 1]).unwrap_err();
    assert_eq!(overflow(&e), "1u32 << shift != 0");
    assert_eq!(Shifted::decode(&[31, 7]).unwrap().flag, Some(7));
}

#[derive(Decode, Debug)]
#[zerowire(pos(entry: u8 = first - 4))]
#[zerowire(pos(guarded: Option<u8> = 0, #[when(first - 4 > 0)]))]
struct Located<'a> {
    first: u8,
    #[eos]
    input: Input<'a>,
}

#[test]
fn positioned_offsets_and_conditions_are_checked() {
    let l = Located::decode(&[2, 9, 9]).unwrap();
    let e = l.entry().unwrap_err();
    assert_eq!(overflow(&e), "first - 4");
    assert_eq!(e.path(), "Located.entry");
    let e = l.guarded().unwrap_err();
    assert_eq!(overflow(&e), "first - 4 > 0");
    assert_eq!(e.path(), "Located.guarded");

    let l = Located::decode(&[6, 9, 7]).unwrap();
    assert_eq!(l.entry().unwrap(), 7);
    assert_eq!(l.guarded().unwrap(), Some(6));
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum Body {
    #[tag(0)]
    Zero(u8),
    #[tag(_)]
    Other(u16),
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(width: u8))]
struct Row<'a> {
    #[size(args.width)]
    cells: &'a [u8],
}

#[derive(Decode, Debug, PartialEq)]
struct Tagged<'a> {
    code: u8,
    #[tag_from(code - 1)]
    body: Body,
    #[args(width = code * 100)]
    row: Row<'a>,
    #[until(item + 1 == 0x80)]
    run: Vec<u8>,
}

#[test]
fn tag_args_and_until_arithmetic_is_checked() {
    // code - 1 underflows.
    let e = Tagged::decode(&[0, 5]).unwrap_err();
    assert_eq!(overflow(&e), "code - 1");
    assert_eq!(e.path(), "Tagged.body");

    // 3 * 100 overflows the u8 argument.
    let e = Tagged::decode(&[3, 0, 0]).unwrap_err();
    assert_eq!(overflow(&e), "code * 100");
    assert_eq!(e.path(), "Tagged.row");

    // 0xFF + 1 overflows in the until condition of an element.
    let mut input = vec![1, 5];
    input.extend([0xAA; 100]);
    input.extend([1, 0xFF]);
    let e = Tagged::decode(&input).unwrap_err();
    assert_eq!(overflow(&e), "item + 1 == 0x80");

    let mut input = vec![1, 5];
    input.extend([0xAA; 100]);
    input.extend([1, 0x7F]);
    let t = Tagged::decode(&input).unwrap();
    assert_eq!(t.body, Body::Zero(5));
    assert_eq!(t.row.cells.len(), 100);
    assert_eq!(t.run, [1, 0x7F]);
    assert_eq!(t.to_vec().unwrap(), input);
}
