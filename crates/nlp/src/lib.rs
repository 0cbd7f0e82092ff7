//! Rapport's text analyzer: offline, pure CPU, in many languages.
//!
//! [`Analyzer::analyze`] reads one text and answers its language, sentiment,
//! intents, topics and how specific it is — to the post it answers, when
//! that is given. The models are small linear classifiers over hashed
//! features, trained from public labelled data by `scripts/train-models`
//! and embedded in the binary; nothing is downloaded, ever.
//!
//! # Layout
//!
//! - [`text`]: cleaning social text (links, mentions, hashtags, elongations, scripts).
//! - [`tokens`] and [`thai`]: words, Thai segmentation, negation scope.
//! - [`extract`], [`features`], [`lexicon`]: one shared bag of hashed features per text.
//! - [`linear`]: the classifier, its trainer and its file format.
//! - [`lang`], [`sentiment`], [`intent`], [`topics`]: the four readings.
//! - [`eval`]: precision, recall, F1 and confusion matrices.
//! - [`train`]: how the embedded models are built from data.

pub mod eval;
pub mod extract;
pub mod features;
pub mod intent;
pub mod lang;
pub mod lexicon;
pub mod linear;
pub mod sentiment;
pub mod text;
pub mod thai;
pub mod tokens;
pub mod topics;
pub mod train;

use linear::{Linear, ModelError};
use serde::Serialize;
use std::sync::OnceLock;

/// Texts longer than this many characters are read only this far: what a
/// comment says is in its beginning, and analysis time stays bounded.
pub const MAX_CHARS: usize = 4_000;

/// Probabilities of the three sentiments.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SentimentScores {
    /// P(negative).
    pub negative: f32,
    /// P(neutral).
    pub neutral: f32,
    /// P(positive).
    pub positive: f32,
}

/// Everything the analyzer says about one text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Analysis {
    /// ISO 639-1 code, or `unknown`.
    pub language: &'static str,
    /// Confidence in the language.
    pub language_confidence: f32,
    /// `positive`, `neutral` or `negative`.
    pub sentiment: &'static str,
    /// Probability of that sentiment.
    pub sentiment_confidence: f32,
    /// All three probabilities.
    pub sentiment_scores: SentimentScores,
    /// The primary intent.
    pub intent: &'static str,
    /// Every intent the text carries, primary first.
    pub intents: Vec<&'static str>,
    /// Topic words, in order of appearance.
    pub topics: Vec<String>,
    /// 0..1: how specific the text is (to the post it answers, when given).
    pub specificity: f32,
    /// A stock phrase or emoji only: box-ticking.
    pub generic: bool,
    /// Word tokens read.
    pub tokens: usize,
}

/// The analyzer with its models.
pub struct Analyzer {
    lang: Linear,
    sentiment: Vec<(&'static str, Linear)>,
    intent: Linear,
}

macro_rules! model {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/", $name))
    };
}

impl Analyzer {
    /// Builds an analyzer from serialised models.
    pub fn from_models(
        lang: &[u8],
        sentiment: &[(&'static str, &[u8])],
        intent: &[u8],
    ) -> Result<Analyzer, ModelError> {
        Ok(Analyzer {
            lang: Linear::from_bytes(lang)?,
            sentiment: sentiment
                .iter()
                .map(|(l, b)| Linear::from_bytes(b).map(|m| (*l, m)))
                .collect::<Result<_, _>>()?,
            intent: Linear::from_bytes(intent)?,
        })
    }

    /// The analyzer with the models embedded in this build, loaded once.
    pub fn embedded() -> Result<&'static Analyzer, &'static ModelError> {
        static A: OnceLock<Result<Analyzer, ModelError>> = OnceLock::new();
        A.get_or_init(|| {
            Analyzer::from_models(
                model!("lang.bin"),
                &[
                    ("en", model!("sentiment-en.bin")),
                    ("de", model!("sentiment-de.bin")),
                    ("th", model!("sentiment-th.bin")),
                    ("xx", model!("sentiment-xx.bin")),
                ],
                model!("intent.bin"),
            )
        })
        .as_ref()
    }

    /// Analyzes one text on its own.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_in_context(text, None)
    }

    /// Analyzes a text that answers `context` (the shop's post), so that
    /// specificity measures what the two share.
    pub fn analyze_in_context(&self, raw: &str, context: Option<&str>) -> Analysis {
        let raw = truncate(raw);
        let mut p = extract::prepare(raw);
        let guess = lang::identify(&self.lang, &p.cleaned, &p.bag);
        let code = guess.code;
        extract::enrich(&mut p, code);

        let model = self.sentiment_model(code);
        let sp = model.probs(&p.bag);
        let (neg, neu, pos) = (sp[0], sp[1], sp[2]);
        let c = &p.cleaned;
        let (sentiment, sentiment_confidence) =
            if c.letters == 0 && c.emoji == 0 && c.emoticons.is_empty() {
                ("neutral", 1.0)
            } else {
                [("negative", neg), ("neutral", neu), ("positive", pos)]
                    .into_iter()
                    .fold(("neutral", f32::MIN), |b, x| if x.1 > b.1 { x } else { b })
            };

        let ip = self.intent.probs(&p.bag);
        let mut ranked: Vec<(usize, f32)> = ip.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut intents: Vec<&'static str> = ranked
            .iter()
            .enumerate()
            .filter(|(rank, (_, p))| *rank == 0 || *p >= intent::SECONDARY)
            .map(|(_, (i, _))| intent::CLASSES.get(*i).copied().unwrap_or("other"))
            .collect();
        if c.letters == 0 {
            // Nothing but emoji, links or punctuation: box-ticking by definition.
            intents = vec!["generic"];
        } else if c.questions > 0 && !intents.contains(&"question") {
            intents.push("question");
        }
        let primary = intents.first().copied().unwrap_or("other");

        let topics = topics::topics(code, &c.hashtags, &p.words, 8);
        let generic = primary == "generic";
        let specificity = specificity(
            code,
            &topics,
            context.map(|t| self.context_topics(t)).as_deref(),
            generic,
        );

        Analysis {
            language: code,
            language_confidence: guess.confidence,
            sentiment,
            sentiment_confidence,
            sentiment_scores: SentimentScores {
                negative: neg,
                neutral: neu,
                positive: pos,
            },
            intent: primary,
            intents,
            topics,
            specificity,
            generic,
            tokens: p.words.len(),
        }
    }

    fn sentiment_model(&self, code: &str) -> &Linear {
        let want = sentiment::model_language(code);
        self.sentiment
            .iter()
            .find(|(l, _)| *l == want)
            .or_else(|| self.sentiment.last())
            .map(|(_, m)| m)
            .unwrap_or(&self.intent)
    }

    /// Sentiment only: the label and its probability.
    pub fn sentiment(&self, raw: &str) -> (&'static str, f32) {
        let a = self.analyze(raw);
        (a.sentiment, a.sentiment_confidence)
    }

    /// Stems of a context text's topics.
    fn context_topics(&self, context: &str) -> Vec<String> {
        let p = extract::prepare(truncate(context));
        let code = lang::identify(&self.lang, &p.cleaned, &p.bag).code;
        topics::topic_stems(
            code,
            &topics::topics(code, &p.cleaned.hashtags, &p.words, 32),
        )
    }

    /// The language of a text.
    pub fn language(&self, raw: &str) -> lang::Guess {
        let p = extract::prepare(truncate(raw));
        lang::identify(&self.lang, &p.cleaned, &p.bag)
    }
}

fn truncate(raw: &str) -> &str {
    match raw.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &raw[..i],
        None => raw,
    }
}

/// How specific a text is: its own substance (topic words, not a stock
/// phrase) and, given the post's topic stems, the share of its topics the
/// post shares.
pub fn specificity(
    lang: &str,
    topics: &[String],
    context: Option<&[String]>,
    generic: bool,
) -> f32 {
    if generic {
        return 0.0;
    }
    let substance = (topics.len() as f32 / 4.0).min(1.0);
    match context {
        None => substance,
        Some(post) => {
            let mine = topics::topic_stems(lang, topics);
            if mine.is_empty() || post.is_empty() {
                return 0.5 * substance;
            }
            let shared = mine.iter().filter(|s| post.contains(s)).count();
            let overlap = (shared as f32 / mine.len().min(post.len()) as f32).min(1.0);
            0.5 * substance + 0.5 * overlap
        }
    }
}
