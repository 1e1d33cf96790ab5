use zerowire::{Decode, Error, Reader};

mod only_read {
    use super::*;

    pub fn read(r: &mut Reader<'_>) -> Result<u8, Error> {
        r.take(1).map(|b| b[0])
    }
}

#[derive(Decode)]
struct Message {
    #[with(only_read)]
    value: u8,
}

fn main() {}
