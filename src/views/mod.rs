//! Views: stored rows in, what people read out (the ladder, the inbox,
//! one person's story, the report).

mod inbox;
mod people;
mod person;
mod report;
mod snapshot;

pub use inbox::{inbox, InboxItem};
pub use people::{people, PersonSummary};
pub use person::{person, PersonView};
pub use report::{parse_since, report};
pub use snapshot::Snapshot;
