//! Both parsers read the same values (the walks' checksums agree), and how
//! many allocations one parse and walk makes on each side.

use zerowire_kaitai_bench::{inputs, walk};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

type Walk = fn(&[u8]) -> u64;

/// A format's name, its inputs, its zerowire parsers and Kaitai's.
type Case = (&'static str, Vec<Vec<u8>>, Vec<Walk>, Walk);

fn cases() -> Vec<Case> {
    vec![
        (
            "stl",
            vec![inputs::stl(0), inputs::stl(100)],
            vec![walk::stl_zerowire as Walk, walk::stl_hand],
            walk::stl_kaitai as Walk,
        ),
        (
            "vp8_duck_ivf",
            vec![inputs::ivf(0, 0), inputs::ivf(16, 4096)],
            vec![walk::ivf_zerowire as Walk],
            walk::ivf_kaitai as Walk,
        ),
        (
            "glibc_utmp",
            vec![inputs::utmp(1), inputs::utmp(100)],
            vec![walk::utmp_zerowire as Walk],
            walk::utmp_kaitai as Walk,
        ),
        (
            "quake_pak",
            vec![inputs::pak(0), inputs::pak(100)],
            vec![walk::pak_zerowire as Walk],
            walk::pak_kaitai as Walk,
        ),
        (
            "mbr_partition_table",
            vec![inputs::mbr()],
            vec![walk::mbr_zerowire as Walk],
            walk::mbr_kaitai as Walk,
        ),
    ]
}

#[test]
fn zerowire_reads_what_kaitais_rust_reads() {
    for (name, inputs, ours, kaitai) in cases() {
        for input in &inputs {
            let expected = kaitai(input);
            for walk in &ours {
                assert_eq!(walk(input), expected, "{name} of {} bytes", input.len());
            }
        }
    }
}

#[test]
fn allocations_per_parse() {
    for (name, inputs, ours, kaitai) in cases() {
        let input = inputs.last().expect("an input");
        let (_, kaitai_allocations) = count_allocations(|| kaitai(input));
        for walk in &ours {
            let (_, n) = count_allocations(|| walk(input));
            // A repetition of `size`d records (utmp's) is a `Vec`, grown as
            // it is read (a few allocations for 100 records); everything
            // else borrows.
            if name == "glibc_utmp" {
                assert!((1..=8).contains(&n), "{name}: zerowire allocates {n} times");
            } else {
                assert_eq!(n, 0, "{name}: zerowire allocates");
            }
            eprintln!("{name}: zerowire allocates {n} times");
        }
        eprintln!("{name}: Kaitai's Rust allocates {kaitai_allocations} times");
        assert!(kaitai_allocations > 0);
    }
}
