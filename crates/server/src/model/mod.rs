//! What the API sends and receives. Every type here is also an OpenAPI
//! schema; the shapes match the CLI's `--json` output, so a script can
//! move between the two without translation.

mod alerts;
mod analyze;
mod cohort;
mod imports;
mod inbox;
mod people;
mod person;
mod report;
mod threads;
mod touches;

pub use alerts::{Alert, AlertList, AlertPerson, Alerts, AlertsQuery};
pub use analyze::{AnalysisResult, AnalyzeRequest, SentimentScores};
pub use cohort::{
    Cohort, CohortMember, CohortPlan, Cohorts, Influencer, Influencers, PlanMember, PlanQuery,
    Profile, ProfileShown, ProfileUpdate,
};
pub use imports::{ImportLog, ImportQuery, ImportRecord, ImportSummary, Rejection};
pub use inbox::{
    AssignRequest, Inbox, InboxItem, InboxPage, InboxPerson, InboxQuery, ItemState, Note,
    NoteRequest, ReplyRequest, SnoozeRequest,
};
pub use people::{
    HandleRef, Ladder, LadderRow, PeoplePage, PeopleQuery, PersonSummary, Scores, StageWeek,
};
pub use person::{
    Analysis, Identity, Link, Order, OrderItem, PersonView, StageChange, TimelineEntry,
};
pub use report::{ChannelFigures, Meaningful, Report, ReportQuery, Vanity, WeekFigures};
pub use threads::{
    Thread, ThreadList, ThreadMessage, ThreadPerson, ThreadSummary, ThreadsPage, ThreadsQuery,
};
pub use touches::{Ledger, Touch, TouchList, TouchLogged, TouchQuery, TouchRequest};

use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `person_not_found`.
    pub code: String,
    /// What went wrong, for a human.
    pub message: String,
}

/// `GET /api/me`: who the caller is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    /// Login email.
    pub email: String,
    /// `admin`, `agent` or `viewer`.
    pub role: String,
    /// `session` or `token`.
    pub via: String,
    /// For session callers: the value writes must send as `X-CSRF-Token`.
    pub csrf: Option<String>,
}
