//! `rapport tasks [--due]`: follow-up tasks and alerts for humans.

use crate::util::Dir;
use serde_json::Value;

fn rfc3339(secs: i64) -> String {
    rapport_core::Timestamp(secs).to_rfc3339()
}

/// A complaint two days old (past its 24 h target) and a question asked
/// ten minutes ago (not yet due). Bob praised the shop before (and was
/// thanked), so his complaint does not outweigh his praise: no
/// detractor, a customer's 24 hours.
fn shop(dir: &Dir) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let lines = [
        serde_json::json!({"channel":"instagram","external_id":"c0","kind":"comment",
            "author":{"handle":"bob.bikes","display_name":"Bob"},
            "text":"Love the gravel tyres, thanks for the great advice!",
            "created_at": rfc3339(now - 20 * 86_400)}),
        serde_json::json!({"channel":"instagram","external_id":"r0","kind":"reply",
            "author":{"handle":"trailwerk"},"from_brand":true,"in_reply_to":"c0",
            "text":"Thank you, Bob!","created_at": rfc3339(now - 20 * 86_400 + 3_600)}),
        serde_json::json!({"channel":"instagram","external_id":"c1","kind":"comment",
            "author":{"handle":"bob.bikes","display_name":"Bob"},
            "text":"My order arrived broken and nobody answers, very disappointed",
            "created_at": rfc3339(now - 2 * 86_400)}),
        serde_json::json!({"channel":"mastodon","external_id":"m1","kind":"mention",
            "author":{"handle":"klaus","display_name":"Klaus Müller"},
            "text":"Habt ihr den Reifen auch in 27,5 Zoll?",
            "created_at": rfc3339(now - 600)}),
    ];
    let file = dir.write("shop.jsonl", &lines.map(|l| l.to_string()).join("\n"));
    let r = dir.run(&["import", "jsonl", file.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn tasks(dir: &Dir, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["tasks", "--json"];
    all.extend_from_slice(args);
    let r = dir.run(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().expect("a list").clone()
}

rapport_store::both! {
#[test]
fn tasks_lists_overdue_and_upcoming_answers_and_due_keeps_only_the_overdue() {
    let dir = Dir::new();
    shop(&dir);
    let all = tasks(&dir, &[]);
    assert_eq!(all.len(), 2, "{all:#?}");
    let complaint = &all[0];
    assert_eq!(complaint["kind"], "unanswered");
    assert_eq!(complaint["severity"], "high");
    assert_eq!(complaint["overdue"], true);
    assert_eq!(complaint["person"]["name"], "Bob");
    assert!(complaint["interaction"].is_number());
    assert!(complaint["reason"]
        .as_str()
        .expect("reason")
        .contains("past the 24-hour target"));
    let question = &all[1];
    assert_eq!(question["overdue"], false);
    assert_eq!(question["person"]["name"], "Klaus Müller");
    let due = tasks(&dir, &["--due"]);
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["person"]["name"], "Bob");

    let text = dir.run(&["tasks"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout.contains("DUE high   unanswered"),
        "{}",
        text.stdout
    );
}

#[test]
fn tasks_come_a_page_at_a_time_in_the_same_order() {
    let dir = Dir::new();
    shop(&dir);
    let all = tasks(&dir, &[]);
    let first = tasks(&dir, &["--limit", "1"]);
    let second = tasks(&dir, &["--limit", "1", "--offset", "1"]);
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 1);
    assert_eq!(first[0], all[0]);
    assert_eq!(second[0], all[1]);
    let text = dir.run(&["tasks", "--limit", "1"]);
    assert!(
        text.stdout.contains("(1 of 2 shown, 1 overdue;"),
        "{}",
        text.stdout
    );
}

#[test]
fn tasks_are_done_snoozed_or_dismissed_by_their_key() {
    let dir = Dir::new();
    shop(&dir);
    let all = tasks(&dir, &[]);
    let complaint = all[0]["key"].as_str().expect("key").to_string();
    let question = all[1]["key"].as_str().expect("key").to_string();
    assert!(complaint.starts_with("unanswered:"), "{complaint}");
    let r = dir.run(&[
        "tasks",
        "--dismiss",
        &complaint,
        "--reason",
        "refunded by phone",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = dir.run(&["tasks", "--snooze", &question, "--minutes", "90"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(tasks(&dir, &[]).is_empty());
    // The inbox keeps the reason as a note; the snoozed question waits
    // out of sight.
    let inbox = dir.run(&["inbox", "--json"]).json();
    assert!(inbox.as_array().expect("a list").is_empty(), "{inbox:#}");
    // Twice is no alert; an unknown key or a bad snooze is exit 2.
    assert_eq!(dir.run(&["tasks", "--done", &complaint]).code, 2);
    assert_eq!(dir.run(&["tasks", "--done", "fell:424242"]).code, 2);
    assert_eq!(dir.run(&["tasks", "--done", "nonsense"]).code, 2);
    let bad = dir.run(&["tasks", "--snooze", &complaint, "--minutes", "0"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("minutes"), "{}", bad.stderr);
}
}

#[test]
fn the_help_states_the_answer_target_rule_the_report_applies() {
    let dir = Dir::new();
    let help = dir.run(&["tasks", "--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    // Clap may wrap the text: compare word by word.
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let rule = rapport_core::priority::Targets::default()
        .rule()
        .to_string();
    let rule = rule.trim_end_matches('.');
    assert!(
        words(&help.stdout).contains(rule),
        "{rule:?} not in {}",
        help.stdout
    );
}
