//! Time: RFC 3339 formatting without allocation, and the delays people and
//! the shop take to answer.

use crate::rng::Rng;

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;
/// Seconds in an hour.
pub(crate) const HOUR: i64 = 3_600;

/// Year, month and day of a count of days since 1970-01-01 (proleptic
/// Gregorian calendar; the era arithmetic of the well-known civil algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn two(buf: &mut Vec<u8>, n: u32) {
    buf.push(b'0' + (n / 10 % 10) as u8);
    buf.push(b'0' + (n % 10) as u8);
}

/// Appends `secs` as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn push_rfc3339(buf: &mut Vec<u8>, secs: i64) {
    let (y, m, d) = civil(secs.div_euclid(DAY));
    let rest = secs.rem_euclid(DAY) as u32;
    let y = y.clamp(0, 9_999) as u32;
    two(buf, y / 100);
    two(buf, y % 100);
    buf.push(b'-');
    two(buf, m);
    buf.push(b'-');
    two(buf, d);
    buf.push(b'T');
    two(buf, rest / 3_600);
    buf.push(b':');
    two(buf, rest / 60 % 60);
    buf.push(b':');
    two(buf, rest % 60);
    buf.push(b'Z');
}

/// How long the shop takes to answer: most within hours, a few after a
/// day or two. Answers written at night (22:00–06:00 in Germany) wait for
/// the morning shift.
pub(crate) fn shop_delay(r: &mut Rng, from: i64) -> i64 {
    let mut d = r.lognormal(2.5 * HOUR as f64, 1.15) as i64;
    d = d.max(4 * 60);
    if d > 2 * DAY {
        d = DAY + r.below(DAY as u64) as i64;
    }
    let at = from + d;
    let hour = at.rem_euclid(DAY) / HOUR;
    if !(5..21).contains(&hour) {
        let morning = at - at.rem_euclid(DAY) + if hour >= 21 { DAY } else { 0 } + 5 * HOUR;
        return morning + r.below(2 * HOUR as u64) as i64 - from;
    }
    d
}

/// How long a person takes to come back to a thread.
pub(crate) fn person_delay(r: &mut Rng) -> i64 {
    (r.lognormal(1.5 * HOUR as f64, 1.2) as i64).clamp(90, 4 * DAY)
}

/// How long after a post someone comments or likes it.
pub(crate) fn reaction_delay(r: &mut Rng) -> i64 {
    (r.lognormal(3.0 * HOUR as f64, 1.5) as i64).clamp(45, 30 * DAY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::Timestamp;

    #[test]
    fn formatting_matches_the_core_timestamp() {
        let mut r = Rng::new(5);
        for secs in [0, 1_795_176_000, 951_782_400, 4_107_542_399, 1_709_164_800] {
            let mut buf = Vec::new();
            push_rfc3339(&mut buf, secs);
            assert_eq!(
                String::from_utf8(buf).expect("ascii"),
                Timestamp(secs).to_rfc3339()
            );
        }
        for _ in 0..5_000 {
            let secs = r.below(4_000_000_000) as i64;
            let mut buf = Vec::new();
            push_rfc3339(&mut buf, secs);
            assert_eq!(
                String::from_utf8(buf).expect("ascii"),
                Timestamp(secs).to_rfc3339()
            );
        }
    }

    #[test]
    fn the_default_end_is_noon_on_the_twentieth_of_november() {
        let mut buf = Vec::new();
        push_rfc3339(&mut buf, 1_795_176_000);
        assert_eq!(buf, b"2026-11-20T12:00:00Z");
    }

    #[test]
    fn the_shop_answers_in_working_hours_and_mostly_within_a_day() {
        let mut r = Rng::new(11);
        let from = 1_795_176_000 - 10 * DAY;
        let mut within_day = 0;
        for _ in 0..2_000 {
            let d = shop_delay(&mut r, from);
            assert!(d > 0 && d <= 3 * DAY, "{d}");
            let hour = (from + d).rem_euclid(DAY) / HOUR;
            assert!((5..21).contains(&hour), "{hour}");
            within_day += usize::from(d <= DAY);
        }
        assert!(within_day > 1_500, "{within_day}");
    }
}
