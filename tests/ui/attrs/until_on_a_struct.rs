use zerowire::Decode;

#[derive(Decode)]
struct Inner {
    kind: u8,
}

#[derive(Decode)]
struct Message {
    #[until(item.kind == 0)]
    inner: Inner,
}

fn main() {}
