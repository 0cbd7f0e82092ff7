//! Working the inbox.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

rapport_store::both! {
#[tokio::test]
async fn the_inbox_lists_unanswered_messages_most_urgent_first() {
    let app = spawn_app().await;
    let items = app.inbox().await;
    let texts: Vec<&str> = items.iter().map(|i| i["text"].as_str().unwrap()).collect();
    // Anna's question was answered; the complaint, the German and the
    // Thai question wait.
    assert_eq!(items.len(), 3, "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("29er?")));
    let priorities: Vec<i64> = items
        .iter()
        .map(|i| i["priority"].as_i64().unwrap())
        .collect();
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "{priorities:?}"
    );
    assert!(
        texts[0].contains("broken"),
        "the complaint comes first: {texts:?}"
    );
}

#[tokio::test]
async fn recording_a_reply_removes_the_item_from_the_inbox() {
    let app = spawn_app().await;
    let id = app.inbox().await[0]["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/inbox/{id}/reply"),
            &app.agent_token,
            json!({"text": "So sorry, Bob — a new tyre is on its way."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let replied: Value = r.json().await.unwrap();
    // No channel is connected in the test server: the reply is recorded
    // as posted by hand, and the message is answered at once.
    assert_eq!(replied["message"]["state"], "recorded", "{replied}");
    assert_eq!(replied["message"]["created_by"], "agent@example.org");
    assert_eq!(replied["message"]["parent"], id);
    assert_eq!(replied["item"]["state"]["closed"], true, "{replied}");
    let left: Vec<i64> = app
        .inbox()
        .await
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert!(!left.contains(&id), "{left:?}");
    assert_eq!(left.len(), 2);
    // The item is still there to look at, answered, with who replied.
    let r = app
        .get(&format!("/api/inbox/{id}"), &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let item: Value = r.json().await.unwrap();
    assert_eq!(
        item["state"]["reply_text"],
        "So sorry, Bob — a new tyre is on its way."
    );
    assert_eq!(item["state"]["replied_by"], "agent@example.org");
    assert_eq!(item["state"]["closed"], true);
    assert!(
        item["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("answered after"),
        "{item}"
    );
}

#[tokio::test]
async fn handled_and_snoozed_items_leave_the_queue_and_notes_and_assignments_do_not() {
    let app = spawn_app().await;
    let ids: Vec<i64> = app
        .inbox()
        .await
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let t = &app.agent_token;
    let r = app
        .post(
            &format!("/api/inbox/{}/notes", ids[2]),
            t,
            json!({"text": "Ask the Thai team"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .post(
            &format!("/api/inbox/{}/assign", ids[2]),
            t,
            json!({"to": "me"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let item: Value = r.json().await.unwrap();
    assert_eq!(item["state"]["assigned_to"], "agent@example.org");
    assert_eq!(item["state"]["notes"][0]["text"], "Ask the Thai team");
    assert_eq!(app.inbox().await.len(), 3);

    let r = app
        .post(&format!("/api/inbox/{}/handled", ids[0]), t, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .post(
            &format!("/api/inbox/{}/snooze", ids[1]),
            t,
            json!({"minutes": 60}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let left: Vec<i64> = app
        .inbox()
        .await
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(left, vec![ids[2]]);
    let mine: Value = app
        .get("/api/inbox?assigned=me", t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn bad_inbox_actions_are_explained() {
    let app = spawn_app().await;
    let id = app.inbox().await[0]["id"].as_i64().unwrap();
    let t = &app.agent_token;
    let r = app
        .post(&format!("/api/inbox/{id}/reply"), t, json!({"text": "  "}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "bad_request");
    let r = app
        .post(&format!("/api/inbox/{id}/reply"), t, json!({"words": "x"}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &format!("/api/inbox/{id}/snooze"),
            t,
            json!({"minutes": -5}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &format!("/api/inbox/{id}/assign"),
            t,
            json!({"to": "stranger@example.org"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app.post("/api/inbox/999999/handled", t, json!({})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "inbox_item_not_found");
}

#[tokio::test]
async fn a_reply_repeated_with_its_idempotency_key_is_one_reply_listed_in_the_outbox() {
    let app = spawn_app().await;
    let id = app.inbox().await[0]["id"].as_i64().unwrap();
    let send = || async {
        app.client
            .post(app.url(&format!("/api/inbox/{id}/reply")))
            .bearer_auth(&app.agent_token)
            .header("Idempotency-Key", "retry-safe-1")
            .json(&json!({"text": "We are on it."}))
            .send()
            .await
            .unwrap()
    };
    let first: Value = send().await.json().await.unwrap();
    let second: Value = send().await.json().await.unwrap();
    assert_eq!(first["message"]["id"], second["message"]["id"], "{second}");
    assert_eq!(first["message"]["key"], "retry-safe-1");
    let r = app.get("/api/outbox", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["messages"][0]["state"], "recorded");
    assert_eq!(page["messages"][0]["body"], "We are on it.");
    assert_eq!(page["connected"], json!([]));
    // The same key for another message is refused; a viewer cannot reply.
    let other = app.inbox().await[0]["id"].as_i64().unwrap();
    let r = app
        .client
        .post(app.url(&format!("/api/inbox/{other}/reply")))
        .bearer_auth(&app.agent_token)
        .header("Idempotency-Key", "retry-safe-1")
        .json(&json!({"text": "Another"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &format!("/api/inbox/{other}/reply"),
            &app.viewer_token,
            json!({"text": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A recorded reply cannot be sent again or cancelled.
    let m = page["messages"][0]["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/outbox/{m}/retry"),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app.get("/api/outbox?state=lost", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn saved_replies_come_filled_in_for_the_item_in_its_language() {
    let app = spawn_app().await;
    let items = app.inbox().await;
    let item = &items[0];
    let id = item["id"].as_i64().unwrap();
    let r = app
        .get(&format!("/api/inbox/{id}/replies"), &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let replies: Vec<Value> = r.json().await.unwrap();
    let names: Vec<&str> = replies
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["thanks", "sorry", "answer"]);
    let name = item["person"]["name"].as_str().unwrap();
    let first = name.split_whitespace().next().unwrap();
    for r in &replies {
        assert_eq!(r["language"], "en");
        let text = r["text"].as_str().unwrap();
        assert!(text.contains(first), "{text}");
        assert!(
            !text.contains(['{', '[', ']']) && !text.contains("  "),
            "every placeholder filled or its part left out: {text}"
        );
    }
    let r = app
        .get("/api/inbox/999999/replies", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // On the dashboard the built-in replies are named in the user's
    // language; the link still names the reply as stored.
    let session = app
        .login("admin@example.org", crate::helpers::PASSWORD)
        .await
        .unwrap();
    let de = app
        .page_in(&session, &format!("/?item={id}"), "de")
        .await;
    assert!(
        de.contains("template=sorry") && de.contains(">Entschuldigung</a>"),
        "{de}"
    );
    let en = app.page(&session, &format!("/?item={id}")).await;
    assert!(en.contains(">sorry</a>"), "{en}");
}
}

/// Every page of the inbox for `query` (`&`-joined parameters), in order.
async fn whole_inbox(app: &crate::helpers::TestApp, query: &str) -> (Vec<Value>, Value) {
    let mut items = Vec::new();
    let mut last = Value::Null;
    for page in 0.. {
        let r = app
            .get(
                &format!("/api/inbox?limit=200&offset={}&{query}", page * 200),
                &app.agent_token,
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        let v: Value = r.json().await.unwrap();
        let got = v["items"].as_array().unwrap().clone();
        let done = got.len() < 200;
        items.extend(got);
        last = v;
        if done {
            break;
        }
    }
    (items, last)
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

fn reason(i: &Value, what: &str) -> bool {
    i["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap() == what)
}

rapport_store::both! {
#[tokio::test]
async fn inbox_filters_combine_and_keep_the_queue_order() {
    let app = spawn_app().await;
    app.import_generated(300, 4000, 14).await;
    let (all, first) = whole_inbox(&app, "").await;
    assert!(all.len() > 300, "a queue worth filtering: {}", all.len());
    assert_eq!(first["total"], all.len() as u64);
    // Each filter, and two of them together, picks exactly the items of
    // the whole queue that match, in the queue's order.
    let expect = |keep: &dyn Fn(&Value) -> bool| -> Vec<i64> {
        ids(&all.iter().filter(|i| keep(i)).cloned().collect::<Vec<_>>())
    };
    let cases: Vec<(&str, Vec<i64>)> = vec![
        (
            "channel=instagram",
            expect(&|i| i["channel"] == "instagram"),
        ),
        (
            "channel=instagram,x",
            expect(&|i| i["channel"] == "instagram" || i["channel"] == "x"),
        ),
        ("intent=complaint", expect(&|i| reason(i, "complaint"))),
        ("intent=stock", expect(&|i| reason(i, "stock phrase"))),
        ("stock=only", expect(&|i| reason(i, "stock phrase"))),
        ("stage=fan", expect(&|i| i["person"]["stage"] == "fan")),
        (
            "label=detractor",
            expect(&|i| {
                i["person"]["labels"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("detractor"))
            }),
        ),
        (
            "language=de",
            expect(&|i| i["analysis"]["language"] == "de"),
        ),
        ("over_target=true", expect(&|i| i["past_target"] == true)),
        (
            "channel=facebook&intent=complaint",
            expect(&|i| i["channel"] == "facebook" && reason(i, "complaint")),
        ),
        (
            "since=2026-10-15T00:00:00Z&stage=fan",
            expect(&|i| {
                i["created_at"].as_str().unwrap() > "2026-10-15T00:00:00Z"
                    && i["person"]["stage"] == "fan"
            }),
        ),
    ];
    for (query, want) in cases {
        let (got, page) = whole_inbox(&app, query).await;
        assert!(!want.is_empty(), "{query}: the shop has such items");
        assert_eq!(ids(&got), want, "{query}");
        assert_eq!(page["total"], want.len() as u64, "{query}");
    }
    // Folding takes the stock phrases out and counts them per post.
    let (folded, page) = whole_inbox(&app, "stock=fold").await;
    assert_eq!(
        ids(&folded),
        expect(&|i| !reason(i, "stock phrase")),
        "fold leaves the stock phrases out"
    );
    let groups = page["stock_groups"].as_array().unwrap();
    let counted: u64 = groups.iter().map(|g| g["count"].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, all.len() - folded.len());
    let g = &groups[0];
    let (under, _) = whole_inbox(
        &app,
        &format!(
            "stock=only&channel={}&post={}",
            g["channel"].as_str().unwrap(),
            g["post_id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(under.len() as u64, g["count"].as_u64().unwrap());
    // A value that cannot be one is a 400 naming the parameter.
    for bad in [
        "intent=gossip",
        "stage=legend",
        "label=vip",
        "stock=some",
        "since=yesterday",
    ] {
        let r = app
            .get(&format!("/api/inbox?{bad}"), &app.agent_token)
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        let key = bad.split('=').next().unwrap();
        let body: Value = r.json().await.unwrap();
        assert!(
            body["message"].as_str().unwrap().contains(key),
            "{bad}: {body}"
        );
    }
}

#[tokio::test]
async fn one_answer_target_rule_reads_the_same_in_the_inbox_alerts_and_report() {
    let app = spawn_app().await;
    // Bob complains twice more: three complaints and no praise make him a
    // detractor, and a detractor's complaint earns the one-hour target.
    let more = r#"{"channel":"instagram","external_id":"c3","kind":"comment","author":{"handle":"bob.bikes","display_name":"Bob"},"text":"Still broken, still no answer. Terrible service.","created_at":"2026-10-03T11:00:00Z","post_id":"p1"}
{"channel":"instagram","external_id":"c4","kind":"comment","author":{"handle":"bob.bikes","display_name":"Bob"},"text":"Worst shop ever, my order arrived damaged and nobody cares","created_at":"2026-10-03T12:00:00Z","post_id":"p1"}
"#;
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(more)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let items = app.inbox().await;
    let bob = items
        .iter()
        .find(|i| i["person"]["name"] == "Bob" && reason(i, "complaint"))
        .expect("Bob's complaint waits");
    assert!(
        bob["person"]["labels"]
            .as_array()
            .unwrap()
            .contains(&json!("detractor")),
        "{bob:#}"
    );
    assert_eq!(bob["target_minutes"], 60, "{bob:#}");
    let words = bob["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .find(|r| r.contains("target"))
        .unwrap()
        .to_string();
    assert!(words.ends_with("past the 1-hour target"), "{words}");
    // The alert says the same, with the same due time.
    let r = app
        .get("/api/alerts?kind=unanswered", &app.agent_token)
        .await;
    let alerts: Value = r.json().await.unwrap();
    let alert = alerts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["interaction"] == bob["id"])
        .expect("the complaint is an alert");
    assert_eq!(alert["due_at"], bob["due_at"]);
    assert_eq!(alert["cause"]["target_minutes"], 60);
    assert!(
        alert["reason"].as_str().unwrap().contains(&words),
        "{alert:#} / {words}"
    );
    assert!(alert["reason"]
        .as_str()
        .unwrap()
        .starts_with("Complaint from a detractor on instagram"));
    // And the report's list of what is past its target.
    let r = app.get("/api/report", &app.agent_token).await;
    let report: Value = r.json().await.unwrap();
    let t = &report["answer_targets"];
    assert_eq!(t["past_target"], items.len() as u64, "{t:#}");
    let listed = t["most_urgent"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == bob["id"])
        .expect("Bob's complaint is among the most urgent");
    assert_eq!(listed["words"], words.as_str());
    // The targets are the profile's: a longer short target moves them all.
    let r = app.get("/api/profile", &app.admin_token).await;
    let mut p: Value = r.json().await.unwrap();
    let mut update = p["profile"].take();
    update.as_object_mut().unwrap().remove("outreach");
    update["answer_targets"] = json!({"fast_minutes": 120, "other_minutes": 2880});
    let r = app.put("/api/profile", &app.admin_token, update).await;
    assert_eq!(r.status(), StatusCode::OK);
    let again = app.inbox().await;
    let bob_again = again.iter().find(|i| i["id"] == bob["id"]).unwrap();
    assert_eq!(bob_again["target_minutes"], 120);
    assert!(bob_again["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().ends_with("past the 2-hour target")));
}

#[tokio::test]
async fn new_since_my_last_visit_counts_visits_to_the_inbox_page() {
    let app = spawn_app().await;
    let session = app
        .login("agent@example.org", crate::helpers::PASSWORD)
        .await
        .unwrap();
    // Never visited: every item is new.
    let (all, _) = whole_inbox(&app, "").await;
    let (new, _) = whole_inbox(&app, "since=last_visit").await;
    assert_eq!(ids(&new), ids(&all));
    // A first look at the page starts a visit; there is no visit before
    // it yet, so the page says so.
    let html = app.page(&session, "/?new=1").await;
    assert!(html.contains("This is your first visit"), "{html}");
}
}

#[tokio::test]
async fn a_query_parameter_the_endpoint_does_not_read_is_refused_by_name() {
    let app = spawn_app().await;
    // A typo for over_target would otherwise answer the whole queue.
    let r = app.get("/api/inbox?over=1", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "bad_request", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("`over`") && message.contains("over_target"),
        "{message}"
    );
    for path in [
        "/api/people?stage=fan&sorted=name",
        "/api/search?q=tyre&max=3",
        "/api/report?window=30d",
    ] {
        let r = app.get(path, &app.viewer_token).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    // Every parameter the endpoints read is still read.
    for path in [
        "/api/inbox?over_target=true&limit=5&offset=0&channel=instagram&stock=fold",
        "/api/people?stage=fan&sort=name&limit=5",
        "/api/search?q=tyre&limit=3",
        "/api/report?since=30d",
    ] {
        let r = app.get(path, &app.viewer_token).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }
}
