//! Correcting a reading: the message reads as corrected at once, the
//! inbox follows, the correction is listed and can be undone.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

rapport_store::both! {
#[tokio::test]
async fn a_text_too_short_to_tell_is_read_in_a_language_the_shop_hears() {
    let app = spawn_app().await;
    let language = |body: Value| body["language"].as_str().unwrap_or_default().to_string();
    let read = || async {
        let r = app
            .post("/api/analyze", &app.viewer_token, json!({ "text": "Tolles Foto!" }))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        language(r.json().await.expect("json"))
    };
    // Alone the phrase reads as Norwegian (`rapport analyze` with no
    // database); the shop hears English, German and Thai, and the Latin
    // script leaves English or German.
    let first = read().await;
    assert!(first == "en" || first == "de", "{first}");
    let lines: String = [
        "Der Helm passt perfekt und die Lieferung war schnell",
        "Wann kommt der neue Gravelreifen wieder rein?",
        "Danke für die schnelle Hilfe im Laden gestern",
        "Die Lenkerrolle hat die Tour durch den Schwarzwald gut überstanden",
        "Mein Hardtail hat dieses Jahr schon viele Kilometer gesammelt",
    ]
    .iter()
    .enumerate()
    .map(|(n, text)| {
        let line = json!({"channel":"facebook","external_id":format!("de{n}"),"kind":"comment",
            "author":{"handle":format!("kunde{n}")},"text":text,"created_at":"2026-10-07T09:00:00Z"});
        format!("{line}\n")
    })
    .collect();
    assert_eq!(app.import_jsonl(lines).await.status(), StatusCode::OK);
    // Now it hears German most.
    assert_eq!(read().await, "de");
}

#[tokio::test]
async fn a_message_to_the_shop_is_no_recommendation_unless_the_team_says_so() {
    let app = spawn_app().await;
    let text = "@trailwerk I'm having problems with the pump. It won't fit the valve.";
    // The models read a handle as a friend tagged: another account's
    // stays a recommendation...
    let other: Value = app
        .post(
            "/api/analyze",
            &app.viewer_token,
            json!({ "text": text.replace("@trailwerk", "@maxi_rides") }),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(other["intents"], json!(["recommendation", "complaint"]), "{other}");
    // ...the shop's own is no recommendation, in analyze as in what is kept.
    let bare: Value = app
        .post("/api/analyze", &app.viewer_token, json!({ "text": text }))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(bare["intents"], json!(["complaint"]), "{bare}");
    let line = json!({"channel":"x","external_id":"x-pump","kind":"mention",
        "author":{"handle":"maxi_rides"},"text":text,"created_at":"2026-10-05T09:00:00Z"});
    let r = app.import_jsonl(format!("{line}\n")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let stored = app
        .inbox()
        .await
        .into_iter()
        .find(|i| i["text"] == text)
        .expect("the message waits");
    // Written to the shop, the complaint leads and no recommendation is
    // read, in the reading shown and in the signals.
    assert_eq!(stored["analysis"]["intents"], json!(["complaint"]), "{stored}");
    let id = stored["id"].as_i64().expect("id");
    let person = stored["person"]["id"].as_i64().expect("person");
    let p: Value = app
        .get(&format!("/api/people/{person}"), &app.viewer_token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(p["labels"], json!(["detractor"]), "{p}");

    // The team says it recommends: that reading stands, here too.
    let r = app
        .post(
            &format!("/api/interactions/{id}/correction"),
            &app.agent_token,
            json!({"task": "intent", "label": "recommendation"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let item: Value = app
        .get(&format!("/api/inbox/{id}"), &app.viewer_token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(item["analysis"]["intent"], "recommendation", "{item}");
}

#[tokio::test]
async fn a_corrected_message_reads_as_corrected_and_the_inbox_follows() {
    let app = spawn_app().await;
    let items = app.inbox().await;
    let complaint = items
        .iter()
        .find(|i| i["text"].as_str().is_some_and(|t| t.contains("broken")))
        .expect("the complaint waits");
    let id = complaint["id"].as_i64().expect("id");
    let priority = complaint["priority"].as_i64().expect("priority");
    assert_eq!(complaint["analysis"]["intent"], "complaint", "{complaint}");

    // The shop reads this customer's words as praise (a running joke).
    for (task, label) in [("intent", "praise"), ("sentiment", "positive")] {
        let r = app
            .post(
                &format!("/api/interactions/{id}/correction"),
                &app.agent_token,
                json!({"task": task, "label": label}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let made: Value = r.json().await.expect("json");
        assert_eq!(made["correction"]["label"], label);
        assert_eq!(made["correction"]["source"], "api");
        assert_eq!(made["correction"]["actor"], "agent@example.org");
        assert_eq!(made["correction"]["interaction_id"], id);
        assert!(made["relearned"]["reread"].as_u64() > Some(1), "{made}");
    }
    let r = app
        .get(&format!("/api/inbox/{id}"), &app.viewer_token)
        .await;
    let item: Value = r.json().await.expect("json");
    assert_eq!(item["analysis"]["intent"], "praise", "{item}");
    assert_eq!(item["analysis"]["sentiment"], "positive", "{item}");
    assert!(
        item["priority"].as_i64() < Some(priority),
        "praise waits less than a complaint: {item}"
    );

    let list: Value = app
        .get("/api/corrections", &app.viewer_token)
        .await
        .json()
        .await
        .expect("json");
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 2);
    assert!(list[0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("broken")));

    // Undone, the message reads as the shipped models read it.
    let first = list[0]["id"].as_i64().expect("id");
    let r = app
        .client
        .delete(app.url(&format!("/api/corrections/{first}")))
        .bearer_auth(&app.agent_token)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::OK);
    let undone: Value = r.json().await.expect("json");
    assert_eq!(undone["analysis"]["intent"], "complaint", "{undone}");
    assert_eq!(undone["analysis"]["sentiment"], "positive", "{undone}");
    let r = app
        .client
        .delete(app.url(&format!("/api/corrections/{first}")))
        .bearer_auth(&app.agent_token)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "correction_not_found");
}

#[tokio::test]
async fn a_correction_needs_a_known_label_a_message_and_a_writer() {
    let app = spawn_app().await;
    let id = app.inbox().await[0]["id"].as_i64().expect("id");
    let path = format!("/api/interactions/{id}/correction");
    let r = app
        .post(
            &path,
            &app.agent_token,
            json!({"task": "intent", "label": "grumble"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &path,
            &app.agent_token,
            json!({"task": "mood", "label": "negative"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &path,
            &app.viewer_token,
            json!({"task": "intent", "label": "not_question"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post(
            "/api/interactions/999999/correction",
            &app.agent_token,
            json!({"task": "intent", "label": "not_question"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "interaction_not_found");
    let list: Value = app
        .get("/api/corrections", &app.viewer_token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list, json!([]));
}
}
