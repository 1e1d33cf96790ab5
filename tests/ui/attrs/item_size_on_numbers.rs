use zerowire::Decode;

#[derive(Decode)]
struct Message {
    #[count(2)]
    #[item_size(4)]
    values: Vec<u16>,
}

fn main() {}
