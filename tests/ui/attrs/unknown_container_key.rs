use zerowire::Decode;

#[derive(Decode)]
#[zerowire(endianness = "little")]
struct Message {
    id: u32,
}

fn main() {}
