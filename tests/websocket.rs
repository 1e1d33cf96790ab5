//! RFC 6455 WebSocket frames: the specification's examples, and a stream of
//! mixed frames read at every chunk boundary.

use std::io::{self, Read};

use tokio::io::AsyncWriteExt;
use zerowire::frame::{AsyncFrameReader, FrameReader};
use zerowire::Codec;
use zerowire_suite::assert_round_trip;
use zerowire_suite::websocket::{opcode, WsFrame, WsFraming};

const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

fn decode(bytes: &[u8]) -> WsFrame<'_> {
    let frame = WsFrame::decode(bytes).unwrap();
    assert_round_trip::<WsFrame<'static>>(bytes);
    frame
}

#[test]
fn rfc_6455_section_5_7_single_frames() {
    // A single-frame unmasked text message.
    let unmasked = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
    let frame = decode(&unmasked);
    assert!(frame.fin && !frame.masked);
    assert_eq!((frame.opcode, frame.payload), (opcode::TEXT, &b"Hello"[..]));

    // A single-frame masked text message.
    let masked = [
        0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ];
    let frame = decode(&masked);
    assert_eq!(frame.mask, Some(MASK));
    let mut out = [0; 5];
    assert_eq!(frame.unmask_into(&mut out).unwrap(), b"Hello");
    assert_eq!(
        frame.payload,
        &masked[6..],
        "the received frame stays masked"
    );
}

#[test]
fn rfc_6455_section_5_7_fragments_and_control_frames() {
    let first = decode(&[0x01, 0x03, 0x48, 0x65, 0x6c]);
    let last = decode(&[0x80, 0x02, 0x6c, 0x6f]);
    assert_eq!(
        (first.fin, first.opcode, first.payload),
        (false, opcode::TEXT, &b"Hel"[..])
    );
    assert_eq!(
        (last.fin, last.opcode, last.payload),
        (true, opcode::CONTINUATION, &b"lo"[..])
    );

    let ping = decode(&[0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    assert_eq!((ping.opcode, ping.payload), (opcode::PING, &b"Hello"[..]));
    let pong = decode(&[
        0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ]);
    let mut out = [0; 5];
    assert_eq!(
        (pong.opcode, pong.unmask_into(&mut out).unwrap()),
        (opcode::PONG, &b"Hello"[..])
    );
}

#[test]
fn rfc_6455_section_5_7_extended_lengths() {
    let mut medium = vec![0x82, 0x7E, 0x01, 0x00];
    medium.extend([0xAB; 256]);
    let frame = decode(&medium);
    assert_eq!(
        (frame.len7, frame.len16, frame.payload.len()),
        (126, Some(256), 256)
    );

    let mut large = vec![0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0];
    large.extend(vec![0xCD; 65_536]);
    let frame = decode(&large);
    assert_eq!(
        (frame.len7, frame.len64, frame.payload.len()),
        (127, Some(65_536), 65_536)
    );
}

/// Frames of 0, 125, 126, 65535, 65536 and 70000 bytes, of every kind, masked or not.
fn mixed_stream() -> (Vec<u8>, Vec<(u8, usize)>) {
    let sizes = [0, 125, 126, 65_535, 65_536, 70_000];
    let kinds = [opcode::TEXT, opcode::BINARY, opcode::PING, opcode::CLOSE];
    let mut stream = Vec::new();
    let mut expected = Vec::new();
    for (i, size) in sizes.iter().enumerate() {
        for (j, kind) in kinds.iter().enumerate() {
            // Control frames carry at most 125 bytes (RFC 6455 §5.5).
            let size = if *kind >= opcode::CLOSE {
                (*size).min(125)
            } else {
                *size
            };
            let payload: Vec<u8> = (0..size).map(|b| (b + i + j) as u8).collect();
            let mask = ((i + j) % 2 == 0).then_some(MASK);
            stream.extend(WsFrame::build(true, *kind, mask, &payload));
            expected.push((*kind, size));
        }
    }
    (stream, expected)
}

/// A source that hands out `step` bytes per read.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.1.min(out.len()).min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fn read_frames(stream: &[u8], step: usize) -> Vec<(u8, usize, u64)> {
    let mut reader =
        FrameReader::<_, _, WsFrame<'static>>::new(Trickle(stream, step), WsFraming, 80_000, 4096);
    let mut frames = Vec::new();
    let mut scratch = vec![0; 80_000];
    while let Some(frame) = reader.next().unwrap() {
        let payload = frame.value.unmask_into(&mut scratch).unwrap();
        let sum = payload.iter().map(|b| u64::from(*b)).sum();
        frames.push((frame.value.opcode, payload.len(), sum));
    }
    frames
}

#[test]
fn a_mixed_stream_gives_the_same_frames_at_every_chunk_boundary() {
    let (stream, expected) = mixed_stream();
    // One-byte reads make every byte boundary a chunk boundary.
    let one_byte = read_frames(&stream, 1);
    let whole = read_frames(&stream, usize::MAX);
    assert_eq!(one_byte, whole);
    let kinds: Vec<(u8, usize)> = whole.iter().map(|(k, n, _)| (*k, *n)).collect();
    assert_eq!(kinds, expected);
    for step in [2, 3, 7, 125, 126, 4095, 4096, 4097, 65_536] {
        assert_eq!(read_frames(&stream, step), whole, "reads of {step} bytes");
    }
}

#[test]
fn the_async_reader_reads_the_same_stream_over_a_pipe() {
    let (stream, expected) = mixed_stream();
    let whole = read_frames(&stream, usize::MAX);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mut client, server) = tokio::io::duplex(1000);
        let writer = tokio::spawn(async move {
            for piece in stream.chunks(997) {
                client.write_all(piece).await.unwrap();
            }
        });
        let mut reader =
            AsyncFrameReader::<_, _, WsFrame<'static>>::new(server, WsFraming, 80_000, 4096);
        let mut frames = Vec::new();
        let mut scratch = vec![0; 80_000];
        while let Some(frame) = reader.next_async().await.unwrap() {
            let payload = frame.value.unmask_into(&mut scratch).unwrap();
            frames.push((
                frame.value.opcode,
                payload.len(),
                payload.iter().map(|b| u64::from(*b)).sum(),
            ));
        }
        writer.await.unwrap();
        assert_eq!(frames, whole);
        assert_eq!(frames.len(), expected.len());
    });
}
