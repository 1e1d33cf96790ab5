use zerowire::Decode;

#[derive(Decode)]
struct Inner {
    x: u8,
}

#[derive(Decode)]
struct Outer<'a> {
    len: u8,
    #[skip_rest]
    inner: Inner,
    #[size(len)]
    #[skip_rest]
    body: &'a [u8],
}

fn main() {}
