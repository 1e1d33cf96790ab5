//! `String` fields with `#[encoding(..)]`: text in an encoding other than
//! UTF-8, decoded strictly into a new buffer and encoded back.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::assert_round_trip;

#[derive(Decode, Debug, PartialEq)]
struct Names {
    len: u8,
    #[size(len)]
    #[encoding("UTF-16LE")]
    le: String,
    #[size(4)]
    #[encoding("utf-16be")]
    be: String,
    // A UTF-16 terminator is a whole code unit: `\0\0` on a 2-byte boundary.
    #[terminator(0)]
    #[encoding("UTF-16LE")]
    strz: String,
    #[size(3)]
    #[encoding("ISO-8859-1")]
    latin: String,
    #[size(2)]
    #[encoding("IBM437")]
    dos: String,
    #[count(2)]
    #[terminator(b'|')]
    #[encoding("ISO-8859-1")]
    list: Vec<String>,
}

fn names_input() -> Vec<u8> {
    let mut input = vec![4, b'h', 0, b'i', 0, 0, b'o', 0, b'k'];
    // 'a', U+0200 (its low byte is zero: not a terminator), then the terminator.
    input.extend([b'a', 0, 0, 0x02, 0, 0]);
    input.extend([b'c', 0xe9, 0xff]);
    input.extend([0x82, 0xdb]);
    input.extend(b"x|\xe0|");
    input
}

#[test]
fn text_in_other_encodings_decodes_into_strings_and_encodes_back() {
    let input = names_input();
    let n = Names::decode(&input).unwrap();
    assert_eq!(n.le, "hi");
    assert_eq!(n.be, "ok");
    assert_eq!(n.strz, "a\u{200}");
    assert_eq!(n.latin, "cé\u{ff}");
    assert_eq!(n.dos, "é█");
    assert_eq!(n.list, ["x", "à"]);
    assert_eq!(n.to_vec().unwrap(), input);
    assert_round_trip::<Names>(&input);
}

#[test]
fn invalid_text_is_an_error_at_the_field() {
    // An odd number of bytes is no UTF-16.
    let mut input = names_input();
    input[0] = 3;
    let e = Names::decode(&input).unwrap_err();
    assert_eq!(e.path(), "Names.le");
    assert_eq!(e.offset(), 1);
    assert_eq!(
        e.kind(),
        ErrorKind::BadText {
            encoding: "UTF-16LE"
        }
    );
    assert_eq!(
        e.to_string(),
        "Names.le: text not valid in UTF-16LE at offset 1"
    );
    // A lone surrogate is no UTF-16 either.
    let mut input = names_input();
    input[5..7].copy_from_slice(&[0xd8, 0x00]);
    assert_eq!(
        Names::decode(&input).unwrap_err().kind(),
        ErrorKind::BadText {
            encoding: "UTF-16BE"
        }
    );
    // Text with a character the encoding has not cannot be written.
    let mut n = Names::decode(&names_input()).unwrap();
    n.latin = "€!".into();
    let e = n.to_vec().unwrap_err();
    assert_eq!(e.path(), "Names.latin");
    assert_eq!(
        e.kind(),
        ErrorKind::BadText {
            encoding: "ISO-8859-1"
        }
    );
    // The UTF-16 terminator must not occur inside the value.
    let mut n = Names::decode(&names_input()).unwrap();
    n.strz = "a\0b".into();
    assert_eq!(
        n.to_vec().unwrap_err().kind(),
        ErrorKind::TerminatorInValue { terminator: 0 }
    );
}

#[derive(Decode, Debug, PartialEq)]
struct Japanese {
    #[eos]
    #[encoding("SJIS")]
    text: String,
}

#[test]
fn shift_jis_text_decodes_with_the_sjis_feature() {
    // "日本" in Shift JIS.
    let input = [0x93, 0xfa, 0x96, 0x7b];
    assert_eq!(Japanese::decode(&input).unwrap().text, "日本");
    assert_round_trip::<Japanese>(&input);
    assert_eq!(
        Japanese::decode(&[0x93]).unwrap_err().kind(),
        ErrorKind::BadText {
            encoding: "Shift_JIS"
        }
    );
}
