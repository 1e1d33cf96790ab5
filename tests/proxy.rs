//! The inspecting proxy, on loopback: load, faults and memory, all bounded in time.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zerowire::frame::LengthPrefixed;
use zerowire_suite::proxy::{packet, serve, CountingHook, Direction, Limits, Packet, ProxyStats};

const LIMITS: Limits = Limits {
    max_frame: 1024,
    chunk: 256,
};

fn run<F: std::future::Future<Output = ()>>(test: F) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(120), test)
            .await
            .expect("the test finishes in time");
    });
}

/// An upstream that echoes every byte, and half-closes when its client does.
async fn echo_upstream() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let (mut read, mut write) = socket.into_split();
                let _ = tokio::io::copy(&mut read, &mut write).await;
                let _ = write.shutdown().await;
            });
        }
    });
    address
}

/// A proxy in front of `upstream` for `connections` clients.
async fn proxy(
    upstream: SocketAddr,
    connections: u64,
    hook: Arc<CountingHook>,
) -> (SocketAddr, Arc<ProxyStats>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let stats = Arc::new(ProxyStats::default());
    let served = {
        let stats = stats.clone();
        tokio::spawn(async move {
            serve::<_, Packet<'static>, _>(
                listener,
                upstream,
                LengthPrefixed::<u16>::new(),
                LIMITS,
                hook,
                stats,
                Some(connections),
            )
            .await
            .unwrap();
        })
    };
    (address, stats, served)
}

/// A deterministic stream of packets: (bytes, frame count per kind).
fn packets(seed: u64, count: usize, max_data: usize) -> (Vec<u8>, [u64; 10]) {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut bytes = Vec::new();
    let mut kinds = [0u64; 10];
    for _ in 0..count {
        let kind = (next() % 10) as u8;
        let data: Vec<u8> = (0..next() as usize % (max_data + 1))
            .map(|_| next() as u8)
            .collect();
        kinds[usize::from(kind)] += 1;
        bytes.extend(packet(kind, &data));
    }
    (bytes, kinds)
}

/// Sends `bytes` through `address` in `write_size` pieces, half-closes, and
/// returns everything that comes back.
async fn exchange(address: SocketAddr, bytes: Vec<u8>, write_size: usize) -> Vec<u8> {
    let stream = TcpStream::connect(address).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let writer = tokio::spawn(async move {
        for piece in bytes.chunks(write_size) {
            if write.write_all(piece).await.is_err() {
                break;
            }
        }
        let _ = write.shutdown().await;
    });
    let mut back = Vec::new();
    let _ = read.read_to_end(&mut back).await;
    writer.await.unwrap();
    back
}

#[test]
fn a_hundred_connections_of_ten_thousand_frames_arrive_whole_and_in_order() {
    run(async {
        let upstream = echo_upstream().await;
        let hook = Arc::new(CountingHook::new(None, None));
        let (address, stats, served) = proxy(upstream, 100, hook.clone()).await;
        let clients: Vec<_> = (0..100u64)
            .map(|i| {
                tokio::spawn(async move {
                    let (bytes, kinds) = packets(i + 1, 10_000, 64);
                    let back = exchange(address, bytes.clone(), 4096).await;
                    assert_eq!(back.len(), bytes.len(), "connection {i} lost bytes");
                    assert!(back == bytes, "connection {i}: bytes differ");
                    kinds
                })
            })
            .collect();
        let mut kinds = [0u64; 10];
        for client in clients {
            for (total, k) in kinds.iter_mut().zip(client.await.unwrap()) {
                *total += k;
            }
        }
        served.await.unwrap();
        assert_eq!(hook.total(Direction::ToUpstream), 1_000_000);
        assert_eq!(hook.total(Direction::ToClient), 1_000_000);
        for (kind, expected) in kinds.iter().enumerate() {
            assert_eq!(hook.count(Direction::ToUpstream, kind as u8), *expected);
            assert_eq!(hook.count(Direction::ToClient, kind as u8), *expected);
        }
        assert_eq!(stats.closed_on_error.load(Ordering::Relaxed), 0);
        let peak = stats.peak_connection_buffers.load(Ordering::Relaxed) as usize;
        eprintln!(
            "load: peak frame buffers per connection {peak} bytes (bound {})",
            2 * (LIMITS.max_frame + LIMITS.chunk)
        );
        assert!(
            peak <= 2 * (LIMITS.max_frame + LIMITS.chunk),
            "{peak} bytes per connection"
        );
    });
}

#[test]
fn one_byte_writes_and_a_half_close_while_replies_flow() {
    run(async {
        let upstream = echo_upstream().await;
        let (address, stats, served) =
            proxy(upstream, 1, Arc::new(CountingHook::new(None, None))).await;
        let (bytes, _) = packets(7, 300, 40);
        // `exchange` half-closes after its last write and then reads the rest.
        let back = exchange(address, bytes.clone(), 1).await;
        assert!(back == bytes);
        served.await.unwrap();
        assert_eq!(stats.closed_on_error.load(Ordering::Relaxed), 0);
    });
}

#[test]
fn an_upstream_that_closes_mid_frame_closes_the_client_side() {
    run(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let whole = packet(1, b"whole");
            socket.write_all(&whole).await.unwrap();
            socket
                .write_all(&packet(2, b"cut short")[..5])
                .await
                .unwrap();
            // Dropping the socket closes it inside the second frame.
        });
        let (address, stats, served) =
            proxy(upstream, 1, Arc::new(CountingHook::new(None, None))).await;
        let back = exchange(address, Vec::new(), 1).await;
        assert_eq!(back, packet(1, b"whole"), "only whole frames are forwarded");
        served.await.unwrap();
        assert_eq!(stats.closed_on_error.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn an_oversize_frame_closes_its_connection_and_no_other() {
    run(async {
        let upstream = echo_upstream().await;
        let (address, stats, served) =
            proxy(upstream, 2, Arc::new(CountingHook::new(None, None))).await;
        let (good, _) = packets(3, 2000, 64);
        let healthy = tokio::spawn(exchange(address, good.clone(), 512));
        let mut bad = packet(1, b"fine");
        bad.extend(packet(2, &[0; 2000]));
        bad.extend(packet(3, b"never forwarded"));
        let back = exchange(address, bad, 64).await;
        assert_eq!(back, packet(1, b"fine"));
        assert!(healthy.await.unwrap() == good);
        served.await.unwrap();
        assert_eq!(stats.closed_on_error.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn a_slow_reader_is_held_back_without_the_proxy_buffering_more() {
    run(async {
        let upstream = echo_upstream().await;
        let (address, stats, served) =
            proxy(upstream, 1, Arc::new(CountingHook::new(None, None))).await;
        let (bytes, _) = packets(11, 20_000, 200);
        let stream = TcpStream::connect(address).await.unwrap();
        let (mut read, mut write) = stream.into_split();
        let sent = bytes.clone();
        let writer = tokio::spawn(async move {
            write.write_all(&sent).await.unwrap();
            write.shutdown().await.unwrap();
        });
        // Read nothing for a while: every buffer on the way fills up.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut back = Vec::new();
        read.read_to_end(&mut back).await.unwrap();
        writer.await.unwrap();
        assert!(back == bytes);
        served.await.unwrap();
        let peak = stats.peak_connection_buffers.load(Ordering::Relaxed) as usize;
        eprintln!(
            "slow reader: peak frame buffers {peak} bytes (bound {})",
            2 * (LIMITS.max_frame + LIMITS.chunk)
        );
        assert!(
            peak <= 2 * (LIMITS.max_frame + LIMITS.chunk),
            "{peak} bytes"
        );
    });
}

#[test]
fn the_hook_drops_and_closes_on_its_rules() {
    run(async {
        let upstream = echo_upstream().await;
        let hook = Arc::new(CountingHook::new(Some(7), Some(9)));
        let (address, _, served) = proxy(upstream, 1, hook.clone()).await;
        let mut bytes = packet(1, b"a");
        bytes.extend(packet(7, b"dropped"));
        bytes.extend(packet(2, b"b"));
        bytes.extend(packet(9, b"closes"));
        bytes.extend(packet(3, b"after the close"));
        let back = exchange(address, bytes, 64).await;
        let mut expected = packet(1, b"a");
        expected.extend(packet(2, b"b"));
        assert_eq!(back, expected);
        served.await.unwrap();
        assert_eq!(hook.count(Direction::ToUpstream, 7), 1);
        assert_eq!(hook.count(Direction::ToClient, 7), 0);
    });
}

#[test]
fn websocket_frames_pass_through_and_are_counted_by_opcode() {
    use zerowire_suite::websocket::{opcode, WsFrame, WsFraming};
    run(async {
        let upstream = echo_upstream().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let hook = Arc::new(CountingHook::new(None, None));
        let served = {
            let hook = hook.clone();
            tokio::spawn(async move {
                let limits = Limits {
                    max_frame: 80_000,
                    chunk: 4096,
                };
                let stats = Arc::new(ProxyStats::default());
                serve::<_, WsFrame<'static>, _>(
                    listener,
                    upstream,
                    WsFraming,
                    limits,
                    hook,
                    stats,
                    Some(1),
                )
                .await
                .unwrap();
            })
        };
        let mut bytes = Vec::new();
        for (i, size) in [0usize, 125, 126, 65_535, 70_000].into_iter().enumerate() {
            let payload = vec![i as u8; size];
            bytes.extend(WsFrame::build(
                true,
                opcode::BINARY,
                Some([1, 2, 3, 4]),
                &payload,
            ));
            bytes.extend(WsFrame::build(true, opcode::PING, None, b"ping"));
        }
        bytes.extend(WsFrame::build(
            true,
            opcode::CLOSE,
            Some([9, 9, 9, 9]),
            &1000u16.to_be_bytes(),
        ));
        let back = exchange(address, bytes.clone(), 3000).await;
        assert!(back == bytes);
        served.await.unwrap();
        for direction in [Direction::ToUpstream, Direction::ToClient] {
            assert_eq!(hook.count(direction, opcode::BINARY), 5);
            assert_eq!(hook.count(direction, opcode::PING), 5);
            assert_eq!(hook.count(direction, opcode::CLOSE), 1);
        }
    });
}
