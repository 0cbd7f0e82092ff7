//! Values parsed once at the edge and trusted afterwards.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Why a value could not be parsed. The message is shown to users as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The value was empty after trimming.
    #[error("is empty")]
    Empty,
    /// The value is longer than allowed.
    #[error("is longer than {max} characters")]
    TooLong {
        /// The maximum length.
        max: usize,
    },
    /// The value contains a character that is not allowed.
    #[error("contains {found:?}, which is not allowed here")]
    BadChar {
        /// The offending character.
        found: char,
    },
    /// The value is not an email address.
    #[error("{0:?} is not an email address")]
    NotEmail(String),
    /// The value is not an RFC 3339 timestamp.
    #[error("{0:?} is not an RFC 3339 timestamp (e.g. 2026-10-02T09:14:00Z)")]
    NotTimestamp(String),
}

/// A channel name such as `instagram` or `mastodon`: lowercase ASCII
/// letters, digits, `-` and `_`. Any channel is accepted so a shop can
/// bring its own (a forum, a review site).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Channel(String);

impl Channel {
    /// Parses and normalises (lowercases) a channel name.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValueError::Empty);
        }
        if s.len() > 32 {
            return Err(ValueError::TooLong { max: 32 });
        }
        let lower = s.to_ascii_lowercase();
        if let Some(c) = lower
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(ValueError::BadChar { found: c });
        }
        Ok(Channel(lower))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A handle on one channel. Leading `@` is dropped and the handle is
/// lowercased, because every supported platform treats handles
/// case-insensitively; the display name keeps the person's own spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Handle(String);

impl Handle {
    /// Parses and normalises a handle.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        // Every `@` and space before the name goes ("@ anna", as a display
        // name can read), so a handle parses to itself again.
        let s = raw
            .trim_start_matches(|c: char| c == '@' || c.is_whitespace())
            .trim_end();
        if s.is_empty() {
            return Err(ValueError::Empty);
        }
        if s.chars().count() > 256 {
            return Err(ValueError::TooLong { max: 256 });
        }
        if let Some(c) = s.chars().find(|c| c.is_control()) {
            return Err(ValueError::BadChar { found: c });
        }
        Ok(Handle(s.to_lowercase()))
    }

    /// The normalised handle.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account on `channel` as people write it: `@anna.rides`, and
/// `@anna@fans.example` on Mastodon, where the server is part of the
/// name; a handle that is an email address (the `email` and `shop`
/// channels know people by their address) is shown as it is, without
/// an `@` in front.
pub fn at_handle(channel: &str, handle: &str) -> String {
    if channel != "mastodon" && Email::parse(handle).is_ok() {
        handle.to_string()
    } else {
        format!("@{handle}")
    }
}

/// An email address, lowercased. Only the shape is checked (one `@`, a
/// local part, a dotted domain); deliverability is not our business.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses and normalises an email address.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValueError::Empty);
        }
        if s.len() > 254 {
            return Err(ValueError::TooLong { max: 254 });
        }
        let bad = || ValueError::NotEmail(s.to_string());
        let (local, domain) = s.split_once('@').ok_or_else(bad)?;
        let shape_ok = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if !shape_ok {
            return Err(bad());
        }
        Ok(Email(s.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A moment in time, in whole seconds since the Unix epoch (UTC).
///
/// Sub-second precision is dropped: no metric Rapport computes needs it, and
/// an integer sorts and stores cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses an RFC 3339 timestamp such as `2026-10-02T09:14:00Z`.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let s = raw.trim();
        OffsetDateTime::parse(s, &Rfc3339)
            .map(|t| Timestamp(t.unix_timestamp()))
            .map_err(|_| ValueError::NotTimestamp(s.to_string()))
    }

    /// Seconds since the epoch.
    pub fn secs(self) -> i64 {
        self.0
    }

    /// RFC 3339 in UTC, e.g. `2026-10-02T09:14:00Z`.
    pub fn to_rfc3339(self) -> String {
        match OffsetDateTime::from_unix_timestamp(self.0) {
            Ok(t) => {
                let (y, mo, d) = (t.year(), t.month() as u8, t.day());
                let (h, mi, s) = (t.hour(), t.minute(), t.second());
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
            }
            Err(_) => self.0.to_string(),
        }
    }

    /// The moment on the wall clock of `zone`, to the second:
    /// `2026-10-02 11:14:00` for `2026-10-02T09:14:00Z` in Berlin's summer.
    /// People read this; machines read [`Timestamp::to_rfc3339`].
    pub fn local_text(self, zone: crate::zone::Zone) -> String {
        let mut s = Timestamp(zone.local(self.0)).to_rfc3339();
        if s.ends_with('Z') {
            s.pop();
            s = s.replacen('T', " ", 1);
        }
        s
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// In the OpenAPI description a timestamp is an RFC 3339 string.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::DateTime,
            )))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Timestamp {}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_moment_reads_on_the_shops_wall_clock() {
        use crate::zone::Zone;
        let at = |s: &str| Timestamp::parse(s).expect("moment");
        let berlin = Zone::named("Europe/Berlin").expect("zone");
        let bangkok = Zone::named("Asia/Bangkok").expect("zone");
        // Summer time, winter time, and a day that is already tomorrow.
        assert_eq!(
            at("2026-07-02T09:14:05Z").local_text(berlin),
            "2026-07-02 11:14:05"
        );
        assert_eq!(
            at("2026-12-02T09:14:05Z").local_text(berlin),
            "2026-12-02 10:14:05"
        );
        assert_eq!(
            at("2026-12-02T19:30:00Z").local_text(bangkok),
            "2026-12-03 02:30:00"
        );
        assert_eq!(
            at("2026-12-02T19:30:00Z").local_text(Zone::utc()),
            "2026-12-02 19:30:00"
        );
    }

    #[test]
    fn accounts_are_written_as_people_write_them() {
        assert_eq!(at_handle("instagram", "anna.rides"), "@anna.rides");
        assert_eq!(
            at_handle("mastodon", "anna@fans.example"),
            "@anna@fans.example"
        );
        assert_eq!(
            at_handle("shop", "lena2815@example.net"),
            "lena2815@example.net"
        );
        assert_eq!(at_handle("email", "ben@mail.example"), "ben@mail.example");
        assert_eq!(at_handle("x", "not@an"), "@not@an");
    }

    use super::*;

    #[test]
    fn handles_drop_the_at_sign_and_case() {
        assert_eq!(
            Handle::parse(" @Anna.Rides ").unwrap().as_str(),
            "anna.rides"
        );
        assert_eq!(Handle::parse("@").unwrap_err(), ValueError::Empty);
        assert_eq!(Handle::parse(" @ @").unwrap_err(), ValueError::Empty);
        // A display name used as the handle ("@ trailandtyre", found by
        // fuzzing the YouTube reader): the space after the sign goes too,
        // and the handle parses to itself again.
        for raw in ["@ TrailAndTyre", " @@ trailandtyre ", "@ @trailandtyre"] {
            let once = Handle::parse(raw).unwrap();
            assert_eq!(once.as_str(), "trailandtyre", "{raw:?}");
            assert_eq!(Handle::parse(once.as_str()).unwrap(), once, "{raw:?}");
        }
    }

    #[test]
    fn emails_need_a_dotted_domain() {
        assert_eq!(
            Email::parse("Anna@Example.org").unwrap().as_str(),
            "anna@example.org"
        );
        assert!(Email::parse("anna@localhost").is_err());
        assert!(Email::parse("anna example.org").is_err());
        assert!(Email::parse("a@b@c.de").is_err());
    }

    #[test]
    fn channels_are_lowercase_words() {
        assert_eq!(Channel::parse("Instagram").unwrap().as_str(), "instagram");
        assert!(Channel::parse("insta gram").is_err());
    }

    #[test]
    fn timestamps_round_trip_through_rfc3339() {
        let t = Timestamp::parse("2026-10-02T09:14:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-02T09:14:00Z");
        let offset = Timestamp::parse("2026-10-02T11:14:00+02:00").unwrap();
        assert_eq!(offset, t);
        assert!(Timestamp::parse("2026-13-02T09:14:00Z").is_err());
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
