//! Webhook receivers under `/webhooks`, outside the session and token
//! guard: a platform proves a delivery is its own by signing the raw body
//! with the secret it shares with the shop (HMAC-SHA256), checked in
//! constant time before anything is read or stored.
//!
//! - `POST /webhooks/shopify`: `X-Shopify-Hmac-Sha256` is the base64 HMAC
//!   of the body under the app's shared secret. `orders/create` and
//!   `orders/updated` are imported as `shopify-orders`; the privacy topics
//!   are recorded and carried out by the engine: `customers/data_request`
//!   exports the customer's data and keeps it with the request,
//!   `customers/redact` forgets the customer (by email and by the orders
//!   named) and anonymises the orders, `shop/redact` is recorded only
//!   (erasing the shop's whole database is the operator's). A replay —
//!   the same `X-Shopify-Event-Id` (or `X-Shopify-Webhook-Id`), or the
//!   same topic and body — is answered as the first delivery was and
//!   changes nothing. Other topics are acknowledged and ignored.
//! - `GET /webhooks/meta`: Meta's subscription check — `hub.mode=subscribe`
//!   with the configured `hub.verify_token` is answered with `hub.challenge`.
//! - `POST /webhooks/meta`: `X-Hub-Signature-256: sha256=<hex>` is the HMAC
//!   of the body under the app secret; `object: page` deliveries are
//!   imported as `facebook`, `object: instagram` as `instagram`.
//!
//! Imports go through the engine's one import pipeline, exactly like
//! `POST /api/imports`. A receiver whose secret is not configured answers
//! 503 `not_configured` without reading the body; a bad or missing
//! signature 401 `bad_signature`.
//!
//! Anyone can reach these routes, and a signature can only be checked once
//! the whole body is in memory, so bodies are held to
//! [`crate::Config::max_webhook_bytes`] (1 MiB by default), not the import
//! limit: a declared `Content-Length` above it is answered 413 before a
//! byte of the body is read, and a chunked body is cut off with 413 as
//! soon as it runs over.

use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rapport_engine::import::Summary;
use rapport_engine::privacy::{PrivacyRequest, PrivacyTopic};
use rapport_engine::Engine;
use rapport_store::NewPrivacyRequest;
use serde_json::json;
use sha2::Sha256;
use std::collections::HashMap;

type HmacSha256 = Hmac<Sha256>;

/// Shopify topics that are privacy requests, recorded rather than imported.
pub const PRIVACY_TOPICS: &[&str] = &["customers/data_request", "customers/redact", "shop/redact"];

/// Shopify topics whose body is an order.
pub const ORDER_TOPICS: &[&str] = &["orders/create", "orders/updated"];

/// The webhook routes. Their handlers read bodies themselves, after the
/// secret check and within `Config::max_webhook_bytes`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/shopify", post(shopify))
        .route("/webhooks/meta", post(meta).get(meta_verify))
}

/// True when `signature` is the HMAC-SHA256 of `body` under `secret`; the
/// comparison is constant-time (`Mac::verify_slice`).
pub fn signature_matches(secret: &[u8], body: &[u8], signature: &[u8]) -> bool {
    match HmacSha256::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(body);
            mac.verify_slice(signature).is_ok()
        }
        Err(_) => false,
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Reads a webhook body of at most `limit` bytes: 413 at once when its
/// `Content-Length` says more, and 413 as soon as a body without one
/// (chunked) runs over, without reading the rest.
async fn read_body(limit: usize, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let declared =
        header_str(headers, header::CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::TooLarge(limit));
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let cause = e.into_inner();
        if cause.is::<http_body_util::LengthLimitError>() {
            ApiError::TooLarge(limit)
        } else {
            ApiError::BadRequest(format!("could not read the body: {cause}"))
        }
    })
}

async fn import(state: &AppState, format: &'static str, body: Bytes) -> Result<Response, ApiError> {
    let engine = state.engine.clone();
    let f = Engine::format(format)?;
    let summary: Summary = blocking(move || {
        Ok::<_, ApiError>(engine.import(f, "body", Box::new(std::io::Cursor::new(body)))?)
    })
    .await?;
    tracing::info!(target: "server::webhooks", format, imported = summary.imported,
        duplicates = summary.duplicates, rejected = summary.rejected, "webhook import");
    Ok(Json(summary).into_response())
}

fn ignored(what: &str) -> Response {
    tracing::info!(target: "server::webhooks", what, "webhook ignored");
    Json(json!({ "ignored": what })).into_response()
}

/// `POST /webhooks/shopify`.
async fn shopify(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(secret) = state.config.webhooks.shopify_secret.clone() else {
        return Err(ApiError::NotConfigured(
            "Shopify webhooks are not configured: start the server with --shopify-secret \
             or RAPPORT_SHOPIFY_SECRET"
                .into(),
        ));
    };
    let body = read_body(state.config.max_webhook_bytes, &headers, body).await?;
    let signature = header_str(&headers, "x-shopify-hmac-sha256")
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .ok_or(ApiError::BadSignature)?;
    if !signature_matches(secret.as_bytes(), &body, &signature) {
        return Err(ApiError::BadSignature);
    }
    let topic = header_str(&headers, "x-shopify-topic")
        .unwrap_or("")
        .to_string();
    if ORDER_TOPICS.contains(&topic.as_str()) {
        return import(&state, "shopify-orders", body).await;
    }
    let privacy = match topic.as_str() {
        "customers/data_request" => PrivacyTopic::DataRequest,
        "customers/redact" => PrivacyTopic::Redact,
        "shop/redact" => PrivacyTopic::ShopRedact,
        _ => return Ok(ignored(&format!("shopify topic {topic:?}"))),
    };
    let wire: PrivacyPayload = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("the {topic} body: {e}")))?;
    let customer = wire.customer.unwrap_or_default();
    let orders = wire
        .orders_requested
        .iter()
        .chain(&wire.orders_to_redact)
        .map(Scalar::text)
        .collect();
    let request = PrivacyRequest {
        topic: privacy,
        orders,
        received: NewPrivacyRequest {
            source: "shopify".into(),
            topic: topic.clone(),
            shop_domain: header_str(&headers, "x-shopify-shop-domain")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .or(wire.shop_domain.filter(|s| !s.is_empty())),
            customer_email: customer.email.filter(|e| !e.trim().is_empty()),
            customer_id: customer.id.as_ref().map(Scalar::text),
            // Shopify names the event a delivery is for; retries carry the
            // same one.
            delivery_id: header_str(&headers, "x-shopify-event-id")
                .or_else(|| header_str(&headers, "x-shopify-webhook-id"))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            payload: String::from_utf8_lossy(&body).into_owned(),
            received_at: now(),
        },
    };
    let engine = state.engine.clone();
    let answer =
        blocking(move || Ok::<_, ApiError>(engine.privacy_request(&request, "webhook:shopify")?))
            .await?;
    tracing::info!(target: "server::webhooks", %topic, id = answer.id, replay = answer.replay,
        status = answer.status.as_str(), "privacy request");
    Ok(Json(answer).into_response())
}

/// A Shopify id: a number, or a string.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
enum Scalar {
    Number(serde_json::Number),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Number(n) => n.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

/// The customer a privacy webhook names.
#[derive(Debug, Default, serde::Deserialize)]
struct ShopifyCustomer {
    id: Option<Scalar>,
    email: Option<String>,
}

/// The body of `customers/data_request` (`shop_id`, `shop_domain`,
/// `customer {id, email, phone}`, `orders_requested`, `data_request {id}`),
/// `customers/redact` (… `orders_to_redact`) and `shop/redact` (`shop_id`,
/// `shop_domain`), as Shopify documents them; other fields are ignored.
#[derive(Debug, serde::Deserialize)]
struct PrivacyPayload {
    shop_domain: Option<String>,
    customer: Option<ShopifyCustomer>,
    #[serde(default)]
    orders_requested: Vec<Scalar>,
    #[serde(default)]
    orders_to_redact: Vec<Scalar>,
}

/// `GET /webhooks/meta?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`.
async fn meta_verify(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let Some(expected) = state.config.webhooks.meta_verify_token.as_deref() else {
        return Err(ApiError::NotConfigured(
            "Meta webhooks are not configured: start the server with --meta-verify-token \
             or RAPPORT_META_VERIFY_TOKEN"
                .into(),
        ));
    };
    let mode = q.get("hub.mode").map(String::as_str);
    let token = q.get("hub.verify_token").map(String::as_str).unwrap_or("");
    if mode != Some("subscribe") || !crate::auth::constant_time_eq(token, expected) {
        return Err(ApiError::Forbidden(
            "wrong hub.mode or hub.verify_token".into(),
        ));
    }
    let challenge = q.get("hub.challenge").cloned().unwrap_or_default();
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        challenge,
    )
        .into_response())
}

/// Decodes lower- or upper-case hex.
fn from_hex(s: &str) -> Option<Vec<u8>> {
    let pairs = s.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    pairs
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// `POST /webhooks/meta`.
async fn meta(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(secret) = state.config.webhooks.meta_app_secret.clone() else {
        return Err(ApiError::NotConfigured(
            "Meta webhooks are not configured: start the server with --meta-app-secret \
             or RAPPORT_META_APP_SECRET"
                .into(),
        ));
    };
    let body = read_body(state.config.max_webhook_bytes, &headers, body).await?;
    let signature = header_str(&headers, "x-hub-signature-256")
        .and_then(|s| s.strip_prefix("sha256="))
        .and_then(from_hex)
        .ok_or(ApiError::BadSignature)?;
    if !signature_matches(secret.as_bytes(), &body, &signature) {
        return Err(ApiError::BadSignature);
    }
    #[derive(serde::Deserialize)]
    struct Object {
        object: Option<String>,
    }
    let object = serde_json::from_slice::<Object>(&body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not a Meta webhook: {e}")))?
        .object
        .unwrap_or_default();
    match object.as_str() {
        "page" => import(&state, "facebook", body).await,
        "instagram" => import(&state, "instagram", body).await,
        other => Ok(ignored(&format!("meta object {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_and_refuses_junk() {
        assert_eq!(from_hex("00ffA1"), Some(vec![0, 255, 0xa1]));
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn signatures_match_only_their_body_and_secret() {
        let mut mac = HmacSha256::new_from_slice(b"secret").expect("any key length");
        mac.update(b"body");
        let sig = mac.finalize().into_bytes();
        assert!(signature_matches(b"secret", b"body", &sig));
        assert!(!signature_matches(b"secret", b"body!", &sig));
        assert!(!signature_matches(b"other", b"body", &sig));
        assert!(!signature_matches(b"secret", b"body", &sig[..31]));
    }
}
