use zerowire::Decode;

#[derive(Decode)]
struct Message {
    #[size(4)]
    id: u32,
}

fn main() {}
