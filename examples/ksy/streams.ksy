meta:
  id: streams
  endian: le
doc: |
  A header in a window of its own, and values over the header's stream
  (`header._io`) read where the header was decoded.
seq:
  - id: header
    size: 4
    type: header
  - id: rest
    size-eos: true
instances:
  header_window:
    value: header._io.size
  header_end:
    value: header._io.pos
  header_filled:
    value: header._io.eof
types:
  header:
    seq:
      - id: version
        type: u1
