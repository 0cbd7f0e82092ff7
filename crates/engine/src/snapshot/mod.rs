//! Views computed over a snapshot of the whole database: stored rows in,
//! what people read out (the ladder, the inbox, one person's story, the
//! report).

pub mod alerts;
mod cohort;
mod inbox;
mod load;
pub mod movement;
mod people;
mod person;
mod recovery;
mod report;
pub mod threads;

pub use cohort::{
    plan, planned, progress, refreshed, CohortView, MemberView, PlanMember, PlanOut, ShowOut,
};
pub use inbox::{inbox, InboxItem};
pub use load::Snapshot;
pub use people::{influencers, ledger_of, people, summary, InfluencerView, PersonSummary};
pub use person::{person, PersonView};
pub use recovery::RecoveryView;
pub use report::{full_report, parse_since, report, Detractors, FullReport};
