use zerowire::Decode;

#[derive(Decode)]
#[zerowire(repr = u8)]
enum Level {
    Warning = 1,
    Fatal,
}

fn main() {}
