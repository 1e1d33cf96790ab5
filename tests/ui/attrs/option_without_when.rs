use zerowire::Decode;

#[derive(Decode)]
struct Message {
    flags: u8,
    id: Option<u32>,
}

fn main() {}
