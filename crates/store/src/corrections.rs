//! What the team taught the analyzer: corrections of single readings
//! (dashboard, API) and labelled examples taught in bulk (`rapport
//! learn`), and the shop's layer trained from them (stored as the bytes
//! `rapport-nlp` writes; the store does not read them).
//!
//! A correction of a stored message names the message, not its words: its
//! text is read from the message when the layer is trained, and when the
//! message goes (a person forgotten) its corrections go with it.

use serde::Serialize;

/// Where a correction came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CorrectionSource {
    /// One click on the dashboard.
    Dashboard,
    /// `POST /api/interactions/{id}/correction`.
    Api,
    /// A labelled file (`rapport learn`).
    Learn,
}

impl CorrectionSource {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionSource::Dashboard => "dashboard",
            CorrectionSource::Api => "api",
            CorrectionSource::Learn => "learn",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<CorrectionSource> {
        match s {
            "dashboard" => Some(CorrectionSource::Dashboard),
            "api" => Some(CorrectionSource::Api),
            "learn" => Some(CorrectionSource::Learn),
            _ => None,
        }
    }
}

/// What a correction is about: a stored message, or words taught alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corrected {
    /// A stored interaction (its words are read from it).
    Interaction(rapport_core::InteractionId),
    /// Words from a labelled file.
    Text(String),
}

/// A correction to store. `task` and `label` are checked by the caller
/// (the engine knows the analyzer's classes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCorrection {
    /// `sentiment` or `intent`.
    pub task: String,
    /// What is corrected.
    pub about: Corrected,
    /// A class of the task (`negative`, `recommendation`) or a class
    /// denied (`not_question`).
    pub label: String,
    /// Where it came from.
    pub source: CorrectionSource,
    /// Who made it (a user's email, or `cli`).
    pub actor: String,
    /// When.
    pub at: i64,
}

/// A stored correction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionRow {
    /// Its id (to undo it).
    pub id: i64,
    /// `sentiment` or `intent`.
    pub task: String,
    /// The message corrected (none: taught from a file).
    pub interaction_id: Option<i64>,
    /// The words.
    pub text: String,
    /// The label given.
    pub label: String,
    /// `dashboard`, `api` or `learn`.
    pub source: CorrectionSource,
    /// Who.
    pub actor: String,
    /// When (seconds since the epoch).
    pub created_at: i64,
}

/// The shop's trained layer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRow {
    /// Grows by one with every layer stored: a reader that kept the
    /// layer of the same revision has it still.
    pub revision: i64,
    /// The layer (`rapport_nlp::shop_layer::ShopLayer::to_bytes`).
    pub model: Vec<u8>,
    /// Corrections it was trained from.
    pub corrections: u64,
    /// When it was trained.
    pub trained_at: i64,
}

/// The class a label is about: `question` for both `question` and
/// `not_question`. A newer correction of a message replaces older ones
/// about the same class (for sentiment: any older one).
pub fn class_of(label: &str) -> &str {
    label.strip_prefix("not_").unwrap_or(label)
}
