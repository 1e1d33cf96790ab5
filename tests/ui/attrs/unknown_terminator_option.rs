use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[terminator(0, inclusive)]
    name: &'a str,
}

fn main() {}
