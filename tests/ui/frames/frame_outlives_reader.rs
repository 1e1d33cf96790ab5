use zerowire::frame::{FrameReader, LengthPrefixed};
use zerowire::Decode;

#[derive(Decode)]
struct Message<'a> {
    len: u16,
    #[size(len)]
    body: &'a [u8],
}

fn first_body(stream: &[u8]) -> &[u8] {
    let mut reader = FrameReader::<_, _, Message<'static>>::new(stream, LengthPrefixed::<u16>::new(), 64, 8);
    reader.next().unwrap().unwrap().value.body
}

fn main() {
    let _ = first_body(&[0, 1, 7]);
}
