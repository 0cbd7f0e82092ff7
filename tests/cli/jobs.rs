//! The job queue from the command line: `import --queue`, `worker`,
//! `jobs`, and a worker killed in the middle of a job.

use crate::util::Dir;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn stored(url: &str) -> u64 {
    rapport_store::open(url)
        .and_then(|s| s.counts())
        .map(|c| c.interactions + c.orders)
        .unwrap_or(0)
}

fn records(file: &std::path::Path) -> u64 {
    std::fs::read_to_string(file)
        .expect("read")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count() as u64
}

rapport_store::per_backend! {
    fn a_worker_killed_mid_import_loses_nothing_and_repeats_nothing(db) {
        let url = db.url().to_string();
        let dir = Dir::on(&url);
        let file = dir.generate("big.jsonl", 3_000, 40_000, 12);
        let file = file.to_str().expect("utf-8 path");
        let total = records(std::path::Path::new(file));
        let r = dir.run(&["--json", "import", "--queue", "jsonl", file, "--batch-size", "1000"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let id = r.json()["jobs"][0].as_i64().expect("a job id");

        // A worker with a 3-second lease takes the import (a thousand
        // records a transaction) and is killed without warning once some
        // of it is stored.
        let mut first = dir
            .command(&["worker", "--lease", "3", "--kinds", "import"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let start = Instant::now();
        while stored(&url) == 0 && start.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(20));
        }
        first.kill().expect("kill");
        let _ = first.wait();
        let before = stored(&url);
        assert!(before > 0 && before < total, "{before} of {total} stored when killed");
        assert_eq!(before % 1000, 0, "{before} stored: a batch was cut in half");
        let jobs = dir.run(&["--json", "jobs"]).json();
        assert_eq!(jobs["jobs"][0]["state"], "running", "{jobs}");

        // Once the lease has run out, another worker takes it again and
        // finishes it: what the first stored comes back as duplicates.
        std::thread::sleep(Duration::from_secs(4));
        let r = dir.run(&["--json", "worker", "--once", "--lease", "30"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let ran: serde_json::Value =
            serde_json::from_str(r.stdout.lines().next().expect("a job ran")).expect("json");
        assert_eq!((ran["id"].as_i64(), ran["attempt"].as_i64()), (Some(id), Some(2)));
        let summary: serde_json::Value =
            serde_json::from_str(ran["done"].as_str().expect("done")).expect("summary");
        let imported = summary["imported"].as_u64().expect("imported");
        let duplicates = summary["duplicates"].as_u64().expect("duplicates");
        assert_eq!(duplicates, before, "{summary}");
        assert_eq!(imported + duplicates, total, "{summary}");
        assert_eq!(stored(&url), total);

        // Done, and nothing runs twice.
        let jobs = dir.run(&["--json", "jobs"]).json();
        assert_eq!(jobs["jobs"][0]["state"], "done", "{jobs}");
        assert_eq!(jobs["jobs"][0]["attempts"], 2, "{jobs}");
        let r = dir.run(&["worker", "--once"]);
        assert_eq!(r.stdout.trim(), "ran 0 jobs", "{}", r.stderr);
        assert_eq!(stored(&url), total);
    }
}

rapport_store::both! {
#[test]
fn queueing_checks_the_format_and_the_file_at_once() {
    let dir = Dir::new();
    let r = dir.run(&["import", "--queue", "nosuch", "x.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let file = dir.write("a.jsonl", "");
    let r = dir.run(&["import", "--queue", "jsonl", "missing.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.jsonl"), "{}", r.stderr);
    let r = dir.run(&["worker", "--kinds", "nosuch", "--once"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--kinds"), "{}", r.stderr);
    // An empty file is a job that imports nothing.
    let r = dir.run(&["import", "--queue", "jsonl", file.to_str().expect("path")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = dir.run(&["worker", "--once"]);
    assert!(r.stdout.contains("import (try 1): done"), "{}", r.stdout);
}
}
