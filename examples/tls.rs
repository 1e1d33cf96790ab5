//! A TLS 1.3-style receive path: several protected records arrive in one
//! buffer; each is split off, decrypted in place with ChaCha20-Poly1305, and
//! its plaintext decoded into a ClientHello that borrows from the buffer.
//! Nothing on the way allocates or copies.
//!
//! Run with `cargo run --example tls`.

use zerowire::Codec;
use zerowire_suite::tls::{
    client_hello_message, next_record, server_name, ExtensionBody, Handshake, Session, HANDSHAKE,
};

fn main() {
    let (key, iv) = ([0x42; 32], [7; 12]);

    // The sender's side: three ClientHello-like messages, sealed into records.
    let mut sender = Session::new(key, iv);
    let mut buffer = Vec::new();
    for (i, host) in [&b"alpha.example"[..], b"beta.example", b"gamma.example"]
        .into_iter()
        .enumerate()
    {
        let sni = server_name(host);
        let message = client_hello_message(
            &[i as u8; 8],
            &[0x1301, 0x1302, 0x1303],
            &[(0, &sni), (43, &[2, 3, 4]), (0xFF01, &[0])],
        );
        sender.seal(HANDSHAKE, &message, i * 4, &mut buffer);
    }
    println!("receive buffer: {} bytes, 3 records", buffer.len());

    // The receiver's side: deframe, decrypt in place, decode.
    let mut receiver = Session::new(key, iv);
    let mut rest: &mut [u8] = &mut buffer;
    while !rest.is_empty() {
        let (record, next) = match next_record(rest) {
            Ok(split) => split,
            Err(e) => {
                println!("stopping: {e}");
                break;
            }
        };
        rest = next;
        println!(
            "record: type {}, version {:#06x}, {} bytes of ciphertext",
            record.opaque_type,
            record.version,
            record.ciphertext.len()
        );
        let (content_type, plaintext) = match receiver.open(record) {
            Ok(opened) => opened,
            Err(e) => {
                println!("  skipped: {e}");
                continue;
            }
        };
        let handshake = match Handshake::decode(plaintext) {
            Ok(handshake) => handshake,
            Err(e) => {
                println!("  skipped: {e}");
                continue;
            }
        };
        let hello = &handshake.hello;
        println!(
            "  content type {content_type}: ClientHello, {} plaintext bytes",
            plaintext.len()
        );
        println!("    session id: {:02x?}", hello.session_id.as_bytes());
        println!(
            "    cipher suites: {:04x?}",
            hello.cipher_suites.iter().collect::<Vec<_>>()
        );
        for ext in hello.extensions.iter() {
            match ext.body {
                ExtensionBody::ServerName(names) => {
                    for name in names.names.iter() {
                        println!(
                            "    server_name: {}",
                            String::from_utf8_lossy(name.name.as_bytes())
                        );
                    }
                }
                ExtensionBody::SupportedVersions(versions) => {
                    println!(
                        "    supported_versions: {:04x?}",
                        versions.iter().collect::<Vec<_>>()
                    );
                }
                ExtensionBody::Other { tag, body } => {
                    println!("    extension {tag:#06x}: {} bytes", body.len());
                }
            }
        }
    }
}
