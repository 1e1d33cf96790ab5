//! The Kaitai Struct "toy" schema: a length in the root, used by a child
//! (`parent.slice_size`) and by a grandchild (`root.slice_size`).
//!
//! Run with `cargo run --example toy`.

use zerowire::{Codec, Decode, Error};

#[derive(Decode, Debug, PartialEq)]
struct Toy<'a> {
    slice_size: u8,
    child_structure: Child<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Toy<'a>)]
struct Child<'a> {
    #[size(parent.slice_size)]
    slice: &'a [u8],
    grandchild_structure: Grandchild<'a>,
}

#[derive(Decode, Debug, PartialEq)]
#[zerowire(parent = Child<'a>)]
struct Grandchild<'a> {
    #[size(root.slice_size)]
    slice: &'a [u8],
}

/// Whether `part` lies inside `whole` (the same memory, not a copy).
fn points_into(part: &[u8], whole: &[u8]) -> bool {
    whole.as_ptr_range().contains(&part.as_ptr()) && part.len() <= whole.len()
}

fn main() -> Result<(), Error> {
    let bytes: &[u8] = &[3, b'a', b'b', b'c', b'x', b'y', b'z'];
    let toy = Toy::decode(bytes)?;

    println!("input: {bytes:02x?}");
    println!("Toy");
    println!("├─ slice_size: {}", toy.slice_size);
    println!("└─ child_structure: Child");
    let child = &toy.child_structure;
    println!("   ├─ slice: {:?}", String::from_utf8_lossy(child.slice));
    println!("   └─ grandchild_structure: Grandchild");
    let grandchild = &child.grandchild_structure;
    println!(
        "      └─ slice: {:?}",
        String::from_utf8_lossy(grandchild.slice)
    );

    for (name, slice) in [
        ("child.slice", child.slice),
        ("grandchild.slice", grandchild.slice),
    ] {
        let offset = slice.as_ptr() as usize - bytes.as_ptr() as usize;
        println!(
            "{name} borrows input bytes {offset}..{} (points into the input: {})",
            offset + slice.len(),
            points_into(slice, bytes)
        );
    }

    let encoded = toy.to_vec()?;
    println!(
        "re-encoded: {encoded:02x?} (same bytes: {})",
        encoded == bytes
    );

    let short = &bytes[..5];
    match Toy::decode(short) {
        Ok(toy) => println!("unexpected: {toy:?}"),
        Err(e) => println!("decoding {short:02x?}: {e}"),
    }
    Ok(())
}
