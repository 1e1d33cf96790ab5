//! Encode benchmarks: W2 and W3 written from a message value into a reused
//! buffer, zerowire against the hand-written encoder.
//! Run with `cargo bench -p zerowire-benches --bench encode`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zerowire_benches::{encode, workloads};

fn encode(c: &mut Criterion) {
    let input = workloads::records();
    let mut group = c.benchmark_group("W2_records_64KiB_encode");
    group.throughput(Throughput::Bytes(input.len() as u64));
    let mut out = Vec::with_capacity(input.len());
    let hand = encode::hand_records(&input);
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            out.clear();
            encode::hand_encode_records(black_box(&hand), &mut out);
            out.len()
        })
    });
    let value = encode::zerowire_records(&input);
    group.bench_function("zerowire", |b| {
        b.iter(|| {
            out.clear();
            encode::zerowire_encode_records(black_box(&value), &mut out);
            out.len()
        })
    });
    group.finish();

    let input = workloads::handshake();
    let mut group = c.benchmark_group("W3_client_hello_encode");
    group.throughput(Throughput::Bytes(input.len() as u64));
    let hand = encode::hand_hello(&input);
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            out.clear();
            encode::hand_encode_hello(black_box(&hand), &mut out);
            out.len()
        })
    });
    let value = encode::zerowire_hello(&input);
    group.bench_function("zerowire", |b| {
        b.iter(|| {
            out.clear();
            encode::zerowire_encode_hello(black_box(&value), &mut out);
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, encode);
criterion_main!(benches);
