//! The one HTTP client the senders share, and how a platform's answer is
//! judged: 2xx is done; 408, 429 and 5xx (and a network failure) are
//! worth another attempt later; any other status is a refusal that
//! another attempt would meet again.
//!
//! Also here: the pieces every sender shares — a JSON body, a checked
//! base URL, and keeping a credential out of every error text.

use crate::ConfigError;
use rapport_engine::outbox::SendError;
use std::time::Duration;

/// The agent: a deadline on every request, statuses read as answers.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .user_agent(concat!("rapport/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// A request's answer: its status and body.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body (at most 1 MiB is read).
    pub body: Vec<u8>,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON, whatever the status (`None` when it is not JSON).
    pub fn value(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as JSON when the status is 2xx; otherwise the error the
    /// status means, naming `what` and the platform's own message.
    pub fn json(self, what: &str) -> Result<serde_json::Value, SendError> {
        if self.ok() {
            return serde_json::from_slice(&self.body)
                .map_err(|e| SendError::Permanent(format!("{what}: the answer is not JSON: {e}")));
        }
        Err(self.failure(what))
    }

    /// The error a status other than 2xx means: 408, 429 and 5xx are
    /// worth another attempt, the rest is a refusal. The text names
    /// `what`, the status and the platform's own message.
    pub fn failure(&self, what: &str) -> SendError {
        let said = platform_message(&self.body);
        let msg = format!("{what}: HTTP {}{said}", self.status);
        if matches!(self.status, 408 | 429) || self.status >= 500 {
            SendError::Transient(msg)
        } else {
            SendError::Permanent(msg)
        }
    }
}

/// The platform's error message from an error body, if it has one, as
/// `": …"`: `error.message` (Google, Meta), `error` with `message` (AT
/// Protocol: `ExpiredToken: Token has expired`) or `error_description`
/// (OAuth), `error`, `message`, `detail` (X), `title`.
fn platform_message(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let text = |k: &str| v.get(k).and_then(|m| m.as_str());
    let paired = text("error").and_then(|code| {
        text("message")
            .or_else(|| text("error_description"))
            .map(|m| format!("{code}: {m}"))
    });
    let found = paired.or_else(|| {
        [
            v.get("error").and_then(|e| e.get("message")),
            v.get("error"),
            v.get("message"),
            v.get("detail"),
            v.get("title"),
        ]
        .into_iter()
        .flatten()
        .find_map(|m| m.as_str().map(String::from))
    });
    match found {
        Some(m) => format!(": {}", m.chars().take(300).collect::<String>()),
        None => String::new(),
    }
}

/// `e`, to be tried again later whatever it was.
pub fn retry_later(e: SendError) -> SendError {
    match e {
        SendError::Transient(m) | SendError::Permanent(m) => SendError::Transient(m),
    }
}

/// `e` with every occurrence of each of `secrets` replaced by `***`: a
/// platform that quotes a credential back must not put it in the outbox's
/// `last_error` or a log.
pub fn scrub(e: SendError, secrets: &[&str]) -> SendError {
    let clean = |mut m: String| {
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            m = m.replace(s, "***");
        }
        m
    };
    match e {
        SendError::Transient(m) => SendError::Transient(clean(m)),
        SendError::Permanent(m) => SendError::Permanent(clean(m)),
    }
}

/// Sends `body` as `application/json`.
pub fn send_json(
    request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    body: &serde_json::Value,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    request
        .content_type("application/json")
        .send(body.to_string())
}

/// `url` without a trailing slash, when it is `https://…` (or `http://`,
/// for a loopback test server); `what` names the setting in the error.
pub fn base_url(what: &str, url: &str) -> Result<String, ConfigError> {
    let base = url.trim().trim_end_matches('/').to_string();
    let host = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(ConfigError::Bad(format!(
            "{what} {base:?}: expected https://HOST"
        )));
    }
    Ok(base)
}

/// Checks that a credential is there.
pub fn present(what: &str, secret: &crate::Secret) -> Result<(), ConfigError> {
    if secret.expose().trim().is_empty() {
        return Err(ConfigError::Bad(format!("{what} is empty")));
    }
    Ok(())
}

/// Reads a response into an [`Answer`].
pub fn answer(
    r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    what: &str,
) -> Result<Answer, SendError> {
    let mut r = r.map_err(|e| SendError::Transient(format!("{what}: {e}")))?;
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_vec()
        .map_err(|e| SendError::Transient(format!("{what}: reading the answer: {e}")))?;
    Ok(Answer { status, body })
}

/// A string field of a JSON answer (numbers read as their digits).
pub fn text_field(v: &serde_json::Value, field: &str) -> Option<String> {
    match v.get(field)? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_split_into_retry_and_refusal() {
        let a = |status: u16, body: &str| Answer {
            status,
            body: body.as_bytes().to_vec(),
        };
        assert!(matches!(a(429, "").json("x"), Err(SendError::Transient(_))));
        assert!(matches!(a(503, "").json("x"), Err(SendError::Transient(_))));
        let refused = a(422, r#"{"error":"Validation failed: Text can't be blank"}"#).json("post");
        assert_eq!(
            refused,
            Err(SendError::Permanent(
                "post: HTTP 422: Validation failed: Text can't be blank".into()
            ))
        );
        assert_eq!(
            a(
                400,
                r#"{"error":"ExpiredToken","message":"Token has expired"}"#
            )
            .json("get"),
            Err(SendError::Permanent(
                "get: HTTP 400: ExpiredToken: Token has expired".into()
            ))
        );
        assert_eq!(
            a(403, r#"{"error":{"code":403,"message":"Quota used up"}}"#).json("c"),
            Err(SendError::Permanent("c: HTTP 403: Quota used up".into()))
        );
        assert_eq!(
            a(401, r#"{"message":"Unauthorized","error":401}"#).json("r"),
            Err(SendError::Permanent("r: HTTP 401: Unauthorized".into()))
        );
        assert_eq!(
            a(200, r#"{"id":"1"}"#)
                .json("x")
                .ok()
                .and_then(|v| text_field(&v, "id")),
            Some("1".into())
        );
    }

    #[test]
    fn a_credential_quoted_back_is_blanked() {
        let e = SendError::Permanent("bad token tok-9 (tok-9)".into());
        assert_eq!(
            scrub(e, &["", "tok-9"]),
            SendError::Permanent("bad token *** (***)".into())
        );
        assert_eq!(
            retry_later(SendError::Permanent("x".into())),
            SendError::Transient("x".into())
        );
    }

    #[test]
    fn a_base_url_is_https_or_loopback_http() {
        assert_eq!(
            base_url("x base", " https://api.x.com/ ").ok().as_deref(),
            Some("https://api.x.com")
        );
        assert!(base_url("x base", "http://127.0.0.1:9").is_ok());
        assert!(base_url("x base", "api.x.com").is_err());
        assert!(base_url("x base", "https://").is_err());
    }
}
