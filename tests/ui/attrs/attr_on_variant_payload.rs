use zerowire::Decode;

#[derive(Decode)]
#[zerowire(tag = u8)]
enum Operand<'a> {
    #[tag(1)]
    Int(u8),
    #[tag(2)]
    Str(#[terminator(0)] &'a str),
}

fn main() {}
