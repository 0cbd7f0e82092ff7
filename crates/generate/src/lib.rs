//! Synthetic data for Rapport: a whole online shop's social life, at any
//! scale, the same bytes for the same seed.
//!
//! The shop is *Trailwerk*, an outdoor and bike shop with a workshop that
//! sells tyres, helmets, bikepacking bags and e-bike parts in Germany,
//! Thailand and English-speaking markets. It posts on Instagram, Facebook,
//! X, YouTube, Mastodon, Bluesky and Reddit, and collects reviews and
//! messages (with emails) in its web shop (`shop` channel). People comment
//! in English, German and Thai, ask questions, complain, recommend, tag
//! friends, buy; the shop answers many of them after minutes to a couple of
//! days, and some threads go back and forth.
//!
//! Every person is one of eight [`Persona`]s, and behaves so that the core
//! ladder (`rapport_core::ladder`) can recognise them: the truth file lists
//! one `{"channel","handle","persona"}` per person to measure that.
//!
//! [`write()`] streams canonical JSONL (the shape of
//! `rapport_core::Record::to_json`) person by person and never holds more
//! than one person in memory; [`records`] produces the same records in
//! memory for small demo shops.
//!
//! # Layout
//!
//! - `lib.rs`: the public API ([`Config`], [`write()`], [`records`]).
//! - `persona.rs`: the eight personas and the population mix.
//! - `people.rs`: unique handles, emails, followers and bios per person.
//! - `names.rs`: first names, surnames and nicknames in three languages.
//! - `shop.rs`: channels, post topics and the shop's posts.
//! - `catalogue.rs`: the products Trailwerk sells.
//! - `acts.rs`: a person's timed, wordless plan and its builder.
//! - `script.rs`: what each persona does (the rules the ladder reads).
//! - `text/`: phrase banks in English, German and Thai, and the slot filler.
//! - `engine.rs`: the two passes that hit the interaction count exactly.
//! - `render.rs`: one person's plan turned into lines with words.
//! - `json.rs`: the hand-written canonical JSONL serializer.
//! - `writer.rs`: output sinks (stream or memory).
//! - `clock.rs`: RFC 3339 formatting and answer delays.
//! - `rng.rs`: the seedable random number generator.

mod acts;
mod catalogue;
mod clock;
mod engine;
mod json;
mod names;
mod people;
mod persona;
mod render;
mod rng;
mod script;
mod shop;
mod text;
mod writer;

pub use persona::Persona;

use serde::{Deserialize, Serialize};
use std::io;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// How many people (each one line in the truth file).
    pub people: usize,
    /// How many interaction lines, the shop's posts and replies included
    /// (orders come on top). Hit exactly unless the people alone need more.
    pub interactions: usize,
    /// The seed; the same configuration always gives the same bytes.
    pub seed: u64,
    /// The latest moment of data, in seconds since the Unix epoch.
    pub end: i64,
    /// How many days the data spans, ending at `end`.
    pub days: u32,
}

impl Config {
    /// `people` people and `interactions` interactions over the 90 days up
    /// to 2026-11-20T12:00:00Z.
    pub fn new(people: usize, interactions: usize, seed: u64) -> Config {
        Config {
            people,
            interactions,
            seed,
            end: 1_795_176_000,
            days: 90,
        }
    }
}

/// The ground truth about one generated person: their main account and
/// their persona.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truth {
    /// The channel of the main account.
    pub channel: String,
    /// The handle there, normalised as `rapport_core::Handle` does.
    pub handle: String,
    /// Who the person is.
    pub persona: Persona,
}

/// What a run produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Interaction lines (posts and the shop's replies included).
    pub interactions: u64,
    /// Order lines.
    pub orders: u64,
    /// People (truth lines).
    pub people: u64,
}

/// Streams every record as canonical JSONL to `out` and one truth line per
/// generated person to `truth`. Output is buffered internally; both writers
/// are flushed at the end.
pub fn write(
    cfg: &Config,
    out: &mut dyn io::Write,
    truth: &mut dyn io::Write,
) -> io::Result<Stats> {
    let world = engine::World::new(cfg);
    let mut sink = writer::JsonSink::new(out, truth);
    let stats = world.run(&mut sink)?;
    sink.finish()?;
    Ok(stats)
}

/// The same data as [`write()`], in memory, for the small demo shop.
pub fn records(cfg: &Config) -> (Vec<rapport_core::Record>, Vec<Truth>) {
    let world = engine::World::new(cfg);
    let mut sink = writer::MemSink::default();
    // Memory sinks only fail on a line the core cannot parse, which the
    // tests rule out; whatever was produced is returned either way.
    let _ = world.run(&mut sink);
    (sink.records, sink.truths)
}

#[cfg(test)]
mod tests;
