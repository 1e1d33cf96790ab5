use zerowire::Decode;

#[derive(Decode)]
struct Message {
    #[magic(b"ZW")]
    id: u16,
}

fn main() {}
