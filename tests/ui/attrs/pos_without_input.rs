use zerowire::Decode;

#[derive(Decode)]
#[zerowire(pos(name: u8 = offset))]
struct Directory {
    offset: u8,
}

fn main() {}
