//! zerowire decodes every workload, and encodes W2 and W3 into a buffer with
//! room, without one allocation (counted, per thread).

use zerowire_benches::{cases::cases, encode, implementations, workloads};
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn zerowire_decodes_every_workload_without_allocating() {
    for imp in implementations()
        .iter()
        .filter(|i| i.name.starts_with("zerowire"))
    {
        for case in cases() {
            let Some(decode) = (case.decoder)(imp) else {
                continue;
            };
            let (sum, n) = count_allocations(|| decode(&case.input));
            assert_ne!(sum, 0);
            assert_eq!(n, 0, "{} on {}", imp.name, case.name);
        }
    }
}

#[test]
fn the_counter_sees_a_peer_allocate() {
    // binrw reads each payload into a `Vec`: the pass above would see that.
    let binrw = implementations()
        .into_iter()
        .find(|i| i.name == "binrw")
        .unwrap();
    let input = workloads::records();
    let (_, n) = count_allocations(|| (binrw.w2_records.unwrap())(&input));
    assert!(n >= 90, "{n}");
}

#[test]
fn zerowire_encodes_into_a_buffer_with_room_without_allocating() {
    let input = workloads::records();
    let records = encode::zerowire_records(&input);
    let mut out = Vec::with_capacity(input.len());
    let (_, n) = count_allocations(|| encode::zerowire_encode_records(&records, &mut out));
    assert_eq!((n, out.len()), (0, input.len()));

    let input = workloads::handshake();
    let hello = encode::zerowire_hello(&input);
    let mut out = Vec::with_capacity(input.len());
    let (_, n) = count_allocations(|| encode::zerowire_encode_hello(&hello, &mut out));
    assert_eq!((n, out.len()), (0, input.len()));
}
