//! Every implementation decodes every workload to the same checksum.

#[test]
fn every_implementation_agrees_on_every_workload() {
    for case in zerowire_benches::cases::cases() {
        let sums = zerowire_benches::cases::checksums(&case);
        let (baseline, expected) = sums[0];
        assert_eq!(baseline, "hand_written");
        for (name, sum) in &sums {
            assert_eq!(*sum, expected, "{name} on {}", case.name);
        }
    }
}
