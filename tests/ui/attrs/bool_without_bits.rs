use zerowire::Decode;

#[derive(Decode)]
struct Flags {
    set: bool,
}

fn main() {}
