//! An inspecting proxy: each direction of a connection is a pump that reads
//! frames through the frame reader, shows each borrowed frame to a hook, and
//! forwards its exact wire bytes (no copy into a new buffer).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zerowire::frame::{AsyncFrameReader, FrameError, Framing};
use zerowire::Family;

/// Which way a frame travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    ToUpstream,
    ToClient,
}

/// What the hook decides for a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Forward,
    Drop,
    /// Close this connection, for this reason.
    Close(String),
}

/// Sees each frame, borrowed, before it is forwarded.
pub trait Inspect<F: Family>: Send + Sync + 'static {
    fn inspect(&self, direction: Direction, frame: &F::Of<'_>) -> Verdict;
}

/// How a pump ended.
#[derive(Debug)]
pub enum PumpEnd {
    /// The source closed cleanly; the half-close was passed on.
    Closed,
    /// The hook closed the connection.
    Rejected(String),
    /// The stream broke (a frame too large, cut, or undecodable; an I/O error).
    Failed(FrameError),
    /// Writing failed.
    WriteFailed(std::io::Error),
}

/// What a pump did.
#[derive(Debug)]
pub struct PumpReport {
    pub end: PumpEnd,
    pub frames: u64,
    pub bytes: u64,
    /// The most memory its frame buffer held.
    pub peak_buffer: usize,
}

/// Frame limits of a proxy.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_frame: usize,
    pub chunk: usize,
}

/// Forwards frames from `source` to `sink` until one of them ends.
pub async fn pump<R, W, P, F, H>(
    source: R,
    mut sink: W,
    framing: P,
    limits: Limits,
    direction: Direction,
    hook: &H,
) -> PumpReport
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
    P: Framing,
    F: Family,
    H: Inspect<F>,
{
    let mut reader =
        AsyncFrameReader::<R, P, F>::new(source, framing, limits.max_frame, limits.chunk);
    let (mut frames, mut bytes, mut peak) = (0u64, 0u64, 0usize);
    let end = 'pump: loop {
        peak = peak.max(reader.buffer_capacity());
        let mut next = match reader.next_frame_range().await {
            Ok(Some(range)) => Some(range),
            Ok(None) => break PumpEnd::Closed,
            Err(e) => break PumpEnd::Failed(e),
        };
        // Every frame already whole in the buffer is inspected now; forwarded
        // frames lie side by side in the buffer, so a run of them goes out in
        // one write, straight from the reader's buffer (no copy).
        let mut run: Option<std::ops::Range<usize>> = None;
        let mut stop = None;
        while let Some(range) = next.take() {
            let verdict = match reader.decode(range.clone()) {
                Ok(frame) => hook.inspect(direction, &frame),
                Err(e) => {
                    stop = Some(PumpEnd::Failed(e));
                    break;
                }
            };
            match verdict {
                Verdict::Forward => {
                    frames += 1;
                    run = Some(run.map_or(range.clone(), |r| r.start..range.end));
                }
                Verdict::Drop => {
                    if let Some(r) = run.take() {
                        if let Err(e) = sink.write_all(reader.frame_bytes(r.clone())).await {
                            break 'pump PumpEnd::WriteFailed(e);
                        }
                        bytes += r.len() as u64;
                    }
                }
                Verdict::Close(reason) => {
                    stop = Some(PumpEnd::Rejected(reason));
                    break;
                }
            }
            match reader.buffered_frame_range() {
                Ok(ready) => next = ready,
                Err(e) => stop = Some(PumpEnd::Failed(e)),
            }
        }
        if let Some(r) = run {
            if let Err(e) = sink.write_all(reader.frame_bytes(r.clone())).await {
                break PumpEnd::WriteFailed(e);
            }
            bytes += r.len() as u64;
        }
        if let Some(stop) = stop {
            break stop;
        }
    };
    // Pass the end on: a clean close becomes a half-close of the other side.
    let _ = sink.shutdown().await;
    PumpReport {
        end,
        frames,
        bytes,
        peak_buffer: peak.max(reader.buffer_capacity()),
    }
}

/// What a proxy has done, across connections.
#[derive(Default, Debug)]
pub struct ProxyStats {
    pub connections: AtomicU64,
    pub closed_on_error: AtomicU64,
    /// The most memory any one connection's two buffers held.
    pub peak_connection_buffers: AtomicU64,
}

/// Proxies one client connection to `upstream`; both directions run at once.
pub async fn proxy_connection<P, F, H>(
    client: TcpStream,
    upstream: TcpStream,
    framing: P,
    limits: Limits,
    hook: Arc<H>,
    stats: Arc<ProxyStats>,
) -> (PumpReport, PumpReport)
where
    P: Framing + Clone + Send + 'static,
    F: Family,
    H: Inspect<F>,
{
    let (client_read, client_write) = client.into_split();
    let (upstream_read, upstream_write) = upstream.into_split();
    let up = pump::<_, _, P, F, H>(
        client_read,
        upstream_write,
        framing.clone(),
        limits,
        Direction::ToUpstream,
        &*hook,
    );
    let down = pump::<_, _, P, F, H>(
        upstream_read,
        client_write,
        framing,
        limits,
        Direction::ToClient,
        &*hook,
    );
    let (up, down) = tokio::join!(up, down);
    let failed = |r: &PumpReport| !matches!(r.end, PumpEnd::Closed);
    if failed(&up) || failed(&down) {
        stats.closed_on_error.fetch_add(1, Ordering::Relaxed);
        for report in [&up, &down] {
            if let PumpEnd::Failed(e) = &report.end {
                eprintln!("proxy: closing a connection: {e}");
            }
            if let PumpEnd::Rejected(reason) = &report.end {
                eprintln!("proxy: closing a connection: {reason}");
            }
        }
    }
    stats.peak_connection_buffers.fetch_max(
        (up.peak_buffer + down.peak_buffer) as u64,
        Ordering::Relaxed,
    );
    (up, down)
}

/// Accepts clients on `listener` and proxies each to `upstream`, until `limit`
/// connections have been served (`None`: forever).
pub async fn serve<P, F, H>(
    listener: TcpListener,
    upstream: std::net::SocketAddr,
    framing: P,
    limits: Limits,
    hook: Arc<H>,
    stats: Arc<ProxyStats>,
    limit: Option<u64>,
) -> std::io::Result<()>
where
    P: Framing + Clone + Send + Sync + 'static,
    F: Family,
    H: Inspect<F>,
{
    let mut tasks = Vec::new();
    let mut served = 0;
    while limit.is_none_or(|l| served < l) {
        let (client, _) = listener.accept().await?;
        served += 1;
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let (framing, hook, stats) = (framing.clone(), hook.clone(), stats.clone());
        tasks.push(tokio::spawn(async move {
            match TcpStream::connect(upstream).await {
                Ok(server) => {
                    proxy_connection::<P, F, H>(client, server, framing, limits, hook, stats).await;
                }
                Err(e) => eprintln!("proxy: upstream unreachable: {e}"),
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

/// The length-prefixed protocol the proxy forwards: a u16 length, then a body
/// whose first byte is its kind.
#[derive(zerowire::Decode, Debug, PartialEq)]
pub struct Packet<'a> {
    pub len: u16,
    #[size(len)]
    pub body: PacketBody<'a>,
}

#[derive(zerowire::Decode, Debug, PartialEq)]
pub struct PacketBody<'a> {
    pub kind: u8,
    #[eos]
    pub data: &'a [u8],
}

/// The bytes of a packet of `kind` carrying `data`.
pub fn packet(kind: u8, data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len() + 1).expect("a packet fits");
    let mut out = len.to_be_bytes().to_vec();
    out.push(kind);
    out.extend(data);
    out
}

/// A hook that counts frames by kind and direction, and drops or closes on a kind.
pub struct CountingHook {
    counts: [[AtomicU64; 256]; 2],
    pub drop_kind: Option<u8>,
    pub close_kind: Option<u8>,
}

impl CountingHook {
    pub fn new(drop_kind: Option<u8>, close_kind: Option<u8>) -> Self {
        CountingHook {
            counts: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            drop_kind,
            close_kind,
        }
    }

    /// How many frames of `kind` went `direction`.
    pub fn count(&self, direction: Direction, kind: u8) -> u64 {
        self.counts[direction as usize][usize::from(kind)].load(Ordering::Relaxed)
    }

    /// How many frames went `direction`, of any kind.
    pub fn total(&self, direction: Direction) -> u64 {
        self.counts[direction as usize]
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }

    fn verdict(&self, direction: Direction, kind: u8) -> Verdict {
        self.counts[direction as usize][usize::from(kind)].fetch_add(1, Ordering::Relaxed);
        if self.close_kind == Some(kind) {
            Verdict::Close(format!("a frame of kind {kind} closes the connection"))
        } else if self.drop_kind == Some(kind) {
            Verdict::Drop
        } else {
            Verdict::Forward
        }
    }
}

impl Inspect<Packet<'static>> for CountingHook {
    fn inspect(&self, direction: Direction, frame: &Packet<'_>) -> Verdict {
        self.verdict(direction, frame.body.kind)
    }
}

impl Inspect<crate::websocket::WsFrame<'static>> for CountingHook {
    fn inspect(&self, direction: Direction, frame: &crate::websocket::WsFrame<'_>) -> Verdict {
        self.verdict(direction, frame.opcode)
    }
}
