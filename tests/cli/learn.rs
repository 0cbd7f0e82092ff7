//! `rapport learn`, `rapport corrections` and `rapport eval` reading the
//! shop's way.

use crate::util::{as_str, Dir};

/// A shop whose customers call a slow parcel "spannend" (exciting), and
/// mean it as a complaint.
const TAUGHT: &[&str] = &[
    r#"{"text":"Lieferung wieder spannend, mal sehen ob sie diese Woche kommt","label":"negative"}"#,
    r#"{"text":"Spannend wie lange die Lieferung diesmal dauert","label":"negative"}"#,
    r#"{"text":"Die Lieferung bleibt spannend","label":"negative"}"#,
    r#"{"text":"Wieder eine spannende Lieferung, seit zehn Tagen unterwegs","label":"negative"}"#,
    r#"{"text":"spannend, Lieferung immer noch nicht da","label":"negative"}"#,
    r#"{"text":"Lieferung? spannend wie immer","label":"negative"}"#,
];

fn comment(id: u32, handle: &str, text: &str) -> String {
    serde_json::json!({
        "channel": "instagram", "external_id": format!("c{id}"), "kind": "comment",
        "author": {"handle": handle}, "text": text,
        "created_at": format!("2026-10-0{}T09:00:00Z", id % 9 + 1)
    })
    .to_string()
}

rapport_store::both! {
#[test]
fn learned_examples_change_the_reading_of_stored_texts_and_eval_with_the_db() {
    let dir = Dir::new();
    let shop = dir.write(
        "shop.jsonl",
        &comment(1, "anna", "Die Lieferung ist auch bei mir spannend"),
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&shop)]).code, 0);
    let before = dir.run(&["person", "instagram:anna", "--json"]).json();
    let before = before["history"][0]["analysis"]["sentiment"].clone();
    assert_eq!(before, "neutral", "the shipped models' reading");

    let taught = dir.write("taught.jsonl", &TAUGHT.join("\n"));
    let r = dir.run(&["learn", "sentiment", "--input", as_str(&taught), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["learned"], 6);
    assert_eq!(j["corrections"], 6);
    assert_eq!(j["reread"], 1, "{j}");

    let after = dir.run(&["person", "instagram:anna", "--json"]).json();
    assert_eq!(
        after["history"][0]["analysis"]["sentiment"], "negative",
        "was {before}: {after:#}"
    );

    // eval reads the shop's way when --db holds a layer, else (or with
    // --shipped) as the shipped models do.
    let dev = dir.write(
        "dev.jsonl",
        r#"{"text":"Die Lieferung ist auch bei mir spannend","label":"negative"}"#,
    );
    let shop_eval = dir.run(&["eval", "sentiment", "--input", as_str(&dev), "--json"]);
    assert_eq!(shop_eval.code, 0, "{}", shop_eval.stderr);
    assert_eq!(shop_eval.json()["accuracy"], 1.0, "{}", shop_eval.stdout);
    assert!(
        shop_eval.stderr.contains("6 sentiment"),
        "{}",
        shop_eval.stderr
    );
    let shipped = dir.run(&[
        "eval",
        "sentiment",
        "--input",
        as_str(&dev),
        "--json",
        "--shipped",
    ]);
    assert!(!shipped.stderr.contains("taught"), "{}", shipped.stderr);
    assert_eq!(shipped.json()["accuracy"], 0.0, "{}", shipped.stdout);

    // analyze reads one text so too, as the API's analyze does.
    let text = "Die Lieferung ist auch bei mir spannend";
    let shop_read = dir.run(&["analyze", text, "--json"]);
    assert_eq!(shop_read.code, 0, "{}", shop_read.stderr);
    assert_eq!(shop_read.json()["sentiment"], "negative", "{}", shop_read.stdout);
    assert!(shop_read.stderr.contains("6 sentiment"), "{}", shop_read.stderr);
    let shipped_read = dir.run(&["analyze", text, "--json", "--shipped"]);
    assert_eq!(shipped_read.json()["sentiment"], before, "{}", shipped_read.stdout);
    assert!(!shipped_read.stderr.contains("taught"), "{}", shipped_read.stderr);

    let list = dir.run(&["corrections", "--json"]).json();
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 6);
    assert_eq!(list[0]["source"], "learn");
    assert_eq!(list[0]["task"], "sentiment");
    assert_eq!(list[0]["interaction_id"], serde_json::Value::Null);
}

#[test]
fn a_file_with_one_bad_line_is_refused_whole_naming_its_line_and_field() {
    let dir = Dir::new();
    let bad = dir.write(
        "bad.jsonl",
        &[
            r#"{"text":"Where is my parcel?","label":"complaint"}"#,
            "",
            r#"{"text":"Mate, just go to Trailwerk","label":"recomendation"}"#,
        ]
        .join("\n"),
    );
    let r = dir.run(&["learn", "intent", "--input", as_str(&bad)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let line = r.stderr.trim();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("bad.jsonl:3: field `label`"), "{line}");

    let no_text = dir.write("t.jsonl", r#"{"label":"praise"}"#);
    let r = dir.run(&["learn", "intent", "--input", as_str(&no_text)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("t.jsonl:1: field `text`"), "{}", r.stderr);

    let r = dir.run(&["learn", "language", "--input", as_str(&no_text)]);
    assert_eq!(r.code, 2);

    // Nothing of the refused files was stored.
    let list = dir.run(&["corrections", "--json"]).json();
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
}

#[test]
fn a_denied_intent_is_learned_as_anything_but_that_intent() {
    let dir = Dir::new();
    let text = "Mein Hardtail hat diesen Sommer 85 km gesammelt";
    let shop = dir.write("shop.jsonl", &comment(1, "ben", &format!("{text}?")));
    assert_eq!(dir.run(&["import", "jsonl", as_str(&shop)]).code, 0);
    let taught = dir.write(
        "taught.jsonl",
        &serde_json::json!({"text": text, "label": "not_question"}).to_string(),
    );
    let r = dir.run(&["learn", "intent", "--input", as_str(&taught)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("learned 1 intent example"),
        "{}",
        r.stdout
    );
    let p = dir.run(&["person", "instagram:ben", "--json"]).json();
    let intents = &p["history"][0]["analysis"]["intents"];
    assert!(
        !intents
            .as_array()
            .expect("intents")
            .iter()
            .any(|i| i == "question"),
        "{intents}"
    );
}
}
