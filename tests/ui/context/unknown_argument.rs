use zerowire::Decode;

#[derive(Decode)]
#[zerowire(args(count: usize))]
struct Grid {
    #[count(args.count)]
    cells: Vec<u8>,
}

#[derive(Decode)]
struct Image {
    #[args(cnt = 2)]
    grid: Grid,
}

fn main() {}
