//! An inspecting TCP proxy: `cargo run --example proxy -- --listen 127.0.0.1:7000
//! --upstream 127.0.0.1:7001 [--protocol length|websocket] [--max-frame N]
//! [--drop-kind K] [--close-kind K]`.
//!
//! Each connection's two directions are pumps that read frames through the
//! frame reader, count them by kind (a packet's first byte, a WebSocket
//! opcode), drop or close on a rule, and forward each frame's exact bytes.

use std::net::SocketAddr;
use std::sync::Arc;

use zerowire::frame::LengthPrefixed;
use zerowire_suite::proxy::{serve, CountingHook, Direction, Limits, Packet, ProxyStats};
use zerowire_suite::websocket::{WsFrame, WsFraming};

struct Options {
    listen: SocketAddr,
    upstream: SocketAddr,
    websocket: bool,
    limits: Limits,
    drop_kind: Option<u8>,
    close_kind: Option<u8>,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut listen, mut upstream, mut websocket) = (None, None, false);
    let mut limits = Limits {
        max_frame: 1 << 16,
        chunk: 8192,
    };
    let (mut drop_kind, mut close_kind) = (None, None);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => listen = Some(value()?.parse().map_err(|e| format!("--listen: {e}"))?),
            "--upstream" => {
                upstream = Some(value()?.parse().map_err(|e| format!("--upstream: {e}"))?)
            }
            "--protocol" => websocket = value()? == "websocket",
            "--max-frame" => {
                limits.max_frame = value()?.parse().map_err(|e| format!("--max-frame: {e}"))?
            }
            "--drop-kind" => {
                drop_kind = Some(value()?.parse().map_err(|e| format!("--drop-kind: {e}"))?)
            }
            "--close-kind" => {
                close_kind = Some(value()?.parse().map_err(|e| format!("--close-kind: {e}"))?)
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Options {
        listen: listen.ok_or("--listen ADDR is required")?,
        upstream: upstream.ok_or("--upstream ADDR is required")?,
        websocket,
        limits,
        drop_kind,
        close_kind,
    })
}

fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}\nusage: proxy --listen ADDR --upstream ADDR [--protocol length|websocket] [--max-frame N] [--drop-kind K] [--close-kind K]");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.listen).await?;
        println!("proxying {} -> {}", options.listen, options.upstream);
        let hook = Arc::new(CountingHook::new(options.drop_kind, options.close_kind));
        let stats = Arc::new(ProxyStats::default());
        let report = {
            let (hook, stats) = (hook.clone(), stats.clone());
            move || {
                println!(
                    "frames to upstream: {}, to clients: {}, connections: {}",
                    hook.total(Direction::ToUpstream),
                    hook.total(Direction::ToClient),
                    stats.connections.load(std::sync::atomic::Ordering::Relaxed)
                )
            }
        };
        let served = if options.websocket {
            serve::<_, WsFrame<'static>, _>(
                listener,
                options.upstream,
                WsFraming,
                options.limits,
                hook,
                stats,
                None,
            )
            .await
        } else {
            let framing = LengthPrefixed::<u16>::new();
            serve::<_, Packet<'static>, _>(
                listener,
                options.upstream,
                framing,
                options.limits,
                hook,
                stats,
                None,
            )
            .await
        };
        report();
        served
    });
    if let Err(e) = result {
        eprintln!("proxy: {e}");
        std::process::exit(1);
    }
}
