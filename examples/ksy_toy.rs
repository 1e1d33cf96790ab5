//! The README's toy format written as a Kaitai Struct schema
//! (`examples/ksy/toy.ksy`), compiled to zerowire by `build.rs` with
//! `zerowire_ksy::Compiler`, and decoded: the slices point into the input.
//!
//! Run with `cargo run --example ksy_toy`.

use zerowire::Codec;

/// What `zerowire-ksy` generated from `examples/ksy/toy.ksy`.
pub mod toy {
    include!(concat!(env!("OUT_DIR"), "/toy.rs"));
}

fn main() -> Result<(), zerowire::Error> {
    let input = [3, b'a', b'b', b'c', b'x', b'y', b'z'];
    let toy = toy::Toy::decode(&input)?;
    println!("decoded {toy:#?}");
    let child = &toy.child_structure;
    let inside = |s: &[u8]| input.as_ptr_range().contains(&s.as_ptr());
    println!(
        "child_structure.slice = {:?}, at input offset {} (borrowed from the input: {})",
        String::from_utf8_lossy(child.slice),
        child.slice.as_ptr() as usize - input.as_ptr() as usize,
        inside(child.slice)
    );
    let grandchild = &child.grandchild_structure;
    println!(
        "grandchild_structure.slice = {:?}, at input offset {} (borrowed from the input: {})",
        String::from_utf8_lossy(grandchild.slice),
        grandchild.slice.as_ptr() as usize - input.as_ptr() as usize,
        inside(grandchild.slice)
    );
    assert!(inside(child.slice) && inside(grandchild.slice));
    assert_eq!(toy.to_vec()?, input, "encodes back to the same bytes");
    println!("encodes back to the same {} bytes", input.len());
    match toy::Toy::decode(&input[..5]) {
        Err(e) => println!("a cut input: {e}"),
        Ok(_) => unreachable!("5 bytes cannot hold the toy"),
    }
    Ok(())
}
