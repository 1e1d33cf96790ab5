//! Decode benchmarks: the same bytes through every library, against the
//! hand-written cursor. Run with `cargo bench -p zerowire-benches --bench decode`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zerowire_benches::cases::{cases, checksums};

fn decode(c: &mut Criterion) {
    for case in cases() {
        let sums = checksums(&case);
        assert!(
            sums.iter().all(|(_, s)| *s == sums[0].1),
            "checksums differ on {}: {sums:?}",
            case.name
        );
        let mut group = c.benchmark_group(case.name);
        group.throughput(Throughput::Bytes(case.input.len() as u64));
        for implementation in zerowire_benches::implementations() {
            let Some(decoder) = (case.decoder)(&implementation) else {
                continue;
            };
            group.bench_function(implementation.name, |b| {
                b.iter(|| decoder(black_box(&case.input)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
