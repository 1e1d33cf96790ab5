use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[terminator(0)]
    #[pad_right(b' ')]
    name: &'a str,
}

fn main() {}
