use zerowire::Decode;

#[derive(Decode)]
#[zerowire(args(len: usize))]
struct Body<'a> {
    #[size(args.len)]
    data: &'a [u8],
}

#[derive(Decode)]
struct Message<'a> {
    // Arguments are computed on encode too, where there is no reader.
    #[args(len = io.remaining())]
    body: Body<'a>,
}

fn main() {}
