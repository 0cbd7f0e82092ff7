//! Everything the views need, loaded once and computed once: threads,
//! answers, conversations and every person's place on the ladder.

use rapport_core::affinity;
use rapport_core::ladder::{self, Activity, Assessment, History, Purchase};
use rapport_core::profile::Profile;
use rapport_core::threads::{self, Message};
use rapport_core::PersonId;
use rapport_store::{InteractionRow, OrderRow, PersonRow, Store, StoreError};
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
}

impl Snapshot {
    /// Loads and computes against the built-in demo profile.
    pub fn load(store: &dyn Store) -> Result<Snapshot, StoreError> {
        Snapshot::load_with(store, Profile::trailwerk())
    }

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
        let histories = histories(&interactions, &orders);
        let mut topics: HashMap<PersonId, Vec<Vec<String>>> = HashMap::new();
        for i in interactions
            .iter()
            .filter(|i| !i.from_brand && i.kind.is_conversational())
        {
            topics.entry(i.person).or_default().push(topics_of(i));
        }
        let assessments = people
            .iter()
            .map(|p| {
                let mut h = histories.get(&p.id).cloned().unwrap_or_default();
                h.followers = p
                    .identities
                    .iter()
                    .filter_map(|i| i.followers)
                    .max()
                    .unwrap_or(0);
                let mut a = ladder::assess(&h, as_of);
                // The bio of the account with the largest audience is the
                // one that audience reads.
                let bio = p
                    .identities
                    .iter()
                    .filter(|i| i.bio.is_some())
                    .max_by_key(|i| i.followers.unwrap_or(0))
                    .and_then(|i| i.bio.as_deref());
                let texts = topics.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
                let al = affinity::alignment(bio, texts, &profile);
                ladder::with_alignment(&mut a, h.followers, &al);
                (p.id, a)
            })
            .collect();
        Ok(Snapshot {
            people,
            interactions,
            orders,
            answered_at,
            roots,
            as_of,
            assessments,
            profile,
        })
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
            text: r.text.clone(),
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
