//! The team's side of the store: dashboard users, their sessions and API
//! tokens, and what the team did with each inbox item (answered, handled,
//! assigned, snoozed, notes).
//!
//! Secrets never reach the store in the clear: passwords arrive as argon2
//! PHC strings and session / API tokens as SHA-256 hex digests, so a copy
//! of the database lets no one log in.

use rapport_core::InteractionId;
use serde::Serialize;
use std::fmt;

/// A dashboard or API user's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads everything; changes nothing.
    Viewer,
    /// Works the inbox and imports data.
    Agent,
    /// Everything an agent does, plus users and tokens.
    Admin,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Agent, Role::Admin];

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }

    /// Parses a contract name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role may change data (inbox actions, imports).
    pub fn can_write(self) -> bool {
        self >= Role::Agent
    }
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRow {
    /// Row id.
    pub id: UserId,
    /// Login name, lower case.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// argon2 PHC string; never serialized.
    #[serde(skip)]
    pub password_hash: String,
    /// Seconds since the epoch.
    pub created_at: i64,
    /// The dashboard's language they chose (`en`, `de`, `th`; none: the
    /// browser's).
    pub language: Option<String>,
    /// They get the daily mail of what is overdue.
    pub digest: bool,
}

/// A dashboard session to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 hex of the cookie's value.
    pub token_hash: String,
    /// Whose session.
    pub user: UserId,
    /// The token forms must echo back (CSRF protection).
    pub csrf: String,
    /// Seconds since the epoch.
    pub created_at: i64,
    /// Seconds since the epoch; the session is void from then on.
    pub expires_at: i64,
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Whose session.
    pub user: UserRow,
    /// The session's CSRF token.
    pub csrf: String,
    /// Seconds since the epoch.
    pub expires_at: i64,
}

/// An API token as listed (the token itself is shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenRow {
    /// Row id.
    pub id: i64,
    /// Whose token.
    pub user_email: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    /// Seconds since the epoch.
    pub created_at: i64,
    /// Seconds since the epoch, when it was last used.
    pub last_used_at: Option<i64>,
    /// Seconds since the epoch; from then on the token is refused.
    /// `None`: it never expires.
    pub expires_at: Option<i64>,
}

/// What removing a user took with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovedUser {
    /// The user removed.
    pub user: UserRow,
    /// Their API tokens revoked.
    pub tokens: u64,
    /// Their dashboard sessions ended.
    pub sessions: u64,
    /// Inbox items they were assigned, now unassigned.
    pub unassigned: u64,
}

/// A note a team member left on an inbox item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteRow {
    /// Who wrote it (user email).
    pub author: String,
    /// The note.
    pub text: String,
    /// Seconds since the epoch.
    pub created_at: i64,
}

/// What the team did with one inbox item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxStateRow {
    /// The interaction.
    pub interaction: InteractionId,
    /// The reply the team posted on the platform, as recorded here.
    pub reply_text: Option<String>,
    /// When the reply was recorded.
    pub replied_at: Option<i64>,
    /// Who recorded it.
    pub replied_by: Option<String>,
    /// When it was marked handled (no reply needed).
    pub handled_at: Option<i64>,
    /// Who marked it handled.
    pub handled_by: Option<String>,
    /// Who is on it (user email), if anyone.
    pub assigned_to: Option<String>,
    /// Hidden from the queue until then.
    pub snoozed_until: Option<i64>,
    /// Notes, oldest first.
    pub notes: Vec<NoteRow>,
}

impl InboxStateRow {
    /// The state of an item nobody has touched.
    pub fn new(interaction: InteractionId) -> InboxStateRow {
        InboxStateRow {
            interaction,
            reply_text: None,
            replied_at: None,
            replied_by: None,
            handled_at: None,
            handled_by: None,
            assigned_to: None,
            snoozed_until: None,
            notes: Vec::new(),
        }
    }

    /// Whether the item is out of the queue at `now`: answered, handled,
    /// or snoozed past `now`.
    pub fn is_closed(&self, now: i64) -> bool {
        self.replied_at.is_some()
            || self.handled_at.is_some()
            || self.snoozed_until.is_some_and(|t| t > now)
    }
}

/// One thing the team does with an inbox item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxAction {
    /// Records the reply the team posted; the item leaves the queue.
    Reply(String),
    /// Marks the item handled without a reply; it leaves the queue.
    Handled,
    /// Assigns the item to a user (by email), or unassigns it.
    Assign(Option<String>),
    /// Hides the item until a time (seconds since the epoch).
    Snooze(i64),
    /// Adds a note.
    Note(String),
    /// Brings a handled or snoozed item back to the queue.
    Reopen,
}

/// Seconds between two looks at the inbox that make them two visits.
pub const VISIT_GAP: i64 = 30 * 60;

/// Seconds within which a second look at the inbox is not written down:
/// the latest look is kept to this grain (visits are [`VISIT_GAP`] apart).
pub const LOOK_GRAIN: i64 = 60;

/// The visit before the current one after a look at `now`, given the
/// stored latest look `at` and visit before it `before`: a look more
/// than [`VISIT_GAP`] after the latest starts a new visit, and the
/// latest look becomes the visit before (shared by both stores).
pub(crate) fn visit_before(at: Option<i64>, before: Option<i64>, now: i64) -> Option<i64> {
    match at {
        Some(at) if now - at > VISIT_GAP => Some(at),
        _ => before,
    }
}
