use zerowire::Decode;

#[derive(Decode)]
#[zerowire(tag = u8)]
enum Message {
    #[tag(1)]
    Ping,
    Pong,
}

fn main() {}
