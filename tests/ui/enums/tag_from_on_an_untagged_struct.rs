use zerowire::Decode;

#[derive(Decode)]
struct Body {
    value: u8,
}

#[derive(Decode)]
struct Message {
    code: u8,
    #[tag_from(code)]
    body: Body,
}

fn main() {}
