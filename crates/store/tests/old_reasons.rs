//! Outbox reasons written as English text before reasons had kinds read
//! back into their kinds, so the dashboard says them in the user's
//! language; a platform's own words stay as written.

use rapport_core::Said;
use rapport_store::outbox::{MessageKind, NewMessage, Settle};
use rapport_store::per_backend;

fn message(key: &str) -> NewMessage {
    NewMessage {
        key: key.into(),
        kind: MessageKind::Feedback,
        channel: "email".into(),
        person: None,
        order_id: Some(format!("order-{key}")),
        recipient: "ana@example.org".into(),
        subject: Some("How is your bike?".into()),
        body: "Tell us".into(),
        language: Some("en".into()),
        due_at: 10,
        at: 100,
    }
}

per_backend! {
/// A row whose `last_error` holds an old English reason (as every row
/// did before reasons had kinds) reads back as that reason's kind.
fn an_outbox_reason_stored_as_english_reads_back_as_its_kind(db) {
    let store = db.open().expect("open");
    let cases = [
        ("quiet hours (21:00–08:00 the recipient's time)", Said::QuietHours { from: 21, until: 8 }),
        ("at most one message per person in 14 days", Said::CapPerPerson { days: 14 }),
        ("waits until their complaint is answered", Said::ComplaintOpen),
        ("no sender is connected for mastodon", Said::NoSender { channel: "mastodon".into() }),
        ("timeout", Said::Verbatim { text: "timeout".into() }),
    ];
    for (n, (old, kind)) in cases.into_iter().enumerate() {
        let key = format!("m{n}");
        store.queue_messages(&[message(&key)]).expect("queue");
        let id = store
            .outbox_due(10, 100)
            .expect("due")
            .into_iter()
            .find(|m| m.key == key)
            .expect("queued")
            .id;
        // A retry writes its words as given: the way old rows hold theirs.
        store
            .outbox_settle(id, &Settle::Retry { error: old.into(), at: 60 }, 25)
            .expect("retry");
        let row = store.outbox_row(id).expect("row").expect("there");
        assert_eq!(row.last_error, Some(kind), "{old}");
    }
}
}
