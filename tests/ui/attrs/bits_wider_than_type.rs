use zerowire::Decode;

#[derive(Decode)]
struct Flags {
    #[bits(9)]
    value: u8,
}

fn main() {}
