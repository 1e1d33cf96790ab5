use zerowire::Decode;

#[derive(Decode)]
struct Other<'a> {
    len: u8,
    child: Child<'a>,
}

#[derive(Decode)]
struct Toy<'a> {
    len: u8,
    child: Child<'a>,
}

#[derive(Decode)]
#[zerowire(parent = Toy<'a>)]
struct Child<'a> {
    #[size(parent.len)]
    slice: &'a [u8],
}

fn main() {}
