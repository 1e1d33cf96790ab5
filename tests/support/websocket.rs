//! RFC 6455 WebSocket frames, derived with zerowire, and their framing.

use zerowire::frame::{FrameError, Framing};
use zerowire::{Decode, Error, ErrorKind};

/// Opcodes of RFC 6455 §5.2.
pub mod opcode {
    pub const CONTINUATION: u8 = 0x0;
    pub const TEXT: u8 = 0x1;
    pub const BINARY: u8 = 0x2;
    pub const CLOSE: u8 = 0x8;
    pub const PING: u8 = 0x9;
    pub const PONG: u8 = 0xA;
}

/// One frame: FIN and opcode, the 7/16/64-bit payload length, the masking key,
/// and the payload, borrowed as it is on the wire (masked or not).
#[derive(Decode, Debug, PartialEq)]
pub struct WsFrame<'a> {
    #[bits(1)]
    pub fin: bool,
    #[bits(3)]
    pub rsv: u8,
    #[bits(4)]
    pub opcode: u8,
    #[bits(1)]
    pub masked: bool,
    #[bits(7)]
    pub len7: u8,
    #[when(len7 == 126)]
    pub len16: Option<u16>,
    #[when(len7 == 127)]
    pub len64: Option<u64>,
    #[when(masked)]
    pub mask: Option<[u8; 4]>,
    #[size(payload_len(len7, len16, len64))]
    pub payload: &'a [u8],
}

/// The payload length the three length fields give.
#[inline]
pub fn payload_len(len7: u8, len16: Option<u16>, len64: Option<u64>) -> u64 {
    match (len16, len64) {
        (Some(n), _) => u64::from(n),
        (None, Some(n)) => n,
        (None, None) => u64::from(len7),
    }
}

impl WsFrame<'_> {
    /// The payload unmasked into `out`, which must be as long as the payload;
    /// the frame itself stays as it was received.
    pub fn unmask_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        let available = out.len();
        let out = out.get_mut(..self.payload.len()).ok_or(Error::new(
            ErrorKind::Needed {
                needed: self.payload.len(),
                available,
            },
            0,
        ))?;
        match self.mask {
            Some(key) => {
                for (i, (o, p)) in out.iter_mut().zip(self.payload).enumerate() {
                    *o = p ^ key[i % 4];
                }
            }
            None => out.copy_from_slice(self.payload),
        }
        Ok(out)
    }

    /// A frame with the shortest length encoding, masked with `mask` if given
    /// (test and example setup: this allocates).
    pub fn build(fin: bool, opcode: u8, mask: Option<[u8; 4]>, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![(u8::from(fin) << 7) | opcode];
        let masked = u8::from(mask.is_some()) << 7;
        match payload.len() {
            n if n < 126 => out.push(masked | n as u8),
            n if n <= usize::from(u16::MAX) => {
                out.push(masked | 126);
                out.extend((n as u16).to_be_bytes());
            }
            n => {
                out.push(masked | 127);
                out.extend((n as u64).to_be_bytes());
            }
        }
        match mask {
            Some(key) => {
                out.extend(key);
                out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
            }
            None => out.extend(payload),
        }
        out
    }
}

/// Where a WebSocket frame ends, from its header alone: the frame's cost does
/// not grow with its payload while it arrives.
#[derive(Clone, Copy, Default)]
pub struct WsFraming;

impl Framing for WsFraming {
    fn frame_len(&self, buffered: &[u8], max: usize) -> Result<Option<usize>, FrameError> {
        let [_, second, ..] = buffered else {
            return Ok(None);
        };
        let mask = if second & 0x80 != 0 { 4 } else { 0 };
        let (extended, len) = match second & 0x7F {
            126 => match buffered.get(2..4) {
                Some(b) => (2, u64::from(u16::from_be_bytes([b[0], b[1]]))),
                None => return Ok(None),
            },
            127 => match buffered.get(2..10) {
                Some(b) => (8, u64::from_be_bytes(b.try_into().unwrap_or_default())),
                None => return Ok(None),
            },
            n => (0, u64::from(n)),
        };
        let total = len.saturating_add(2 + extended + mask);
        match usize::try_from(total) {
            Ok(total) if total <= max => Ok((buffered.len() >= total).then_some(total)),
            _ => Err(FrameError::TooLarge {
                declared: total,
                max,
            }),
        }
    }
}
