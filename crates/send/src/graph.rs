//! Meta's Graph API, which Facebook and Instagram share: a reply is a
//! `POST {graph}/{version}/{object-id}/{edge}` whose form fields are
//! `message` (the words) and `access_token`. Graph documents the access
//! token as the `access_token` parameter; it goes in the form body, never
//! in the URL, so no proxy or server log that records URLs sees it. The
//! answer is `{"id": "…"}`, the new comment's id: the id the `facebook`
//! and `instagram` imports store.
//!
//! Graph answers a refusal with `{"error": {"message", "type", "code",
//! "error_subcode", "is_transient", "fbtrace_id"}}`, often with HTTP 400
//! or 403 even for throttling. Per Graph's error guide the codes that mean
//! "wait and retry" are retried later whatever the status: 1 and 2
//! (temporary), 4, 17, 32, 341 and 613 (call limits), 368 (temporarily
//! blocked), 80000–80014 (business use case limits), and any error
//! marked `is_transient`.

use crate::http::{agent, answer, base_url, present, retry_later, scrub, text_field};
use crate::{ConfigError, Secret};
use rapport_engine::outbox::SendError;

/// The Graph API host.
pub const DEFAULT_GRAPH: &str = "https://graph.facebook.com";

/// The Graph API version asked for.
pub const DEFAULT_VERSION: &str = "v21.0";

/// One account's access to the Graph API.
pub struct Graph {
    channel: &'static str,
    base: String,
    token: Secret,
    agent: ureq::Agent,
}

impl Graph {
    /// `token` on `graph` (`https://…`), API `version` (`v21.0`), for
    /// `channel`'s replies.
    pub fn new(
        channel: &'static str,
        graph: &str,
        version: &str,
        token: Secret,
    ) -> Result<Graph, ConfigError> {
        let host = base_url(&format!("{channel} graph"), graph)?;
        let version = version.trim();
        let well_formed = version
            .strip_prefix('v')
            .and_then(|v| v.split_once('.'))
            .is_some_and(|(major, minor)| {
                [major, minor]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
        if !well_formed {
            return Err(ConfigError::Bad(format!(
                "{channel} version {version:?}: expected vMAJOR.MINOR, e.g. {DEFAULT_VERSION}"
            )));
        }
        present(&format!("{channel} token"), &token)?;
        Ok(Graph {
            channel,
            base: format!("{host}/{version}"),
            token,
            agent: agent(),
        })
    }

    /// Posts `message` on `object`'s `edge` (`comments`, `replies`) and
    /// returns the new object's id.
    pub fn post(&self, object: &str, edge: &str, message: &str) -> Result<String, SendError> {
        let channel = self.channel;
        if object.is_empty()
            || !object
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(SendError::Permanent(format!(
                "{channel}: {object:?} is not a Graph object id"
            )));
        }
        let version = self.base.rsplit('/').next().unwrap_or_default();
        let what = format!("{channel} POST /{version}/{object}/{edge}");
        let url = format!("{}/{object}/{edge}", self.base);
        let r = self
            .agent
            .post(&url)
            .send_form([("message", message), ("access_token", self.token.expose())]);
        let sent = answer(r, &what).and_then(|a| {
            if a.ok() {
                return a.json(&what);
            }
            let e = graph_failure(&a.value(), a.failure(&what));
            Err(e)
        });
        let v = sent.map_err(|e| scrub(e, &[self.token.expose()]))?;
        text_field(&v, "id")
            .ok_or_else(|| SendError::Permanent(format!("{what}: the answer names no id")))
    }
}

/// `e` (the status's judgement) with Graph's error code added to its
/// text, and turned into a retry when Graph's code says to wait.
fn graph_failure(body: &Option<serde_json::Value>, e: SendError) -> SendError {
    let Some(err) = body.as_ref().and_then(|v| v.get("error")) else {
        return e;
    };
    let code = err.get("code").and_then(|c| c.as_i64());
    let e = match (e, code) {
        (SendError::Permanent(m), Some(c)) => SendError::Permanent(format!("{m} (code {c})")),
        (SendError::Transient(m), Some(c)) => SendError::Transient(format!("{m} (code {c})")),
        (e, None) => e,
    };
    let transient = err.get("is_transient").and_then(|t| t.as_bool()) == Some(true);
    let wait =
        code.is_some_and(|c| matches!(c, 1 | 2 | 4 | 17 | 32 | 341 | 368 | 613 | 80000..=80014));
    if transient || wait {
        retry_later(e)
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_must_look_like_one() {
        let g = |v: &str| Graph::new("facebook", DEFAULT_GRAPH, v, Secret::from("t".to_string()));
        assert!(g("v21.0").is_ok());
        assert!(g(" v19.0 ").is_ok());
        assert!(g("21.0").is_err());
        assert!(g("v21").is_err());
        assert!(g("v21.0/../x").is_err());
    }

    #[test]
    fn throttling_codes_are_retried_whatever_the_status() {
        let body = |code: i64| Some(serde_json::json!({"error": {"message": "m", "code": code}}));
        let refused = || SendError::Permanent("x: HTTP 400: m".into());
        assert_eq!(
            graph_failure(&body(32), refused()),
            SendError::Transient("x: HTTP 400: m (code 32)".into())
        );
        assert_eq!(
            graph_failure(&body(190), refused()),
            SendError::Permanent("x: HTTP 400: m (code 190)".into())
        );
        let marked = Some(serde_json::json!({"error": {"message": "m", "is_transient": true}}));
        assert!(matches!(
            graph_failure(&marked, refused()),
            SendError::Transient(_)
        ));
    }
}
