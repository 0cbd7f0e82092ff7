//! `rapport analyze`, `rapport eval` and analysis at import.

use crate::util::{as_str, Dir};

rapport_store::both! {
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
fn analyze_reads_a_text_to_the_shop_as_the_shop_keeps_it() {
    let text = "@trailwerk I'm having problems with the pump. It won't fit the valve.";
    // With no database there is no shop: the models read the handle as a
    // friend tagged.
    let bare = Dir::new().run(&["analyze", text, "--json"]);
    assert_eq!(bare.code, 0, "{}", bare.stderr);
    assert_eq!(bare.json()["intents"], serde_json::json!(["recommendation", "complaint"]));
    // The demo shop's handle is trailwerk: a message to it recommends
    // nothing, as the stored reading of such a message says.
    let dir = Dir::new();
    assert_eq!(dir.run(&["demo", "--json"]).code, 0);
    let shop = dir.run(&["analyze", text, "--json"]).json();
    assert_eq!(shop["intent"], "complaint", "{shop}");
    assert_eq!(shop["intents"], serde_json::json!(["complaint"]), "{shop}");
    // Another account's handle still reads as a tag.
    let other = dir.run(&["analyze", &text.replace("@trailwerk", "@maxi_rides"), "--json"]).json();
    assert_eq!(other["intent"], "recommendation", "{other}");
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
}

/// A small complaint set as the shared data writes it: `complaint`,
/// `not_complaint`, another intent (which counts as "not complaint"), and
/// an `unclear` row that is left out.
const COMPLAINTS: &str = "\
{\"text\":\"Broken on arrival and nobody answers my emails. Worst service ever.\",\"label\":\"complaint\"}
{\"text\":\"Still waiting for my refund after three weeks, this is a joke\",\"label\":\"complaint\"}
{\"text\":\"The tyre you sent is the wrong size and I had to cancel my ride\",\"label\":\"complaint\"}
{\"text\":\"Love the new helmet, thank you!\",\"label\":\"not_complaint\"}
{\"text\":\"Does the trail tyre fit a 29er?\",\"label\":\"question\"}
{\"text\":\"Great ride with friends today\",\"label\":\"not_complaint\"}
{\"text\":\"meh\",\"label\":\"unclear\"}
";

rapport_store::both! {
#[test]
fn eval_binary_prints_the_labels_figures_consistent_with_the_rows() {
    let dir = Dir::new();
    let file = dir.write("complaints.jsonl", COMPLAINTS);
    let r = dir.run(&[
        "eval",
        "intent",
        "--binary",
        "complaint",
        "--input",
        as_str(&file),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    let b = &report["binary"];
    assert_eq!(b["label"], "complaint");
    let count = |k: &str| b[k].as_u64().unwrap_or(u64::MAX);
    // 3 complaint rows; 3 others (one of them another intent); unclear skipped.
    assert_eq!(count("n"), 6, "{report:#}");
    assert_eq!(count("tp") + count("fn"), 3, "{report:#}");
    assert_eq!(count("fp") + count("tn"), 3, "{report:#}");
    assert_eq!(report["skipped"], 1);
    let (tp, fp, fn_) = (count("tp") as f64, count("fp") as f64, count("fn") as f64);
    let f = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
    let precision = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
    assert!((f("precision") - precision).abs() < 1e-9, "{b}");
    assert!((f("recall") - tp / (tp + fn_)).abs() < 1e-9, "{b}");
    let (p, rc) = (f("precision"), f("recall"));
    let f1 = if p + rc == 0.0 {
        0.0
    } else {
        2.0 * p * rc / (p + rc)
    };
    assert!((f("f1") - f1).abs() < 1e-9, "{b}");
    // The usual report is the two-class one, and agrees.
    assert_eq!(report["per_class"]["complaint"]["support"], 3);
    assert!(
        report["per_class"]["not_complaint"].is_object(),
        "{report:#}"
    );
    assert!(
        (report["per_class"]["complaint"]["f1"]
            .as_f64()
            .unwrap_or(-1.0)
            - f1)
            .abs()
            < 1e-9
    );
    // Among the listed intents a complaint is found at least as often.
    let among = &report["binary_among_intents"];
    assert!(among["tp"].as_u64() >= b["tp"].as_u64(), "{among}");
    // Multi-label: the three complaints and the question carry a gold intent.
    assert_eq!(report["multi_label"]["rows"], 4, "{report:#}");

    // Without --json: the figures on one line, then the contract's last line.
    let r = dir.run(&[
        "eval",
        "intent",
        "--binary",
        "complaint",
        "--input",
        as_str(&file),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.trim_end().lines().collect();
    let binary = lines
        .iter()
        .find(|l| l.starts_with("binary complaint: "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    for field in ["precision=", "recall=", "f1=", "tp=", "fp=", "fn=", "n=6"] {
        assert!(binary.contains(field), "{binary}");
    }
    assert!(lines
        .last()
        .is_some_and(|l| l.starts_with("macro_f1=") && l.ends_with("n=6")));
}

#[test]
fn eval_binary_rejects_a_label_that_is_neither_naming_file_line_and_field() {
    let dir = Dir::new();
    let file = dir.write(
        "mixed.jsonl",
        "{\"text\":\"fine\",\"label\":\"not_complaint\"}\n\
         {\"text\":\"any news?\",\"label\":\"not_suggestion\"}\n",
    );
    let r = dir.run(&[
        "eval",
        "intent",
        "--binary",
        "complaint",
        "--input",
        as_str(&file),
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("mixed.jsonl:2") && r.stderr.contains("`label`"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "nothing printed on bad input: {}",
        r.stdout
    );
    // Without --binary a not_LABEL row is an error that says what to add.
    let r = dir.run(&["eval", "intent", "--input", as_str(&file)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("mixed.jsonl:1") && r.stderr.contains("--binary complaint"),
        "{}",
        r.stderr
    );
    // A --binary label the task does not have is bad usage.
    let r = dir.run(&[
        "eval",
        "sentiment",
        "--binary",
        "complaint",
        "--input",
        as_str(&file),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("complaint"), "{}", r.stderr);
}

#[test]
fn eval_intent_reports_gold_labels_found_among_the_predicted_intents() {
    let dir = Dir::new();
    let file = dir.write(
        "multi.jsonl",
        "{\"text\":\"Do you still have the trail tyre in 29? I want to order two\",\"labels\":[\"question\",\"purchase_intent\"]}\n\
         {\"text\":\"Does the helmet come in large?\",\"label\":\"question\"}\n\
         {\"text\":\"fine\",\"label\":\"other\",\"labels\":\"other\"}\n",
    );
    let r = dir.run(&["eval", "intent", "--input", as_str(&file)]);
    assert_eq!(r.code, 2, "labels must be a list");
    assert!(
        r.stderr.contains("multi.jsonl:3") && r.stderr.contains("`labels`"),
        "{}",
        r.stderr
    );

    let file = dir.write(
        "multi.jsonl",
        "{\"text\":\"Do you still have the trail tyre in 29? I want to order two\",\"labels\":[\"question\",\"purchase_intent\"]}\n\
         {\"text\":\"Does the helmet come in large?\",\"label\":\"question\"}\n",
    );
    let r = dir.run(&["eval", "intent", "--input", as_str(&file), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    let m = &report["multi_label"];
    assert_eq!(m["rows"], 2, "{report:#}");
    assert_eq!(m["gold_labels"], 3, "{report:#}");
    let found = m["found"].as_u64().unwrap_or(u64::MAX);
    assert!(found <= 3);
    let recall = m["recall"].as_f64().unwrap_or(-1.0);
    assert!((recall - found as f64 / 3.0).abs() < 1e-9, "{m}");
    // The primary-intent report scores the first gold label of each row.
    assert_eq!(report["n"], 2);
    assert_eq!(report["per_class"]["question"]["support"], 2, "{report:#}");
    // Both questions are read as questions, so "question" is found twice.
    assert_eq!(m["per_class"]["question"]["found"], 2, "{report:#}");
}

#[test]
fn a_stock_phrase_from_someone_never_heard_takes_a_language_its_channel_hears() {
    let dir = Dir::new();
    let line = |id: &str, handle: &str, text: &str| {
        serde_json::json!({"channel": "facebook", "external_id": id, "kind": "comment",
            "author": {"handle": handle}, "text": text, "created_at": "2026-10-01T09:00:00Z"})
        .to_string()
    };
    let german = [
        "Der Helm passt perfekt und die Lieferung war schnell",
        "Wann kommt der neue Gravelreifen wieder rein?",
        "Danke für die schnelle Hilfe im Laden gestern",
        "Die Lenkerrolle hat die Tour durch den Schwarzwald gut überstanden",
    ];
    let mut lines: Vec<String> = german
        .iter()
        .enumerate()
        .map(|(n, t)| line(&format!("c{n}"), &format!("kunde{n}"), t))
        .collect();
    lines.push(line("c9", "neu", "Tolles Foto!"));
    let file = dir.write("one.jsonl", &lines.join("\n"));
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    // Alone, with no shop, the phrase reads as Norwegian; on a channel
    // that hears German, from an author who wrote nothing else, as
    // German, and `analyze` reads it as the shop does.
    let bare = Dir::new().run(&["analyze", "Tolles Foto!", "--json"]);
    assert_eq!(bare.json()["language"], "nb");
    assert_eq!(dir.run(&["analyze", "Tolles Foto!", "--json"]).json()["language"], "de");
    let p = dir.run(&["person", "facebook:neu", "--json"]).json();
    assert_eq!(p["history"][0]["analysis"]["language"], "de", "{p:#}");
    // A later import knows the channel from the store, and reading
    // everything again reads it so too.
    let later = dir.write("two.jsonl", &line("c10", "neu2", "Mega 😍"));
    assert_eq!(dir.run(&["import", "jsonl", as_str(&later)]).code, 0);
    let p = dir.run(&["person", "facebook:neu2", "--json"]).json();
    assert_eq!(p["history"][0]["analysis"]["language"], "de", "{p:#}");
    assert_eq!(dir.run(&["reanalyze", "--json"]).code, 0);
    for who in ["facebook:neu", "facebook:neu2"] {
        let p = dir.run(&["person", who, "--json"]).json();
        assert_eq!(p["history"][0]["analysis"]["language"], "de", "{p:#}");
    }
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
}
