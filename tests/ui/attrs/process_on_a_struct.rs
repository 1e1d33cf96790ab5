use zerowire::Decode;

#[derive(Decode)]
struct Block<'a> {
    #[eos]
    name: &'a str,
}

// The processed bytes are a new buffer: a struct that borrows them must be held
// with its buffer, as `Owned<Block<'static>>`.
#[derive(Decode)]
struct Message<'a> {
    #[size(4)]
    #[process(xor(0x55))]
    block: Block<'a>,
}

fn main() {}
