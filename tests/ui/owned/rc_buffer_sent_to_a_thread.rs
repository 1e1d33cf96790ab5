use std::rc::Rc;

use zerowire::{Decode, Owned};

#[derive(Decode, Debug)]
struct Message<'a> {
    #[eos]
    body: &'a [u8],
}

fn main() {
    let owned: Owned<Message<'static>, Rc<[u8]>> = Owned::decode(Rc::from(vec![1, 2])).unwrap();
    std::thread::spawn(move || owned.bytes().len());
}
