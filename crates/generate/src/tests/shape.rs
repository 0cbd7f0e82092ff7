//! Every line is canonical, and the threads hang together.

use super::generate;
use crate::{Config, Persona, Truth};
use rapport_core::{Kind, Record};
use std::collections::{HashMap, HashSet};

#[test]
fn every_line_is_canonical_and_every_thread_hangs_together() {
    let cfg = Config::new(300, 4_000, 11);
    let (out, truth, _) = generate(&cfg);
    let start = cfg.end - i64::from(cfg.days) * 86_400;
    let mut seen: HashMap<(String, String), (i64, Kind, bool)> = HashMap::new();
    let mut order_ids = HashSet::new();
    let mut emails_of: HashMap<(String, String), String> = HashMap::new();
    let (mut brand_replies, mut answered_fast, mut inbound) = (0, 0, 0);
    for line in out.lines() {
        let rec = Record::from_json(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(rec.to_json(), line, "not in canonical shape");
        match rec {
            Record::Order(o) => {
                assert!(order_ids.insert(o.order_id.clone()), "order id reused");
                assert!((start..=cfg.end).contains(&o.created_at.secs()));
                let sum: f64 = o.items.iter().map(|i| f64::from(i.qty) * i.price).sum();
                assert!((sum - o.total).abs() < 0.005, "{line}");
            }
            Record::Interaction(i) => {
                let ch = i.channel.as_str().to_string();
                let at = i.created_at.secs();
                assert!((start..=cfg.end).contains(&at), "{line}");
                if let Some(parent) = &i.in_reply_to {
                    let p = seen
                        .get(&(ch.clone(), parent.clone()))
                        .unwrap_or_else(|| panic!("unknown parent: {line}"));
                    assert!(p.0 < at, "reply before its parent: {line}");
                    if i.from_brand {
                        brand_replies += 1;
                        answered_fast += usize::from(at - p.0 <= 86_400);
                        assert!(!p.2, "the shop answers itself: {line}");
                    }
                }
                if let Some(post) = &i.post_id {
                    let p = seen
                        .get(&(ch.clone(), post.clone()))
                        .unwrap_or_else(|| panic!("unknown post: {line}"));
                    assert_eq!(p.1, Kind::Post);
                    assert!(p.0 < at);
                }
                if i.from_brand {
                    assert!(i.author.handle.as_str().starts_with("trailwerk"));
                } else {
                    assert!(i.kind != Kind::Post);
                    inbound += usize::from(i.kind.is_conversational());
                    assert_eq!(i.author.followers.is_some(), ch != "shop", "{line}");
                    if let Some(e) = &i.author.email {
                        let key = (ch.clone(), i.author.handle.as_str().to_string());
                        let prev = emails_of
                            .entry(key)
                            .or_insert_with(|| e.as_str().to_string());
                        assert_eq!(prev, e.as_str(), "one account, two emails");
                    }
                }
                assert!(
                    !(ch == "youtube" && i.kind == Kind::Message),
                    "no DMs on YouTube: {line}"
                );
                if i.kind == Kind::Mention {
                    assert!(
                        matches!(ch.as_str(), "x" | "mastodon" | "bluesky"),
                        "{line}"
                    );
                }
                if matches!(i.kind, Kind::Like | Kind::Follow) {
                    assert!(i.text.is_empty());
                }
                let fresh = seen.insert((ch, i.external_id.clone()), (at, i.kind, i.from_brand));
                assert!(fresh.is_none(), "external id reused: {line}");
            }
        }
    }
    assert!(
        brand_replies * 4 > inbound,
        "{brand_replies} replies to {inbound} inbound"
    );
    assert!(
        answered_fast * 10 >= brand_replies * 7,
        "{answered_fast} of {brand_replies} within a day"
    );

    let truths: Vec<Truth> = truth
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth"))
        .collect();
    assert_eq!(truths.len(), 300);
    let ids: HashSet<(&str, &str)> = truths
        .iter()
        .map(|t| (t.channel.as_str(), t.handle.as_str()))
        .collect();
    assert_eq!(ids.len(), 300, "two people share an account");
    for p in Persona::ALL {
        assert!(truths.iter().any(|t| t.persona == p), "{p:?} missing");
    }
    for t in &truths {
        assert!(seen.keys().any(|(c, _)| c == &t.channel), "{t:?}");
    }
}

#[test]
fn three_languages_and_every_channel_appear() {
    let (out, _, _) = generate(&Config::new(400, 5_000, 5));
    let recs: Vec<Record> = out
        .lines()
        .filter_map(|l| Record::from_json(l).ok())
        .collect();
    let texts: Vec<&str> = recs
        .iter()
        .filter_map(|r| match r {
            Record::Interaction(i) if !i.from_brand => Some(i.text.as_str()),
            _ => None,
        })
        .collect();
    let thai = texts
        .iter()
        .filter(|t| t.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)))
        .count();
    let german = texts
        .iter()
        .filter(|t| t.contains(" ich ") || t.contains("ä") || t.contains("ü"))
        .count();
    assert!(thai > 50 && german > 50, "thai {thai}, german {german}");
    let channels: HashSet<&str> = recs
        .iter()
        .filter_map(|r| match r {
            Record::Interaction(i) => Some(i.channel.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(channels.len(), 8, "{channels:?}");
    let distinct: HashSet<&&str> = texts.iter().filter(|t| !t.is_empty()).collect();
    assert!(
        distinct.len() > 500,
        "only {} distinct texts",
        distinct.len()
    );
}
