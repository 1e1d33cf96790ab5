use zerowire::Decode;

#[derive(Decode)]
#[zerowire(endian = zerowire::Endian::little_if(order == 1))]
struct Record {
    order: u8,
    length: u16,
}

fn main() {}
