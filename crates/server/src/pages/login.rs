//! The login page, login and logout.
//!
//! The login form is protected from cross-site posting by a double-submit
//! nonce: a cookie and a hidden field that must match. Failed logins are
//! rate-limited per email and per client address: each attempt is
//! reserved with the limiter before its password is checked (so parallel
//! guesses cannot outrun the count), and the check itself waits for the
//! [`crate::auth::PasswordGate`].

use super::{render, PageError, PageQuery};
use crate::auth::{
    clear_cookie, cookie_value, hash_password, random_hex, set_cookie, token_hash, verify_password,
    CurrentUser, Via, LOGIN_COOKIE, SESSION_COOKIE,
};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::Form;
use rapport_store::{NewSession, UserRow};
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate {
    t: crate::i18n::Page,
    csrf: String,
    next: String,
    email: String,
    error: String,
}

/// `?next=` on the login page.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// The client's address, when the server knows it.
pub struct ClientIp(Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Where to go after login: `next` if it is a path on this site, else `/`.
///
/// A path on this site starts with exactly one `/` followed by anything
/// but another `/` or a `\` (`//host` and `/\host` name another host),
/// holds no `\` and no control character, and stays so once
/// percent-decoded. Browsers drop tabs and newlines inside URLs, so
/// `/%09/evil.example` would become `//evil.example`; some servers and
/// proxies decode `%2F`, so `/%2F/evil.example` is refused as well.
/// Anything with a scheme does not start with `/` and is refused.
fn safe_next(next: &str) -> &str {
    if next == "/" || (local_path(next) && local_path(&percent_decoded(next))) {
        next
    } else {
        "/"
    }
}

fn local_path(p: &str) -> bool {
    let mut chars = p.chars();
    chars.next() == Some('/')
        && chars.next().is_some_and(|c| c != '/' && c != '\\')
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
}

/// `s` with every `%XY` decoded once (invalid UTF-8 replaced).
fn percent_decoded(s: &str) -> String {
    let hex = |b: &u8| (*b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes
            .get(i + 1)
            .and_then(hex)
            .zip(bytes.get(i + 2).and_then(hex));
        match pair {
            Some((high, low)) if bytes[i] == b'%' => {
                out.push(high << 4 | low);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    email: &str,
    error: &str, // a catalogue key, or empty
) -> Result<Response, PageError> {
    // Keep a nonce the browser already holds: a second login page (another
    // tab, a redirected favicon request) must not void the first one's form.
    let nonce = match cookie_value(headers, LOGIN_COOKIE) {
        Some(n) if n.len() == 32 && n.bytes().all(|b| b.is_ascii_hexdigit()) => n,
        _ => random_hex(16).map_err(ApiError::internal)?,
    };
    let t = crate::i18n::browser();
    let page = render(&LoginTemplate {
        csrf: nonce.clone(),
        next: next.to_string(),
        email: email.to_string(),
        // `error` is a catalogue key.
        error: if error.is_empty() {
            String::new()
        } else {
            t.t(error)
        },
        t: crate::i18n::Page(t),
    })?;
    let cookie = set_cookie(LOGIN_COOKIE, &nonce, 3600, state.config.secure_cookies);
    Ok((status, [(header::SET_COOKIE, cookie)], page).into_response())
}

/// `GET /login`.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageQuery(q): PageQuery<LoginQuery>,
) -> Result<Response, PageError> {
    let next = safe_next(q.next.as_deref().unwrap_or("/")).to_string();
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        let store = state.store.clone();
        let live = blocking(move || Ok::<_, ApiError>(store.session(&token_hash(&token), now())?))
            .await?
            .is_some();
        if live {
            return Ok(Redirect::to(&next).into_response());
        }
    }
    form_page(&state, &headers, StatusCode::OK, &next, "", "")
}

/// A hash to check unknown emails against, so that a wrong email takes as
/// long as a wrong password.
fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password("no such user").unwrap_or_default())
}

/// `POST /login`.
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let next = safe_next(&f.next).to_string();
    let nonce = cookie_value(&headers, LOGIN_COOKIE).unwrap_or_default();
    if nonce.is_empty() || !crate::auth::constant_time_eq(&nonce, &f.csrf) {
        return form_page(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            &next,
            &f.email,
            "login-expired",
        );
    }
    let email = f.email.trim().to_lowercase();
    let keys = vec![
        format!("email:{email}"),
        format!("ip:{}", ip.map_or("unknown".to_string(), |i| i.to_string())),
    ];
    // Reserve the attempt before the password is looked at, so parallel
    // requests cannot all pass a check made before any of them failed.
    let limiter = state.limiter.clone();
    let reserved = blocking(move || Ok::<_, ApiError>(limiter.reserve(&keys)?)).await?;
    let Some(attempt) = reserved else {
        return form_page(
            &state,
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            &f.email,
            "login-too-many",
        );
    };
    let user = match check_password(&state, &email, f.password).await {
        Err(ApiError::Busy) => {
            // Never checked: the attempt does not count.
            blocking(move || Ok::<_, ApiError>(attempt.release()?)).await?;
            return form_page(
                &state,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &f.email,
                "login-busy",
            );
        }
        checked => checked?,
    };
    let Some(user) = user else {
        // The reservation stays: a failure.
        drop(attempt);
        tracing::warn!(target: "server::auth", email = %email, "failed login");
        return form_page(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            &next,
            &f.email,
            "login-wrong",
        );
    };
    blocking(move || Ok::<_, ApiError>(attempt.release()?)).await?;
    start_session(&state, user, &next).await
}

/// The user with this email and password, or `None`; the check waits for
/// the [`crate::auth::PasswordGate`] (`ApiError::Busy` when it is full).
async fn check_password(
    state: &AppState,
    email: &str,
    password: String,
) -> Result<Option<UserRow>, ApiError> {
    let store = state.store.clone();
    let email = email.to_string();
    state
        .passwords
        .run(move || {
            let user = store.user_by_email(&email)?;
            let hash = user
                .as_ref()
                .map_or(dummy_hash(), |u| u.password_hash.as_str());
            let ok = verify_password(&password, hash);
            Ok(user.filter(|_| ok))
        })
        .await?
}

/// Creates a session for `user` and sends the browser on to `next`.
async fn start_session(state: &AppState, user: UserRow, next: &str) -> Result<Response, PageError> {
    let token = random_hex(32).map_err(ApiError::internal)?;
    let session = NewSession {
        token_hash: token_hash(&token),
        user: user.id,
        csrf: random_hex(32).map_err(ApiError::internal)?,
        created_at: now(),
        expires_at: now() + state.config.session_secs,
    };
    let store = state.store.clone();
    blocking(move || Ok::<_, ApiError>(store.create_session(&session)?)).await?;
    tracing::info!(target: "server::auth", email = %user.email, "login");
    let secure = state.config.secure_cookies;
    Ok((
        AppendHeaders([
            (
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, state.config.session_secs, secure),
            ),
            (header::SET_COOKIE, clear_cookie(LOGIN_COOKIE, secure)),
        ]),
        Redirect::to(next),
    )
        .into_response())
}

/// `POST /logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, PageError> {
    if let Via::Session { token_hash, .. } = user.via {
        let store = state.store.clone();
        blocking(move || Ok::<_, ApiError>(store.delete_session(&token_hash)?)).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            clear_cookie(SESSION_COOKIE, state.config.secure_cookies),
        )],
        Redirect::to("/login"),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::{percent_decoded, safe_next};

    #[test]
    fn only_same_site_paths_are_followed_after_login() {
        for ok in [
            "/",
            "/people/3",
            "/threads?channel=instagram&status=unanswered",
            "/people/anna.rides#orders",
            "/people/%C3%BC",
        ] {
            assert_eq!(safe_next(ok), ok, "{ok:?} is a path on this site");
        }
        for bad in [
            "",
            "people/3",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/people\\..\\evil",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/people/3\u{7f}",
            "https://evil.example",
            "HTTPS://evil.example/",
            "javascript:alert(1)",
            "data:text/html,hi",
            " /people/3",
            "\t//evil.example",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?} must not be followed");
        }
    }

    #[test]
    fn percent_decoding_decodes_pairs_and_leaves_the_rest() {
        assert_eq!(percent_decoded("/a%2Fb%zz%4"), "/a/b%zz%4");
        assert_eq!(percent_decoded("%C3%BC"), "ü");
    }
}
