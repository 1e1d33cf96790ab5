use zerowire::{Decode, List};

#[derive(Decode)]
struct Message<'a> {
    n: u8,
    #[size(n)]
    #[count(n)]
    items: List<'a, u16>,
}

fn main() {}
