//! `Reader` and `ReaderMut`: the cursors everything else is built on.

use zerowire::{ErrorKind, Reader, ReaderMut};
use zerowire_suite::needed;
use zerowire_suite::points_into;

#[test]
fn take_hands_out_slices_of_the_input_and_advances() {
    let input = [1, 2, 3, 4, 5];
    let mut r = Reader::new(&input);
    let head = r.take(2).unwrap();
    assert_eq!(head, [1, 2]);
    assert!(points_into(head, &input));
    assert_eq!(r.position(), 2);
    assert_eq!(r.remaining(), 3);
    assert_eq!(r.take_array::<2>().unwrap(), &[3, 4]);
    assert_eq!(r.rest(), [5]);
    assert!(r.is_empty());
    assert_eq!(r.position(), 5);
    assert!(r.finish().is_ok());
}

#[test]
fn take_past_the_end_says_how_much_was_needed_and_left() {
    let mut r = Reader::new(&[9, 9, 9]);
    r.skip(1).unwrap();
    let err = r.take(5).unwrap_err();
    assert_eq!(err.kind(), needed(5, 2));
    assert_eq!(err.offset(), 1);
    assert_eq!(err.to_string(), "needed 5 bytes at offset 1, 2 left");
    // A failed take consumes nothing.
    assert_eq!(r.remaining(), 2);
    let err = r.take_array::<3>().unwrap_err();
    assert_eq!(err.kind(), needed(3, 2));
}

#[test]
fn a_hostile_length_is_an_error_not_an_overflow() {
    let mut r = Reader::new(&[0; 4]);
    r.skip(2).unwrap();
    let err = r.take(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), needed(usize::MAX, 2));
    assert!(r.sub(usize::MAX).is_err());
}

#[test]
fn sub_is_a_window_that_keeps_absolute_offsets() {
    let input = [0, 1, 2, 3, 4, 5];
    let mut r = Reader::new(&input);
    r.skip(1).unwrap();
    let mut window = r.sub(3).unwrap();
    assert_eq!(
        r.position(),
        4,
        "the outer reader moves past the whole window"
    );
    assert_eq!(window.position(), 1);
    assert_eq!(window.take(2).unwrap(), [1, 2]);
    let err = window.take(2).unwrap_err();
    assert_eq!(
        err.offset(),
        3,
        "offsets inside a window count from the outermost input"
    );
    assert_eq!(err.kind(), needed(2, 1));
}

#[test]
fn finish_reports_trailing_bytes() {
    let mut r = Reader::new(&[1, 2, 3]);
    r.skip(1).unwrap();
    let err = r.finish().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TrailingBytes { count: 2 });
    assert_eq!(err.offset(), 1);
}

#[test]
fn reader_mut_hands_out_disjoint_mutable_pieces_at_once() {
    let mut buffer = [1, 2, 3, 4, 5, 6];
    let mut r = ReaderMut::new(&mut buffer);
    let header = r.take(1).unwrap();
    let payload = r.take_mut(3).unwrap();
    let trailer = r.take_mut(2).unwrap();
    // All three borrows are alive together; the mutable ones can be changed in place.
    for b in payload.iter_mut() {
        *b ^= 0xFF;
    }
    trailer.copy_from_slice(&[header[0], header[0]]);
    assert!(r.is_empty());
    assert_eq!(buffer, [1, 0xFD, 0xFC, 0xFB, 1, 1]);
}

#[test]
fn reader_mut_reports_short_input_and_continues_read_only() {
    let mut buffer = [7, 8, 9];
    let mut r = ReaderMut::new(&mut buffer);
    let err = r.take_mut(4).unwrap_err();
    assert_eq!(err.kind(), needed(4, 3));
    let first = r.take_mut(1).unwrap();
    first[0] = 70;
    assert_eq!(r.position(), 1);
    let mut window = r.sub_mut(1).unwrap();
    assert_eq!(window.rest_mut(), [8]);
    let mut rest = r.into_reader();
    assert_eq!(rest.position(), 2);
    assert_eq!(rest.rest(), [9]);
}
