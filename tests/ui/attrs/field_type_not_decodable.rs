use zerowire::Decode;

struct Plain {
    id: u8,
}

#[derive(Decode)]
struct Message {
    plain: Plain,
}

fn main() {}
