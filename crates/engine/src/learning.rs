//! A shop teaches Rapport its own language.
//!
//! The team corrects a reading in one click (dashboard, API) or teaches
//! labelled examples in bulk (`rapport learn`); both are stored as
//! corrections. From them the shop's layer is trained
//! ([`rapport_nlp::shop_layer`]: a small model per task over the shipped
//! ones, trained in well under a second for a thousand examples) and
//! stored; every stored text is then read again with it and the ladder
//! brought up to date, so the inbox, the people and the report read the
//! shop's way at once. Imports read with it from then on.
//!
//! A correction of one message is read into that message before the call
//! returns. Re-reading every other text takes a few seconds per 100,000:
//! it is a `reanalyze` job on the store's queue ([`crate::jobs`]), run by
//! whichever worker claims it (the server's own, or a `rapport worker`),
//! one waiting at a time whoever queues it (its key); a pass that runs
//! while the layer changes under it is made again. For a store of at most
//! [`READ_ALL_AT_ONCE`] texts the call waits for the job (up to
//! [`READ_ALL_WAIT`]), so it returns with everything read the shop's way.

use crate::activity::{Activity, Analysed};
use crate::analysis::{self, ShopAnalyzer};
use crate::{now, scoring, EngineError};
use rapport_core::profile::Profile;
use rapport_core::InteractionId;
use rapport_nlp::shop_layer::{Example, ShopLayer, Task};
use rapport_store::{
    AnalysisRow, Corrected, CorrectionRow, CorrectionSource, NewCorrection, Store,
};
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Stores with at most this many interactions are read again before a
/// correction returns; larger ones in the background.
pub const READ_ALL_AT_ONCE: u64 = 20_000;

/// The longest a correction waits for the re-reading job of a small
/// store (a worker busy with a long import may not take it by then).
pub const READ_ALL_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Checks a task and label as the analyzer knows them.
pub fn check(task: &str, label: &str) -> Result<Task, EngineError> {
    let t = Task::parse(task).ok_or_else(|| {
        EngineError::bad(format!(
            "unknown task {task:?}; expected sentiment or intent"
        ))
    })?;
    t.label(label).map_err(EngineError::bad)?;
    Ok(t)
}

/// What training and reading again took.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Relearned {
    /// Corrections the layer was trained from.
    pub corrections: u64,
    /// Training, in milliseconds.
    pub train_ms: u64,
    /// Texts read again (0 when that goes on in the background).
    pub reread: u64,
    /// Reading them and storing the readings, in milliseconds.
    pub reread_ms: u64,
    /// Bringing the ladder and the inbox up to date, in milliseconds.
    pub ladder_ms: u64,
    /// Whether reading every text again goes on in the background.
    pub background: bool,
}

/// A correction made, with the message's reading now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionMade {
    /// The stored correction.
    pub correction: CorrectionRow,
    /// The message as the shop's analysis reads it now.
    pub analysis: Option<crate::views::person::Analysis>,
    /// Training and reading again.
    pub relearned: Relearned,
}

/// What `rapport learn` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learned {
    /// Examples added.
    pub learned: u64,
    /// Training and reading again.
    #[serde(flatten)]
    pub relearned: Relearned,
}

/// The shop's layer as last loaded, shared by an engine's clones.
#[derive(Debug, Default)]
pub struct Passes {
    /// The layer last loaded: its revision and itself.
    cached: Mutex<Option<(i64, Arc<ShopLayer>)>>,
}

/// The shop's analyzer as `store` holds it now, `passes` keeping the
/// last one loaded while the stored revision is the same.
pub fn shop_analyzer(store: &dyn Store, passes: &Passes) -> Result<ShopAnalyzer, EngineError> {
    let revision = store.shop_layer_revision()?;
    let mut cached = passes.cached.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((r, layer)) = &*cached {
        if *r == revision {
            return ShopAnalyzer::with_layer(layer.clone());
        }
    }
    let a = ShopAnalyzer::load(store)?;
    *cached = Some((revision, a.layer()));
    Ok(a)
}

/// Trains the layer from every stored correction and stores it.
pub fn train(store: &dyn Store) -> Result<(ShopLayer, Relearned), EngineError> {
    let started = Instant::now();
    let rows = store.corrections()?;
    let examples: Vec<Example> = rows
        .iter()
        .filter_map(|c| {
            Some(Example {
                task: Task::parse(&c.task)?,
                text: c.text.clone(),
                label: c.label.clone(),
            })
        })
        .collect();
    let layer = ShopLayer::train(crate::import::analyzer()?, &examples)
        .map_err(|e| EngineError::internal(format!("training the shop's layer: {e}")))?;
    store.set_shop_layer(&layer.to_bytes(), examples.len() as u64, now())?;
    Ok((
        layer,
        Relearned {
            corrections: examples.len() as u64,
            train_ms: started.elapsed().as_millis() as u64,
            ..Relearned::default()
        },
    ))
}

/// Reads every stored text again with `reader` and brings the ladder up
/// to date, timing both into `r`.
pub fn reread_all(
    store: &dyn Store,
    profile: &Profile,
    reader: &ShopAnalyzer,
    r: &mut Relearned,
) -> Result<(), EngineError> {
    let started = Instant::now();
    r.reread = analysis::reanalyze_all(reader, store)?;
    r.reread_ms = started.elapsed().as_millis() as u64;
    let started = Instant::now();
    scoring::update(store, profile)?;
    r.ladder_ms = started.elapsed().as_millis() as u64;
    Ok(())
}

/// Reads one stored message again with `reader`; returns its reading.
pub fn reread_one(
    store: &dyn Store,
    reader: &ShopAnalyzer,
    id: InteractionId,
) -> Result<Option<AnalysisRow>, EngineError> {
    let Some(i) = store.interaction(id)? else {
        return Ok(None);
    };
    if i.text.trim().is_empty() {
        return Ok(None);
    }
    let post = match &i.post_id {
        Some(p) => store.post_texts()?.remove(&(i.channel.clone(), p.clone())),
        None => None,
    };
    let context = post.map(|p| reader.context(&p));
    let row = analysis::row(&reader.analyze_with(&i.text, context.as_ref()));
    store.write_analyses(&[(id, row.clone())])?;
    Ok(Some(row))
}

/// Stores `examples` (task, text, label — checked by the caller) taught
/// by `actor`, trains the layer and reads every stored text again.
pub fn learn(
    store: &dyn Store,
    profile: &Profile,
    examples: &[(Task, String, String)],
    actor: &str,
) -> Result<Learned, EngineError> {
    let at = now();
    let rows: Vec<NewCorrection> = examples
        .iter()
        .map(|(task, text, label)| NewCorrection {
            task: task.name().to_string(),
            about: Corrected::Text(text.clone()),
            label: label.clone(),
            source: CorrectionSource::Learn,
            actor: actor.to_string(),
            at,
        })
        .collect();
    store.add_corrections(&rows)?;
    let (layer, mut r) = train(store)?;
    reread_all(
        store,
        profile,
        &ShopAnalyzer::with_layer(Arc::new(layer))?,
        &mut r,
    )?;
    Ok(Learned {
        learned: rows.len() as u64,
        relearned: r,
    })
}

/// After the corrections changed: trains the layer and reads message
/// `id` (if any) again at once. Reading every other text is left to a
/// `reanalyze` job ([`crate::jobs`]), which the caller queues: see
/// [`crate::Engine::correct`].
pub fn relearn(
    store: &dyn Store,
    activity: &Activity,
    id: Option<InteractionId>,
) -> Result<(Option<AnalysisRow>, Relearned), EngineError> {
    let (layer, r) = train(store)?;
    let reader = ShopAnalyzer::with_layer(Arc::new(layer))?;
    let row = match id {
        Some(id) => reread_one(store, &reader, id)?,
        None => None,
    };
    activity.analysed(Analysed::Reread, u64::from(row.is_some()));
    Ok((row, r))
}

/// A correction of message `id`.
pub fn new_correction(
    task: Task,
    id: InteractionId,
    label: &str,
    source: CorrectionSource,
    actor: &str,
) -> NewCorrection {
    NewCorrection {
        task: task.name().to_string(),
        about: Corrected::Interaction(id),
        label: label.to_string(),
        source,
        actor: actor.to_string(),
        at: now(),
    }
}
