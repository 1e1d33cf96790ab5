use zerowire::Decode;

#[derive(Decode)]
struct Message {
    flags: u8,
    #[when(io.remaining() > 2)]
    extra: Option<u16>,
}

fn main() {}
