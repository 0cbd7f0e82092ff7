//! Working the inbox.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    for r in &replies {
        assert_eq!(r["language"], "en");
        let text = r["text"].as_str().unwrap();
        assert!(text.contains(name), "{text}");
        assert!(!text.contains('{'), "every placeholder filled: {text}");
    }
    let r = app
        .get("/api/inbox/999999/replies", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
