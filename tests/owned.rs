//! `Owned`: a buffer and the value decoded from it, to store, send and return.

use std::collections::HashMap;
use std::sync::Arc;

use zerowire::Owned;
use zerowire_suite::alloc_count::{count_allocations, CountingAlloc};
use zerowire_suite::points_into;
use zerowire_suite::toy::{Child, Toy, TOY};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn toy(size: u8) -> Vec<u8> {
    let mut bytes = vec![size];
    bytes.extend((0..2 * size).map(|i| b'a' + i));
    bytes
}

#[test]
fn an_owned_toy_is_returned_stored_and_read_back() {
    fn build(size: u8) -> Owned<Toy<'static>> {
        Owned::decode(toy(size)).unwrap()
    }
    let mut store: HashMap<u8, Owned<Toy<'static>>> = HashMap::new();
    for size in 1..4 {
        store.insert(size, build(size));
    }
    let two = &store[&2];
    assert_eq!(two.get().child_structure.slice, b"ab");
    assert_eq!(two.get().child_structure.grandchild_structure.slice, b"cd");
    assert!(points_into(two.get().child_structure.slice, two.bytes()));
    assert_eq!(store.remove(&3).unwrap().into_buffer(), toy(3));
}

#[test]
fn an_owned_value_moves_to_another_thread_through_a_channel() {
    let (send, receive) = std::sync::mpsc::channel::<Owned<Toy<'static>>>();
    let worker = std::thread::spawn(move || {
        let owned = receive.recv().unwrap();
        owned.get().child_structure.slice.to_vec()
    });
    send.send(Owned::decode(toy(2)).unwrap()).unwrap();
    assert_eq!(worker.join().unwrap(), b"ab");
}

#[test]
fn shared_buffers_clone_cheaply_and_are_read_from_many_threads() {
    let shared: Arc<[u8]> = Arc::from(toy(3));
    let owned: Owned<Toy<'static>, Arc<[u8]>> = Owned::decode(shared.clone()).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let owned = owned.clone();
            std::thread::spawn(move || owned.get().slice_size)
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 3);
    }
    assert!(Arc::ptr_eq(&shared, &owned.clone().into_buffer()));
}

#[test]
fn static_slices_and_bytes_are_buffers_too() {
    let from_static: Owned<Toy<'static>, &'static [u8]> = Owned::decode(TOY).unwrap();
    assert_eq!(from_static.get().child_structure.slice, b"abc");
    let bytes = bytes::Bytes::from(toy(1));
    let from_bytes: Owned<Toy<'static>, bytes::Bytes> = Owned::decode(bytes.clone()).unwrap();
    assert_eq!(from_bytes.clone().get().child_structure.slice, b"a");
    assert!(points_into(from_bytes.get().child_structure.slice, &bytes));
}

#[test]
fn a_buffer_that_does_not_decode_is_an_error() {
    let err = Owned::<Toy<'static>>::decode(vec![9, 1]).unwrap_err();
    assert_eq!(err.path(), "Toy.child_structure.slice");
}

fn child<'a>(toy: Toy<'a>) -> Child<'a> {
    toy.child_structure
}

#[test]
fn map_projects_to_a_part_of_the_message() {
    let owned = Owned::<Toy<'static>>::decode(toy(2)).unwrap();
    let part = owned.map::<Child<'static>, _>(child);
    assert_eq!(part.get().slice, b"ab");
    assert_eq!(part.bytes(), toy(2));
}

#[test]
fn reading_an_owned_value_allocates_nothing() {
    let owned = Owned::<Toy<'static>>::decode(toy(5)).unwrap();
    let (len, allocations) = count_allocations(|| owned.get().child_structure.slice.len());
    assert_eq!((len, allocations), (5, 0));
}

#[test]
fn owned_is_send_and_sync_exactly_when_its_parts_are() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Owned<Toy<'static>>>();
    send_sync::<Owned<Toy<'static>, Arc<[u8]>>>();
    send_sync::<Owned<Toy<'static>, bytes::Bytes>>();
    // `Rc` buffers are neither: `tests/ui/owned/rc_buffer_sent_to_a_thread.rs`.
}

#[test]
fn maybe_owned_reads_a_borrowed_and_a_decoded_value_alike() {
    use zerowire::{Codec, MaybeOwned};
    let borrowed = Toy::decode(TOY).unwrap();
    let owned = Owned::<Toy<'static>>::decode(TOY.to_vec()).unwrap();
    let a: MaybeOwned<'_, Toy<'_>> = MaybeOwned::Borrowed(&borrowed);
    let b: MaybeOwned<'_, Toy<'_>> = MaybeOwned::Owned(owned.get());
    assert_eq!(a.slice_size, b.slice_size);
    assert_eq!(a.child_structure.slice, b.child_structure.slice);
    assert!(matches!(a, MaybeOwned::Borrowed(_)) && matches!(b, MaybeOwned::Owned(_)));
}
