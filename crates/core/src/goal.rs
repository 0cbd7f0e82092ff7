//! How many true fans the shop needs.
//!
//! Kevin Kelly's arithmetic, with the shop's own numbers: the revenue goal
//! divided by what one true fan is worth per year. A fan's yearly value is
//! what they paid (paid and pending orders, converted to the goal's
//! currency) annualised over the span of data the shop has: 240 EUR in a
//! 90-day export is 973 EUR a year. Short spans overstate it, so the span
//! counts as at least [`MIN_SPAN_DAYS`].

use crate::profile::Profile;
use serde::Serialize;

/// The shortest span a yearly value is extrapolated from.
pub const MIN_SPAN_DAYS: f64 = 30.0;

/// One order of a true fan.
#[derive(Debug, Clone)]
pub struct Paid {
    /// Total.
    pub total: f64,
    /// Currency code.
    pub currency: String,
}

/// The goal against the fans the shop has.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// Revenue wanted per year.
    pub revenue_goal: f64,
    /// Its currency.
    pub currency: String,
    /// Days of data the values are annualised over.
    pub span_days: f64,
    /// Average yearly value of a true fan, in the goal's currency.
    pub average_true_fan_yearly_value: Option<f64>,
    /// `ceil(revenue_goal / average_true_fan_yearly_value)`.
    pub true_fans_needed: Option<u64>,
    /// True fans now.
    pub true_fans_now: u64,
    /// True fans whose orders could be valued (known currencies).
    pub true_fans_valued: u64,
}

/// The goal for `fans` (each a true fan's orders), over `span_days` of data.
pub fn goal(profile: &Profile, fans: &[Vec<Paid>], span_days: f64) -> Goal {
    let mut paid: Vec<(String, f64)> = Vec::new();
    let mut valued = 0;
    for orders in fans {
        if orders
            .iter()
            .any(|o| profile.convert(o.total, &o.currency).is_some())
        {
            valued += 1;
        }
        for o in orders {
            let c = o.currency.to_ascii_uppercase();
            match paid.iter_mut().find(|(k, _)| *k == c) {
                Some((_, t)) => *t += o.total,
                None => paid.push((c, o.total)),
            }
        }
    }
    goal_of_totals(profile, &paid, fans.len() as u64, valued, span_days)
}

/// The goal from what `fans` true fans paid in all, per currency
/// (`paid`), `valued` of them in a currency the profile converts, over
/// `span_days` of data. A fan's yearly value averages to the converted
/// sum annualised over the valued fans.
pub fn goal_of_totals(
    profile: &Profile,
    paid: &[(String, f64)],
    fans: u64,
    valued: u64,
    span_days: f64,
) -> Goal {
    let span = span_days.max(MIN_SPAN_DAYS);
    let sum: f64 = paid
        .iter()
        .filter_map(|(c, total)| profile.convert(*total, c))
        .sum();
    let average = (valued > 0).then(|| sum * 365.0 / span / valued as f64);
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    Goal {
        revenue_goal: profile.revenue_goal,
        currency: profile.currency.clone(),
        span_days: round2(span_days),
        average_true_fan_yearly_value: average.map(round2),
        true_fans_needed: average
            .filter(|a| *a > 0.0)
            .map(|a| (profile.revenue_goal / a).ceil() as u64),
        true_fans_now: fans,
        true_fans_valued: valued,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(total: f64, currency: &str) -> Paid {
        Paid {
            total,
            currency: currency.into(),
        }
    }

    #[test]
    fn fans_needed_is_the_goal_over_the_annualised_fan_value() {
        let p = Profile::trailwerk(); // 250 000 EUR
                                      // Over 73 days (a fifth of a year): fan A paid 200 EUR → 1000 a
                                      // year; fan B paid 10 000 THB = 260 EUR → 1300 a year; average
                                      // 1150; 250 000 / 1150 = 217.4 → 218 fans.
        let fans = vec![
            vec![paid(120.0, "EUR"), paid(80.0, "EUR")],
            vec![paid(10_000.0, "THB")],
            vec![paid(50.0, "XYZ")],
        ];
        let g = goal(&p, &fans, 73.0);
        assert_eq!(g.average_true_fan_yearly_value, Some(1150.0));
        assert_eq!(g.true_fans_needed, Some(218));
        assert_eq!((g.true_fans_now, g.true_fans_valued), (3, 2));
    }

    #[test]
    fn short_spans_and_no_fans_are_handled() {
        let p = Profile::trailwerk();
        let g = goal(&p, &[vec![paid(100.0, "EUR")]], 3.0);
        // 3 days count as 30: 100 × 365 / 30.
        assert_eq!(g.average_true_fan_yearly_value, Some(1216.67));
        let none = goal(&p, &[], 90.0);
        assert_eq!(none.true_fans_needed, None);
    }
}
