use zerowire::Decode;

#[derive(Decode)]
#[zerowire(value(area = width * height))]
struct Rect {
    width: u8,
    height: u8,
}

fn main() {}
