//! The write path gives the same rows on SQLite and PostgreSQL: one
//! import (identities, emails that merge people, replies before and after
//! what they answer, the shop's replies, orders, bios naming handles,
//! readings) stored on each, then every table it writes compared row by
//! row. Needs `RAPPORT_TEST_PG`, as every PostgreSQL test does (run it
//! through `scripts/pg`).

use proptest::prelude::*;
use rapport_core::signals::Signals;
use rapport_core::{
    Author, Channel, Email, Handle, Interaction, Kind, Order, OrderItem, PersonId, Record,
    Timestamp,
};
use rapport_store::sql::{args, Db, DbExt, Value};
use rapport_store::testing::{Backend, TestDb};
use rapport_store::{AnalysisRow, Reading, StoreError};

/// The tables the write path fills, each with the columns compared and
/// its order. Times the writer takes from the clock (a suggestion's
/// `created_at`) are left out.
const TABLES: &[(&str, &str, &str)] = &[
    ("person", "id, name, is_brand, created_at", "id"),
    (
        "identity",
        "id, person_id, channel, handle, display_name, email, followers, bio",
        "id",
    ),
    ("email", "address, person_id", "address"),
    (
        "interaction",
        "id, channel, external_id, kind, identity_id, created_at, in_reply_to, post_id, url,
         from_brand, signals, root, answered_at",
        "id",
    ),
    ("interaction_text", "interaction_id, text", "interaction_id"),
    (
        "analysis",
        "interaction_id, language, sentiment, sentiment_confidence, intent, intents, topics,
         specificity, generic",
        "interaction_id",
    ),
    (
        "orders",
        "id, order_id, person_id, email, total, currency, created_at, status, items",
        "id",
    ),
    (
        "link",
        "id, person_id, reason, detail, confidence, created_at",
        "id",
    ),
    (
        "merge_journal",
        "link_id, keep_id, gone_id, gone_name, gone_created_at, gone_is_brand, identity_ids,
         emails, order_ids, link_ids, undone_at",
        "link_id",
    ),
    (
        "bio_handle",
        "channel, handle, identity_id",
        "channel, handle, identity_id",
    ),
    (
        "link_suggestion",
        "id, identity_id, other_identity_id, reason, detail, confidence, status",
        "id",
    ),
    ("extent", "id, first_at, last_at", "id"),
];

/// Every table of [`TABLES`], one line a row.
fn dump(db: &dyn Db) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    for (table, columns, order) in TABLES {
        let n = columns.split(',').count();
        let sql = format!("SELECT {columns} FROM {table} ORDER BY {order}");
        db.each(&sql, args![], |r| {
            let values: Vec<String> = (0..n)
                .map(|i| {
                    r.value(i).map(|v| match v {
                        // A double that is whole reads back as itself on
                        // both; shown alike either way.
                        Value::Real(x) => format!("{x:?}"),
                        v => format!("{v:?}"),
                    })
                })
                .collect::<Result<_, _>>()?;
            out.push(format!("{table}: {}", values.join(" | ")));
            Ok(())
        })?;
    }
    Ok(out)
}

const PEOPLE: &[&str] = &["anna", "ben", "cleo", "dev", "eve"];

/// One record of the import: message `id` on `channel` by `who` (`None`:
/// the shop), replying to message `parent`, at `at`; `n` varies the rest.
fn message(channel: &str, id: u32, who: Option<usize>, parent: Option<u32>, at: i64) -> Record {
    let handle = who.map_or("shop", |w| PEOPLE[w]);
    // Two people share an email (one only on x): they merge; a third
    // buys with hers.
    let email = match (handle, channel) {
        ("dev", "x") | ("eve", _) => Some("de@example.org"),
        ("cleo", "mastodon") => Some("cleo@example.org"),
        _ => None,
    };
    // Some bios name another's handle, on the other channel.
    let bio = match handle {
        "anna" => Some(format!("IG: @{}", PEOPLE[(id as usize) % PEOPLE.len()])),
        "ben" => Some("insta @cleo, coffee".to_string()),
        _ => None,
    };
    Record::Interaction(Interaction {
        channel: Channel::parse(channel).expect("channel"),
        external_id: format!("m{id}"),
        kind: match (parent.is_some(), id % 7) {
            (_, 0) => Kind::Like,
            (true, _) => Kind::Reply,
            (false, _) if who.is_none() => Kind::Post,
            (false, _) => Kind::Comment,
        },
        author: Author {
            handle: Handle::parse(handle).expect("handle"),
            display_name: id.is_multiple_of(3).then(|| format!("{handle} {id}")),
            email: email.map(|e| Email::parse(e).expect("email")),
            followers: Some(u64::from(id) * 11),
            bio,
        },
        text: match id % 4 {
            0 => "My order arrived broken, very disappointed".into(),
            1 => "Does the trail tyre fit a 29er?".into(),
            2 => "Great post!".into(),
            _ => format!("The gravel tyre {id} rolls fast"),
        },
        created_at: Timestamp(at),
        in_reply_to: parent.map(|p| format!("m{p}")),
        post_id: id.is_multiple_of(2).then(|| "m0".to_string()),
        url: id
            .is_multiple_of(5)
            .then(|| format!("https://example.org/{id}")),
        from_brand: who.is_none(),
    })
}

fn order(id: u32, email: &str, status: &str) -> Record {
    Record::Order(Order {
        order_id: format!("o{id}"),
        email: Some(Email::parse(email).expect("email")),
        total: 10.5 + f64::from(id),
        currency: "EUR".into(),
        created_at: Timestamp(1_000 + i64::from(id)),
        items: vec![OrderItem {
            sku: format!("t{id}"),
            title: format!("Tyre {id}"),
            qty: 1,
            price: 10.5,
        }],
        status: status.into(),
    })
}

/// A reading for some messages: the analyzer's, with its signals.
fn reading(r: &Record, n: usize) -> Reading {
    let Record::Interaction(i) = r else {
        return Reading::of("", None);
    };
    let analysis = (!n.is_multiple_of(3)).then(|| AnalysisRow {
        language: if n.is_multiple_of(2) { "en" } else { "de" }.into(),
        sentiment: "neutral".into(),
        sentiment_confidence: 0.25 * (n % 4) as f64,
        intent: "question".into(),
        intents: vec!["question".into()],
        topics: vec![format!("topic{}", n % 5)],
        specificity: 0.5,
        generic: n % 2 == 1,
    });
    let mut reading = Reading::of(&i.text, analysis);
    if n.is_multiple_of(5) {
        reading.signals = Signals::from_bits(reading.signals.bits() | Signals::PRAISE);
    }
    reading
}

fn import_strategy() -> impl Strategy<Value = (Vec<Record>, usize)> {
    let one = (
        prop::sample::select(vec!["x", "mastodon"]),
        prop::option::weighted(0.75, 0..PEOPLE.len()),
        prop::option::weighted(0.6, 0u32..30),
        0i64..400_000,
    );
    (prop::collection::vec(one, 1..40), 1usize..4).prop_map(|(v, batches)| {
        let mut records: Vec<Record> = v
            .into_iter()
            .enumerate()
            .map(|(n, (c, who, parent, at))| {
                let id = n as u32;
                // Replies name earlier messages or ones that never come.
                let parent = parent.map(|p| if p >= 25 { p + 100 } else { p % id.max(1) });
                let parent = parent.filter(|&p| p != id);
                message(c, id, who, parent, at)
            })
            .collect();
        records.push(order(1, "de@example.org", "paid"));
        records.push(order(2, "cleo@example.org", "paid"));
        records.push(order(3, "new@example.org", "paid"));
        records.push(order(1, "de@example.org", "refunded"));
        // Arrival order differs from conversation order.
        records.reverse();
        (records, batches)
    })
}

/// Writes `records` in `batches` batches (then all of them again) on
/// `backend`, returning the outcomes and the tables.
fn written(
    backend: Backend,
    records: &[Record],
    batches: usize,
) -> (Vec<rapport_store::Outcome>, Vec<String>) {
    let db = TestDb::new(backend);
    let store = db.open().expect("open");
    let readings: Vec<Reading> = records
        .iter()
        .enumerate()
        .map(|(n, r)| reading(r, n))
        .collect();
    let size = records.len().div_ceil(batches);
    let mut outcomes = Vec::new();
    for (chunk, read) in records.chunks(size).zip(readings.chunks(size)) {
        outcomes.extend(store.write_batch(chunk, read).expect("write"));
    }
    outcomes.extend(store.write_batch(records, &readings).expect("again"));
    // The link rules, links and their undoing go through the same
    // writers.
    store.scan_links(5).expect("scan");
    if let Some(s) = store.link_suggestions().expect("suggestions").first() {
        store.decide_suggestion(s.id, true, 6).expect("accept");
    }
    let people: Vec<i64> = db
        .with_db(|db| {
            db.rows(
                "SELECT id FROM person WHERE is_brand = 0 ORDER BY id LIMIT 3",
                args![],
                |r| r.get(0),
            )
        })
        .expect("people");
    if let [a, b, rest @ ..] = &people[..] {
        let (a, b) = (PersonId(*a), PersonId(*b));
        let first = store.link(a, b, "manual", "same rider", 7).expect("link");
        store.unlink(first, 8).expect("unlink");
        if let Some(&c) = rest.first() {
            store
                .link(PersonId(c), b, "manual", "again", 9)
                .expect("link");
        }
        assert_eq!(store.find_merge(a, &b.0.to_string()).expect("find"), None);
    }
    drop(store);
    (outcomes, db.with_db(dump).expect("dump"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn an_import_stores_the_same_rows_on_sqlite_and_postgresql(
        (records, batches) in import_strategy(),
    ) {
        let lite = written(Backend::Sqlite, &records, batches);
        let pg = written(Backend::Postgres, &records, batches);
        prop_assert!(lite.1.iter().any(|l| l.starts_with("analysis:")));
        prop_assert_eq!(&lite.0, &pg.0);
        prop_assert_eq!(lite.1.join("\n"), pg.1.join("\n"));
    }
}

/// A new PostgreSQL database has no planner statistics until autovacuum
/// comes round; the first batch written gathers them, so the rest of an
/// import into it is not planned as if its tables were empty.
#[test]
fn the_first_batch_into_a_new_postgresql_database_gathers_its_statistics() {
    let db = TestDb::new(Backend::Postgres);
    // -1 until the table is first analysed, then its rows as last counted.
    let reltuples = |db: &TestDb| -> f64 {
        db.with_db(|d| {
            d.one(
                "SELECT CAST(reltuples AS DOUBLE PRECISION) FROM pg_class
                 WHERE oid = CAST('interaction' AS regclass)",
                args![],
                |r| r.get(0),
            )
        })
        .expect("statistics")
    };
    assert!(reltuples(&db) < 0.0, "a new database is not analysed yet");
    let records: Vec<Record> = (1..=40)
        .map(|id| {
            message(
                "instagram",
                id,
                Some(id as usize % PEOPLE.len()),
                None,
                i64::from(id),
            )
        })
        .collect();
    let readings: Vec<Reading> = records
        .iter()
        .enumerate()
        .map(|(n, r)| reading(r, n))
        .collect();
    let store = db.open().expect("open");
    store.write_batch(&records, &readings).expect("write");
    let rows = reltuples(&db);
    assert!(rows >= 0.0, "the first batch analysed the tables");
    assert_eq!(rows, 40.0, "the statistics count the batch's messages");
}

/// The queue's statement trigger on PostgreSQL moves each count by what
/// an UPDATE added less what it took, and never joins the two: PL/pgSQL
/// keeps the plan of a join it made for a one-row statement, which then
/// walks a large statement's rows nested (re-ranking 16,642 queued
/// messages took 68 s that way; see BENCHMARKS.md). After a one-row
/// update and then one of every row in the same session, the counts
/// equal a count from scratch.
#[test]
fn the_queue_counts_follow_a_large_update_after_a_small_one_without_a_join() {
    let db = TestDb::new(Backend::Postgres);
    db.open().expect("open");
    let (counted, kept, stock_counted, stock_kept, joins) = db
        .with_db(|d| {
            d.execute_batch(
                "INSERT INTO inbox_queue (interaction_id, person_id, at, base, rank, vip, generic,
                                          channel, post_id)
                 SELECT g, g % 7, g, (g % 3) * 10, (g % 3) * 10, g % 2,
                        CASE WHEN g % 4 = 0 THEN 1 ELSE 0 END, 'instagram',
                        CASE WHEN g % 9 = 0 THEN NULL ELSE 'p' || (g % 5) END
                 FROM generate_series(1, 600) AS g;
                 UPDATE inbox_queue SET rank = rank + 1 WHERE interaction_id = 7;
                 UPDATE inbox_queue SET rank = rank + 5, vip = 1 - vip, generic = 1 - generic,
                        post_id = CASE WHEN interaction_id % 2 = 0 THEN post_id
                                       ELSE 'p' || (interaction_id % 3) END;
                 DELETE FROM inbox_queue WHERE interaction_id % 11 = 0;",
            )?;
            let rows = |sql: &str| -> Result<Vec<String>, StoreError> {
                let mut out = Vec::new();
                d.each(sql, args![], |r| {
                    out.push(r.get::<String>(0)?);
                    Ok(())
                })?;
                Ok(out)
            };
            Ok((
                rows(
                    "SELECT rank || ' ' || base || ' ' || vip || ' ' || count(*) || ' ' || sum(generic)
                     FROM inbox_queue GROUP BY rank, base, vip ORDER BY rank, base, vip",
                )?,
                rows(
                    "SELECT rank || ' ' || base || ' ' || vip || ' ' || n || ' ' || stock
                     FROM inbox_count WHERE n <> 0 ORDER BY rank, base, vip",
                )?,
                rows(
                    "SELECT channel || ' ' || coalesce(post_id, '-') || ' ' || count(*)
                     FROM inbox_queue WHERE generic = 1 GROUP BY channel, post_id
                     ORDER BY 1",
                )?,
                rows(
                    "SELECT channel || ' ' || CASE WHEN has_post = 0 THEN '-' ELSE post END
                            || ' ' || n
                     FROM stock_count WHERE n <> 0 ORDER BY 1",
                )?,
                rows(
                    "SELECT proname FROM pg_proc
                     WHERE prosrc ~* '(taken|added)\\s+\\w+\\s+join|join\\s+(taken|added)\\M'
                     ORDER BY proname",
                )?,
            ))
        })
        .expect("counts");
    assert!(counted.len() > 4, "{counted:?}");
    assert_eq!(kept, counted, "inbox_count against a count from scratch");
    assert!(!stock_counted.is_empty());
    assert_eq!(
        stock_kept, stock_counted,
        "stock_count against a count from scratch"
    );
    assert!(
        joins.is_empty(),
        "trigger functions joining transition tables: {joins:?}"
    );
}
