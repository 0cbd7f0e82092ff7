//! Importing a file over HTTP.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The format of `POST /api/imports`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// An import format, as `rapport import FORMAT` takes (`jsonl`, `csv`, ...).
    pub format: String,
}

/// One rejected record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rejection {
    /// The file (`body` for an upload).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Why.
    pub reason: String,
}

/// What an import did (as `rapport import --json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ImportSummary {
    /// Newly stored records.
    pub imported: u64,
    /// Records already stored.
    pub duplicates: u64,
    /// Well-formed input that is not an interaction.
    pub skipped: u64,
    /// Records that could not be stored.
    pub rejected: u64,
    /// Where and why.
    pub rejections: Vec<Rejection>,
}

/// One import this server ran (kept in its memory, newest first).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRecord {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// The format.
    pub format: String,
    /// The uploaded file's name (`body` for an API upload).
    pub file: String,
    /// `api` or `dashboard`.
    pub via: String,
    /// What it did.
    pub summary: ImportSummary,
}

/// `GET /api/imports`: the imports this server process ran, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportLog {
    /// The most recent imports (at most 20).
    pub items: Vec<ImportRecord>,
    /// Always `memory`: the list is kept by the server process, not the
    /// database, and starts empty at every start.
    pub kept_in: String,
}
