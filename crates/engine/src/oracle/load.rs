//! Everything the views need, loaded once and computed once: threads,
//! answers, conversations and every person's place on the ladder.

use crate::scoring;
use rapport_core::affinity;
use rapport_core::ladder::{Activity, Assessment, History, Purchase};
use rapport_core::profile::Profile;
use rapport_core::threads::{self, Message};
use rapport_core::PersonId;
use rapport_store::{InteractionRow, OrderRow, PersonRow, ScoreInput, Store, StoreError, TouchRow};
use std::collections::{BTreeMap, HashMap};

/// A consistent picture of the store.
pub struct Snapshot {
    /// People (the shop excluded).
    pub people: Vec<PersonRow>,
    /// Interactions, in id order.
    pub interactions: Vec<InteractionRow>,
    /// Orders.
    pub orders: Vec<OrderRow>,
    /// Per interaction (same index): when the shop first answered it.
    pub answered_at: Vec<Option<i64>>,
    /// Per interaction: its thread's root id.
    pub roots: Vec<String>,
    /// The moment the ladder is judged at: the latest stored activity.
    pub as_of: i64,
    /// Every person's place on the ladder.
    pub assessments: HashMap<PersonId, Assessment>,
    /// The shop's profile the assessments were judged against.
    pub profile: Profile,
    /// Value-first touches, each under the person it belongs to today.
    pub touches: Vec<TouchRow>,
}

impl Snapshot {
    /// Loads and computes against the shop's `profile` (alignment of
    /// influencers with its topics and values).
    pub fn load_with(store: &dyn Store, profile: Profile) -> Result<Snapshot, StoreError> {
        let people = store.people()?;
        let interactions = store.interactions()?;
        let orders = store.orders()?;
        let (answered_at, roots) = thread_all(&interactions);
        let as_of = interactions
            .iter()
            .map(|i| i.at)
            .chain(orders.iter().map(|o| o.at))
            .max()
            .unwrap_or(0);
        // Judged here, from the rows in memory: the stored verdicts are
        // what the oracle checks, not what it trusts.
        let assessments = judge_in_memory(&people, &interactions, &orders, as_of, &profile);
        let merged = merged(store)?;
        let mut touches = store.touches()?;
        for t in &mut touches {
            t.person = current(&merged, t.person);
        }
        let mut snap = Snapshot {
            touches,
            people,
            interactions,
            orders,
            answered_at,
            roots,
            as_of,
            assessments,
            profile,
        };
        // A recovery joins the evidence of anyone who complained.
        let complained = |p: PersonId| {
            snap.assessments
                .get(&p)
                .is_some_and(|a| a.tally.complaints > 0)
        };
        let words = super::recovery::said_by_person(&snap, complained);
        for (person, said) in words {
            let found = rapport_core::recovery::recovery(&said).filter(|r| r.recovered);
            if let (Some(r), Some(a)) = (found, snap.assessments.get_mut(&person)) {
                a.evidence.push(r.line());
            }
        }
        Ok(snap)
    }

    /// Threads with at least two exchanges, per channel, counting replies
    /// written at or after `since`.
    pub fn conversations(&self, since: Option<i64>) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (channel, idx) in by_channel(&self.interactions) {
            let msgs: Vec<Message> = idx
                .iter()
                .map(|&i| message(&self.interactions[i]))
                .collect();
            let statuses = threads::analyse(&msgs);
            let n = threads::exchanges(&msgs, &statuses, since)
                .values()
                .filter(|&&n| n >= 2)
                .count() as u64;
            if n > 0 {
                out.insert(channel.to_string(), n);
            }
        }
        out
    }

    /// Every person's history as the ladder reads it (people with no
    /// activity and no orders are left out).
    pub fn all_histories(&self) -> HashMap<PersonId, History> {
        let mut all = histories(&self.interactions, &self.orders);
        for p in &self.people {
            if let Some(h) = all.get_mut(&p.id) {
                h.followers = p
                    .identities
                    .iter()
                    .filter_map(|i| i.followers)
                    .max()
                    .unwrap_or(0);
            }
        }
        all
    }

    /// The earliest stored activity or order (seconds), 0 when empty.
    pub fn first_at(&self) -> i64 {
        self.interactions
            .iter()
            .map(|i| i.at)
            .chain(self.orders.iter().map(|o| o.at))
            .min()
            .unwrap_or(0)
    }

    /// A person's history as the ladder reads it.
    pub fn history_of(&self, person: PersonId) -> History {
        let rows: Vec<InteractionRow> = self
            .interactions
            .iter()
            .filter(|i| i.person == person)
            .cloned()
            .collect();
        let orders: Vec<OrderRow> = self
            .orders
            .iter()
            .filter(|o| o.person == Some(person))
            .cloned()
            .collect();
        let mut h = histories(&rows, &orders)
            .remove(&person)
            .unwrap_or_default();
        h.followers = self
            .people
            .iter()
            .find(|p| p.id == person)
            .map(|p| {
                p.identities
                    .iter()
                    .filter_map(|i| i.followers)
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        h
    }
}

/// Merges in force, gone → kept.
fn merged(store: &dyn Store) -> Result<HashMap<PersonId, PersonId>, StoreError> {
    Ok(store.merged_people()?.into_iter().collect())
}

/// Follows merges (which can chain: a → b, then b → c) to the person today.
fn current(merged: &HashMap<PersonId, PersonId>, mut p: PersonId) -> PersonId {
    // A chain is never longer than the number of merges; the bound keeps
    // a damaged journal with a cycle from looping.
    for _ in 0..=merged.len() {
        match merged.get(&p) {
            Some(&next) if next != p => p = next,
            _ => break,
        }
    }
    p
}

/// Judges everyone from the rows in memory, as [`scoring`] judges them
/// from the store.
fn judge_in_memory(
    people: &[PersonRow],
    interactions: &[InteractionRow],
    orders: &[OrderRow],
    as_of: i64,
    profile: &Profile,
) -> HashMap<PersonId, Assessment> {
    let mut histories = histories(interactions, orders);
    let mut rows: HashMap<PersonId, Vec<&InteractionRow>> = HashMap::new();
    for i in interactions
        .iter()
        .filter(|i| !i.from_brand && i.kind.is_conversational())
    {
        rows.entry(i.person).or_default().push(i);
    }
    people
        .iter()
        .map(|p| {
            let h = histories.remove(&p.id).unwrap_or_default();
            // The bio of the account with the largest audience is the
            // one that audience reads.
            let bio = p
                .identities
                .iter()
                .filter(|i| i.bio.is_some())
                .max_by_key(|i| i.followers.unwrap_or(0))
                .and_then(|i| i.bio.clone());
            let input = ScoreInput {
                person: p.id,
                activities: h.activities,
                purchases: h.purchases,
                followers: followers_of(p),
                bio,
            };
            let topics = || {
                Ok::<_, std::convert::Infallible>(
                    rows.get(&p.id)
                        .map(|r| r.iter().map(|i| topics_of(i)).collect())
                        .unwrap_or_default(),
                )
            };
            let a = match scoring::judge(&input, as_of, profile, topics) {
                Ok(a) => a,
                Err(never) => match never {},
            };
            (p.id, a)
        })
        .collect()
}

fn followers_of(p: &PersonRow) -> u64 {
    p.identities
        .iter()
        .filter_map(|i| i.followers)
        .max()
        .unwrap_or(0)
}

/// An interaction's topics: the analyzer's, or its plain words.
pub fn topics_of(i: &InteractionRow) -> Vec<String> {
    match &i.analysis {
        Some(a) => a.topics.clone(),
        None => affinity::plain_topics(&i.text),
    }
}

fn message(i: &InteractionRow) -> Message {
    Message {
        id: i.external_id.clone(),
        parent: i.in_reply_to.clone(),
        author: i.person,
        at: i.at,
        from_brand: i.from_brand,
        conversational: i.kind.is_conversational(),
    }
}

fn by_channel(rows: &[InteractionRow]) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        out.entry(r.channel.as_str()).or_default().push(i);
    }
    out
}

fn thread_all(rows: &[InteractionRow]) -> (Vec<Option<i64>>, Vec<String>) {
    let mut answered = vec![None; rows.len()];
    let mut roots = vec![String::new(); rows.len()];
    for (_, idx) in by_channel(rows) {
        let msgs: Vec<Message> = idx.iter().map(|&i| message(&rows[i])).collect();
        for (status, &i) in threads::analyse(&msgs).into_iter().zip(&idx) {
            answered[i] = status.answered_at;
            roots[i] = status.root;
        }
    }
    (answered, roots)
}

fn histories(rows: &[InteractionRow], orders: &[OrderRow]) -> HashMap<PersonId, History> {
    let mut out: HashMap<PersonId, History> = HashMap::new();
    for r in rows.iter().filter(|r| !r.from_brand) {
        out.entry(r.person).or_default().activities.push(Activity {
            kind: r.kind,
            signals: r.signals,
            at: r.at,
            post_id: r.post_id.clone(),
        });
    }
    for o in orders {
        if let Some(p) = o.person {
            out.entry(p).or_default().purchases.push(Purchase {
                total: o.total,
                currency: o.currency.clone(),
                at: o.at,
                status: o.status.clone(),
            });
        }
    }
    out
}
