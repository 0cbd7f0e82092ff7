//! YouTube: a reply is `comments.insert`, `POST
//! {base}/youtube/v3/comments?part=snippet` (default
//! `https://www.googleapis.com`) with `Authorization: Bearer TOKEN` (an
//! OAuth 2.0 access token with the `youtube.force-ssl` scope) and the
//! JSON body `{"snippet": {"parentId", "textOriginal"}}`. YouTube takes
//! replies to a thread's top-level comment only, so `parentId` is the
//! parent itself when it is top-level (no `in_reply_to`), else its
//! `in_reply_to` — the thread's top-level comment, as the `youtube`
//! import stores `snippet.parentId`. The answer is the new comment
//! resource: its `id` is the reply's external id, the id the import reads
//! for it later, and `https://www.youtube.com/watch?v={videoId}&lc={id}`
//! its link (the video from the answer's `snippet.videoId`, else the
//! parent's `post_id`).
//!
//! A refusal names its reason in `error.errors[].reason`; `quotaExceeded`,
//! `rateLimitExceeded` and `userRateLimitExceeded` come with HTTP 403 but
//! pass (the daily quota is reset at midnight Pacific time), so they are
//! tried again later. YouTube recognises no idempotency key.

use crate::http::{agent, answer, base_url, present, retry_later, scrub, send_json, text_field};
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The API host.
pub const DEFAULT_BASE: &str = "https://www.googleapis.com";

/// The shop's channel.
pub struct YouTube {
    base: String,
    token: Secret,
    agent: ureq::Agent,
}

impl YouTube {
    /// The channel `token` opens on `base` (`https://…`, or `http://` for
    /// a loopback test server).
    pub fn new(base: &str, token: Secret) -> Result<YouTube, ConfigError> {
        let base = base_url("youtube base", base)?;
        present("youtube token", &token)?;
        Ok(YouTube {
            base,
            token,
            agent: agent(),
        })
    }
}

/// The first `error.errors[].reason` of a Google API error body.
fn reason(body: &Option<serde_json::Value>) -> Option<String> {
    body.as_ref()?
        .get("error")?
        .get("errors")?
        .get(0)?
        .get("reason")?
        .as_str()
        .map(String::from)
}

impl Deliver for YouTube {
    fn channel(&self) -> &str {
        "youtube"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "youtube")?;
        let top = parent
            .in_reply_to
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(parent.external_id.trim());
        let body = serde_json::json!({
            "snippet": {"parentId": top, "textOriginal": m.row.body},
        });
        let what = "youtube POST /youtube/v3/comments";
        let r = send_json(
            self.agent
                .post(&format!("{}/youtube/v3/comments", self.base))
                .query("part", "snippet")
                .header("Authorization", &format!("Bearer {}", self.token.expose())),
            &body,
        );
        let v = answer(r, what)
            .and_then(|a| {
                if a.ok() {
                    return a.json(what);
                }
                let why = reason(&a.value());
                let e = match (a.failure(what), why.as_deref()) {
                    (SendError::Permanent(m), Some(r)) => {
                        SendError::Permanent(format!("{m} ({r})"))
                    }
                    (SendError::Transient(m), Some(r)) => {
                        SendError::Transient(format!("{m} ({r})"))
                    }
                    (e, None) => e,
                };
                Err(match why.as_deref() {
                    Some("quotaExceeded" | "rateLimitExceeded" | "userRateLimitExceeded") => {
                        retry_later(e)
                    }
                    _ => e,
                })
            })
            .map_err(|e| scrub(e, &[self.token.expose()]))?;
        let id = text_field(&v, "id").ok_or_else(|| {
            SendError::Permanent(format!("{what}: the answer names no comment id"))
        })?;
        let video = v
            .get("snippet")
            .and_then(|s| text_field(s, "videoId"))
            .or_else(|| parent.post_id.clone().filter(|p| !p.is_empty()));
        Ok(Delivered {
            url: video.map(|v| format!("https://www.youtube.com/watch?v={v}&lc={id}")),
            external_id: id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_google_error_names_its_reason() {
        let body = Some(serde_json::json!({"error": {"code": 403, "message": "m",
            "errors": [{"message": "m", "domain": "youtube.quota", "reason": "quotaExceeded"}]}}));
        assert_eq!(reason(&body).as_deref(), Some("quotaExceeded"));
        assert_eq!(reason(&None), None);
    }
}
