//! The shop's profile: who the shop is, what it talks about, what it stands
//! for, where it lives and what it wants to earn.
//!
//! The engine reads it to match people with the shop: a comment about one
//! of the shop's [`Profile::topics`] is common ground for an opener; an
//! influencer whose profile talks about the shop's topics or
//! [`Profile::values`] is aligned; the [`Profile::revenue_goal`] says how
//! many true fans the shop needs. The file form (`rapport.toml`) is read
//! and written by the binary; this type is the data.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A shop's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// The shop's name as people write it ("Trailwerk").
    pub name: String,
    /// Revenue the shop wants per year, in [`Profile::currency`].
    pub revenue_goal: f64,
    /// ISO 4217 code of the goal.
    pub currency: String,
    /// Words for what the shop posts and sells about, in every language
    /// its customers write in. A person's topic matches when it contains
    /// one of these words.
    pub topics: Vec<String>,
    /// Words for what the shop stands for (durability, repair, …).
    pub values: Vec<String>,
    /// The shop's own handle per channel.
    pub channels: BTreeMap<String, String>,
    /// Value of one unit of another currency in [`Profile::currency`]
    /// (orders in currencies missing here do not count toward the goal).
    pub rates: BTreeMap<String, f64>,
    /// What the shop sends on its own (feedback requests, reminders,
    /// saved replies) and the courtesy rules that hold it back.
    pub outreach: crate::outreach::Outreach,
    /// How soon messages should be answered.
    pub answer_targets: crate::priority::Targets,
    /// The shop's time zone: the dashboard writes every moment in it
    /// (UTC when a profile names none).
    #[serde(default = "crate::zone::Zone::utc")]
    pub timezone: crate::zone::Zone,
}

impl Default for Profile {
    fn default() -> Self {
        Profile::trailwerk()
    }
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_string()).collect()
}

impl Profile {
    /// Whether `word` (one of a text's topics) is about one of the shop's
    /// topics — "Reifen" for `reifen`, "mountainbikes" for `mountainbik`
    /// — and not the shop's own name.
    pub fn is_topic(&self, word: &str) -> bool {
        crate::affinity::matching(word, &self.topics, &self.name).is_some()
    }

    /// The demo shop: Trailwerk, an outdoor and bike shop with a workshop,
    /// selling in Germany, Thailand and English-speaking markets.
    pub fn trailwerk() -> Profile {
        let channels = [
            ("instagram", "trailwerk"),
            ("facebook", "trailwerk"),
            ("x", "trailwerk"),
            ("youtube", "trailwerk"),
            ("mastodon", "trailwerk@velo.social"),
            ("bluesky", "trailwerk.bsky.social"),
            ("reddit", "trailwerk_official"),
        ];
        // Rough yearly averages; the goal is a planning figure, not
        // accounting.
        let rates = [
            ("EUR", 1.0),
            ("USD", 0.92),
            ("GBP", 1.17),
            ("AUD", 0.6),
            ("CHF", 1.05),
            ("THB", 0.026),
        ];
        Profile {
            name: "Trailwerk".into(),
            topics: words(&[
                "trail",
                "tyre",
                "tire",
                "reifen",
                "gravel",
                "schotter",
                "e-bike",
                "ebike",
                "e-mtb",
                "bikepacking",
                "helmet",
                "helm",
                "repair",
                "werkstatt",
                "reparatur",
                "mtb",
                "mountainbik",
                "enduro",
                "bike",
                "biking",
                "outdoor",
                "ride",
                "tubeless",
                "ยาง",
                "กราเวล",
                "เสือภูเขา",
                "ไบค์แพ็คกิ้ง",
                "จักรยาน",
                "หมวก",
                "ซ่อม",
                "ปั่น",
                "เอาท์ดอร์",
            ]),
            values: words(&[
                "durability",
                "durable",
                "repair",
                "sustainable",
                "local",
                "langlebig",
                "nachhaltig",
                "regional",
                "ทนทาน",
                "ธรรมชาติ",
            ]),
            channels: channels
                .iter()
                .map(|(c, h)| ((*c).to_string(), (*h).to_string()))
                .collect(),
            revenue_goal: 250_000.0,
            currency: "EUR".into(),
            rates: rates.iter().map(|(c, r)| ((*c).to_string(), *r)).collect(),
            outreach: crate::outreach::Outreach::default(),
            answer_targets: crate::priority::Targets::default(),
            timezone: crate::zone::Zone::named("Europe/Berlin")
                .expect("the built-in database has Europe/Berlin"),
        }
    }

    /// Changes one setting. Keys: `name`, `currency`, `revenue_goal`,
    /// `topics` and `values` (comma-separated words), `timezone` (an IANA
    /// name), `channels.CHANNEL` (the shop's handle there, empty to
    /// remove) and `rates.CURRENCY`.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let number = |v: &str| -> Result<f64, String> {
            v.replace('_', "")
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("{key}: {v:?} is not a non-negative number"))
        };
        match key {
            "name" if !value.is_empty() => self.name = value.to_string(),
            "name" => return Err("name: must not be empty".into()),
            "currency" => self.currency = currency(value)?,
            "revenue_goal" => self.revenue_goal = number(value)?,
            "topics" => self.topics = list(value),
            "values" => self.values = list(value),
            "timezone" => self.timezone = crate::zone::Zone::named(value)?,
            _ => {
                if let Some(ch) = key.strip_prefix("channels.") {
                    if ch.is_empty() {
                        return Err("channels.CHANNEL: name the channel".into());
                    }
                    if value.is_empty() {
                        self.channels.remove(ch);
                    } else {
                        self.channels
                            .insert(ch.to_lowercase(), value.trim_start_matches('@').into());
                    }
                } else if let Some(c) = key.strip_prefix("rates.") {
                    self.rates.insert(currency(c)?, number(value)?);
                } else if let Some(which) = key.strip_prefix("answer_targets.") {
                    let minutes = value.parse::<u32>().map_err(|_| {
                        format!("{key}: {value:?} is not a whole number of minutes")
                    })?;
                    let mut t = self.answer_targets;
                    match which {
                        "fast_minutes" => t.fast_minutes = minutes,
                        "other_minutes" => t.other_minutes = minutes,
                        _ => {
                            return Err(format!(
                                "unknown key {key:?}: expected answer_targets.fast_minutes or answer_targets.other_minutes"
                            ))
                        }
                    }
                    t.check()?;
                    self.answer_targets = t;
                } else {
                    return Err(format!(
                        "unknown key {key:?}: expected name, currency, revenue_goal, topics, values, timezone, channels.CHANNEL, rates.CURRENCY or answer_targets.fast_minutes / other_minutes"
                    ));
                }
            }
        }
        Ok(())
    }

    /// `amount` in `currency`, converted to the profile's currency, when a
    /// rate is known.
    pub fn convert(&self, amount: f64, currency: &str) -> Option<f64> {
        let c = currency.to_ascii_uppercase();
        if c == self.currency {
            return Some(amount);
        }
        self.rates.get(&c).map(|r| amount * r)
    }
}

fn currency(raw: &str) -> Result<String, String> {
    let c = raw.trim().to_ascii_uppercase();
    if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        Ok(c)
    } else {
        Err(format!(
            "currency {raw:?}: expected a three-letter code like EUR"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_change_one_field_each() {
        let mut p = Profile::trailwerk();
        p.set("revenue_goal", "120_000").expect("number");
        p.set("topics", "Gravel, tyre ,,").expect("list");
        p.set("channels.tiktok", "@trailwerk.tt").expect("channel");
        p.set("currency", "chf").expect("currency");
        assert_eq!(p.revenue_goal, 120_000.0);
        assert_eq!(p.topics, vec!["gravel", "tyre"]);
        assert_eq!(p.channels["tiktok"], "trailwerk.tt");
        assert_eq!(p.currency, "CHF");
        assert!(p.set("revenue_goal", "-5").is_err());
        assert!(p.set("colour", "red").is_err());
        assert!(p.set("currency", "euro").is_err());
        p.set("answer_targets.fast_minutes", "30").expect("minutes");
        assert_eq!(p.answer_targets.secs(true), 1800);
        assert!(p.set("answer_targets.other_minutes", "20").is_err());
        assert!(p.set("answer_targets.fast_minutes", "soon").is_err());
        assert_eq!(p.answer_targets.fast_minutes, 30);
    }

    #[test]
    fn conversion_uses_the_rates_and_skips_unknown_currencies() {
        let p = Profile::trailwerk();
        assert_eq!(p.convert(10.0, "eur"), Some(10.0));
        assert!((p.convert(1000.0, "THB").unwrap_or(0.0) - 26.0).abs() < 1e-9);
        assert_eq!(p.convert(10.0, "XYZ"), None);
    }
}
