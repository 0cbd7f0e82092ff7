//! Views: stored rows in, what people read out (the ladder, the inbox,
//! one person's story, the report).

mod cohort;
mod html;
mod inbox;
mod people;
mod person;
mod recovery;
mod report;
mod snapshot;

pub use cohort::{plan, progress, CohortView, MemberView};
pub use html::render as report_html;
pub use inbox::{inbox, InboxItem};
pub use people::{influencers, people, summary, InfluencerView, PersonSummary};
pub use person::{person, PersonView};
pub use recovery::RecoveryView;
pub use report::{full_report, parse_since, report, Detractors, FullReport};
pub use snapshot::Snapshot;
