//! Every view the team reads, built per request from the store by index
//! ([`rapport_store::views`]): one owner per view type, typed, with an
//! OpenAPI schema when the `openapi` feature is on. The CLI prints these
//! types as JSON and the server sends them, so both answer alike.
//!
//! # Layout
//!
//! - [`people`]: the ladder as lists, counts per stage and label, weeks.
//! - [`person`]: one person's 360° view.
//! - [`inbox`]: the queue of unanswered words and what the team did.
//! - [`threads`]: the conversations.
//! - [`alerts`]: what needs a human's attention.
//! - [`report`]: meaningful beside vanity figures, goal, weeks.
//! - [`cohorts`]: the next five to cultivate and their progress.
//! - [`influencers`]: reach beside alignment.
//! - [`touches`]: the value-first log.
//! - [`search`]: people and messages by their words.
//! - [`export`]: the people list, the inbox and the report as CSV.

pub mod alerts;
pub mod cohorts;
pub mod export;
pub mod inbox;
pub mod influencers;
pub mod people;
pub mod person;
pub mod report;
pub mod search;
pub mod threads;
pub mod touches;
