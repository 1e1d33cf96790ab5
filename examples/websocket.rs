//! RFC 6455 WebSocket frames over TCP on loopback: a client sends masked
//! frames; the server reads them through the async frame reader, one borrowed
//! frame at a time, and unmasks payloads into its own buffer only on request.
//!
//! Run with `cargo run --example websocket`.

use tokio::io::AsyncWriteExt;
use zerowire::frame::AsyncFrameReader;
use zerowire_suite::websocket::{opcode, WsFrame, WsFraming};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        println!("server listening on {address}");

        let client = tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await?;
            let mask = [0x37, 0xfa, 0x21, 0x3d];
            let big = vec![b'z'; 70_000];
            let frames = [
                WsFrame::build(true, opcode::TEXT, Some(mask), b"Hello"),
                WsFrame::build(false, opcode::TEXT, Some(mask), b"frag"),
                WsFrame::build(true, opcode::CONTINUATION, Some(mask), b"mented"),
                WsFrame::build(true, opcode::PING, Some(mask), b"are you there?"),
                WsFrame::build(true, opcode::BINARY, Some(mask), &big),
                WsFrame::build(true, opcode::CLOSE, Some(mask), &1000u16.to_be_bytes()),
            ];
            for frame in frames {
                stream.write_all(&frame).await?;
            }
            Ok::<_, std::io::Error>(())
        });

        let (socket, peer) = listener.accept().await?;
        println!("accepted {peer}");
        let mut reader =
            AsyncFrameReader::<_, _, WsFrame<'static>>::new(socket, WsFraming, 1 << 20, 8192);
        let mut unmasked = vec![0; 1 << 20];
        while let Some(frame) = reader.next_async().await? {
            let value = &frame.value;
            let payload = value.unmask_into(&mut unmasked)?;
            let kind = match value.opcode {
                opcode::CONTINUATION => "continuation",
                opcode::TEXT => "text",
                opcode::BINARY => "binary",
                opcode::CLOSE => "close",
                opcode::PING => "ping",
                opcode::PONG => "pong",
                _ => "unknown",
            };
            let shown = match value.opcode {
                opcode::TEXT | opcode::CONTINUATION | opcode::PING => {
                    format!("{:?}", String::from_utf8_lossy(payload))
                }
                opcode::CLOSE => match payload.get(..2) {
                    Some(&[high, low]) => format!("code {}", u16::from_be_bytes([high, low])),
                    _ => "no code".to_owned(),
                },
                _ => format!("{} bytes", payload.len()),
            };
            println!(
                "{kind:>12} fin={} masked={} wire={} bytes: {shown}",
                value.fin,
                value.masked,
                frame.bytes.len()
            );
        }
        client.await??;
        println!("the client closed the connection");
        Ok(())
    })
}
