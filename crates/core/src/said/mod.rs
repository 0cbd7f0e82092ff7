//! The sentences the engine says to the team, as data.
//!
//! An inbox item's reasons, an alert's reason, a line of a person's
//! evidence, why someone fits the shop or was picked for a cohort: each
//! is a [`Said`], a closed set of sentence kinds with typed arguments
//! (counts, moments, stages, channels, stretches of time). Two readers
//! write them out:
//!
//! - [`Said`]'s `Display` writes the English every command, the JSON API
//!   and the oracle have always written (the API and CONTRACT rely on
//!   those strings, so the English here is fixed text, checked by tests
//!   against the sentences written before this type existed);
//! - the dashboard asks [`Said::key`] and [`Said::args`] and writes the
//!   sentence from its Fluent catalogue in the user's language, each
//!   argument as that language writes it (see `rapport_server::i18n`).
//!
//! A stored sentence (a verdict's evidence) keeps its kind and arguments
//! (`{"key":"orders","n":2,...}`); one stored before sentences had a kind
//! reads back as [`Said::Verbatim`] and is shown as written until the
//! person is judged again.
//!
//! # Layout
//!
//! - `kind.rs`: [`Said`], every sentence kind, and [`Money`].
//! - `args.rs`: [`Said::args`] and [`Arg`], an argument as a writer of a
//!   language needs it; how stretches of time are said ([`span_parts`]).
//! - `english.rs`: the English of each kind (`Display`).
//! - `import.rs`: the closed sets an import rejection names (a
//!   document's expected shape, JSON types, JSON syntax problems) and
//!   `serde_json`'s errors read into sentence kinds.
//! - `stored.rs`: sentences in JSON views (as English) and in the store
//!   (with their kinds, old strings included).
//! - `samples.rs`: one sentence of every kind, for the tests.

mod args;
mod english;
pub mod import;
mod kind;
mod samples;
mod stored;

pub use args::{span_parts, target_parts, Arg, SpanUnit};
pub use english::{listed, span};
pub use kind::{Money, Said};
pub use samples::{outbox_holds, samples};
pub use stored::{english, english_all, english_opt, from_stored, lenient, old_words};
