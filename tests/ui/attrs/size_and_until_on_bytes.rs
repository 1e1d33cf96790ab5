use zerowire::Decode;

// `size` and `until` go together on a repetition only (it ends inside its window).
#[derive(Decode)]
struct Record<'a> {
    len: u8,
    #[size(len)]
    #[until(item == 0)]
    name: &'a [u8],
}

fn main() {}
