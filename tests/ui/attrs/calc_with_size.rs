use zerowire::Decode;

// A computed field is not read: it takes no length.
#[derive(Decode)]
struct Header {
    len: u8,
    #[calc(u16::from(len) * 2)]
    #[size(2)]
    doubled: u16,
}

fn main() {}
