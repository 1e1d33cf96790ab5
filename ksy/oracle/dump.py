"""The oracle's reading of one file: parses it with the Python module that
Kaitai's official compiler generated (compile.js) and the `kaitaistruct`
runtime, and writes every attribute and instance it read, by its Kaitai path,
as the asserts of a .kst spec (`actual: chunks[0].as<png::chunk>.len`,
`expected: 13`), which zerowire-ksy compiles into a test of its own parser.

Numbers are exact, enums their integer (`.to_i`), text a string literal,
bytes a list of bytes (long ones their size and a sample of them), an
attribute that `if` left out `null`. An instance that raises is left out (and
counted); a parse that raises is the spec's `exception`, with where it stood.

Usage: python3 dump.py MODULE_DIR SCHEMA_ID DATA_FILE OUT.kst
"""
import enum
import importlib
import json
import sys

# Bounds on what one file may produce (a hostile or huge file stays small).
MAX_CHECKS = 5000
MAX_DEPTH = 40
LIST_HEAD, LIST_TAIL = 48, 16
BYTES_WHOLE, BYTES_SAMPLE = 64, 32


def class_name(ident):
    return "".join(p[:1].upper() + p[1:] for p in ident.split("_"))


class Dump:
    def __init__(self, types):
        self.types = types
        self.checks = []
        self.left_out = []

    def check(self, actual, expected):
        if len(self.checks) < MAX_CHECKS:
            self.checks.append((actual, expected))

    def info(self, obj):
        return self.types.get(f"{type(obj).__module__}:{type(obj).__qualname__}")

    def value(self, path, v, enum_attr, depth):
        from kaitaistruct import KaitaiStruct, KaitaiStream

        if len(self.checks) >= MAX_CHECKS or depth > MAX_DEPTH:
            return
        if v is None:
            self.check(path, "null")
        elif isinstance(v, bool):
            self.check(path, "true" if v else "false")
        elif isinstance(v, enum.Enum):
            self.check(f"{path}.to_i", str(v.value))
        elif isinstance(v, int):
            self.check(f"{path}.to_i" if enum_attr else path, str(v))
        elif isinstance(v, float):
            if v == v and v not in (float("inf"), float("-inf")):
                self.check(path, repr(v))
        elif isinstance(v, str):
            self.check(path, json.dumps(v, ensure_ascii=False))
        elif isinstance(v, (bytes, bytearray)):
            # A cast, for a `switch-on` value whose case is bytes.
            path = f"{path}.as<bytes>"
            if len(v) <= BYTES_WHOLE:
                self.check(path, "[" + ", ".join(f"0x{b:02x}" for b in v) + "]")
            else:
                self.check(f"{path}.size", str(len(v)))
                step = max(1, (len(v) - 1) // (BYTES_SAMPLE - 1))
                for i in sorted(set(list(range(0, len(v), step)) + [len(v) - 1])):
                    self.check(f"{path}[{i}]", str(v[i]))
        elif isinstance(v, list):
            self.check(f"{path}.size", str(len(v)))
            n = len(v)
            keep = range(n) if n <= LIST_HEAD + LIST_TAIL else [*range(LIST_HEAD), *range(n - LIST_TAIL, n)]
            for i in keep:
                self.value(f"{path}[{i}]", v[i], enum_attr, depth + 1)
        elif isinstance(v, KaitaiStruct):
            self.struct(path, v, depth + 1)
        elif isinstance(v, KaitaiStream):
            pass  # a stream value: nothing to compare
        else:
            self.left_out.append(f"{path}: a {type(v).__name__}")

    def struct(self, path, obj, depth):
        info = self.info(obj)
        if info is None:
            self.left_out.append(f"{path}: the class {type(obj).__qualname__}")
            return
        # Below the root, a cast names the type (a `switch-on` holds several).
        prefix = f"{path}.as<{info['ksy']}>." if path else ""
        enums = set(info["enums"])
        for name in getattr(type(obj), "SEQ_FIELDS", []):
            self.value(prefix + name, getattr(obj, name, None), name in enums, depth)
        for name, member in vars(type(obj)).items():
            if not isinstance(member, property) or name.startswith("_"):
                continue
            try:
                v = getattr(obj, name)
            except Exception as e:  # noqa: BLE001 - the oracle's own failure, recorded
                self.left_out.append(f"{prefix}{name}: raises {type(e).__name__}")
                continue
            self.value(prefix + name, v, name in enums, depth)


def failing_path(obj, path=""):
    """The Kaitai path of the attribute a failed parse stood at: in each
    struct, the last attribute that started (debug mode's `_debug`), into the
    struct or the element it was reading."""
    from kaitaistruct import KaitaiStruct

    debug = getattr(obj, "_debug", None) or {}
    started = [n for n in getattr(type(obj), "SEQ_FIELDS", []) if "start" in debug.get(n, {})]
    if not started:
        return path
    name = started[-1]
    here = f"{path}.{name}" if path else name
    entry = debug[name]
    value = getattr(obj, name, None)
    if "arr" in entry and entry["arr"]:
        index = len(entry["arr"]) - 1
        here = f"{here}[{index}]"
        value = value[index] if isinstance(value, list) and len(value) > index else None
        if "end" in entry["arr"][-1]:
            return here
    elif "end" in entry:
        return here
    if isinstance(value, KaitaiStruct):
        return failing_path(value, here)
    return here


def main():
    module_dir, schema_id, data_file, out = sys.argv[1:5]
    sys.path.insert(0, module_dir)
    from kaitaistruct import KaitaiStream

    types = json.load(open(f"{module_dir}/types.json"))
    module = importlib.import_module(schema_id)
    root_class = getattr(module, class_name(schema_id))
    with open(data_file, "rb") as f:
        data = f.read()
    dump = Dump(types)
    lines = [f"id: {schema_id}", f"data: {json.dumps(data_file)}"]
    root = None
    try:
        root = root_class(KaitaiStream(__import__("io").BytesIO(data)))
        root._read()
    except Exception as e:  # noqa: BLE001 - the parse's failure is the spec
        lines.append(f"exception: {type(e).__name__}")
        if root is not None:
            lines.append(f"exception-path: {json.dumps(failing_path(root))}")
        lines.append(f"# {json.dumps(str(e))[:300]}")
    else:
        dump.struct("", root, 0)
        lines.append("asserts:")
        for actual, expected in dump.checks:
            lines.append(f"  - actual: {json.dumps(actual)}")
            lines.append(f"    expected: {json.dumps(expected, ensure_ascii=False)}")
    for note in dump.left_out:
        lines.append(f"# left out: {note}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
