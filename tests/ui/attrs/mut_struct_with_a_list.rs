use zerowire::{Decode, List};

#[derive(Decode)]
struct Record<'a> {
    #[count(2)]
    items: List<'a, u16>,
    #[eos]
    payload: &'a mut [u8],
}

fn main() {}
