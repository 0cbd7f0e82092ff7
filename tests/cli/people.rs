//! Identity, threads and answers as a user sees them through the CLI.

use crate::util::{as_str, Dir};
use serde_json::json;

fn write_lines(dir: &Dir, name: &str, lines: &[serde_json::Value]) -> std::path::PathBuf {
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    dir.write(name, &body.join("\n"))
}

rapport_store::both! {
#[test]
fn the_same_email_on_two_channels_makes_one_person_with_their_orders() {
    let dir = Dir::new();
    let file = write_lines(
        &dir,
        "two.jsonl",
        &[
            json!({"channel":"instagram","external_id":"i1","kind":"comment","author":{"handle":"anna.rides","email":"anna@example.org"},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-01T09:00:00Z"}),
            json!({"channel":"reddit","external_id":"r1","kind":"comment","author":{"handle":"anna_r","email":"Anna@Example.org"},"text":"Their gravel wheels are great","created_at":"2026-10-02T09:00:00Z"}),
            json!({"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-03T10:00:00Z","items":[{"sku":"TYR-29","title":"Trail tyre 29","qty":2,"price":64.95}]}),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let people = dir.run(&["people", "--json"]).json();
    let list = people.as_array().expect("list");
    assert_eq!(list.len(), 1, "{people:#}");
    assert_eq!(list[0]["identities"].as_array().map(Vec::len), Some(2));

    for key in [
        "anna@example.org",
        "reddit:anna_r",
        "instagram:@Anna.Rides",
        "anna.rides",
    ] {
        let p = dir.run(&["person", key, "--json"]);
        assert_eq!(p.code, 0, "{key}: {}", p.stderr);
        let p = p.json();
        assert_eq!(p["orders"][0]["total"], 129.9, "{key}");
        assert_eq!(p["orders"][0]["items"][0]["sku"], "TYR-29");
    }
    let unknown = dir.run(&["person", "nobody@example.org"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn an_order_before_the_comment_still_lands_on_the_person() {
    let dir = Dir::new();
    let file = write_lines(
        &dir,
        "o.jsonl",
        &[
            json!({"kind":"order","order_id":"7","email":"ben@example.org","total":40,"currency":"eur","created_at":"2026-10-01T10:00:00Z"}),
            json!({"channel":"shop","external_id":"rev1","kind":"review","author":{"handle":"ben","email":"ben@example.org"},"text":"Fast delivery, tyre fits","created_at":"2026-10-05T10:00:00Z"}),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);
    let people = dir.run(&["people", "--json"]).json();
    assert_eq!(people.as_array().map(Vec::len), Some(1), "{people:#}");
    let p = dir.run(&["person", "shop:ben", "--json"]).json();
    assert_eq!(p["orders"][0]["currency"], "EUR");
}

#[test]
fn answered_questions_leave_the_inbox_and_count_in_the_report() {
    let dir = Dir::new();
    let c = |id: &str, handle: &str, text: &str, at: &str, parent: Option<&str>, brand: bool| {
        json!({"channel":"instagram","external_id":id,"kind": if parent.is_some() {"reply"} else {"comment"},
               "author":{"handle":handle},"text":text,"created_at":at,"in_reply_to":parent,"post_id":"p1","from_brand":brand})
    };
    let file = write_lines(
        &dir,
        "t.jsonl",
        &[
            c(
                "q1",
                "anna",
                "Does it fit a 29er?",
                "2026-10-01T09:00:00Z",
                None,
                false,
            ),
            c(
                "q2",
                "anna",
                "Or only 27.5?",
                "2026-10-01T09:05:00Z",
                Some("q1"),
                false,
            ),
            c(
                "a1",
                "trailwerk",
                "Both fit!",
                "2026-10-01T09:35:00Z",
                Some("q2"),
                true,
            ),
            c(
                "q3",
                "ben",
                "Is the helmet MIPS?",
                "2026-10-01T10:00:00Z",
                None,
                false,
            ),
            c(
                "x1",
                "anna",
                "Perfect, ordering now",
                "2026-10-01T09:50:00Z",
                Some("a1"),
                false,
            ),
        ],
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);

    let inbox = dir.run(&["inbox", "--json"]).json();
    let ids: Vec<&str> = inbox
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|i| i["external_id"].as_str())
        .collect();
    assert_eq!(ids, vec!["q3", "x1"], "{inbox:#}");
    assert_eq!(inbox[0]["reasons"][0], "question");

    let r = dir.run(&["report", "--json"]).json();
    let m = &r["meaningful"];
    assert_eq!(m["inbound"], 4);
    assert_eq!(m["answered_share"], 0.5);
    // q1 waited 35 minutes, q2 30 minutes: median 32.5, p90 (nearest rank) 35.
    assert_eq!(m["median_first_response_minutes"], 32.5);
    assert_eq!(m["p90_first_response_minutes"], 35.0);
    // q1 → q2 is one speaker; q2 → a1 and a1 → x1 are two exchanges.
    assert_eq!(m["conversations"], 1);
}

#[test]
fn a_persons_interests_are_products_topics_and_phrases_never_filler() {
    let dir = Dir::new();
    let said = |id: &str, text: &str, day: u32| json!({"channel":"instagram","external_id":id,"kind":"comment","author":{"handle":"mara.rides","email":"mara@example.org"},"text":text,"created_at":format!("2026-10-{day:02}T09:00:00Z")});
    let file = write_lines(
        &dir,
        "mara.jsonl",
        &[
            said(
                "c1",
                "Ich habe schon gedacht, drei Tage durch den Harz sollte reichen",
                1,
            ),
            said(
                "c2",
                "Wir haben gedacht, das sollte durch drei Wochen halten",
                2,
            ),
            said(
                "c3",
                "I already said it, come on, that was two weeks ago",
                3,
            ),
            said(
                "c4",
                "The Kiesel trail tyre held up on every descent, sustainability matters to me",
                4,
            ),
            said(
                "c5",
                "Still riding the Kiesel trail tyre. Sustainability is why I buy here",
                5,
            ),
            said("c6", "ไปปั่นที่ฮอลแลนด์มาครับ ถนนเรียบมาก", 6),
            said("c7", "ฮอลแลนด์มีทางจักรยานเยอะมาก อยากกลับไปปั่นอีกครับ", 7),
            json!({"kind":"order","order_id":"77","email":"mara@example.org","total":59.0,"currency":"EUR","created_at":"2026-09-20T10:00:00Z","items":[{"sku":"KT-29","title":"Kiesel trail tyre","qty":1,"price":59.0}]}),
        ],
    );
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = dir.run(&["person", "mara@example.org", "--json"]).json();
    let interests: Vec<&str> = p["interests"]
        .as_array()
        .expect("interests")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    // The product bought and written about comes first, as the shop titles it.
    assert_eq!(
        interests.first(),
        Some(&"Kiesel trail tyre"),
        "{interests:?}"
    );
    // A profile value ("sustainable") shown as the word written.
    assert!(interests.contains(&"sustainability"), "{interests:?}");
    assert!(!interests
        .iter()
        .any(|i| i.contains("sustainab") && *i != "sustainability"));
    // A Thai name stays whole, and no one- or two-letter Thai fragment
    // ("กอ") is shown.
    assert!(interests.contains(&"ฮอลแลนด์"), "{interests:?}");
    for i in &interests {
        let thai = i
            .chars()
            .filter(|c| ('\u{0E00}'..='\u{0E7F}').contains(c))
            .count();
        assert!(
            thai == 0 || thai >= 3,
            "a Thai fragment: {i} in {interests:?}"
        );
    }
    for fragment in ["แอล", "กอ", "ฮอล"] {
        assert!(
            !interests.contains(&fragment),
            "{fragment} in {interests:?}"
        );
    }
    for filler in [
        "drei", "durch", "gedacht", "already", "sollte", "come", "ago",
    ] {
        assert!(
            !interests
                .iter()
                .any(|i| i.to_lowercase().split(' ').any(|w| w == filler)),
            "{filler} in {interests:?}"
        );
    }
}

#[test]
fn a_persons_timeline_runs_oldest_first_whatever_order_it_was_imported_in() {
    let dir = Dir::new();
    let c = |id: &str, text: &str, at: &str, parent: Option<&str>, brand: bool| {
        let handle = if brand { "trailwerk" } else { "lena" };
        json!({"channel":"instagram","external_id":id,"kind": if parent.is_some() {"reply"} else {"comment"},
               "author":{"handle":handle,"email": (!brand).then_some("lena@example.org")},"text":text,"created_at":at,"in_reply_to":parent,"post_id":"p1","from_brand":brand})
    };
    // A later export imported first: ids no longer follow time.
    let late = write_lines(
        &dir,
        "late.jsonl",
        &[
            c(
                "n1",
                "Ordered the frame bag today",
                "2026-12-01T13:10:00Z",
                None,
                false,
            ),
            c(
                "n2",
                "Glad it fits!",
                "2026-12-01T22:16:00Z",
                Some("n1"),
                true,
            ),
            c(
                "n3",
                "It fits perfectly",
                "2026-12-01T15:29:00Z",
                Some("n1"),
                false,
            ),
        ],
    );
    let early = write_lines(
        &dir,
        "early.jsonl",
        &[
            c(
                "o1",
                "Does the frame bag fit a small frame?",
                "2026-09-09T08:00:00Z",
                None,
                false,
            ),
            c(
                "o2",
                "Yes, from size S up",
                "2026-09-09T08:30:00Z",
                Some("o1"),
                true,
            ),
        ],
    );
    for file in [&late, &early] {
        let r = dir.run(&["import", "jsonl", as_str(file)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let p = dir.run(&["person", "lena@example.org", "--json"]).json();
    let at: Vec<&str> = p["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|t| t["created_at"].as_str())
        .collect();
    assert_eq!(at.len(), 5, "{p:#}");
    let mut sorted = at.clone();
    sorted.sort_unstable();
    assert_eq!(at, sorted, "{p:#}");
    assert!(at[0].starts_with("2026-09-09T08:00"), "{at:?}");
    // The text timeline reads the same way, on the shop's clock (the
    // demo profile's Berlin: 08:00 UTC in September is 10:00 there).
    let out = dir.run(&["person", "lena@example.org"]).stdout;
    let timeline = out
        .split("Timeline (Europe/Berlin):")
        .nth(1)
        .expect("timeline");
    let at: Vec<&str> = timeline
        .lines()
        .filter_map(|l| l.trim().get(..16))
        .collect();
    assert_eq!(at.len(), 5, "{out}");
    assert_eq!(at[0], "2026-09-09 10:00", "{out}");
    let mut sorted = at.clone();
    sorted.sort_unstable();
    assert_eq!(at, sorted, "{out}");
}

#[test]
fn a_complainer_who_says_the_problem_is_over_is_shown_recovered() {
    let dir = Dir::new();
    let c = |id: &str, text: &str, at: &str, parent: Option<&str>, brand: bool| {
        let handle = if brand { "trailwerk" } else { "jonas.rides" };
        json!({"channel":"x","external_id":id,"kind": if parent.is_some() {"reply"} else {"mention"},
               "author":{"handle":handle},"text":text,"created_at":at,"in_reply_to":parent,"from_brand":brand})
    };
    let file = write_lines(
        &dir,
        "hub.jsonl",
        &[
            c("h1", "@trailwerk My new hub makes a grinding noise after two rides, not happy", "2026-11-02T09:00:00Z", None, false),
            c("h2", "@jonas.rides Sorry! Try a reset of the freehub first, and tell us how it goes", "2026-11-02T10:00:00Z", Some("h1"), true),
            // The words beside it read negative (a swap, a crying face);
            // the news is that the problem is over.
            c("h3", "@trailwerk It's sorted now, the reset didn't help so I had to swap the whole hub 😭", "2026-11-03T18:00:00Z", Some("h2"), false),
        ],
    );
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = dir.run(&["person", "x:jonas.rides", "--json"]).json();
    let last = &p["history"][2];
    assert_eq!(last["analysis"]["sentiment"], "negative", "{p:#}");
    let evidence: Vec<&str> = p["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert!(
        evidence
            .iter()
            .any(|e| e.starts_with("Recovery (1 complaint):") && e.ends_with("— recovered")),
        "{evidence:?}"
    );
    assert!(
        p["recovery"]["recovered"].as_bool().expect("recovered"),
        "{p:#}"
    );
    // One complaint, now outweighed by the news that it is over.
    assert!(
        !p["labels"]
            .as_array()
            .expect("labels")
            .iter()
            .any(|l| l == "detractor"),
        "{p:#}"
    );
}
}
