use zerowire::{Codec, Decode};

#[derive(Decode, Debug)]
struct Message<'a> {
    #[eos]
    body: &'a [u8],
}

fn decode_from_owned<T: for<'a> Codec<'a>>(buffer: Vec<u8>) -> usize {
    T::decode(&buffer).map(|_| buffer.len()).unwrap_or(0)
}

fn main() {
    decode_from_owned::<Message<'static>>(vec![1, 2, 3]);
}
