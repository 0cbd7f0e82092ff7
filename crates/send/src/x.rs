//! X: a reply is `POST {base}/2/tweets` (default `https://api.x.com`)
//! with `Authorization: Bearer TOKEN` (an OAuth 2.0 user-context token
//! with `tweet.write`) and the JSON body
//! `{"text", "reply": {"in_reply_to_tweet_id"}}`, the post answered being
//! the parent's external id (the tweet `id` the `x` import stores). X
//! answers `201 {"data": {"id", "text"}}`: `data.id` is the reply's
//! external id, the id the import reads for it later, and
//! `https://x.com/i/web/status/{id}` its link.
//!
//! X recognises no idempotency key (a repeated text is refused as a
//! duplicate, not answered with the first post), so a reply whose sender
//! died mid-send is not sent again on its own.

use crate::http::{agent, answer, base_url, present, scrub, send_json, text_field};
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The API host.
pub const DEFAULT_BASE: &str = "https://api.x.com";

/// The shop's account.
pub struct X {
    base: String,
    token: Secret,
    agent: ureq::Agent,
}

impl X {
    /// The account `token` opens on `base` (`https://…`, or `http://` for
    /// a loopback test server).
    pub fn new(base: &str, token: Secret) -> Result<X, ConfigError> {
        let base = base_url("x base", base)?;
        present("x token", &token)?;
        Ok(X {
            base,
            token,
            agent: agent(),
        })
    }
}

impl Deliver for X {
    fn channel(&self) -> &str {
        "x"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "x")?;
        let body = serde_json::json!({
            "text": m.row.body,
            "reply": {"in_reply_to_tweet_id": parent.external_id.trim()},
        });
        let what = "x POST /2/tweets";
        let r = send_json(
            self.agent
                .post(&format!("{}/2/tweets", self.base))
                .header("Authorization", &format!("Bearer {}", self.token.expose())),
            &body,
        );
        let v = answer(r, what)
            .and_then(|a| a.json(what))
            .map_err(|e| scrub(e, &[self.token.expose()]))?;
        let id = v
            .get("data")
            .and_then(|d| text_field(d, "id"))
            .ok_or_else(|| {
                // X may answer 200 with `errors` and no `data`.
                let said = v
                    .get("errors")
                    .and_then(|e| e.get(0))
                    .and_then(|e| e.get("detail").or_else(|| e.get("message")))
                    .and_then(|m| m.as_str())
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default();
                SendError::Permanent(format!("{what}: the answer names no post{said}"))
            })?;
        Ok(Delivered {
            url: Some(format!("https://x.com/i/web/status/{id}")),
            external_id: id,
        })
    }
}
