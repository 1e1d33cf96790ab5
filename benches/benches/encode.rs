//! Encode benchmarks: W2 and W3 written from a message value into a reused
//! buffer, zerowire against the hand-written encoder.
//! Run with `cargo bench -p zerowire-benches --bench encode`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zerowire_benches::encode;

fn encode(c: &mut Criterion) {
    // One buffer for both encoders, so that where it lies does not differ
    // between them (see `interleaved`).
    let mut out = Vec::new();
    for case in encode::cases() {
        let mut group = c.benchmark_group(case.name);
        group.throughput(Throughput::Bytes(case.input.len() as u64));
        for (name, mut encoder) in (case.encoders)(&case.input) {
            group.bench_function(name, |b| b.iter(|| encode::run(&mut encoder, &mut out)));
        }
        group.finish();
    }
}

criterion_group!(benches, encode);
criterion_main!(benches);
