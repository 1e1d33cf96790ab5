//! Kaitai Struct's own conformance cases, ported from the layouts in
//! `shared/conformance/kaitai/manifest.json` and checked against its expected
//! values. Run with `ZEROWIRE_KAITAI_DIR` naming that directory (`.ci/run` does).

use zerowire::math::div_floor;
use zerowire::{check_round_trip, Codec, Decode, Error, ErrorKind, Family, Input, List};
use zerowire_suite::assert_round_trip;
use zerowire_suite::kaitai::case;
use zerowire_suite::kaitai_ports::{
    Chunk, ChunkBody, Entry, NavParent, RepeatEosStruct, SwitchManualIntSize,
};

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct Integers {
    #[magic(b"PACK-1")]
    _magic1: (),
    uint8: u8,
    sint8: i8,
    #[magic(b"PACK-U-DEF")]
    _magic_uint: (),
    uint16: u16,
    uint32: u32,
    uint64: u64,
    #[magic(b"PACK-S-DEF")]
    _magic_sint: (),
    sint16: i16,
    sint32: i32,
    sint64: i64,
    #[magic(b"PACK-U-LE")]
    _magic_uint_le: (),
    uint16le: u16,
    uint32le: u32,
    uint64le: u64,
    #[magic(b"PACK-S-LE")]
    _magic_sint_le: (),
    sint16le: i16,
    sint32le: i32,
    sint64le: i64,
    #[magic(b"PACK-U-BE")]
    _magic_uint_be: (),
    #[endian(big)]
    uint16be: u16,
    #[endian(big)]
    uint32be: u32,
    #[endian(big)]
    uint64be: u64,
    #[magic(b"PACK-S-BE")]
    _magic_sint_be: (),
    #[endian(big)]
    sint16be: i16,
    #[endian(big)]
    sint32be: i32,
    #[endian(big)]
    sint64be: i64,
}

#[test]
fn integers() {
    let Some(case) = case("integers") else { return };
    let v = Integers::decode(&case.bytes).expect("consumes all 148 bytes");
    case.check_int("uint8", v.uint8);
    case.check_int("uint16", v.uint16);
    case.check_int("uint32", v.uint32);
    case.check_int("uint64", v.uint64);
    case.check_int("sint8", v.sint8);
    case.check_int("sint16", v.sint16);
    case.check_int("sint32", v.sint32);
    case.check_int("sint64", v.sint64);
    case.check_int("uint16le", v.uint16le);
    case.check_int("uint32le", v.uint32le);
    case.check_int("uint64le", v.uint64le);
    case.check_int("sint16le", v.sint16le);
    case.check_int("sint32le", v.sint32le);
    case.check_int("sint64le", v.sint64le);
    case.check_int("uint16be", v.uint16be);
    case.check_int("uint32be", v.uint32be);
    case.check_int("uint64be", v.uint64be);
    case.check_int("sint16be", v.sint16be);
    case.check_int("sint32be", v.sint32be);
    case.check_int("sint64be", v.sint64be);
    assert_round_trip::<Integers>(&case.bytes);
    let mut bad = case.bytes.clone();
    bad[0] = b'X';
    assert_eq!(
        Integers::decode(&bad).unwrap_err().path(),
        "Integers._magic1"
    );
    case.finish();
}

#[derive(Decode, Debug)]
struct DefaultEndianMod {
    main: MainObj,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct MainObj {
    one: i32,
    nest: Subnest,
    nest_be: SubnestBe,
}

/// Kaitai inherits the enclosing type's default byte order; zerowire states it.
#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct Subnest {
    two: i32,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "big")]
struct SubnestBe {
    two: i32,
}

#[test]
fn default_endian_mod() {
    let Some(case) = case("default_endian_mod") else {
        return;
    };
    let (v, _) = DefaultEndianMod::decode_prefix(&case.bytes).expect("reads 12 bytes");
    case.check_int("main.one", v.main.one);
    case.check_int("main.nest.two", v.main.nest.two);
    case.check_int("main.nest_be.two", v.main.nest_be.two);
    assert_round_trip::<DefaultEndianMod>(&case.bytes[..12]);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct BufferedStruct {
    len1: u32,
    #[size(len1)]
    #[skip_rest]
    block1: Block,
    len2: u32,
    #[size(len2)]
    #[skip_rest]
    block2: Block,
    finisher: u32,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct Block {
    number1: u32,
    number2: u32,
}

#[test]
fn buffered_struct() {
    let Some(case) = case("buffered_struct") else {
        return;
    };
    let (v, _) = BufferedStruct::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("len1", v.len1);
    case.check_int("block1.number1", v.block1.number1);
    case.check_int("block1.number2", v.block1.number2);
    case.check_int("len2", v.len2);
    case.check_int("block2.number1", v.block2.number1);
    case.check_int("block2.number2", v.block2.number2);
    case.check_int("finisher", v.finisher);
    case.finish();
}

#[test]
fn nav_parent() {
    let Some(case) = case("nav_parent") else {
        return;
    };
    let (v, _) = NavParent::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("header.qty_entries", v.header.qty_entries);
    case.check_int("header.filename_len", v.header.filename_len);
    case.check_int("index.entries.len()", v.index.entries.len() as i128);
    let entries: Vec<Entry<'_>> = v.index.entries.iter_in(&v.index, &v).collect();
    case.check_str("index.entries[0].filename", entries[0].filename);
    case.check_str("index.entries[1].filename", entries[1].filename);
    assert_eq!(v.index.magic.len(), 4);
    case.finish();
}

#[test]
fn repeat_eos_struct() {
    let Some(case) = case("repeat_eos_struct") else {
        return;
    };
    let v = RepeatEosStruct::decode(&case.bytes).expect("decodes to the end");
    case.check_int("chunks.len()", v.chunks.len() as i128);
    let chunks: Vec<Chunk> = v.chunks.iter().collect();
    case.check_int("chunks[0].offset", chunks[0].offset);
    case.check_int("chunks[0].len", chunks[0].len);
    case.check_int("chunks[1].offset", chunks[1].offset);
    case.check_int("chunks[1].len", chunks[1].len);
    assert_round_trip::<RepeatEosStruct<'static>>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug)]
struct IfStruct<'a> {
    op1: Operation<'a>,
    op2: Operation<'a>,
    op3: Operation<'a>,
}

#[derive(Decode, Debug)]
struct Operation<'a> {
    opcode: u8,
    #[when(opcode == b'T')]
    arg_tuple: Option<ArgTuple>,
    #[when(opcode == b'S')]
    arg_str: Option<ArgStr<'a>>,
}

#[derive(Decode, Debug)]
struct ArgTuple {
    num1: u8,
    num2: u8,
}

#[derive(Decode, Debug)]
struct ArgStr<'a> {
    len: u8,
    #[size(len)]
    str: &'a str,
}

#[test]
fn if_struct() {
    let Some(case) = case("if_struct") else {
        return;
    };
    let (v, _) = IfStruct::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("op1.opcode", v.op1.opcode);
    case.check_absent("op1.arg_tuple", v.op1.arg_tuple.is_none());
    case.check_str(
        "op1.arg_str.str",
        v.op1.arg_str.as_ref().expect("op1 has a string").str,
    );
    case.check_int("op2.opcode", v.op2.opcode);
    let tuple = v.op2.arg_tuple.as_ref().expect("op2 has a tuple");
    case.check_int("op2.arg_tuple.num1", tuple.num1);
    case.check_int("op2.arg_tuple.num2", tuple.num2);
    case.check_absent("op2.arg_str", v.op2.arg_str.is_none());
    case.check_int("op3.opcode", v.op3.opcode);
    case.check_absent("op3.arg_tuple", v.op3.arg_tuple.is_none());
    case.check_str(
        "op3.arg_str.str",
        v.op3.arg_str.as_ref().expect("op3 has a string").str,
    );
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct ValidShort<'a> {
    #[valid(value == *b"PACK-1")]
    magic1: [u8; 6],
    #[valid(value == 255)]
    uint8: u8,
    #[valid(value == -1)]
    sint8: i8,
    #[size(10)]
    #[valid(value == "PACK-U-DEF")]
    magic_uint: &'a str,
    #[valid(value == u16::MAX)]
    uint16: u16,
    #[valid(value == u32::MAX)]
    uint32: u32,
    #[valid(value == u64::MAX)]
    uint64: u64,
    #[size(10)]
    #[valid(value == "PACK-S-DEF")]
    magic_sint: &'a str,
    #[valid(value == -1)]
    sint16: i16,
    #[valid(value == -1)]
    sint32: i32,
    #[valid(value == -1)]
    sint64: i64,
}

#[test]
fn valid_short() {
    let Some(case) = case("valid_short") else {
        return;
    };
    let (v, _) = ValidShort::decode_prefix(&case.bytes).expect("every check holds");
    case.check_hex("magic1", &v.magic1);
    case.check_int("uint8", v.uint8);
    case.check_int("sint8", v.sint8);
    case.check_str("magic_uint", v.magic_uint);
    case.check_int("uint16", v.uint16);
    case.check_int("uint32", v.uint32);
    case.check_int("uint64", v.uint64);
    case.check_str("magic_sint", v.magic_sint);
    case.check_int("sint16", v.sint16);
    case.check_int("sint32", v.sint32);
    case.check_int("sint64", v.sint64);
    assert_round_trip::<ValidShort<'static>>(&case.bytes[..56]);
    case.finish();
}

#[derive(Decode, Debug)]
struct ValidFailEqInt {
    #[valid(value == 123)]
    foo: u8,
}

#[test]
fn valid_fail_eq_int() {
    let Some(case) = case("valid_fail_eq_int") else {
        return;
    };
    let error = ValidFailEqInt::decode_prefix(&case.bytes).unwrap_err();
    case.check_error(&error);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct EofExceptionU4<'a> {
    prebuf: &'a [u8; 9],
    fail_int: u32,
}

#[test]
fn eof_exception_u4() {
    let Some(case) = case("eof_exception_u4") else {
        return;
    };
    let error = EofExceptionU4::decode_prefix(&case.bytes).unwrap_err();
    case.check_error(&error);
    assert_eq!(error.kind(), zerowire_suite::needed(4, 3));
    case.finish();
}

#[derive(Decode, Debug)]
struct BytesPadTerm<'a> {
    #[size(20)]
    #[pad_right(0x40)]
    str_pad: &'a [u8],
    #[size(20)]
    #[terminator(0x40)]
    str_term: &'a [u8],
    #[size(20)]
    #[terminator(0x40)]
    #[pad_right(0x2B)]
    str_term_and_pad: &'a [u8],
    #[size(20)]
    #[terminator(0x40, include)]
    str_term_include: &'a [u8],
}

#[test]
fn bytes_pad_term() {
    let Some(case) = case("bytes_pad_term") else {
        return;
    };
    let v = BytesPadTerm::decode(&case.bytes).expect("consumes all 80 bytes");
    case.check_hex("str_pad", v.str_pad);
    case.check_hex("str_term", v.str_term);
    case.check_hex("str_term_and_pad", v.str_term_and_pad);
    case.check_hex("str_term_include", v.str_term_include);
    case.finish();
}

#[derive(Decode, Debug)]
struct TermStrz<'a> {
    #[terminator(b'|')]
    s1: &'a str,
    #[terminator(b'|', consume = false)]
    s2: &'a str,
    #[terminator(b'@', include)]
    s3: &'a str,
}

#[test]
fn term_strz() {
    let Some(case) = case("term_strz") else {
        return;
    };
    let (v, _) = TermStrz::decode_prefix(&case.bytes).expect("decodes");
    case.check_str("s1", v.s1);
    case.check_str("s2", v.s2);
    case.check_str("s3", v.s3);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct RepeatNStrz<'a> {
    qty: u32,
    #[count(qty)]
    #[terminator(0)]
    lines: Vec<&'a str>,
}

#[test]
fn repeat_n_strz() {
    let Some(case) = case("repeat_n_strz") else {
        return;
    };
    let (v, _) = RepeatNStrz::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("qty", v.qty);
    case.check_strs("lines", v.lines.iter().copied());
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct RepeatUntilS4<'a> {
    #[until(item == -1)]
    entries: Vec<i32>,
    #[terminator(0)]
    afterall: &'a str,
}

#[test]
fn repeat_until_s4() {
    let Some(case) = case("repeat_until_s4") else {
        return;
    };
    let (v, _) = RepeatUntilS4::decode_prefix(&case.bytes).expect("decodes");
    case.check_ints("entries", v.entries.iter().copied());
    case.check_str("afterall", v.afterall);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct RepeatUntilComplex<'a> {
    #[until(item.count == 0)]
    first: Vec<TypeU1<'a>>,
    #[until(item.count == 0)]
    second: Vec<TypeU2>,
    #[until(item == 0)]
    third: List<'a, u8>,
}

#[derive(Decode, Debug)]
struct TypeU1<'a> {
    count: u8,
    #[count(count)]
    values: List<'a, u8>,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct TypeU2 {
    count: u16,
    #[count(count)]
    values: Vec<u16>,
}

#[test]
fn repeat_until_complex() {
    let Some(case) = case("repeat_until_complex") else {
        return;
    };
    let (v, _) = RepeatUntilComplex::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("first.len()", v.first.len() as i128);
    for (i, item) in v.first.iter().enumerate() {
        case.check_int(&format!("first[{i}].count"), item.count);
        if item.count > 0 {
            case.check_ints(&format!("first[{i}].values"), item.values.iter());
        }
    }
    case.check_int("second.len()", v.second.len() as i128);
    for (i, item) in v.second.iter().enumerate() {
        case.check_int(&format!("second[{i}].count"), item.count);
        if item.count > 0 {
            case.check_ints(&format!("second[{i}].values"), item.values.iter().copied());
        }
    }
    case.check_ints("third", v.third.iter());
    case.finish();
}

#[derive(Decode, Debug, Clone, Copy, PartialEq)]
#[repr(u8)]
enum Animal {
    Dog = 0x66,
    Cat = 0x7C,
    #[zerowire(other)]
    Unknown(u8),
}

impl Animal {
    fn member(self) -> (Option<&'static str>, u8) {
        match self {
            Animal::Dog => (Some("dog"), 0x66),
            Animal::Cat => (Some("cat"), 0x7C),
            Animal::Unknown(v) => (None, v),
        }
    }
}

#[derive(Decode, Debug)]
struct EnumInvalid {
    pet_1: Animal,
    pet_2: Animal,
}

#[test]
fn enum_invalid() {
    let Some(case) = case("enum_invalid") else {
        return;
    };
    let (v, _) = EnumInvalid::decode_prefix(&case.bytes).expect("unknown values are kept");
    let (name, value) = v.pet_1.member();
    case.check_enum("pet_1", name, value);
    let (name, value) = v.pet_2.member();
    case.check_enum("pet_2", name, value);
    assert_round_trip::<EnumInvalid>(&case.bytes[..2]);
    case.finish();
}

#[derive(Decode, Debug)]
struct SwitchManualInt<'a> {
    #[eos]
    opcodes: Vec<Opcode<'a>>,
}

#[derive(Decode, Debug)]
struct Opcode<'a> {
    code: u8,
    #[tag_from(code)]
    body: OpcodeBody<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(tag_type = u8)]
enum OpcodeBody<'a> {
    #[tag(73)]
    Intval(Intval),
    #[tag(83)]
    Strval(Strval<'a>),
}

#[derive(Decode, Debug)]
struct Intval {
    value: u8,
}

#[derive(Decode, Debug)]
struct Strval<'a> {
    #[terminator(0)]
    value: &'a str,
}

#[test]
fn switch_manual_int() {
    let Some(case) = case("switch_manual_int") else {
        return;
    };
    let v = SwitchManualInt::decode(&case.bytes).expect("decodes to the end");
    case.check_int("opcodes.len()", v.opcodes.len() as i128);
    for (i, op) in v.opcodes.iter().enumerate() {
        case.check_int(&format!("opcodes[{i}].code"), op.code);
        match &op.body {
            OpcodeBody::Intval(b) => {
                case.check_int(&format!("opcodes[{i}].body@intval.value"), b.value)
            }
            OpcodeBody::Strval(b) => {
                case.check_str(&format!("opcodes[{i}].body@strval.value"), b.value)
            }
        }
    }
    assert_round_trip::<SwitchManualInt<'static>>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug)]
struct SwitchIntegers {
    #[eos]
    opcodes: Vec<IntOpcode>,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct IntOpcode {
    code: u8,
    #[tag_from(code)]
    body: IntBody,
}

#[derive(Decode, Debug)]
#[zerowire(tag_type = u8, endian = "little")]
enum IntBody {
    #[tag(1)]
    U8(u8),
    #[tag(2)]
    U16(u16),
    #[tag(4)]
    U32(u32),
    #[tag(8)]
    U64(u64),
}

#[test]
fn switch_integers() {
    let Some(case) = case("switch_integers") else {
        return;
    };
    let v = SwitchIntegers::decode(&case.bytes).expect("decodes to the end");
    case.check_int("opcodes.len()", v.opcodes.len() as i128);
    for (i, op) in v.opcodes.iter().enumerate() {
        case.check_int(&format!("opcodes[{i}].code"), op.code);
        let body = match op.body {
            IntBody::U8(n) => u64::from(n),
            IntBody::U16(n) => u64::from(n),
            IntBody::U32(n) => u64::from(n),
            IntBody::U64(n) => n,
        };
        case.check_int(&format!("opcodes[{i}].body"), body);
    }
    assert_round_trip::<SwitchIntegers>(&case.bytes);
    case.finish();
}

#[test]
fn switch_manual_int_size() {
    let Some(case) = case("switch_manual_int_size") else {
        return;
    };
    let v = SwitchManualIntSize::decode(&case.bytes).expect("decodes to the end");
    case.check_int("chunks.len()", v.chunks.len() as i128);
    for (i, chunk) in v.chunks.iter().enumerate() {
        case.check_int(&format!("chunks[{i}].code"), chunk.code);
        match &chunk.body {
            ChunkBody::ChunkMeta(m) => {
                case.check_str(&format!("chunks[{i}].body@chunk_meta.title"), m.title);
                case.check_str(&format!("chunks[{i}].body@chunk_meta.author"), m.author);
            }
            ChunkBody::ChunkDir(d) => case.check_strs(
                &format!("chunks[{i}].body@chunk_dir.entries"),
                d.entries.iter().map(|e| e.name),
            ),
            ChunkBody::Bytes(b) => case.check_hex(&format!("chunks[{i}].body@bytes"), b),
        }
    }
    assert_round_trip::<SwitchManualIntSize<'static>>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug, Clone, Copy, PartialEq)]
#[zerowire(repr = u8)]
enum CodeEnum {
    Intval = 73,
    Strval = 83,
}

#[derive(Decode, Debug)]
struct SwitchManualEnum<'a> {
    #[eos]
    opcodes: Vec<EnumOpcode<'a>>,
}

#[derive(Decode, Debug)]
struct EnumOpcode<'a> {
    code: CodeEnum,
    #[tag_from(code)]
    body: EnumOpcodeBody<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(tag_type = CodeEnum)]
enum EnumOpcodeBody<'a> {
    #[tag(CodeEnum::Intval)]
    Intval(Intval),
    #[tag(CodeEnum::Strval)]
    Strval(Strval<'a>),
}

#[test]
fn switch_manual_enum() {
    let Some(case) = case("switch_manual_enum") else {
        return;
    };
    let v = SwitchManualEnum::decode(&case.bytes).expect("decodes to the end");
    case.check_int("opcodes.len()", v.opcodes.len() as i128);
    for (i, op) in v.opcodes.iter().enumerate() {
        let (name, value) = match op.code {
            CodeEnum::Intval => ("intval", 73),
            CodeEnum::Strval => ("strval", 83),
        };
        case.check_enum(&format!("opcodes[{i}].code"), Some(name), value);
        match &op.body {
            EnumOpcodeBody::Intval(b) => {
                case.check_int(&format!("opcodes[{i}].body@intval.value"), b.value)
            }
            EnumOpcodeBody::Strval(b) => {
                case.check_str(&format!("opcodes[{i}].body@strval.value"), b.value)
            }
        }
    }
    assert_round_trip::<SwitchManualEnum<'static>>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug)]
struct NavParentSwitch {
    category: u8,
    #[tag_from(category)]
    content: Content,
}

#[derive(Decode, Debug)]
#[zerowire(tag_type = u8)]
enum Content {
    #[tag(1)]
    Element1(Element1),
}

#[derive(Decode, Debug)]
struct Element1 {
    foo: u8,
    subelement: Subelement1,
}

#[derive(Decode, Debug)]
#[zerowire(parent = Element1)]
struct Subelement1 {
    #[when(parent.foo == 0x42)]
    bar: Option<u8>,
}

#[test]
fn nav_parent_switch() {
    let Some(case) = case("nav_parent_switch") else {
        return;
    };
    let (v, _) = NavParentSwitch::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("category", v.category);
    let Content::Element1(element) = &v.content;
    case.check_int("content@element_1.foo", element.foo);
    case.check_int(
        "content@element_1.subelement.bar",
        element
            .subelement
            .bar
            .expect("foo is 0x42, so bar is present"),
    );
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(
    endian = "little",
    value(single_value_plus_int: f64 = f64::from(single_value) + 1.0),
    value(single_value_plus_float: f64 = f64::from(single_value) + 0.5),
    value(double_value_plus_float: f64 = double_value + 0.05),
)]
struct FloatingPoints {
    single_value: f32,
    double_value: f64,
    #[endian(big)]
    single_value_be: f32,
    #[endian(big)]
    double_value_be: f64,
    approximate_value: f32,
}

#[test]
fn floating_points() {
    let Some(case) = case("floating_points") else {
        return;
    };
    let v = FloatingPoints::decode(&case.bytes).expect("consumes 28 bytes");
    case.check_float("single_value", v.single_value.into());
    case.check_float("double_value", v.double_value);
    case.check_float("single_value_be", v.single_value_be.into());
    case.check_float("double_value_be", v.double_value_be);
    case.check_float("approximate_value", v.approximate_value.into());
    case.check_float("single_value_plus_int", v.single_value_plus_int());
    case.check_float("single_value_plus_float", v.single_value_plus_float());
    case.check_float("double_value_plus_float", v.double_value_plus_float());
    assert_round_trip::<FloatingPoints>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(
    endian = "little",
    value(div_pos_const: i64 = div_floor(9837, 13).unwrap_or_default()),
    value(div_neg_const: i64 = div_floor(-9837, 13).unwrap_or_default()),
    value(div_pos_seq: i64 = div_floor(i64::from(int_u), 13).unwrap_or_default()),
    value(div_neg_seq: i64 = div_floor(i64::from(int_s), 13).unwrap_or_default()),
)]
struct ExprIntDiv {
    int_u: u32,
    int_s: i32,
}

#[test]
fn expr_int_div() {
    let Some(case) = case("expr_int_div") else {
        return;
    };
    let (v, _) = ExprIntDiv::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("int_u", v.int_u);
    case.check_int("int_s", v.int_s);
    case.check_int("div_pos_const", v.div_pos_const());
    case.check_int("div_neg_const", v.div_neg_const());
    case.check_int("div_pos_seq", v.div_pos_seq());
    case.check_int("div_neg_seq", v.div_neg_seq());
    case.finish();
}

#[derive(Decode, Debug)]
struct BcdUserTypeBe {
    #[size(4)]
    ltr: LtrObj,
    #[size(4)]
    rtl: RtlObj,
    #[size(4)]
    leading_zero_ltr: LtrObj,
}

/// The eight BCD digits of four bytes, most significant first.
fn digits(bytes: [u8; 4]) -> [u32; 8] {
    let mut out = [0; 8];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = u32::from((b & 0xF0) >> 4);
        out[2 * i + 1] = u32::from(b & 0x0F);
    }
    out
}

#[derive(Decode, Debug)]
#[zerowire(
    value(as_int: u32 = digits([b1, b2, b3, b4]).iter().fold(0, |n, d| n * 10 + d)),
    value(as_str: String = digits([b1, b2, b3, b4]).iter().map(|d| d.to_string()).collect()),
)]
struct LtrObj {
    b1: u8,
    b2: u8,
    b3: u8,
    b4: u8,
}

#[derive(Decode, Debug)]
#[zerowire(
    value(as_int: u32 = digits([b1, b2, b3, b4]).iter().rev().fold(0, |n, d| n * 10 + d)),
    value(as_str: String = digits([b1, b2, b3, b4]).iter().rev().map(|d| d.to_string()).collect()),
)]
struct RtlObj {
    b1: u8,
    b2: u8,
    b3: u8,
    b4: u8,
}

#[test]
fn bcd_user_type_be() {
    let Some(case) = case("bcd_user_type_be") else {
        return;
    };
    let (v, _) = BcdUserTypeBe::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("ltr.as_int", v.ltr.as_int());
    case.check_str("ltr.as_str", &v.ltr.as_str());
    case.check_int("rtl.as_int", v.rtl.as_int());
    case.check_str("rtl.as_str", &v.rtl.as_str());
    case.check_int("leading_zero_ltr.as_int", v.leading_zero_ltr.as_int());
    case.check_str("leading_zero_ltr.as_str", &v.leading_zero_ltr.as_str());
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct IndexSizes<'a> {
    qty: u32,
    #[count(qty)]
    sizes: Vec<u32>,
    #[count(qty)]
    #[item_size(sizes[index])]
    bufs: Vec<&'a str>,
}

#[test]
fn index_sizes() {
    let Some(case) = case("index_sizes") else {
        return;
    };
    let (v, _) = IndexSizes::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("qty", v.qty);
    for (i, size) in v.sizes.iter().enumerate() {
        case.check_int(&format!("sizes[{i}]"), *size);
    }
    for (i, buf) in v.bufs.iter().enumerate() {
        case.check_str(&format!("bufs[{i}]"), buf);
    }
    case.finish();
}

#[derive(Decode, Debug)]
struct ExprIoPos<'a> {
    #[size(16)]
    substream1: AllPlusNumber<'a>,
    #[size(14)]
    substream2: AllPlusNumber<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct AllPlusNumber<'a> {
    #[terminator(0)]
    my_str: &'a str,
    #[size(io.remaining().saturating_sub(2))]
    body: &'a [u8],
    number: u16,
}

#[test]
fn expr_io_pos() {
    let Some(case) = case("expr_io_pos") else {
        return;
    };
    let (v, _) = ExprIoPos::decode_prefix(&case.bytes).expect("decodes");
    case.check_str("substream1.my_str", v.substream1.my_str);
    case.check_hex("substream1.body", v.substream1.body);
    case.check_int("substream1.number", v.substream1.number);
    case.check_str("substream2.my_str", v.substream2.my_str);
    case.check_hex("substream2.body", v.substream2.body);
    case.check_int("substream2.number", v.substream2.number);
    assert_round_trip::<ExprIoPos<'static>>(&case.bytes[..30]);
    case.finish();
}

#[derive(Decode, Debug)]
struct ProcessXorConst {
    key: u8,
    #[eos]
    #[process(xor(0xFF))]
    buf: Vec<u8>,
}

#[test]
fn process_xor_const() {
    let Some(case) = case("process_xor_const") else {
        return;
    };
    let v = ProcessXorConst::decode(&case.bytes).expect("decodes to the end");
    case.check_int("key", v.key);
    case.check_hex("buf", &v.buf);
    assert_round_trip::<ProcessXorConst>(&case.bytes);
    case.finish();
}

#[derive(Decode, Debug)]
struct ProcessRotate {
    #[size(5)]
    #[process(rol(3))]
    buf1: Vec<u8>,
    #[size(5)]
    #[process(ror(3))]
    buf2: Vec<u8>,
    key: u8,
    #[size(5)]
    #[process(rol(key))]
    buf3: Vec<u8>,
}

#[test]
fn process_rotate() {
    let Some(case) = case("process_rotate") else {
        return;
    };
    let (v, _) = ProcessRotate::decode_prefix(&case.bytes).expect("decodes");
    case.check_hex("buf1", &v.buf1);
    case.check_hex("buf2", &v.buf2);
    case.check_hex("buf3", &v.buf3);
    assert_round_trip::<ProcessRotate>(&case.bytes[..16]);
    case.finish();
}

/// Text in encodings other than UTF-8 cannot be borrowed as `&str`: zerowire
/// borrows the raw bytes, and decoding them is a separate, owning step.
#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
struct StrEncodings<'a> {
    len_of_1: u16,
    #[size(len_of_1)]
    #[valid(value.is_ascii())]
    str1: &'a str,
    len_of_2: u16,
    #[size(len_of_2)]
    str2: &'a str,
    len_of_3: u16,
    #[size(len_of_3)]
    str3: &'a [u8],
    len_of_4: u16,
    #[size(len_of_4)]
    str4: &'a [u8],
}

/// Code page 437's upper half (0x80..=0xFF); the lower half is ASCII.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

fn decode_cp437(bytes: &[u8]) -> String {
    let high: Vec<char> = CP437_HIGH.chars().collect();
    assert_eq!(high.len(), 128);
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                high[usize::from(b - 0x80)]
            }
        })
        .collect()
}

#[test]
fn str_encodings() {
    let Some(case) = case("str_encodings") else {
        return;
    };
    let (v, _) = StrEncodings::decode_prefix(&case.bytes).expect("decodes");
    case.check_str("str1", v.str1);
    case.check_str("str2", v.str2);
    case.check_raw("str1", v.str1.as_bytes());
    case.check_raw("str2", v.str2.as_bytes());
    case.check_raw("str3", v.str3);
    case.check_raw("str4", v.str4);
    let (shift_jis, _, had_errors) = encoding_rs::SHIFT_JIS.decode(v.str3);
    assert!(!had_errors);
    case.check_str("str3", &shift_jis);
    case.check_str("str4", &decode_cp437(v.str4));
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(value(test_if_b1: Option<u8> = (!bits_a).then_some(123)))]
struct BitsSimple {
    #[bits(8)]
    byte_1: u8,
    #[bits(8)]
    byte_2: u8,
    #[bits(1)]
    bits_a: bool,
    #[bits(3)]
    bits_b: u8,
    #[bits(4)]
    bits_c: u8,
    #[bits(10)]
    large_bits_1: u16,
    #[bits(3)]
    spacer: u8,
    #[bits(11)]
    large_bits_2: u16,
    normal_s2: i16,
    #[bits(24)]
    byte_8_9_10: u32,
    #[bits(32)]
    byte_11_to_14: u32,
    #[bits(40)]
    byte_15_to_19: u64,
    #[bits(64)]
    byte_20_to_27: u64,
}

#[test]
fn bits_simple() {
    let Some(case) = case("bits_simple") else {
        return;
    };
    let (v, _) = BitsSimple::decode_prefix(&case.bytes).expect("reads 28 bytes");
    case.check_int("byte_1", v.byte_1);
    case.check_int("byte_2", v.byte_2);
    assert_eq!(Some(v.bits_a), case_bool(&case, "bits_a"));
    case.check_int("bits_b", v.bits_b);
    case.check_int("bits_c", v.bits_c);
    case.check_int("large_bits_1", v.large_bits_1);
    case.check_int("spacer", v.spacer);
    case.check_int("large_bits_2", v.large_bits_2);
    case.check_int("normal_s2", v.normal_s2);
    case.check_int("byte_8_9_10", v.byte_8_9_10);
    case.check_int("byte_11_to_14", v.byte_11_to_14);
    case.check_int("byte_15_to_19", v.byte_15_to_19);
    case.check_int("byte_20_to_27", v.byte_20_to_27);
    case.check_int("test_if_b1", v.test_if_b1().expect("bits_a is false"));
    assert_round_trip::<BitsSimple>(&case.bytes[..28]);
    case.finish();
}

fn case_bool(case: &zerowire_suite::kaitai::Case, path: &str) -> Option<bool> {
    case.bool(path)
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little", pos(index: IndexObj<'a> = index_offset))]
struct PositionAbs<'a> {
    index_offset: u32,
    input: Input<'a>,
}

#[derive(Decode, Debug)]
struct IndexObj<'a> {
    #[terminator(0)]
    entry: &'a str,
}

#[test]
fn position_abs() {
    let Some(case) = case("position_abs") else {
        return;
    };
    let (v, _) = PositionAbs::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("index_offset", v.index_offset);
    case.check_str("index.entry", v.index().expect("the index decodes").entry);
    case.finish();
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little", pos(entries: StdEntries<'a> = ofs))]
struct InstanceStdArray<'a> {
    ofs: u32,
    entry_size: u32,
    qty_entries: u32,
    input: Input<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(parent = InstanceStdArray<'a>)]
struct StdEntries<'a> {
    #[count(parent.qty_entries)]
    #[item_size(parent.entry_size)]
    entries: Vec<&'a [u8]>,
}

#[test]
fn instance_std_array() {
    let Some(case) = case("instance_std_array") else {
        return;
    };
    let (v, _) = InstanceStdArray::decode_prefix(&case.bytes).expect("decodes");
    case.check_int("ofs", v.ofs);
    case.check_int("qty_entries", v.qty_entries);
    case.check_int("entry_size", v.entry_size);
    let entries = v.entries().expect("the entries decode").entries;
    case.check_int("entries.len()", entries.len() as i128);
    for (i, entry) in entries.iter().enumerate() {
        case.check_hex(&format!("entries[{i}]"), entry);
    }
    case.finish();
}

/// Reads bytes as a case's test reads its file, the lazy parts (positioned
/// fields, `List` elements) included; where the test checks the round trip,
/// decodes, encodes and compares.
type Read = fn(&[u8]) -> Result<(), Error>;

/// Decodes the start of `bytes` as `F::Of<'_>`, whatever follows.
fn prefix<F: Family>(bytes: &[u8]) -> Result<(), Error> {
    F::Of::decode_prefix(bytes).map(drop)
}

/// Every case of the manifest, in its order: its name, how much of the file
/// its test decodes (`None`: all of it), and how it reads it.
const ALTERED: [(&str, Option<usize>, Read); 31] = [
    ("integers", None, check_round_trip::<Integers>),
    (
        "default_endian_mod",
        Some(12),
        check_round_trip::<DefaultEndianMod>,
    ),
    ("floating_points", None, check_round_trip::<FloatingPoints>),
    ("bytes_pad_term", None, |b| {
        BytesPadTerm::decode(b).map(drop)
    }),
    ("term_strz", None, prefix::<TermStrz<'static>>),
    ("repeat_n_strz", None, prefix::<RepeatNStrz<'static>>),
    ("buffered_struct", None, prefix::<BufferedStruct>),
    (
        "expr_io_pos",
        Some(30),
        check_round_trip::<ExprIoPos<'static>>,
    ),
    ("nav_parent", None, prefix::<NavParent<'static>>),
    ("nav_parent_switch", None, prefix::<NavParentSwitch>),
    (
        "repeat_eos_struct",
        None,
        check_round_trip::<RepeatEosStruct<'static>>,
    ),
    ("repeat_until_s4", None, prefix::<RepeatUntilS4<'static>>),
    ("repeat_until_complex", None, |b| {
        let (v, _) = RepeatUntilComplex::decode_prefix(b)?;
        let firsts: usize = v.first.iter().map(|item| item.values.iter().count()).sum();
        assert!(firsts + v.third.iter().count() <= b.len());
        Ok(())
    }),
    ("if_struct", None, prefix::<IfStruct<'static>>),
    ("enum_invalid", Some(2), check_round_trip::<EnumInvalid>),
    (
        "switch_manual_int",
        None,
        check_round_trip::<SwitchManualInt<'static>>,
    ),
    (
        "switch_manual_int_size",
        None,
        check_round_trip::<SwitchManualIntSize<'static>>,
    ),
    ("switch_integers", None, check_round_trip::<SwitchIntegers>),
    (
        "valid_short",
        Some(56),
        check_round_trip::<ValidShort<'static>>,
    ),
    ("valid_fail_eq_int", None, prefix::<ValidFailEqInt>),
    ("position_abs", None, |b| {
        PositionAbs::decode_prefix(b)?.0.index().map(drop)
    }),
    ("instance_std_array", None, |b| {
        InstanceStdArray::decode_prefix(b)?.0.entries().map(drop)
    }),
    ("expr_int_div", None, prefix::<ExprIntDiv>),
    (
        "process_xor_const",
        None,
        check_round_trip::<ProcessXorConst>,
    ),
    ("bits_simple", Some(28), check_round_trip::<BitsSimple>),
    ("eof_exception_u4", None, prefix::<EofExceptionU4<'static>>),
    ("index_sizes", None, prefix::<IndexSizes<'static>>),
    ("bcd_user_type_be", None, prefix::<BcdUserTypeBe>),
    (
        "switch_manual_enum",
        None,
        check_round_trip::<SwitchManualEnum<'static>>,
    ),
    ("str_encodings", None, prefix::<StrEncodings<'static>>),
    (
        "process_rotate",
        Some(16),
        check_round_trip::<ProcessRotate>,
    ),
];

/// Every proper prefix of `bytes`, then `bytes` with one byte changed: to
/// each of a few edge values, and by each single-bit flip.
fn alterations(bytes: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    const VALUES: [u8; 6] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
    let prefixes = (0..bytes.len()).map(|n| bytes[..n].to_vec());
    let changed = (0..bytes.len()).flat_map(move |i| {
        let flips = (0..8).map(move |bit| bytes[i] ^ (1 << bit));
        VALUES
            .into_iter()
            .chain(flips)
            .filter(move |&b| b != bytes[i])
            .map(move |b| {
                let mut altered = bytes.to_vec();
                altered[i] = b;
                altered
            })
    });
    prefixes.chain(changed)
}

/// Altered files (cut short, a length or a count grown, a terminator or a
/// tag changed) decode or fail with an error: no panic, no error past the
/// input but a positioned field's, and where the layout round-trips, what
/// decodes encodes back to the same bytes.
#[test]
fn altered_files_decode_or_fail_with_an_error() {
    let mut names: Vec<&str> = ALTERED.iter().map(|a| a.0).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ALTERED.len(), "each case once");
    for (name, len, read) in ALTERED {
        let Some(case) = case(name) else {
            return;
        };
        let bytes = &case.bytes[..len.unwrap_or(case.bytes.len())];
        // The unaltered file reads as its test says.
        let fails = ["valid_fail_eq_int", "eof_exception_u4"].contains(&name);
        assert_eq!(read(bytes).is_err(), fails, "{name}");
        let (mut decoded, mut failed) = (0, 0);
        for input in alterations(bytes) {
            let result = std::panic::catch_unwind(|| read(&input));
            let Ok(result) = result else {
                panic!("{name}: a panic on {input:02x?}");
            };
            match result {
                Ok(()) => decoded += 1,
                Err(e) => {
                    failed += 1;
                    assert!(
                        !matches!(e.kind(), ErrorKind::RoundTrip { .. }),
                        "{name}: {input:02x?} decodes but does not encode back: {e}"
                    );
                    // A positioned field's error is at the position asked for.
                    let outside = matches!(
                        e.kind(),
                        ErrorKind::OutOfRange { position } if position == e.offset()
                    );
                    assert!(
                        e.offset() <= input.len() || outside,
                        "{name}: {input:02x?}: an error past the input: {e}"
                    );
                }
            }
        }
        // The empty input at least fails in every case.
        assert!(failed >= 1, "{name}: nothing failed");
        eprintln!("{name}: {decoded} altered files decoded, {failed} failed");
    }
}
