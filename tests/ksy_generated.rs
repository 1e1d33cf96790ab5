//! The toy schema as Kaitai Struct writes it (`examples/ksy/toy.ksy`),
//! compiled by `build.rs` through zerowire-ksy: it decodes as the hand-written
//! toy does, borrows from the input, allocates nothing, and encodes back.

use zerowire::Codec;
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::points_into;
use zerowire_suite::toy::{Toy, TOY};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// What zerowire-ksy generated from `examples/ksy/toy.ksy`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/toy.rs"));
}

#[test]
fn the_generated_toy_decodes_as_the_hand_written_one_and_borrows() {
    let (g, allocations) = count_allocations(|| generated::Toy::decode(TOY).unwrap());
    assert_eq!(allocations, 0);
    let h = Toy::decode(TOY).unwrap();
    assert_eq!(g.slice_size, h.slice_size);
    assert_eq!(g.child_structure.slice, h.child_structure.slice);
    assert_eq!(
        g.child_structure.grandchild_structure.slice,
        h.child_structure.grandchild_structure.slice
    );
    assert!(points_into(g.child_structure.slice, TOY));
    assert!(points_into(
        g.child_structure.grandchild_structure.slice,
        TOY
    ));
    assert_eq!(g.to_vec().unwrap(), TOY);
}

#[test]
fn a_cut_input_fails_at_the_same_field_and_offset_as_the_hand_written_toy() {
    for len in 0..TOY.len() {
        let g = generated::Toy::decode(&TOY[..len]).unwrap_err();
        let h = Toy::decode(&TOY[..len]).unwrap_err();
        assert_eq!(g.to_string(), h.to_string(), "cut to {len} bytes");
    }
}
