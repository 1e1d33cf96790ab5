//! Five gallery formats read by zerowire-ksy's generated parsers and by the
//! Rust that Kaitai's official compiler generates (with its runtime crate),
//! on the same bytes; each `walk_*` parses and reads every field once and
//! returns a checksum of what it read, which both sides must agree on. STL
//! also has a hand-written zerowire port.
#![forbid(unsafe_code)]

/// What zerowire-ksy generated.
pub mod zw {
    #![allow(missing_docs, clippy::all)]
    pub mod stl {
        include!(concat!(env!("OUT_DIR"), "/stl.rs"));
    }
    pub mod ivf {
        include!(concat!(env!("OUT_DIR"), "/vp8_duck_ivf.rs"));
    }
    pub mod utmp {
        include!(concat!(env!("OUT_DIR"), "/glibc_utmp.rs"));
    }
    pub mod pak {
        include!(concat!(env!("OUT_DIR"), "/quake_pak.rs"));
    }
    pub mod mbr {
        include!(concat!(env!("OUT_DIR"), "/mbr_partition_table.rs"));
    }
}

/// What Kaitai's official compiler generated for its Rust runtime.
#[allow(
    unused_imports,
    non_snake_case,
    non_camel_case_types,
    irrefutable_let_patterns,
    unused_comparisons,
    unused_parens,
    dead_code,
    missing_docs,
    clippy::all
)]
pub mod kt {
    pub mod stl {
        include!(concat!(env!("OUT_DIR"), "/kaitai/stl.rs"));
    }
    pub mod ivf {
        include!(concat!(env!("OUT_DIR"), "/kaitai/vp8_duck_ivf.rs"));
    }
    pub mod utmp {
        include!(concat!(env!("OUT_DIR"), "/kaitai/glibc_utmp.rs"));
    }
    pub mod pak {
        include!(concat!(env!("OUT_DIR"), "/kaitai/quake_pak.rs"));
    }
    pub mod mbr {
        include!(concat!(env!("OUT_DIR"), "/kaitai/mbr_partition_table.rs"));
    }
}

/// The hand-written zerowire port of STL.
pub mod hand {
    use zerowire::{Decode, List};

    #[derive(Decode, Debug)]
    #[zerowire(endian = "little")]
    pub struct Stl<'a> {
        #[size(80)]
        pub header: &'a [u8],
        pub num_triangles: u32,
        #[count(num_triangles)]
        pub triangles: List<'a, Triangle<'a>>,
    }

    #[derive(Decode, Debug)]
    #[zerowire(endian = "little")]
    pub struct Triangle<'a> {
        pub normal: Vec3,
        #[count(3)]
        pub vertices: List<'a, Vec3>,
        pub abr: u16,
    }

    #[derive(Decode, Debug, Clone, Copy)]
    #[zerowire(endian = "little")]
    pub struct Vec3 {
        pub x: f32,
        pub y: f32,
        pub z: f32,
    }
}

/// Inputs of each format, of a given size.
pub mod inputs {
    /// A binary STL of `n` triangles.
    pub fn stl(n: u32) -> Vec<u8> {
        let mut v = b"binary STL for the zerowire benchmark".to_vec();
        v.resize(80, b' ');
        v.extend(n.to_le_bytes());
        for i in 0..n {
            for k in 0..12 {
                v.extend(((i * 12 + k) as f32 * 0.5).to_le_bytes());
            }
            v.extend((i as u16).to_le_bytes());
        }
        v
    }

    /// A VP8 IVF file of `frames` frames of `len` bytes each.
    pub fn ivf(frames: u32, len: u32) -> Vec<u8> {
        let mut v = b"DKIF".to_vec();
        v.extend(0u16.to_le_bytes());
        v.extend(32u16.to_le_bytes());
        v.extend(b"VP80");
        for x in [640u16, 480] {
            v.extend(x.to_le_bytes());
        }
        for x in [30u32, 1, frames, 0] {
            v.extend(x.to_le_bytes());
        }
        for i in 0..frames {
            v.extend(len.to_le_bytes());
            v.extend(u64::from(i * 1000).to_le_bytes());
            v.extend((0..len).map(|b| (b ^ i) as u8));
        }
        v
    }

    /// A glibc `wtmp` of `n` login records.
    pub fn utmp(n: u32) -> Vec<u8> {
        let mut v = Vec::new();
        for i in 0..n {
            let start = v.len();
            v.extend(7i32.to_le_bytes());
            v.extend((1000 + i as i32).to_le_bytes());
            let field = |v: &mut Vec<u8>, text: &str, len: usize| {
                let at = v.len();
                v.extend(text.as_bytes());
                v.resize(at + len, 0);
            };
            field(&mut v, &format!("pts/{i}"), 32);
            field(&mut v, "ts/0", 4);
            field(&mut v, "zerowire", 32);
            field(&mut v, &format!("192.0.2.{}", i % 250), 256);
            v.extend([0u8; 8]);
            v.extend((1_700_000_000 + i).to_le_bytes());
            v.extend(0i32.to_le_bytes());
            v.resize(start + 0x180, 0);
        }
        v
    }

    /// A Quake PAK of `n` files of 64 bytes.
    pub fn pak(n: u32) -> Vec<u8> {
        let mut data = Vec::new();
        let mut index = Vec::new();
        for i in 0..n {
            let mut name = format!("maps/e{}m{}.bsp", i / 8, i % 8).into_bytes();
            name.resize(56, 0);
            index.extend(name);
            index.extend((12 + data.len() as u32).to_le_bytes());
            index.extend(64u32.to_le_bytes());
            data.extend((0..64).map(|b| (b + i) as u8));
        }
        let mut v = b"PACK".to_vec();
        v.extend((12 + data.len() as u32).to_le_bytes());
        v.extend((index.len() as u32).to_le_bytes());
        v.extend(data);
        v.extend(index);
        v
    }

    /// A master boot record with three partitions.
    pub fn mbr() -> Vec<u8> {
        let mut v: Vec<u8> = (0..0x1be).map(|b| b as u8).collect();
        for (status, kind, lba, count) in [
            (0x80u8, 0x83u8, 2048u32, 204_800u32),
            (0, 0x82, 206_848, 8192),
            (0, 0xee, 1, 0xffff_ffff),
            (0, 0, 0, 0),
        ] {
            v.extend([status, 0, 2, 0, kind, 0xfe, 0xff, 0xff]);
            v.extend(lba.to_le_bytes());
            v.extend(count.to_le_bytes());
        }
        v.extend([0x55, 0xaa]);
        v
    }
}

/// Checksums of what each parser read, field by field.
pub mod walk {
    use std::ops::Deref;

    use kaitai::{BytesReader, KStruct};
    use zerowire::Codec;

    use crate::{hand, kt, zw};

    fn mix(acc: u64, x: u64) -> u64 {
        acc.rotate_left(5) ^ x
    }

    fn f(x: f32) -> u64 {
        u64::from(x.to_bits())
    }

    /// The STL walk over either zerowire struct (generated or hand-written).
    macro_rules! stl_walk {
        ($ty:ty, $input:expr) => {{
            let s = <$ty>::decode_prefix($input).map(|(v, _)| v).expect("STL");
            let mut acc = mix(s.header.len() as u64, u64::from(s.num_triangles));
            for t in &s.triangles {
                acc = mix(acc, f(t.normal.x) ^ f(t.normal.y) ^ f(t.normal.z));
                for v in &t.vertices {
                    acc = mix(acc, f(v.x) ^ f(v.y) ^ f(v.z));
                }
                acc = mix(acc, u64::from(t.abr));
            }
            acc
        }};
    }

    pub fn stl_zerowire(input: &[u8]) -> u64 {
        stl_walk!(zw::stl::Stl<'_>, input)
    }

    pub fn stl_hand(input: &[u8]) -> u64 {
        stl_walk!(hand::Stl<'_>, input)
    }

    pub fn stl_kaitai(input: &[u8]) -> u64 {
        let io = BytesReader::from(input);
        let s = kt::stl::Stl::read_into::<_, kt::stl::Stl>(&io, None, None).expect("STL");
        let mut acc = mix(s.header().len() as u64, u64::from(*s.num_triangles()));
        for t in s.triangles().iter() {
            let n = t.normal();
            acc = mix(acc, f(*n.x()) ^ f(*n.y()) ^ f(*n.z()));
            for v in t.vertices().iter() {
                acc = mix(acc, f(*v.x()) ^ f(*v.y()) ^ f(*v.z()));
            }
            acc = mix(acc, u64::from(*t.abr()));
        }
        acc
    }

    pub fn ivf_zerowire(input: &[u8]) -> u64 {
        let s = zw::ivf::Vp8DuckIvf::decode_prefix(input)
            .map(|(v, _)| v)
            .expect("IVF");
        let mut acc = mix(u64::from(s.width), u64::from(s.height));
        acc = mix(acc, u64::from(s.framerate) ^ u64::from(s.num_frames));
        for b in &s.image_data {
            let e = &b.entries;
            acc = mix(acc, u64::from(e.len_frame) ^ e.timestamp);
            acc = mix(
                acc,
                e.framedata.len() as u64 ^ u64::from(e.framedata.first().copied().unwrap_or(0)),
            );
        }
        acc
    }

    pub fn ivf_kaitai(input: &[u8]) -> u64 {
        let io = BytesReader::from(input);
        let s =
            kt::ivf::Vp8DuckIvf::read_into::<_, kt::ivf::Vp8DuckIvf>(&io, None, None).expect("IVF");
        let mut acc = mix(u64::from(*s.width()), u64::from(*s.height()));
        acc = mix(acc, u64::from(*s.framerate()) ^ u64::from(*s.num_frames()));
        for b in s.image_data().iter() {
            let e = b.entries();
            acc = mix(acc, u64::from(*e.len_frame()) ^ *e.timestamp());
            let data = e.framedata();
            acc = mix(
                acc,
                data.len() as u64 ^ u64::from(data.first().copied().unwrap_or(0)),
            );
        }
        acc
    }

    pub fn utmp_zerowire(input: &[u8]) -> u64 {
        let s = zw::utmp::GlibcUtmp::decode_prefix(input)
            .map(|(v, _)| v)
            .expect("utmp");
        let mut acc = 0;
        for r in &s.records {
            acc = mix(acc, i32::from(r.ut_type) as u64 ^ r.pid as u64);
            acc = mix(acc, (r.line.len() + r.user.len() + r.host.len()) as u64);
            acc = mix(acc, u64::from(r.tv.sec));
        }
        acc
    }

    pub fn utmp_kaitai(input: &[u8]) -> u64 {
        let io = BytesReader::from(input);
        let s = kt::utmp::GlibcUtmp::read_into::<_, kt::utmp::GlibcUtmp>(&io, None, None)
            .expect("utmp");
        let mut acc = 0;
        for r in s.records().iter() {
            acc = mix(
                acc,
                i64::from(r.ut_type().deref()) as i32 as u64 ^ *r.pid() as u64,
            );
            acc = mix(
                acc,
                (r.line().len() + r.user().len() + r.host().len()) as u64,
            );
            acc = mix(acc, u64::from(*r.tv().sec()));
        }
        acc
    }

    pub fn pak_zerowire(input: &[u8]) -> u64 {
        let s = zw::pak::QuakePak::decode_prefix(input)
            .map(|(v, _)| v)
            .expect("PAK");
        let index = s.index().expect("the index");
        let mut acc = 0;
        for e in &index.entries {
            acc = mix(
                acc,
                e.name.len() as u64 ^ u64::from(e.ofs) ^ u64::from(e.size),
            );
        }
        acc
    }

    pub fn pak_kaitai(input: &[u8]) -> u64 {
        let io = BytesReader::from(input);
        let s = kt::pak::QuakePak::read_into::<_, kt::pak::QuakePak>(&io, None, None).expect("PAK");
        let index = s.index().expect("the index");
        let mut acc = 0;
        for e in index.entries().iter() {
            acc = mix(
                acc,
                e.name().len() as u64 ^ u64::from(*e.ofs()) ^ u64::from(*e.size()),
            );
        }
        acc
    }

    pub fn mbr_zerowire(input: &[u8]) -> u64 {
        let s = zw::mbr::MbrPartitionTable::decode_prefix(input)
            .map(|(v, _)| v)
            .expect("MBR");
        let mut acc = s.bootstrap_code.len() as u64;
        for p in &s.partitions {
            acc = mix(acc, u64::from(p.status) ^ u64::from(p.partition_type) << 8);
            acc = mix(acc, u64::from(p.lba_start) ^ u64::from(p.num_sectors));
            acc = mix(acc, u64::from(p.chs_start.head) ^ u64::from(p.chs_end.head));
        }
        acc
    }

    pub fn mbr_kaitai(input: &[u8]) -> u64 {
        let io = BytesReader::from(input);
        let s =
            kt::mbr::MbrPartitionTable::read_into::<_, kt::mbr::MbrPartitionTable>(&io, None, None)
                .expect("MBR");
        let mut acc = s.bootstrap_code().len() as u64;
        for p in s.partitions().iter() {
            acc = mix(
                acc,
                u64::from(*p.status()) ^ u64::from(*p.partition_type()) << 8,
            );
            acc = mix(acc, u64::from(*p.lba_start()) ^ u64::from(*p.num_sectors()));
            acc = mix(
                acc,
                u64::from(*p.chs_start().head()) ^ u64::from(*p.chs_end().head()),
            );
        }
        acc
    }
}
