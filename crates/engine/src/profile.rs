//! The shop's profile: a TOML file (`rapport.toml`, `--profile PATH`,
//! `RAPPORT_PROFILE`), or the built-in profile of the demo shop when there
//! is none. Read on every use, so a change (`rapport profile set`,
//! `PUT /api/profile`) counts from the next request on.

use crate::EngineError;
use rapport_core::profile::Profile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The profile at `path`, and whether it came from that file (`false`:
/// the built-in default).
pub fn load(path: &Path) -> Result<(Profile, bool), EngineError> {
    let raw = match std::fs::read_to_string(path) {
        Ok(raw) => raw,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Profile::trailwerk(), false))
        }
        Err(e) => {
            return Err(EngineError::internal(format!(
                "reading {}: {e}",
                path.display()
            )))
        }
    };
    let profile: Profile = toml::from_str(&raw).map_err(|e| {
        let line = e
            .span()
            .map_or(0, |s| raw[..s.start.min(raw.len())].lines().count().max(1));
        EngineError::bad(format!("{}:{line}: {}", path.display(), e.message().trim()))
    })?;
    profile
        .outreach
        .check()
        .and_then(|()| profile.answer_targets.check())
        .map_err(|e| EngineError::bad(format!("{}: {e}", path.display())))?;
    Ok((profile, true))
}

/// Writes `profile` to `path` beside it first and renames, so a crash
/// never leaves half a file.
pub fn save(path: &Path, profile: &Profile) -> Result<(), EngineError> {
    let text = toml::to_string_pretty(profile).map_err(EngineError::internal)?;
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| EngineError::internal(format!("writing {}: {e}", path.display())))?;
    tracing::info!(target: "engine::profile", path = %path.display(), "profile written");
    Ok(())
}

/// The shop's own accounts: those named with `--brand` (`extra`), plus the
/// channel handles of a profile file when there is one. The built-in demo
/// profile's handles are not applied to other shops' data. Every import
/// path (files, pulls, the API, webhooks) uses this one rule.
pub fn brand_accounts(
    profile: &Profile,
    from_file: bool,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    let mut brand = extra.to_vec();
    if from_file {
        for (channel, handle) in &profile.channels {
            let handle = rapport_core::Handle::parse(handle)
                .map(|h| h.as_str().to_string())
                .unwrap_or_else(|_| handle.clone());
            if !brand.iter().any(|(c, h)| c == channel && *h == handle) {
                brand.push((channel.clone(), handle));
            }
        }
    }
    brand
}

/// The profile as `rapport profile show --json` and `GET /api/profile`
/// show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shown {
    /// The file it is read from and written to.
    pub path: String,
    /// Whether that file exists (false: the built-in profile).
    pub from_file: bool,
    /// The profile.
    #[cfg_attr(feature = "openapi", schema(value_type = ProfileShown))]
    pub profile: Profile,
}

/// The profile as shown: what `PUT /api/profile` takes, plus the
/// outreach settings (edited in the profile file; see docs/OUTBOX.md).
/// Only the OpenAPI document uses this type: the answer is a
/// [`Profile`].
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProfileShown {
    /// The shop's name.
    name: String,
    /// Yearly revenue goal, in `currency`.
    revenue_goal: f64,
    /// ISO 4217 code of the goal.
    currency: String,
    /// What the shop talks about.
    topics: Vec<String>,
    /// What the shop stands for.
    values: Vec<String>,
    /// The shop's own handle per channel.
    channels: BTreeMap<String, String>,
    /// Units of `currency` per unit of each other currency.
    rates: BTreeMap<String, f64>,
    /// Feedback requests, reminders, saved replies, the digest and the
    /// courtesy rules.
    outreach: rapport_core::outreach::Outreach,
    /// How soon messages should be answered.
    answer_targets: rapport_core::priority::Targets,
    /// The shop's time zone (an IANA name): the dashboard writes every
    /// moment in it.
    #[schema(example = "Europe/Berlin")]
    timezone: String,
}

/// A whole profile, as `PUT /api/profile` replaces it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileUpdate {
    /// The shop's name.
    pub name: String,
    /// Yearly revenue goal, in `currency`.
    pub revenue_goal: f64,
    /// ISO 4217 code of the goal.
    pub currency: String,
    /// What the shop talks about (one word or phrase each).
    #[serde(default)]
    pub topics: Vec<String>,
    /// What the shop stands for.
    #[serde(default)]
    pub values: Vec<String>,
    /// The shop's own handle per channel.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// Units of `currency` per unit of each other currency.
    #[serde(default)]
    pub rates: BTreeMap<String, f64>,
    /// How soon messages should be answered (left out: unchanged).
    #[serde(default)]
    pub answer_targets: Option<rapport_core::priority::Targets>,
    /// The shop's time zone, an IANA name such as `Europe/Berlin` (left
    /// out: unchanged).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Berlin"))]
    pub timezone: Option<String>,
}

/// Checks a profile sent to `PUT /api/profile` with the rules of
/// `rapport profile set`, key by key.
pub fn validated(u: &ProfileUpdate) -> Result<Profile, EngineError> {
    let bad = EngineError::BadInput;
    let mut p = Profile::trailwerk();
    p.set("name", &u.name).map_err(bad)?;
    p.set("currency", &u.currency).map_err(bad)?;
    if !u.revenue_goal.is_finite() || u.revenue_goal < 0.0 {
        return Err(bad(format!(
            "revenue_goal: {} is not a non-negative number",
            u.revenue_goal
        )));
    }
    p.revenue_goal = u.revenue_goal;
    for (key, words) in [("topics", &u.topics), ("values", &u.values)] {
        if let Some(w) = words.iter().find(|w| w.contains(',')) {
            return Err(bad(format!(
                "{key}: {w:?}: one word or phrase per entry, no commas"
            )));
        }
        p.set(key, &words.join(",")).map_err(bad)?;
    }
    p.channels.clear();
    for (channel, handle) in &u.channels {
        if channel.trim().is_empty() || handle.trim().trim_start_matches('@').is_empty() {
            return Err(bad(format!(
                "channels: {channel:?} → {handle:?}: name the channel and the shop's handle there"
            )));
        }
        p.set(&format!("channels.{}", channel.trim()), handle)
            .map_err(bad)?;
    }
    p.rates.clear();
    for (code, rate) in &u.rates {
        if !rate.is_finite() || *rate < 0.0 {
            return Err(bad(format!(
                "rates.{code}: {rate} is not a non-negative number"
            )));
        }
        p.set(&format!("rates.{code}"), &rate.to_string())
            .map_err(bad)?;
    }
    if let Some(t) = u.answer_targets {
        t.check().map_err(bad)?;
        p.answer_targets = t;
    }
    if let Some(z) = &u.timezone {
        p.set("timezone", z).map_err(bad)?;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_update_is_checked_like_profile_set() {
        let ok = ProfileUpdate {
            name: "Kettenblatt".into(),
            revenue_goal: 90_000.0,
            currency: "chf".into(),
            topics: vec!["Gravel".into(), "ยาง".into()],
            values: vec![],
            channels: [("instagram".to_string(), "@kettenblatt".to_string())].into(),
            rates: [("eur".to_string(), 0.95)].into(),
            answer_targets: None,
            timezone: Some("Asia/Bangkok".into()),
        };
        let p = validated(&ok).expect("a valid profile");
        assert_eq!(p.timezone.name(), "Asia/Bangkok");
        assert_eq!(p.currency, "CHF");
        assert_eq!(p.topics, vec!["gravel", "ยาง"]);
        assert_eq!(p.channels["instagram"], "kettenblatt");
        assert_eq!(p.rates["EUR"], 0.95);
        for broken in [
            ProfileUpdate {
                name: " ".into(),
                ..ok.clone()
            },
            ProfileUpdate {
                currency: "euro".into(),
                ..ok.clone()
            },
            ProfileUpdate {
                revenue_goal: -1.0,
                ..ok.clone()
            },
            ProfileUpdate {
                topics: vec!["a,b".into()],
                ..ok.clone()
            },
            ProfileUpdate {
                timezone: Some("Europe/Atlantis".into()),
                ..ok.clone()
            },
            ProfileUpdate {
                rates: [("EURO".to_string(), 1.0)].into(),
                ..ok.clone()
            },
            ProfileUpdate {
                channels: [("x".to_string(), "@".to_string())].into(),
                ..ok.clone()
            },
            ProfileUpdate {
                answer_targets: Some(rapport_core::priority::Targets {
                    fast_minutes: 2000,
                    other_minutes: 1440,
                }),
                ..ok.clone()
            },
        ] {
            assert!(
                matches!(validated(&broken), Err(EngineError::BadInput(_))),
                "{broken:?}"
            );
        }
    }

    #[test]
    fn the_shops_accounts_come_from_the_flag_and_a_profile_file_only() {
        let mut p = Profile::trailwerk();
        p.channels = [("instagram".to_string(), "@Trailwerk".to_string())].into();
        let extra = vec![("x".to_string(), "tw_shop".to_string())];
        let from_file = brand_accounts(&p, true, &extra);
        assert!(from_file.contains(&("instagram".into(), "trailwerk".into())));
        assert!(from_file.contains(&("x".into(), "tw_shop".into())));
        assert_eq!(brand_accounts(&p, false, &extra), extra);
    }
}
