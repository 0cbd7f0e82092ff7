//! The outbox's rows on each store: queued once per key, taken by one
//! sender, settled, decided on, and kept from addresses that asked for
//! no more mail.

use rapport_core::{
    Author, Channel, Email, Handle, Interaction, InteractionId, Kind, Order, OrderItem, PersonId,
    Record, Timestamp,
};
use rapport_store::outbox::{
    MessageKind, NewMessage, NewReply, OutboxFilter, OutboxState, Settle, LOCAL_PREFIX,
};
use rapport_store::{per_backend, AnalysisRow, Outcome, Reading};

/// A message on x: `id` by `handle` (the shop's when `from_brand`),
/// answering `parent`.
fn said(id: &str, handle: &str, from_brand: bool, parent: Option<&str>, text: &str) -> Record {
    Record::Interaction(Interaction {
        channel: Channel::parse("x").expect("channel"),
        external_id: id.into(),
        kind: if parent.is_some() {
            Kind::Reply
        } else {
            Kind::Comment
        },
        author: Author {
            handle: Handle::parse(handle).expect("handle"),
            display_name: None,
            email: None,
            followers: None,
            bio: None,
        },
        text: text.into(),
        created_at: Timestamp(100),
        in_reply_to: parent.map(Into::into),
        post_id: None,
        url: None,
        from_brand,
    })
}

fn message(key: &str, to: &str, person: Option<i64>, due_at: i64) -> NewMessage {
    NewMessage {
        key: key.into(),
        kind: MessageKind::Feedback,
        channel: "email".into(),
        person: person.map(PersonId),
        order_id: Some(format!("order-{key}")),
        recipient: to.into(),
        subject: Some("How is your bike?".into()),
        body: "Tell us".into(),
        language: Some("en".into()),
        due_at,
        at: 100,
    }
}

per_backend! {
/// A key is queued once; pages come newest first with the total their
/// filter matches; due messages soonest first.
fn messages_are_queued_once_per_key_and_listed(db) {
    let store = db.open().expect("open");
    let n = store
        .queue_messages(&[
            message("a", "ana@example.org", Some(1), 300),
            message("b", "ben@example.org", Some(2), 200),
            message("a", "ana@example.org", Some(1), 999),
        ])
        .expect("queue");
    assert_eq!(n, 2, "the repeated key is not queued again");
    assert_eq!(store.queue_messages(&[message("b", "x@example.org", None, 1)]).expect("again"), 0);
    let (all, total) = store.outbox_page(&OutboxFilter::default(), 0, 10).expect("page");
    assert_eq!(total, 2);
    let keys: Vec<&str> = all.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["b", "a"], "newest first (same time: higher id first)");
    let filter = OutboxFilter { person: Some(PersonId(1)), ..OutboxFilter::default() };
    let (mine, total) = store.outbox_page(&filter, 0, 10).expect("page");
    assert_eq!((mine.len(), total), (1, 1));
    assert_eq!(mine[0].due_at, 300, "the first queued wins");
    assert_eq!(store.outbox_due(250, 10).expect("due").len(), 1, "only b is due");
    let due = store.outbox_due(1_000, 10).expect("due");
    let keys: Vec<&str> = due.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["b", "a"], "soonest first");
}

/// Every state is counted, zero or not, and a message counts under the
/// state it is in now; the pool tells how many connections it holds.
fn messages_are_counted_per_state(db) {
    let store = db.open().expect("open");
    let zero: Vec<(OutboxState, u64)> = OutboxState::ALL.iter().map(|s| (*s, 0)).collect();
    assert_eq!(store.outbox_counts().expect("counts"), zero);
    store
        .queue_messages(&[message("a", "ana@example.org", None, 10), message("b", "ben@example.org", None, 10)])
        .expect("queue");
    let id = store.outbox_due(10, 1).expect("due")[0].id;
    assert!(store.outbox_claim(id, 20).expect("claim"));
    let counts = store.outbox_counts().expect("counts");
    assert_eq!(counts.len(), OutboxState::ALL.len());
    let of = |state| counts.iter().find(|(s, _)| *s == state).map(|(_, n)| *n);
    assert_eq!((of(OutboxState::Queued), of(OutboxState::Sending)), (Some(1), Some(1)));
    assert_eq!(of(OutboxState::Sent), Some(0));
    let pool = store.pool_state().expect("a file's store has a pool");
    assert!(pool.max > 0 && pool.open <= pool.max && pool.idle <= pool.open, "{pool:?}");
    assert!(pool.open >= 1, "the reads above opened a connection: {pool:?}");
}

/// One sender takes a message; a retry queues it again, a failure waits
/// for a person, who can send it again or cancel it; a stale claim is
/// listed.
fn a_message_is_taken_once_and_settled(db) {
    let store = db.open().expect("open");
    store.queue_messages(&[message("a", "ana@example.org", None, 10)]).expect("queue");
    let id = store.outbox_due(10, 1).expect("due")[0].id;
    assert!(store.outbox_claim(id, 20).expect("claim"));
    assert!(!store.outbox_claim(id, 21).expect("claim again"), "taken already");
    assert_eq!(store.outbox_stale(30).expect("stale").len(), 1);
    assert!(store.outbox_stale(20).expect("stale").is_empty());
    store
        .outbox_settle(id, &Settle::Retry { error: "timeout".into(), at: 60 }, 25)
        .expect("retry");
    let row = store.outbox_row(id).expect("row").expect("there");
    assert_eq!((row.state, row.due_at, row.attempts), (OutboxState::Queued, 60, 1));
    assert_eq!(row.last_error.map(|e| e.to_string()).as_deref(), Some("timeout"));
    assert!(store.outbox_claim(id, 60).expect("claim"));
    store.outbox_settle(id, &Settle::Failed { error: "bounced".into() }, 61).expect("fail");
    assert_eq!(store.outbox_row(id).expect("row").expect("there").state, OutboxState::Failed);
    assert!(store.outbox_decide(id, true, "ana", 70).expect("send again"));
    let row = store.outbox_row(id).expect("row").expect("there");
    assert_eq!((row.state, row.due_at, row.last_error), (OutboxState::Queued, 70, None));
    assert!(store.outbox_decide(id, false, "ana", 71).expect("cancel"));
    let row = store.outbox_row(id).expect("row").expect("there");
    assert_eq!(row.state, OutboxState::Cancelled);
    assert_eq!(row.last_error, Some(rapport_core::Said::CancelledBy { by: "ana".into() }));
    assert_eq!(row.last_error.map(|e| e.to_string()).as_deref(), Some("cancelled by ana"));
    assert!(!store.outbox_decide(id, true, "ana", 72).expect("no"), "cancelled stays");
    assert!(store.outbox_row(id + 1_000).expect("row").is_none());
    assert!(!store.outbox_settle(id + 1_000, &Settle::Failed { error: "x".into() }, 1).expect("none"));
}

/// Only the address's own token unsubscribes it (any case); what is
/// queued for it is cancelled and the courtesy rules see it.
fn an_address_unsubscribes_with_its_own_token(db) {
    let store = db.open().expect("open");
    store
        .queue_messages(&[message("a", "Ana@Example.org", None, 10), message("b", "ben@example.org", None, 10)])
        .expect("queue");
    let token = store.unsubscribe_token("ana@example.org").expect("token");
    assert_eq!(token, store.unsubscribe_token("ANA@example.org").expect("token"));
    assert_ne!(token, store.unsubscribe_token("ben@example.org").expect("token"));
    let other = store.unsubscribe_token("ben@example.org").expect("token");
    assert!(!store.unsubscribe("ana@example.org", &other, "link", 50).expect("wrong token"));
    assert!(!store.courtesy(None, Some("ana@example.org"), 0).expect("courtesy").unsubscribed);
    assert!(store.unsubscribe("ana@example.org", &token, "link", 50).expect("unsubscribe"));
    let courtesy = store.courtesy(None, Some("ANA@example.org"), 0).expect("courtesy");
    assert!(courtesy.unsubscribed);
    assert_eq!(courtesy.last_sent, None);
    let states: Vec<(String, OutboxState)> = store
        .outbox_page(&OutboxFilter::default(), 0, 10)
        .expect("page")
        .0
        .into_iter()
        .map(|r| (r.key, r.state))
        .collect();
    assert!(states.contains(&("a".into(), OutboxState::Cancelled)));
    assert!(states.contains(&("b".into(), OutboxState::Queued)));
}

/// A reply written here is the shop's message at once, stored once per
/// key and marking its parent replied; the platform's copy of it, when
/// imported, is the same message (it takes the platform's id).
fn a_reply_written_here_is_stored_once_and_its_platform_copy_adopted(db) {
    let store = db.open().expect("open");
    store.write_batch(&[said("c1", "anna", false, None, "Does it fit a 29er?")], &[]).expect("write");
    let parent = store.texts(InteractionId(0), 10).expect("texts")[0].id;
    let reply = NewReply {
        key: "k1".into(),
        parent,
        send: false,
        recipient: Some("anna".into()),
        subject: None,
        language: Some("en".into()),
        by: "ben@example.org".into(),
        at: 200,
    };
    let local = said(&format!("{LOCAL_PREFIX}k1"), "shop", true, Some("c1"), "Yes, it fits");
    let row = store.queue_reply(&reply, &local).expect("reply");
    assert_eq!((row.state, row.parent, row.person.is_some()), (OutboxState::Recorded, Some(parent), true));
    assert_eq!(store.queue_reply(&reply, &local).expect("again").id, row.id, "one row per key");
    let other = NewReply { parent: row.interaction.expect("stored"), ..reply.clone() };
    assert!(store.queue_reply(&other, &local).is_err(), "a key names one message");
    let state = store.inbox_state(parent).expect("state").expect("replied");
    assert_eq!(state.replied_at, Some(200));
    let copy = said("99", "shop", true, Some("c1"), "@anna Yes, it fits");
    assert_eq!(store.write_batch(&[copy], &[]).expect("import"), [Outcome::Duplicate]);
    let row = store.outbox_row(row.id).expect("row").expect("kept");
    assert_eq!((row.state, row.external_id.as_deref()), (OutboxState::Recorded, Some("99")));
}

/// A batch that adopts the platform's copy of a reply written here goes
/// on knowing it by its new name: a reply to it later in the same batch
/// joins its thread, and the copy given again is a duplicate.
fn a_copy_adopted_mid_batch_is_known_by_its_new_name_for_the_rest_of_the_batch(db) {
    let store = db.open().expect("open");
    store.write_batch(&[said("c1", "anna", false, None, "Does it fit a 29er?")], &[]).expect("write");
    let parent = store.texts(InteractionId(0), 10).expect("texts")[0].id;
    let reply = NewReply {
        key: "k1".into(),
        parent,
        send: false,
        recipient: Some("anna".into()),
        subject: None,
        language: Some("en".into()),
        by: "ben@example.org".into(),
        at: 200,
    };
    let local = said(&format!("{LOCAL_PREFIX}k1"), "shop", true, Some("c1"), "Yes, it fits");
    store.queue_reply(&reply, &local).expect("reply");
    let batch = [
        said("c2", "ben", false, None, "Which valves come with it?"),
        said("99", "shop", true, Some("c1"), "@anna Yes, it fits"),
        said("c3", "anna", false, Some("99"), "Thanks, ordering now"),
        said("99", "shop", true, Some("c1"), "@anna Yes, it fits"),
    ];
    let outcomes = store.write_batch(&batch, &[]).expect("import");
    assert_eq!(
        outcomes,
        [Outcome::Imported, Outcome::Duplicate, Outcome::Imported, Outcome::Duplicate]
    );
    let thread = store.thread_rows("x:c1").expect("thread").expect("stored");
    let ids: Vec<&str> =
        thread.messages.iter().map(|(m, _, _)| m.external_id.as_str()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"99") && ids.contains(&"c3"), "{ids:?}");
    assert_eq!(store.counts().expect("counts").interactions, 4);
}

/// A paid order with an email is a feedback candidate once, in its
/// buyer's usual language; a sent request is a reminder candidate with
/// the order's first product.
fn paid_orders_are_asked_for_feedback_then_reminded(db) {
    let store = db.open().expect("open");
    let email = Email::parse("anna@example.org").expect("email");
    let mut words = said("c1", "anna", false, None, "Wie breit ist der Reifen?");
    if let Record::Interaction(i) = &mut words {
        i.author.email = Some(email.clone());
    }
    let analysis = AnalysisRow {
        language: "de".into(),
        sentiment: "neutral".into(),
        sentiment_confidence: 0.5,
        intent: "question".into(),
        intents: vec![],
        topics: vec![],
        specificity: 0.5,
        generic: false,
    };
    let order = |id: &str, status: &str, at: i64| {
        Record::Order(Order {
            order_id: id.into(),
            email: Some(email.clone()),
            total: 59.9,
            currency: "EUR".into(),
            created_at: Timestamp(at),
            items: vec![
                OrderItem { sku: "t1".into(), title: "Gravel tyre".into(), qty: 2, price: 29.95 },
                OrderItem { sku: "v1".into(), title: "Valve".into(), qty: 1, price: 0.0 },
            ],
            status: status.into(),
        })
    };
    let records = [words, order("o1", "paid", 1_000), order("o2", "refunded", 1_100)];
    let readings = [Reading::of("Wie breit ist der Reifen?", Some(analysis))];
    store.write_batch(&records, &readings).expect("write");
    let found = store.feedback_candidates(0, 5_000, 10).expect("candidates");
    let seen: Vec<(&str, Option<&str>, Option<&str>)> = found
        .iter()
        .map(|c| (c.order.order_id.as_str(), c.name.as_deref(), c.language.as_deref()))
        .collect();
    assert_eq!(seen, [("o1", Some("anna"), Some("de"))]);
    assert_eq!(found[0].order.items.len(), 2);
    let mut request = message("feedback:o1", "anna@example.org", found[0].order.person.map(|p| p.0), 10);
    request.order_id = Some("o1".into());
    store.queue_messages(&[request]).expect("queue");
    assert!(store.feedback_candidates(0, 5_000, 10).expect("candidates").is_empty());
    let id = store.outbox_due(10, 1).expect("due")[0].id;
    assert!(store.outbox_claim(id, 20).expect("claim"));
    let sent = Settle::Sent { external_id: "mail-1".into(), url: None };
    assert!(store.outbox_settle(id, &sent, 30).expect("settle"));
    let reminders = store.reminder_candidates(30, 10).expect("reminders");
    let seen: Vec<(i64, Option<&str>, Option<&str>)> = reminders
        .iter()
        .map(|r| (r.request.id, r.name.as_deref(), r.product.as_deref()))
        .collect();
    assert_eq!(seen, [(id, Some("anna"), Some("Gravel tyre"))]);
    assert!(store.reminder_candidates(29, 10).expect("reminders").is_empty());
    let courtesy = store
        .courtesy(found[0].order.person, Some("ANNA@example.org"), 0)
        .expect("courtesy");
    assert_eq!(courtesy.last_sent, Some(30));
    assert!(courtesy.wrote_since);
}
}
