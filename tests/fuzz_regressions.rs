//! Inputs the fuzz targets (`fuzz/`) found, kept as regression tests.

use zerowire::{Codec, ErrorKind};
use zerowire_suite::tls::Record;

/// `fuzz/` target `tls`: a ClientHello that ends before its handshake's
/// `len` window did. Skipping those bytes decoded, but encoding gave zeros
/// in their place; a window's child must now fill it.
#[test]
fn tls_slack_in_a_handshake_window_is_trailing_bytes() {
    let mut input = vec![22, 3, 1, 0, 86, 1, 0, 0, 82, 3, 3];
    input.extend(0..32);
    input.extend([2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 35, 0, 0, 0, 16, 0, 3]);
    input.extend(0..27);
    input.extend([0, 29]);
    assert_eq!(input.len(), 91);
    let e = Record::decode(&input).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TrailingBytes { count: 40 });
    assert_eq!(e.path(), "Record.handshake.hello");
    assert_eq!(e.offset(), 51);
}
