//! The helper of `family/borrowing_type_in_for_all_helper.rs`, written with the
//! type family: it accepts the borrowing type.
use zerowire::{decode_with, Decode, Family};

#[derive(Decode, Debug)]
struct Message<'a> {
    #[eos]
    body: &'a [u8],
}

fn decode_from_owned<F: Family>(buffer: Vec<u8>) -> usize {
    decode_with::<F, _>(&buffer, |_| buffer.len()).unwrap_or(0)
}

fn main() {
    assert_eq!(decode_from_owned::<Message<'static>>(vec![1, 2, 3]), 3);
    let body = decode_with::<Message<'static>, _>(&[7, 8], |m| m.body.to_vec()).unwrap();
    assert_eq!(body, [7, 8]);
}
