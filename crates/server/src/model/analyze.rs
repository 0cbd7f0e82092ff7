//! One text through the analyzer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
