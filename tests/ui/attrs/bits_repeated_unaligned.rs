use zerowire::Decode;

// A repeated bit field starts on a byte: the 3 bits before it leave 5 unread.
#[derive(Decode)]
struct Flags {
    #[bits(3)]
    kind: u8,
    #[bits(1)]
    #[count(5)]
    flags: Vec<bool>,
}

fn main() {}
