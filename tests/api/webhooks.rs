//! Webhook receivers: Shopify orders and privacy topics, Meta's
//! subscription check and page deliveries, all signed with HMAC-SHA256.

use crate::helpers::{
    blocking, error_code, generated_shop, import_beside, rapport_command, raw_answer, FreshDb,
    PASSWORD, SHOP,
};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rapport_engine::Engine;
use rapport_server::{AppState, Config, WebhookSecrets};
use rapport_store::{RequestStatus, Role, Store};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use sha2::Sha256;
use std::sync::Arc;

const SHOPIFY_SECRET: &str = "shpss_test_secret";
const META_VERIFY_TOKEN: &str = "verify-me";
const META_APP_SECRET: &str = "meta-app-secret";

/// A bare Shopify order, as `orders/create` sends it.
const ORDER: &str = r##"{"id": 590000000000777, "name": "#1777", "email": "anna@example.org", "created_at": "2026-10-21T09:00:00+02:00", "currency": "EUR", "total_price": "64.95", "financial_status": "paid", "test": false, "line_items": [{"sku": "TYR-29", "title": "Trail tyre 29", "quantity": 1, "price": "64.95"}]}"##;

/// A Facebook page webhook with one new comment.
const PAGE_COMMENT: &str = r#"{"object": "page", "entry": [{"id": "100000000000001", "time": 1791882300, "changes": [{"field": "feed", "value": {"from": {"id": "200000000000015", "name": "Emil"}, "message": "Is this frame available in M?", "post_id": "100000000000001_558", "comment_id": "558_901", "created_time": 1791882000, "item": "comment", "parent_id": "100000000000001_558", "verb": "add"}}]}]}"#;

struct Hooks {
    base: String,
    client: reqwest::Client,
    store: Arc<dyn Store>,
    token: String,
    admin: String,
    db: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    /// Last: the database outlives the server's handle on it.
    _fresh: FreshDb,
}

async fn spawn(webhooks: WebhookSecrets) -> Hooks {
    spawn_with(Config {
        webhooks,
        ..Config::default()
    })
    .await
}

async fn spawn_with(config: Config) -> Hooks {
    let fresh = FreshDb::new();
    let url = fresh.url.clone();
    let store = fresh.open();
    let profile = fresh.dir().join("rapport.toml");
    let (engine, t, a) = blocking(|| {
        let engine = Engine::new(store.clone(), profile);
        engine
            .import(
                rapport_ingest::Format::Jsonl,
                "shop",
                Box::new(SHOP.as_bytes()),
            )
            .unwrap();
        let hash = rapport_server::auth::hash_password(PASSWORD).unwrap();
        let user = store
            .create_user("viewer@example.org", Role::Viewer, &hash, 0)
            .unwrap();
        let t = rapport_server::auth::new_api_token().unwrap();
        store
            .create_api_token(user.id, &t.hash, &t.prefix, 0, None)
            .unwrap();
        let boss = store
            .create_user("admin@example.org", Role::Admin, &hash, 0)
            .unwrap();
        let a = rapport_server::auth::new_api_token().unwrap();
        store
            .create_api_token(boss.id, &a.hash, &a.prefix, 0, None)
            .unwrap();
        (engine, t, a)
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = rapport_server::app(AppState::with_config(engine, config));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        rapport_server::serve(listener, app, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    Hooks {
        base,
        client: reqwest::Client::new(),
        store,
        token: t.token,
        admin: a.token,
        db: url,
        _shutdown: tx,
        _fresh: fresh,
    }
}

fn secrets() -> WebhookSecrets {
    WebhookSecrets {
        shopify_secret: Some(SHOPIFY_SECRET.into()),
        meta_verify_token: Some(META_VERIFY_TOKEN.into()),
        meta_app_secret: Some(META_APP_SECRET.into()),
    }
}

async fn spawn_configured() -> Hooks {
    spawn(secrets()).await
}

fn hmac(secret: &str, body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

fn shopify_signature(secret: &str, body: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac(secret, body.as_bytes()))
}

fn meta_signature(secret: &str, body: &str) -> String {
    let hex: String = hmac(secret, body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

impl Hooks {
    /// GET `path` with a bearer `token`.
    async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    async fn shopify(&self, topic: &str, body: &str, signature: Option<&str>) -> Response {
        let mut req = self
            .client
            .post(format!("{}/webhooks/shopify", self.base))
            .header("X-Shopify-Topic", topic)
            .header("X-Shopify-Shop-Domain", "trailwerk.myshopify.com")
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if let Some(s) = signature {
            req = req.header("X-Shopify-Hmac-Sha256", s);
        }
        req.send().await.unwrap()
    }

    async fn meta(&self, body: &str, signature: Option<&str>) -> Response {
        let mut req = self
            .client
            .post(format!("{}/webhooks/meta", self.base))
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if let Some(s) = signature {
            req = req.header("X-Hub-Signature-256", s);
        }
        req.send().await.unwrap()
    }

    async fn challenge(&self, mode: &str, token: &str) -> Response {
        self.client
            .get(format!("{}/webhooks/meta", self.base))
            .query(&[
                ("hub.mode", mode),
                ("hub.verify_token", token),
                ("hub.challenge", "1158201444"),
            ])
            .send()
            .await
            .unwrap()
    }

    fn order_ids(&self) -> Vec<String> {
        blocking(|| self.store.orders())
            .unwrap()
            .into_iter()
            .map(|o| o.order_id)
            .collect()
    }
}

rapport_store::both! {
#[tokio::test]
async fn a_signed_shopify_order_webhook_stores_the_order() {
    let app = spawn_configured().await;
    let sig = shopify_signature(SHOPIFY_SECRET, ORDER);
    let r = app.shopify("orders/create", ORDER, Some(&sig)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["imported"], 1, "{v}");
    assert!(app.order_ids().contains(&"590000000000777".to_string()));
    // The buyer's person view shows it at once.
    let person: Value = app
        .get("/api/people/anna@example.org", &app.token)
        .await
        .json()
        .await
        .unwrap();
    let orders: Vec<&str> = person["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_str().unwrap())
        .collect();
    assert!(orders.contains(&"590000000000777"), "{person}");
    // orders/updated of the same order is accepted as a duplicate.
    let r = app.shopify("orders/updated", ORDER, Some(&sig)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["duplicates"], 1, "{v}");
}

#[tokio::test]
async fn a_tampered_or_unsigned_shopify_webhook_is_401_and_stores_nothing() {
    let app = spawn_configured().await;
    let before = app.order_ids();
    let sig = shopify_signature(SHOPIFY_SECRET, ORDER);
    let tampered = ORDER.replace("64.95", "0.01");
    let wrong_secret = shopify_signature("not-the-secret", ORDER);
    for (body, signature) in [
        (tampered.as_str(), Some(sig.as_str())),
        (ORDER, Some(wrong_secret.as_str())),
        (ORDER, Some("not base64!")),
        (ORDER, None),
    ] {
        let r = app.shopify("orders/create", body, signature).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(r).await, "bad_signature");
    }
    let redact = r#"{"shop_id": 1, "shop_domain": "trailwerk.myshopify.com", "customer": {"id": 7, "email": "anna@example.org"}}"#;
    let r = app.shopify("customers/redact", redact, Some(&sig)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.order_ids(), before);
    assert!(blocking(|| app.store.privacy_requests())
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn shopify_privacy_topics_are_recorded_and_others_ignored() {
    let app = spawn_configured().await;
    let bodies = [
        (
            "customers/data_request",
            r#"{"shop_id": 1, "shop_domain": "trailwerk.myshopify.com", "customer": {"id": 7, "email": "anna@example.org"}, "orders_requested": [1001], "data_request": {"id": 9}}"#,
        ),
        (
            "customers/redact",
            r#"{"shop_id": 1, "shop_domain": "trailwerk.myshopify.com", "customer": {"id": 7, "email": "anna@example.org"}, "orders_to_redact": [1001]}"#,
        ),
        (
            "shop/redact",
            r#"{"shop_id": 1, "shop_domain": "trailwerk.myshopify.com"}"#,
        ),
        ("app/uninstalled", r#"{"id": 1}"#),
    ];
    for (topic, body) in bodies {
        let r = app
            .shopify(topic, body, Some(&shopify_signature(SHOPIFY_SECRET, body)))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{topic}");
    }
    let recorded = blocking(|| app.store.privacy_requests()).unwrap();
    let topics: Vec<&str> = recorded.iter().map(|r| r.request.topic.as_str()).collect();
    assert_eq!(
        topics,
        ["customers/data_request", "customers/redact", "shop/redact"]
    );
    // The data request was answered with an export, then the redaction
    // forgot Anna: neither request names her any more.
    assert_eq!(recorded[0].status, RequestStatus::Exported);
    assert_eq!(recorded[1].status, RequestStatus::Erased);
    for r in &recorded[..2] {
        assert_eq!(r.request.source, "shopify");
        assert_eq!(
            r.request.shop_domain.as_deref(),
            Some("trailwerk.myshopify.com")
        );
        assert!(r.request.customer_email.is_none(), "{r:?}");
        assert!(r.request.customer_id.is_none(), "{r:?}");
        assert!(!r.request.payload.contains("anna"), "{r:?}");
        assert!(!r.has_export, "the export went with her");
        assert!(r.request.received_at > 0);
    }
    assert_eq!(recorded[2].status, RequestStatus::Recorded);
    assert!(recorded[2].request.customer_email.is_none());
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn unconfigured_webhooks_answer_503() {
    let app = spawn(WebhookSecrets::default()).await;
    let r = app
        .shopify(
            "orders/create",
            ORDER,
            Some(&shopify_signature(SHOPIFY_SECRET, ORDER)),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_code(r).await, "not_configured");
    let r = app.meta(PAGE_COMMENT, None).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(!app.order_ids().contains(&"590000000000777".to_string()));
}

#[tokio::test]
async fn meta_subscription_is_verified_by_the_token() {
    let app = spawn_configured().await;
    let r = app.challenge("subscribe", META_VERIFY_TOKEN).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(r.text().await.unwrap(), "1158201444");
    let r = app.challenge("subscribe", "wrong").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "forbidden");
    let r = app.challenge("unsubscribe", META_VERIFY_TOKEN).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_signed_meta_page_comment_is_stored_and_unsigned_is_401() {
    let app = spawn_configured().await;
    let stored = |app: &Hooks| {
        blocking(|| app.store.interactions())
            .unwrap()
            .into_iter()
            .any(|i| i.channel == "facebook" && i.external_id.contains("558_901"))
    };
    for signature in [
        None,
        Some(meta_signature("wrong", PAGE_COMMENT)),
        Some(meta_signature(META_APP_SECRET, PAGE_COMMENT).replace("sha256=", "")),
    ] {
        let r = app.meta(PAGE_COMMENT, signature.as_deref()).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(r).await, "bad_signature");
    }
    assert!(!stored(&app));
    let r = app
        .meta(
            PAGE_COMMENT,
            Some(&meta_signature(META_APP_SECRET, PAGE_COMMENT)),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["imported"], 1, "{v}");
    assert!(stored(&app));
}

#[tokio::test]
async fn a_webhook_declaring_a_huge_body_is_refused_before_any_of_it_is_read() {
    // Only the head and a few bytes are sent: a server that waited for the
    // announced body (or buffered it) would not answer in time.
    let app = spawn_configured().await;
    for path in ["/webhooks/shopify", "/webhooks/meta"] {
        for length in [300_000_000, 2 << 20] {
            let head = raw_answer(
                &app.base,
                format!(
                    "POST {path} HTTP/1.1\r\nHost: rapport\r\nContent-Type: application/json\r\n\
                     X-Shopify-Topic: orders/create\r\nContent-Length: {length}\r\n\r\n{{\"id\": 1"
                )
                .as_bytes(),
            )
            .await;
            assert!(head.starts_with("HTTP/1.1 413"), "{path} {length}: {head}");
        }
    }
}

#[tokio::test]
async fn a_chunked_webhook_body_is_cut_off_with_413_once_over_the_limit() {
    let limit = 64 << 10;
    let app = spawn_with(Config {
        webhooks: secrets(),
        max_webhook_bytes: limit,
        ..Config::default()
    })
    .await;
    // One chunk announced as 1 MiB, of which one byte more than the limit
    // arrives; the server must answer then, not wait for the rest.
    let mut request = format!(
        "POST /webhooks/shopify HTTP/1.1\r\nHost: rapport\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n",
        1 << 20
    )
    .into_bytes();
    request.extend(std::iter::repeat_n(b' ', limit + 1));
    let head = raw_answer(&app.base, &request).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    // A chunked delivery within the limit is read and checked as ever.
    let signature = shopify_signature(SHOPIFY_SECRET, ORDER);
    let head = raw_answer(
        &app.base,
        format!(
            "POST /webhooks/shopify HTTP/1.1\r\nHost: rapport\r\nTransfer-Encoding: chunked\r\n\
             X-Shopify-Topic: orders/create\r\nX-Shopify-Hmac-Sha256: {signature}\r\n\r\n\
             {:x}\r\n{ORDER}\r\n0\r\n\r\n",
            ORDER.len()
        )
        .as_bytes(),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(app.order_ids().contains(&"590000000000777".to_string()));
    // A body of exactly the limit is read (and then fails its signature).
    let r = app.shopify("orders/create", &" ".repeat(limit), None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "bad_signature");
}

#[tokio::test]
async fn an_unconfigured_webhook_answers_503_without_waiting_for_the_body() {
    let app = spawn(WebhookSecrets::default()).await;
    for path in ["/webhooks/shopify", "/webhooks/meta"] {
        for framing in ["Content-Length: 5000", "Transfer-Encoding: chunked"] {
            // The body is announced and never sent.
            let head = raw_answer(
                &app.base,
                format!("POST {path} HTTP/1.1\r\nHost: rapport\r\n{framing}\r\n\r\n").as_bytes(),
            )
            .await;
            assert!(head.starts_with("HTTP/1.1 503"), "{path} {framing}: {head}");
        }
    }
}
}

/// Shopify's `customers/data_request` body for Anna, as documented.
const DATA_REQUEST: &str = r#"{"shop_id": 954889, "shop_domain": "trailwerk.myshopify.com", "orders_requested": [1001], "customer": {"id": 191167, "email": "anna@example.org", "phone": "555-625-1199"}, "data_request": {"id": 9999}}"#;

/// Shopify's `customers/redact` body for Anna, as documented.
const REDACT: &str = r#"{"shop_id": 954889, "shop_domain": "trailwerk.myshopify.com", "customer": {"id": 191167, "email": "anna@example.org", "phone": "555-625-1199"}, "orders_to_redact": [1001]}"#;

impl Hooks {
    async fn signed(&self, topic: &str, body: &str, event: Option<&str>) -> Value {
        let mut req = self
            .client
            .post(format!("{}/webhooks/shopify", self.base))
            .header("X-Shopify-Topic", topic)
            .header("X-Shopify-Shop-Domain", "trailwerk.myshopify.com")
            .header(
                "X-Shopify-Hmac-Sha256",
                shopify_signature(SHOPIFY_SECRET, body),
            )
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if let Some(e) = event {
            req = req.header("X-Shopify-Event-Id", e);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{topic}");
        r.json().await.unwrap()
    }

    /// Every row of every table, as text: the whole database compared.
    fn everything(&self) -> Vec<String> {
        crate::db::everything(&self.db)
    }

    async fn requests(&self) -> Vec<Value> {
        let r = self.get("/api/privacy-requests", &self.admin).await;
        assert_eq!(r.status(), StatusCode::OK);
        let v: Value = r.json().await.unwrap();
        v.as_array().unwrap().clone()
    }
}

rapport_store::both! {
#[tokio::test]
async fn a_data_request_is_answered_with_the_customers_export_kept_for_admins() {
    let app = spawn_configured().await;
    let v = app
        .signed("customers/data_request", DATA_REQUEST, Some("ev-1"))
        .await;
    assert_eq!(v["status"], "exported", "{v}");
    assert_eq!(v["replay"], false);
    let anna = blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .unwrap();
    assert_eq!(v["people"], serde_json::json!([anna.0]));
    let requests = app.requests().await;
    assert_eq!(requests.len(), 1);
    let export = &requests[0]["export"];
    assert_eq!(export["format"], "rapport.person-export.v1");
    assert_eq!(
        export["interactions"][0]["text"],
        "Does the trail tyre fit a 29er?"
    );
    assert_eq!(export["orders"][0]["order_id"], "1001");
    assert_eq!(requests[0]["customer_id"], "191167");
    // The viewer may not read it.
    let r = app.get("/api/privacy-requests", &app.token).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The export is in the audit log as the webhook's.
    let r = app.get("/api/audit", &app.admin).await;
    let log: Value = r.json().await.unwrap();
    let e = &log["entries"][0];
    assert_eq!(e["actor"], "webhook:shopify");
    assert_eq!(e["action"], "person.export");
    assert_eq!(e["target"], format!("person:{}", anna.0));
    // Delivered again: nothing new.
    let before = app.everything();
    let again = app
        .signed("customers/data_request", DATA_REQUEST, Some("ev-1"))
        .await;
    assert_eq!(again["replay"], true);
    assert_eq!(again["id"], v["id"]);
    assert_eq!(again["status"], "exported");
    assert_eq!(app.everything(), before);
}
}

rapport_store::both! {
#[tokio::test]
async fn a_redaction_forgets_the_customer_and_its_replay_changes_nothing() {
    let app = spawn_configured().await;
    let v = app.signed("customers/redact", REDACT, Some("ev-7")).await;
    assert_eq!(v["status"], "erased", "{v}");
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_none());
    assert!(blocking(|| app.store.find_person("instagram:anna.rides"))
        .unwrap()
        .is_none());
    let order = blocking(|| app.store.orders())
        .unwrap()
        .into_iter()
        .find(|o| o.order_id == "1001")
        .unwrap();
    assert_eq!(
        (order.email, order.person, order.total),
        (None, None, 129.9)
    );
    let all = app.everything();
    assert!(
        all.iter()
            .all(|row| !row.contains("anna") && !row.contains("191167")),
        "{:#?}",
        all.iter()
            .filter(|r| r.contains("anna") || r.contains("191167"))
            .collect::<Vec<_>>()
    );
    // The same event again, the same body under another event id, and
    // the same event id with the body sent differently: all replays.
    let spaced = REDACT.replace(", ", ",");
    for (body, event) in [
        (REDACT, Some("ev-7")),
        (REDACT, Some("ev-8")),
        (REDACT, None),
        (spaced.as_str(), Some("ev-7")),
    ] {
        let again = app.signed("customers/redact", body, event).await;
        assert_eq!(again["replay"], true, "{event:?}");
        assert_eq!(again["id"], v["id"]);
        assert_eq!(again["status"], "erased");
        assert_eq!(app.everything(), all, "{event:?} changed something");
    }
    // An old order file with her order does not bring her back.
    let order = ORDER.replace("590000000000777", "1001");
    let v = app.signed("orders/create", &order, None).await;
    assert_eq!(v["forgotten"], 1, "{v}");
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_none());
}
}

rapport_store::both! {
#[tokio::test]
async fn a_redaction_for_someone_unknown_keeps_them_out_and_shop_redact_is_recorded() {
    let app = spawn_configured().await;
    let zoe = r#"{"shop_id": 954889, "shop_domain": "trailwerk.myshopify.com", "customer": {"id": 5, "email": "zoe@example.org"}, "orders_to_redact": []}"#;
    let v = app.signed("customers/redact", zoe, None).await;
    assert_eq!(v["status"], "no_match", "{v}");
    let order = ORDER
        .replace("anna@example.org", "zoe@example.org")
        .replace("590000000000777", "4242");
    let v = app.signed("orders/create", &order, None).await;
    assert_eq!(v["forgotten"], 1, "{v}");
    assert!(blocking(|| app.store.find_person("zoe@example.org"))
        .unwrap()
        .is_none());
    let before = blocking(|| app.store.counts()).unwrap();
    let v = app
        .signed(
            "shop/redact",
            r#"{"shop_id": 954889, "shop_domain": "trailwerk.myshopify.com"}"#,
            None,
        )
        .await;
    assert_eq!(v["status"], "recorded", "{v}");
    assert_eq!(
        blocking(|| app.store.counts()).unwrap(),
        before,
        "shop data stays"
    );
    let topics: Vec<String> = app
        .requests()
        .await
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["topic"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        topics,
        ["customers/redact no_match", "shop/redact recorded"]
    );
}

/// Webhooks, an admin's action and a command-line import into the same
/// database at once: nothing fails, everything is stored once, and the
/// ladder the server's and the command line's passes leave equals judging
/// everyone.
#[tokio::test]
async fn webhooks_and_a_command_line_import_run_at_once() {
    let app = spawn_configured().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.jsonl");
    let lines = generated_shop(&app.db, &file, 400, 6000, 3);
    let interactions = lines
        .lines()
        .filter(|l| !l.contains(r#""kind":"order""#))
        .count() as u64;
    let before = blocking(|| app.store.counts()).unwrap();
    let import = import_beside(&app.db, &file);
    let order_sig = shopify_signature(SHOPIFY_SECRET, ORDER);
    let comment_sig = meta_signature(META_APP_SECRET, PAGE_COMMENT);
    let (order, comment) = tokio::join!(
        app.shopify("orders/create", ORDER, Some(&order_sig)),
        app.meta(PAGE_COMMENT, Some(&comment_sig)),
    );
    for (what, r) in [("order", order), ("comment", comment)] {
        assert_eq!(r.status(), StatusCode::OK, "{what}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["imported"], 1, "{what}: {v}");
    }
    let first: Value = app
        .get("/api/inbox?limit=1", &app.admin)
        .await
        .json()
        .await
        .unwrap();
    let id = first["items"][0]["id"].as_i64().expect("an item");
    let r = app
        .client
        .post(format!("{}/api/inbox/{id}/handled", app.base))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the import failed beside the webhooks: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = blocking(|| app.store.counts()).unwrap();
    assert_eq!(after.interactions, before.interactions + interactions + 1);
    assert!(app.order_ids().contains(&"590000000000777".to_string()));
    let out = rapport_command(&app.db, &["rescore", "--check"])
        .output()
        .expect("run rapport rescore");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
}
