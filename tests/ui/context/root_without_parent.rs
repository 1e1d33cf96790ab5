use zerowire::Decode;

#[derive(Decode)]
struct Toy<'a> {
    slice_size: u8,
    #[size(root.slice_size)]
    slice: &'a [u8],
}

fn main() {}
