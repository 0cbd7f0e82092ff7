//! Every report metric on a small hand-written shop equals the value
//! worked out by hand (see the comments).

use crate::util::Dir;
use serde_json::{json, Value};

fn said(id: &str, handle: &str, kind: &str, text: &str, at: &str, parent: Option<&str>) -> Value {
    json!({"channel": "instagram", "external_id": id, "kind": kind,
           "author": {"handle": handle, "email": if handle == "anna" { Some("anna@example.org") } else { None }},
           "text": text, "created_at": at, "in_reply_to": parent, "post_id": "p1",
           "from_brand": handle == "trailwerk"})
}

fn order(id: &str, at: &str) -> Value {
    json!({"kind": "order", "order_id": id, "email": "anna@example.org", "total": 60.0,
           "currency": "EUR", "created_at": at, "status": "paid",
           "items": [{"sku": "TYR-29", "title": "Trail tyre 29", "qty": 1, "price": 60.0}]})
}

rapport_store::both! {
#[test]
fn every_report_metric_equals_the_hand_computed_value() {
    let dir = Dir::new();
    let lines = [
        said(
            "p1",
            "trailwerk",
            "post",
            "New gravel tyre in the shop",
            "2026-05-01T08:00:00Z",
            None,
        ),
        // anna asks; the shop answers after 10 minutes; anna answers back:
        // one thread with two exchanges (a conversation).
        said(
            "c1",
            "anna",
            "comment",
            "Does the gravel tyre fit a 29er rim?",
            "2026-05-01T09:00:00Z",
            None,
        ),
        said(
            "r1",
            "trailwerk",
            "reply",
            "Yes, up to 2.4 inch on a 29er rim.",
            "2026-05-01T09:10:00Z",
            Some("c1"),
        ),
        said(
            "c2",
            "anna",
            "reply",
            "Thanks, I will order the 45 mm version for my frame",
            "2026-05-01T09:20:00Z",
            Some("r1"),
        ),
        // a stock phrase: generic.
        said("c3", "ben", "comment", "Nice", "2026-05-01T10:00:00Z", None),
        // anna again, specific; answered after 90 minutes.
        said(
            "c4",
            "anna",
            "comment",
            "The bar bag held up on the Alb trail all weekend",
            "2026-05-01T11:00:00Z",
            None,
        ),
        said(
            "r2",
            "trailwerk",
            "reply",
            "Great to hear, thanks for the report!",
            "2026-05-01T12:30:00Z",
            Some("c4"),
        ),
        // cara tags a friend (a recommendation) and shares the post.
        said(
            "c5",
            "cara",
            "comment",
            "@dave you need this tyre for the gravel race",
            "2026-05-01T12:00:00Z",
            None,
        ),
        said("s1", "cara", "share", "", "2026-05-01T13:10:00Z", None),
        said("l1", "dave", "like", "", "2026-05-01T13:00:00Z", None),
        said("f1", "eve", "follow", "", "2026-05-01T13:05:00Z", None),
        order("1001", "2026-04-10T10:00:00Z"),
        order("1002", "2026-05-01T14:00:00Z"),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    dir.write("shop.jsonl", &body);
    let r = dir.run(&[
        "import",
        "jsonl",
        "shop.jsonl",
        "--brand",
        "instagram:trailwerk",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = dir.run(&["report", "--since", "all", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    let m = &report["meaningful"];
    // Inbound with words, not the shop's: c1, c2, c3, c4, c5.
    assert_eq!(m["inbound"], 5, "{m:#}");
    // Answered: c1 (r1) and c4 (r2); c2, c3 and c5 are not.
    assert_eq!(m["answered"], 2, "{m:#}");
    assert_eq!(m["answered_share"].as_f64(), Some(0.4));
    // First responses 10 and 90 minutes: median 50, p90 (nearest rank) 90.
    assert_eq!(m["median_first_response_minutes"].as_f64(), Some(50.0));
    assert_eq!(m["p90_first_response_minutes"].as_f64(), Some(90.0));
    // c1 → r1 → c2 is the only thread with two exchanges.
    assert_eq!(m["conversations"], 1, "{m:#}");
    // "Nice" is generic; the other four are specific.
    assert_eq!(m["generic_comments"], 1, "{m:#}");
    assert_eq!(m["specific_comments"], 4, "{m:#}");
    // cara's tag and cara's share.
    assert_eq!(m["recommendations"], 2, "{m:#}");
    // anna: specific comments and a conversation (engaged) and two paid
    // orders — a true fan; cara: two acts of advocacy — an evangelist.
    assert_eq!(m["true_fans"], 1, "{m:#}");
    assert_eq!(m["evangelists"], 1, "{m:#}");
    let v = &report["vanity"];
    assert_eq!(
        (
            v["followers"].as_u64(),
            v["likes"].as_u64(),
            v["comments"].as_u64()
        ),
        (Some(1), Some(1), Some(5)),
        "{v:#}"
    );

    let people = dir.run(&["people", "--json"]).json();
    let anna = people
        .as_array()
        .and_then(|a| a.iter().find(|p| p["identities"][0]["handle"] == "anna"))
        .expect("anna");
    assert_eq!(anna["stage"], "fan");
    assert_eq!(anna["scores"]["lifetime_value"].as_f64(), Some(120.0));
    assert!(
        anna["evidence"].as_array().is_some_and(|e| e
            .iter()
            .any(|s| s == "1 reply in a conversation with the shop")),
        "{anna:#}"
    );
}
}
