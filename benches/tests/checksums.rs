//! Every implementation decodes every workload to the same checksum.

#[test]
fn every_implementation_agrees_on_every_workload() {
    for case in zerowire_benches::cases::cases() {
        let sums = zerowire_benches::cases::checksums(&case);
        let (baseline, expected) = sums[0];
        assert_eq!(baseline, "hand_written");
        assert_ne!(expected, 0, "{}", case.name);
        // zerowire, the hand-written cursor and the five peers decode every
        // workload (zerowire's `List` variant all but W1).
        assert!(sums.len() >= 7, "{}: {sums:?}", case.name);
        for (name, sum) in &sums {
            assert_eq!(*sum, expected, "{name} on {}", case.name);
        }
    }
}
