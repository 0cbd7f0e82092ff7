//! Search: people (by name, handle, display name or address) and
//! messages (by their words), in any language — `rapport search`,
//! `GET /api/search` and the dashboard's search box. The store's index
//! matches any three characters in a row, so Thai (written without
//! spaces) and German compounds are found by any part; case and Latin
//! accents do not matter ("muller" finds "Müller").

use crate::EngineError;
use rapport_core::ladder::{Label, Stage};
use rapport_core::profile::Profile;
use rapport_core::{InteractionId, Kind, PersonId, Timestamp};
use rapport_store::Store;
use serde::{Deserialize, Serialize};

/// Default number of people and of messages.
pub const DEFAULT_LIMIT: u64 = 20;
/// Largest number of people and of messages.
pub const MAX_LIMIT: u64 = 200;
/// Shortest word searched for, in characters.
pub const MIN_CHARS: usize = 3;

/// What to search for.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Words to find (all of them; each at least three characters).
    pub q: String,
    /// At most this many people and this many messages (default 20, at
    /// most 200).
    pub limit: Option<u64>,
}

/// A person found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonHit {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Their accounts as `channel:handle`.
    pub identities: Vec<String>,
    /// Their rung.
    pub stage: Stage,
    /// Their labels.
    pub labels: Vec<Label>,
}

/// A message found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageHit {
    /// Interaction id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Kind.
    pub kind: Kind,
    /// Words.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
    /// Written by the shop.
    pub from_brand: bool,
    /// Answered by the shop (inbound messages).
    pub answered: bool,
    /// The author's person (`null` for the shop, as in a thread: the
    /// shop has no person page).
    pub person: Option<PersonId>,
    /// The author's name (the shop's, from its profile, for its messages).
    pub name: String,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The words searched for (those long enough).
    pub words: Vec<String>,
    /// People, the most recently added first.
    pub people: Vec<PersonHit>,
    /// Messages: the matches stored last, newest first by when they
    /// were written.
    pub messages: Vec<MessageHit>,
    /// How many messages match in all; `messages` holds the `limit`
    /// stored last of them.
    pub message_total: u64,
}

/// The words of `q` worth searching for: split on spaces and control
/// characters (a NUL reaches neither index: PostgreSQL's text cannot hold
/// one), each at least [`MIN_CHARS`] characters. None is a bad-input
/// error.
pub fn words(q: &str) -> Result<Vec<String>, EngineError> {
    let words: Vec<String> = q
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .filter(|w| w.chars().count() >= MIN_CHARS)
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return Err(EngineError::bad(format!(
            "q {q:?}: search for a word of at least {MIN_CHARS} characters"
        )));
    }
    Ok(words)
}

/// The index's query for `words`: each a quoted phrase, all required.
pub fn expression(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Searches the store; the shop's messages carry its name from
/// `profile`.
pub fn search(
    store: &dyn Store,
    q: &SearchQuery,
    profile: &Profile,
) -> Result<SearchResults, EngineError> {
    let words = words(&q.q)?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let found = store.search(&expression(&words), limit)?;
    let mut briefs = store.briefs(&found.people)?;
    // In the order found.
    briefs.sort_by_key(|b| found.people.iter().position(|p| *p == b.id));
    let people = briefs
        .into_iter()
        .map(|b| PersonHit {
            id: b.id,
            name: b.name,
            identities: b
                .identities
                .iter()
                .map(|(c, h)| format!("{c}:{h}"))
                .collect(),
            stage: b.assessment.stage,
            labels: b.assessment.labels,
        })
        .collect();
    let mut messages = Vec::new();
    let mut authors: Vec<PersonId> = Vec::new();
    for id in &found.messages {
        if let Some(m) = store.interaction(*id)? {
            if !m.from_brand {
                authors.push(m.person);
            }
            messages.push(m);
        }
    }
    // The index hands back the matches stored last; shown newest first
    // by when they were written (an import brings old messages late).
    messages.sort_by_key(|m| std::cmp::Reverse((m.at, m.id)));
    authors.sort();
    authors.dedup();
    let names: std::collections::HashMap<PersonId, String> = store
        .briefs(&authors)?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    Ok(SearchResults {
        words,
        message_total: found.message_total,
        people,
        messages: messages
            .into_iter()
            .map(|m| MessageHit {
                id: m.id,
                // The shop's words are stored under a person of its own
                // that no list shows: name the shop, link no one.
                name: if m.from_brand {
                    profile.name.clone()
                } else {
                    names.get(&m.person).cloned().unwrap_or_default()
                },
                person: (!m.from_brand).then_some(m.person),
                channel: m.channel,
                kind: m.kind,
                text: m.text,
                created_at: Timestamp(m.at),
                from_brand: m.from_brand,
                answered: m.answered_at.is_some(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_left_out_and_quotes_cannot_break_the_query() {
        assert_eq!(words("ab Reifen x").unwrap(), vec!["Reifen"]);
        assert!(words("ab c").is_err());
        assert_eq!(
            expression(&["say \"hi\"".to_string(), "ยาง".to_string()]),
            "\"say \"\"hi\"\"\" \"ยาง\""
        );
    }

    #[test]
    fn control_characters_split_words_and_never_reach_the_index() {
        assert_eq!(
            words("°ofÿ\0Reifen\u{8}Zx9").unwrap(),
            vec!["°ofÿ", "Reifen", "Zx9"]
        );
        assert!(words("\0\0\0 \u{8}").is_err());
    }
}
