use zerowire::Decode;

#[derive(Decode)]
struct Message<'a, 'b> {
    #[size(2)]
    head: &'a [u8],
    #[eos]
    tail: &'b [u8],
}

fn main() {}
