//! Forgetting a person, checked on a real SQLite file: nothing of them
//! is left in any table, what the views read still adds up, and their
//! records stay out when the same files are imported again. Tests
//! written with `per_backend!` run on PostgreSQL too.

use rapport_core::{
    Author, Channel, Email, Handle, Interaction, Kind, Order, OrderItem, PersonId, Record,
    Timestamp,
};
use rapport_store::{
    per_backend, InboxAction, NewCohortMember, NewPrivacyRequest, Outcome, SqliteStore, Store,
};
use rusqlite::Connection;

const DAY: i64 = 86_400;
const T0: i64 = 1_790_000_000;

struct Msg<'a> {
    channel: &'a str,
    id: &'a str,
    handle: &'a str,
    name: Option<&'a str>,
    email: Option<&'a str>,
    bio: Option<&'a str>,
    kind: Kind,
    text: &'a str,
    at: i64,
    parent: Option<&'a str>,
    brand: bool,
}

fn msg(m: Msg<'_>) -> Record {
    Record::Interaction(Interaction {
        channel: Channel::parse(m.channel).expect("channel"),
        external_id: m.id.into(),
        kind: m.kind,
        author: Author {
            handle: Handle::parse(m.handle).expect("handle"),
            display_name: m.name.map(Into::into),
            email: m.email.map(|e| Email::parse(e).expect("email")),
            followers: Some(40),
            bio: m.bio.map(Into::into),
        },
        text: m.text.into(),
        created_at: Timestamp(m.at),
        in_reply_to: m.parent.map(Into::into),
        post_id: Some("p1".into()),
        url: Some(format!("https://example.org/{}", m.id)),
        from_brand: m.brand,
    })
}

fn base<'a>(channel: &'a str, id: &'a str, handle: &'a str, text: &'a str, at: i64) -> Msg<'a> {
    Msg {
        channel,
        id,
        handle,
        name: None,
        email: None,
        bio: None,
        kind: Kind::Comment,
        text,
        at,
        parent: None,
        brand: handle == "trailwerk",
    }
}

/// Anna's words and accounts, and what others say around them.
const ANNA_TEXT: &str = "Does the trail tyre fit my old 29er frame?";
const ANNA_LATER: &str = "Thanks, ordering two for the Swabian Alb";
const ANNA_X: &str = "Loving the gravel tyre on wet limestone";
const ANNA_MASTO: &str = "Hallo aus Tübingen, Reifen sind super";

fn shop() -> Vec<Record> {
    let mut p1 = base(
        "instagram",
        "p1",
        "trailwerk",
        "The new 29er trail tyre is here",
        T0,
    );
    p1.kind = Kind::Post;
    let mut c1 = base("instagram", "c1", "anna.rides", ANNA_TEXT, T0 + DAY);
    c1.name = Some("Anna Testperson");
    c1.email = Some("anna@example.org");
    c1.bio = Some("MTB & coffee in Tübingen");
    let mut r1 = base(
        "instagram",
        "r1",
        "trailwerk",
        "@anna.rides yes, it fits every 29er frame",
        T0 + DAY + 3600,
    );
    r1.kind = Kind::Reply;
    r1.parent = Some("c1");
    let mut c1b = base("instagram", "c1b", "anna.rides", ANNA_LATER, T0 + 2 * DAY);
    c1b.kind = Kind::Reply;
    c1b.parent = Some("r1");
    let mut r2 = base(
        "instagram",
        "r2",
        "trailwerk",
        "Enjoy the ride!",
        T0 + 2 * DAY + 60,
    );
    r2.kind = Kind::Reply;
    r2.parent = Some("c1b");
    // Bob answers Anna's comment and names her; the shop answers Bob.
    let mut b1 = base(
        "instagram",
        "b1",
        "bob.bikes",
        "@anna.rides mine fits too, great tyre",
        T0 + DAY + 7200,
    );
    b1.kind = Kind::Reply;
    b1.parent = Some("c1");
    let mut rb = base(
        "instagram",
        "rb",
        "trailwerk",
        "Thanks Bob!",
        T0 + DAY + 9000,
    );
    rb.kind = Kind::Reply;
    rb.parent = Some("b1");
    // Cleo's bio names Anna's handle.
    let mut cl = base(
        "instagram",
        "cl",
        "cleo",
        "Where do you ship from?",
        T0 + 3 * DAY,
    );
    cl.bio = Some("IG: @anna.rides is my sister");
    // Anna on X, with her email: one person.
    let mut x1 = base("x", "x1", "annarides", ANNA_X, T0 + 4 * DAY);
    x1.email = Some("anna@example.org");
    let mut xl = base("x", "xl", "annarides", "", T0 + 4 * DAY + 5);
    xl.kind = Kind::Like;
    vec![
        msg(p1),
        msg(c1),
        msg(r1),
        msg(b1),
        msg(rb),
        msg(c1b),
        msg(r2),
        msg(cl),
        msg(x1),
        msg(xl),
        msg(base("mastodon", "m1", "anna_m", ANNA_MASTO, T0 + 5 * DAY)),
        Record::Order(Order {
            order_id: "1001".into(),
            email: Some(Email::parse("anna@example.org").expect("email")),
            total: 129.9,
            currency: "EUR".into(),
            created_at: Timestamp(T0 + 2 * DAY + 600),
            items: vec![OrderItem {
                sku: "TYR-29".into(),
                title: "Trail tyre 29".into(),
                qty: 2,
                price: 64.95,
            }],
            status: "paid".into(),
        }),
        Record::Order(Order {
            order_id: "1002".into(),
            email: Some(Email::parse("bob@example.org").expect("email")),
            total: 64.95,
            currency: "EUR".into(),
            created_at: Timestamp(T0 + 3 * DAY),
            items: vec![],
            status: "paid".into(),
        }),
    ]
}

/// Every row of every table whose text holds `needle` (any case), as
/// `table.column`.
fn rows_holding(path: &str, needle: &str) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    let mut found = Vec::new();
    for t in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("names");
        for c in columns {
            let n: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM \"{t}\" WHERE instr(lower(CAST(\"{c}\" AS TEXT)), lower(?1)) > 0"
                    ),
                    [needle],
                    |r| r.get(0),
                )
                .expect("count");
            if n > 0 {
                found.push(format!("{t}.{c} ({n})"));
            }
        }
    }
    found
}

fn count(path: &str, sql: &str) -> i64 {
    Connection::open(path)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

fn report(store: &dyn Store) -> String {
    let rows = store.report_rows(None, &[]).expect("report rows");
    let mut responses = rows.responses.clone();
    responses.sort();
    format!("{:?}\n{responses:?}", rows.days)
}

#[test]
fn a_forgotten_person_leaves_no_trace_and_the_report_still_adds_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let path = path.to_str().expect("path");
    let store = SqliteStore::open(path).expect("open");
    let records = shop();
    store.write_batch(&records, &[]).expect("write");
    let anna = store
        .find_person("anna@example.org")
        .expect("find")
        .expect("anna");
    assert_eq!(store.find_person("x:annarides").expect("find"), Some(anna));
    // Her Mastodon account, merged by hand.
    let masto = store
        .find_person("mastodon:anna_m")
        .expect("find")
        .expect("masto");
    store
        .link(anna, masto, "explicit", "anna_m is Anna Testperson", T0)
        .expect("link");
    // The team's traces of her: a touch, a note and a reply on her item,
    // a cohort place, a privacy request naming her.
    store
        .add_touch(
            anna,
            "sample",
            "sent Anna Testperson a tyre sample",
            T0,
            Some("ana@shop"),
        )
        .expect("touch");
    let item = store
        .interactions_of(anna)
        .expect("hers")
        .into_iter()
        .find(|i| i.external_id == "x1")
        .expect("x1")
        .id;
    store
        .apply_inbox_action(
            item,
            &InboxAction::Note("Anna rides the Alb".into()),
            "ana@shop",
            T0,
        )
        .expect("note");
    store
        .create_cohort(
            T0,
            &[NewCohortMember {
                person: anna,
                stage_at_plan: "engaged".into(),
                affinity: 0.5,
                topic: Some("gravel".into()),
                opener: "Ask @anna.rides about limestone".into(),
                why: rapport_core::Said::Verbatim {
                    text: "Engaged: talks about limestone".into(),
                },
                question: None,
            }],
        )
        .expect("cohort");
    store
        .record_privacy_request(&NewPrivacyRequest {
            source: "shopify".into(),
            topic: "customers/data_request".into(),
            shop_domain: None,
            customer_email: Some("anna@example.org".into()),
            customer_id: Some("7".into()),
            delivery_id: None,
            payload: r#"{"customer":{"email":"anna@example.org"}}"#.into(),
            received_at: T0,
        })
        .expect("request");
    // The export holds what was imported about her.
    let export = store.person_export(anna).expect("export").expect("anna");
    let texts: Vec<&str> = export
        .interactions
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert!(
        texts.contains(&ANNA_TEXT) && texts.contains(&ANNA_X),
        "{texts:?}"
    );
    assert_eq!(export.identities.len(), 3);
    assert_eq!(export.emails, ["anna@example.org"]);
    assert_eq!(export.orders.len(), 1);
    assert_eq!(export.orders[0].items[0].sku, "TYR-29");
    assert!(export.shop_replies.iter().any(|r| r.external_id == "r1"));
    assert_eq!(export.touches.len(), 1);
    assert_eq!(export.inbox[0].notes[0].text, "Anna rides the Alb");
    assert_eq!(export.cohorts.len(), 1);
    assert_eq!(export.privacy_requests.len(), 1);
    assert_eq!(export.links.len(), 1, "the merge by hand");
    assert_eq!(export.merges.len(), 1);
    assert_eq!(export.merges[0].merged, masto);

    // The search index holds her (written when a search first asks).
    let found = store.search("\"Testperson\"", 10).expect("search");
    assert_eq!(found.people, [anna]);
    assert_eq!(
        store.search("\"annarides\"", 10).expect("search").people,
        [anna]
    );
    assert_eq!(
        store
            .search("\"limestone\"", 10)
            .expect("search")
            .messages
            .len(),
        1
    );

    let report_before = report(&store);
    let revenue_before = count(path, "SELECT CAST(sum(total) * 100 AS INTEGER) FROM orders");
    let erased = store
        .forget_person(anna, "admin@shop", T0 + 10 * DAY)
        .expect("forget");
    assert_eq!(erased.identities, 3);
    assert_eq!(erased.emails, 1);
    assert_eq!(erased.interactions, 5);
    assert_eq!(erased.replies_blanked, 2, "r1 and r2 answered her");
    assert_eq!(erased.touches, 1);

    for needle in [
        "anna.rides",
        "annarides",
        "anna@example.org",
        "Anna Testperson",
        ANNA_TEXT,
        ANNA_LATER,
        ANNA_X,
        ANNA_MASTO,
        "anna_m",
        "MTB & coffee",
        "Anna rides the Alb",
        "tyre sample",
    ] {
        assert!(
            rows_holding(path, needle).is_empty(),
            "{needle:?} is still in {:?}",
            rows_holding(path, needle)
        );
    }
    // Her words left the index in the forgetting's own transaction, before
    // any search brings it up to date.
    for word in ["Testperson", "annarides", "anna.rides", "limestone"] {
        assert_eq!(
            count(
                path,
                &format!("SELECT count(*) FROM search_index WHERE search_index MATCH '\"{word}\"'")
            ),
            0,
            "{word} is still indexed"
        );
    }
    assert!(store
        .search("\"Testperson\"", 10)
        .expect("search")
        .people
        .is_empty());
    assert!(store.check_derived(10).expect("check").is_empty());
    assert_eq!(
        report(&store),
        report_before,
        "past reports add up as before"
    );
    // Revenue stays: the order is kept without who placed it.
    assert_eq!(
        count(path, "SELECT CAST(sum(total) * 100 AS INTEGER) FROM orders"),
        revenue_before
    );
    assert_eq!(
        count(path, "SELECT count(*) FROM orders WHERE order_id = '1001' AND email IS NULL AND person_id IS NULL"),
        1
    );
    // Others keep their words, with Anna's handle gone from them.
    let bob = store.find_person("bob.bikes").expect("find").expect("bob");
    let bobs = store.interactions_of(bob).expect("bob's");
    assert_eq!(bobs[0].text, "[erased] mine fits too, great tyre");
    assert!(store.person_export(anna).expect("export").is_none());

    // The same file again brings nothing of her back.
    let counts = store.counts().expect("counts");
    let outcomes = store.write_batch(&records, &[]).expect("again");
    let forgotten = outcomes
        .iter()
        .filter(|o| **o == Outcome::Forgotten)
        .count();
    assert_eq!(
        forgotten, 6,
        "her five messages, her like and her order: {outcomes:?}"
    );
    assert!(!outcomes.contains(&Outcome::Imported), "{outcomes:?}");
    assert_eq!(store.counts().expect("counts"), counts);
    assert!(store
        .find_person("anna@example.org")
        .expect("find")
        .is_none());
    assert!(rows_holding(path, "anna.rides").is_empty());
    assert!(rows_holding(path, ANNA_TEXT).is_empty());
    assert!(store.check_derived(10).expect("check").is_empty());
    assert_eq!(report(&store), report_before);

    // Her id is not handed to someone new.
    let dan = msg(base("instagram", "d1", "dan", "Hello", T0 + 20 * DAY));
    store.write_batch(&[dan], &[]).expect("dan");
    let dan = store.find_person("dan").expect("find").expect("dan");
    assert!(
        dan.0 > anna.0.max(masto.0),
        "{dan:?} after {anna:?} and {masto:?}"
    );
}

per_backend! {
fn the_shop_itself_cannot_be_forgotten_and_nobody_is_not_found(db) {
    let store = db.open().expect("open");
    store.write_batch(&shop(), &[]).expect("write");
    let brand = store.find_person("trailwerk").expect("find").expect("shop");
    assert!(matches!(
        store.forget_person(brand, "test", T0),
        Err(rapport_store::StoreError::Refused(_))
    ));
    assert!(matches!(
        store.forget_person(PersonId(9_999), "test", T0),
        Err(rapport_store::StoreError::PersonNotFound(_))
    ));
}
}

#[test]
fn a_redaction_by_order_id_keeps_the_order_and_its_email_out_for_good() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let path = path.to_str().expect("path");
    let store = SqliteStore::open(path).expect("open");
    let records = shop();
    store.write_batch(&records, &[]).expect("write");
    let n = store
        .redact_orders(&["1002".into()], &["carol@example.org".into()], T0)
        .expect("redact");
    assert_eq!(n, 1);
    assert_eq!(
        count(
            path,
            "SELECT count(*) FROM orders WHERE email = 'bob@example.org'"
        ),
        0
    );
    assert_eq!(
        count(
            path,
            "SELECT count(*) FROM orders WHERE order_id = '1002' AND email IS NULL"
        ),
        1
    );
    // Carol never came before; her old order does not come now.
    let carol = Record::Order(Order {
        order_id: "1003".into(),
        email: Some(Email::parse("Carol@Example.org").expect("email")),
        total: 10.0,
        currency: "EUR".into(),
        created_at: Timestamp(T0),
        items: vec![],
        status: "paid".into(),
    });
    let outcomes = store.write_batch(&[carol], &[]).expect("carol");
    assert_eq!(outcomes, [Outcome::Forgotten]);
    assert!(rows_holding(path, "carol").is_empty());
}

per_backend! {
fn a_privacy_request_delivered_twice_is_recorded_once(db) {
    let store = db.open().expect("open");
    let request = |delivery: Option<&str>, body: &str| NewPrivacyRequest {
        source: "shopify".into(),
        topic: "customers/redact".into(),
        shop_domain: None,
        customer_email: None,
        customer_id: None,
        delivery_id: delivery.map(Into::into),
        payload: body.into(),
        received_at: T0,
    };
    let first = store
        .record_privacy_request(&request(Some("e1"), "{}"))
        .expect("first");
    assert!(!first.replay);
    // The same delivery id, another body (a retry re-serialised).
    let again = store
        .record_privacy_request(&request(Some("e1"), "{ }"))
        .expect("again");
    assert!(again.replay);
    assert_eq!(again.id, first.id);
    // The same body under no id, or another id.
    let same = store
        .record_privacy_request(&request(None, "{}"))
        .expect("same body");
    assert!(same.replay);
    assert_eq!(same.id, first.id);
    let other = store
        .record_privacy_request(&request(Some("e2"), "{\"x\":1}"))
        .expect("new");
    assert!(!other.replay);
    assert_eq!(store.privacy_requests().expect("list").len(), 2);
}
}
