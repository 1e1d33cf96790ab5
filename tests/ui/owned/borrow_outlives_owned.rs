use zerowire::{Decode, Owned};

#[derive(Decode, Debug)]
struct Message<'a> {
    #[eos]
    body: &'a [u8],
}

fn body() -> &'static [u8] {
    let owned = Owned::<Message<'static>>::decode(vec![1, 2]).unwrap();
    owned.get().body
}

fn main() {
    let _ = body();
}
