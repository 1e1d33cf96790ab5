//! The frame reader under arbitrary chunking: the stream is cut into reads of
//! sizes the fuzzer picks, and the frames lent out must be exactly the frames
//! a plain walk over the whole input finds, ending the same way.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use zerowire::frame::{FrameError, FrameReader};
use zerowire::Codec;
use zerowire_suite::websocket::{WsFrame, WsFraming};

const MAX_FRAME: usize = 512;

/// Hands out `data` in reads of the sizes `cuts` gives, cycling through them.
struct Chunked<'d> {
    data: &'d [u8],
    cuts: &'d [u8],
    next: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let cut = match self.cuts {
            [] => self.data.len(),
            cuts => usize::from(cuts[self.next % cuts.len()]) + 1,
        };
        self.next += 1;
        let n = cut.min(buf.len()).min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        buf[..n].copy_from_slice(head);
        self.data = tail;
        Ok(n)
    }
}

/// The frames of a plain walk, and whether it ended cleanly.
fn walk(mut data: &[u8]) -> (Vec<&[u8]>, bool) {
    let mut frames = Vec::new();
    while !data.is_empty() {
        match WsFrame::decode_prefix(data) {
            Ok((_, rest)) if data.len() - rest.len() <= MAX_FRAME => {
                frames.push(&data[..data.len() - rest.len()]);
                data = rest;
            }
            _ => return (frames, false),
        }
    }
    (frames, true)
}

fuzz_target!(|input: &[u8]| {
    // The first byte says how many of the next bytes are read sizes.
    let Some((&n, rest)) = input.split_first() else {
        return;
    };
    let (cuts, data) = rest.split_at(usize::from(n % 16).min(rest.len()));
    let (expected, clean) = walk(data);

    let source = Chunked {
        data,
        cuts,
        next: 0,
    };
    let mut reader = FrameReader::<_, _, WsFrame<'static>>::new(source, WsFraming, MAX_FRAME, 64);
    let mut got = 0;
    loop {
        match reader.next() {
            Ok(Some(frame)) => {
                assert_eq!(Some(&frame.bytes), expected.get(got), "frame {got}");
                assert_eq!(frame.value.to_vec().unwrap(), frame.bytes);
                got += 1;
            }
            Ok(None) => {
                assert!(
                    clean && got == expected.len(),
                    "clean end after {got} frames"
                );
                break;
            }
            Err(FrameError::Io(e)) => panic!("{e}"),
            Err(_) => {
                assert!(!clean && got == expected.len(), "error after {got} frames");
                break;
            }
        }
    }
});
