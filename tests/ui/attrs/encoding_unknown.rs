use zerowire::Decode;

#[derive(Decode)]
struct Message {
    // An encoding zerowire does not have.
    #[size(4)]
    #[encoding("EBCDIC")]
    name: String,
    // A `String` must say its encoding: UTF-8 text borrows as `&str`.
    #[size(4)]
    other: String,
}

fn main() {}
