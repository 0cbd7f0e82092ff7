//! The HTTP-only types: request bodies and queries that are not the
//! engine's, the error body and the caller. What the API sends about the
//! shop — people, the inbox, threads, alerts, the report — is the
//! engine's own types (`rapport_engine::views`), so the CLI and the API
//! print the same JSON.

use rapport_engine::import::Summary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

/// `POST /api/interactions/{id}/correction`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CorrectionRequest {
    /// `sentiment` or `intent`.
    pub task: String,
    /// A class of the task (`negative`, `recommendation`) or a class
    /// denied (`not_question`).
    pub label: String,
}

/// `POST /api/inbox/{id}/reply`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReplyRequest {
    /// The reply, as the person will read it.
    pub text: String,
}

/// `POST /api/inbox/{id}/assign`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AssignRequest {
    /// A user's email, `me`, or null to unassign.
    pub to: Option<String>,
}

/// `POST /api/inbox/{id}/snooze`: give `until` or `minutes`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SnoozeRequest {
    /// Hide until this time (RFC 3339).
    pub until: Option<String>,
    /// Hide for this many minutes.
    pub minutes: Option<i64>,
}

/// `POST /api/alerts/{key}/done|snooze|dismiss`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecideRequest {
    /// Why (optional; kept with the decision and shown in the item's
    /// history).
    #[serde(default)]
    pub reason: Option<String>,
    /// For `snooze`: for this many minutes (default a day).
    #[serde(default)]
    pub minutes: Option<i64>,
}

/// `POST /api/inbox/{id}/notes`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteRequest {
    /// The note.
    pub text: String,
}

/// `POST /api/touches`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TouchRequest {
    /// Person id, `channel:handle`, handle or email.
    pub person: String,
    /// `gift`, `sample`, `shoutout`, `feature`, `help`, `intro` or `ask`.
    pub kind: String,
    /// What was given or asked.
    pub note: String,
    /// When (RFC 3339); now when left out.
    #[serde(default)]
    pub at: Option<String>,
}

/// `GET /api/touches?person=`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TouchQuery {
    /// Only this person's touches (id, `channel:handle`, handle or email),
    /// with their ledger.
    pub person: Option<String>,
}

/// The format of `POST /api/imports`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// An import format, as `rapport import FORMAT` takes (`jsonl`, `csv`, ...).
    pub format: String,
}

/// One import done (read from the job queue, newest first).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRecord {
    /// The import's job (`GET /api/jobs/{id}`).
    pub job: i64,
    /// When it finished (RFC 3339).
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
    #[schema(value_type = Summary)]
    pub summary: serde_json::Value,
    /// The summary's rejection reasons typed, in its order (for the
    /// dashboard, which says them in the user's language).
    #[serde(skip)]
    pub reasons: Vec<rapport_core::Said>,
}

/// `GET /api/imports`: the latest imports done, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportLog {
    /// The most recent imports (at most 20).
    pub items: Vec<ImportRecord>,
    /// Always `database`: the list is read from the job queue, so every
    /// server sharing the database shows the same. (It was `memory` when
    /// each server kept its own.)
    pub kept_in: String,
}

/// `POST /api/imports` answered 202: the import is queued or running.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportAccepted {
    /// The import's job.
    pub job: i64,
    /// `queued` (it may be running by the time you ask).
    pub state: rapport_store::JobState,
    /// Where to ask how it stands: `/api/jobs/{id}`.
    pub url: String,
}

/// `GET /api/jobs/{id}`: a queued job.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobView {
    /// Its id.
    pub id: i64,
    /// `import`, `reanalyze`, `rescore` or `send`.
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: rapport_store::JobState,
    /// Tries so far.
    pub attempts: i64,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// When it finished or failed for good.
    pub finished_at: Option<String>,
    /// Done: what it reported — for an import, the summary `POST
    /// /api/imports` answers with.
    #[schema(value_type = Option<Object>)]
    pub summary: Option<serde_json::Value>,
    /// Failed (or queued again after a failure): why.
    pub error: Option<String>,
}

/// `POST /api/analyze`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AnalyzeRequest {
    /// The text.
    pub text: String,
    /// The post the text answers, to measure how specific it is.
    pub context: Option<String>,
}

/// The three sentiment probabilities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SentimentScores {
    /// P(negative).
    pub negative: f32,
    /// P(neutral).
    pub neutral: f32,
    /// P(positive).
    pub positive: f32,
}

/// What the analyzer reads in a text (as `rapport analyze --json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnalysisResult {
    /// ISO 639-1 code, or `unknown`.
    pub language: String,
    /// Confidence in the language.
    pub language_confidence: f32,
    /// `positive`, `neutral` or `negative`.
    pub sentiment: String,
    /// Probability of that sentiment.
    pub sentiment_confidence: f32,
    /// All three probabilities.
    pub sentiment_scores: SentimentScores,
    /// The primary intent.
    pub intent: String,
    /// Every intent, primary first.
    pub intents: Vec<String>,
    /// Topic words.
    pub topics: Vec<String>,
    /// 0..1: how specific the text is.
    pub specificity: f32,
    /// A stock phrase or emoji only.
    pub generic: bool,
    /// Word tokens read.
    pub tokens: usize,
}

impl From<&rapport_nlp::Analysis> for AnalysisResult {
    fn from(a: &rapport_nlp::Analysis) -> Self {
        AnalysisResult {
            language: a.language.to_string(),
            language_confidence: a.language_confidence,
            sentiment: a.sentiment.to_string(),
            sentiment_confidence: a.sentiment_confidence,
            sentiment_scores: SentimentScores {
                negative: a.sentiment_scores.negative,
                neutral: a.sentiment_scores.neutral,
                positive: a.sentiment_scores.positive,
            },
            intent: a.intent.to_string(),
            intents: a.intents.iter().map(|s| s.to_string()).collect(),
            topics: a.topics.clone(),
            specificity: a.specificity,
            generic: a.generic,
            tokens: a.tokens,
        }
    }
}
