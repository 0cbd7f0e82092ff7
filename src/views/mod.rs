//! Views: stored rows in, what people read out (the ladder, the inbox,
//! one person's story, the report).

pub mod alerts;
mod cohort;
mod html;
mod inbox;
pub mod movement;
mod people;
mod person;
mod recovery;
mod report;
mod snapshot;
pub mod threads;

pub use cohort::{plan, progress, CohortView, MemberView};
pub use html::render as report_html;
pub use inbox::{inbox, InboxItem};
pub use people::{influencers, ledger_of, people, summary, InfluencerView, PersonSummary};
pub use person::{person, PersonView};
pub use recovery::RecoveryView;
pub use report::{full_report, parse_since, report, Detractors, FullReport};
pub use snapshot::Snapshot;
