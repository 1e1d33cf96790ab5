meta:
  id: streams
  endian: le
doc: |
  A header in a window of its own, and values over the header's stream
  (`header._io`) read where the header was decoded; records read lazily,
  and values over them decoded on the spot; a value of the header read in
  the stream of the root's `tail`, which the header's caller passes.
seq:
  - id: header
    size: 4
    type: header
  - id: records
    type: record
    repeat: expr
    repeat-expr: 2
  - id: rest
    size-eos: true
instances:
  header_window:
    value: header._io.size
  header_end:
    value: header._io.pos
  header_filled:
    value: header._io.eof
  header_third:
    io: header._io
    pos: 2
    type: u1
  first_record:
    value: records[0]
  last_kind:
    value: records.last.kind
  first_text:
    value: records[0].body.as<text>
  tail:
    pos: 10
    size: 2
    type: tail
  # A float and an integer meet as a double.
  version_or_default:
    value: 'header.version == 0 ? 100.5 : header.version'
types:
  header:
    seq:
      - id: version
        type: u1
    instances:
      # No `pos`: read where the stream is, where the fields ended.
      next_byte:
        type: u1
      # The root's stream is the whole input.
      input_size:
        value: _root._io.size
      # Over the root's attribute read after this one: the method takes the root.
      rest_len:
        value: _root.rest.size
      # In the stream of the root's instance, which the caller passes.
      tail_second:
        io: _root.tail._io
        pos: 1
        type: u1
  record:
    seq:
      - id: kind
        type: u1
      - id: body
        type:
          switch-on: kind
          cases:
            1: text
            2: number
  text:
    seq:
      - id: len_value
        type: u1
      - id: value
        type: str
        size: len_value
        encoding: ASCII
  number:
    seq:
      - id: value
        type: u2
  tail:
    seq:
      - id: first
        type: u1
