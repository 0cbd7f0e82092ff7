//! Analyzing texts on their way into the store: every interaction with
//! words gets its language, sentiment, intents, topics and specificity —
//! to the shop post it answers, when that post is known — read by the
//! shipped models and what the shop taught them ([`ShopAnalyzer`]).

use crate::EngineError;
use rapport_core::Record;
use rapport_nlp::shop_layer::ShopLayer;
use rapport_nlp::{Analysis, Analyzer, Context};
use rapport_store::{AnalysisRow, Reading, Store, StoreError, TextRow};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

/// The shop's analysis: the shipped models with the shop's layer over
/// them (see [`crate::learning`]).
#[derive(Clone)]
pub struct ShopAnalyzer {
    analyzer: &'static Analyzer,
    layer: Arc<ShopLayer>,
}

impl ShopAnalyzer {
    /// The shipped models alone.
    pub fn shipped() -> Result<ShopAnalyzer, EngineError> {
        ShopAnalyzer::with_layer(Arc::new(ShopLayer::empty()))
    }

    /// The shipped models with `layer`.
    pub fn with_layer(layer: Arc<ShopLayer>) -> Result<ShopAnalyzer, EngineError> {
        Ok(ShopAnalyzer {
            analyzer: crate::import::analyzer()?,
            layer,
        })
    }

    /// The shipped models with the layer `store` holds (none yet: alone).
    pub fn load(store: &dyn Store) -> Result<ShopAnalyzer, EngineError> {
        match store.shop_layer()? {
            None => ShopAnalyzer::shipped(),
            Some(row) => ShopAnalyzer::with_layer(Arc::new(
                ShopLayer::from_bytes(&row.model).map_err(EngineError::internal)?,
            )),
        }
    }

    /// The shop's layer.
    pub fn layer(&self) -> Arc<ShopLayer> {
        self.layer.clone()
    }

    /// The shipped analyzer under the layer.
    pub fn shipped_analyzer(&self) -> &'static Analyzer {
        self.analyzer
    }

    /// Reads a text answering a post read by [`ShopAnalyzer::context`].
    pub fn analyze_with(&self, text: &str, context: Option<&Context>) -> Analysis {
        self.layer.analyze_with(self.analyzer, text, context)
    }

    /// Reads a shop post once, as the context of the comments under it.
    pub fn context(&self, post: &str) -> Context {
        self.analyzer.context(post)
    }
}

/// Shop posts by `(channel, external_id)`, the context of comments.
pub type Posts = HashMap<(String, String), String>;

/// Batches smaller than this are analyzed on the calling thread.
const PARALLEL_FROM: usize = 512;

/// The stored form of an analysis.
pub fn row(a: &Analysis) -> AnalysisRow {
    AnalysisRow {
        language: a.language.to_string(),
        sentiment: a.sentiment.to_string(),
        sentiment_confidence: f64::from(a.sentiment_confidence),
        intent: a.intent.to_string(),
        intents: a.intents.iter().map(|s| s.to_string()).collect(),
        topics: a.topics.clone(),
        specificity: f64::from(a.specificity),
        generic: a.generic,
    }
}

/// Runs `f` over `items` on every core, keeping order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || items.len() < PARALLEL_FROM {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                s.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Readings parallel to `records` (without an analysis for orders and
/// wordless interactions). Posts in the batch are added to `posts` first,
/// so a comment and its post may arrive together.
pub fn analyze_batch(
    analyzer: &ShopAnalyzer,
    records: &[Record],
    posts: &mut Posts,
) -> Vec<Reading> {
    for r in records {
        if let Record::Interaction(i) = r {
            if i.kind == rapport_core::Kind::Post {
                posts.insert(
                    (i.channel.as_str().to_string(), i.external_id.clone()),
                    i.text.clone(),
                );
            }
        }
    }
    // Each post that comments in this batch answer is read once, not once
    // per comment.
    let mut contexts: HashMap<(&str, &str), Context> = HashMap::new();
    for r in records {
        if let Record::Interaction(i) = r {
            if let Some(p) = &i.post_id {
                let key = (i.channel.as_str(), p.as_str());
                if let Entry::Vacant(slot) = contexts.entry(key) {
                    if let Some(post) = posts.get(&(key.0.to_string(), p.clone())) {
                        slot.insert(analyzer.context(post));
                    }
                }
            }
        }
    }
    parallel(records, |r| match r {
        Record::Interaction(i) if !i.text.trim().is_empty() => {
            let context = i
                .post_id
                .as_ref()
                .and_then(|p| contexts.get(&(i.channel.as_str(), p.as_str())));
            let analysis = row(&analyzer.analyze_with(&i.text, context));
            Reading::of(&i.text, Some(analysis))
        }
        Record::Interaction(i) => Reading::of(&i.text, None),
        Record::Order(_) => Reading::default(),
    })
}

/// Analyzes every stored text again, in pages; returns how many.
pub fn reanalyze_all(analyzer: &ShopAnalyzer, store: &dyn Store) -> Result<u64, StoreError> {
    let posts = store.post_texts()?;
    let mut after = rapport_core::InteractionId(0);
    let mut done = 0u64;
    loop {
        let page: Vec<TextRow> = store.texts(after, 5_000)?;
        let Some(last) = page.last() else {
            return Ok(done);
        };
        after = last.id;
        let mut contexts: HashMap<(&str, &str), Context> = HashMap::new();
        for t in &page {
            if let Some(p) = &t.post_id {
                let key = (t.channel.as_str(), p.as_str());
                if let Entry::Vacant(slot) = contexts.entry(key) {
                    if let Some(post) = posts.get(&(t.channel.clone(), p.clone())) {
                        slot.insert(analyzer.context(post));
                    }
                }
            }
        }
        let rows = parallel(&page, |t| {
            let context = t
                .post_id
                .as_ref()
                .and_then(|p| contexts.get(&(t.channel.as_str(), p.as_str())));
            (t.id, row(&analyzer.analyze_with(&t.text, context)))
        });
        store.write_analyses(&rows)?;
        done += rows.len() as u64;
    }
}
