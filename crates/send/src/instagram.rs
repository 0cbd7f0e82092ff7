//! Instagram: a reply is `POST {graph}/{version}/{ig-comment-id}/replies`
//! (Graph API, default `https://graph.facebook.com/v21.0`; with a token
//! from Instagram Login, `https://graph.instagram.com`) with the form
//! fields `message` and `access_token` (`instagram_manage_comments`, or
//! `instagram_business_manage_comments`). Instagram replies only to
//! top-level comments (a reply to a reply is added to the top-level
//! comment), so the comment named is the parent's `in_reply_to` when it
//! has one — the top-level comment, as the `instagram` import stores it —
//! else the parent itself. The answer's `id` is the reply's external id,
//! the id the import reads for it later; Graph names no link in it.
//!
//! A mention (a comment or caption on someone else's media naming the
//! shop) is answered through a different edge (`POST
//! /{ig-user-id}/mentions`) that is not connected: such a reply is refused
//! before anything is sent. Graph recognises no idempotency key.

use crate::graph::Graph;
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The shop's professional account.
pub struct Instagram {
    graph: Graph,
}

impl Instagram {
    /// The account `token` opens, through `graph` (`https://…`) at API
    /// `version` (`v21.0`).
    pub fn new(graph: &str, version: &str, token: Secret) -> Result<Instagram, ConfigError> {
        Ok(Instagram {
            graph: Graph::new("instagram", graph, version, token)?,
        })
    }
}

impl Deliver for Instagram {
    fn channel(&self) -> &str {
        "instagram"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "instagram")?;
        if parent.kind.as_str() == "mention" {
            return Err(SendError::Permanent(
                "instagram: answering a mention on someone else's media is not connected \
                 (it needs POST /{ig-user-id}/mentions): post the reply yourself"
                    .into(),
            ));
        }
        let top = parent
            .in_reply_to
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(parent.external_id.trim());
        let id = self.graph.post(top, "replies", &m.row.body)?;
        Ok(Delivered {
            external_id: id,
            url: None,
        })
    }
}
