use zerowire::Decode;

#[derive(Decode)]
struct Opcode<'a> {
    #[size(1)]
    code: &'a str,
    #[tag_from(code)]
    body: Operand<'a>,
}

#[derive(Decode)]
struct Name<'a> {
    #[size(2)]
    text: &'a str,
}

#[derive(Decode)]
#[zerowire(tag_type = &'a str)]
enum Operand<'a> {
    #[tag(1)]
    Int(u8),
    #[tag("n")]
    Named(Name<'a>),
}

fn main() {}
