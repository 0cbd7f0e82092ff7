//! The value-first log: what the shop gave a person (a gift, a sample, a
//! shout-out, a feature, help, an introduction) and what it asked of them,
//! with the ledger that says whether giving came first (`rapport touch`,
//! `/api/touches`, the person page and the influencers).

use crate::EngineError;
use rapport_core::touch::{self, Ledger};
use rapport_core::{PersonId, Timestamp};
use rapport_store::{Store, TouchRow};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a touch was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TouchKind {
    /// Something given for free.
    Gift,
    /// A product to try.
    Sample,
    /// A mention of them by the shop.
    Shoutout,
    /// Their work shown by the shop.
    Feature,
    /// Help with a problem.
    Help,
    /// An introduction to someone.
    Intro,
    /// Something asked of them.
    Ask,
}

impl TouchKind {
    /// Every kind, giving ones first.
    pub const ALL: [TouchKind; 7] = [
        TouchKind::Gift,
        TouchKind::Sample,
        TouchKind::Shoutout,
        TouchKind::Feature,
        TouchKind::Help,
        TouchKind::Intro,
        TouchKind::Ask,
    ];

    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            TouchKind::Gift => "gift",
            TouchKind::Sample => "sample",
            TouchKind::Shoutout => "shoutout",
            TouchKind::Feature => "feature",
            TouchKind::Help => "help",
            TouchKind::Intro => "intro",
            TouchKind::Ask => "ask",
        }
    }

    /// The kind a name stands for.
    pub fn parse(raw: &str) -> Result<TouchKind, EngineError> {
        TouchKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| {
                EngineError::bad(format!(
                    "kind: unknown kind {raw:?}; expected one of: {}, {}",
                    touch::GIVING.join(", "),
                    touch::ASK
                ))
            })
    }
}

/// One logged touch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Touch {
    /// Row id.
    pub id: i64,
    /// The person it belongs to today.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// What it was.
    pub kind: TouchKind,
    /// What was given or asked.
    pub note: String,
    /// When.
    pub at: Timestamp,
    /// Who logged it, when known.
    pub by: Option<String>,
}

/// Touches, and the ledger when they are one person's.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TouchList {
    /// The touches, oldest first.
    pub touches: Vec<Touch>,
    /// The person's ledger (when the list is one person's).
    pub ledger: Option<Ledger>,
}

/// A touch just logged and the person's ledger with it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TouchLogged {
    /// The touch.
    pub touch: Touch,
    /// The person's ledger now.
    pub ledger: Ledger,
}

/// A ledger of touch rows.
pub fn ledger(rows: &[TouchRow]) -> Ledger {
    let theirs: Vec<(&str, i64)> = rows.iter().map(|t| (t.kind.as_str(), t.at)).collect();
    touch::ledger(&theirs)
}

fn view(t: TouchRow, person: PersonId, name: &str) -> Touch {
    Touch {
        id: t.id,
        person,
        name: name.to_string(),
        kind: TouchKind::parse(&t.kind).unwrap_or(TouchKind::Gift),
        note: t.note,
        at: Timestamp(t.at),
        by: t.by,
    }
}

/// One person's touches (and anyone's merged into them) with their ledger.
pub fn of_person(store: &dyn Store, person: PersonId) -> Result<TouchList, EngineError> {
    let person = store.current_person(person)?;
    let rows = store.touches_of(person)?;
    let name = store
        .briefs(&[person])?
        .into_iter()
        .next()
        .map(|b| b.name)
        .unwrap_or_default();
    let ledger = ledger(&rows);
    Ok(TouchList {
        touches: rows.into_iter().map(|t| view(t, person, &name)).collect(),
        ledger: Some(ledger),
    })
}

/// Every touch, each under the person it belongs to today, oldest first.
pub fn all(store: &dyn Store) -> Result<TouchList, EngineError> {
    let rows = store.touches()?;
    let mut people: HashMap<PersonId, (PersonId, String)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = people.entry(t.person) {
            let now = store.current_person(t.person)?;
            let name = store
                .briefs(&[now])?
                .into_iter()
                .next()
                .map(|b| b.name)
                .unwrap_or_default();
            slot.insert((now, name));
        }
        let (person, name) = people[&t.person].clone();
        out.push(view(t, person, &name));
    }
    Ok(TouchList {
        touches: out,
        ledger: None,
    })
}
