//! The stored ladder: imports keep it current, `rescore --check` proves it
//! equals judging everyone, and the views read the same either way.

use crate::db;
use crate::util::Dir;
use serde_json::Value;

/// A generated shop split into three files by time, so each import moves
/// the ladder's clock and some activities leave the 90-day window.
fn shop_in_three_parts(dir: &Dir) -> Vec<String> {
    let out = dir.path("shop.jsonl");
    let r = dir.run(&[
        "generate",
        "--people",
        "300",
        "--interactions",
        "3000",
        "--seed",
        "4242",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&out).expect("read shop");
    let mut lines: Vec<(String, &str)> = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("generated JSON");
            (v["created_at"].as_str().unwrap_or("").to_string(), l)
        })
        .collect();
    lines.sort();
    let n = lines.len();
    [(0, n / 2), (n / 2, n * 3 / 4), (n * 3 / 4, n)]
        .iter()
        .enumerate()
        .map(|(k, &(a, b))| {
            let body: String = lines[a..b].iter().map(|(_, l)| format!("{l}\n")).collect();
            let name = format!("part{k}.jsonl");
            dir.write(&name, &body);
            name
        })
        .collect()
}

fn check(dir: &Dir) -> (i32, Value) {
    let r = dir.run(&["rescore", "--check", "--json"]);
    (r.code, r.json())
}

fn sql(dir: &Dir, statement: &str) {
    db::execute(&dir.db(), statement);
}

rapport_store::both! {
#[test]
fn imports_in_pieces_store_the_verdicts_judging_everyone_gives() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        let r = dir.run(&["import", "jsonl", &part]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let (code, c) = check(&dir);
        assert_eq!(code, 0, "after {part}: {c:#}");
        assert_eq!(c["differ"], 0, "{c:#}");
        assert_eq!(c["orphans"], 0, "{c:#}");
        assert_eq!(c["as_of_current"], true, "{c:#}");
        assert!(c["checked"].as_u64().unwrap_or(0) > 50, "{c:#}");
    }
    // The views read the stored verdicts; with one person marked as
    // changed they judge everyone in memory — the same people come out.
    let stored = dir.run(&["people", "--json"]).json();
    sql(
        &dir,
        "INSERT INTO person_dirty SELECT min(id) FROM person WHERE true ON CONFLICT DO NOTHING",
    );
    let judged = dir.run(&["people", "--json"]).json();
    assert_eq!(stored, judged);
    assert!(stored.as_array().is_some_and(|a| a.len() > 50));
}
}

rapport_store::both! {
#[test]
fn a_tampered_verdict_is_found_and_rescore_repairs_it() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        assert_eq!(dir.run(&["import", "jsonl", &part]).code, 0);
    }
    sql(
        &dir,
        "UPDATE person_score SET assessment = replace(assessment, '\"stage\":\"casual\"', '\"stage\":\"fan\"')
         WHERE person_id = (SELECT min(person_id) FROM person_score WHERE stage = 'casual')",
    );
    let (code, c) = check(&dir);
    assert_eq!(code, 1, "{c:#}");
    assert_eq!(c["differ"], 1, "{c:#}");
    let r = dir.run(&["rescore", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["full"], true);
    assert_eq!(check(&dir).0, 0);
}
}

rapport_store::both! {
#[test]
fn merging_and_unlinking_keep_the_stored_ladder_current() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        assert_eq!(dir.run(&["import", "jsonl", &part]).code, 0);
    }
    let people = dir.run(&["people", "--json"]).json();
    let list = people.as_array().expect("people");
    let handle = |p: &Value| {
        let i = &p["identities"][0];
        format!(
            "{}:{}",
            i["channel"].as_str().unwrap_or(""),
            i["handle"].as_str().unwrap_or("")
        )
    };
    let fan = list.iter().find(|p| p["stage"] == "fan").expect("a fan");
    let casual = list
        .iter()
        .find(|p| p["stage"] == "casual")
        .expect("a casual");
    let (a, b) = (handle(fan), handle(casual));
    let r = dir.run(&["link", &a, &b, "--reason", "same person", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (code, c) = check(&dir);
    assert_eq!(code, 0, "{c:#}");
    assert_eq!(c["checked"].as_u64(), Some(list.len() as u64 - 1));
    let r = dir.run(&["unlink", &a, &b]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (code, c) = check(&dir);
    assert_eq!(code, 0, "{c:#}");
    assert_eq!(c["checked"].as_u64(), Some(list.len() as u64));
    assert_eq!(dir.run(&["people", "--json"]).json(), people);
}

#[test]
fn touches_show_whether_the_shop_gave_before_it_asked_and_follow_merges() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        assert_eq!(dir.run(&["import", "jsonl", &part]).code, 0);
    }
    let people = dir
        .run(&["people", "--label", "influencer", "--json"])
        .json();
    let inf = &people.as_array().expect("people")[0];
    let handle = format!(
        "{}:{}",
        inf["identities"][0]["channel"].as_str().unwrap_or(""),
        inf["identities"][0]["handle"].as_str().unwrap_or("")
    );

    let r = dir.run(&[
        "touch",
        "add",
        &handle,
        "--kind",
        "ask",
        "--note",
        "a post about the tyre?",
        "--at",
        "2026-03-02T10:00:00Z",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let l = &r.json()["ledger"];
    assert_eq!(l["value_first"], false);
    assert_eq!(l["warning"], "asked before giving anything");

    let r = dir.run(&[
        "touch",
        "add",
        &handle,
        "--kind",
        "sample",
        "--note",
        "sent the new gravel tyre",
        "--at",
        "2026-03-01T10:00:00Z",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let l = &r.json()["ledger"];
    assert_eq!(
        (l["given"].as_u64(), l["asked"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(l["value_first"], true);

    // Bad input: exit 2 naming the flag; nothing stored.
    let r = dir.run(&["touch", "add", &handle, "--kind", "bribe", "--note", "x"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--kind"), "{}", r.stderr);
    let r = dir.run(&[
        "touch",
        "add",
        "nobody:here",
        "--kind",
        "ask",
        "--note",
        "x",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let listed = dir.run(&["touch", "list", &handle, "--json"]).json();
    assert_eq!(listed["touches"].as_array().map(Vec::len), Some(2));
    assert_eq!(listed["touches"][0]["kind"], "sample");

    // Merged into someone with a lower id, the touches follow.
    let everyone = dir.run(&["people", "--json"]).json();
    let keep = everyone
        .as_array()
        .expect("people")
        .iter()
        .filter_map(|p| p["id"].as_i64())
        .min()
        .expect("someone");
    assert!(keep < inf["id"].as_i64().expect("id"));
    let r = dir.run(&[
        "link",
        &keep.to_string(),
        &handle,
        "--reason",
        "same person",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let listed = dir
        .run(&["touch", "list", &keep.to_string(), "--json"])
        .json();
    assert_eq!(
        listed["touches"].as_array().map(Vec::len),
        Some(2),
        "{listed:#}"
    );
    assert_eq!(listed["ledger"]["given"], 1);
}
}

rapport_store::both! {
#[test]
fn a_store_read_by_an_older_release_is_read_and_judged_again_once() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        assert_eq!(dir.run(&["import", "jsonl", &part]).code, 0);
    }
    let url = dir.db();
    let signals = "SELECT CAST(coalesce(sum(signals), 0) AS BIGINT) FROM interaction";
    let read_now = db::count(&url, signals, None);
    let people_now = dir.run(&["people", "--json"]).json();
    // Readings as a release that took every comment for a recommendation
    // would have stored them: the ladder judges by the stored bits, so
    // judged again as they are, evangelists appear (the tampering matters).
    sql(
        &dir,
        "UPDATE interaction SET signals = signals | 2 WHERE kind = 'comment' AND from_brand = 0",
    );
    assert_eq!(dir.run(&["rescore"]).code, 0);
    let misread = dir.run(&["people", "--json"]).json();
    let evangelists = |v: &Value| {
        v.as_array()
            .expect("people")
            .iter()
            .filter(|p| p.to_string().contains("\"evangelist\""))
            .count()
    };
    assert!(evangelists(&misread) > evangelists(&people_now), "{misread:#}");
    // Marked as made by that release (and its verdicts by older rules),
    // the next command reads every text and judges everyone again first.
    sql(
        &dir,
        "UPDATE readings_state SET version = 'an older release';
         UPDATE score_state SET profile = 'older rules'",
    );
    let r = dir.run(&["people", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("texts read again"), "{}", r.stderr);
    assert_eq!(r.json(), people_now);
    assert_eq!(db::count(&url, signals, None), read_now);
    // Once: the store now records this release.
    let again = dir.run(&["people", "--json"]);
    assert!(!again.stderr.contains("read again"), "{}", again.stderr);
    assert_eq!(again.json(), people_now);
    let (code, c) = check(&dir);
    assert_eq!(code, 0, "{c:#}");
}
}

rapport_store::both! {
#[test]
fn verdicts_judged_by_other_rules_are_judged_again_without_rereading() {
    let dir = Dir::new();
    for part in shop_in_three_parts(&dir) {
        assert_eq!(dir.run(&["import", "jsonl", &part]).code, 0);
    }
    let people_now = dir.run(&["people", "--json"]).json();
    sql(&dir, "UPDATE score_state SET profile = 'older rules'");
    let r = dir.run(&["people", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("0 texts read again"), "{}", r.stderr);
    assert!(!r.stderr.contains(", 0 people judged again"), "{}", r.stderr);
    assert_eq!(r.json(), people_now);
}
}
