use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    #[count(2)]
    parts: Vec<&'a [u8]>,
}

fn main() {}
