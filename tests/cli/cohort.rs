//! The relationship engine through the CLI: the shop profile, cohorts of
//! people to cultivate, and the report with its HTML page.

use crate::util::{as_str, Dir};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;

fn demo() -> Dir {
    let dir = Dir::new();
    let r = dir.run(&["demo", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir
}

fn plan(dir: &Dir) -> Value {
    let r = dir.run(&["cohort", "plan", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

fn ids(plan: &Value) -> Vec<i64> {
    plan["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["person"]["id"].as_i64().expect("person id"))
        .collect()
}

rapport_store::both! {
#[test]
fn cohort_plan_on_the_demo_gives_at_most_five_openers_naming_a_post_or_topic() {
    let dir = demo();
    let p = plan(&dir);
    let members = p["members"].as_array().expect("members");
    assert!(!members.is_empty() && members.len() <= 5, "{p:#}");
    for m in members {
        let person = &m["person"];
        assert_eq!(person["stage"], "engaged", "{m:#}");
        assert!(person["identities"][0]["handle"].is_string());
        assert!(person["evidence"].is_array());
        let opener = m["opener"].as_str().expect("opener");
        let topic = m["topic"].as_str().unwrap_or("");
        let names_post =
            opener.contains("post \"") || opener.contains("post “") || opener.contains('„') || opener.contains("โพสต์");
        assert!(
            names_post || (!topic.is_empty() && opener.to_lowercase().contains(topic)),
            "opener names neither a post nor a topic: {opener}"
        );
    }
}

#[test]
fn planning_twice_returns_the_same_open_cohort() {
    let dir = demo();
    let first = plan(&dir);
    assert_eq!(first["new"], true);
    let second = plan(&dir);
    assert_eq!(second["new"], false, "{second:#}");
    assert_eq!(second["cohort_id"], first["cohort_id"]);
    assert_eq!(ids(&second), ids(&first));
    let shown = dir.run(&["cohort", "show", "--json"]).json();
    assert_eq!(
        shown["cohorts"].as_array().map(Vec::len),
        Some(1),
        "{shown:#}"
    );
    // A larger size plans more people beside the open ones.
    let more = dir.run(&["cohort", "plan", "--size", "7", "--json"]).json();
    let extra = ids(&more);
    assert!(
        extra.len() <= 2 && extra.iter().all(|id| !ids(&first).contains(id)),
        "{more:#}"
    );
}

#[test]
fn cohort_show_tracks_a_member_as_contacted_after_a_brand_reply_is_imported() {
    let dir = demo();
    let p = plan(&dir);
    let member = &p["members"][0]["person"];
    let channel = member["identities"][0]["channel"]
        .as_str()
        .expect("channel");
    let handle = member["identities"][0]["handle"].as_str().expect("handle");
    let at = |mins: i64| {
        (time::OffsetDateTime::now_utc() + time::Duration::minutes(mins))
            .format(&Rfc3339)
            .expect("format")
    };
    let mut lines = vec![
        json!({"channel":channel,"external_id":"cohort-test-c1","kind":"comment","author":{"handle":handle},
               "text":"Which pressure for the gravel tyre on wet roots?","created_at":at(1),"post_id":null}),
        json!({"channel":channel,"external_id":"cohort-test-r1","kind":"reply","author":{"handle":"trailwerk"},
               "text":"About 1.8 bar, and tell us how it rides!","created_at":at(2),"in_reply_to":"cohort-test-c1","from_brand":true}),
    ];
    // A member picked for an open question of theirs (the demo's dates
    // move with the day) gets that one answered too: it waits in the inbox.
    if let Some(question) = p["members"][0]["question"].as_i64() {
        let inbox = dir.run(&["inbox", "--json", "--limit", "1000"]).json();
        let waiting = inbox
            .as_array()
            .expect("inbox")
            .iter()
            .find(|i| i["id"] == question)
            .unwrap_or_else(|| panic!("question {question} waits in the inbox"))
            .clone();
        lines.push(json!({"channel":waiting["channel"],"external_id":"cohort-test-r2","kind":"reply",
            "author":{"handle":"trailwerk"},"text":"Good question — here is our answer.",
            "created_at":at(3),"in_reply_to":waiting["external_id"],"from_brand":true}));
    }
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let file = dir.write("reply.jsonl", &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let shown = dir.run(&["cohort", "show", "--json"]).json();
    let m = shown["cohorts"][0]["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["person_id"] == member["id"])
        .expect("member shown")
        .clone();
    assert!(m["contacted_at"].is_string(), "{m:#}");
    // Why they were picked, told as it is now: the shop just answered.
    let why = m["why"].as_str().expect("why");
    assert!(why.contains("the shop answered them today"), "{why}");
    assert!(!why.contains("still open"), "{why}");
    assert!(
        ["contacted", "moved_up", "graduated"].contains(&m["status"].as_str().unwrap_or("")),
        "{m:#}"
    );
    let others = shown["cohorts"][0]["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter(|o| o["person_id"] != member["id"])
        .all(|o| o["status"] == "planned");
    assert!(others, "{shown:#}");
}

#[test]
fn report_html_writes_a_page_with_inline_svg_and_the_json_keeps_the_contract() {
    let dir = demo();
    let page = dir.path("report.html");
    let r = dir.run(&["report", "--html", as_str(&page), "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert!(j["meaningful"]["answered_share"].is_number());
    assert!(j["vanity"]["likes"].is_number());
    assert!(
        j["goal"]["true_fans_needed"].as_u64().is_some(),
        "{:#}",
        j["goal"]
    );
    assert!(j["weekly"].as_array().is_some_and(|w| w.len() >= 12));
    assert!(j["detractors"]["recovered"].is_number());
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(html.contains("<svg"));
    assert!(!html.contains("<script"), "no scripts needed");
    assert!(html.contains("True fans for the revenue goal"));
}

#[test]
fn profile_set_and_show_round_trip_through_the_toml_file() {
    let dir = Dir::new();
    let shown = dir.run(&["profile", "show", "--json"]).json();
    assert_eq!(shown["from_file"], false);
    assert_eq!(shown["profile"]["name"], "Trailwerk");
    assert_eq!(shown["profile"]["revenue_goal"], 250000.0);
    for (k, v) in [
        ("revenue_goal", "100000"),
        ("topics", "gravel, tyre"),
        ("name", "Kettenblatt"),
        ("channels.tiktok", "@kettenblatt"),
    ] {
        let r = dir.run(&["profile", "set", k, v]);
        assert_eq!(r.code, 0, "{k}: {}", r.stderr);
    }
    assert!(dir.path("rapport.toml").exists());
    let shown = dir.run(&["profile", "show", "--json"]).json();
    let p = &shown["profile"];
    assert_eq!(shown["from_file"], true);
    assert_eq!(p["revenue_goal"], 100000.0);
    assert_eq!(p["topics"], json!(["gravel", "tyre"]));
    assert_eq!(p["name"], "Kettenblatt");
    assert_eq!(p["channels"]["tiktok"], "kettenblatt");
    assert_eq!(p["currency"], "EUR", "untouched keys stay");

    let bad = dir.run(&["profile", "set", "colour", "red"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("colour"), "{}", bad.stderr);
    // Another file through the flag; a broken file names its line.
    let other = dir.write("other.toml", "name = \"Other\"\nrevenue_goal = \"lots\"\n");
    let r = dir.run(&["profile", "show", "--profile", as_str(&other)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("other.toml:2"), "{}", r.stderr);
}
}
