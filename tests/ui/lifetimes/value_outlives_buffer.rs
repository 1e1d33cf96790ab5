use zerowire::{Codec, Decode};

#[derive(Decode, Debug)]
struct Message<'a> {
    #[eos]
    body: &'a [u8],
}

fn keep() -> Message<'static> {
    let buffer = vec![1, 2, 3];
    Message::decode(&buffer).unwrap()
}

fn main() {
    let _ = keep();
}
