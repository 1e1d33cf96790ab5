//! Text in encodings other than UTF-8 (Kaitai's `encoding`): decoded into an
//! owned `String`, since the bytes are not UTF-8 and cannot be borrowed as
//! `&str`, and encoded back.

use alloc::string::String;
use alloc::vec::Vec;

/// An encoding of text that is not UTF-8, for `String` fields with
/// `#[encoding("...")]`. Decoding is strict, as Kaitai's reference runtime:
/// bytes that are not valid text are an error, never replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextEncoding {
    /// UTF-16, little-endian code units (`UTF-16LE`).
    Utf16Le,
    /// UTF-16, big-endian code units (`UTF-16BE`).
    Utf16Be,
    /// ISO-8859-1: each byte is the code point of the same number (`ISO-8859-1`).
    Latin1,
    /// IBM PC code page 437 (`IBM437`, `CP437`).
    Ibm437,
    /// Shift JIS (`SJIS`, `Shift_JIS`), by `encoding_rs`; the `sjis` feature.
    #[cfg(feature = "sjis")]
    ShiftJis,
}

impl TextEncoding {
    /// The encoding Kaitai names `name` (case and `-`/`_` do not matter), if
    /// zerowire has it.
    pub fn by_name(name: &str) -> Option<TextEncoding> {
        let mut key = String::new();
        key.extend(
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_uppercase()),
        );
        match key.as_str() {
            "UTF16LE" => Some(TextEncoding::Utf16Le),
            "UTF16BE" => Some(TextEncoding::Utf16Be),
            "ISO88591" | "LATIN1" => Some(TextEncoding::Latin1),
            "IBM437" | "CP437" => Some(TextEncoding::Ibm437),
            #[cfg(feature = "sjis")]
            "SJIS" | "SHIFTJIS" => Some(TextEncoding::ShiftJis),
            _ => None,
        }
    }

    /// The name errors give.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Latin1 => "ISO-8859-1",
            TextEncoding::Ibm437 => "IBM437",
            #[cfg(feature = "sjis")]
            TextEncoding::ShiftJis => "Shift_JIS",
        }
    }

    /// The bytes of one code unit: a terminator of this text is that many
    /// bytes of the terminator byte, on a unit boundary.
    pub fn unit(self) -> usize {
        match self {
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
            _ => 1,
        }
    }

    /// `bytes` as text; `None` when they are not valid in this encoding.
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                let units = bytes.chunks(2).map(|u| match (self, u) {
                    (TextEncoding::Utf16Le, [lo, hi]) => Some(u16::from_le_bytes([*lo, *hi])),
                    (_, [hi, lo]) => Some(u16::from_be_bytes([*hi, *lo])),
                    _ => None,
                });
                let mut text = String::with_capacity(bytes.len() / 2);
                for c in char::decode_utf16(units.collect::<Option<Vec<u16>>>()?) {
                    text.push(c.ok()?);
                }
                Some(text)
            }
            TextEncoding::Latin1 => Some(bytes.iter().map(|&b| char::from(b)).collect()),
            TextEncoding::Ibm437 => Some(
                bytes
                    .iter()
                    .map(|&b| match b.checked_sub(0x80) {
                        Some(high) => IBM437_HIGH
                            .get(usize::from(high))
                            .copied()
                            .unwrap_or(char::REPLACEMENT_CHARACTER),
                        None => char::from(b),
                    })
                    .collect(),
            ),
            #[cfg(feature = "sjis")]
            TextEncoding::ShiftJis => encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned()),
        }
    }

    /// `text` in this encoding; `None` when it holds a character the encoding has not.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            TextEncoding::Utf16Le => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
            TextEncoding::Utf16Be => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
            TextEncoding::Latin1 => text.chars().map(|c| u8::try_from(c).ok()).collect(),
            TextEncoding::Ibm437 => text
                .chars()
                .map(|c| match u8::try_from(c) {
                    Ok(b) if b < 0x80 => Some(b),
                    _ => IBM437_HIGH
                        .iter()
                        .position(|&h| h == c)
                        .and_then(|i| u8::try_from(i).ok())
                        .map(|i| i | 0x80),
                })
                .collect(),
            #[cfg(feature = "sjis")]
            TextEncoding::ShiftJis => {
                let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
                (!unmappable).then(|| bytes.into_owned())
            }
        }
    }
}

/// Code page 437's characters for the bytes 0x80 to 0xFF (below, ASCII).
const IBM437_HIGH: [char; 128] = [
    '\u{c7}', '\u{fc}', '\u{e9}', '\u{e2}', '\u{e4}', '\u{e0}', '\u{e5}', '\u{e7}', '\u{ea}',
    '\u{eb}', '\u{e8}', '\u{ef}', '\u{ee}', '\u{ec}', '\u{c4}', '\u{c5}', '\u{c9}', '\u{e6}',
    '\u{c6}', '\u{f4}', '\u{f6}', '\u{f2}', '\u{fb}', '\u{f9}', '\u{ff}', '\u{d6}', '\u{dc}',
    '\u{a2}', '\u{a3}', '\u{a5}', '\u{20a7}', '\u{192}', '\u{e1}', '\u{ed}', '\u{f3}', '\u{fa}',
    '\u{f1}', '\u{d1}', '\u{aa}', '\u{ba}', '\u{bf}', '\u{2310}', '\u{ac}', '\u{bd}', '\u{bc}',
    '\u{a1}', '\u{ab}', '\u{bb}', '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}',
    '\u{2561}', '\u{2562}', '\u{2556}', '\u{2555}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255d}',
    '\u{255c}', '\u{255b}', '\u{2510}', '\u{2514}', '\u{2534}', '\u{252c}', '\u{251c}', '\u{2500}',
    '\u{253c}', '\u{255e}', '\u{255f}', '\u{255a}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}',
    '\u{2550}', '\u{256c}', '\u{2567}', '\u{2568}', '\u{2564}', '\u{2565}', '\u{2559}', '\u{2558}',
    '\u{2552}', '\u{2553}', '\u{256b}', '\u{256a}', '\u{2518}', '\u{250c}', '\u{2588}', '\u{2584}',
    '\u{258c}', '\u{2590}', '\u{2580}', '\u{3b1}', '\u{df}', '\u{393}', '\u{3c0}', '\u{3a3}',
    '\u{3c3}', '\u{b5}', '\u{3c4}', '\u{3a6}', '\u{398}', '\u{3a9}', '\u{3b4}', '\u{221e}',
    '\u{3c6}', '\u{3b5}', '\u{2229}', '\u{2261}', '\u{b1}', '\u{2265}', '\u{2264}', '\u{2320}',
    '\u{2321}', '\u{f7}', '\u{2248}', '\u{b0}', '\u{2219}', '\u{b7}', '\u{221a}', '\u{207f}',
    '\u{b2}', '\u{25a0}', '\u{a0}',
];
