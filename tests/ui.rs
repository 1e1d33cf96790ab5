//! Compile errors are part of the product: each misuse points at the user's code.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    for topic in [
        "attrs",
        "context",
        "enums",
        "family",
        "frames",
        "lifetimes",
        "owned",
    ] {
        cases.compile_fail(format!("tests/ui/{topic}/*.rs"));
    }
    cases.pass("tests/ui/pass/*.rs");
}
