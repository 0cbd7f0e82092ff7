//! Identity resolution by hand and by rule: link, unlink, suggestions.

use crate::util::{as_str, Dir};
use serde_json::{json, Value};

fn import(dir: &Dir, name: &str, lines: &[Value]) {
    let body: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let file = dir.write(name, &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "import: {}", r.stderr);
}

fn comment(channel: &str, id: &str, author: Value, text: &str, day: u32) -> Value {
    json!({"channel":channel,"external_id":id,"kind":"comment","author":author,
           "text":text,"created_at":format!("2026-10-{day:02}T09:00:00Z"),"post_id":"p1"})
}

fn people(dir: &Dir) -> Vec<Value> {
    let r = dir.run(&["people", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().expect("list").clone()
}

fn person(dir: &Dir, key: &str) -> Value {
    let r = dir.run(&["person", key, "--json"]);
    assert_eq!(r.code, 0, "person {key}: {}", r.stderr);
    r.json()
}

/// A person's view without its links (which record the link and unlink).
fn without_links(mut v: Value) -> Value {
    v.as_object_mut().expect("object").remove("links");
    v
}

fn two_people(dir: &Dir) {
    import(
        dir,
        "two.jsonl",
        &[
            comment(
                "instagram",
                "i1",
                json!({"handle":"anna.rides","email":"anna@example.org","followers":40}),
                "Does the trail tyre fit a 29er?",
                1,
            ),
            comment(
                "reddit",
                "r1",
                json!({"handle":"gravel_anna","email":"a.k@example.org"}),
                "Their gravel wheels are great, love them",
                2,
            ),
            json!({"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-03T10:00:00Z","items":[]}),
            json!({"kind":"order","order_id":"1002","email":"a.k@example.org","total":40,"currency":"EUR","created_at":"2026-10-04T10:00:00Z","items":[]}),
        ],
    );
}

rapport_store::both! {
#[test]
fn linking_two_people_makes_one_and_unlinking_restores_both_exactly() {
    let dir = Dir::new();
    two_people(&dir);
    assert_eq!(people(&dir).len(), 2);
    let anna = person(&dir, "instagram:anna.rides");
    let gravel = person(&dir, "reddit:gravel_anna");

    let r = dir.run(&[
        "link",
        "instagram:anna.rides",
        "reddit:gravel_anna",
        "--reason",
        "same photo on both",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = r.json()["link"].as_i64().expect("link id");
    let list = people(&dir);
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0]["id"], anna["id"]);
    let merged = person(&dir, "a.k@example.org");
    assert_eq!(merged["id"], anna["id"]);
    assert_eq!(merged["orders"].as_array().map(Vec::len), Some(2));
    let l = &merged["links"][0];
    assert_eq!(l["reason"], "explicit");
    assert_eq!(l["detail"], "same photo on both");
    assert_eq!(l["confidence"], 1.0);
    assert_eq!(l["id"], link);

    let r = dir.run(&["unlink", "instagram:anna.rides", "reddit:gravel_anna"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(people(&dir).len(), 2);
    let anna_after = person(&dir, "instagram:anna.rides");
    let gravel_after = person(&dir, "reddit:gravel_anna");
    assert_eq!(
        without_links(anna_after.clone()),
        without_links(anna.clone())
    );
    assert_eq!(without_links(gravel_after.clone()), without_links(gravel));
    // The links show what happened.
    let reasons = |v: &Value| -> Vec<String> {
        v["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| l["reason"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(reasons(&anna_after), ["explicit", "unlinked"]);
    assert_eq!(anna_after["links"][0]["undone"], true);
    assert_eq!(reasons(&gravel_after), ["unlinked"]);

    // And again, by link id.
    let r = dir.run(&["link", "reddit:gravel_anna", "anna@example.org", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = r.json()["link"].as_i64().expect("link id").to_string();
    assert_eq!(people(&dir).len(), 1);
    let r = dir.run(&["unlink", "--link", &link, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["restored"], anna["id"]);
    assert_eq!(
        without_links(person(&dir, "anna.rides")),
        without_links(anna_after)
    );
}

#[test]
fn a_same_email_merge_at_import_can_be_unlinked() {
    let dir = Dir::new();
    import(
        &dir,
        "a.jsonl",
        &[
            comment(
                "instagram",
                "i1",
                json!({"handle":"anna.rides","email":"anna@example.org"}),
                "Does the trail tyre fit a 29er?",
                1,
            ),
            comment(
                "reddit",
                "r1",
                json!({"handle":"anna_r"}),
                "Gravel wheels are great",
                2,
            ),
        ],
    );
    let before = person(&dir, "reddit:anna_r");
    import(
        &dir,
        "b.jsonl",
        &[comment(
            "reddit",
            "r2",
            json!({"handle":"anna_r","email":"anna@example.org"}),
            "Ordered the tyre",
            3,
        )],
    );
    assert_eq!(people(&dir).len(), 1);
    let merged = person(&dir, "anna@example.org");
    let link = &merged["links"][0];
    assert_eq!(link["reason"], "same_email");
    let id = link["id"].as_i64().expect("id").to_string();

    let r = dir.run(&["unlink", "--link", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(people(&dir).len(), 2);
    let after = person(&dir, "reddit:anna_r");
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["history"].as_array().map(Vec::len), Some(2));
    assert_eq!(person(&dir, "anna@example.org")["id"], merged["id"]);
    // Importing the same records again does not redo an undone merge.
    let again = dir.write(
        "b2.jsonl",
        &comment(
            "reddit",
            "r2",
            json!({"handle":"anna_r","email":"anna@example.org"}),
            "Ordered the tyre",
            3,
        )
        .to_string(),
    );
    assert_eq!(dir.run(&["import", "jsonl", as_str(&again)]).code, 0);
    assert_eq!(people(&dir).len(), 2);
    // Undoing twice is a usage error.
    assert_eq!(dir.run(&["unlink", "--link", &id]).code, 2);
}
}

fn bio_pair(dir: &Dir) -> i64 {
    import(
        dir,
        "bio.jsonl",
        &[
            comment(
                "instagram",
                "i1",
                json!({"handle":"anna.rides"}),
                "Does the trail tyre fit a 29er?",
                1,
            ),
            comment(
                "reddit",
                "r1",
                json!({"handle":"gravel_anna","bio":"Gravel & coffee. IG: @Anna.Rides"}),
                "Their gravel wheels are great",
                2,
            ),
        ],
    );
    assert_eq!(people(dir).len(), 2);
    let r = dir.run(&["link", "suggestions", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = r.json();
    let list = list.as_array().expect("list");
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0]["reason"], "handle_in_bio");
    assert_eq!(list[0]["confidence"], 0.8);
    assert_eq!(list[0]["identity"], "reddit:gravel_anna");
    assert_eq!(list[0]["other_identity"], "instagram:anna.rides");
    list[0]["id"].as_i64().expect("id")
}

rapport_store::both! {
#[test]
fn a_handle_named_in_a_bio_is_suggested_and_accepting_merges() {
    let dir = Dir::new();
    let id = bio_pair(&dir).to_string();
    let r = dir.run(&["link", "accept", &id, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["status"], "accepted");
    assert_eq!(people(&dir).len(), 1);
    let p = person(&dir, "reddit:gravel_anna");
    assert_eq!(p["links"][0]["reason"], "handle_in_bio");
    assert_eq!(p["links"][0]["confidence"], 0.8);
    let open = dir.run(&["link", "suggestions", "--json"]).json();
    assert_eq!(open.as_array().map(Vec::len), Some(0));
    assert_eq!(dir.run(&["link", "accept", &id]).code, 2);
}

#[test]
fn rejecting_a_suggestion_leaves_both_people() {
    let dir = Dir::new();
    let id = bio_pair(&dir).to_string();
    let r = dir.run(&["link", "reject", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(people(&dir).len(), 2);
    let open = dir.run(&["link", "suggestions", "--json"]).json();
    assert_eq!(open.as_array().map(Vec::len), Some(0));
    // A scan does not bring a rejected suggestion back.
    assert_eq!(dir.run(&["link", "scan"]).code, 0);
    let open = dir.run(&["link", "suggestions", "--json"]).json();
    assert_eq!(open.as_array().map(Vec::len), Some(0));
}

#[test]
fn bad_keys_and_ids_exit_2_with_one_line() {
    let dir = Dir::new();
    two_people(&dir);
    for args in [
        &["link", "nobody@example.org", "anna.rides"][..],
        &["link", "anna.rides", "reddit:nobody"],
        &["link", "anna.rides", "anna@example.org"],
        &["link", "anna.rides"],
        &["link", "accept", "999"],
        &["link", "reject", "999"],
        &["unlink", "--link", "999"],
        &["unlink", "anna.rides", "gravel_anna"],
        &["unlink", "nobody", "gravel_anna"],
    ] {
        let r = dir.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
    }
    assert_eq!(people(&dir).len(), 2);
}
}
