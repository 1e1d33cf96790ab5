use zerowire::Decode;

#[derive(Decode)]
enum Level {
    Warning = 1,
    Fatal = 2,
}

fn main() {}
