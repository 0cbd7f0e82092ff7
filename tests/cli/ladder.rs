//! The stored ladder: imports keep it current, `rescore --check` proves it
//! equals judging everyone, and the views read the same either way.

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
    let conn = rusqlite::Connection::open(dir.path("rapport.db")).expect("open db");
    conn.execute_batch(statement).expect("sql");
}

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
        "INSERT OR IGNORE INTO person_dirty SELECT min(id) FROM person",
    );
    let judged = dir.run(&["people", "--json"]).json();
    assert_eq!(stored, judged);
    assert!(stored.as_array().is_some_and(|a| a.len() > 50));
}

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
