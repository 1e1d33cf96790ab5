meta:
  id: toy
  endian: be
doc: |
  The toy format of zerowire's README: a length, then a child whose slice
  has that length, and a grandchild whose slice has it too.
seq:
  - id: slice_size
    type: u1
  - id: child_structure
    type: child
types:
  child:
    seq:
      - id: slice
        size: _parent.slice_size
        doc: As long as the root's `slice_size`.
      - id: grandchild_structure
        type: grandchild
  grandchild:
    seq:
      - id: slice
        size: _root.slice_size
