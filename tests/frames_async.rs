//! The frame reader over tokio's `AsyncRead`: cancel-safe, on loopback.

use std::time::Duration;

use tokio::io::AsyncWriteExt;
use zerowire::frame::{AsyncFrameReader, FrameError, FrameReader, LengthPrefixed};
use zerowire::Decode;

#[derive(Decode, Debug, PartialEq)]
struct Message<'a> {
    len: u16,
    #[size(len)]
    body: &'a [u8],
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u16).to_be_bytes().to_vec();
    bytes.extend(body);
    bytes
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn frames_arrive_in_pieces_and_come_out_whole() {
    runtime().block_on(async {
        let (mut client, server) = tokio::io::duplex(64);
        let writer = tokio::spawn(async move {
            for body in [&b"first"[..], b"", &[9; 300]] {
                for piece in frame(body).chunks(7) {
                    client.write_all(piece).await.unwrap();
                    tokio::task::yield_now().await;
                }
            }
        });
        let mut reader = AsyncFrameReader::<_, _, Message<'static>>::new(
            server,
            LengthPrefixed::<u16>::new(),
            1024,
            16,
        );
        assert_eq!(
            reader.next_async().await.unwrap().unwrap().value.body,
            b"first"
        );
        assert_eq!(reader.next_async().await.unwrap().unwrap().bytes, [0, 0]);
        let big = reader.next_async().await.unwrap().unwrap();
        assert_eq!(big.value.body, [9; 300]);
        writer.await.unwrap();
        assert!(reader.next_async().await.unwrap().is_none());
        assert!(reader.next_async().await.unwrap().is_none());
    });
}

#[test]
fn a_dropped_pending_call_loses_nothing_and_the_next_call_yields_the_frame() {
    runtime().block_on(async {
        let (mut client, server) = tokio::io::duplex(64);
        let mut reader = AsyncFrameReader::<_, _, Message<'static>>::new(
            server,
            LengthPrefixed::<u16>::new(),
            1024,
            16,
        );
        let bytes = frame(b"patience");
        client.write_all(&bytes[..4]).await.unwrap();
        // The frame is incomplete: the call waits, and is dropped on the timeout.
        let pending = tokio::time::timeout(Duration::from_millis(20), reader.next_async()).await;
        assert!(pending.is_err(), "no frame yet");
        client.write_all(&bytes[4..]).await.unwrap();
        let frame = reader.next_async().await.unwrap().unwrap();
        assert_eq!(frame.value.body, b"patience");
        assert_eq!(frame.bytes, bytes);
    });
}

#[test]
fn an_end_inside_a_frame_keeps_the_leftover_bytes() {
    runtime().block_on(async {
        let (mut client, server) = tokio::io::duplex(64);
        client.write_all(&[0, 9, 1, 2]).await.unwrap();
        drop(client);
        let mut reader = AsyncFrameReader::<_, _, Message<'static>>::new(
            server,
            LengthPrefixed::<u16>::new(),
            1024,
            16,
        );
        let err = reader.next_async().await.err().unwrap();
        assert!(
            matches!(err, FrameError::Truncated { buffered: 4 }),
            "{err}"
        );
        assert_eq!(reader.into_parts().1, [0, 9, 1, 2]);
    });
}

#[test]
fn frames_cross_tcp_on_loopback_and_owned_frames_cross_threads() {
    runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let client = tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            for i in 0..50u8 {
                stream
                    .write_all(&frame(&vec![i; usize::from(i) * 3]))
                    .await
                    .unwrap();
            }
        });
        let (socket, _) = listener.accept().await.unwrap();
        let mut reader = AsyncFrameReader::<_, _, Message<'static>>::new(
            socket,
            LengthPrefixed::<u16>::new(),
            1024,
            32,
        );
        let (send, receive) = std::sync::mpsc::channel();
        let worker = std::thread::spawn(move || {
            let mut total = 0;
            while let Ok(owned) = receive.recv() {
                let owned: zerowire::Owned<Message<'static>, bytes::Bytes> = owned;
                total += owned.get().body.len();
            }
            total
        });
        while let Some(owned) = reader.next_owned().await.unwrap() {
            send.send(owned).unwrap();
        }
        drop(send);
        client.await.unwrap();
        assert_eq!(
            worker.join().unwrap(),
            (0..50).map(|i| i * 3).sum::<usize>()
        );
    });
}

#[test]
fn the_std_reader_hands_out_owned_frames_too() {
    let mut stream = frame(b"one");
    stream.extend(frame(b"two"));
    let mut reader = FrameReader::<_, _, Message<'static>>::new(
        &stream[..],
        LengthPrefixed::<u16>::new(),
        64,
        8,
    );
    let first = reader.next_owned().unwrap().unwrap();
    let second = reader.next_owned().unwrap().unwrap();
    assert_eq!(
        (first.get().body, second.get().body),
        (&b"one"[..], &b"two"[..])
    );
    assert!(reader.next_owned().unwrap().is_none());
}
