//! zerowire-ksy's generated parsers against Kaitai's official Rust output
//! (and, for STL, a hand-written zerowire port), in one run: each parses the
//! same bytes and reads every field once (`walk`). Sizes scale the payload:
//! zerowire borrows it, Kaitai's runtime copies the input and each field.
//!
//! `cargo bench --manifest-path benches/kaitai/Cargo.toml` (after
//! `ksy/oracle/install.sh`, with `../shared` beside the checkout).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use zerowire_kaitai_bench::{inputs, walk};

type Walk = fn(&[u8]) -> u64;

fn group(c: &mut Criterion, name: &str, cases: &[(String, Vec<u8>)], parsers: &[(&str, Walk)]) {
    let mut g = c.benchmark_group(name);
    for (size, input) in cases {
        g.throughput(Throughput::Bytes(input.len() as u64));
        for (parser, walk) in parsers {
            g.bench_with_input(BenchmarkId::new(*parser, size), input, |b, input| {
                b.iter(|| walk(std::hint::black_box(input)))
            });
        }
    }
    g.finish();
}

fn formats(c: &mut Criterion) {
    let sized = |f: fn(u32) -> Vec<u8>, ns: &[u32]| -> Vec<(String, Vec<u8>)> {
        ns.iter().map(|n| (n.to_string(), f(*n))).collect()
    };
    group(
        c,
        "stl",
        &sized(inputs::stl, &[100, 1000]),
        &[
            ("zerowire", walk::stl_zerowire as Walk),
            ("hand-written", walk::stl_hand),
            ("kaitai", walk::stl_kaitai),
        ],
    );
    let ivf: Vec<(String, Vec<u8>)> = [64u32, 4096]
        .iter()
        .map(|len| (format!("16x{len}"), inputs::ivf(16, *len)))
        .collect();
    group(
        c,
        "vp8_duck_ivf",
        &ivf,
        &[
            ("zerowire", walk::ivf_zerowire as Walk),
            ("kaitai", walk::ivf_kaitai),
        ],
    );
    group(
        c,
        "glibc_utmp",
        &sized(inputs::utmp, &[10, 100]),
        &[
            ("zerowire", walk::utmp_zerowire as Walk),
            ("kaitai", walk::utmp_kaitai),
        ],
    );
    group(
        c,
        "quake_pak",
        &sized(inputs::pak, &[10, 100]),
        &[
            ("zerowire", walk::pak_zerowire as Walk),
            ("kaitai", walk::pak_kaitai),
        ],
    );
    group(
        c,
        "mbr_partition_table",
        &[("512".to_owned(), inputs::mbr())],
        &[
            ("zerowire", walk::mbr_zerowire as Walk),
            ("kaitai", walk::mbr_kaitai),
        ],
    );
}

criterion_group!(benches, formats);
criterion_main!(benches);
