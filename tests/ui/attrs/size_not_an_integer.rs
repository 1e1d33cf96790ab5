use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    len: f32,
    #[size(len)]
    body: &'a [u8],
}

fn main() {}
