//! Store invariants, checked on a real SQLite file and, for the tests
//! written with `per_backend!`, on PostgreSQL too (see
//! `rapport_store::testing`).

use proptest::prelude::*;
use rapport_core::{
    Author, Channel, Email, Handle, Interaction, Kind, Order, PersonId, Record, Timestamp,
};
use rapport_store::testing::{Backend, TestDb};
use rapport_store::{per_backend, Outcome, PgStore, SqliteStore, Store};

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
        1 => (
            0u32..10,
            prop::sample::select(vec!["a@example.org", "c@example.org"]),
            prop::sample::select(vec!["paid", "refunded"]),
        )
            .prop_map(|(id, e, status)| {
                let mut o = order(id, e);
                if let Record::Order(o) = &mut o {
                    o.status = status.into();
                }
                o
            }),
    ]
}

/// Imports `records` twice into a fresh database on `backend`: the
/// second import finds only duplicates and changes nothing observable.
fn import_twice(backend: Backend, records: &[Record]) -> Result<(), TestCaseError> {
    let db = TestDb::new(backend);
    let store = db.open().expect("open");
    store.write_batch(records, &[]).expect("first");
    let before = dump(&*store);
    let again = store.write_batch(records, &[]).expect("second");
    prop_assert!(again.iter().all(|o| *o == Outcome::Duplicate));
    prop_assert_eq!(before, dump(&*store));
    Ok(())
}

/// Imports `records` into one fresh database in one batch and into
/// another one record at a time: a batch creates its new people,
/// identities and addresses before it writes the records, and must
/// create what writing them one by one creates, with the same ids, and
/// merge whom one by one merges; its orders, written after its records,
/// must end as one by one leaves them (the last record's status) with
/// the same outcomes.
fn one_batch_or_one_by_one(backend: Backend, records: &[Record]) -> Result<(), TestCaseError> {
    let whole = TestDb::new(backend);
    let whole_store = whole.open().expect("open");
    let at_once = whole_store.write_batch(records, &[]).expect("one batch");
    let single = TestDb::new(backend);
    let single_store = single.open().expect("open");
    let mut one_by_one = Vec::new();
    for r in records {
        one_by_one.extend(
            single_store
                .write_batch(std::slice::from_ref(r), &[])
                .expect("one record"),
        );
    }
    prop_assert_eq!(one_by_one, at_once);
    prop_assert_eq!(dump(&*single_store), dump(&*whole_store));
    Ok(())
}

proptest! {
    // Two new databases a case: fewer cases on PostgreSQL, whose
    // databases take longer to make.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn one_batch_stores_what_one_record_at_a_time_stores_on_postgres(
        records in prop::collection::vec(record_strategy(), 1..40),
    ) {
        one_batch_or_one_by_one(Backend::Postgres, &records)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn one_batch_stores_what_one_record_at_a_time_stores_on_sqlite(
        records in prop::collection::vec(record_strategy(), 1..40),
    ) {
        one_batch_or_one_by_one(Backend::Sqlite, &records)?;
    }

    #[test]
    fn importing_twice_changes_nothing_on_sqlite(
        records in prop::collection::vec(record_strategy(), 1..40),
    ) {
        import_twice(Backend::Sqlite, &records)?;
    }

    #[test]
    fn importing_twice_changes_nothing_on_postgres(
        records in prop::collection::vec(record_strategy(), 1..40),
    ) {
        import_twice(Backend::Postgres, &records)?;
    }
}

per_backend! {
fn a_shared_email_merges_people_and_records_why(db) {
    let store = db.open().expect("open");
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

fn people_ids(store: &dyn Store) -> Vec<i64> {
    store
        .people()
        .expect("people")
        .iter()
        .map(|p| p.id.0)
        .collect()
}

per_backend! {
fn explicit_links_undone_in_any_order_restore_everything_exactly(db) {
    let store = db.open().expect("open");
    store
        .write_batch(
            &[
                interaction("instagram", 1, "anna", Some("a@example.org"), 10),
                interaction("reddit", 2, "anna_r", Some("ar@example.org"), 20),
                interaction("x", 3, "anna_x", None, 30),
                order(1, "a@example.org"),
                order(2, "ar@example.org"),
            ],
            &[],
        )
        .expect("write");
    let before = dump(&*store);
    let find = |k: &str| store.find_person(k).expect("find").expect(k);
    let (anna, anna_r, anna_x) = (
        find("instagram:anna"),
        find("reddit:anna_r"),
        find("x:anna_x"),
    );
    let first = store
        .link(anna, anna_r, "explicit", "same photo", 100)
        .expect("link");
    let second = store
        .link(anna, anna_x, "explicit", "same bio", 101)
        .expect("link");
    assert_eq!(people_ids(&*store), vec![anna.0]);
    assert_eq!(store.orders().expect("orders")[1].person, Some(anna));
    // A new person never takes a merged-away person's id.
    store
        .write_batch(&[interaction("x", 9, "cleo", None, 40)], &[])
        .expect("write");
    let cleo = find("x:cleo");
    assert!(cleo.0 > anna_x.0 && cleo.0 > anna_r.0);
    assert_eq!(
        store.find_merge(anna, "reddit:anna_r").expect("find"),
        Some(first)
    );
    assert_eq!(
        store.find_merge(anna, "ar@example.org").expect("find"),
        Some(first)
    );
    assert_eq!(
        store.find_merge(anna, &anna_x.0.to_string()).expect("find"),
        Some(second)
    );
    let undone = store.unlink(first, 200).expect("unlink");
    assert_eq!((undone.keep, undone.restored), (anna, anna_r));
    store.unlink(second, 201).expect("unlink");
    assert!(store.unlink(second, 202).is_err(), "undone twice");
    store
        .link(cleo, cleo, "explicit", "", 203)
        .expect_err("self link");
    // Everything but cleo is as before.
    store
        .link(anna, cleo, "explicit", "tmp", 204)
        .expect("link");
    let cleo_link = store.links(anna).expect("links").last().expect("link").id;
    store.unlink(cleo_link, 205).expect("unlink");
    assert_eq!(people_ids(&*store), vec![anna.0, anna_r.0, anna_x.0, cleo.0]);
    let after = dump(&*store);
    assert_eq!(
        before.lines().nth(3),
        after.lines().nth(3),
        "orders are back with their buyers"
    );
    let links = store.links(anna).expect("links");
    assert!(links.iter().any(|l| l.reason == "unlinked"));
    assert!(links
        .iter()
        .filter(|l| l.reason == "explicit")
        .all(|l| l.undone));
}
}

per_backend! {
fn a_merge_of_a_merged_person_must_be_undone_first(db) {
    let store = db.open().expect("open");
    store
        .write_batch(
            &[
                interaction("instagram", 1, "a", None, 10),
                interaction("instagram", 2, "b", None, 20),
                interaction("instagram", 3, "c", None, 30),
            ],
            &[],
        )
        .expect("write");
    let before = dump(&*store);
    let find = |k: &str| store.find_person(k).expect("find").expect(k);
    let (a, b, c) = (find("a"), find("b"), find("c"));
    let inner = store.link(b, c, "explicit", "", 1).expect("link");
    let outer = store.link(a, b, "explicit", "", 2).expect("link");
    let err = store.unlink(inner, 3).expect_err("b is gone");
    assert!(err.to_string().contains(&format!("#{outer}")), "{err}");
    store.unlink(outer, 3).expect("unlink");
    store.unlink(inner, 4).expect("unlink");
    assert_eq!(before, dump(&*store));
}
}

per_backend! {
fn same_email_merges_are_journaled_and_can_be_undone(db) {
    let store = db.open().expect("open");
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
    let ids = people_ids(&*store);
    store
        .write_batch(
            &[
                interaction("instagram", 3, "anna", Some("anna@example.org"), 30),
                interaction("reddit", 4, "anna_r", Some("anna@example.org"), 40),
            ],
            &[],
        )
        .expect("write");
    assert_eq!(store.counts().expect("counts").people, 1);
    let keep = store
        .find_person("anna@example.org")
        .expect("find")
        .expect("anna");
    let mut links: Vec<_> = store.links(keep).expect("links");
    links.reverse();
    for l in links {
        store.unlink(l.id, 50).expect("unlink");
    }
    assert_eq!(people_ids(&*store), ids);
}
}

per_backend! {
fn a_handle_in_a_bio_is_a_suggestion_until_accepted(db) {
    let store = db.open().expect("open");
    let mut with_bio = interaction("reddit", 2, "anna_r", None, 20);
    if let Record::Interaction(i) = &mut with_bio {
        i.author.bio = Some("Gravel. insta @Anna".into());
    }
    store
        .write_batch(
            &[interaction("instagram", 1, "anna", None, 10), with_bio],
            &[],
        )
        .expect("write");
    let before = dump(&*store);
    let list = store.link_suggestions().expect("suggestions");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, "handle_in_bio");
    assert!((list[0].confidence - 0.8).abs() < 1e-9);
    assert_eq!(store.scan_links(60).expect("scan"), 0, "no duplicates");
    let link = store
        .decide_suggestion(list[0].id, true, 70)
        .expect("accept")
        .expect("merged");
    assert_eq!(store.counts().expect("counts").people, 1);
    assert!(store.link_suggestions().expect("suggestions").is_empty());
    store.unlink(link, 80).expect("unlink");
    assert_eq!(before, dump(&*store));
    assert!(store.link_suggestions().expect("suggestions").is_empty());
}
}

fn with_bio(channel: &str, id: u32, handle: &str, bio: &str) -> Record {
    let mut r = interaction(channel, id, handle, None, i64::from(id));
    if let Record::Interaction(i) = &mut r {
        i.author.bio = Some(bio.into());
    }
    r
}

per_backend! {
fn a_bio_stored_first_names_an_identity_that_arrives_later(db) {
    let store = db.open().expect("open");
    store
        .write_batch(
            &[with_bio("reddit", 1, "anna_r", "Gravel. insta @Anna")],
            &[],
        )
        .expect("first batch");
    assert!(store.link_suggestions().expect("suggestions").is_empty());
    store
        .write_batch(&[interaction("instagram", 2, "anna", None, 20)], &[])
        .expect("second batch");
    let list = store.link_suggestions().expect("suggestions");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].identity, "reddit:anna_r");
    assert_eq!(list[0].other_identity, "instagram:anna");
}
}

#[test]
fn a_database_of_the_ninth_schema_upgrades_with_its_bios_texts_and_marks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let path = path.to_str().expect("path");
    {
        let mut conn = rusqlite::Connection::open(path).expect("raw open");
        rapport_store::sqlite::migrate_to(&mut conn, 9).expect("schema 9");
        conn.execute_batch(
            "INSERT INTO person (id, name, is_brand, created_at) VALUES (1, 'Anna', 0, 0);
             INSERT INTO identity (id, person_id, channel, handle, bio)
                 VALUES (1, 1, 'reddit', 'anna_r', 'IG: @anna');
             INSERT INTO interaction (id, channel, external_id, kind, identity_id, text,
                                      created_at, from_brand, signals)
                 VALUES (1, 'reddit', 'x1', 'comment', 1, 'Gravel all day', 10, 0, 0);
             INSERT INTO score_state (id, as_of, profile) VALUES (1, 10, 'p');
             DELETE FROM person_dirty;",
        )
        .expect("rows of schema 9");
    }
    let store = SqliteStore::open(path).expect("open upgrades");
    let rows = store.interactions().expect("interactions");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].text, "Gravel all day",
        "the words moved with the upgrade"
    );
    assert_eq!(rows[0].root, "x1", "threads were derived on the upgrade");
    assert_eq!(rows[0].answered_at, None);
    assert!(
        store.score_state().expect("state").is_none(),
        "the verdicts are judged again, with their new columns"
    );
    assert_eq!(
        store.claim_changed(1).expect("dirty").people,
        vec![PersonId(1)]
    );
    store
        .write_batch(&[interaction("instagram", 2, "anna", None, 20)], &[])
        .expect("write");
    let list = store.link_suggestions().expect("suggestions");
    assert_eq!(list.len(), 1, "the stored bio was read: {list:?}");
    assert_eq!(list[0].identity, "reddit:anna_r");
    let dirty = store.claim_changed(2).expect("dirty");
    assert_eq!(dirty.through, 2);
    assert_eq!(
        dirty.people.len(),
        2,
        "what the first pass held and the new interaction's author: {dirty:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// However records arrive — in one batch or many, bio before handle
    /// or after — what each batch checks finds every suggestion a scan of
    /// the whole database finds.
    #[test]
    fn batches_find_what_a_full_scan_finds(
        records in prop::collection::vec(
            (prop::sample::select(vec!["instagram", "reddit", "x"]),
             prop::sample::select(vec!["anna", "ben", "cleo"]),
             prop::option::of(prop::sample::select(vec![
                 "IG: @anna", "insta @ben", "twitter.com/cleo", "x: @anna", "coffee"]))),
            1..12),
        cut in 1usize..6,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(dir.path().join("t.db").to_str().expect("path")).expect("open");
        let records: Vec<Record> = records
            .iter()
            .enumerate()
            .map(|(n, (c, h, bio))| match bio {
                Some(b) => with_bio(c, n as u32, h, b),
                None => interaction(c, n as u32, h, None, n as i64),
            })
            .collect();
        for batch in records.chunks(cut) {
            store.write_batch(batch, &[]).expect("write");
        }
        let found = store.link_suggestions().expect("suggestions").len();
        prop_assert_eq!(store.scan_links(99).expect("scan"), 0);
        prop_assert_eq!(store.link_suggestions().expect("suggestions").len(), found);
    }
}

/// One message of a conversation: on `channel`, `id`, by `who` (`None`:
/// the shop), replying to message `parent` if given, at `at`.
fn message(channel: &str, id: u32, who: Option<&str>, parent: Option<u32>, at: i64) -> Record {
    let handle = who.unwrap_or("shop");
    // Two of the people share an email on one channel: they merge.
    let email = match (who, channel) {
        (Some("dev"), "x") | (Some("eve"), _) => Some("de@example.org"),
        _ => None,
    };
    let mut r = interaction(channel, id, handle, email, at);
    if let Record::Interaction(i) = &mut r {
        i.kind = match (parent.is_some(), id % 7) {
            (_, 0) => Kind::Like,
            (true, _) => Kind::Reply,
            (false, _) => Kind::Comment,
        };
        i.from_brand = who.is_none();
        i.in_reply_to = parent.map(|p| format!("x{p}"));
        // Some words complain, some ask, some are stock phrases.
        i.text = match id % 4 {
            0 => "My order arrived broken, very disappointed".into(),
            1 => "Does the trail tyre fit a 29er?".into(),
            2 => "Great post!".into(),
            _ => format!("The gravel tyre {id} rolls fast on the Alb"),
        };
    }
    r
}

fn conversation_strategy() -> impl Strategy<Value = Vec<Record>> {
    let one = (
        prop::sample::select(vec!["x", "mastodon"]),
        prop::option::weighted(
            0.75,
            prop::sample::select(vec!["anna", "ben", "cleo", "dev", "eve"]),
        ),
        prop::option::weighted(0.7, 0u32..30),
        0i64..400_000,
    );
    prop::collection::vec(one, 1..30).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(n, (c, who, parent, at))| {
                let id = n as u32;
                // A reply names an earlier message (of the conversation,
                // not of the arrival: those are shuffled below), which may
                // never come. Replies never form a cycle on a platform;
                // how a cycle is threaded is only bounded, not specified.
                let parent = parent.map(|p| if p >= 25 { p + 100 } else { p % id.max(1) });
                // Nobody replies to a like (every seventh message is one).
                let parent = parent.filter(|&p| p != id && (p >= 100 || p % 7 != 0));
                message(c, id, who, parent, at)
            })
            .collect()
    })
}

/// A store opened as its own type, for what only the store types have
/// (`check_derived`), on either backend.
enum Opened {
    Sqlite(Box<SqliteStore>),
    Postgres(PgStore),
}

impl Opened {
    fn open(db: &TestDb) -> Opened {
        match db.backend() {
            Backend::Sqlite => {
                let path = db.url().trim_start_matches("sqlite://");
                Opened::Sqlite(Box::new(SqliteStore::open(path).expect("open")))
            }
            Backend::Postgres => Opened::Postgres(PgStore::open(db.url()).expect("open")),
        }
    }

    fn store(&self) -> &dyn Store {
        match self {
            Opened::Sqlite(s) => &**s,
            Opened::Postgres(s) => s,
        }
    }

    fn check_derived(&self, max: usize) -> Vec<String> {
        match self {
            Opened::Sqlite(s) => s.check_derived(max),
            Opened::Postgres(s) => s.check_derived(max),
        }
        .expect("check")
    }
}

/// However messages arrive — replies before what they answer, the
/// shop's answers before or after the words, in one batch or many,
/// people merging by email and parting again — the threads, answers,
/// queue and report days the writers keep equal those derived from
/// everything at once.
fn kept_view_state_equals_the_state_derived_at_once(
    backend: Backend,
    records: &[Record],
    cut: usize,
    seed: u64,
) -> Result<(), TestCaseError> {
    let db = TestDb::new(backend);
    let opened = Opened::open(&db);
    let store = opened.store();
    let mut order: Vec<&Record> = records.iter().collect();
    // A deterministic shuffle by seed.
    order.sort_by_key(|r| {
        let id = match r {
            Record::Interaction(i) => i.external_id.clone(),
            Record::Order(o) => o.order_id.clone(),
        };
        let mut h = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for b in id.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h
    });
    let order: Vec<Record> = order.into_iter().cloned().collect();
    let brief: Vec<String> = order
        .iter()
        .map(|r| match r {
            Record::Interaction(i) => format!(
                "{}:{} {} by {} -> {:?} at {}",
                i.channel.as_str(),
                i.external_id,
                i.kind.as_str(),
                i.author.handle.as_str(),
                i.in_reply_to,
                i.created_at.secs()
            ),
            Record::Order(o) => o.order_id.clone(),
        })
        .collect();
    let brief = format!("cut {cut}: {}", brief.join("; "));
    for batch in order.chunks(cut) {
        store.write_batch(batch, &[]).expect("write");
        let diff = opened.check_derived(10);
        prop_assert!(
            diff.is_empty(),
            "after a batch:\n{}\n{brief}",
            diff.join("\n")
        );
    }
    // Read some words again: a complaint becomes praise and back.
    let again: Vec<(rapport_core::InteractionId, rapport_store::AnalysisRow)> = store
        .interactions()
        .expect("rows")
        .iter()
        .filter(|i| i.id.0 % 3 == seed as i64 % 3)
        .map(|i| {
            let complaint = i.text.contains("broken");
            (
                i.id,
                rapport_store::AnalysisRow {
                    language: "en".into(),
                    sentiment: if complaint { "positive" } else { "negative" }.into(),
                    sentiment_confidence: 0.9,
                    intent: if complaint { "praise" } else { "complaint" }.into(),
                    intents: vec![if complaint { "praise" } else { "complaint" }.into()],
                    topics: vec![],
                    specificity: 0.5,
                    generic: false,
                },
            )
        })
        .collect();
    store.write_analyses(&again).expect("analyses");
    let diff = opened.check_derived(10);
    prop_assert!(diff.is_empty(), "after reading again:\n{}", diff.join("\n"));
    // Undo every merge, then do them again by hand.
    let merged = store.merged_people().expect("merges");
    for person in merged.iter().map(|(_, keep)| *keep) {
        for l in store.links(person).expect("links") {
            if l.reason == "same_email" && !l.undone {
                store.unlink(l.id, 1).expect("unlink");
            }
        }
    }
    let diff = opened.check_derived(10);
    prop_assert!(
        diff.is_empty(),
        "after undoing merges:\n{}",
        diff.join("\n")
    );
    for (gone, keep) in merged {
        if store
            .find_person(&gone.0.to_string())
            .expect("find")
            .is_some()
        {
            store.link(keep, gone, "explicit", "test", 2).expect("link");
        }
    }
    let diff = opened.check_derived(10);
    prop_assert!(
        diff.is_empty(),
        "after merging by hand:\n{}",
        diff.join("\n")
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn kept_view_state_equals_the_state_derived_at_once_on_sqlite(
        records in conversation_strategy(),
        cut in 1usize..8,
        seed in 0u64..1000,
    ) {
        kept_view_state_equals_the_state_derived_at_once(Backend::Sqlite, &records, cut, seed)?;
    }

    #[test]
    fn kept_view_state_equals_the_state_derived_at_once_on_postgres(
        records in conversation_strategy(),
        cut in 1usize..8,
        seed in 0u64..1000,
    ) {
        kept_view_state_equals_the_state_derived_at_once(Backend::Postgres, &records, cut, seed)?;
    }
}

/// A store with one comment by each of `n` people (`p0`, `p1`, …), a
/// second apart.
fn commenters(db: &TestDb, n: u32) -> Box<dyn Store> {
    let store = db.open().expect("open");
    let records: Vec<Record> = (0..n)
        .map(|i| {
            interaction(
                "instagram",
                i,
                &format!("p{i}"),
                None,
                1_700_000_000 + i64::from(i),
            )
        })
        .collect();
    store.write_batch(&records, &[]).expect("write");
    store
}

/// The ladder's verdict on `input` at `as_of`, for a test to adjust.
fn verdict(input: &rapport_store::ScoreInput, as_of: i64) -> rapport_store::ScoreRow {
    let h = rapport_core::ladder::History {
        activities: input.activities.clone(),
        purchases: Vec::new(),
        followers: input.followers,
    };
    rapport_store::ScoreRow {
        person: input.person,
        assessment: rapport_core::ladder::assess(&h, as_of),
        next_change: None,
        moments: rapport_store::Moments::default(),
    }
}

per_backend! {
/// A label most people carry is listed by walking the sort's own index
/// for small pages and by sorting the labelled for large ones: both give
/// the same order, so small pages add up to the list read at once.
fn a_common_label_in_small_pages_is_the_list_sorted_at_once(db) {
    use rapport_core::ladder::Label;
    use rapport_store::views::{PeopleFilter, PeopleSort};
    use rapport_store::{ScoreRow, ScoreState};
    let store = commenters(db, 30);
    let (inputs, through) = store.score_inputs().expect("inputs");
    assert_eq!(inputs.len(), 30);
    let rows: Vec<ScoreRow> = inputs
        .iter()
        .enumerate()
        .map(|(n, input)| {
            let mut row = verdict(input, 1_700_000_100);
            let a = &mut row.assessment;
            // 26 of 30 carry the label; scores repeat so ties need the id.
            a.labels = if n % 8 == 3 {
                vec![]
            } else {
                vec![Label::Evangelist]
            };
            let v = (n * 7 % 5) as f64 / 4.0;
            a.scores.engagement = v;
            a.scores.loyalty = 1.0 - v;
            a.scores.advocacy = v / 2.0;
            a.scores.reach = (n % 3) as f64 / 2.0;
            a.scores.lifetime_value = (n * 13 % 7) as f64;
            row
        })
        .collect();
    store.claim(7, None).expect("claim");
    let state = ScoreState {
        as_of: 1_700_000_100,
        profile: "test".into(),
        through,
    };
    store
        .write_scores(&rows, &[], 7, true, true, &state)
        .expect("scores");
    let filter = PeopleFilter {
        stage: None,
        label: Some(Label::Evangelist),
    };
    for (name, sort) in PeopleSort::ALL {
        let ids = |offset, limit| {
            let (briefs, total) = store
                .people_page(&filter, sort, offset, limit)
                .expect("page");
            assert_eq!(total, 26);
            briefs.into_iter().map(|b| b.id).collect::<Vec<_>>()
        };
        let whole = ids(0, u64::MAX);
        assert_eq!(whole.len(), 26, "{name}");
        let mut paged = Vec::new();
        while paged.len() < whole.len() {
            let next = ids(paged.len() as u64, 1);
            assert_eq!(next.len(), 1, "{name}");
            paged.extend(next);
        }
        assert_eq!(paged, whole, "by {name}");
    }
}
}

/// The report's figures per day and channel and its response times, in
/// a comparable form.
fn report_days(store: &dyn Store) -> String {
    let rows = store.report_rows(None, &[]).expect("report rows");
    let mut responses = rows.responses.clone();
    responses.sort();
    format!("{:?}\n{responses:?}", rows.days)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Forgetting anyone — someone merged by email included — leaves the
    /// threads, answers and queue what a rebuild from the messages left
    /// gives, and the report's days and response times as they were;
    /// importing everything again stores nothing of them.
    #[test]
    fn forgetting_anyone_keeps_the_derived_state_and_every_past_report(
        records in conversation_strategy(),
        who in prop::sample::select(vec!["anna", "ben", "cleo", "dev", "eve"]),
        cut in 1usize..8,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(dir.path().join("t.db").to_str().expect("path")).expect("open");
        for batch in records.chunks(cut) {
            store.write_batch(batch, &[]).expect("write");
        }
        let Some(person) = store.find_person(who).expect("find") else {
            return Ok(());
        };
        // Every account of theirs, to look them up by afterwards.
        let accounts: Vec<String> = store
            .people()
            .expect("people")
            .into_iter()
            .filter(|p| p.id == person)
            .flat_map(|p| p.identities)
            .map(|i| format!("{}:{}", i.channel, i.handle))
            .collect();
        let gone = |store: &SqliteStore| -> bool {
            accounts
                .iter()
                .all(|a| store.find_person(a).expect("find").is_none())
        };
        let before = report_days(&store);
        let erased = store.forget_person(person, "test", 500_000).expect("forget");
        prop_assert_eq!(erased.person, person);
        prop_assert!(gone(&store));
        let diff = store.check_derived(10).expect("check");
        prop_assert!(diff.is_empty(), "after forgetting {who}:\n{}", diff.join("\n"));
        prop_assert_eq!(&before, &report_days(&store));
        let counts = store.counts().expect("counts");
        let outcomes = store.write_batch(&records, &[]).expect("again");
        prop_assert!(outcomes.iter().all(|o| *o != Outcome::Imported), "{outcomes:?}");
        prop_assert!(outcomes.contains(&Outcome::Forgotten));
        prop_assert_eq!(counts, store.counts().expect("counts"));
        prop_assert!(gone(&store));
        let diff = store.check_derived(10).expect("check");
        prop_assert!(diff.is_empty(), "after importing again:\n{}", diff.join("\n"));
        prop_assert_eq!(&before, &report_days(&store));
    }
}

per_backend! {
fn the_version_moves_with_every_commit_of_any_connection_and_not_with_reads(db) {
    let mine = db.open().expect("open");
    // Another handle on the same database: another process, as far as
    // the database can tell (its own connections).
    let theirs = db.open().expect("open again");
    let v0 = mine.version().expect("version");
    mine.counts().expect("a read");
    assert_eq!(
        mine.version().expect("version"),
        v0,
        "a read changes nothing"
    );
    theirs
        .write_batch(&[interaction("instagram", 1, "anna", None, 1_000)], &[])
        .expect("their write");
    let v1 = mine.version().expect("version");
    assert_ne!(v1, v0, "a commit by another connection moves the version");
    mine.write_batch(&[interaction("instagram", 2, "ben", None, 2_000)], &[])
        .expect("my write");
    let v2 = mine.version().expect("version");
    assert_ne!(v2, v1, "a commit by this handle moves it too");
    if db.backend() == Backend::Sqlite {
        let memory = SqliteStore::open(":memory:").expect("memory");
        let m0 = memory.version().expect("version");
        memory
            .write_batch(&[interaction("instagram", 3, "cleo", None, 3_000)], &[])
            .expect("write");
        assert_ne!(memory.version().expect("version"), m0, "and in memory");
    }
}

/// Any write moves the version, not only a batch: a user added by
/// another handle, a touch logged by this one.
fn the_version_moves_with_every_kind_of_write_and_not_with_reads(db) {
    let mine = db.open().expect("open");
    let theirs = db.open().expect("open again");
    let v0 = mine.version().expect("version");
    // (Only reads both stores run apart from the writer: on SQLite some
    // reads borrow the writer, which the contract allows to move it.)
    mine.users().expect("a read");
    assert_eq!(mine.version().expect("version"), v0, "a read changes nothing");
    theirs
        .create_user("ana@example.org", rapport_store::Role::Agent, "x", 1)
        .expect("their user");
    let v1 = mine.version().expect("version");
    assert_ne!(v1, v0, "their commit moves the version");
    mine.add_touch(PersonId(1), "gift", "a sample", 2, None)
        .expect("my touch");
    assert_ne!(mine.version().expect("version"), v1, "and so does mine");
}
}

per_backend! {
/// A ladder pass writes only the people it still holds: one that started
/// later takes them over, and the earlier pass's (older) verdicts are not
/// written over the newer ones; a verdict of someone merged away since is
/// dropped; a finished pass holds no one.
fn a_ladder_pass_writes_only_the_people_it_still_holds(db) {
    use rapport_store::{ScoreRow, ScoreState};
    let store = commenters(db, 3);
    // Verdicts told apart by the lifetime value each pass gives.
    let verdicts = |value: u8| -> Vec<ScoreRow> {
        let (inputs, _) = store.score_inputs().expect("inputs");
        inputs
            .iter()
            .map(|input| {
                let mut row = verdict(input, 1_700_000_100);
                row.assessment.scores.lifetime_value = f64::from(value);
                row
            })
            .collect()
    };
    let state = ScoreState {
        as_of: 1_700_000_100,
        profile: "test".into(),
        through: 3,
    };
    // Pass 1 takes everyone who changed, then pass 2 starts and takes
    // them over before pass 1 writes.
    let first = store.claim_changed(1).expect("pass 1");
    assert_eq!(first.people.len(), 3);
    let old = verdicts(1);
    let second = store.claim_changed(2).expect("pass 2");
    assert_eq!(second.people, first.people, "pass 2 holds what pass 1 did");
    let new = verdicts(2);
    store
        .write_scores(&new, &[], 2, true, false, &state)
        .expect("pass 2 writes");
    store
        .write_scores(&old, &[], 1, true, false, &state)
        .expect("pass 1 writes late");
    let stored = store.stored_scores().expect("stored");
    assert_eq!(stored.len(), 3);
    assert!(
        stored
            .iter()
            .all(|r| r.assessment.scores.lifetime_value == 2.0),
        "pass 1's late verdicts did not replace pass 2's"
    );
    // Someone merged away after a pass took them: their verdict is not
    // kept.
    let people: Vec<PersonId> = stored.iter().map(|r| r.person).collect();
    store.claim(3, Some(&people)).expect("pass 3");
    let rows = verdicts(3);
    store
        .link(people[0], people[1], "manual", "same rider", 1_700_000_200)
        .expect("merge");
    store
        .write_scores(&rows, &[], 3, true, false, &state)
        .expect("pass 3 writes");
    let stored = store.stored_scores().expect("stored");
    assert!(
        stored.iter().all(|r| r.person != people[1]),
        "no verdict for the person merged away: {:?}",
        stored.iter().map(|r| r.person).collect::<Vec<_>>()
    );
    let held = store.claim_changed(4).expect("pass 4");
    assert!(
        !held.people.contains(&people[2]),
        "a finished pass holds no one: {:?}",
        held.people
    );
}
}

per_backend! {
fn visits_to_the_inbox_are_looks_half_an_hour_apart(db) {
    let store = db.open().expect("open");
    let u = store
        .create_user("ana@example.org", rapport_store::Role::Agent, "x", 0)
        .expect("user");
    let other = store
        .create_user("ben@example.org", rapport_store::Role::Agent, "x", 0)
        .expect("user");
    let t = 1_767_571_200;
    // A first look: no visit before it.
    assert_eq!(store.inbox_visit(u.id, t).expect("visit"), None);
    // Looks within half an hour belong to that visit.
    assert_eq!(store.inbox_visit(u.id, t + 20 * 60).expect("visit"), None);
    assert_eq!(store.inbox_visit(u.id, t + 45 * 60).expect("visit"), None);
    assert_eq!(store.last_visit(u.id).expect("last"), None);
    // A look two hours after the last starts a new visit: the one before
    // ended at the last look.
    let next = t + 45 * 60 + 2 * 3_600;
    assert_eq!(
        store.inbox_visit(u.id, next).expect("visit"),
        Some(t + 45 * 60)
    );
    assert_eq!(
        store.inbox_visit(u.id, next + 60).expect("visit"),
        Some(t + 45 * 60)
    );
    assert_eq!(store.last_visit(u.id).expect("last"), Some(t + 45 * 60));
    // Each user has their own.
    assert_eq!(store.last_visit(other.id).expect("last"), None);
}
}

per_backend! {
fn looks_within_a_minute_write_nothing(db) {
    let store = db.open().expect("open");
    let u = store
        .create_user("ana@example.org", rapport_store::Role::Agent, "x", 0)
        .expect("user");
    let t = 1_767_571_200;
    store.inbox_visit(u.id, t).expect("visit");
    let version = store.version().expect("version");
    // Looks under a minute after the stored one change nothing, so the
    // views the engine remembers stay valid.
    for dt in [0, 1, 30, rapport_store::team::LOOK_GRAIN - 1] {
        assert_eq!(store.inbox_visit(u.id, t + dt).expect("visit"), None);
        assert_eq!(store.version().expect("version"), version, "look at +{dt} s");
    }
    // A minute on, the look is written down again.
    store
        .inbox_visit(u.id, t + rapport_store::team::LOOK_GRAIN)
        .expect("visit");
    assert_ne!(store.version().expect("version"), version);
    // And a new visit still starts half an hour after the latest look.
    let later = t + rapport_store::team::LOOK_GRAIN + rapport_store::team::VISIT_GAP + 1;
    assert_eq!(
        store.inbox_visit(u.id, later).expect("visit"),
        Some(t + rapport_store::team::LOOK_GRAIN)
    );
}
}

mod corrections {
    use super::interaction;
    use rapport_core::InteractionId;
    use rapport_store::testing::{Backend, TestDb};
    use rapport_store::{per_backend, Corrected, CorrectionSource, NewCorrection, Store};

    fn correction(about: Corrected, task: &str, label: &str, at: i64) -> NewCorrection {
        NewCorrection {
            task: task.into(),
            about,
            label: label.into(),
            source: CorrectionSource::Api,
            actor: "anna@example.org".into(),
            at,
        }
    }

    fn stored(db: &TestDb) -> (Box<dyn Store>, InteractionId) {
        let store = db.open().expect("open");
        store
            .write_batch(&[interaction("instagram", 1, "anna", None, 100)], &[])
            .expect("write");
        let id = store.texts(InteractionId(0), 10).expect("texts")[0].id;
        (store, id)
    }

    per_backend! {
    fn a_correction_of_a_message_reads_its_words_and_a_newer_one_replaces_it(db) {
        let (store, id) = stored(db);
        let on = || Corrected::Interaction(id);
        store
            .add_corrections(&[
                correction(on(), "sentiment", "positive", 1),
                correction(on(), "intent", "not_question", 2),
                correction(on(), "intent", "recommendation", 3),
                correction(
                    Corrected::Text("Tolle Lieferung".into()),
                    "sentiment",
                    "negative",
                    4,
                ),
            ])
            .expect("add");
        store
            .add_corrections(&[
                correction(on(), "sentiment", "negative", 5),
                correction(on(), "intent", "question", 6),
            ])
            .expect("add");
        let all = store.corrections().expect("list");
        let seen: Vec<(&str, &str, &str)> = all
            .iter()
            .map(|c| (c.task.as_str(), c.label.as_str(), c.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("intent", "recommendation", "comment 1"),
                ("sentiment", "negative", "Tolle Lieferung"),
                ("sentiment", "negative", "comment 1"),
                ("intent", "question", "comment 1"),
            ]
        );
        assert_eq!(store.corrections_of(id).expect("of").len(), 3);
        assert_eq!(all[0].source, CorrectionSource::Api);
    }    }

    per_backend! {
    fn a_deleted_correction_is_returned_once_and_gone(db) {
        let (store, id) = stored(db);
        let ids = store
            .add_corrections(&[correction(
                Corrected::Interaction(id),
                "sentiment",
                "neutral",
                1,
            )])
            .expect("add");
        let gone = store.delete_correction(ids[0]).expect("delete");
        assert_eq!(gone.map(|c| c.label), Some("neutral".to_string()));
        assert_eq!(store.delete_correction(ids[0]).expect("delete"), None);
        assert!(store.corrections().expect("list").is_empty());
    }    }

    #[test]
    fn forgetting_a_person_forgets_the_corrections_of_their_messages() {
        let db = TestDb::new(Backend::Sqlite);
        let (store, id) = stored(&db);
        store
            .add_corrections(&[
                correction(Corrected::Interaction(id), "sentiment", "neutral", 1),
                correction(Corrected::Text("kept".into()), "sentiment", "neutral", 2),
            ])
            .expect("add");
        let person = store
            .find_person("instagram:anna")
            .expect("find")
            .expect("anna");
        store.forget_person(person, "test", 10).expect("forget");
        let left: Vec<String> = store
            .corrections()
            .expect("list")
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(left, ["kept"]);
    }

    per_backend! {
    fn each_stored_layer_gets_the_next_revision(db) {
        let (store, _) = stored(db);
        assert_eq!(store.shop_layer_revision().expect("rev"), 0);
        assert_eq!(store.shop_layer().expect("layer"), None);
        assert_eq!(store.set_shop_layer(b"one", 3, 10).expect("set"), 1);
        assert_eq!(store.set_shop_layer(b"two", 4, 11).expect("set"), 2);
        let l = store.shop_layer().expect("layer").expect("stored");
        assert_eq!(
            (l.revision, l.model.as_slice(), l.corrections),
            (2, &b"two"[..], 4)
        );
        assert_eq!(store.shop_layer_revision().expect("rev"), 2);
    }    }
}

per_backend! {
/// Search, through the store as the engine calls it: Thai words inside
/// a sentence, German words whatever their case and accents, people by
/// name, handle and address, and words stored after a search.
fn thai_and_german_words_and_people_are_found_after_each_import(db) {
    let store = db.open().expect("open");
    let said = |id: u32, handle: &str, name: &str, email: Option<&str>, text: &str| {
        let Record::Interaction(mut i) = interaction("instagram", id, handle, email, 1_700_000_000)
        else {
            unreachable!("an interaction")
        };
        i.author.display_name = Some(name.to_string());
        i.text = text.to_string();
        Record::Interaction(i)
    };
    store
        .write_batch(
            &[
                said(1, "somchai", "สมชาย ใจดี", None, "ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ"),
                said(2, "klaus", "Klaus Müller", Some("klaus@example.org"), "Habt ihr den Reifen in 29 Zoll?"),
            ],
            &[],
        )
        .expect("write");
    let found = |expr: &str| {
        let rows = store.search(expr, 10).expect("search");
        let texts: Vec<String> = rows
            .messages
            .iter()
            .map(|id| store.interaction(*id).expect("one").expect("stored").text)
            .collect();
        (rows.people.len(), texts)
    };
    assert_eq!(found("\"จักรยาน\"").1, vec!["ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ"]);
    assert_eq!(found("\"reifen\" \"ZOLL\"").1, vec!["Habt ihr den Reifen in 29 Zoll?"]);
    assert!(found("\"Reifen\" \"Fahrrad\"").1.is_empty());
    assert_eq!(found("\"muller\"").0, 1);
    assert_eq!(found("\"klaus@example\"").0, 1);
    assert_eq!(found("\"ใจดี\"").0, 1);
    store
        .write_batch(
            &[said(3, "lina.velo", "Lina", None, "Gibt es das Schlauchlos-Ventil einzeln?")],
            &[],
        )
        .expect("write");
    assert_eq!(found("\"schlauchlos\"").1, vec!["Gibt es das Schlauchlos-Ventil einzeln?"]);
    assert_eq!(found("\"lina.velo\"").0, 1);
}
}

/// The open stock phrases kept as they come and go (`stock_count`, the
/// `stock` of `inbox_count`): the kept counts against a count of the
/// queue from scratch, and the views that read them against the views'
/// way that reads every matching message.
mod stock {
    use super::interaction;
    use rapport_core::signals::Signals;
    use rapport_core::{InteractionId, Kind, Record};
    use rapport_store::sql::{args, Db, DbExt};
    use rapport_store::team::InboxAction;
    use rapport_store::testing::TestDb;
    use rapport_store::views::QueueFilter;
    use rapport_store::{per_backend, AnalysisRow, SqliteStore, Store, StoreError};

    const NOW: i64 = 1_700_000_000;

    /// Message `id` on `channel` under `post`, by `who` (none: the shop,
    /// answering `parent`), `mins` minutes before [`NOW`].
    fn said(
        channel: &str,
        id: u32,
        who: Option<&str>,
        post: Option<&str>,
        parent: Option<u32>,
        mins: i64,
        text: &str,
    ) -> Record {
        let mut r = interaction(channel, id, who.unwrap_or("shop"), None, NOW - mins * 60);
        if let Record::Interaction(i) = &mut r {
            i.from_brand = who.is_none();
            i.post_id = post.map(str::to_string);
            i.in_reply_to = parent.map(|p| format!("x{p}"));
            i.kind = if parent.is_some() {
                Kind::Reply
            } else {
                Kind::Comment
            };
            i.text = text.to_string();
        }
        r
    }

    /// Sixty messages of four people on two channels, under three posts
    /// and none, over four days: two in three are stock phrases.
    fn messages() -> Vec<Record> {
        let people = ["anna", "ben", "cleo", "dev"];
        let posts = [Some("p1"), Some("p2"), None, Some("p3")];
        (0..60u32)
            .map(|n| {
                let text = match n % 3 {
                    0 => "Nice post 👍",
                    1 => "Great post!",
                    _ => "Does the trail tyre fit a 29er?",
                };
                let channel = if n % 2 == 0 { "instagram" } else { "x" };
                let post = posts[(n as usize / 2) % 4];
                let who = people[(n as usize / 3) % 4];
                said(channel, n, Some(who), post, None, i64::from(n) * 97, text)
            })
            .collect()
    }

    /// Rows of `sql` as text, one line each.
    fn lines(db: &dyn Db, sql: &str, columns: usize) -> Result<Vec<String>, StoreError> {
        db.rows(sql, args![], |r| {
            let mut line = Vec::with_capacity(columns);
            for i in 0..columns {
                line.push(match r.get::<Option<i64>>(i) {
                    Ok(v) => format!("{v:?}"),
                    Err(_) => format!("{:?}", r.get::<Option<String>>(i)?),
                });
            }
            Ok(line.join("|"))
        })
    }

    /// The kept counts equal those counted from the queue and the
    /// messages themselves.
    fn kept_equals_counted(db: &TestDb, when: &str) {
        let (kept, counted, kept_ranks, counted_ranks) = db
            .with_db(|d| {
                Ok((
                    lines(
                        d,
                        "SELECT channel, has_post, post, n FROM stock_count WHERE n <> 0
                         ORDER BY 1, 2, 3",
                        4,
                    )?,
                    lines(
                        d,
                        "SELECT i.channel, CASE WHEN i.post_id IS NULL THEN 0 ELSE 1 END,
                                coalesce(i.post_id, ''), count(*)
                         FROM inbox_queue q JOIN interaction i ON i.id = q.interaction_id
                         WHERE q.generic = 1
                         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                        4,
                    )?,
                    lines(
                        d,
                        "SELECT rank, base, vip, n, stock FROM inbox_count
                         WHERE n <> 0 OR stock <> 0 ORDER BY 1, 2, 3",
                        5,
                    )?,
                    lines(
                        d,
                        "SELECT rank, base, vip, count(*), sum(generic) FROM inbox_queue
                         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                        5,
                    )?,
                ))
            })
            .expect("counts");
        assert_eq!(kept, counted, "stock phrases per post, {when}");
        assert_eq!(kept_ranks, counted_ranks, "queue counts, {when}");
        // Each queue row carries its message's channel, post, signals and
        // language.
        let unlike = db
            .with_db(|d| {
                lines(
                    d,
                    "SELECT q.interaction_id FROM inbox_queue q
                     JOIN interaction i ON i.id = q.interaction_id
                     LEFT JOIN analysis a ON a.interaction_id = q.interaction_id
                     WHERE q.signals <> coalesce(i.signals, 0) OR q.channel <> i.channel
                        OR (q.post_id IS NULL) <> (i.post_id IS NULL)
                        OR q.post_id <> i.post_id
                        OR q.language IS DISTINCT FROM a.language",
                    1,
                )
            })
            .expect("queue rows");
        assert!(
            unlike.is_empty(),
            "queue rows unlike their messages, {when}: {unlike:?}"
        );
    }

    /// What the views read from the kept counts equals what they read
    /// from every matching message (a filter on time that lets everything
    /// through takes that way); returns the stock groups.
    fn views_agree(store: &dyn Store, when: &str) -> Vec<rapport_store::views::StockGroup> {
        let every = |f: QueueFilter| QueueFilter {
            since: Some(i64::MIN),
            ..f
        };
        for f in [
            QueueFilter::default(),
            QueueFilter {
                channels: vec!["x".into()],
                ..QueueFilter::default()
            },
            QueueFilter {
                channels: vec!["instagram".into()],
                post: Some("p1".into()),
                ..QueueFilter::default()
            },
        ] {
            let kept = store.stock_groups(NOW, &f).expect("groups");
            let read = store.stock_groups(NOW, &every(f.clone())).expect("groups");
            assert_eq!(kept, read, "stock groups of {f:?}, {when}");
        }
        let folded = QueueFilter {
            signals_none: Signals::GENERIC,
            ..QueueFilter::default()
        };
        for (offset, limit) in [(0, 100), (0, 4), (3, 5), (9, 7)] {
            let page = |f: &QueueFilter| {
                let p = store.queue_page(NOW, f, offset, limit).expect("page");
                let ids: Vec<_> = p.items.iter().map(|i| i.interaction.id).collect();
                (ids, p.total)
            };
            assert_eq!(
                page(&folded),
                page(&every(folded.clone())),
                "the folded page {offset}+{limit}, {when}"
            );
        }
        store
            .stock_groups(NOW, &QueueFilter::default())
            .expect("groups")
    }

    /// The open stock phrases, oldest first.
    fn open_stock(store: &dyn Store) -> Vec<InteractionId> {
        let only = QueueFilter {
            signals_any: Signals::GENERIC,
            ..QueueFilter::default()
        };
        let mut ids: Vec<_> = store
            .queue_page(NOW, &only, 0, 1000)
            .expect("page")
            .items
            .iter()
            .map(|i| i.interaction.id)
            .collect();
        ids.sort();
        ids
    }

    per_backend! {
    fn kept_stock_counts_equal_a_count_from_scratch(db) {
        let store = db.open().expect("open");
        for batch in messages().chunks(7) {
            store.write_batch(batch, &[]).expect("write");
        }
        kept_equals_counted(db, "after the import");
        let groups = views_agree(&*store, "after the import");
        let open: u64 = groups.iter().map(|g| g.count).sum();
        assert_eq!(open, 40, "two in three of 60 are stock phrases: {groups:?}");
        assert_eq!(groups.len(), 8, "two channels, three posts and none: {groups:?}");
        assert!(groups.iter().all(|g| g.sample.len() == 3));

        // The shop answers six, four of them stock phrases, on both
        // channels.
        let answers: Vec<Record> = [0u32, 1, 5, 13, 24, 29]
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let channel = if p % 2 == 0 { "instagram" } else { "x" };
                said(channel, 100 + k as u32, None, None, Some(p), 1, "Thanks!")
            })
            .collect();
        store.write_batch(&answers, &[]).expect("answers");
        kept_equals_counted(db, "after the shop's answers");
        views_agree(&*store, "after the shop's answers");
        let before = open_stock(&*store);
        assert_eq!(before.len(), 36, "four stock phrases were answered");

        // The team answers, handles, snoozes and reopens some.
        let act = |id: InteractionId, a: InboxAction, at: i64| {
            store
                .apply_inbox_action(id, &a, "ann@example.org", at)
                .expect("action");
        };
        act(before[0], InboxAction::Reply("Thank you".into()), NOW - 50);
        act(before[1], InboxAction::Handled, NOW - 40);
        act(before[2], InboxAction::Snooze(NOW + 3_600), NOW - 30);
        act(before[3], InboxAction::Snooze(NOW - 10), NOW - 30);
        act(before[4], InboxAction::Handled, NOW - 20);
        act(before[4], InboxAction::Reopen, NOW - 10);
        kept_equals_counted(db, "after the team's actions");
        let groups = views_agree(&*store, "after the team's actions");
        assert_eq!(groups.iter().map(|g| g.count).sum::<u64>(), 33);

        // One post's stock phrases handled at once.
        let g = groups[0].clone();
        let ids = store
            .stock_ids(NOW, &g.channel, g.post.as_deref())
            .expect("ids");
        assert_eq!(ids.len() as u64, g.count);
        for id in ids {
            act(id, InboxAction::Handled, NOW - 5);
        }
        kept_equals_counted(db, "after handling a group");
        let after = views_agree(&*store, "after handling a group");
        assert!(after
            .iter()
            .all(|a| (&a.channel, &a.post) != (&g.channel, &g.post)));
        assert_eq!(after.len(), groups.len() - 1);

        // Words read again: a stock phrase is one no more, a question
        // becomes one.
        let row = |generic: bool| AnalysisRow {
            language: "en".into(),
            sentiment: "neutral".into(),
            sentiment_confidence: 0.9,
            intent: "other".into(),
            intents: vec![],
            topics: vec![],
            specificity: 0.5,
            generic,
        };
        let open = open_stock(&*store);
        // A filter on what messages say reads it from the queue's rows.
        let said = |id: InteractionId| {
            let f = QueueFilter {
                signals_any: Signals::GENERIC | Signals::PRAISE,
                ..QueueFilter::default()
            };
            let page = store.queue_page(NOW, &f, 0, 1000).expect("page");
            page.items.iter().any(|i| i.interaction.id == id)
        };
        let question = store
            .interactions()
            .expect("rows")
            .into_iter()
            .find(|i| i.text.starts_with("Does") && i.answered_at.is_none())
            .expect("a question")
            .id;
        assert!(!said(question), "a question is no stock phrase yet");
        let dutch = |generic: bool| AnalysisRow {
            language: "nl".into(),
            ..row(generic)
        };
        store
            .write_analyses(&[(open[open.len() - 1], row(false)), (question, dutch(true))])
            .expect("analyses");
        assert!(said(question), "read again, the question is a stock phrase");
        // Its language too is the queue row's.
        let in_dutch = QueueFilter {
            language: Some("nl".into()),
            ..QueueFilter::default()
        };
        let page = store.queue_page(NOW, &in_dutch, 0, 1000).expect("page");
        let ids: Vec<InteractionId> = page.items.iter().map(|i| i.interaction.id).collect();
        assert_eq!(ids, vec![question], "read again in Dutch");
        kept_equals_counted(db, "after reading words again");
        views_agree(&*store, "after reading words again");
        assert!(open_stock(&*store).contains(&question));

        // Someone forgotten takes their stock phrases along.
        let anna = store.find_person("instagram:anna").expect("find").expect("anna");
        store.forget_person(anna, "test", NOW).expect("forget");
        kept_equals_counted(db, "after forgetting anna");
        let groups = views_agree(&*store, "after forgetting anna");
        assert!(!groups.is_empty());
    }
    }

    #[test]
    fn a_database_of_the_26th_schema_upgrades_with_its_stock_phrases_counted_and_its_queue_filled_in(
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.db");
        let path = path.to_str().expect("path");
        {
            let mut conn = rusqlite::Connection::open(path).expect("raw open");
            rapport_store::sqlite::migrate_to(&mut conn, 26).expect("schema 26");
            conn.execute_batch(
                "INSERT INTO person (id, name, is_brand, created_at) VALUES (1, 'Anna', 0, 0);
                 INSERT INTO identity (id, person_id, channel, handle) VALUES
                     (1, 1, 'instagram', 'anna');
                 INSERT INTO interaction (id, channel, external_id, kind, identity_id,
                                          created_at, post_id, from_brand, signals, root)
                 VALUES (1, 'instagram', 'c1', 'comment', 1, 100, 'p1', 0, 1, 'c1'),
                        (2, 'instagram', 'c2', 'comment', 1, 200, 'p1', 0, 1, 'c2'),
                        (3, 'instagram', 'c3', 'comment', 1, 300, NULL, 0, 1, 'c3'),
                        (4, 'instagram', 'c4', 'comment', 1, 400, 'p1', 0, 0, 'c4'),
                        (5, 'instagram', 'c5', 'comment', 1, 500, 'p1', 0, 1, 'c5');
                 INSERT INTO interaction_text (interaction_id, text) VALUES
                     (1, 'Nice'), (2, 'Nice'), (3, 'Nice'), (4, 'Warum?'), (5, 'Nice');
                 INSERT INTO analysis (interaction_id, language, sentiment,
                         sentiment_confidence, intent, intents, topics, specificity, generic)
                 VALUES (1, 'en', 'positive', 0.9, 'praise', '[]', '[]', 0.1, 1),
                        (4, 'de', 'neutral', 0.9, 'question', '[]', '[]', 0.5, 0);
                 INSERT INTO inbox_queue (interaction_id, person_id, at, base, rank, vip,
                                          generic)
                 VALUES (1, 1, 100, 0, 0, 0, 1), (2, 1, 200, 0, 0, 0, 1),
                        (3, 1, 300, 0, 0, 0, 1), (4, 1, 400, 20, 20, 0, 0),
                        (5, 1, 500, 0, 0, 0, 1);
                 INSERT INTO inbox_state (interaction_id, handled_at, handled_by)
                     VALUES (5, 600, 'ann@example.org');",
            )
            .expect("rows of schema 26");
        }
        let store = SqliteStore::open(path).expect("open upgrades");
        let groups = store
            .stock_groups(1_000, &QueueFilter::default())
            .expect("groups");
        let seen: Vec<_> = groups
            .iter()
            .map(|g| {
                (
                    g.channel.as_str(),
                    g.post.as_deref(),
                    g.count,
                    g.first_at,
                    g.sample.iter().map(|i| i.0).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("instagram", Some("p1"), 2, 100, vec![1, 2]),
                ("instagram", None, 1, 300, vec![3]),
            ]
        );
        // Migration 29 gave each queue row its message's signals: a
        // filter on them reads the queue alone.
        let said = QueueFilter {
            signals_any: Signals::GENERIC | Signals::PRAISE,
            ..QueueFilter::default()
        };
        let mut found: Vec<i64> = store
            .queue_page(1_000, &said, 0, 10)
            .expect("page")
            .items
            .iter()
            .map(|i| i.interaction.id.0)
            .collect();
        found.sort();
        assert_eq!(found, vec![1, 2, 3]);
        // Migration 30 gave each its message's language.
        let german = QueueFilter {
            language: Some("de".into()),
            ..QueueFilter::default()
        };
        let page = store.queue_page(1_000, &german, 0, 10).expect("page");
        let ids: Vec<i64> = page.items.iter().map(|i| i.interaction.id.0).collect();
        assert_eq!(ids, vec![4]);
        let conn = rusqlite::Connection::open(path).expect("raw open");
        let counted: Vec<(i64, i64, i64)> = conn
            .prepare("SELECT rank, n, stock FROM inbox_count WHERE n <> 0 ORDER BY rank")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(counted, vec![(0, 4, 4), (20, 1, 0)]);
        let folded = QueueFilter {
            signals_none: Signals::GENERIC,
            ..QueueFilter::default()
        };
        let page = store.queue_page(1_000, &folded, 0, 10).expect("page");
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].interaction.id, InteractionId(4));
    }
}
