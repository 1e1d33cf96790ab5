use zerowire::Decode;

#[derive(Decode)]
struct Child<'a> {
    #[size(parent.len)]
    slice: &'a [u8],
}

fn main() {}
