use zerowire::Decode;

#[derive(Decode)]
#[zerowire(tag = u8)]
enum Body<'a> {
    #[tag(1)]
    #[endian(little)]
    Text(&'a str),
    #[tag(2)]
    #[endian(little)]
    Number(u16),
}

fn main() {}
