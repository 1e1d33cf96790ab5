use zerowire::Decode;

// `args` goes on a variant that holds a struct taking arguments.
#[derive(Decode)]
#[zerowire(tag_type = u8)]
enum Body {
    #[tag(1)]
    #[args(width = 2)]
    Number(u16),
}

fn main() {}
