//! Compiles the project's own Kaitai schemas (examples/ksy/) for the examples
//! and tests, as a user's build script would.
fn main() {
    if let Err(e) = zerowire_ksy::Compiler::new().compile_to_out_dir(&[
        "examples/ksy/toy.ksy",
        "examples/ksy/directory.ksy",
        "examples/ksy/streams.ksy",
    ]) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
