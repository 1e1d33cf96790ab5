"""Sample files of Kaitai gallery formats, made with the tools on the machine
(Python's standard library; `javac` and `qemu-img` where they are there), for
the differential harness (ksy/tests/kaitai_oracle.rs). Several per format,
edge cases among them (an empty payload, a name and a comment, extensions).

Usage: python3 samples.py OUT_DIR  (writes OUT_DIR/<schema>/<name> and
OUT_DIR/samples.json: [{"schema": "archive/gzip", "file": "..."}, ...])
"""
import glob
import gzip
import io
import json
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


def main():
    out = sys.argv[1]
    for make in (gzips, au, pickles, websocket, der, client_hello, midi, stl, java_class, vmdk):
        make(out)
    with open(os.path.join(out, "samples.json"), "w") as f:
        json.dump(made, f, indent=1)


if __name__ == "__main__":
    main()
