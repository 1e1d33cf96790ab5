use zerowire::Decode;

#[derive(Decode)]
struct Message {
    #[eos]
    body: &[u8],
}

fn main() {}
