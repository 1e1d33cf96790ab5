//! Tagged enums chosen by text or bytes (`tag_type = &'a str`, `&'a [u8]`,
//! `[u8; N]`): Kaitai's `switch-on` over a string, RIFF and PNG chunk ids.

use zerowire::{Codec, Decode, ErrorKind};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, points_into};

// An opcode named by one character of text, its operand chosen by it.
#[derive(Decode, Debug, PartialEq)]
struct Opcode<'a> {
    #[size(1)]
    code: &'a str,
    #[tag_from(code)]
    body: Operand<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = &'a str)]
enum Operand<'a> {
    #[tag("I")]
    Int(u8),
    #[tag("S", "T")]
    Str(Text<'a>),
}

#[derive(Decode, Debug, PartialEq)]
struct Text<'a> {
    #[terminator(0)]
    value: &'a str,
}

#[test]
fn a_text_tag_chooses_the_variant() {
    let input = b"Sfoo\0";
    let op = Opcode::decode(input).unwrap();
    assert_eq!(op.body, Operand::Str(Text { value: "foo" }));
    let Operand::Str(s) = op.body else {
        unreachable!()
    };
    assert!(points_into(s.value.as_bytes(), input));
    assert_eq!(
        Opcode::decode(b"T\0").unwrap().body,
        Operand::Str(Text { value: "" })
    );
    assert_eq!(Opcode::decode(b"I\x42").unwrap().body, Operand::Int(0x42));
    assert_round_trip::<Opcode<'static>>(b"Sfoo\0");
    assert_round_trip::<Opcode<'static>>(b"I\x07");
    assert_every_prefix_fails::<Opcode<'static>>(
        b"Sfoo\0",
        &[(0, "Opcode.code"), (1, "Opcode.body.Str.value")],
    );
}

#[test]
fn a_text_tag_no_variant_names_is_an_unknown_tag_with_its_bytes() {
    let err = Opcode::decode(b"X\x01").unwrap_err();
    let ErrorKind::UnknownTag { found } = err.kind() else {
        panic!("an unknown tag expected, got {err}")
    };
    assert_eq!(found.as_bytes(), b"X");
    assert_eq!(err.offset(), 1);
    assert_eq!(
        err.to_string(),
        "Opcode.body: unknown tag b\"X\" at offset 1"
    );
}

#[test]
fn encoding_a_variant_its_text_tag_does_not_name_is_a_mismatch() {
    let op = Opcode {
        code: "I",
        body: Operand::Str(Text { value: "foo" }),
    };
    let err = op.to_vec().unwrap_err();
    let ErrorKind::TagMismatchBytes { tag } = err.kind() else {
        panic!("a tag mismatch expected, got {err}")
    };
    assert_eq!(tag.as_bytes(), b"I");
}

// A chunk id of four bytes, with a fallback that keeps the id and the body.
#[derive(Decode, Debug, PartialEq)]
struct Chunk<'a> {
    #[size(4)]
    id: &'a [u8],
    len: u8,
    #[size(len)]
    #[tag_from(id)]
    body: ChunkBody<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = &'a [u8])]
enum ChunkBody<'a> {
    #[tag(b"IHDR")]
    Header(Header),
    #[tag(b"tEXt" | b"zTXt")]
    Text(&'a [u8]),
    #[tag(_)]
    Other { tag: &'a [u8], body: &'a [u8] },
}

#[derive(Decode, Debug, PartialEq)]
struct Header {
    width: u16,
    height: u16,
}

#[test]
fn a_bytes_tag_chooses_the_variant_and_the_fallback_keeps_it() {
    let header = b"IHDR\x04\x00\x10\x00\x20";
    assert_eq!(
        Chunk::decode(header).unwrap().body,
        ChunkBody::Header(Header {
            width: 16,
            height: 32
        })
    );
    assert_eq!(
        Chunk::decode(b"zTXt\x02hi").unwrap().body,
        ChunkBody::Text(b"hi")
    );
    let other = b"IEND\x01\xff";
    let chunk = Chunk::decode(other).unwrap();
    let ChunkBody::Other { tag, body } = chunk.body else {
        panic!("the fallback expected, got {:?}", chunk.body)
    };
    assert_eq!((tag, body), (&b"IEND"[..], &b"\xff"[..]));
    assert!(points_into(tag, other) && points_into(body, other));
    for input in [&header[..], b"tEXt\x02hi", other] {
        assert_round_trip::<Chunk<'static>>(input);
        assert_every_prefix_fails::<Chunk<'static>>(
            input,
            &[(0, "Chunk.id"), (4, "Chunk.len"), (5, "Chunk.body")],
        );
    }
}

#[test]
fn the_fallback_writes_only_under_its_own_tag() {
    let chunk = Chunk {
        id: b"IEND",
        len: 0,
        body: ChunkBody::Other {
            tag: b"IDAT",
            body: b"",
        },
    };
    let err = chunk.to_vec().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TagMismatchBytes { tag } if tag.as_bytes() == b"IEND"),
        "{err}"
    );
}

// A fixed-size array as the tag.
#[derive(Decode, Debug, PartialEq)]
struct Magic<'a> {
    kind: [u8; 2],
    #[tag_from(kind)]
    body: MagicBody<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = [u8; 2])]
enum MagicBody<'a> {
    #[tag([b'B', b'M'])]
    Bitmap(u8),
    #[tag(_)]
    Unknown(&'a [u8]),
}

#[test]
fn an_array_tag_chooses_the_variant() {
    assert_eq!(Magic::decode(b"BM\x07").unwrap().body, MagicBody::Bitmap(7));
    assert_eq!(
        Magic::decode(b"GI\x01\x02").unwrap().body,
        MagicBody::Unknown(b"\x01\x02")
    );
    assert_round_trip::<Magic<'static>>(b"BM\x07");
}

// An enum that borrows nothing still takes a borrowed tag.
#[derive(Decode, Debug, PartialEq)]
struct Setting<'a> {
    #[terminator(b'=')]
    key: &'a str,
    #[tag_from(key)]
    value: SettingValue,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = &'a str)]
enum SettingValue {
    #[tag("width", "height")]
    Size(u16),
    #[tag("on")]
    Flag(u8),
}

#[test]
fn an_enum_without_a_lifetime_takes_a_text_tag() {
    let input = b"height=\x01\x02";
    let setting = Setting::decode(input).unwrap();
    assert_eq!(setting.value, SettingValue::Size(0x0102));
    assert!(points_into(setting.key.as_bytes(), input));
    assert_eq!(
        Setting::decode(b"on=\x01").unwrap().value,
        SettingValue::Flag(1)
    );
    assert_round_trip::<Setting<'static>>(b"width=\x00\x10");
    let err = Setting::decode(b"depth=\x01").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Setting.value: unknown tag b\"depth\" at offset 6"
    );
}
