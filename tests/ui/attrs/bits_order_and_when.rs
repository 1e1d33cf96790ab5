use zerowire::Decode;

// A bit field of the other order opens a new group, on a byte: the three bits
// before it would be skipped, where Kaitai reads on from them.
#[derive(Decode)]
struct Mixed {
    #[bits(3)]
    high: u8,
    #[bits(5, lsb)]
    low: u8,
}

// A conditional bit field makes where the next group starts known only while
// decoding.
#[derive(Decode)]
struct AfterConditional {
    flag: u8,
    #[bits(8)]
    #[when(flag == 1)]
    maybe: Option<u8>,
    #[bits(4)]
    #[count(2)]
    nibbles: Vec<u8>,
}

// The order is `lsb` or `msb`.
#[derive(Decode)]
struct BadOrder {
    #[bits(3, little)]
    x: u8,
    #[bits(5)]
    y: u8,
}

// `when` goes on an `Option`.
#[derive(Decode)]
struct NotOptional {
    flag: u8,
    #[bits(8)]
    #[when(flag == 1)]
    x: u8,
}

fn main() {}
