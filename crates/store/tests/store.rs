//! Store invariants, checked on a real SQLite file.

use proptest::prelude::*;
use rapport_core::{Author, Channel, Email, Handle, Interaction, Kind, Order, Record, Timestamp};
use rapport_store::{Outcome, SqliteStore, Store};

fn interaction(channel: &str, id: u32, handle: &str, email: Option<&str>, at: i64) -> Record {
    Record::Interaction(Interaction {
        channel: Channel::parse(channel).expect("channel"),
        external_id: format!("x{id}"),
        kind: Kind::Comment,
        author: Author {
            handle: Handle::parse(handle).expect("handle"),
            display_name: None,
            email: email.map(|e| Email::parse(e).expect("email")),
            followers: Some(u64::from(id) * 7),
            bio: None,
        },
        text: format!("comment {id}"),
        created_at: Timestamp(at),
        in_reply_to: None,
        post_id: Some("p1".into()),
        url: None,
        from_brand: false,
    })
}

fn order(id: u32, email: &str) -> Record {
    Record::Order(Order {
        order_id: format!("o{id}"),
        email: Some(Email::parse(email).expect("email")),
        total: 10.0 + f64::from(id),
        currency: "EUR".into(),
        created_at: Timestamp(1_000 + i64::from(id)),
        items: vec![],
        status: "paid".into(),
    })
}

/// Everything a user could observe, in a comparable form.
fn dump(store: &dyn Store) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        store.counts().expect("counts"),
        store.people().expect("people"),
        store.interactions().expect("interactions"),
        store.orders().expect("orders")
    )
}

fn record_strategy() -> impl Strategy<Value = Record> {
    let channels = prop::sample::select(vec!["instagram", "reddit", "x"]);
    let handles = prop::sample::select(vec!["anna", "ben", "cleo", "dev"]);
    let emails = prop::option::of(prop::sample::select(vec!["a@example.org", "b@example.org"]));
    prop_oneof![
        4 => (channels, 0u32..40, handles, emails, 0i64..100_000)
            .prop_map(|(c, id, h, e, at)| interaction(c, id, h, e, at)),
        1 => (0u32..10, prop::sample::select(vec!["a@example.org", "c@example.org"]))
            .prop_map(|(id, e)| order(id, e)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn importing_twice_changes_nothing(records in prop::collection::vec(record_strategy(), 1..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(dir.path().join("t.db").to_str().expect("path")).expect("open");
        store.write_batch(&records, &[]).expect("first");
        let before = dump(&store);
        let again = store.write_batch(&records, &[]).expect("second");
        prop_assert!(again.iter().all(|o| *o == Outcome::Duplicate));
        prop_assert_eq!(before, dump(&store));
    }
}

#[test]
fn a_shared_email_merges_people_and_records_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(dir.path().join("t.db").to_str().expect("path")).expect("open");
    store
        .write_batch(
            &[
                interaction("instagram", 1, "anna", None, 10),
                interaction("reddit", 2, "anna_r", None, 20),
                order(1, "anna@example.org"),
            ],
            &[],
        )
        .expect("write");
    assert_eq!(store.counts().expect("counts").people, 3);
    // Anna's Instagram identity shows her email later: it joins the buyer.
    store
        .write_batch(
            &[interaction(
                "instagram",
                3,
                "anna",
                Some("anna@example.org"),
                30,
            )],
            &[],
        )
        .expect("write");
    assert_eq!(store.counts().expect("counts").people, 2);
    // And so does her Reddit identity: all three are one person now.
    store
        .write_batch(
            &[interaction(
                "reddit",
                4,
                "anna_r",
                Some("anna@example.org"),
                40,
            )],
            &[],
        )
        .expect("write");
    assert_eq!(store.counts().expect("counts").people, 1);
    let id = store
        .find_person("anna@example.org")
        .expect("find")
        .expect("anna");
    assert_eq!(store.find_person("reddit:anna_r").expect("find"), Some(id));
    let orders = store.orders().expect("orders");
    assert_eq!(orders[0].person, Some(id));
    let links = store.links(id).expect("links");
    assert!(!links.is_empty() && links.iter().all(|l| l.reason == "same_email"));
}

#[test]
fn a_newer_database_schema_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99)
            .expect("pragma");
    }
    let err = SqliteStore::open(path.to_str().expect("path"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("newer"), "{err}");
}
