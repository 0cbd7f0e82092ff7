//! `rapport analyze`, `rapport eval` and analysis at import.

use crate::util::{as_str, Dir};

#[test]
fn analyze_prints_the_contract_fields() {
    let dir = Dir::new();
    let r = dir.run(&["analyze", "Does the trail tyre fit a 29er?", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a = r.json();
    assert_eq!(a["language"], "en");
    assert_eq!(a["intent"], "question");
    assert!(["positive", "neutral", "negative"].contains(&a["sentiment"].as_str().unwrap_or("")));
    assert!(
        a["topics"]
            .as_array()
            .is_some_and(|t| t.iter().any(|w| w == "tyre")),
        "{a}"
    );
    assert!(a["specificity"]
        .as_f64()
        .is_some_and(|s| (0.0..=1.0).contains(&s)));
}

#[test]
fn eval_scores_labelled_data_and_ends_with_the_summary_line() {
    let dir = Dir::new();
    let file = dir.write(
        "s.jsonl",
        "{\"text\":\"I love it, thank you so much!\",\"label\":\"positive\"}\n\
         {\"text\":\"Broken on arrival, worst shop ever\",\"label\":\"negative\"}\n\
         {\"text\":\"The shop opens at nine\",\"label\":\"neutral\"}\n",
    );
    let r = dir.run(&["eval", "sentiment", "--input", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stdout.trim_end().lines().last().unwrap_or("");
    let fields: Vec<&str> = last.split(' ').collect();
    assert_eq!(fields.len(), 4, "{last}");
    assert!(
        fields[0].starts_with("macro_f1=0.") || fields[0] == "macro_f1=1.0000",
        "{last}"
    );
    assert!(fields[1].starts_with("macro_recall="));
    assert!(fields[2].starts_with("accuracy="));
    assert_eq!(fields[3], "n=3");
    let json_part = &r.stdout[..r.stdout.trim_end().rfind('\n').unwrap_or(0)];
    let report: serde_json::Value =
        serde_json::from_str(json_part).expect("JSON report before the last line");
    assert_eq!(report["n"], 3);
    assert!(report["per_class"]["positive"]["precision"].is_f64());
    assert!(report["confusion"]["negative"].is_object());
}

#[test]
fn eval_rejects_an_unknown_label_naming_the_line() {
    let dir = Dir::new();
    let file = dir.write(
        "s.jsonl",
        "{\"text\":\"fine\",\"label\":\"neutral\"}\n{\"text\":\"meh\",\"label\":\"meh\"}\n",
    );
    let r = dir.run(&["eval", "sentiment", "--input", as_str(&file)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("s.jsonl:2") && r.stderr.contains("label"),
        "{}",
        r.stderr
    );
    // Language accepts any ISO code: one the analyzer cannot produce is a miss.
    let lang = dir.write(
        "l.jsonl",
        "{\"text\":\"Habari ya asubuhi rafiki\",\"label\":\"sw\"}\n",
    );
    let r = dir.run(&["eval", "language", "--input", as_str(&lang), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["accuracy"], 0.0);
}

#[test]
fn imported_comments_carry_their_analysis_and_reanalyze_redoes_it() {
    let dir = Dir::new();
    let file = dir.write(
        "c.jsonl",
        &[
            r#"{"channel":"instagram","external_id":"p1","kind":"post","from_brand":true,"author":{"handle":"trailwerk"},"text":"New trail tyres for 29er wheels","created_at":"2026-10-01T08:00:00Z"}"#,
            r#"{"channel":"instagram","external_id":"c1","kind":"comment","post_id":"p1","author":{"handle":"anna"},"text":"Do the trail tyres fit 29er wheels with 30 mm rims?","created_at":"2026-10-01T09:00:00Z"}"#,
        ]
        .join("\n"),
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let p = dir.run(&["person", "instagram:anna", "--json"]).json();
    let a = &p["history"][0]["analysis"];
    assert_eq!(a["intent"], "question", "{p:#}");
    assert_eq!(a["language"], "en");
    assert!(
        a["specificity"].as_f64() > Some(0.5),
        "shares the post's topics: {a}"
    );

    let r = dir.run(&["reanalyze", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["analyzed"], 2);
}
