//! What an interaction is.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of an interaction, as named in the canonical format.
///
/// `Post` is an extension of the contract's list: the shop's own posts,
/// which comments answer through `post_id`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A top-level comment under a post.
    Comment,
    /// A reply to another interaction.
    Reply,
    /// A mention of the shop elsewhere.
    Mention,
    /// A direct message.
    Message,
    /// A review of the shop or a product.
    Review,
    /// A share / repost of the shop's content.
    Share,
    /// A like.
    Like,
    /// A follow of the shop's account.
    Follow,
    /// Someone brought to the shop by this person.
    Referral,
    /// One of the shop's own posts.
    Post,
}

impl Kind {
    /// All kinds, in contract order.
    pub const ALL: [Kind; 10] = [
        Kind::Comment,
        Kind::Reply,
        Kind::Mention,
        Kind::Message,
        Kind::Review,
        Kind::Share,
        Kind::Like,
        Kind::Follow,
        Kind::Referral,
        Kind::Post,
    ];

    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Comment => "comment",
            Kind::Reply => "reply",
            Kind::Mention => "mention",
            Kind::Message => "message",
            Kind::Review => "review",
            Kind::Share => "share",
            Kind::Like => "like",
            Kind::Follow => "follow",
            Kind::Referral => "referral",
            Kind::Post => "post",
        }
    }

    /// Kinds that carry words someone may expect an answer to.
    pub fn is_conversational(self) -> bool {
        matches!(
            self,
            Kind::Comment | Kind::Reply | Kind::Mention | Kind::Message | Kind::Review
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown kind {s:?}"))
    }
}
