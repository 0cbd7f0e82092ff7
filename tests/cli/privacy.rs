//! A person's data through the CLI: `export-person` gives what was
//! imported, `forget` erases it for good while past reports add up, a
//! re-import skips them, and `audit` says who did what; `user remove`
//! and `token create|list|revoke` manage access.

use crate::db;
use crate::util::{as_str, Dir};
use serde_json::{json, Value};

fn write_lines(dir: &Dir, name: &str, lines: &[Value]) -> std::path::PathBuf {
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    dir.write(name, &body.join("\n"))
}

const ANNA_ASKS: &str = "Does the trail tyre fit my old Rocky 29er?";

/// A small shop with Anna on two channels, her order, Bob and the shop.
fn small_shop(dir: &Dir) -> std::path::PathBuf {
    write_lines(
        dir,
        "shop.jsonl",
        &[
            json!({"channel":"instagram","external_id":"p1","kind":"post","author":{"handle":"trailwerk"},"text":"The new 29er trail tyre is here","created_at":"2026-10-01T08:00:00Z","from_brand":true}),
            json!({"channel":"instagram","external_id":"c1","kind":"comment","author":{"handle":"anna.rides","display_name":"Anna Testperson","email":"anna@example.org","followers":412,"bio":"MTB and espresso"},"text":ANNA_ASKS,"created_at":"2026-10-02T09:14:00Z","post_id":"p1"}),
            json!({"channel":"instagram","external_id":"r1","kind":"reply","author":{"handle":"trailwerk"},"text":"@anna.rides yes, it fits!","created_at":"2026-10-02T10:00:00Z","in_reply_to":"c1","post_id":"p1","from_brand":true}),
            json!({"channel":"reddit","external_id":"rd1","kind":"comment","author":{"handle":"anna_r","email":"anna@example.org"},"text":"Their gravel wheels survived the whole Alb crossing","created_at":"2026-10-03T09:00:00Z"}),
            json!({"channel":"instagram","external_id":"c2","kind":"comment","author":{"handle":"bob.bikes"},"text":"My order arrived broken, very disappointed","created_at":"2026-10-03T10:00:00Z","post_id":"p1"}),
            json!({"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-06T10:00:00Z","items":[{"sku":"TYR-29","title":"Trail tyre 29","qty":2,"price":64.95}]}),
        ],
    )
}

/// How many rows of any table hold `needle` in any column (any case).
fn rows_holding(dir: &Dir, needle: &str) -> Vec<String> {
    db::rows_holding(&dir.db(), needle)
}

/// How many stored messages say exactly `text`.
fn said(dir: &Dir, text: &str) -> i64 {
    db::count(
        &dir.db(),
        "SELECT count(*) FROM interaction_text WHERE text = $1",
        Some(text),
    )
}

rapport_store::both! {
#[test]
fn export_person_gives_everything_imported_about_them_as_json() {
    let dir = Dir::new();
    let file = small_shop(&dir);
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    for args in [
        &["export-person", "anna@example.org"][..],
        &["export-person", "reddit:anna_r", "--json"][..],
    ] {
        let r = dir.run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let doc = r.json();
        assert_eq!(doc["format"], "rapport.person-export.v1");
        assert_eq!(doc["person"]["name"], "Anna Testperson");
        let accounts: Vec<String> = doc["identities"]
            .as_array()
            .expect("identities")
            .iter()
            .map(|i| {
                format!(
                    "{}:{}",
                    i["channel"].as_str().unwrap_or(""),
                    i["handle"].as_str().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(accounts, ["instagram:anna.rides", "reddit:anna_r"]);
        assert_eq!(doc["identities"][0]["bio"], "MTB and espresso");
        assert_eq!(doc["emails"], json!(["anna@example.org"]));
        let words = &doc["interactions"][0];
        assert_eq!(words["text"], ANNA_ASKS);
        assert_eq!(words["created_at"], "2026-10-02T09:14:00Z");
        assert_eq!(words["analysis"]["language"], "en", "{words:#}");
        assert!(words["signals"]
            .as_array()
            .is_some_and(|s| s.contains(&json!("question"))));
        assert_eq!(words["answered_at"], "2026-10-02T10:00:00Z");
        assert_eq!(doc["shop_replies"][0]["text"], "@anna.rides yes, it fits!");
        assert_eq!(doc["orders"][0]["order_id"], "1001");
        assert_eq!(doc["orders"][0]["items"][0]["sku"], "TYR-29");
        assert!(doc["verdict"]["assessment"]["stage"].is_string(), "{doc:#}");
    }
    let r = dir.run(&["export-person", "nobody@example.org"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("nobody@example.org"), "{}", r.stderr);
}

#[test]
fn forget_without_yes_refuses_and_changes_nothing() {
    let dir = Dir::new();
    let file = small_shop(&dir);
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let r = dir.run(&["forget", "anna@example.org"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(dir.run(&["person", "anna@example.org"]).code, 0);
    assert_eq!(said(&dir, ANNA_ASKS), 1);
    let r = dir.run(&["forget", "nobody@example.org", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nobody@example.org"), "{}", r.stderr);
    let r = dir.run(&["forget", "trailwerk", "--yes"]);
    assert_eq!(r.code, 2, "the shop itself: {}", r.stderr);
}
}

rapport_store::both! {
#[test]
fn forget_erases_anna_everywhere_and_the_same_file_does_not_bring_her_back() {
    let dir = Dir::new();
    let file = small_shop(&dir);
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let before = dir.run(&["report", "--json"]).json();
    let r = dir.run(&["forget", "instagram:anna.rides", "--yes", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let erased = r.json();
    assert_eq!(erased["identities"], 2);
    assert_eq!(erased["interactions"], 2);
    assert_eq!(erased["orders"], 1);
    assert_eq!(erased["replies_blanked"], 1);
    for needle in [
        "anna.rides",
        "anna_r",
        "anna@example.org",
        "Anna Testperson",
        "MTB and espresso",
        ANNA_ASKS,
        "whole Alb crossing",
    ] {
        assert!(
            rows_holding(&dir, needle).is_empty(),
            "{needle:?} still in {:?}",
            rows_holding(&dir, needle)
        );
    }
    // The report of the past is the report it was; what waits now (the
    // answer targets' list) no longer holds her message.
    let mut after = dir.run(&["report", "--json"]).json();
    let waiting = after["answer_targets"].take();
    let mut before = before;
    let was_waiting = before["answer_targets"].take();
    assert_eq!(after, before);
    assert_eq!(
        waiting["past_target"].as_u64().unwrap() + 1,
        was_waiting["past_target"].as_u64().unwrap()
    );
    assert!(!waiting.to_string().contains("anna"), "{waiting}");
    // Revenue stays; the order has no owner.
    let url = dir.db();
    let cents = "SELECT CAST(round(sum(total) * 100) AS BIGINT) FROM orders";
    let owned = "SELECT count(person_id) + count(email) FROM orders";
    assert_eq!(
        (db::count(&url, cents, None), db::count(&url, owned, None)),
        (12990, 0)
    );
    // The file again: her records are skipped as forgotten, nothing else
    // changes, and the verdicts stay what judging everyone gives.
    let r = dir.run(&["import", "jsonl", as_str(&file), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = r.json();
    assert_eq!(s["imported"], 0, "{s:#}");
    assert_eq!(s["forgotten"], 3, "two messages and an order: {s:#}");
    assert_eq!(s["skipped"], 3, "{s:#}");
    assert_eq!(s["rejected"], 0, "{s:#}");
    assert_eq!(s["duplicates"], 3, "{s:#}");
    assert_eq!(dir.run(&["person", "anna@example.org"]).code, 2);
    assert!(rows_holding(&dir, "anna.rides").is_empty());
    assert!(rows_holding(&dir, ANNA_ASKS).is_empty());
    let mut again = dir.run(&["report", "--json"]).json();
    assert_eq!(again["answer_targets"], waiting);
    again["answer_targets"].take();
    assert_eq!(again, before);
    let check = dir.run(&["rescore", "--check", "--json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}
}

/// Person handles as `channel:handle`.
fn account(p: &Value) -> String {
    let i = &p["identities"][0];
    format!(
        "{}:{}",
        i["channel"].as_str().unwrap_or(""),
        i["handle"].as_str().unwrap_or("")
    )
}

/// The report without what describes the people the shop has today.
fn past_figures(mut report: Value) -> Value {
    for key in ["true_fans", "evangelists"] {
        if let Some(m) = report["meaningful"].as_object_mut() {
            m.remove(key);
        }
        if let Some(channels) = report["per_channel"].as_object_mut() {
            for c in channels.values_mut() {
                if let Some(m) = c["meaningful"].as_object_mut() {
                    m.remove(key);
                }
            }
        }
    }
    if let Some(r) = report.as_object_mut() {
        r.remove("goal");
        r.remove("detractors");
    }
    report
}

rapport_store::both! {
#[test]
fn forgetting_a_true_fan_keeps_every_past_window_of_the_report() {
    let dir = Dir::new();
    let shop = dir.generate("shop.jsonl", 200, 2_000, 77);
    let r = dir.run(&["import", "jsonl", as_str(&shop)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fans = dir.run(&["people", "--label", "true_fan", "--json"]).json();
    let fan = fans
        .as_array()
        .and_then(|f| f.first())
        .expect("a true fan")
        .clone();
    let key = account(&fan);
    let doc = dir.run(&["export-person", &key]).json();
    let texts: Vec<String> = doc["interactions"]
        .as_array()
        .expect("interactions")
        .iter()
        .filter_map(|m| m["text"].as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    assert!(!texts.is_empty(), "{doc:#}");
    let said_before: Vec<i64> = texts.iter().map(|t| said(&dir, t)).collect();
    let windows = ["all", "30d", "12w", "365d"];
    let before: Vec<Value> = windows
        .iter()
        .map(|w| dir.run(&["report", "--since", w, "--json"]).json())
        .collect();
    let r = dir.run(&["forget", &key, "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (w, b) in windows.iter().zip(&before) {
        let after = dir.run(&["report", "--since", w, "--json"]).json();
        assert_eq!(
            past_figures(after.clone()),
            past_figures(b.clone()),
            "--since {w}"
        );
        assert_eq!(
            after["meaningful"]["true_fans"].as_u64(),
            b["meaningful"]["true_fans"].as_u64().map(|n| n - 1),
            "one true fan fewer today"
        );
    }
    // Their words are gone; the same words from others stay.
    for (t, n) in texts.iter().zip(&said_before) {
        let theirs = texts.iter().filter(|x| *x == t).count() as i64;
        assert_eq!(said(&dir, t), n - theirs, "{t:?}");
    }
    for i in doc["identities"].as_array().expect("identities") {
        let handle = i["handle"].as_str().expect("handle");
        assert!(
            rows_holding(&dir, handle).is_empty(),
            "{handle} still in {:?}",
            rows_holding(&dir, handle)
        );
    }
    let check = dir.run(&["rescore", "--check", "--json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // Judging everyone again keeps the fans gained in past weeks.
    assert_eq!(dir.run(&["rescore"]).code, 0);
    let after = dir.run(&["report", "--json"]).json();
    assert_eq!(after["weekly"], before[0]["weekly"]);
}
}

rapport_store::both! {
#[test]
fn the_audit_log_names_who_viewed_exported_and_erased() {
    let dir = Dir::new();
    let file = small_shop(&dir);
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let anna = dir.run(&["person", "anna@example.org", "--json"]).json();
    let id = anna["id"].as_i64().expect("id");
    assert_eq!(dir.run(&["export-person", "anna@example.org"]).code, 0);
    assert_eq!(dir.run(&["forget", "anna@example.org", "--yes"]).code, 0);
    let r = dir.run(&["audit", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = r.json();
    let entries: Vec<(String, String, String)> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap_or("").to_string(),
                e["action"].as_str().unwrap_or("").to_string(),
                e["target"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let target = format!("person:{id}");
    assert_eq!(
        entries,
        [
            (
                "cli".to_string(),
                "person.forget".to_string(),
                target.clone()
            ),
            (
                "cli".to_string(),
                "person.export".to_string(),
                target.clone()
            ),
            ("cli".to_string(), "person.view".to_string(), target),
        ],
        "{log:#}"
    );
    assert_eq!(log["total"], 3);
    let text = dir.run(&["audit", "--limit", "1"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("person.forget"), "{}", text.stdout);
    assert!(!text.stdout.contains("person.view"), "{}", text.stdout);
    let bad = dir.run(&["audit", "--limit", "0"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--limit"), "{}", bad.stderr);
}

#[test]
fn users_are_removed_and_tokens_listed_revoked_and_made_to_expire() {
    let dir = Dir::new();
    let pw = Some("a long passphrase\n");
    for (email, role) in [
        ("boss@shop.example", "admin"),
        ("ana@shop.example", "agent"),
    ] {
        let r = dir.run_with_stdin(
            &["user", "add", email, "--role", role, "--password-stdin"],
            pw,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = dir.run(&[
        "token",
        "create",
        "ana@shop.example",
        "--days",
        "7",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = r.json();
    let id = first["id"].as_i64().expect("id");
    assert!(first["expires_at"].is_string(), "{first:#}");
    assert_eq!(dir.run(&["token", "create", "ana@shop.example"]).code, 0);
    assert_eq!(dir.run(&["token", "create", "boss@shop.example"]).code, 0);
    let list = dir
        .run(&["token", "list", "ana@shop.example", "--json"])
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list:#}");
    let created = list[0]["created_at"].as_i64().expect("created");
    assert_eq!(list[0]["expires_at"].as_i64(), Some(created + 7 * 86_400));
    assert_eq!(
        list[1]["expires_at"]
            .as_i64()
            .zip(list[1]["created_at"].as_i64())
            .map(|(e, c)| e - c),
        Some(90 * 86_400),
        "90 days unless asked"
    );

    for bad in [
        &["token", "create", "ana@shop.example", "--days", "0"][..],
        &["token", "revoke", "9999"][..],
        &["token", "revoke", "x"][..],
        &["token", "revoke", "all"][..],
        &["user", "remove", "nobody@shop.example"][..],
        &["user", "remove", "boss@shop.example"][..],
    ] {
        let r = dir.run(bad);
        assert_eq!(r.code, 2, "{bad:?}: {}", r.stderr);
        assert!(!r.stderr.trim().is_empty(), "{bad:?}");
    }
    let last_admin = dir.run(&["user", "remove", "boss@shop.example"]);
    assert!(
        last_admin.stderr.contains("last admin"),
        "{}",
        last_admin.stderr
    );

    let r = dir.run(&["token", "revoke", &id.to_string(), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["revoked"], 1);
    let r = dir.run(&["token", "revoke", "all", "ana@shop.example", "--json"]);
    assert_eq!(r.json()["revoked"], 1);
    let r = dir.run(&["token", "create", "ana@shop.example"]);
    assert_eq!(r.code, 0);
    let r = dir.run(&["user", "remove", "ana@shop.example", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["tokens_revoked"], 1);
    let tokens = dir.run(&["token", "list", "--json"]).json();
    assert_eq!(
        tokens.as_array().map(Vec::len),
        Some(1),
        "only the boss's: {tokens:#}"
    );
    let log = dir.run(&["audit", "--json"]).json();
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "user.remove",
            "token.create",
            "token.revoke",
            "token.revoke",
            "token.create",
            "token.create",
            "token.create",
            "user.add",
            "user.add"
        ]
    );
}
}
