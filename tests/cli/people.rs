//! Identity, threads and answers as a user sees them through the CLI.

use crate::util::{as_str, Dir};
use serde_json::json;

fn write_lines(dir: &Dir, name: &str, lines: &[serde_json::Value]) -> std::path::PathBuf {
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    dir.write(name, &body.join("\n"))
}

#[test]
fn the_same_email_on_two_channels_makes_one_person_with_their_orders() {
    let dir = Dir::new();
    let file = write_lines(
        &dir,
        "two.jsonl",
        &[
            json!({"channel":"instagram","external_id":"i1","kind":"comment","author":{"handle":"anna.rides","email":"anna@example.org"},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-01T09:00:00Z"}),
            json!({"channel":"reddit","external_id":"r1","kind":"comment","author":{"handle":"anna_r","email":"Anna@Example.org"},"text":"Their gravel wheels are great","created_at":"2026-10-02T09:00:00Z"}),
            json!({"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-03T10:00:00Z","items":[{"sku":"TYR-29","title":"Trail tyre 29","qty":2,"price":64.95}]}),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let people = dir.run(&["people", "--json"]).json();
    let list = people.as_array().expect("list");
    assert_eq!(list.len(), 1, "{people:#}");
    assert_eq!(list[0]["identities"].as_array().map(Vec::len), Some(2));

    for key in [
        "anna@example.org",
        "reddit:anna_r",
        "instagram:@Anna.Rides",
        "anna.rides",
    ] {
        let p = dir.run(&["person", key, "--json"]);
        assert_eq!(p.code, 0, "{key}: {}", p.stderr);
        let p = p.json();
        assert_eq!(p["orders"][0]["total"], 129.9, "{key}");
        assert_eq!(p["orders"][0]["items"][0]["sku"], "TYR-29");
    }
    let unknown = dir.run(&["person", "nobody@example.org"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn an_order_before_the_comment_still_lands_on_the_person() {
    let dir = Dir::new();
    let file = write_lines(
        &dir,
        "o.jsonl",
        &[
            json!({"kind":"order","order_id":"7","email":"ben@example.org","total":40,"currency":"eur","created_at":"2026-10-01T10:00:00Z"}),
            json!({"channel":"shop","external_id":"rev1","kind":"review","author":{"handle":"ben","email":"ben@example.org"},"text":"Fast delivery, tyre fits","created_at":"2026-10-05T10:00:00Z"}),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let people = dir.run(&["people", "--json"]).json();
    assert_eq!(people.as_array().map(Vec::len), Some(1), "{people:#}");
    let p = dir.run(&["person", "shop:ben", "--json"]).json();
    assert_eq!(p["orders"][0]["currency"], "EUR");
}

#[test]
fn answered_questions_leave_the_inbox_and_count_in_the_report() {
    let dir = Dir::new();
    let c = |id: &str, handle: &str, text: &str, at: &str, parent: Option<&str>, brand: bool| {
        json!({"channel":"instagram","external_id":id,"kind": if parent.is_some() {"reply"} else {"comment"},
               "author":{"handle":handle},"text":text,"created_at":at,"in_reply_to":parent,"post_id":"p1","from_brand":brand})
    };
    let file = write_lines(
        &dir,
        "t.jsonl",
        &[
            c(
                "q1",
                "anna",
                "Does it fit a 29er?",
                "2026-10-01T09:00:00Z",
                None,
                false,
            ),
            c(
                "q2",
                "anna",
                "Or only 27.5?",
                "2026-10-01T09:05:00Z",
                Some("q1"),
                false,
            ),
            c(
                "a1",
                "trailwerk",
                "Both fit!",
                "2026-10-01T09:35:00Z",
                Some("q2"),
                true,
            ),
            c(
                "q3",
                "ben",
                "Is the helmet MIPS?",
                "2026-10-01T10:00:00Z",
                None,
                false,
            ),
            c(
                "x1",
                "anna",
                "Perfect, ordering now",
                "2026-10-01T09:50:00Z",
                Some("a1"),
                false,
            ),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);

    let inbox = dir.run(&["inbox", "--json"]).json();
    let ids: Vec<&str> = inbox
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|i| i["external_id"].as_str())
        .collect();
    assert_eq!(ids, vec!["q3", "x1"], "{inbox:#}");
    assert_eq!(inbox[0]["reasons"][0], "question");

    let r = dir.run(&["report", "--json"]).json();
    let m = &r["meaningful"];
    assert_eq!(m["inbound"], 4);
    assert_eq!(m["answered_share"], 0.5);
    // q1 waited 35 minutes, q2 30 minutes: median 32.5, p90 (nearest rank) 35.
    assert_eq!(m["median_first_response_minutes"], 32.5);
    assert_eq!(m["p90_first_response_minutes"], 35.0);
    // q1 → q2 is one speaker; q2 → a1 and a1 → x1 are two exchanges.
    assert_eq!(m["conversations"], 1);
}
