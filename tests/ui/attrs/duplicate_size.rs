use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[size(2)]
    #[size(3)]
    body: &'a [u8],
}

fn main() {}
