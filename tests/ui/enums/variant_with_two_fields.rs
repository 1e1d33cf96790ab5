use zerowire::Decode;

#[derive(Decode)]
#[zerowire(tag = u8)]
enum Message {
    #[tag(1)]
    Pair(u8, u8),
}

fn main() {}
