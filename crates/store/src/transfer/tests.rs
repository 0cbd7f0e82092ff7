//! Moves between every pair of databases, checked row for row; what a
//! move refuses; both fresh schemas against the list of tables.

use super::tables::{names, plan, treatment, Plan, Treatment, TABLES};
use super::{compare, copy, Endpoint};
use crate::sql::{args, DbExt};
use crate::testing::{Backend, TestDb};
use crate::{NewAudit, NewJob, Role, Store};
use rapport_core::{
    Author, Channel, Email, Handle, Interaction, Kind, Order, PersonId, Record, Timestamp,
};
use std::collections::BTreeSet;

fn comment(channel: &str, id: u32, handle: &str, email: Option<&str>, text: &str) -> Record {
    Record::Interaction(Interaction {
        channel: Channel::parse(channel).expect("channel"),
        external_id: format!("x{id}"),
        kind: Kind::Comment,
        author: Author {
            handle: Handle::parse(handle).expect("handle"),
            display_name: Some(format!("{handle} ✓")),
            email: email.map(|e| Email::parse(e).expect("email")),
            followers: Some(u64::from(id) * 7),
            bio: Some("IG: @anna.rides".into()),
        },
        text: text.into(),
        created_at: Timestamp(1_700_000_000 + i64::from(id) * 3_600),
        in_reply_to: None,
        post_id: Some("p1".into()),
        url: None,
        from_brand: false,
    })
}

/// A store with a bit of everything: people on several channels (one
/// merged by address), texts in three scripts, orders, a user, a touch,
/// an audit entry, three jobs, and its search index caught up.
fn fill(store: &dyn Store) {
    let records = vec![
        comment(
            "instagram",
            1,
            "anna.rides",
            Some("anna@example.org"),
            "Passt der Reifen auf ein 29er? Grüße",
        ),
        comment(
            "reddit",
            2,
            "anna_r",
            Some("anna@example.org"),
            "Love the trail tyre 👍",
        ),
        comment("x", 3, "somchai", None, "ยางนี้ใช้กับจักรยานเสือภูเขาได้ไหม"),
        comment("instagram", 4, "ben", None, "Nice post"),
        Record::Order(Order {
            order_id: "1001".into(),
            email: Some(Email::parse("anna@example.org").expect("email")),
            total: 129.9,
            currency: "EUR".into(),
            created_at: Timestamp(1_700_100_000),
            items: vec![],
            status: "paid".into(),
        }),
    ];
    store.write_batch(&records, &[]).expect("write");
    store
        .create_user(
            "ana@shop.example",
            Role::Agent,
            "$argon2id$not-a-real-hash",
            1_700_000_000,
        )
        .expect("user");
    store
        .add_touch(
            PersonId(1),
            "gift",
            "a sample of the new tyre",
            1_700_200_000,
            Some("ana@shop.example"),
        )
        .expect("touch");
    store
        .record_audit(&NewAudit {
            at: 1_700_300_000,
            actor: "cli".into(),
            action: crate::AuditAction::PersonView,
            target: "person:1".into(),
            detail: String::new(),
        })
        .expect("audit");
    for n in 0..3 {
        let job = NewJob {
            kind: "rescore".into(),
            payload: format!("{{\"n\":{n}}}"),
            key: None,
            run_after: 0,
            about: None,
        };
        store.enqueue_job(&job, 1_700_000_000).expect("job");
    }
    store.search("\"reifen\"", 5).expect("search");
}

/// Opens both sides of a move, each migrated.
fn endpoints(from: &TestDb, to: &TestDb) -> (Endpoint, Endpoint) {
    (
        Endpoint::open(from.url(), true).expect("open the source"),
        Endpoint::open(to.url(), false).expect("open the target"),
    )
}

/// Moves a filled store from `a` to `b` and back to a third database of
/// `a`'s kind: every table compares equal at each step, and the store
/// moved back answers as the first did.
fn round_trip(a: Backend, b: Backend) {
    let (first, second, third) = (TestDb::new(a), TestDb::new(b), TestDb::new(a));
    fill(&*first.open().expect("open"));
    for (from, to) in [(&first, &second), (&second, &third)] {
        let (mut src, mut dst) = endpoints(from, to);
        let moved = copy(&mut src, &mut dst, &mut |_, _, _| ()).expect("copy");
        assert!(moved.rows() > 0);
        let checks = compare(&mut src, &mut dst).expect("compare");
        let differ: Vec<&str> = checks
            .iter()
            .filter(|c| !c.ok())
            .map(|c| c.table.as_str())
            .collect();
        assert!(
            differ.is_empty(),
            "{from:?} → {to:?}: {differ:?} differ",
            from = from.backend(),
            to = to.backend()
        );
        let people = checks.iter().find(|c| c.table == "person").expect("person");
        assert_eq!(people.to.rows, 3, "anna merged by her address");
    }
    let (before, after) = (first.open().expect("open"), third.open().expect("open"));
    assert_eq!(
        format!("{:?}", before.people()),
        format!("{:?}", after.people())
    );
    assert_eq!(
        format!("{:?}", before.orders()),
        format!("{:?}", after.orders())
    );
    assert_eq!(
        format!("{:?}", before.counts()),
        format!("{:?}", after.counts())
    );
    // The search index was rebuilt on each target, in each one's way.
    for phrase in ["\"reifen\"", "\"จักรยาน\"", "\"anna\""] {
        assert_eq!(
            format!("{:?}", before.search(phrase, 10)),
            format!("{:?}", after.search(phrase, 10)),
            "{phrase}"
        );
        let found = after.search(phrase, 10).expect("search");
        assert!(
            !found.people.is_empty() || !found.messages.is_empty(),
            "{phrase}"
        );
    }
    // New rows get fresh ids on the target.
    assert_eq!(new_job(&*after), 4);
    let user = after
        .create_user("ben@shop.example", Role::Viewer, "x", 1_800_000_000)
        .expect("a new user");
    assert_eq!(user.id.0, 2);
}

/// Queues a job, returning its id.
fn new_job(store: &dyn Store) -> i64 {
    let job = NewJob {
        kind: "rescore".into(),
        payload: "{}".into(),
        key: None,
        run_after: 0,
        about: None,
    };
    store
        .enqueue_job(&job, 1_800_000_000)
        .expect("job")
        .expect("queued")
}

crate::per_backend! {
    fn ids_postgres_handed_out_to_rows_since_deleted_stay_used_after_a_move(db) {
        let source = TestDb::new(Backend::Postgres);
        let store = source.open().expect("open");
        fill(&*store);
        source.with_db(|t| t.execute("DELETE FROM job WHERE id = 3", args![])).expect("delete");
        let (mut src, mut dst) = endpoints(&source, db);
        copy(&mut src, &mut dst, &mut |_, _, _| ()).expect("copy");
        // PostgreSQL keeps id 3 used, as the source did; SQLite hands out
        // the highest row's id plus one, as it always does.
        let expected = match db.backend() {
            Backend::Postgres => 4,
            Backend::Sqlite => 3,
        };
        assert_eq!(new_job(&*db.open().expect("open")), expected);
        assert_eq!(new_job(&*store), 4);
    }
}

#[test]
fn sqlite_to_postgres_and_back_loses_nothing() {
    round_trip(Backend::Sqlite, Backend::Postgres);
}

#[test]
fn postgres_to_sqlite_and_back_loses_nothing() {
    round_trip(Backend::Postgres, Backend::Sqlite);
}

#[test]
fn sqlite_to_sqlite_loses_nothing() {
    round_trip(Backend::Sqlite, Backend::Sqlite);
}

#[test]
fn postgres_to_postgres_loses_nothing() {
    round_trip(Backend::Postgres, Backend::Postgres);
}

crate::per_backend! {
    fn one_changed_value_on_the_target_fails_the_check(db) {
        let source = TestDb::new(Backend::Sqlite);
        fill(&*source.open().expect("open"));
        let (mut src, mut dst) = endpoints(&source, db);
        copy(&mut src, &mut dst, &mut |_, _, _| ()).expect("copy");
        assert!(compare(&mut src, &mut dst).expect("compare").iter().all(|c| c.ok()));
        // One total, a cent off; then one text, one byte.
        dst.write(|t| t.execute("UPDATE orders SET total = total + 0.01", args![])).expect("corrupt");
        dst.write(|t| t.execute("UPDATE interaction_text SET text = text || ' ' WHERE interaction_id = 2", args![])).expect("corrupt");
        let checks = compare(&mut src, &mut dst).expect("compare");
        let differ: Vec<&str> = checks.iter().filter(|c| !c.ok()).map(|c| c.table.as_str()).collect();
        assert_eq!(differ, ["interaction_text", "orders"]);
        let orders = checks.iter().find(|c| c.table == "orders").expect("orders");
        assert_eq!(orders.from.rows, orders.to.rows);
        assert_ne!(orders.from.digest, orders.to.digest);
    }

    fn a_target_holding_data_is_refused_untouched(db) {
        let source = TestDb::new(Backend::Sqlite);
        fill(&*source.open().expect("open"));
        let target = db.open().expect("open");
        target.add_touch(PersonId(9), "help", "kept", 1, None).expect("touch");
        let before = format!("{:?} {:?}", target.counts(), target.touches());
        drop(target);
        let (mut src, mut dst) = endpoints(&source, db);
        let err = copy(&mut src, &mut dst, &mut |_, _, _| ()).expect_err("refused");
        assert!(matches!(err, crate::StoreError::Refused(_)), "{err}");
        assert!(err.to_string().contains("not empty (table touch has rows)"), "{err}");
        let target = db.open().expect("open");
        assert_eq!(before, format!("{:?} {:?}", target.counts(), target.touches()));
        assert_eq!(target.people().expect("people").len(), 0);
    }
}

#[test]
fn both_fresh_schemas_hold_the_tables_listed_and_agree_on_the_copied_ones() {
    let (lite, pg) = (TestDb::new(Backend::Sqlite), TestDb::new(Backend::Postgres));
    let mut lite = Endpoint::open(lite.url(), false).expect("open");
    let mut pg = Endpoint::open(pg.url(), false).expect("open");
    let lite_names = lite.read(names).expect("tables");
    let pg_names = pg.read(names).expect("tables");
    for name in lite_names.iter().chain(&pg_names) {
        assert!(treatment(name).is_some(), "{name} is not in TABLES");
    }
    // What one database has and the other not: each one's search index
    // and bookkeeping, and PostgreSQL's login and rate counts (SQLite
    // keeps those in a file of their own), nothing that is copied.
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b).cloned().collect()
    };
    assert_eq!(
        only(&lite_names, &pg_names),
        [
            "search_index",
            "search_index_config",
            "search_index_data",
            "search_index_docsize",
            "search_index_idx"
        ]
    );
    assert_eq!(
        only(&pg_names, &lite_names),
        [
            "login_attempt",
            "rapport_schema",
            "rate_bucket",
            "search_doc",
            "store_version"
        ]
    );
    // Every copied table is on both, with the same columns and key.
    let Plan { copied, left } = lite.read(|l| pg.read(|p| plan(l, p))).expect("plan");
    let copies = TABLES.iter().filter(|(_, how)| how.copies()).count();
    assert_eq!(copied.len(), copies);
    assert!(left
        .iter()
        .all(|(_, how)| matches!(how, Treatment::Rebuilt | Treatment::Own)));
    // Replaced tables come after every plainly copied one.
    let first_replaced = copied
        .iter()
        .position(|t| t.treatment == Treatment::Replaced)
        .expect("some are replaced");
    assert!(copied[first_replaced..]
        .iter()
        .all(|t| t.treatment == Treatment::Replaced));
    // Fresh, each holds rows only where a move replaces or leaves them.
    for side in [&mut lite, &mut pg] {
        side.read(|db| {
            for t in &copied {
                let sql = format!("SELECT count(*) FROM \"{}\"", t.name);
                let n: i64 = db.scalar(&sql, args![])?;
                assert!(
                    n == 0 || t.treatment == Treatment::Replaced,
                    "{} has {n} rows",
                    t.name
                );
            }
            Ok(())
        })
        .expect("counts");
    }
}

#[test]
fn a_missing_source_file_or_an_unknown_scheme_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = format!("sqlite://{}", dir.path().join("none.db").display());
    let err = Endpoint::open(&missing, true).err().expect("refused");
    assert!(err.to_string().contains("no such SQLite database"), "{err}");
    assert!(!dir.path().join("none.db").exists());
    let err = Endpoint::open("mysql://localhost/shop", false)
        .err()
        .expect("refused");
    assert!(matches!(err, crate::StoreError::BadUrl(_)), "{err}");
    let err = Endpoint::open("sqlite://:memory:", false)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("in memory"), "{err}");
}
