use zerowire::Decode;

#[derive(Decode)]
struct Message {
    #[terminator(0)]
    id: u32,
}

fn main() {}
