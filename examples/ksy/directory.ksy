meta:
  id: directory
  endian: le
doc: |
  A directory of fixed-size entries, the pattern Kaitai schemas repeat most:
  the header gives the number of entries and the size of each entry's name,
  and every entry reads that size from the root.
seq:
  - id: header
    type: header
  - id: entries
    type: entry
    repeat: expr
    repeat-expr: header.num_entries
types:
  header:
    seq:
      - id: magic
        contents: "DIR1"
      - id: num_entries
        type: u2
      - id: name_size
        type: u1
  entry:
    to-string: name + " (" + data_len.to_s + " bytes)"
    seq:
      - id: name
        type: str
        encoding: ASCII
        size: _root.header.name_size
      - id: data_len
        type: u2
      - id: data
        size: data_len
