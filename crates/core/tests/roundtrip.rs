//! Canonical JSONL round-trips: parse(print(r)) == r for any valid record.

use proptest::prelude::*;
use rapport_core::{Author, Channel, Email, Handle, Interaction, Kind, Record, Timestamp};

fn interaction() -> impl Strategy<Value = Record> {
    (
        "[a-z][a-z0-9_-]{0,12}",
        "[A-Za-z0-9:_-]{1,24}",
        prop::sample::select(Kind::ALL.to_vec()),
        "[A-Za-z0-9._]{1,20}",
        prop::option::of("[a-z]{1,8}@[a-z]{1,8}\\.(de|org|co\\.th)"),
        prop::option::of(0u64..10_000_000),
        "\\PC{0,80}",
        0i64..4_000_000_000,
        prop::option::of("[a-z0-9]{1,10}"),
        any::<bool>(),
    )
        .prop_map(
            |(ch, id, kind, handle, email, followers, text, at, parent, brand)| {
                Record::Interaction(Interaction {
                    channel: Channel::parse(&ch).expect("channel"),
                    external_id: id,
                    kind,
                    author: Author {
                        handle: Handle::parse(&handle).expect("handle"),
                        display_name: Some(handle.clone()),
                        email: email.map(|e| Email::parse(&e).expect("email")),
                        followers,
                        bio: None,
                    },
                    text,
                    created_at: Timestamp(at),
                    in_reply_to: parent,
                    post_id: None,
                    url: None,
                    from_brand: brand,
                })
            },
        )
}

proptest! {
    #[test]
    fn canonical_jsonl_round_trips(r in interaction()) {
        let line = r.to_json();
        prop_assert!(!line.contains('\n'));
        prop_assert_eq!(Record::from_json(&line).expect("parses"), r);
    }

    #[test]
    fn any_line_parses_or_is_rejected_without_panicking(line in "\\PC{0,200}") {
        let _ = Record::from_json(&line);
    }
}
