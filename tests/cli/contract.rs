//! The shapes CONTRACT fixes, on the demo shop.

use crate::util::{as_str, Dir};

rapport_store::both! {
#[test]
fn demo_then_people_inbox_and_report_give_the_contract_shapes() {
    let dir = Dir::new();
    let demo = dir.run(&["demo"]);
    assert_eq!(demo.code, 0, "{}", demo.stderr);
    assert!(demo.stdout.contains("people"), "{}", demo.stdout);

    let people = dir.run(&["people", "--json"]).json();
    let list = people.as_array().expect("people is a list");
    assert!(
        list.len() >= 250,
        "a few hundred people, got {}",
        list.len()
    );
    let stages = ["stranger", "follower", "casual", "engaged", "fan"];
    let labels = [
        "true_fan",
        "evangelist",
        "influencer",
        "detractor",
        "box_ticker",
    ];
    for p in list {
        assert!(p["id"].is_i64());
        assert!(p["name"].is_string());
        // Buyers who never spoke on a channel have no identities yet.
        for i in p["identities"].as_array().expect("identities") {
            assert!(i["channel"].is_string() && i["handle"].is_string(), "{i}");
        }
        assert!(stages.contains(&p["stage"].as_str().unwrap_or("")), "{p}");
        for l in p["labels"].as_array().expect("labels") {
            assert!(labels.contains(&l.as_str().unwrap_or("")), "{l}");
        }
        assert!(p["scores"].is_object());
        assert!(!p["evidence"].as_array().expect("evidence").is_empty());
    }
    for l in labels {
        assert!(
            list.iter().any(|p| p["labels"]
                .as_array()
                .is_some_and(|ls| ls.iter().any(|x| x == l))),
            "someone in the demo is {l}"
        );
    }

    let inbox = dir.run(&["inbox", "--json", "--limit", "20"]).json();
    let items = inbox.as_array().expect("inbox is a list");
    assert!(!items.is_empty());
    let prios: Vec<i64> = items
        .iter()
        .filter_map(|i| i["priority"].as_i64())
        .collect();
    assert!(
        prios.windows(2).all(|w| w[0] >= w[1]),
        "priority order: {prios:?}"
    );

    // Filters: every complaint from a detractor, and each one is.
    let mine = dir
        .run(&[
            "inbox",
            "--json",
            "--limit",
            "1000",
            "--intent",
            "complaint",
            "--label",
            "detractor",
        ])
        .json();
    let mine = mine.as_array().expect("a list");
    assert!(!mine.is_empty(), "the demo has detractors' complaints");
    for i in mine {
        assert!(i["person"]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "detractor"));
        // One answer-target rule: a detractor's complaint gets the short one.
        assert_eq!(i["target_minutes"], 60, "{i}");
    }
    let text = dir.run(&["inbox", "--stock", "fold", "--limit", "5"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("stock phrases under post"),
        "{}",
        text.stdout
    );
    // The footer says how many stock phrases the groups hold, as the
    // dashboard's "+ N stock phrases": those groups' counts added up.
    let folded: u64 = text
        .stdout
        .lines()
        .filter(|l| l.starts_with("[stock]"))
        .map(|l| {
            l.split_whitespace()
                .nth(2)
                .and_then(|n| n.parse::<u64>().ok())
                .expect("a group's count")
        })
        .sum();
    assert!(folded > 0, "{}", text.stdout);
    assert!(
        text.stdout
            .contains(&format!("besides the {folded} stock phrases folded above")),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains(" 1 stock phrases"), "{}", text.stdout);
    let bad = dir.run(&["inbox", "--intent", "gossip"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("intent"), "{}", bad.stderr);
    assert_eq!(bad.stderr.trim().lines().count(), 1, "{}", bad.stderr);

    // Search, in German and in Thai: every message found holds the word.
    // Each is someone's, named, or the shop's own, under the shop's name
    // and no person (the shop has no person page).
    let mut the_shops = 0;
    for word in ["Reifen", "ยาง"] {
        let found = dir.run(&["search", word, "--json"]).json();
        let messages = found["messages"].as_array().expect("messages");
        assert!(!messages.is_empty(), "{word}");
        // Newest first by when they were written (the demo's import
        // stores them in another order).
        let times: Vec<&str> = messages
            .iter()
            .map(|m| m["created_at"].as_str().expect("created_at"))
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{word}: {times:?}");
        for m in messages {
            assert!(
                m["text"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .contains(&word.to_lowercase()),
                "{word}: {m}"
            );
            if m["from_brand"] == true {
                the_shops += 1;
                assert!(m["person"].is_null(), "{m}");
                assert_eq!(m["name"], "Trailwerk", "{m}");
            } else {
                assert!(m["person"].is_i64(), "{m}");
                assert_ne!(m["name"], "", "{m}");
            }
        }
    }
    assert!(the_shops > 0, "the shop's replies are found too");
    let text = dir.run(&["search", "Reifen"]);
    assert!(text.stdout.contains(" Trailwerk "), "{}", text.stdout);
    let short = dir.run(&["search", "ab"]);
    assert_eq!(short.code, 2, "{}", short.stderr);

    let report = dir.run(&["report", "--json"]).json();
    let t = &report["answer_targets"];
    assert_eq!(t["fast_minutes"], 60);
    assert!(t["past_target"].as_u64().expect("past_target") > 0);
    let text = dir.run(&["report"]);
    assert!(
        text.stdout.contains("Answer targets: 1 h for true fans"),
        "{}",
        text.stdout
    );
    let m = &report["meaningful"];
    for k in ["inbound", "conversations", "true_fans", "evangelists"] {
        assert!(m[k].is_u64(), "meaningful.{k}: {m}");
    }
    let share = m["answered_share"].as_f64().expect("answered_share");
    assert!((0.0..=1.0).contains(&share));
    assert!(m["median_first_response_minutes"].is_f64());
    assert!(
        m["p90_first_response_minutes"].as_f64() >= m["median_first_response_minutes"].as_f64()
    );
    for k in ["followers", "likes", "comments"] {
        assert!(report["vanity"][k].is_u64(), "vanity.{k}");
    }

    // Loading the demo again changes nothing.
    let again = dir.run(&["demo", "--json"]).json();
    assert_eq!(again["imported"], 0, "{again}");
}

#[test]
fn generate_is_deterministic_per_seed_and_writes_the_truth_file() {
    let dir = Dir::new();
    let a = dir.generate("a.jsonl", 120, 1_500, 5);
    let b = dir.generate("b.jsonl", 120, 1_500, 5);
    let c = dir.generate("c.jsonl", 120, 1_500, 6);
    let read = |p: &std::path::Path| std::fs::read(p).expect("read");
    assert_eq!(read(&a), read(&b));
    assert_ne!(read(&a), read(&c));
    let truth = std::fs::read_to_string(dir.path("a.truth.jsonl")).expect("truth file");
    let personas = [
        "lurker",
        "box_ticker",
        "casual",
        "engaged",
        "true_fan",
        "evangelist",
        "influencer",
        "detractor",
    ];
    let mut lines = 0;
    for line in truth.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("truth line is JSON");
        assert!(v["channel"].is_string() && v["handle"].is_string());
        assert!(
            personas.contains(&v["persona"].as_str().unwrap_or("")),
            "{v}"
        );
        lines += 1;
    }
    assert_eq!(lines, 120);
    let r = dir.run(&["import", "jsonl", as_str(&a), "--json"]);
    assert_eq!(r.code, 0, "generated data imports cleanly: {}", r.stderr);
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = Dir::new();
    assert_eq!(dir.run(&["people", "--stage", "superfan"]).code, 2);
    assert_eq!(dir.run(&["report", "--since", "yesterday"]).code, 2);
    assert_eq!(dir.run(&["frobnicate"]).code, 2);
    let other = dir.run(&["--db", "mysql://u@localhost/rapport", "people"]);
    assert_eq!(other.code, 2, "{}", other.stderr);
    assert!(other.stderr.contains("--db"), "{}", other.stderr);
}
}

// SQLite only: its database is the unreachable server it names, not the test's.
#[test]
fn a_postgres_server_that_cannot_be_reached_is_a_runtime_failure_naming_it() {
    let dir = Dir::new();
    // Port 1 on loopback: nothing listens there, the refusal is at once.
    let url = "postgres://u@127.0.0.1:1/rapport";
    let r = dir.run(&["--db", url, "people"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(url), "{}", r.stderr);
    assert!(r.stderr.contains("connect"), "{}", r.stderr);
}

rapport_store::both! {
#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    let dir = Dir::new();
    assert_eq!(dir.run(&["demo"]).code, 0);
    let mut child = dir
        .command(&["--json", "people"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut out = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut out, &mut first).expect("a first byte");
    drop(out);
    let done = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(done.status.code(), Some(0), "{stderr}");
}
}
