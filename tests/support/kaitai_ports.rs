//! Hand-written zerowire ports of three formats of Kaitai's test suite
//! (`nav_parent`, `repeat_eos_struct`, `switch_manual_int_size`): the
//! conformance tests (`tests/kaitai.rs`) check them on the suite's files, and
//! the benchmarks (`benches/`) time them against what zerowire-ksy generates
//! from the same schemas.

use zerowire::{Decode, List};

/// `nav_parent.ksy`: entries whose name length is the root header's.
#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
pub struct NavParent<'a> {
    pub header: Header,
    pub index: Index<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
pub struct Header {
    pub qty_entries: u32,
    pub filename_len: u32,
}

#[derive(Decode, Debug)]
#[zerowire(parent = NavParent<'a>)]
pub struct Index<'a> {
    pub magic: [u8; 4],
    /// Read lazily: iterate with `entries.iter_in(&index, &root)`.
    #[count(parent.header.qty_entries)]
    pub entries: List<'a, Entry<'a>>,
}

/// Kaitai's `_parent._parent.header` is the root here.
#[derive(Decode, Debug)]
#[zerowire(parent = Index<'a>)]
pub struct Entry<'a> {
    #[size(root.header.filename_len)]
    pub filename: &'a str,
}

/// `repeat_eos_struct.ksy`: fixed-size chunks to the end of the input.
#[derive(Decode, Debug)]
pub struct RepeatEosStruct<'a> {
    #[eos]
    pub chunks: List<'a, Chunk>,
}

#[derive(Decode, Debug, Clone, Copy)]
#[zerowire(endian = "little")]
pub struct Chunk {
    pub offset: u32,
    pub len: u32,
}

/// `switch_manual_int_size.ksy`: chunks whose body's type is chosen by a code.
#[derive(Decode, Debug)]
pub struct SwitchManualIntSize<'a> {
    #[eos]
    pub chunks: List<'a, SizedChunk<'a>>,
}

#[derive(Decode, Debug)]
#[zerowire(endian = "little")]
pub struct SizedChunk<'a> {
    pub code: u8,
    pub size: u32,
    #[size(size)]
    #[tag_from(code)]
    pub body: ChunkBody<'a>,
}

#[derive(Decode, Debug)]
#[zerowire(tag_type = u8)]
pub enum ChunkBody<'a> {
    #[tag(0x11)]
    ChunkMeta(ChunkMeta<'a>),
    #[tag(0x22)]
    ChunkDir(ChunkDir<'a>),
    #[tag(_)]
    Bytes(&'a [u8]),
}

#[derive(Decode, Debug)]
pub struct ChunkMeta<'a> {
    #[terminator(0)]
    pub title: &'a str,
    #[terminator(0)]
    pub author: &'a str,
}

#[derive(Decode, Debug)]
pub struct ChunkDir<'a> {
    #[eos]
    pub entries: List<'a, DirEntry<'a>>,
}

#[derive(Decode, Debug)]
pub struct DirEntry<'a> {
    #[size(4)]
    pub name: &'a str,
}
