//! `GET /api/alerts`, the Alerts page and its badge.

use crate::helpers::{error_code, spawn_app, TestApp, PASSWORD};
use rapport_core::Timestamp;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn alerts(app: &TestApp, query: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/api/alerts{query}"), &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["items"].as_array().unwrap().clone()
}

fn about<'a>(all: &'a [Value], interaction: &Value) -> Option<&'a Value> {
    all.iter().find(|a| &a["interaction"] == interaction)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

rapport_store::both! {
#[tokio::test]
async fn unanswered_questions_and_complaints_past_their_target_are_alerts() {
    let app = spawn_app().await;
    let inbox = app.inbox().await;
    let id_of = |text: &str| {
        inbox
            .iter()
            .find(|i| i["text"].as_str().unwrap().contains(text))
            .map(|i| i["id"].clone())
            .unwrap()
    };
    let all = alerts(&app, "").await;
    let complaint = about(&all, &id_of("arrived broken")).expect("the complaint alerts");
    assert_eq!(complaint["kind"], "unanswered");
    assert_eq!(complaint["severity"], "high");
    assert_eq!(complaint["overdue"], true);
    assert_eq!(complaint["person"]["name"], "Bob");
    assert!(
        complaint["reason"]
            .as_str()
            .unwrap()
            .starts_with("Complaint from a detractor on instagram: waiting ")
            && complaint["reason"]
                .as_str()
                .unwrap()
                .ends_with(", past the 1-hour target."),
        "{complaint:#}"
    );
    assert_eq!(complaint["since"], "2026-10-03T10:00:00Z");
    // The complaint alone makes Bob a detractor, whose words wait an
    // hour at most.
    assert_eq!(complaint["person"]["labels"], json!(["detractor"]));
    assert_eq!(
        complaint["due_at"], "2026-10-03T11:00:00Z",
        "1 h for a detractor"
    );
    let german = about(&all, &id_of("Habt ihr")).expect("the German question alerts");
    assert_eq!(
        (german["severity"].as_str(), german["kind"].as_str()),
        (Some("medium"), Some("unanswered"))
    );
    assert!(
        about(&all, &id_of("ยางรุ่นนี้")).is_some(),
        "the Thai question alerts"
    );
    // The answered question is no longer waiting: what is left about
    // Anna is the follow-up after the shop's answer.
    let anna: Vec<&Value> = all
        .iter()
        .filter(|a| a["person"]["name"] == "Anna")
        .collect();
    assert_eq!(anna.len(), 1, "{all:#?}");
    assert_eq!(anna[0]["kind"], "follow_up");

    let bad = app.get("/api/alerts?kind=urgent", &app.viewer_token).await;
    assert_eq!(error_code(bad).await, "bad_request");
    let only = alerts(&app, "?kind=new_detractor").await;
    assert!(only.iter().all(|a| a["kind"] == "new_detractor"));
}

#[tokio::test]
async fn a_reply_recorded_by_the_team_closes_the_alert() {
    let app = spawn_app().await;
    let before = alerts(&app, "").await;
    let complaint = before
        .iter()
        .find(|a| a["person"]["name"] == "Bob" && a["kind"] == "unanswered")
        .unwrap()["interaction"]
        .clone();
    let r = app
        .post(
            &format!("/api/inbox/{complaint}/reply"),
            &app.agent_token,
            json!({"text": "So sorry, a new one is on its way."}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let after = alerts(&app, "").await;
    assert!(about(&after, &complaint).is_none());
    let unanswered = |all: &[Value]| all.iter().filter(|a| a["kind"] == "unanswered").count();
    assert_eq!(unanswered(&after), unanswered(&before) - 1);
    // In its place, a follow-up for the next day: ask Bob how it went.
    let follow = |all: &[Value]| -> Vec<Value> {
        all.iter()
            .filter(|a| a["kind"] == "follow_up" && a["person"]["name"] == "Bob")
            .cloned()
            .collect()
    };
    assert!(follow(&before).is_empty());
    let after_follow = follow(&after);
    assert_eq!(after_follow.len(), 1, "{after:#?}");
    assert_eq!(after_follow[0]["overdue"], false, "due the next day");
    assert_eq!(
        after_follow[0]["cause"]["said"],
        "So sorry, a new one is on its way."
    );
    // The complaint made Bob a detractor: the answer also settles the
    // alerts about him (a new detractor, a detractor in public), and
    // adds the follow-up.
    let kinds = |all: &[Value]| -> Vec<String> {
        let mut k: Vec<String> = all
            .iter()
            .filter(|a| a["person"]["name"] == "Bob")
            .map(|a| a["kind"].as_str().unwrap_or_default().to_string())
            .collect();
        k.sort();
        k
    };
    assert_eq!(
        kinds(&before),
        ["detractor_public", "new_detractor", "unanswered"]
    );
    assert_eq!(kinds(&after), ["follow_up"]);
    assert_eq!(after.len(), before.len() - 2);
}

#[tokio::test]
async fn a_new_detractor_and_a_fresh_question_are_told_apart_by_due() {
    let app = spawn_app().await;
    let t = now();
    let at = |secs_ago: i64| Timestamp(t - secs_ago).to_rfc3339();
    let body = format!(
        "{}\n{}\n{}\n",
        json!({"channel":"x","external_id":"d1","kind":"mention","author":{"handle":"grumpy"},
               "text":"My order arrived broken","created_at": at(3 * 86_400)}),
        json!({"channel":"x","external_id":"d2","kind":"mention","author":{"handle":"grumpy"},
               "text":"Still waiting for my refund","created_at": at(2 * 86_400)}),
        json!({"channel":"x","external_id":"q1","kind":"mention","author":{"handle":"curious"},
               "text":"Do you ship the gravel tyre to Austria?","created_at": at(600)}),
    );
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let all = alerts(&app, "").await;
    let detractor = all
        .iter()
        .find(|a| a["kind"] == "new_detractor")
        .expect("a new detractor");
    assert_eq!(detractor["person"]["labels"], json!(["detractor"]));
    // A detractor from the first complaint on.
    assert_eq!(detractor["since"].as_str(), Some(at(3 * 86_400).as_str()));
    assert!(detractor["reason"]
        .as_str()
        .unwrap()
        .starts_with("Became a detractor on"));
    // Asked ten minutes ago: a task, due in under a day, not yet overdue.
    let fresh = all
        .iter()
        .find(|a| a["person"]["name"] == "curious")
        .expect("the fresh question is a task");
    assert_eq!(fresh["overdue"], false);
    let due = alerts(&app, "?due=true").await;
    assert!(due.iter().all(|a| a["overdue"] == true));
    assert!(due.iter().any(|a| a["kind"] == "new_detractor"));
    assert!(due.iter().all(|a| a["person"]["name"] != "curious"));
}

#[tokio::test]
async fn the_alerts_page_lists_them_and_the_nav_shows_the_overdue_count() {
    let app = spawn_app().await;
    let session = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    let overdue = alerts(&app, "?due=true").await.len();
    assert!(overdue >= 3);
    let page = app.page(&session, "/alerts").await;
    assert!(page.contains("Overdue") && page.contains("Bob"));
    assert!(page.contains("Question on mastodon"));
    let inbox = app.page(&session, "/").await;
    assert!(
        inbox.contains(&format!(
            "<span class=\"badge\" title=\"{overdue} overdue\">{overdue}</span>"
        )),
        "the badge counts {overdue}"
    );
}

#[tokio::test]
async fn alerts_are_paged_with_the_total_and_overdue_counts() {
    let app = spawn_app().await;
    let page = |q: &'static str| {
        let app = &app;
        async move {
            let r = app.get(&format!("/api/alerts{q}"), &app.viewer_token).await;
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    let all = page("?limit=1000").await;
    let items = all["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{all:#}");
    assert_eq!(all["total"], items.len());
    let overdue = items.iter().filter(|a| a["overdue"] == true).count();
    assert_eq!(all["overdue"], overdue);
    // Overdue ones first.
    assert!(items.iter().skip(overdue).all(|a| a["overdue"] == false));
    let second = page("?limit=1&offset=1").await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0], items[1]);
    assert_eq!(second["total"], all["total"]);
    assert_eq!(
        (second["limit"].as_u64(), second["offset"].as_u64()),
        (Some(1), Some(1))
    );
    let due = page("?due=true&limit=1000").await;
    assert_eq!(due["total"], overdue);
}
}

async fn alert_page(app: &crate::helpers::TestApp, query: &str) -> Value {
    let r = app
        .get(&format!("/api/alerts?limit=1000&{query}"), &app.agent_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn keyed<'a>(page: &'a Value, key: &str) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == key)
}

rapport_store::both! {
#[tokio::test]
async fn every_alert_can_be_done_snoozed_or_dismissed_and_comes_back_when_its_cause_changes() {
    let app = spawn_app().await;
    app.import_generated(300, 4000, 21).await;
    let before = alert_page(&app, "").await;
    let items = before["items"].as_array().unwrap();
    let first_of = |prefix: &str| {
        items
            .iter()
            .find(|a| a["key"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("an alert {prefix}… in {before:#}"))
            .clone()
    };
    // A ladder alert dismissed with a reason leaves the list and the counts.
    let falling = first_of("falling:");
    let key = falling["key"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/api/alerts/{key}/dismiss"),
            &app.agent_token,
            json!({"reason": "called them last week"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let after = alert_page(&app, "").await;
    assert!(keyed(&after, &key).is_none(), "dismissed: {key}");
    assert_eq!(
        after["total"].as_u64().unwrap() + 1,
        before["total"].as_u64().unwrap()
    );
    let was_due = u64::from(falling["overdue"] == true);
    assert_eq!(
        after["overdue"].as_u64().unwrap() + was_due,
        before["overdue"].as_u64().unwrap()
    );
    // A moment snoozed and an unanswered message marked done leave too.
    let moment = first_of("moment:");
    let unanswered = first_of("unanswered:");
    for (a, action) in [(&moment, "snooze"), (&unanswered, "done")] {
        let key = a["key"].as_str().unwrap();
        let r = app
            .post(
                &format!("/api/alerts/{key}/{action}"),
                &app.agent_token,
                json!({"minutes": 120}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{key} {action}");
    }
    let now = alert_page(&app, "").await;
    for a in [&moment, &unanswered] {
        assert!(keyed(&now, a["key"].as_str().unwrap()).is_none(), "{a}");
    }
    assert_eq!(
        now["total"].as_u64().unwrap() + 3,
        before["total"].as_u64().unwrap()
    );
    // The unanswered message was handled: its history says who and why.
    let id = unanswered["interaction"].as_i64().unwrap();
    let r = app
        .get(&format!("/api/inbox/{id}/history"), &app.viewer_token)
        .await;
    let history: Value = r.json().await.unwrap();
    let whats: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["what"].as_str().unwrap())
        .collect();
    assert!(whats.contains(&"handled"), "{history:#}");
    assert!(whats.contains(&"alert done"), "{history:#}");
    assert_eq!(history[0]["actor"], "agent@example.org");
    // Reopened, it is back in the queue and an alert again.
    let r = app
        .post(
            &format!("/api/inbox/{id}/reopen"),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let item: Value = r.json().await.unwrap();
    assert_eq!(item["state"]["closed"], false, "{item:#}");
    assert!(keyed(
        &alert_page(&app, "").await,
        unanswered["key"].as_str().unwrap()
    )
    .is_some());
    let r = app
        .get(&format!("/api/inbox/{id}/history"), &app.viewer_token)
        .await;
    let history: Value = r.json().await.unwrap();
    assert_eq!(
        history.as_array().unwrap().last().unwrap()["what"],
        "reopen"
    );
    // The falling fan writes again but keeps slipping: the cause changed
    // (quiet since another day), so the alert is back.
    let person = falling["person"]["id"].as_i64().unwrap();
    let r = app
        .get(&format!("/api/people/{person}"), &app.agent_token)
        .await;
    let p: Value = r.json().await.unwrap();
    let ident = &p["identities"][0];
    let last = p["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["created_at"].as_str())
        .max()
        .unwrap()
        .to_string();
    let later = rapport_core::Timestamp::parse(&last).unwrap().0 + 3_600;
    let line = json!({
        "channel": ident["channel"], "external_id": "again-1", "kind": "like",
        "author": {"handle": ident["handle"]},
        "text": "", "created_at": rapport_core::Timestamp(later).to_rfc3339(),
    });
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(format!("{line}\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let back = alert_page(&app, "").await;
    let again = keyed(&back, &key).unwrap_or_else(|| panic!("{key} is raised again: {back:#}"));
    assert_ne!(again["since"], falling["since"], "{again:#}");
    // Unknown keys and actions are refused.
    let r = app
        .post(
            "/api/alerts/falling:999999/dismiss",
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .post(
            &format!("/api/alerts/{key}/forget"),
            &app.agent_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post(
            &format!("/api/alerts/{key}/done"),
            &app.viewer_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
}
