use zerowire::Decode;

// A field read at an offset is read alone, not in a group of bit fields.
#[derive(Decode)]
struct Flags {
    #[bits(3)]
    kind: u8,
    #[at(4)]
    #[bits(5)]
    rest: u8,
}

fn main() {}
