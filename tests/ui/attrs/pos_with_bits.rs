use zerowire::{Decode, Input};

// A positioned value is read alone at its offset: it takes a field's
// attributes, but not `bits`, which share bytes with the fields around them.
#[derive(Decode)]
#[zerowire(pos(flag: u8 = 0, #[bits(3)]))]
struct Message<'a> {
    input: Input<'a>,
}

fn main() {}
