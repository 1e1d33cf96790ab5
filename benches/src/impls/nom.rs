//! nom with nom-derive: derived `Parse` structs borrowing byte runs from the
//! input; the length-prefixed list of extensions is nom's `length_value` over
//! `many0` (a `Vec`), as a nom user writes it.

use nom::combinator::complete;
use nom::multi::{length_value, many0};
use nom::number::complete::{be_u16, be_u24};
use nom::IResult;
use nom_derive::{NomBE, Parse};

use crate::Implementation;

pub const IMPL: Implementation = Implementation {
    name: "nom_derive",
    w1_toy: Some(toy),
    w2_records: Some(records),
    w3_handshake: Some(handshake),
    w4_websocket: Some(websocket),
};

#[derive(NomBE)]
pub struct Toy<'a> {
    pub slice_size: u8,
    #[nom(Parse = "{ |i| Child::parse(i, slice_size) }")]
    pub child_structure: Child<'a>,
}

#[derive(NomBE)]
#[nom(ExtraArgs(size: u8))]
pub struct Child<'a> {
    #[nom(Take = "size")]
    pub slice: &'a [u8],
    #[nom(Parse = "{ |i| Grandchild::parse(i, size) }")]
    pub grandchild_structure: Grandchild<'a>,
}

#[derive(NomBE)]
#[nom(ExtraArgs(size: u8))]
pub struct Grandchild<'a> {
    #[nom(Take = "size")]
    pub slice: &'a [u8],
}

#[derive(NomBE)]
pub struct Record<'a> {
    pub kind: u8,
    pub version: u16,
    pub len: u16,
    #[nom(Take = "len")]
    pub payload: &'a [u8],
}

#[derive(NomBE)]
pub struct Handshake<'a> {
    pub kind: u8,
    #[nom(Parse = "be_u24")]
    pub len: u32,
    #[nom(Parse = "{ |i| length_value_u24(i, len) }")]
    pub hello: ClientHello<'a>,
}

#[derive(NomBE)]
pub struct ClientHello<'a> {
    pub version: u16,
    #[nom(Take = "32")]
    pub random: &'a [u8],
    pub session_len: u8,
    #[nom(Take = "session_len")]
    pub session_id: &'a [u8],
    pub suites_len: u16,
    #[nom(Count = "usize::from(suites_len) / 2")]
    pub cipher_suites: Vec<u16>,
    #[nom(Parse = "length_value(be_u16, many0(complete(Extension::parse)))")]
    pub extensions: Vec<Extension<'a>>,
}

#[derive(NomBE)]
pub struct Extension<'a> {
    pub kind: u16,
    pub len: u16,
    #[nom(Take = "len")]
    pub body: &'a [u8],
}

#[derive(NomBE)]
pub struct WsFrame<'a> {
    pub first: u8,
    pub second: u8,
    #[nom(Cond = "second & 0x7F == 126")]
    pub len16: Option<u16>,
    #[nom(Cond = "second & 0x7F == 127")]
    pub len64: Option<u64>,
    #[nom(Cond = "second & 0x80 != 0", Take = "4")]
    pub mask: Option<&'a [u8]>,
    #[nom(Take = "len16.map(u64::from).or(len64).unwrap_or(u64::from(second & 0x7F))")]
    pub payload: &'a [u8],
}

/// A `ClientHello` within the `len` bytes its header gives.
fn length_value_u24(i: &[u8], len: u32) -> IResult<&[u8], ClientHello<'_>> {
    let (rest, body) = nom::bytes::complete::take(len)(i)?;
    let (_, hello) = ClientHello::parse(body)?;
    Ok((rest, hello))
}

fn toy(input: &[u8]) -> u64 {
    let (_, toy) = Toy::parse(input).unwrap();
    let child = &toy.child_structure;
    u64::from(toy.slice_size)
        + crate::impls::sum(child.slice)
        + crate::impls::sum(child.grandchild_structure.slice)
}

fn records(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let (tail, r) = Record::parse(rest).unwrap();
        check += crate::impls::record(r.kind, r.version, r.payload);
        rest = tail;
    }
    check
}

fn handshake(input: &[u8]) -> u64 {
    let (_, h) = Handshake::parse(input).unwrap();
    let hello = &h.hello;
    crate::impls::hello(
        hello.random[0],
        hello.session_id.len(),
        hello.cipher_suites.iter().copied(),
        hello.extensions.iter().map(|e| (e.kind, e.body)),
    )
}

fn websocket(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut check = 0;
    while !rest.is_empty() {
        let (tail, f) = WsFrame::parse(rest).unwrap();
        check += crate::impls::ws_frame(f.first & 0x0F, f.mask.map(|m| m[0]), f.payload);
        rest = tail;
    }
    check
}
