//! Mastodon: a reply is a status posted with `POST /api/v1/statuses`
//! (form fields `status` and `in_reply_to_id`, `Authorization: Bearer`),
//! carrying the outbox key as `Idempotency-Key`: Mastodon answers a
//! repeated key with the status it already made, so a message whose
//! sender died mid-send is sent again safely. The status's `id` is its
//! external id (the id the `mastodon` import and pull read), `url` its
//! page. The reply starts with the author's `@handle`, as Mastodon's own
//! clients write one, so they are notified.

use crate::http::{agent, answer, text_field};
use crate::{ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The shop's account on one instance.
pub struct Mastodon {
    base: String,
    token: Secret,
    agent: ureq::Agent,
}

impl Mastodon {
    /// The account `token` opens on `instance` (`https://…`, or `http://`
    /// for a loopback test instance).
    pub fn new(instance: &str, token: Secret) -> Result<Mastodon, ConfigError> {
        let base = instance.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(ConfigError::Bad(format!(
                "mastodon instance {base:?}: expected https://HOST"
            )));
        }
        if token.expose().trim().is_empty() {
            return Err(ConfigError::Bad("mastodon token is empty".into()));
        }
        Ok(Mastodon {
            base,
            token,
            agent: agent(),
        })
    }
}

/// `text`, starting with `@handle` unless it already names them.
pub fn addressed(handle: Option<&str>, text: &str) -> String {
    match handle {
        Some(h) if !h.is_empty() => {
            let at = format!("@{}", h.trim_start_matches('@'));
            if text.split_whitespace().any(|w| w.eq_ignore_ascii_case(&at)) {
                text.to_string()
            } else {
                format!("{at} {text}")
            }
        }
        _ => text.to_string(),
    }
}

impl Deliver for Mastodon {
    fn channel(&self) -> &str {
        "mastodon"
    }

    fn idempotent(&self) -> bool {
        true
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let status = addressed(m.parent_handle.as_deref(), &m.row.body);
        let mut form = vec![("status", status.as_str())];
        if let Some(p) = &m.parent {
            form.push(("in_reply_to_id", p.external_id.as_str()));
        }
        let url = format!("{}/api/v1/statuses", self.base);
        let r = self
            .agent
            .post(&url)
            .header("Authorization", &format!("Bearer {}", self.token.expose()))
            .header("Idempotency-Key", &m.row.key)
            .send_form(form);
        let v =
            answer(r, "mastodon POST /api/v1/statuses")?.json("mastodon POST /api/v1/statuses")?;
        let id = text_field(&v, "id").ok_or_else(|| {
            SendError::Permanent("mastodon: the answer names no status id".into())
        })?;
        Ok(Delivered {
            external_id: id,
            url: text_field(&v, "url"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_names_its_author_once() {
        assert_eq!(addressed(Some("anna"), "Yes!"), "@anna Yes!");
        assert_eq!(
            addressed(Some("anna@bikes.social"), "Yes!"),
            "@anna@bikes.social Yes!"
        );
        assert_eq!(addressed(Some("anna"), "@anna Yes!"), "@anna Yes!");
        assert_eq!(addressed(None, "Yes!"), "Yes!");
    }
}
