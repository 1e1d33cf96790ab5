"""Sample files of Kaitai gallery formats, made with the tools on the machine
(Python's standard library; `javac` and `qemu-img` where they are there), for
the differential harness (ksy/tests/kaitai_oracle.rs). Several per format,
edge cases among them (an empty payload, a name and a comment, extensions).

Usage: python3 samples.py OUT_DIR  (writes OUT_DIR/<schema>/<name> and
OUT_DIR/samples.tsv: a line `archive/gzip<TAB>OUT_DIR/archive/gzip/plain.gz` each)
"""
import glob
import gzip
import io
import os
import pickle
import shutil
import ssl
import struct
import subprocess
import sys
import tempfile
import warnings

made = []


def write(out, schema, name, data):
    folder = os.path.join(out, schema)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    made.append({"schema": schema, "file": path})


def gzips(out):
    text = b"zerowire reads this without copying it\n" * 20
    write(out, "archive/gzip", "plain.gz", gzip.compress(text, mtime=0))
    write(out, "archive/gzip", "empty.gz", gzip.compress(b"", mtime=1700000000))
    # A name and a comment (FNAME, FCOMMENT), written by hand around the same deflate stream.
    body = gzip.compress(text, mtime=0)[10:]
    header = b"\x1f\x8b\x08" + bytes([0x08 | 0x10]) + struct.pack("<I", 1234567) + b"\x02\x03"
    write(out, "archive/gzip", "named.gz", header + b"notes.txt\x00" + "a comment, naïve".encode("latin-1") + b"\x00" + body)


def au(out):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sunau
    for name, width, rate, frames in [("mono8.au", 1, 8000, 64), ("stereo16.au", 2, 44100, 32)]:
        buf = io.BytesIO()
        w = sunau.open(buf, "wb")
        w.setnchannels(1 if width == 1 else 2)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes((i * 7) & 0xFF for i in range(frames * width * (1 if width == 1 else 2))))
        w.close()
        write(out, "media/au", name, buf.getvalue())


def pickles(out):
    value = {"name": "zerowire", "sizes": [1, 2, 3, 2**40, -7], "ok": True, "none": None, "pi": 3.25, b"raw": (1, "two")}
    for protocol in (2, 3, 4, 5):
        write(out, "serialization/python_pickle", f"protocol{protocol}.pickle", pickle.dumps(value, protocol=protocol))
    write(out, "serialization/python_pickle", "empty_list.pickle", pickle.dumps([], protocol=2))


def websocket(out):
    def frame(opcode, payload, mask=None, fin=True):
        head = bytes([(0x80 if fin else 0) | opcode])
        n = len(payload)
        bit = 0x80 if mask else 0
        if n < 126:
            head += bytes([bit | n])
        elif n < 65536:
            head += bytes([bit | 126]) + struct.pack(">H", n)
        else:
            head += bytes([bit | 127]) + struct.pack(">Q", n)
        if mask:
            head += mask
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return head + payload

    write(out, "network/websocket", "text.bin", frame(1, b"hello, zero-copy"))
    write(out, "network/websocket", "masked.bin", frame(1, b"masked text", mask=b"\x12\x34\x56\x78"))
    write(out, "network/websocket", "binary_300.bin", frame(2, bytes(range(256)) + bytes(44)))
    write(out, "network/websocket", "fragmented.bin", frame(1, b"frag", fin=False) + frame(0, b"ment"))


def der(out):
    certs = sorted(glob.glob("/etc/ssl/certs/*.pem"))[:3]
    for i, path in enumerate(certs):
        with open(path) as f:
            write(out, "serialization/asn1/asn1_der", f"cert{i}.der", ssl.PEM_cert_to_DER_cert(f.read()))


def client_hello(out):
    for name, host in [("sni.bin", "example.com"), ("no_sni.bin", None)]:
        ctx = ssl.create_default_context()
        if host is None:
            ctx.check_hostname = False
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        conn = ctx.wrap_bio(incoming, outgoing, server_hostname=host)
        try:
            conn.do_handshake()
        except ssl.SSLWantReadError:
            pass
        record = outgoing.read()
        # The record header (5 bytes) and the handshake header (4) come before the ClientHello.
        length = struct.unpack(">I", b"\x00" + record[6:9])[0]
        write(out, "network/tls_client_hello", name, record[9 : 9 + length])


def midi(out):
    def track(events):
        return b"MTrk" + struct.pack(">I", len(events)) + events

    notes = b"".join(b"\x00\x90" + bytes([60 + i, 100]) + b"\x60\x80" + bytes([60 + i, 0]) for i in range(4))
    tempo = b"\x00\xff\x51\x03\x07\xa1\x20"
    end = b"\x00\xff\x2f\x00"
    write(out, "media/standard_midi_file", "one_track.mid", b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96) + track(tempo + notes + end))
    write(out, "media/standard_midi_file", "two_tracks.mid", b"MThd" + struct.pack(">IHHH", 6, 1, 2, 480) + track(tempo + end) + track(notes + end))


def stl(out):
    tris = [((0, 0, 1), [(0, 0, 0), (1, 0, 0), (0, 1, 0)]), ((0, 0, -1), [(0, 0, 0), (0, 1, 0), (1, 0.5, 0)])]
    body = b"".join(struct.pack("<3f", *n) + b"".join(struct.pack("<3f", *v) for v in vs) + b"\x00\x00" for n, vs in tris)
    write(out, "media/stl", "two.stl", b"binary stl by zerowire".ljust(80, b" ") + struct.pack("<I", len(tris)) + body)
    write(out, "media/stl", "empty.stl", bytes(80) + struct.pack("<I", 0))


def java_class(out):
    if shutil.which("javac") is None:
        return
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "Hello.java")
        with open(src, "w") as f:
            f.write('public class Hello { static final long BIG = 1L << 40; double d = 2.5; '
                    'public static void main(String[] a) { System.out.println("zerowire " + BIG); } }\n')
        subprocess.run(["javac", "-d", d, src], check=True, capture_output=True)
        with open(os.path.join(d, "Hello.class"), "rb") as f:
            write(out, "executable/java_class", "Hello.class", f.read())


def vmdk(out):
    if shutil.which("qemu-img") is None:
        return
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "disk.vmdk")
        subprocess.run(["qemu-img", "create", "-q", "-f", "vmdk", path, "64M"], check=True, capture_output=True)
        with open(path, "rb") as f:
            write(out, "filesystem/vmware_vmdk", "sparse_64m.vmdk", f.read())


def cpio(out):
    def entry(name, data, mode=0o100644, mtime=1700000000):
        name = name.encode() + b"\x00"
        head = struct.pack("<13H", 0o070707, 1, 42, mode, 1000, 1000, 1, 0, mtime >> 16, mtime & 0xFFFF,
                           len(name), len(data) >> 16, len(data) & 0xFFFF)
        pad = lambda b: b + (b"\x00" if len(b) % 2 else b"")
        return head + pad(name) + pad(data)

    files = entry("hello.txt", b"hello, cpio\n") + entry("odd", b"abc") + entry("dir", b"", mode=0o040755)
    write(out, "archive/cpio_old_le", "three.cpio", files + entry("TRAILER!!!", b"", mode=0) + bytes(32))


def ico(out):
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0) + b"\x00" * 4)
    bmp = struct.pack("<IiiHHIIiiII", 40, 8, 16, 1, 32, 0, 8 * 8 * 4, 0, 0, 0, 0) + bytes(8 * 8 * 4 + 32)
    images = [(16, 16, png), (8, 8, bmp)]
    offset = 6 + 16 * len(images)
    head, body = b"\x00\x00\x01\x00" + struct.pack("<H", len(images)), b""
    for w, h, data in images:
        head += struct.pack("<BBBBHHII", w, h, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    write(out, "image/ico", "png_and_bmp.ico", head + body)


def mbr(out):
    def part(status, kind, lba, count):
        return struct.pack("<B3sB3sII", status, b"\x00\x02\x00", kind, b"\xfe\xff\xff", lba, count)

    parts = part(0x80, 0x83, 2048, 204800) + part(0, 0x82, 206848, 8192) + part(0, 0xEE, 1, 0xFFFFFFFF) + bytes(16)
    write(out, "filesystem/mbr_partition_table", "linux.mbr", bytes(range(256)) * 1 + bytes(0x1BE - 256) + parts + b"\x55\xaa")
    write(out, "filesystem/mbr_partition_table", "empty.mbr", bytes(0x1BE) + bytes(64) + b"\x55\xaa")


def quake_pak(out):
    files = [(b"maps/e1m1.bsp", b"BSP data here"), (b"sound/hit.wav", bytes(range(40)))]
    data, index = b"", b""
    for name, body in files:
        index += name.ljust(56, b"\x00") + struct.pack("<II", 12 + len(data), len(body))
        data += body
    write(out, "game/quake_pak", "two.pak", b"PACK" + struct.pack("<II", 12 + len(data), len(index)) + data + index)


def rtp(out):
    def packet(pt, seq, payload, marker=0, csrc=()):
        head = bytes([0x80 | len(csrc), (marker << 7) | pt]) + struct.pack(">HII", seq, 160 * seq, 0xDEADBEEF)
        return head + b"".join(struct.pack(">I", c) for c in csrc) + payload

    write(out, "network/rtp_packet", "pcmu.rtp", packet(0, 1, bytes(160)))
    write(out, "network/rtp_packet", "marker.rtp", packet(96, 2, b"\x01\x02\x03", marker=1))


def id3v1(out):
    def tag(title, artist, album, year, comment, track, genre):
        return (b"TAG" + title.ljust(30, b"\x00") + artist.ljust(30, b"\x00") + album.ljust(30, b"\x00") + year
                + comment.ljust(28, b"\x00") + bytes([0, track, genre]))

    mp3 = b"\xff\xfb\x90\x64" + bytes(400)
    write(out, "media/id3v1_1", "tagged.mp3", mp3 + tag(b"Zero Copy", b"zerowire", b"Kaitai", b"2026", b"borrowed, not copied", 3, 17))
    write(out, "media/id3v1_1", "tag_only.mp3", tag(b"", b"", b"", b"1999", b"", 0, 255))


def doom_wad(out):
    lumps = [(b"MAP01", b""), (b"THINGS", bytes(range(30))), (b"LINEDEFS", b"\x01\x02")]
    data, index = b"", b""
    for name, body in lumps:
        index += struct.pack("<ii", 12 + len(data), len(body)) + name.ljust(8, b"\x00")
        data += body
    write(out, "game/doom_wad", "map.wad", b"PWAD" + struct.pack("<ii", len(lumps), 12 + len(data)) + data + index)


def cramfs(out):
    if shutil.which("mkfs.cramfs") is None:
        return
    with tempfile.TemporaryDirectory() as d:
        root = os.path.join(d, "root")
        os.makedirs(os.path.join(root, "sub"))
        with open(os.path.join(root, "hello.txt"), "w") as f:
            f.write("hello from cramfs\n" * 10)
        with open(os.path.join(root, "sub", "empty"), "w"):
            pass
        image = os.path.join(d, "fs.cramfs")
        subprocess.run(["mkfs.cramfs", root, image], check=True, capture_output=True)
        with open(image, "rb") as f:
            write(out, "filesystem/cramfs", "small.cramfs", f.read())


def ssh_keys(out):
    if shutil.which("ssh-keygen") is None:
        return
    import base64

    with tempfile.TemporaryDirectory() as d:
        for kind, bits in [("ed25519", None), ("rsa", "1024"), ("ecdsa", "256")]:
            key = os.path.join(d, kind)
            cmd = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "zerowire", "-f", key]
            if bits:
                cmd += ["-b", bits]
            subprocess.run(cmd, check=True, capture_output=True)
            with open(key + ".pub") as f:
                write(out, "security/ssh_public_key", f"{kind}.key", base64.b64decode(f.read().split()[1]))


def utmp(out):
    def record(kind, pid, line, ident, user, host, t):
        return (struct.pack("<ii", kind, pid) + line.ljust(32, b"\x00") + ident.ljust(4, b"\x00") + user.ljust(32, b"\x00")
                + host.ljust(256, b"\x00") + struct.pack("<hhiii", 0, 0, 0, t, 123456) + bytes(16) + bytes(20))

    write(out, "log/glibc_utmp", "logins.wtmp", record(2, 0, b"~", b"~~", b"reboot", b"6.1.0", 1700000000)
          + record(7, 4242, b"pts/0", b"ts/0", b"zerowire", b"192.0.2.7", 1700000100)
          + record(8, 4242, b"pts/0", b"", b"", b"", 1700003600))


def systemtime(out):
    write(out, "windows/windows_systemtime", "new_year.bin", struct.pack("<8H", 2026, 1, 4, 1, 0, 0, 0, 0))
    write(out, "windows/windows_systemtime", "leap.bin", struct.pack("<8H", 2024, 2, 4, 29, 23, 59, 59, 999))


def dos_datetime(out):
    for name, (y, mo, d, h, mi, sec) in [("epoch.bin", (1980, 1, 1, 0, 0, 0)), ("late.bin", (2107, 12, 31, 23, 59, 58))]:
        time = (h << 11) | (mi << 5) | (sec // 2)
        date = ((y - 1980) << 9) | (mo << 5) | d
        write(out, "common/dos_datetime", name, struct.pack("<HH", time, date))


def ivf(out):
    frames = [b"\x10\x02\x00\x9d\x01\x2a" + bytes(20), b"\x31\x00\x00", b""]
    body = b"".join(struct.pack("<IQ", len(f), i * 1000) + f for i, f in enumerate(frames))
    head = b"DKIF" + struct.pack("<HH", 0, 32) + b"VP80" + struct.pack("<HHIIII", 64, 48, 30, 1, len(frames), 0)
    write(out, "media/vp8_duck_ivf", "three_frames.ivf", head + body)


def tga(out):
    def image(kind, w, h, depth, pixels, ident=b"", cmap=b"", cmap_n=0, cmap_depth=0):
        head = struct.pack("<BBBHHBHHHHBB", len(ident), 1 if cmap_n else 0, kind, 0, cmap_n, cmap_depth, 0, 0, w, h, depth, 0x20)
        footer = struct.pack("<II", 0, 0) + b"TRUEVISION-XFILE.\x00"
        return head + ident + cmap + pixels + footer

    write(out, "image/tga", "rgb.tga", image(2, 2, 2, 24, bytes(range(12)), ident=b"zerowire"))
    write(out, "image/tga", "mapped.tga", image(1, 2, 1, 8, b"\x00\x01", cmap=b"\x00\x00\xff\xff\x00\x00", cmap_n=2, cmap_depth=24))


def tap(out):
    def block(flag, payload):
        data = bytes([flag]) + payload
        checksum = 0
        for b in data:
            checksum ^= b
        return struct.pack("<H", len(data) + 1) + data + bytes([checksum])

    program = b"\x00\x0a\x05\x00\xef\x22\x22\x0d"
    header = bytes([0]) + b"zerowire".ljust(10) + struct.pack("<HHH", len(program), 10, len(program))
    write(out, "filesystem/zx_spectrum_tap", "program.tap", block(0, header) + block(0xFF, program))


def pngs(out):
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    def png(w, h, depth, color, rows, extra=b"", interlace=0):
        ihdr = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, interlace)
        raw = b"".join(b"\x00" + r for r in rows)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

    grey = [bytes((x * 16 + y) & 0xFF for x in range(8)) for y in range(4)]
    write(out, "image/png", "grey.png", png(8, 4, 8, 0, grey, chunk(b"gAMA", struct.pack(">I", 45455))
          + chunk(b"sBIT", b"\x05") + chunk(b"tEXt", b"Title\x00zerowire")))
    rgba = [bytes(range(y, y + 16)) for y in range(4)]
    write(out, "image/png", "rgba_text.png", png(4, 4, 8, 6, rgba,
          chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)) + chunk(b"tIME", struct.pack(">HBBBBB", 2026, 12, 8, 1, 2, 3))
          + chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a compressed comment"))
          + chunk(b"iTXt", b"Author\x00\x00\x00en\x00Autor\x00zerowire"), interlace=1))
    palette = [bytes([0, 1, 2, 1]) for _ in range(2)]
    write(out, "image/png", "palette.png", png(4, 2, 8, 3, palette,
          chunk(b"PLTE", bytes([255, 0, 0, 0, 255, 0, 0, 0, 255])) + chunk(b"tRNS", b"\xff\x80") + chunk(b"bKGD", b"\x01")
          + chunk(b"sBIT", b"\x05\x06\x05")))


def main():
    out = sys.argv[1]
    makers = (gzips, au, pickles, websocket, der, client_hello, midi, stl, java_class, vmdk,
              cpio, ico, mbr, quake_pak, rtp, id3v1, doom_wad, cramfs, ssh_keys, utmp,
              systemtime, dos_datetime, ivf, tga, tap, pngs)
    for make in makers:
        make(out)
    with open(os.path.join(out, "samples.tsv"), "w") as f:
        f.writelines(f"{m['schema']}\t{m['file']}\n" for m in made)


if __name__ == "__main__":
    main()
