use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[size(len)]
    body: &'a [u8],
    len: u8,
}

fn main() {}
