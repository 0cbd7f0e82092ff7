//! `rapport import`: idempotence, rejections, stdin, CSV, crash safety.

use crate::db;
use crate::util::{as_str, Dir};
use std::time::{Duration, Instant};

const GOOD: &str = r#"{"channel":"instagram","external_id":"c1","kind":"comment","author":{"handle":"anna.rides","display_name":"Anna","email":null,"followers":412,"bio":"MTB & coffee"},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-02T09:14:00Z","in_reply_to":null,"post_id":"p1","url":null}"#;

fn line(
    id: &str,
    handle: &str,
    text: &str,
    at: &str,
    reply_to: Option<&str>,
    brand: bool,
) -> String {
    serde_json::json!({
        "channel": "instagram", "external_id": id, "kind": if reply_to.is_some() {"reply"} else {"comment"},
        "author": {"handle": handle}, "text": text, "created_at": at,
        "in_reply_to": reply_to, "post_id": "p1", "from_brand": brand
    })
    .to_string()
}

rapport_store::both! {
#[test]
fn import_twice_reports_all_duplicates() {
    let dir = Dir::new();
    let file = dir.generate("shop.jsonl", 60, 600, 3);
    let lines = std::fs::read_to_string(&file)
        .expect("read")
        .lines()
        .count() as u64;

    let first = dir.run(&["import", "jsonl", as_str(&file), "--json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let first = first.json();
    assert_eq!(first["imported"].as_u64(), Some(lines));
    assert_eq!(first["duplicates"].as_u64(), Some(0));

    let again = dir
        .run(&["import", "jsonl", as_str(&file), "--json"])
        .json();
    assert_eq!(again["imported"].as_u64(), Some(0));
    assert_eq!(again["duplicates"].as_u64(), Some(lines));
    assert_eq!(again["rejected"].as_u64(), Some(0));
    assert_eq!(again["rejections"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_malformed_line_exits_2_names_the_line_and_stores_the_others() {
    let dir = Dir::new();
    let body = [
        GOOD.to_string(),
        line(
            "c2",
            "ben",
            "Which size for 1.80 m?",
            "2026-10-02T10:00:00Z",
            None,
            false,
        ),
        GOOD.replace("\"c1\"", "\"c3\"")
            .replace("2026-10-02T09:14:00Z", "next friday"),
        "{not json".to_string(),
        line(
            "c5",
            "cleo",
            "Lovely trail, where is it?",
            "2026-10-03T10:00:00Z",
            None,
            false,
        ),
    ]
    .join("\n");
    let file = dir.write("bad.jsonl", &body);
    let r = dir.run(&["import", "jsonl", as_str(&file), "--json"]);
    assert_eq!(r.code, 2);
    let j = r.json();
    assert_eq!(j["imported"].as_u64(), Some(3));
    assert_eq!(j["rejected"].as_u64(), Some(2));
    let rej = &j["rejections"][0];
    assert_eq!(rej["line"].as_u64(), Some(3));
    assert!(rej["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("bad.jsonl")));
    assert!(
        rej["reason"]
            .as_str()
            .is_some_and(|r| r.contains("created_at")),
        "{rej}"
    );
    assert_eq!(j["rejections"][1]["line"].as_u64(), Some(4));
    assert!(
        r.stderr.contains("bad.jsonl:3:"),
        "stderr names file and line: {}",
        r.stderr
    );

    // What was stored stays stored and visible.
    let people = dir.run(&["people", "--json"]).json();
    assert_eq!(people.as_array().map(Vec::len), Some(3));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let dir = Dir::new();
    let r = dir.run_with_stdin(&["import", "jsonl", "-", "--json"], Some(GOOD));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["imported"].as_u64(), Some(1));
}

#[test]
fn csv_with_a_header_row_imports_interactions_and_orders() {
    let dir = Dir::new();
    let csv = "kind,channel,external_id,handle,email,text,created_at,order_id,total,currency,sku,title,qty,price\n\
               comment,facebook,f1,jonas.k,jonas@example.de,\"Passt der Reifen, auf 27,5?\",2026-10-01T08:00:00Z,,,,,,,\n\
               order,,,,jonas@example.de,,2026-10-02T08:00:00Z,5001,59.90,EUR,TYR-275,Trail tyre 27.5,1,59.90\n\
               comment,facebook,f2,mia,,hi,yesterday,,,,,,,\n";
    let file = dir.write("in.csv", csv);
    let r = dir.run(&["import", "csv", as_str(&file), "--json"]);
    assert_eq!(r.code, 2);
    let j = r.json();
    assert_eq!(j["imported"].as_u64(), Some(2));
    assert_eq!(j["rejections"][0]["line"].as_u64(), Some(4));

    let person = dir.run(&["person", "jonas@example.de", "--json"]);
    assert_eq!(person.code, 0, "{}", person.stderr);
    let p = person.json();
    assert_eq!(p["orders"][0]["order_id"], "5001");
    assert_eq!(p["history"][0]["text"], "Passt der Reifen, auf 27,5?");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let dir = Dir::new();
    let file = dir.write("x.jsonl", GOOD);
    let r = dir.run(&["import", "myspace", as_str(&file)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown format \"myspace\""),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "one line: {}", r.stderr);
}

#[test]
fn a_missing_file_is_bad_input() {
    let dir = Dir::new();
    let r = dir.run(&["import", "jsonl", "nope.jsonl"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.jsonl"), "{}", r.stderr);
}

#[test]
fn logs_go_to_stderr_and_json_stays_clean() {
    let dir = Dir::new();
    let file = dir.write("x.jsonl", GOOD);
    let r = dir.run(&["-v", "import", "jsonl", as_str(&file), "--json"]);
    assert_eq!(r.code, 0);
    r.json();
    assert!(
        r.stderr.contains("import finished"),
        "log line on stderr: {}",
        r.stderr
    );
}

#[test]
fn a_killed_import_leaves_only_whole_batches() {
    let dir = Dir::new();
    let file = dir.generate("big.jsonl", 3_000, 60_000, 11);
    let mut child = dir
        .command(&["import", "jsonl", as_str(&file), "--batch-size", "1000"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let db = dir.db();
    let start = Instant::now();
    // Wait until at least one batch landed, then kill without warning.
    let stored = || -> u64 {
        let Ok(store) = rapport_store::open(&db) else {
            return 0;
        };
        store
            .counts()
            .map(|c| c.interactions + c.orders)
            .unwrap_or(0)
    };
    while stored() == 0 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let finished = child.try_wait().expect("try_wait").is_some();
    child.kill().expect("kill");
    let _ = child.wait();
    let n = stored();
    assert!(
        !finished,
        "the import ended before it could be killed; make the file larger"
    );
    assert!(n > 0, "a batch was stored before the kill");
    assert_eq!(n % 1000, 0, "{n} records stored: a batch was cut in half");
}

#[test]
fn the_profiles_channel_handles_mark_the_shops_own_replies() {
    let dir = Dir::new();
    let lines = [
        line(
            "q1",
            "anna",
            "Does it fit a 29er?",
            "2026-10-01T09:00:00Z",
            None,
            false,
        ),
        // No from_brand flag: the profile says who the shop is.
        line(
            "a1",
            "Trailwerk",
            "Yes, it does!",
            "2026-10-01T09:30:00Z",
            Some("q1"),
            false,
        ),
    ];
    let file = dir.write("t.jsonl", &lines.join("\n"));
    let profile = dir.write(
        "rapport.toml",
        "name = \"Trailwerk\"\nrevenue_goal = 1000.0\ncurrency = \"EUR\"\ntopics = [\"tyre\"]\nvalues = []\n\n[channels]\ninstagram = \"@trailwerk\"\n",
    );
    let r = dir.run(&[
        "--profile",
        as_str(&profile),
        "import",
        "jsonl",
        as_str(&file),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let inbox = dir
        .run(&["--profile", as_str(&profile), "inbox", "--json"])
        .json();
    assert_eq!(
        inbox.as_array().map(Vec::len),
        Some(0),
        "the question was answered: {inbox:#}"
    );
    let people = dir
        .run(&["--profile", as_str(&profile), "people", "--json"])
        .json();
    assert_eq!(
        people.as_array().map(Vec::len),
        Some(1),
        "the shop is not a person: {people:#}"
    );
}
}

/// Facts of a database that do not depend on which import wrote first.
fn facts(dir: &Dir) -> Vec<(String, i64)> {
    let url = dir.db();
    assert!(db::intact(&url));
    let mut out = Vec::new();
    for (name, sql) in [
        ("interactions", "SELECT count(*) FROM interaction"),
        (
            "answered",
            "SELECT count(*) FROM interaction WHERE answered_at IS NOT NULL",
        ),
        ("texts", "SELECT count(*) FROM interaction_text"),
        ("readings", "SELECT count(*) FROM analysis"),
        ("orders", "SELECT count(*) FROM orders"),
        ("identities", "SELECT count(*) FROM identity"),
        ("people", "SELECT count(*) FROM person WHERE is_brand = 0"),
        ("queued", "SELECT count(*) FROM inbox_queue"),
        (
            "threads",
            "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM thread_count",
        ),
        ("verdicts", "SELECT count(*) FROM person_score"),
        ("claims", "SELECT count(*) FROM ladder_claim"),
    ] {
        out.push((name.to_string(), db::count(&url, sql, None)));
    }
    out
}

rapport_store::both! {
#[test]
fn imports_running_at_once_wait_their_turn_and_store_what_one_after_another_stores() {
    let source = Dir::new();
    let shop = std::fs::read_to_string(source.generate("shop.jsonl", 1_500, 18_000, 5))
        .expect("read the shop");
    // Three parts, every third line each: replies and their parents, a
    // person's comments and orders, land in different files.
    let mut parts = vec![String::new(); 3];
    for (i, line) in shop.lines().enumerate() {
        parts[i % 3].push_str(line);
        parts[i % 3].push('\n');
    }
    let in_turn = Dir::new();
    let at_once = Dir::new();
    for (i, part) in parts.iter().enumerate() {
        let file = in_turn.write(&format!("part{i}.jsonl"), part);
        let r = in_turn.run(&["import", "jsonl", as_str(&file), "--batch-size", "250"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // Small batches, so the three writers' transactions interleave, into
    // a database none of them has created yet.
    let running: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let file = at_once.write(&format!("part{i}.jsonl"), part);
            at_once
                .command(&["import", "jsonl", as_str(&file), "--batch-size", "250"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn an import")
        })
        .collect();
    for child in running {
        let out = child.wait_with_output().expect("wait for an import");
        assert!(
            out.status.success(),
            "an import failed while others ran: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let expected = facts(&in_turn);
    assert!(
        expected.iter().all(|(name, n)| *n > 0 || name == "claims"),
        "{expected:?}"
    );
    assert_eq!(facts(&at_once), expected);
    // The ladder the interleaved passes left is the ladder of judging
    // everyone at once: no pass wrote over a newer verdict or kept one of
    // a person merged away. (Stages are not compared with the sequential
    // run: a comment read before its post arrived is read without it, in
    // any order of files.)
    let r = at_once.run(&["rescore", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(" 0 differ, 0 stored for people who are gone"),
        "{}",
        r.stdout
    );
}
}
