//! The outbox over HTTP: a reply sent from the dashboard through a
//! connected Mastodon (a loopback stand-in) by the server's own sending
//! loop, and one-click unsubscribe (RFC 8058) from the link every
//! feedback request carries, honoured at once and without a login.

use crate::helpers::{hidden_field, rapport_command, spawn_app, spawn_app_sending, PASSWORD};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

#[path = "../common/fakes.rs"]
mod fakes;

fn run(db: &str, args: &[&str]) -> String {
    let out = rapport_command(db, args).output().expect("run rapport");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

rapport_store::both! {
#[tokio::test]
async fn the_unsubscribe_link_takes_an_address_off_at_once_without_a_login() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let orders = [
        json!({"kind":"order","order_id":"U1","email":"Kai@Example.com","total":20.0,"currency":"EUR",
               "created_at":"2026-11-01T10:00:00Z","items":[{"title":"Chain oil"}]}),
        json!({"kind":"order","order_id":"U2","email":"kai@example.com","total":20.0,"currency":"EUR",
               "created_at":"2026-11-02T10:00:00Z","items":[{"title":"Gloves"}]}),
    ];
    let file = dir.path().join("orders.jsonl");
    let lines: Vec<String> = orders.iter().map(Value::to_string).collect();
    std::fs::write(&file, lines.join("\n")).expect("write");
    run(&app.db, &["import", "jsonl", file.to_str().expect("path")]);
    // A real mail relay: Kai's first request goes, the second waits for
    // the cap of one message per 14 days.
    let smtp = fakes::Smtp::start(dir.path());
    let round = |now: &str| {
        let out = rapport_command(&app.db, &["outbox", "run", "--now", now, "--json"])
            .env("RAPPORT_SMTP_URL", &smtp.url)
            .env("RAPPORT_MAIL_FROM", "shop@trailwerk.example")
            .output()
            .expect("run rapport");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    let ran = round("2026-11-20T10:00:00Z");
    // Kai's two, and one for the test shop's own buyer.
    assert_eq!(ran["queued"], 3, "{ran}");
    assert_eq!(ran["sent"], 2, "{ran}");
    let mails = smtp.received();
    let to_kai: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains("To: kai@example.com"))
        .collect();
    assert_eq!(to_kai.len(), 1, "{mails:?}");
    let header = to_kai[0]
        .lines()
        .find(|l| l.starts_with("List-Unsubscribe: <"))
        .expect("the one-click header");
    let link = header
        .trim_start_matches("List-Unsubscribe: <")
        .trim_end_matches('>')
        .trim_start_matches("http://127.0.0.1:8080")
        .to_string();
    let kais = |page: &Value| -> Vec<Value> {
        page["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .filter(|m| m["recipient"] == "kai@example.com")
            .cloned()
            .collect()
    };
    assert!(
        link.starts_with("/unsubscribe?a=kai%40example.com&t="),
        "{link}"
    );
    let page: Value = app
        .get("/api/outbox?state=queued", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let waiting = kais(&page);
    assert_eq!(waiting.len(), 1, "{page}");
    assert!(
        waiting[0]["body"].as_str().expect("body").contains(&link),
        "the link is in the body"
    );

    // A forged token is refused and changes nothing.
    let forged = format!("{}0", &link[..link.len() - 1]);
    let forged = if forged == link {
        format!("{}1", &link[..link.len() - 1])
    } else {
        forged
    };
    let r = app.client.post(app.url(&forged)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The page asks first; a mail client's one-click POST needs no login.
    let r = app.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("kai@example.com"));
    let r = app
        .client
        .post(app.url(&link))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("no more"));

    // What waited for Kai is cancelled at once; what was sent stays sent.
    let page: Value = app
        .get("/api/outbox", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let mut states: Vec<(String, String)> = kais(&page)
        .iter()
        .map(|m| {
            (
                m["state"].as_str().unwrap_or("").to_string(),
                m["last_error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    states.sort();
    assert_eq!(
        states,
        vec![
            ("cancelled".to_string(), "unsubscribed".to_string()),
            ("sent".to_string(), String::new())
        ],
        "{page}"
    );
    // A month later: no reminder and nothing else goes to Kai.
    let later = round("2026-12-20T10:00:00Z");
    assert!(
        later["cancelled"].as_u64() >= Some(1),
        "Kai's reminder: {later}"
    );
    assert_eq!(
        smtp.received()
            .iter()
            .filter(|m| m.contains("To: kai@example.com"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_reply_sent_from_the_dashboard_reaches_mastodon_once_and_moves_the_report() {
    let fake = fakes::Mastodon::start();
    let base = fake.base.clone();
    let secrets = rapport_send::Secrets::default().with_env(|k| match k {
        "RAPPORT_MASTODON_URL" => Some(base.clone()),
        "RAPPORT_MASTODON_TOKEN" => Some(fakes::TOKEN.to_string()),
        _ => None,
    });
    let senders = rapport_send::from_secrets(&secrets).expect("senders");
    let app = spawn_app_sending(Default::default(), Default::default(), senders).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mention = json!({"channel":"mastodon","external_id":"109","kind":"mention",
        "author":{"handle":"anna@fans.example","display_name":"Anna"},
        "text":"@trailwerk does the Schotter tyre fit a 29er?","created_at":"2026-10-05T09:00:00Z"});
    let file = dir.path().join("mention.jsonl");
    std::fs::write(&file, mention.to_string()).expect("write");
    run(&app.db, &["import", "jsonl", file.to_str().expect("path")]);
    let id = app
        .inbox()
        .await
        .iter()
        .find(|i| i["channel"] == "mastodon" && i["external_id"] == "109")
        .and_then(|i| i["id"].as_i64())
        .expect("the mention is in the inbox");
    let answered = |report: Value| report["meaningful"]["answered"].as_u64().expect("answered");
    let report = |app: &crate::helpers::TestApp| {
        let (url, token) = (app.url("/api/report"), app.viewer_token.clone());
        let client = app.client.clone();
        async move {
            let r = client.get(url).bearer_auth(token).send().await.unwrap();
            r.json::<Value>().await.unwrap()
        }
    };
    let before = answered(report(&app).await);

    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let page = app
        .client
        .get(app.url(&format!("/?item={id}")))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Send reply"),
        "mastodon is connected: the button sends"
    );
    let csrf = hidden_field(&page, "csrf").unwrap();
    let key = hidden_field(&page, "key").unwrap();
    let send = || {
        app.client
            .post(app.url(&format!("/inbox/{id}/reply")))
            .header(header::COOKIE, &session)
            .form(&[
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("text", "Yes, up to 29 x 2.25!"),
            ])
            .send()
    };
    let r = send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/?done=sent");
    // The form sent twice (a double click) is one reply.
    let again = send().await.unwrap();
    assert_eq!(again.status(), StatusCode::SEE_OTHER);

    // Answered at once; the server's loop posts it within a round or two.
    assert!(app.inbox().await.iter().all(|i| i["id"] != id));
    assert_eq!(answered(report(&app).await), before + 1);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while fake.posted().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing reached the instance"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Another round passes: still one status.
    tokio::time::sleep(rapport_server::SEND_EVERY + std::time::Duration::from_secs(1)).await;
    let posted = fake.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0].form["in_reply_to_id"], "109");
    assert_eq!(
        posted[0].form["status"],
        "@anna@fans.example Yes, up to 29 x 2.25!"
    );
    assert_eq!(posted[0].key, key);
    let page: Value = app
        .get(&format!("/api/outbox?parent={id}"), &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["messages"][0]["state"], "sent");
    assert_eq!(page["messages"][0]["external_id"], "900001");
    assert_eq!(page["connected"], json!(["mastodon"]));
}
}
