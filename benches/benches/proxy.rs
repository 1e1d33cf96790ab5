//! Proxy throughput on loopback: zerowire's inspecting proxy (frames decoded,
//! counted and forwarded) against `tokio::io::copy_bidirectional` (bytes
//! copied, nothing inspected), in front of the same echo upstream.
//!
//! Run with `cargo bench -p zerowire-benches --bench proxy`.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zerowire::frame::LengthPrefixed;
use zerowire_suite::proxy::{packet, serve, CountingHook, Limits, Packet, ProxyStats};

async fn echo_upstream() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (mut read, mut write) = socket.into_split();
                let _ = tokio::io::copy(&mut read, &mut write).await;
                let _ = write.shutdown().await;
            });
        }
    });
    address
}

async fn zerowire_proxy(upstream: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let limits = Limits {
        max_frame: 1 << 16,
        chunk: 16 * 1024,
    };
    let hook = Arc::new(CountingHook::new(None, None));
    tokio::spawn(async move {
        let framing = LengthPrefixed::<u16>::new();
        let stats = Arc::new(ProxyStats::default());
        let _ =
            serve::<_, Packet<'static>, _>(listener, upstream, framing, limits, hook, stats, None)
                .await;
    });
    address
}

async fn copying_proxy(upstream: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            tokio::spawn(async move {
                if let Ok(mut server) = TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    address
}

/// Sends `bytes` through `address`, half-closes and reads everything back.
async fn exchange(address: SocketAddr, bytes: Arc<Vec<u8>>) -> usize {
    let stream = TcpStream::connect(address).await.expect("connect");
    let (mut read, mut write) = stream.into_split();
    let writer = tokio::spawn(async move {
        write.write_all(&bytes).await.expect("write");
        write.shutdown().await.expect("shutdown");
    });
    let mut back = Vec::with_capacity(1 << 20);
    read.read_to_end(&mut back).await.expect("read");
    writer.await.expect("writer");
    back.len()
}

fn proxy_throughput(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (ours, copying) = runtime.block_on(async {
        let upstream = echo_upstream().await;
        (
            zerowire_proxy(upstream).await,
            copying_proxy(upstream).await,
        )
    });
    for frame_size in [64usize, 1024, 16 * 1024] {
        let frames = (1 << 20) / frame_size;
        let mut bytes = Vec::new();
        for i in 0..frames {
            bytes.extend(packet(i as u8, &vec![i as u8; frame_size - 3]));
        }
        let bytes = Arc::new(bytes);
        let mut group = c.benchmark_group(format!("proxy_1MiB_of_{frame_size}B_frames"));
        group.throughput(Throughput::Bytes(bytes.len() as u64 * 2));
        group.sample_size(20);
        for (name, address) in [
            ("zerowire_inspecting", ours),
            ("copy_bidirectional", copying),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| black_box(runtime.block_on(exchange(address, bytes.clone()))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, proxy_throughput);
criterion_main!(benches);
