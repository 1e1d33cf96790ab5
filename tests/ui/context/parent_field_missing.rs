use zerowire::Decode;

#[derive(Decode)]
struct Toy<'a> {
    slice_size: u8,
    child: Child<'a>,
}

#[derive(Decode)]
#[zerowire(parent = Toy<'a>)]
struct Child<'a> {
    #[size(parent.slice_len)]
    slice: &'a [u8],
}

fn main() {}
