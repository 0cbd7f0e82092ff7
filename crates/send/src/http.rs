//! The one HTTP client the senders share, and how a platform's answer is
//! judged: 2xx is done; 408, 429 and 5xx (and a network failure) are
//! worth another attempt later; any other status is a refusal that
//! another attempt would meet again.

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
    /// The body as JSON when the status is 2xx; otherwise the error the
    /// status means, naming `what` and the platform's own message.
    pub fn json(self, what: &str) -> Result<serde_json::Value, SendError> {
        if (200..300).contains(&self.status) {
            return serde_json::from_slice(&self.body)
                .map_err(|e| SendError::Permanent(format!("{what}: the answer is not JSON: {e}")));
        }
        let said = platform_message(&self.body);
        let msg = format!("{what}: HTTP {}{said}", self.status);
        Err(if matches!(self.status, 408 | 429) || self.status >= 500 {
            SendError::Transient(msg)
        } else {
            SendError::Permanent(msg)
        })
    }
}

/// The platform's error message from an error body, if it has one
/// (`error`, `error.message`, `message`, `detail`, `title`), as `": …"`.
fn platform_message(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let found = [
        v.get("error").and_then(|e| e.get("message")),
        v.get("error"),
        v.get("message"),
        v.get("detail"),
        v.get("title"),
    ]
    .into_iter()
    .flatten()
    .find_map(|m| m.as_str());
    match found {
        Some(m) => format!(": {}", m.chars().take(300).collect::<String>()),
        None => String::new(),
    }
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
            a(200, r#"{"id":"1"}"#)
                .json("x")
                .ok()
                .and_then(|v| text_field(&v, "id")),
            Some("1".into())
        );
    }
}
