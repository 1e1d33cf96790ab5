use zerowire::frame::{FrameReader, LengthPrefixed};
use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    len: u16,
    #[size(len)]
    body: &'a [u8],
}

fn main() {
    let stream = [0u8, 1, 7, 0, 1, 8];
    let mut reader = FrameReader::<_, _, Message<'static>>::new(&stream[..], LengthPrefixed::<u16>::new(), 64, 8);
    let first = reader.next().unwrap().unwrap();
    let second = reader.next().unwrap().unwrap();
    assert_ne!(first.bytes, second.bytes);
}
