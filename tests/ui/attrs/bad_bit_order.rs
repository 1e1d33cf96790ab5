use zerowire::Decode;

#[derive(Decode)]
#[zerowire(bit_order = "little")]
struct Flags {
    #[bits(3)]
    kind: u8,
    #[bits(5)]
    rest: u8,
}

fn main() {}
