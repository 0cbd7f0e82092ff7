//! The core ladder, run over generated people, finds the personas again.

use super::generate;
use crate::{Config, Persona, Truth};
use rapport_core::ladder::{assess, Activity, History, Label, Purchase, Stage};
use rapport_core::Record;
use std::collections::{HashMap, HashSet};

/// Histories per person: accounts that show the same email are one person
/// (as identity resolution merges them), orders join by email.
/// Each person's history (keyed by email when `merge`, else by
/// `channel:handle`), the key of every account, and the emails accounts
/// show.
type Histories = (
    HashMap<String, History>,
    HashMap<(String, String), String>,
    HashMap<(String, String), String>,
);

fn histories(out: &str, merge: bool) -> Histories {
    let recs: Vec<Record> = out
        .lines()
        .map(|l| Record::from_json(l).expect("canonical line"))
        .collect();
    let mut email_of: HashMap<(String, String), String> = HashMap::new();
    for r in &recs {
        if let Record::Interaction(i) = r {
            if let (false, Some(e)) = (i.from_brand, &i.author.email) {
                email_of.insert(
                    (i.channel.to_string(), i.author.handle.to_string()),
                    e.to_string(),
                );
            }
        }
    }
    let key_of = |ch: &str, h: &str| {
        let id = (ch.to_string(), h.to_string());
        match email_of.get(&id) {
            Some(e) if merge => e.clone(),
            _ => format!("{ch}:{h}"),
        }
    };
    let mut people: HashMap<String, History> = HashMap::new();
    let mut keys: HashMap<(String, String), String> = HashMap::new();
    for r in recs {
        match r {
            Record::Interaction(i) if !i.from_brand => {
                let (ch, h) = (i.channel.to_string(), i.author.handle.to_string());
                let key = key_of(&ch, &h);
                keys.insert((ch, h), key.clone());
                let p = people.entry(key).or_default();
                p.followers = p.followers.max(i.author.followers.unwrap_or(0));
                p.activities.push(Activity {
                    kind: i.kind,
                    signals: rapport_core::signals::Signals::read(&i.text, None),
                    at: i.created_at.secs(),
                    post_id: i.post_id,
                });
            }
            Record::Order(o) => {
                let Some(e) = o.email else { continue };
                let purchase = Purchase {
                    total: o.total,
                    currency: o.currency,
                    at: o.created_at.secs(),
                    status: o.status,
                };
                if merge {
                    people
                        .entry(e.to_string())
                        .or_default()
                        .purchases
                        .push(purchase);
                } else {
                    // Every account that showed the email gets the order.
                    for ((ch, h), _) in email_of.iter().filter(|(_, m)| m.as_str() == e.as_str()) {
                        people
                            .entry(format!("{ch}:{h}"))
                            .or_default()
                            .purchases
                            .push(purchase.clone());
                    }
                }
            }
            Record::Interaction(_) => {}
        }
    }
    (people, keys, email_of)
}

fn persona_of(label: Label) -> Persona {
    match label {
        Label::TrueFan => Persona::TrueFan,
        Label::Evangelist => Persona::Evangelist,
        Label::Influencer => Persona::Influencer,
        Label::Detractor => Persona::Detractor,
        Label::BoxTicker => Persona::BoxTicker,
    }
}

fn recover(cfg: &Config, merge: bool) {
    let (out, truth, _) = generate(cfg);
    let (people, keys, email_of) = histories(&out, merge);
    let truths: Vec<Truth> = truth
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth"))
        .collect();
    let mut persona: HashMap<&str, Persona> = HashMap::new();
    for t in &truths {
        let key = keys
            .get(&(t.channel.clone(), t.handle.clone()))
            .expect("every person acted");
        assert!(
            persona.insert(key, t.persona).is_none(),
            "two truths, one person: {t:?}"
        );
    }
    let verdicts: HashMap<&str, _> = people
        .iter()
        .map(|(k, h)| (k.as_str(), assess(h, cfg.end)))
        .collect();
    let mut report = Vec::new();
    for label in [
        Label::TrueFan,
        Label::Evangelist,
        Label::Influencer,
        Label::Detractor,
        Label::BoxTicker,
    ] {
        let want = persona_of(label);
        // Unmerged, a detractor's second account wrote a complaint of its
        // own (a bad review, a message): one complaint marks a detractor,
        // so that account is one too, rightly.
        let second_of_detractor = |k: &str| {
            !merge
                && label == Label::Detractor
                && !persona.contains_key(k)
                && email_of.iter().any(|((ch, h), e)| {
                    format!("{ch}:{h}") == k
                        && email_of.iter().any(|((ch2, h2), e2)| {
                            e2 == e
                                && persona.get(format!("{ch2}:{h2}").as_str())
                                    == Some(&Persona::Detractor)
                        })
                })
        };
        let predicted: HashSet<&str> = verdicts
            .iter()
            .filter(|(k, a)| a.labels.contains(&label) && !second_of_detractor(k))
            .map(|(k, _)| *k)
            .collect();
        let actual: HashSet<&str> = persona
            .iter()
            .filter(|(_, &p)| p == want)
            .map(|(k, _)| *k)
            .collect();
        let hit = predicted.intersection(&actual).count() as f64;
        let precision = hit / predicted.len().max(1) as f64;
        let recall = hit / actual.len().max(1) as f64;
        report.push(format!(
            "{}: precision {precision:.3} recall {recall:.3} ({} true)",
            label.as_str(),
            actual.len()
        ));
        assert!(!actual.is_empty(), "no {want:?} generated");
        assert!(precision >= 0.9 && recall >= 0.9, "{}", report.join("; "));
    }
    eprintln!("{}", report.join("\n"));
    for (want, stage) in [
        (Persona::Lurker, Stage::Follower),
        (Persona::Casual, Stage::Casual),
        (Persona::Engaged, Stage::Engaged),
    ] {
        let of: Vec<&str> = persona
            .iter()
            .filter(|(_, &p)| p == want)
            .map(|(k, _)| *k)
            .collect();
        let right = of.iter().filter(|k| verdicts[*k].stage == stage).count();
        assert!(
            right * 10 >= of.len() * 9,
            "{want:?}: {right} of {} at {stage:?}",
            of.len()
        );
    }
}

#[test]
fn the_ladder_recovers_every_labelled_persona() {
    recover(&Config::new(2_000, 20_000, 42), true);
}

#[test]
fn the_labels_hold_on_tight_and_generous_budgets() {
    recover(&Config::new(1_500, 4_000, 5), true);
    recover(&Config::new(400, 40_000, 6), true);
}

#[test]
fn main_accounts_alone_carry_the_labels() {
    recover(&Config::new(2_000, 20_000, 42), false);
}
