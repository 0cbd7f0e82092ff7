//! Cohorts: who to cultivate next (`rapport cohort plan`) and how the
//! current ones are doing (`rapport cohort show`).

use super::Snapshot;
use rapport_core::cohort::{self, Candidate, Pick, Said};
use rapport_core::PersonId;
use std::collections::HashMap;

/// When the shop wrote to each person: its replies to their interactions.
pub fn shop_contacts(snap: &Snapshot) -> HashMap<PersonId, Vec<i64>> {
    let author: HashMap<(&str, &str), PersonId> = snap
        .interactions
        .iter()
        .filter(|i| !i.from_brand)
        .map(|i| ((i.channel.as_str(), i.external_id.as_str()), i.person))
        .collect();
    let mut out: HashMap<PersonId, Vec<i64>> = HashMap::new();
    for i in snap.interactions.iter().filter(|i| i.from_brand) {
        if let Some(p) = i
            .in_reply_to
            .as_deref()
            .and_then(|r| author.get(&(i.channel.as_str(), r)))
        {
            out.entry(*p).or_default().push(i.at);
        }
    }
    out
}

/// Everyone who might be cultivated, with what they wrote.
pub fn candidates(snap: &Snapshot) -> Vec<Candidate> {
    let posts: HashMap<(&str, &str), &str> = snap
        .interactions
        .iter()
        .filter(|i| i.kind == rapport_core::Kind::Post && i.from_brand)
        .map(|i| {
            (
                (i.channel.as_str(), i.external_id.as_str()),
                i.text.as_str(),
            )
        })
        .collect();
    let contacts = shop_contacts(snap);
    let mut said: HashMap<PersonId, Vec<Said>> = HashMap::new();
    for (i, answered) in snap.interactions.iter().zip(&snap.answered_at) {
        if i.from_brand || !i.kind.is_conversational() {
            continue;
        }
        if !snap
            .assessments
            .get(&i.person)
            .is_some_and(cohort::eligible)
        {
            continue;
        }
        if i.signals.generic() {
            continue;
        }
        said.entry(i.person).or_default().push(Said {
            id: i.id.0,
            praise: i.signals.praise(),
            recommendation: i.signals.recommendation(),
            answered: answered.is_some(),
            channel: i.channel.clone(),
            at: i.at,
            kind: i.kind,
            text: i.text.clone(),
            topics: super::load::topics_of(i),
            language: i.analysis.as_ref().map(|a| a.language.clone()),
            question: i.signals.question(),
            post: i
                .post_id
                .as_deref()
                .and_then(|p| posts.get(&(i.channel.as_str(), p)))
                .map(|t| t.to_string()),
        });
    }
    snap.people
        .iter()
        .filter_map(|p| {
            let a = snap.assessments.get(&p.id)?;
            let said = said.remove(&p.id)?;
            Some(Candidate {
                person: p.id,
                name: p.name.clone(),
                assessment: a.clone(),
                said,
                last_contacted: contacts.get(&p.id).and_then(|t| t.iter().max().copied()),
            })
        })
        .collect()
}

/// The next `size` people, skipping `taken`, as of `now`.
pub fn plan(snap: &Snapshot, taken: &[PersonId], now: i64, size: usize) -> Vec<Pick> {
    cohort::plan(&candidates(snap), &snap.profile, now, taken, size)
}
