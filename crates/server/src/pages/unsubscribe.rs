//! `/unsubscribe`: the link in every mail the shop's rules send. `GET`
//! asks; `POST` — the button, or a mail client's one-click request (RFC
//! 8058: `List-Unsubscribe=One-Click` in the body) — takes the address
//! off at once. No login: the link's token, signed with the database's
//! outbox secret, is the proof.

use super::{render, PageError, PageQuery};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// `?a=ADDRESS&t=TOKEN`.
#[derive(Debug, Default, Deserialize)]
pub struct Link {
    #[serde(default)]
    a: String,
    #[serde(default)]
    t: String,
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribeTemplate {
    t: crate::i18n::Page,
    shop: String,
    address: String,
    address_q: String,
    token: String,
    valid: bool,
    done: bool,
}

/// Equal, compared in constant time.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn answer(state: &AppState, link: Link, take_off: bool) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let (address, token) = (link.a.trim().to_lowercase(), link.t.trim().to_string());
    let (shop, valid, done) = blocking(move || {
        let shop = engine.profile()?.0.name;
        let store = engine.store();
        let expected = store.unsubscribe_token(&address)?;
        let valid = !address.is_empty() && same(&expected, &token);
        let done = valid && take_off && store.unsubscribe(&address, &token, "link", now())?;
        Ok::<_, ApiError>((shop, valid, done))
    })
    .await?;
    if done {
        tracing::info!(target: "server", "an address unsubscribed by its link");
    }
    let page = UnsubscribeTemplate {
        t: crate::i18n::Page(crate::i18n::browser()),
        shop,
        address_q: rapport_engine::outbox::encode(&link.a.trim().to_lowercase()),
        address: link.a.trim().to_lowercase(),
        token: link.t.trim().to_string(),
        valid,
        done,
    };
    let mut response = render(&page)?;
    if !valid {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(response.into_response())
}

/// `GET /unsubscribe`: asks.
pub async fn ask(
    State(state): State<AppState>,
    PageQuery(link): PageQuery<Link>,
) -> Result<Response, PageError> {
    answer(&state, link, false).await
}

/// `POST /unsubscribe`: takes the address off at once.
pub async fn confirm(
    State(state): State<AppState>,
    PageQuery(link): PageQuery<Link>,
) -> Result<Response, PageError> {
    answer(&state, link, true).await
}
