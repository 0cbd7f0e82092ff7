//! The platforms' ways of writing a moment.
//!
//! RFC 3339 (`2026-10-02T09:14:00.000Z`) is the common case. Graph APIs
//! write the offset without a colon (`+0000`), WooCommerce's `_gmt` fields
//! have no offset at all (UTC), Twitter archives use
//! `Wed Oct 10 20:19:24 +0000 2018`, and Reddit, webhooks and Jetstream use
//! numbers since the epoch. Every result lies in the years 0001–9999, so it
//! survives the canonical form's RFC 3339 round trip.

use rapport_core::Timestamp;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses any of the textual forms above; `None` when it is none of them.
pub(crate) fn parse(raw: &str) -> Option<Timestamp> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = Timestamp::parse(s) {
        return Some(t);
    }
    if let Some(t) = iso_lenient(s) {
        return Some(t);
    }
    if let Some(t) = twitter_classic(s) {
        return Some(t);
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse::<f64>().ok().and_then(epoch_guess);
    }
    None
}

/// An ISO 8601 date-time with a space for `T`, an offset without a colon,
/// or no offset (read as UTC).
fn iso_lenient(s: &str) -> Option<Timestamp> {
    if s.len() < 19 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // Time, then optional fraction, then optional zone.
    let zone_at = rest
        .char_indices()
        .skip(8)
        .find(|(_, c)| matches!(c, 'Z' | 'z' | '+' | '-'))
        .map_or(rest.len(), |(i, _)| i);
    let (clock, zone) = rest.split_at(zone_at);
    let zone = match zone {
        "" => "Z".to_string(),
        z if z.len() == 5 && z[1..].bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}:{}", &z[..3], &z[3..])
        }
        z => z.to_string(),
    };
    Timestamp::parse(&format!("{date}T{clock}{zone}")).ok()
}

/// `Wed Oct 10 20:19:24 +0000 2018`, the Twitter v1.1 and archive form.
fn twitter_classic(s: &str) -> Option<Timestamp> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_weekday, month, day, clock, offset, year] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS
        .iter()
        .position(|m| month.eq_ignore_ascii_case(m))
        .and_then(|i| Month::try_from(i as u8 + 1).ok())?;
    let date = Date::from_calendar_date(year.parse().ok()?, m, day.parse().ok()?).ok()?;
    let mut hms = clock.split(':').map(|p| p.parse::<u8>().ok());
    let time = Time::from_hms(hms.next()??, hms.next()??, hms.next()??).ok()?;
    let sign: i8 = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = offset.get(1..)?;
    if digits.len() != 4 {
        return None;
    }
    let offset = UtcOffset::from_hms(
        sign * digits.get(..2)?.parse::<i8>().ok()?,
        sign * digits.get(2..)?.parse::<i8>().ok()?,
        0,
    )
    .ok()?;
    let t = PrimitiveDateTime::new(date, time).assume_offset(offset);
    checked(t.unix_timestamp())
}

/// A moment given in seconds since the epoch (fractions dropped).
pub(crate) fn from_secs(secs: f64) -> Option<Timestamp> {
    if !secs.is_finite() {
        return None;
    }
    checked(secs.floor() as i64)
}

/// A moment given in microseconds since the epoch (Jetstream's `time_us`).
pub(crate) fn from_micros(us: f64) -> Option<Timestamp> {
    from_secs(us / 1e6)
}

/// A number whose unit is unknown: milliseconds when it is too large to be
/// seconds of this era, else seconds.
fn epoch_guess(n: f64) -> Option<Timestamp> {
    if n > 1e11 {
        from_secs(n / 1e3)
    } else {
        from_secs(n)
    }
}

/// A time taken from a snowflake id: `(id >> shift) + epoch_ms`
/// milliseconds. X ids use shift 22 from 2010-11-04, Mastodon ids shift 16
/// from the Unix epoch.
pub(crate) fn from_snowflake(id: &str, shift: u32, epoch_ms: u64) -> Option<Timestamp> {
    let n: u64 = id.trim().parse().ok()?;
    let ms = (n >> shift).checked_add(epoch_ms)?;
    // A plausible moment of these platforms (2006 and later) or nothing.
    (ms > 1_136_073_600_000)
        .then(|| from_secs(ms as f64 / 1e3))
        .flatten()
}

fn checked(secs: i64) -> Option<Timestamp> {
    let t = OffsetDateTime::from_unix_timestamp(secs).ok()?;
    (1..=9999).contains(&t.year()).then_some(Timestamp(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(raw: &str) -> String {
        parse(raw).map(|t| t.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn the_platforms_forms_all_parse_to_utc() {
        assert_eq!(iso("2026-10-02T09:14:00.123Z"), "2026-10-02T09:14:00Z");
        assert_eq!(iso("2026-10-02T11:14:00+0200"), "2026-10-02T09:14:00Z");
        assert_eq!(iso("2026-10-02T09:14:00"), "2026-10-02T09:14:00Z");
        assert_eq!(iso("2026-10-02 09:14:00"), "2026-10-02T09:14:00Z");
        assert_eq!(
            iso("Wed Oct 10 20:19:24 +0000 2018"),
            "2018-10-10T20:19:24Z"
        );
        assert_eq!(
            iso("Wed Oct 10 22:19:24 +0200 2018"),
            "2018-10-10T20:19:24Z"
        );
        assert_eq!(iso("1790000000"), "2026-09-21T14:13:20Z");
        assert_eq!(iso("1790000000000"), "2026-09-21T14:13:20Z");
        assert_eq!(iso("last tuesday"), "");
        assert_eq!(iso("2026-13-02T09:14:00"), "");
    }

    #[test]
    fn snowflakes_carry_their_time() {
        // An X id from 2018 and a Mastodon id from 2022.
        assert_eq!(
            from_snowflake("1050118621198921728", 22, 1_288_834_974_657).map(|t| t.to_rfc3339()),
            Some("2018-10-10T20:19:24Z".into())
        );
        assert!(from_snowflake("109", 16, 0).is_none());
        assert!(from_snowflake("abc", 16, 0).is_none());
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        assert!(from_secs(f64::NAN).is_none());
        assert!(from_secs(1e300).is_none());
        assert!(from_secs(-1e12).is_none());
    }
}
