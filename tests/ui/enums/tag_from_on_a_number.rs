use zerowire::Decode;

#[derive(Decode)]
struct Message {
    code: u8,
    #[tag_from(code)]
    body: u16,
}

fn main() {}
