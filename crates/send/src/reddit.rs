//! Reddit: a reply is `POST {base}/api/comment` (default
//! `https://oauth.reddit.com`) with `Authorization: bearer TOKEN` (an
//! OAuth access token with the `submit` scope), a descriptive
//! `User-Agent` as Reddit's API rules ask (`PLATFORM:APP-ID:VERSION (by
//! /u/USERNAME)`; configurable), and the form fields `api_type=json`,
//! `thing_id` and `text` (Markdown).
//!
//! `thing_id` is the fullname of the thing answered: the `reddit` import
//! stores ids without their type prefix, and stores a post (`t3`) as a
//! `post` or `mention` and a comment (`t1`) as a `comment` or `reply`, so
//! a parent of kind `post` or `mention` is `t3_ID` and any other `t1_ID`
//! (an id stored with its prefix is sent as it is).
//!
//! Reddit answers `200 {"json": {"errors": [], "data": {"things": [{"kind":
//! "t1", "data": {…}}]}}}`. Errors come inside that answer, each
//! `[CODE, message, field]`: any is a refusal with Reddit's words, except
//! `RATELIMIT` ("take a break for N minutes"), which is tried again later.
//! The new comment's `id` (without prefix; else its `name` stripped) is
//! its external id, the id the import reads for it later, and
//! `https://www.reddit.com` + `permalink` its link. Reddit recognises no
//! idempotency key.

use crate::http::{agent, answer, base_url, present, scrub, text_field};
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The OAuth API host.
pub const DEFAULT_BASE: &str = "https://oauth.reddit.com";

/// The `User-Agent` sent unless one is configured.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "server:rapport:",
    env!("CARGO_PKG_VERSION"),
    " (Rapport shop replies)"
);

/// The shop's account.
pub struct Reddit {
    base: String,
    token: Secret,
    user_agent: String,
    agent: ureq::Agent,
}

impl Reddit {
    /// The account `token` opens on `base` (`https://…`, or `http://` for
    /// a loopback test server), introducing itself as `user_agent`.
    pub fn new(base: &str, token: Secret, user_agent: Option<&str>) -> Result<Reddit, ConfigError> {
        let base = base_url("reddit base", base)?;
        present("reddit token", &token)?;
        let user_agent = user_agent
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .unwrap_or(DEFAULT_USER_AGENT)
            .to_string();
        if user_agent.chars().any(char::is_control) {
            return Err(ConfigError::Bad(
                "reddit user_agent holds a control character".into(),
            ));
        }
        Ok(Reddit {
            base,
            token,
            user_agent,
            agent: agent(),
        })
    }
}

/// The fullname of the thing `id` names: `t3_` for a post, `t1_` for a
/// comment.
pub fn fullname(id: &str, kind: &str) -> String {
    let id = id.trim();
    let prefixed = id.len() > 3
        && id.as_bytes()[0] == b't'
        && id.as_bytes()[1].is_ascii_digit()
        && id.as_bytes()[2] == b'_';
    if prefixed {
        id.to_string()
    } else if matches!(kind, "post" | "mention") {
        format!("t3_{id}")
    } else {
        format!("t1_{id}")
    }
}

/// The errors in `json.errors`, as one text, and whether they only ask
/// to wait.
fn errors(v: &serde_json::Value) -> Option<(String, bool)> {
    let list = v.get("json")?.get("errors")?.as_array()?;
    if list.is_empty() {
        return None;
    }
    let mut wait = true;
    let said: Vec<String> = list
        .iter()
        .map(|e| {
            let part = |i: usize| e.get(i).and_then(|p| p.as_str()).unwrap_or_default();
            wait &= part(0) == "RATELIMIT";
            match (part(0), part(1), part(2)) {
                (code, msg, "") => format!("{code}: {msg}"),
                (code, msg, field) => format!("{code}: {msg} ({field})"),
            }
        })
        .collect();
    Some((said.join("; "), wait))
}

impl Deliver for Reddit {
    fn channel(&self) -> &str {
        "reddit"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "reddit")?;
        let thing = fullname(&parent.external_id, parent.kind.as_str());
        let what = "reddit POST /api/comment";
        let r = self
            .agent
            .post(&format!("{}/api/comment", self.base))
            .header("Authorization", &format!("bearer {}", self.token.expose()))
            .header("User-Agent", &self.user_agent)
            .send_form([
                ("api_type", "json"),
                ("thing_id", thing.as_str()),
                ("text", m.row.body.as_str()),
            ]);
        let v = answer(r, what)
            .and_then(|a| a.json(what))
            .and_then(|v| match errors(&v) {
                Some((said, true)) => Err(SendError::Transient(format!("{what}: {said}"))),
                Some((said, false)) => Err(SendError::Permanent(format!("{what}: {said}"))),
                None => Ok(v),
            })
            .map_err(|e| scrub(e, &[self.token.expose()]))?;
        let comment = v
            .get("json")
            .and_then(|j| j.get("data"))
            .and_then(|d| d.get("things"))
            .and_then(|t| t.get(0))
            .and_then(|t| t.get("data"));
        let id = comment.and_then(|c| {
            text_field(c, "id").or_else(|| {
                text_field(c, "name").map(|n| match n.split_once('_') {
                    Some((_, bare)) => bare.to_string(),
                    None => n,
                })
            })
        });
        let id =
            id.ok_or_else(|| SendError::Permanent(format!("{what}: the answer names no comment")))?;
        let url = comment.and_then(|c| text_field(c, "permalink")).map(|p| {
            if p.starts_with("http") {
                p
            } else {
                format!("https://www.reddit.com{p}")
            }
        });
        Ok(Delivered {
            external_id: id,
            url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_is_named_by_its_fullname() {
        assert_eq!(fullname("lq1anna", "comment"), "t1_lq1anna");
        assert_eq!(fullname("lq1anna", "reply"), "t1_lq1anna");
        assert_eq!(fullname("1fq2w3e", "mention"), "t3_1fq2w3e");
        assert_eq!(fullname("1fq2w3e", "post"), "t3_1fq2w3e");
        assert_eq!(fullname("t3_1fq2w3e", "comment"), "t3_1fq2w3e");
        assert_eq!(fullname("t1", "comment"), "t1_t1");
    }

    #[test]
    fn errors_in_the_answer_are_read() {
        let v = serde_json::json!({"json": {"errors": [
            ["THREAD_LOCKED", "Comments are locked.", "parent"]]}});
        assert_eq!(
            errors(&v),
            Some(("THREAD_LOCKED: Comments are locked. (parent)".into(), false))
        );
        let v = serde_json::json!({"json": {"errors": [
            ["RATELIMIT", "Take a break for 5 minutes before trying again.", "ratelimit"]]}});
        assert!(matches!(errors(&v), Some((_, true))));
        assert_eq!(errors(&serde_json::json!({"json": {"errors": []}})), None);
    }
}
