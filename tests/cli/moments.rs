//! Human moments (`rapport tasks`): found in what people write as it is
//! stored, shown beside the other alerts, and closed by what happens (an
//! answer, the person writing again) or by a person (`--done`).

use crate::util::{as_str, Dir};
use serde_json::{json, Value};

fn import(dir: &Dir, name: &str, records: &[Value]) {
    let body: Vec<String> = records.iter().map(Value::to_string).collect();
    let file = dir.write(name, &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn tasks(dir: &Dir) -> Vec<Value> {
    let r = dir.run(&["tasks", "--limit", "1000", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().expect("list").clone()
}

fn of_kind<'a>(tasks: &'a [Value], kind: &str) -> Vec<&'a Value> {
    tasks.iter().filter(|t| t["kind"] == kind).collect()
}

fn comment(id: &str, handle: &str, text: &str, at: &str) -> Value {
    json!({"channel":"instagram","external_id":id,"kind":"comment","author":{"handle":handle},
           "text":text,"created_at":at,"post_id":"p1"})
}

rapport_store::both! {
#[test]
fn moments_appear_for_what_people_write_and_close_when_dealt_with() {
    let dir = Dir::new();
    import(
        &dir,
        "shop.jsonl",
        &[
            json!({"channel":"instagram","external_id":"p1","kind":"post","author":{"handle":"trailwerk"},
                   "text":"New gravel tyres are in","created_at":"2026-11-01T08:00:00Z","from_brand":true}),
            // Jonas bought the Schotter 45 and asks about it.
            json!({"channel":"instagram","external_id":"j0","kind":"comment",
                   "author":{"handle":"jonas.rides","email":"jonas@example.de"},
                   "text":"Looking forward to the new season","created_at":"2026-11-02T08:00:00Z","post_id":"p1"}),
            json!({"kind":"order","order_id":"A1","email":"jonas@example.de","total":45.0,"currency":"EUR",
                   "created_at":"2026-11-03T08:00:00Z","items":[{"title":"Schotter 45 gravel tyre"}]}),
            comment(
                "j1",
                "jonas.rides",
                "Does the Schotter fit a 29 x 2.4 rim?",
                "2026-11-20T09:00:00Z",
            ),
            // Mia complains twice within 30 days.
            comment(
                "m1",
                "mia.rides",
                "My order arrived broken, very disappointed",
                "2026-11-05T09:00:00Z",
            ),
            comment(
                "m2",
                "mia.rides",
                "Still broken and nobody answers, awful service",
                "2026-11-19T09:00:00Z",
            ),
            // A large, aligned account praises the shop.
            json!({"channel":"instagram","external_id":"i1","kind":"mention",
                   "author":{"handle":"gravel.guru","followers":52000,"bio":"gravel bikes, bikepacking and repair"},
                   "text":"@trailwerk best gravel tyres I rode this year, thanks for the repair tips","created_at":"2026-11-20T10:00:00Z"}),
            // Ben asked; the shop answered.
            comment(
                "b1",
                "ben.bikes",
                "Is the workshop open on Saturday?",
                "2026-11-20T08:00:00Z",
            ),
            json!({"channel":"instagram","external_id":"b1r","kind":"reply","author":{"handle":"trailwerk"},
                   "text":"Yes, 9 to 14!","created_at":"2026-11-20T08:30:00Z","in_reply_to":"b1","post_id":"p1","from_brand":true}),
        ],
    );
    let all = tasks(&dir);
    let bought = of_kind(&all, "bought_question");
    assert_eq!(bought.len(), 1, "{all:#?}");
    assert_eq!(bought[0]["cause"]["detail"], "Schotter 45 gravel tyre");
    assert_eq!(bought[0]["severity"], "high");
    assert!(bought[0]["reason"]
        .as_str()
        .expect("reason")
        .contains("which they bought"));
    let repeat = of_kind(&all, "repeat_complaint");
    assert_eq!(repeat.len(), 1, "only the second complaint: {repeat:?}");
    assert!(repeat[0]["cause"]["said"]
        .as_str()
        .expect("said")
        .starts_with("Still broken"));
    let mention = of_kind(&all, "influencer_mention");
    assert_eq!(mention.len(), 1, "{all:#?}");
    assert_eq!(mention[0]["severity"], "medium");
    let follow = of_kind(&all, "follow_up");
    assert_eq!(follow.len(), 1, "{all:#?}");
    assert_eq!(follow[0]["cause"]["said"], "Yes, 9 to 14!");
    // Due the next day, an hour for the others.
    assert_eq!(follow[0]["due_at"], "2026-11-21T08:30:00Z");
    assert_eq!(bought[0]["due_at"], "2026-11-20T10:00:00Z");

    // Answering Jonas closes his moment; Ben writing again closes the
    // follow-up; a person marks the influencer's moment done.
    let question = bought[0]["interaction"].as_i64().expect("id");
    assert_eq!(
        dir.run(&["inbox", "reply", &question.to_string(), "Yes, up to 2.4!"])
            .code,
        0
    );
    import(
        &dir,
        "more.jsonl",
        &[comment(
            "b2",
            "ben.bikes",
            "Great, see you then",
            "2026-11-21T09:00:00Z",
        )],
    );
    let m = mention[0]["moment"].as_i64().expect("moment id");
    let done = dir.run(&["tasks", "--done", &m.to_string()]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(
        dir.run(&["tasks", "--done", &m.to_string()]).code,
        2,
        "done once"
    );
    let after = tasks(&dir);
    assert!(of_kind(&after, "bought_question").is_empty(), "{after:#?}");
    assert!(of_kind(&after, "influencer_mention").is_empty());
    // The reply to Jonas is itself followed up the next day; Ben's is closed.
    let follow: Vec<&Value> = of_kind(&after, "follow_up");
    assert_eq!(follow.len(), 1, "{follow:?}");
    assert_eq!(follow[0]["cause"]["said"], "Yes, up to 2.4!");
    // Mia's repeat complaint stays until it is answered.
    assert_eq!(of_kind(&after, "repeat_complaint").len(), 1);
}
}
