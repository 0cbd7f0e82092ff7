//! Privacy: the requests the shop received (Shopify's mandatory
//! `customers/data_request`, `customers/redact` and `shop/redact`
//! webhooks, schema migrations 5 and 14), everything held about one
//! person as one document ([`PersonExport`]), and what erasing a person
//! did ([`Erasure`]).
//!
//! # Erasure: what goes and what stays
//!
//! Forgetting a person deletes them, their identities and emails, every
//! message they wrote (with its words, reading and the team's notes and
//! state), their touches, links, merge journal entries, link suggestions
//! and cohort places, and their verdict. The shop's replies to them stay
//! as messages of the shop (threads and answers of others hang on them)
//! but lose their words. Their orders stay for the revenue figures —
//! order id, total, currency, status, date and items — without the email
//! or the person. Mentions of their handles (`@handle`) and emails in
//! what remains (others' messages, bios, notes, openers, link details)
//! are replaced by `[erased]`; a privacy request that named them keeps
//! its topic and time but not its body or export.
//!
//! What stays is anonymous: the report's figures per day and channel
//! (what the erased messages had added is kept aside as erased figures,
//! so every past report adds up as before), the fans and evangelists
//! gained per week, one `erasure` row (the erased id, when, by whom, how
//! much), and salted hashes of the identities and emails, so an import
//! of an old file does not bring the person back: its records are
//! skipped as forgotten.

use rapport_core::ladder::{Assessment, Stage};
use rapport_core::{IdentityId, InteractionId, Kind, OrderItem, PersonId, Timestamp};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A privacy request to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrivacyRequest {
    /// Where it came from, e.g. `shopify`.
    pub source: String,
    /// The webhook topic, e.g. `customers/redact`.
    pub topic: String,
    /// The shop's domain (`X-Shopify-Shop-Domain`), if sent.
    pub shop_domain: Option<String>,
    /// The customer's email, if the request names one.
    pub customer_email: Option<String>,
    /// The customer's id on the platform, if the request names one.
    pub customer_id: Option<String>,
    /// The delivery's id (`X-Shopify-Event-Id`, else
    /// `X-Shopify-Webhook-Id`), if sent: a second delivery with the same
    /// id is a replay.
    pub delivery_id: Option<String>,
    /// The request body as received. The same topic with the same body
    /// again is a replay too (recognised by a salted digest).
    pub payload: String,
    /// When it was received, in seconds since the epoch.
    pub received_at: i64,
}

/// What became of a privacy request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Recorded; nothing else to do here (`shop/redact`: erasing the
    /// whole shop's data is the operator's, by deleting the database).
    Recorded,
    /// The person's data was exported and kept with the request.
    Exported,
    /// The person was forgotten.
    Erased,
    /// No stored person matched the request.
    NoMatch,
}

impl RequestStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Recorded => "recorded",
            RequestStatus::Exported => "exported",
            RequestStatus::Erased => "erased",
            RequestStatus::NoMatch => "no_match",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<RequestStatus> {
        [
            RequestStatus::Recorded,
            RequestStatus::Exported,
            RequestStatus::Erased,
            RequestStatus::NoMatch,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A recorded privacy request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyRequestRow {
    /// Its id.
    pub id: i64,
    /// What was received (the customer's email and id, and the body, are
    /// blanked once the customer is erased).
    pub request: NewPrivacyRequest,
    /// What became of it.
    pub status: RequestStatus,
    /// The person it was about, if one matched.
    pub person: Option<PersonId>,
    /// When it was acted on.
    pub done_at: Option<i64>,
    /// Whether an export is kept with it.
    pub has_export: bool,
}

/// The outcome of recording a privacy request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The request's id (the first delivery's, for a replay).
    pub id: i64,
    /// The same delivery (id, or topic and body) was recorded before:
    /// nothing was stored and nothing is to be done again.
    pub replay: bool,
}

/// What an erasure removed, in counts (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Erasure {
    /// The erasure's id.
    pub id: i64,
    /// The person erased.
    pub person: PersonId,
    /// Identities removed (each kept as a salted hash).
    pub identities: u64,
    /// Emails removed (each kept as a salted hash).
    pub emails: u64,
    /// Their messages deleted.
    pub interactions: u64,
    /// The shop's replies to them whose words were removed.
    pub replies_blanked: u64,
    /// Orders kept without their email and person.
    pub orders: u64,
    /// Touches deleted.
    pub touches: u64,
    /// Other rows whose mentions of them were replaced by `[erased]`.
    pub mentions: u64,
}

/// Everything held about one person, as one document.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExport {
    /// The person.
    pub person: ExportedPerson,
    /// Their accounts.
    pub identities: Vec<ExportedIdentity>,
    /// Their emails.
    pub emails: Vec<String>,
    /// What they wrote or did, oldest first, with what was read in it.
    pub interactions: Vec<ExportedMessage>,
    /// What the shop wrote in reply to them.
    pub shop_replies: Vec<ExportedMessage>,
    /// Their orders, with items.
    pub orders: Vec<ExportedOrder>,
    /// What the team did with their messages: replies recorded,
    /// assignments, snoozes and notes.
    pub inbox: Vec<ExportedInboxState>,
    /// What the shop gave them or asked of them.
    pub touches: Vec<ExportedTouch>,
    /// Why their identities are one person.
    pub links: Vec<ExportedLink>,
    /// Merges into or out of them, as journaled.
    pub merges: Vec<ExportedMerge>,
    /// Link suggestions naming their identities.
    pub link_suggestions: Vec<ExportedSuggestion>,
    /// Their places in cultivation cohorts.
    pub cohorts: Vec<ExportedCohortPlace>,
    /// Privacy requests naming their emails or them.
    pub privacy_requests: Vec<ExportedPrivacyRequest>,
    /// The ladder's verdict on them, if judged.
    pub verdict: Option<ExportedVerdict>,
    /// Who viewed, exported or changed their data.
    pub audit: Vec<AuditRow>,
}

/// The person's own row.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedPerson {
    /// Id.
    pub id: PersonId,
    /// The name shown.
    pub name: String,
    /// When first stored.
    pub created_at: Timestamp,
}

/// One identity, all columns.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedIdentity {
    /// Row id.
    pub id: IdentityId,
    /// Channel.
    pub channel: String,
    /// Handle.
    pub handle: String,
    /// Name shown there.
    pub display_name: Option<String>,
    /// Email, when known.
    pub email: Option<String>,
    /// Followers, when known.
    pub followers: Option<i64>,
    /// Profile text.
    pub bio: Option<String>,
}

/// One message, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedMessage {
    /// Row id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// The platform's id.
    pub external_id: String,
    /// What it is.
    pub kind: Kind,
    /// The account, `channel:handle`.
    pub identity: String,
    /// The words.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
    /// The platform id it replies to.
    pub in_reply_to: Option<String>,
    /// The shop post it is under.
    pub post_id: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Written by the shop.
    pub from_brand: bool,
    /// When the shop first answered it.
    pub answered_at: Option<Timestamp>,
    /// What the ladder read in it (signal names).
    pub signals: Vec<&'static str>,
    /// What the analyzer read in it.
    pub analysis: Option<crate::AnalysisRow>,
}

/// One order.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedOrder {
    /// The shop's order id.
    pub order_id: String,
    /// The email it was placed with.
    pub email: Option<String>,
    /// Total.
    pub total: f64,
    /// Currency.
    pub currency: String,
    /// `paid`, `pending`, `refunded`, `cancelled`.
    pub status: String,
    /// When placed.
    pub created_at: Timestamp,
    /// The lines.
    pub items: Vec<OrderItem>,
}

/// A note on one of their messages.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedNote {
    /// Who wrote it.
    pub author: String,
    /// The note.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
}

/// What the team did with one of their messages.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedInboxState {
    /// The message.
    pub interaction: InteractionId,
    /// The reply recorded.
    pub reply_text: Option<String>,
    /// When it was recorded.
    pub replied_at: Option<Timestamp>,
    /// By whom.
    pub replied_by: Option<String>,
    /// When it was marked handled.
    pub handled_at: Option<Timestamp>,
    /// By whom.
    pub handled_by: Option<String>,
    /// Who is on it.
    pub assigned_to: Option<String>,
    /// Hidden until.
    pub snoozed_until: Option<Timestamp>,
    /// Notes, oldest first.
    pub notes: Vec<ExportedNote>,
}

/// A touch.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedTouch {
    /// Kind (`gift`, …, `ask`).
    pub kind: String,
    /// What it was.
    pub note: String,
    /// When.
    pub at: Timestamp,
    /// Who logged it.
    pub by: Option<String>,
}

/// A link row.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedLink {
    /// Id.
    pub id: i64,
    /// Why.
    pub reason: String,
    /// The evidence.
    pub detail: String,
    /// How sure.
    pub confidence: f64,
    /// When.
    pub at: Timestamp,
}

/// A journaled merge.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedMerge {
    /// The link it belongs to.
    pub link: i64,
    /// The person kept.
    pub kept: PersonId,
    /// The person merged away.
    pub merged: PersonId,
    /// The merged person's name then.
    pub merged_name: String,
    /// The emails that moved.
    pub emails: Vec<String>,
    /// When it was undone, if it was.
    pub undone_at: Option<Timestamp>,
}

/// A link suggestion naming one of their identities.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedSuggestion {
    /// Id.
    pub id: i64,
    /// The rule.
    pub reason: String,
    /// The evidence.
    pub detail: String,
    /// `open`, `accepted`, `rejected`.
    pub status: String,
    /// When.
    pub at: Timestamp,
}

/// A place in a cohort.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedCohortPlace {
    /// The cohort.
    pub cohort: i64,
    /// Their stage when planned.
    pub stage_at_plan: String,
    /// The topic the opener is about.
    pub topic: Option<String>,
    /// The opener.
    pub opener: String,
    /// Progress.
    pub status: String,
}

/// A privacy request about them.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedPrivacyRequest {
    /// Id.
    pub id: i64,
    /// Source.
    pub source: String,
    /// Topic.
    pub topic: String,
    /// When received.
    pub received_at: Timestamp,
    /// What became of it.
    pub status: RequestStatus,
}

/// The ladder's verdict and how they moved on it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedVerdict {
    /// Stage, labels, scores and the evidence.
    pub assessment: Assessment,
    /// Each change of stage or labels.
    pub steps: Vec<ExportedStep>,
}

/// One change on the ladder.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedStep {
    /// When.
    pub at: Timestamp,
    /// The stage from then on.
    pub stage: Stage,
    /// The labels from then on.
    pub labels: Vec<rapport_core::ladder::Label>,
}

/// What the audit log holds: who did what, to what, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuditAction {
    /// A person's page or record was viewed.
    #[serde(rename = "person.view")]
    PersonView,
    /// A person's data was exported.
    #[serde(rename = "person.export")]
    PersonExport,
    /// A person was forgotten.
    #[serde(rename = "person.forget")]
    PersonForget,
    /// Two people were merged.
    #[serde(rename = "person.link")]
    PersonLink,
    /// A merge was undone.
    #[serde(rename = "person.unlink")]
    PersonUnlink,
    /// A touch was logged.
    #[serde(rename = "touch.add")]
    TouchAdd,
    /// An inbox item was replied to, handled, assigned, snoozed or noted.
    #[serde(rename = "inbox.action")]
    InboxAction,
    /// A user was added.
    #[serde(rename = "user.add")]
    UserAdd,
    /// A user was removed.
    #[serde(rename = "user.remove")]
    UserRemove,
    /// An API token was created.
    #[serde(rename = "token.create")]
    TokenCreate,
    /// API tokens were revoked.
    #[serde(rename = "token.revoke")]
    TokenRevoke,
    /// A privacy request arrived.
    #[serde(rename = "privacy.request")]
    PrivacyRequest,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 12] = [
        AuditAction::PersonView,
        AuditAction::PersonExport,
        AuditAction::PersonForget,
        AuditAction::PersonLink,
        AuditAction::PersonUnlink,
        AuditAction::TouchAdd,
        AuditAction::InboxAction,
        AuditAction::UserAdd,
        AuditAction::UserRemove,
        AuditAction::TokenCreate,
        AuditAction::TokenRevoke,
        AuditAction::PrivacyRequest,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::PersonView => "person.view",
            AuditAction::PersonExport => "person.export",
            AuditAction::PersonForget => "person.forget",
            AuditAction::PersonLink => "person.link",
            AuditAction::PersonUnlink => "person.unlink",
            AuditAction::TouchAdd => "touch.add",
            AuditAction::InboxAction => "inbox.action",
            AuditAction::UserAdd => "user.add",
            AuditAction::UserRemove => "user.remove",
            AuditAction::TokenCreate => "token.create",
            AuditAction::TokenRevoke => "token.revoke",
            AuditAction::PrivacyRequest => "privacy.request",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// An audit entry to record. `target` names what was acted on by id
/// (`person:12`, `user:ana@shop.example`, `token:3`, `interaction:40`);
/// `detail` says how, without the personal data of the people the shop
/// talks to (counts and ids, not words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit {
    /// When, in seconds since the epoch.
    pub at: i64,
    /// Who: a user's email, `cli`, or `webhook:shopify`.
    pub actor: String,
    /// What.
    pub action: AuditAction,
    /// To what.
    pub target: String,
    /// How.
    pub detail: String,
}

/// A recorded audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRow {
    /// Id (entries are numbered in order).
    pub id: i64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: String,
    /// What.
    pub action: AuditAction,
    /// To what.
    pub target: String,
    /// How.
    pub detail: String,
}

/// The salted SHA-256 of `kind` and `value`, hex: equal inputs give equal
/// hashes in one database, and a copy of the database does not tell
/// which handle or email a hash stands for without trying each one with
/// this database's salt.
pub fn digest(salt: &str, kind: &str, value: &str) -> String {
    let mut h = Sha256::new();
    for part in [salt, kind, value] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
