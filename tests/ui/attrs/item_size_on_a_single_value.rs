use zerowire::Decode;

// `item_size` sizes each element of a `Vec`; a single value takes `size`.
#[derive(Decode)]
struct Message<'a> {
    #[item_size(4)]
    value: &'a [u8],
}

fn main() {}
