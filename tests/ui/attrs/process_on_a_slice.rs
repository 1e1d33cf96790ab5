use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[eos]
    #[process(xor(0xFF))]
    body: &'a [u8],
}

fn main() {}
