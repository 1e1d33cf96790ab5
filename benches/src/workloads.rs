//! Inputs generated in code from a fixed seed.

use zerowire_suite::websocket::WsFrame;

/// A small deterministic generator (xorshift), so every run sees the same bytes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// W1: the Kaitai toy schema with `slice_size` bytes in each slice.
pub fn toy(slice_size: u8) -> Vec<u8> {
    let mut rng = Rng::new(1);
    let mut bytes = vec![slice_size];
    bytes.extend((0..2 * usize::from(slice_size)).map(|_| rng.next_u64() as u8));
    bytes
}

/// W2: 64 KiB of back-to-back records (type u8, version u16, length u16, 20..1400 bytes).
pub fn records() -> Vec<u8> {
    let mut rng = Rng::new(2);
    let mut bytes = Vec::with_capacity(64 * 1024);
    loop {
        let len = 20 + rng.below(1381) as usize;
        if bytes.len() + 5 + len > 64 * 1024 {
            return bytes;
        }
        bytes.push(20 + rng.below(4) as u8);
        bytes.extend(0x0303u16.to_be_bytes());
        bytes.extend((len as u16).to_be_bytes());
        bytes.extend((0..len).map(|_| rng.next_u64() as u8));
    }
}

/// W3: a ClientHello-like handshake: u24 length, 32-byte random, u8-prefixed
/// session id, u16-prefixed cipher suites, u16-prefixed extensions with
/// u16-prefixed bodies.
pub fn handshake() -> Vec<u8> {
    let mut rng = Rng::new(3);
    let mut body = vec![3, 3];
    body.extend((0..32).map(|_| rng.next_u64() as u8));
    body.push(32);
    body.extend((0..32).map(|_| rng.next_u64() as u8));
    let suites: Vec<u16> = (0..30).map(|_| rng.next_u64() as u16).collect();
    body.extend(((suites.len() * 2) as u16).to_be_bytes());
    suites.iter().for_each(|s| body.extend(s.to_be_bytes()));
    let mut extensions = Vec::new();
    for _ in 0..20 {
        let len = rng.below(64) as usize;
        extensions.extend((rng.next_u64() as u16).to_be_bytes());
        extensions.extend((len as u16).to_be_bytes());
        extensions.extend((0..len).map(|_| rng.next_u64() as u8));
    }
    body.extend((extensions.len() as u16).to_be_bytes());
    body.extend(extensions);
    let mut bytes = vec![1];
    bytes.extend(&(body.len() as u32).to_be_bytes()[1..]);
    bytes.extend(body);
    bytes
}

/// W4: 1000 WebSocket frames (RFC 6455) with `payload`-byte payloads, every
/// other one masked.
pub fn websocket(payload: usize) -> Vec<u8> {
    let mut rng = Rng::new(4);
    let mut bytes = Vec::new();
    for i in 0..1000 {
        let mask = (i % 2 == 0).then(|| (rng.next_u64() as u32).to_be_bytes());
        let data: Vec<u8> = (0..payload).map(|_| rng.next_u64() as u8).collect();
        bytes.extend(WsFrame::build(true, 0x2, mask, &data));
    }
    bytes
}
