use zerowire::{Decode, List};

#[derive(Decode)]
struct Table<'a> {
    entry_size: u8,
    #[eos]
    entries: List<'a, Entry<'a>>,
}

#[derive(Decode)]
#[zerowire(parent = Table<'a>)]
struct Entry<'a> {
    #[size(parent.entry_size)]
    data: &'a [u8],
}

// Elements that read their parent cannot be decoded alone: `iter_in(&table, &table)`.
fn first<'a>(table: &Table<'a>) -> Option<Entry<'a>> {
    table.entries.iter().next()
}

fn main() {}
