//! The shop's time zone: the dashboard writes every moment in it.
//!
//! A zone is an IANA name ("Europe/Berlin", "Asia/Bangkok", "UTC") and
//! its rules from the time zone database built into the binary (no
//! system files, no network), so summer time is followed. A [`Zone`] is
//! a small copyable handle: each name is looked up once per process and
//! kept.

use std::sync::{Mutex, OnceLock};

use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One named zone and its rules, kept for the life of the process.
struct Named {
    name: String,
    rules: TimeZone,
}

/// A time zone by its IANA name.
#[derive(Clone, Copy)]
pub struct Zone(&'static Named);

/// Every zone looked up so far (a shop has one; a process seldom sees
/// more than a handful).
fn known() -> &'static Mutex<Vec<&'static Named>> {
    static KNOWN: OnceLock<Mutex<Vec<&'static Named>>> = OnceLock::new();
    KNOWN.get_or_init(|| Mutex::new(Vec::new()))
}

impl Zone {
    /// The zone `name` ("Europe/Berlin"; any case), or why not.
    pub fn named(name: &str) -> Result<Zone, String> {
        let wanted = name.trim();
        let mut known = known()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(z) = known.iter().find(|z| z.name.eq_ignore_ascii_case(wanted)) {
            return Ok(Zone(z));
        }
        let rules = TimeZone::get(wanted).map_err(|_| {
            format!("timezone: {wanted:?} is not a time zone name (like Europe/Berlin, Asia/Bangkok or UTC)")
        })?;
        let name = rules.iana_name().unwrap_or(wanted).to_string();
        if let Some(z) = known.iter().find(|z| z.name == name) {
            return Ok(Zone(z));
        }
        let named: &'static Named = Box::leak(Box::new(Named { name, rules }));
        known.push(named);
        Ok(Zone(named))
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone::named("UTC").expect("the built-in database has UTC")
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        &self.0.name
    }

    /// The offset from UTC in force at `at` (seconds since the epoch), in
    /// seconds.
    pub fn offset_at(self, at: i64) -> i64 {
        jiff::Timestamp::from_second(at)
            .map_or(0, |t| i64::from(self.0.rules.to_offset(t).seconds()))
    }

    /// `at` moved by the zone's offset then: the seconds whose UTC
    /// calendar reading is the local one.
    pub fn local(self, at: i64) -> i64 {
        at + self.offset_at(at)
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::utc()
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Zone {}

impl std::fmt::Debug for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zone({})", self.0.name)
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.name)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        Zone::named(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_time_is_followed() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        // 2026-01-15 12:00 UTC is 13:00 in Berlin, 2026-07-15 12:00 UTC 14:00.
        assert_eq!(berlin.offset_at(1_768_478_400), 3_600);
        assert_eq!(berlin.offset_at(1_784_116_800), 7_200);
        let bangkok = Zone::named("asia/bangkok").unwrap();
        assert_eq!(bangkok.name(), "Asia/Bangkok");
        assert_eq!(bangkok.local(0), 7 * 3_600);
        assert_eq!(Zone::utc().offset_at(1_784_116_800), 0);
    }

    #[test]
    fn a_name_is_looked_up_once_and_unknown_names_are_refused() {
        let a = Zone::named("Europe/Berlin").unwrap();
        let b = Zone::named("europe/berlin").unwrap();
        assert!(std::ptr::eq(a.0, b.0));
        let e = Zone::named("Mars/Olympus").unwrap_err();
        assert!(
            e.contains("\"Mars/Olympus\" is not a time zone name"),
            "{e}"
        );
        assert!(Zone::named("").is_err());
    }

    #[test]
    fn it_reads_and_writes_as_its_name() {
        let z: Zone = serde_json::from_str("\"Asia/Bangkok\"").unwrap();
        assert_eq!(serde_json::to_string(&z).unwrap(), "\"Asia/Bangkok\"");
        assert!(serde_json::from_str::<Zone>("\"Nowhere\"").is_err());
    }
}
