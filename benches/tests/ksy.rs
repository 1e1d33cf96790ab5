//! The generated and hand-written parsers of `src/ksy.rs` agree on every
//! input and on its truncations, and neither allocates where the format needs
//! no owned bytes.

#[cfg(ksy_suite)]
mod with_the_suite {
    use zerowire_benches::ksy::ksy_cases;
    use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};

    #[global_allocator]
    static ALLOC: CountingAlloc = CountingAlloc;

    #[test]
    fn generated_and_hand_written_parsers_agree() {
        for case in ksy_cases() {
            let g = (case.generated)(&case.input);
            assert_ne!(g, 0, "{}", case.name);
            assert_eq!(g, (case.hand_written)(&case.input), "{}", case.name);
            // Both fail on the same cuts (a checksum of 0), and agree where they decode.
            for n in (0..case.input.len()).step_by(7) {
                let cut = &case.input[..n];
                assert_eq!(
                    (case.generated)(cut),
                    (case.hand_written)(cut),
                    "{} cut to {n} bytes",
                    case.name
                );
            }
        }
    }

    /// The suite's own input files for these formats, which `tests/kaitai.rs`
    /// checks the hand-written ports on and the suite's specs check the
    /// generated parsers on: both read the same.
    #[test]
    fn both_read_the_suites_files_alike() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/conformance/kaitai_struct_tests/src");
        for (case, file) in
            ksy_cases()
                .iter()
                .zip(["nav.bin", "repeat_eos_struct.bin", "switch_tlv.bin"])
        {
            let bytes = std::fs::read(src.join(file)).expect("the suite's file");
            let g = (case.generated)(&bytes);
            assert_ne!(g, 0, "{} reads {file}", case.name);
            assert_eq!(g, (case.hand_written)(&bytes), "{} on {file}", case.name);
        }
    }

    #[test]
    fn allocations_per_parse() {
        for case in ksy_cases() {
            let (_, generated) = count_allocations(|| (case.generated)(&case.input));
            let (_, hand) = count_allocations(|| (case.hand_written)(&case.input));
            assert_eq!(hand, 0, "{}: the hand-written port allocates", case.name);
            // The generated directory chunks hold their 4-byte names in a
            // `Vec<&str>` (a repetition of sized text, which a `List` cannot
            // hold): one allocation when the chunks' list is read and one when
            // it is iterated, for each of the 200 directory chunks. The
            // hand-written port wraps each name in a struct, in a `List`.
            let expected = if case.name.starts_with("K3") { 400 } else { 0 };
            assert_eq!(generated, expected, "{}", case.name);
        }
    }
}

#[cfg(not(ksy_suite))]
#[test]
fn the_suite_is_missing() {
    eprintln!("KAITAI'S TEST SUITE IS NOT BESIDE THE CHECKOUT: the generated-parser comparisons did not run");
}
