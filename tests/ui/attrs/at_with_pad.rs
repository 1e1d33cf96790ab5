use zerowire::Decode;

// A field read at an offset takes none of the struct's bytes: no padding before it.
#[derive(Decode)]
struct Table {
    #[at(16)]
    #[pad(2)]
    count: u32,
}

fn main() {}
