use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    body: &'a [u8],
}

fn main() {}
