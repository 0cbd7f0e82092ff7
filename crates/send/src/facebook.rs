//! Facebook: a reply is a comment on the comment answered,
//! `POST {graph}/{version}/{comment-id}/comments` (Graph API, default
//! `https://graph.facebook.com/v21.0`) with the form fields `message` and
//! `access_token` (the page access token, with
//! `pages_manage_engagement`): the page answers as itself. The comment
//! answered is the parent's external id, the Graph `id` (or webhook
//! `comment_id`) the `facebook` import stores; when the parent is a post
//! on the page the same edge makes a comment on it. The answer's `id` is
//! the reply's external id, the id the import reads for it later. Graph
//! names no link in the answer, so none is kept.
//!
//! Graph recognises no idempotency key: a reply whose sender died
//! mid-send is not sent again on its own.

use crate::graph::Graph;
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};

/// The shop's page.
pub struct Facebook {
    graph: Graph,
}

impl Facebook {
    /// The page `page_token` opens, through `graph` (`https://…`) at API
    /// `version` (`v21.0`).
    pub fn new(graph: &str, version: &str, page_token: Secret) -> Result<Facebook, ConfigError> {
        Ok(Facebook {
            graph: Graph::new("facebook", graph, version, page_token)?,
        })
    }
}

impl Deliver for Facebook {
    fn channel(&self) -> &str {
        "facebook"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "facebook")?;
        let id = self
            .graph
            .post(parent.external_id.trim(), "comments", &m.row.body)?;
        Ok(Delivered {
            external_id: id,
            url: None,
        })
    }
}
