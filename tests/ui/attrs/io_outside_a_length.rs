use zerowire::Decode;

// `io` is the reader while decoding; an element's size must be known on
// encode too, so it cannot read `io`.
#[derive(Decode)]
struct Message<'a> {
    #[count(2)]
    #[item_size(io.remaining() / 2)]
    items: Vec<&'a [u8]>,
}

fn main() {}
