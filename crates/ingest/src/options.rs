//! What a reader needs to know about the shop: its own accounts.

use crate::{IngestError, Item};
use rapport_core::{Channel, Handle, Record};
use std::collections::{HashMap, HashSet};

/// Options every reader takes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The shop's own accounts as `(channel, handle)` pairs, e.g.
    /// `("instagram", "bikeshop")`. A record whose author matches one is
    /// `from_brand` (and a reply when it answers something). The handle may
    /// also be the platform's account id (a Bluesky DID, a YouTube channel
    /// id, a Facebook page id, an X user id). Both parts are compared
    /// normalised, as [`Handle::parse`] and [`Channel::parse`] normalise
    /// them; `twitter` is read as `x`.
    pub brand: Vec<(String, String)>,
}

impl Options {
    /// Parses `CHANNEL:HANDLE` (the `--brand` flag), normalising both parts.
    /// The handle may itself contain colons (`bluesky:did:plc:abc`).
    pub fn parse_brand(spec: &str) -> Result<(String, String), String> {
        let (channel, handle) = spec
            .split_once(':')
            .ok_or_else(|| format!("{spec:?} is not CHANNEL:HANDLE (e.g. instagram:bikeshop)"))?;
        let channel = Channel::parse(channel)
            .map_err(|e| format!("{spec:?}: the channel {e}"))?
            .as_str()
            .to_string();
        let handle = Handle::parse(handle)
            .map_err(|e| format!("{spec:?}: the handle {e}"))?
            .as_str()
            .to_string();
        Ok((alias(&channel).to_string(), handle))
    }

    /// Adds one brand account; a builder for tests and library callers.
    pub fn with_brand(mut self, channel: &str, handle: &str) -> Options {
        self.brand.push((channel.to_string(), handle.to_string()));
        self
    }
}

/// Channel names that mean the same platform.
fn alias(channel: &str) -> &str {
    match channel {
        "twitter" => "x",
        other => other,
    }
}

/// The normalised brand accounts, looked up per record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Brand {
    accounts: HashMap<String, HashSet<String>>,
}

impl Brand {
    /// Normalises the options; entries that do not parse are ignored (the
    /// CLI has already refused them).
    pub(crate) fn new(options: &Options) -> Brand {
        let mut accounts: HashMap<String, HashSet<String>> = HashMap::new();
        for (channel, handle) in &options.brand {
            let (Ok(c), Ok(h)) = (Channel::parse(channel), Handle::parse(handle)) else {
                continue;
            };
            accounts
                .entry(alias(c.as_str()).to_string())
                .or_default()
                .insert(h.as_str().to_string());
        }
        Brand { accounts }
    }

    /// Whether any of `names` (a handle, an account id, …) is one of the
    /// shop's accounts on `channel`.
    pub(crate) fn is<'n>(&self, channel: &str, names: impl IntoIterator<Item = &'n str>) -> bool {
        let Some(set) = self.accounts.get(channel) else {
            return false;
        };
        names.into_iter().any(|n| {
            let n = n.trim().trim_start_matches('@');
            !n.is_empty() && set.contains(&n.to_lowercase())
        })
    }

    /// One of the shop's handles on `channel`, the shortest (most likely a
    /// handle rather than an id), for formats that never name their author.
    pub(crate) fn handle(&self, channel: &str) -> Option<&str> {
        self.accounts
            .get(channel)?
            .iter()
            .min_by_key(|h| (h.len(), h.as_str()))
            .map(String::as_str)
    }

    /// Marks a canonical record `from_brand` when its author is the shop's.
    pub(crate) fn mark(&self, item: Result<Item, IngestError>) -> Result<Item, IngestError> {
        match item {
            Ok(Item::Record {
                line,
                record: Record::Interaction(mut i),
            }) => {
                if !i.from_brand && self.is(i.channel.as_str(), [i.author.handle.as_str()]) {
                    i.from_brand = true;
                }
                Ok(Item::Record {
                    line,
                    record: Record::Interaction(i),
                })
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_specs_are_normalised_and_may_hold_colons() {
        assert_eq!(
            Options::parse_brand("Instagram:@BikeShop"),
            Ok(("instagram".into(), "bikeshop".into()))
        );
        assert_eq!(
            Options::parse_brand("bluesky:did:plc:abc"),
            Ok(("bluesky".into(), "did:plc:abc".into()))
        );
        assert_eq!(
            Options::parse_brand("twitter:shop"),
            Ok(("x".into(), "shop".into()))
        );
        assert!(Options::parse_brand("bikeshop").is_err());
        assert!(Options::parse_brand("insta gram:shop").is_err());
        assert!(Options::parse_brand("x:@").is_err());
    }

    #[test]
    fn brand_lookup_ignores_case_and_at_signs() {
        let brand = Brand::new(&Options::default().with_brand("X", "@Shop"));
        assert!(brand.is("x", ["@SHOP"]));
        assert!(brand.is("x", ["someone", "shop"]));
        assert!(!brand.is("instagram", ["shop"]));
        assert_eq!(brand.handle("x"), Some("shop"));
    }
}
