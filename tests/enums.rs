//! Enums: C-like (`repr`) and tagged (`tag`, `tag_from`).

use zerowire::{Codec, Decode, ErrorKind, List, Number};
use zerowire_suite::{assert_every_prefix_fails, assert_round_trip, points_into};

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(repr = u8)]
enum Level {
    Warning = 1,
    Fatal = 2,
}

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[repr(u16)]
enum Kind {
    Handshake = 22,
    Data = 23,
    #[zerowire(other)]
    Unknown(u16),
}

#[derive(Decode, Debug, PartialEq)]
struct Alert {
    level: Level,
    kind: Kind,
}

#[test]
fn c_like_enums_map_numbers_to_variants() {
    assert_eq!(
        Alert::decode(&[2, 0, 23]).unwrap(),
        Alert {
            level: Level::Fatal,
            kind: Kind::Data
        }
    );
    assert_round_trip::<Alert>(&[1, 0, 22]);
    assert_every_prefix_fails::<Alert>(&[1, 0, 22], &[(0, "Alert.level"), (1, "Alert.kind")]);
}

/// A list of fixed-size elements that not every byte value decodes: the
/// length alone does not check it, so reading it checks each element, and the
/// iterator reads each again.
#[derive(Decode, Debug, PartialEq)]
struct Levels<'a> {
    #[eos]
    levels: List<'a, Level>,
}

#[test]
fn a_list_of_c_like_enums_checks_each_element_and_iterates_them_all() {
    let levels = Levels::decode(&[1, 2, 2, 1]).unwrap();
    assert_eq!(levels.levels.len(), 4);
    assert!(levels
        .levels
        .iter()
        .eq([Level::Warning, Level::Fatal, Level::Fatal, Level::Warning]));
    let mut iter = levels.levels.iter();
    assert_eq!(iter.nth(3), Some(Level::Warning));
    assert_eq!(iter.next(), None);
    assert_eq!(iter.next(), None);

    let err = Levels::decode(&[1, 2, 7]).unwrap_err();
    assert_eq!(err.path(), "Levels.levels[2]");
    assert_eq!(err.offset(), 2);
    assert_round_trip::<Levels<'_>>(&[2, 1]);
}

#[test]
fn an_other_variant_keeps_the_unknown_value_and_re_encodes_it() {
    let a = Alert::decode(&[1, 0x12, 0x34]).unwrap();
    assert_eq!(a.kind, Kind::Unknown(0x1234));
    assert_eq!(a.to_vec().unwrap(), [1, 0x12, 0x34]);
    assert_eq!(Number::from(Kind::Data), Number::Unsigned(23));
}

#[test]
fn a_c_like_enum_converts_to_its_integer() {
    // Kaitai's `.to_i`: the integer each variant is written as, the kept one
    // for the other variant, in the enum's own integer type.
    assert_eq!(u8::from(Level::Fatal), 2);
    assert_eq!(u16::from(Kind::Handshake), 22);
    assert_eq!(u16::from(Kind::Unknown(0x1234)), 0x1234);
    assert_eq!(i16::from(Signed::MinusOne), -1);
    let a = Alert::decode(&[1, 0, 99]).unwrap();
    assert_eq!(u16::from(a.kind), 99);
    // An enum that keeps every value also converts from its integer.
    assert_eq!(Kind::from(23), Kind::Data);
    assert_eq!(Kind::from(7), Kind::Unknown(7));
}

#[test]
fn without_an_other_variant_an_unknown_value_is_an_error_naming_it() {
    let err = Alert::decode(&[9, 0, 22]).unwrap_err();
    assert_eq!(err.path(), "Alert.level");
    assert_eq!(
        err.kind(),
        ErrorKind::UnknownValue {
            value: Number::Unsigned(9)
        }
    );
    assert_eq!(
        err.to_string(),
        "Alert.level: unknown value 9 (0x9) at offset 0"
    );
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(repr = i16, endian = "little")]
enum Signed {
    #[tag(-1)]
    MinusOne,
    #[tag(300)]
    Big,
}

#[test]
fn c_like_values_can_be_signed_and_little_endian() {
    assert_eq!(Signed::decode(&[0xFF, 0xFF]).unwrap(), Signed::MinusOne);
    assert_eq!(Signed::decode(&[0x2C, 0x01]).unwrap(), Signed::Big);
    assert_eq!(
        Signed::decode(&[0, 0x80]).unwrap_err().kind(),
        ErrorKind::UnknownValue {
            value: Number::Signed(-32768)
        }
    );
    assert_round_trip::<Signed>(&[0x2C, 0x01]);
}

// Tagged: the enum reads its own tag.

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag = u8)]
enum Message<'a> {
    #[tag(1)]
    Ping,
    #[tag(2, 3)]
    Number(u32),
    #[tag(0x10..=0x1F)]
    Text(Text<'a>),
    #[tag(_)]
    Unknown { tag: u8, body: &'a [u8] },
}

#[derive(Decode, Debug, PartialEq)]
struct Text<'a> {
    len: u8,
    #[size(len)]
    text: &'a str,
}

#[test]
fn a_tagged_enum_reading_its_own_tag_dispatches_on_it() {
    assert_eq!(Message::decode(&[1]).unwrap(), Message::Ping);
    assert_eq!(
        Message::decode(&[3, 0, 0, 1, 0]).unwrap(),
        Message::Number(256)
    );
    let input = [0x15, 2, b'h', b'i'];
    assert_eq!(
        Message::decode(&input).unwrap(),
        Message::Text(Text { len: 2, text: "hi" })
    );
    let unknown = [0x99, 7, 8];
    let m = Message::decode(&unknown).unwrap();
    assert_eq!(
        m,
        Message::Unknown {
            tag: 0x99,
            body: &[7, 8]
        }
    );
    if let Message::Unknown { body, .. } = m {
        assert!(points_into(body, &unknown));
    }
    assert_round_trip::<Message<'static>>(&[1]);
    assert_round_trip::<Message<'static>>(&[2, 0, 0, 1, 0]);
    assert_round_trip::<Message<'static>>(&unknown);
    assert_every_prefix_fails::<Message<'static>>(
        &[2, 0, 0, 1, 0],
        &[(0, "Message.tag"), (1, "Message.Number")],
    );
}

#[test]
fn a_variant_chosen_by_a_range_cannot_write_its_own_tag() {
    let err = Message::Text(Text { len: 0, text: "" })
        .to_vec()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Custom(_)), "{err}");
    assert_eq!(err.path(), "Message");
}

// Tagged: the tag is an earlier field of the struct that holds the enum, and
// the payloads decode with that struct as their parent.

#[derive(Decode, Debug, PartialEq)]
#[zerowire(endian = "little")]
struct Chunk<'a> {
    code: u8,
    size: u32,
    #[size(size)]
    #[tag_from(code)]
    body: Body<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum Body<'a> {
    #[tag(0x11)]
    Meta(Meta<'a>),
    #[tag(0x22)]
    Count(u8),
    #[tag(_)]
    Raw(&'a [u8]),
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Chunk<'a>)]
struct Meta<'a> {
    #[terminator(0)]
    title: &'a str,
    #[valid(title.len() + 2 == parent.size as usize)]
    rest: u8,
}

#[test]
fn tag_from_chooses_the_variant_and_payloads_see_the_holder_as_parent() {
    let input = [0x11, 4, 0, 0, 0, b'a', b'b', 0, 0];
    let c = Chunk::decode(&input).unwrap();
    assert_eq!(
        c.body,
        Body::Meta(Meta {
            title: "ab",
            rest: 0
        })
    );
    assert_round_trip::<Chunk<'static>>(&input);
    let input = [0x22, 1, 0, 0, 0, 7];
    assert_eq!(Chunk::decode(&input).unwrap().body, Body::Count(7));
    let input = [0x33, 2, 0, 0, 0, 7, 8];
    assert_eq!(Chunk::decode(&input).unwrap().body, Body::Raw(&[7, 8]));
    assert_round_trip::<Chunk<'static>>(&input);
    assert_every_prefix_fails::<Chunk<'static>>(
        &[0x22, 1, 0, 0, 0, 7],
        &[(0, "Chunk.code"), (1, "Chunk.size"), (5, "Chunk.body")],
    );
}

#[test]
fn encoding_a_variant_that_disagrees_with_the_tag_field_fails() {
    let c = Chunk {
        code: 0x22,
        size: 2,
        body: Body::Raw(&[1, 2]),
    };
    let err = c.to_vec().unwrap_err();
    assert_eq!(err.path(), "Chunk.body");
    assert_eq!(
        err.kind(),
        ErrorKind::TagMismatch {
            tag: Number::Unsigned(0x22)
        }
    );
    let c = Chunk {
        code: 0x11,
        size: 1,
        body: Body::Count(1),
    };
    assert_eq!(
        c.to_vec().unwrap_err().kind(),
        ErrorKind::TagMismatch {
            tag: Number::Unsigned(0x11)
        }
    );
}

// An enum as the tag of another enum.

#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(repr = u8)]
enum Code {
    Int = 73,
    Str = 83,
}

#[derive(Decode, Debug, PartialEq)]
struct Opcode<'a> {
    code: Code,
    #[tag_from(code)]
    body: Operand<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = Code)]
enum Operand<'a> {
    #[tag(Code::Int)]
    Int(u8),
    #[tag(Code::Str)]
    Str(StrOperand<'a>),
}

#[derive(Decode, Debug, PartialEq)]
struct StrOperand<'a> {
    #[terminator(0)]
    value: &'a str,
}

#[test]
fn a_c_like_enum_can_be_the_tag() {
    let input = b"Sfoo\0I\x07";
    let (first, rest) = Opcode::decode_prefix(input).unwrap();
    assert_eq!(first.body, Operand::Str(StrOperand { value: "foo" }));
    assert_eq!(Opcode::decode(rest).unwrap().body, Operand::Int(7));
    assert_round_trip::<Opcode<'static>>(b"I\x07");
}

// `tag_from` over `parent.`, `root.` and `args.`: the tag is a field decoded
// higher up, or an argument. The holders declare a parent; `Record` reads no
// `root.` (it works under any root) and still holds a tagged enum.

#[derive(Decode, Debug, PartialEq)]
struct Stream<'a> {
    kind: u8,
    record: Record<'a>,
    #[args(kind = kind)]
    last: Argued<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Stream<'a>)]
struct Record<'a> {
    len: u8,
    #[size(len)]
    #[tag_from(parent.kind)]
    body: Payload<'a>,
    deep: Deep<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Record<'a>)]
struct Deep<'a> {
    #[tag_from(root.kind)]
    again: Payload<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(args(kind: u8))]
struct Argued<'a> {
    #[tag_from(args.kind)]
    body: Payload<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum Payload<'a> {
    #[tag(1)]
    One(u8),
    #[tag(_)]
    Raw(&'a [u8]),
}

#[test]
fn tag_from_reads_the_parent_the_root_and_arguments() {
    let input = [1, 1, 9, 8, 7];
    let s = Stream::decode(&input).unwrap();
    assert_eq!(s.record.body, Payload::One(9));
    assert_eq!(s.record.deep.again, Payload::One(8));
    assert_eq!(s.last.body, Payload::One(7));
    assert_round_trip::<Stream<'static>>(&input);
    // Any other kind: each payload is the rest of its window.
    let input = [2, 2, 9, 8];
    let s = Stream::decode(&input).unwrap();
    assert_eq!(s.record.body, Payload::Raw(&[9, 8]));
    let Payload::Raw(body) = s.record.body else {
        panic!("{:?}", s.record.body)
    };
    assert!(points_into(body, &input));
    assert_eq!(s.record.deep.again, Payload::Raw(&[]));
    assert_eq!(s.last.body, Payload::Raw(&[]));
    assert_every_prefix_fails::<Stream<'static>>(
        &[1, 1, 9, 8, 7],
        &[
            (0, "Stream.kind"),
            (1, "Stream.record.len"),
            (2, "Stream.record.body"),
            (3, "Stream.record.deep.again.One"),
            (4, "Stream.last.body.One"),
        ],
    );
}

// A `tag_from` expression keeps its own precedence: `&` in `kind & 3` binds
// inside the tag, not to the reference the derive takes of it.

#[derive(Decode, Debug, PartialEq)]
struct Masked<'a> {
    kind: u8,
    #[tag_from(kind & 3)]
    body: Payload<'a>,
}

#[test]
fn a_tag_from_expression_keeps_its_precedence() {
    let m = Masked::decode(&[0xfd, 9]).unwrap();
    assert_eq!(m.body, Payload::One(9));
    assert_round_trip::<Masked<'static>>(&[0xfd, 9]);
    assert_eq!(Masked::decode(&[0xfe, 9]).unwrap().body, Payload::Raw(&[9]));
}

/// Each element of a repetition of tagged enums may take its tag from an
/// earlier list, by its `index` (Kaitai's `switch-on: codes[_index]`).
#[derive(Decode, Debug, PartialEq)]
struct Chunks<'a> {
    #[count(2)]
    codes: Vec<u8>,
    #[count(2)]
    #[item_size(1)]
    #[tag_from(codes[index])]
    bodies: Vec<Small<'a>>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum Small<'a> {
    #[tag(0x22)]
    Count(u8),
    #[tag(_)]
    Raw(&'a [u8]),
}

#[test]
fn tag_from_may_read_the_element_index() {
    let input = [0x22, 0x01, 7, 9];
    let c = Chunks::decode(&input).unwrap();
    assert_eq!(c.bodies, [Small::Count(7), Small::Raw(&[9])]);
    assert_round_trip::<Chunks<'static>>(&input);
}

// A variant's own byte order for its number (Kaitai's cases `u2le` and `u2be`
// of one `switch-on`).
#[derive(Decode, Debug, PartialEq)]
struct Ordered {
    order: u8,
    #[tag_from(order)]
    value: OrderedValue,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = u8)]
enum OrderedValue {
    #[tag(1)]
    #[endian(little)]
    Little(u16),
    #[tag(_)]
    Big(u16),
}

#[test]
fn a_variant_orders_its_number_payload() {
    assert_eq!(
        Ordered::decode(&[1, 0x41, 0x43]).unwrap().value,
        OrderedValue::Little(0x4341)
    );
    assert_eq!(
        Ordered::decode(&[2, 0x41, 0x43]).unwrap().value,
        OrderedValue::Big(0x4143)
    );
    assert_round_trip::<Ordered>(&[1, 0x41, 0x43]);
    assert_round_trip::<Ordered>(&[0, 0x41, 0x43]);
}

// One enum read from integers of several widths (`#[int(..)]`): Kaitai's
// `enum: animal` on a `u4` and on a `u2`.
#[derive(Decode, Debug, PartialEq, Clone, Copy)]
#[zerowire(repr = u32, endian = "little")]
enum Animal {
    #[tag(7)]
    Pig,
    #[tag(12)]
    Horse,
    #[zerowire(other)]
    Unknown(u32),
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(endian = "little")]
struct Pets {
    wide: Animal,
    #[int(u16)]
    narrow: Animal,
    #[int(u8)]
    #[count(2)]
    bytes: Vec<Animal>,
}

#[test]
fn an_enum_reads_as_another_integer_and_writes_back_as_it() {
    let input = [7, 0, 0, 0, 12, 0, 7, 99];
    let p = Pets::decode(&input).unwrap();
    assert_eq!(p.wide, Animal::Pig);
    assert_eq!(p.narrow, Animal::Horse);
    assert_eq!(p.bytes, [Animal::Pig, Animal::Unknown(99)]);
    assert_round_trip::<Pets>(&input);
    assert_every_prefix_fails::<Pets>(
        &input,
        &[
            (0, "Pets.wide"),
            (4, "Pets.narrow"),
            (6, "Pets.bytes[0]"),
            (7, "Pets.bytes[1]"),
        ],
    );
    // A value the narrower integer cannot hold is an error on encode.
    let wide = Pets {
        wide: Animal::Pig,
        narrow: Animal::Unknown(70_000),
        bytes: Vec::new(),
    };
    let e = wide.to_vec().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Overflow { .. }), "{e}");
    assert_eq!(e.path(), "Pets.narrow");
}

// A tag that is a `bool` (Kaitai's `switch-on` over a condition).
#[derive(Decode, Debug, PartialEq)]
struct Flagged {
    flags: u8,
    #[tag_from(flags & 0x80 != 0)]
    body: FlaggedBody,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(tag_type = bool)]
enum FlaggedBody {
    #[tag(true)]
    Long(u16),
    #[tag(false)]
    Short(u8),
}

#[test]
fn a_bool_tag_chooses_the_variant() {
    assert_eq!(
        Flagged::decode(&[0x80, 1, 2]).unwrap().body,
        FlaggedBody::Long(0x0102)
    );
    assert_eq!(
        Flagged::decode(&[0, 7]).unwrap().body,
        FlaggedBody::Short(7)
    );
    assert_round_trip::<Flagged>(&[0x81, 0, 9]);
    let wrong = Flagged {
        flags: 0,
        body: FlaggedBody::Long(1),
    };
    let e = wrong.to_vec().unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::TagMismatch {
            tag: Number::Unsigned(0)
        }
    );
}
