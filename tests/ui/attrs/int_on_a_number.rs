use zerowire::Decode;

#[derive(Decode)]
struct Header {
    // `int` reads a C-like enum as another integer; a number is read as itself.
    #[int(u16)]
    len: u8,
}

fn main() {}
