use zerowire::Decode;

#[derive(Decode)]
#[zerowire(parent = Outer<'a>)]
struct Child<'a> {
    #[size(parent.len)]
    data: &'a [u8],
}

#[derive(Decode)]
struct Outer<'a> {
    len: u8,
    holder: Holder<'a>,
}

// `in_parent` needs a parent to decode the field in.
#[derive(Decode)]
struct Holder<'a> {
    #[in_parent]
    child: Child<'a>,
}

// It goes on a nested value, which reads `parent.`.
#[derive(Decode)]
#[zerowire(parent = Outer<'a>)]
struct Number<'a> {
    #[in_parent]
    n: u8,
    #[size(parent.len)]
    data: &'a [u8],
}

fn main() {}
