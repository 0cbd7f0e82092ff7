//! Value-first touches: what the shop gave a person before asking them
//! for anything.
//!
//! Relationships with people who have an audience go wrong when the first
//! thing they hear from a shop is an ask ("post about us?"). The team logs
//! what it gives — a sample, a shout-out, help with a problem, an
//! introduction — and what it asks; the ledger shows whether giving came
//! first and how much was given per ask.

use serde::Serialize;

/// Kinds of touch that give something.
pub const GIVING: &[&str] = &["gift", "sample", "shoutout", "feature", "help", "intro"];
/// The kind of touch that asks for something.
pub const ASK: &str = "ask";

/// A known kind of touch.
pub fn is_kind(kind: &str) -> bool {
    kind == ASK || GIVING.contains(&kind)
}

/// What was given and asked, in order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Ledger {
    /// Touches that gave something.
    pub given: usize,
    /// Touches that asked for something.
    pub asked: usize,
    /// Something was given before the first ask (or nothing was asked).
    pub value_first: bool,
    /// The latest touch (seconds since the epoch).
    pub last_at: Option<i64>,
    /// A sentence for the team, when the order is wrong or giving is thin.
    pub warning: Option<String>,
}

/// The ledger of `(kind, at)` touches, in any order.
pub fn ledger(touches: &[(&str, i64)]) -> Ledger {
    let mut sorted: Vec<(&str, i64)> = touches.to_vec();
    sorted.sort_by_key(|&(_, at)| at);
    let given = sorted.iter().filter(|(k, _)| *k != ASK).count();
    let asked = sorted.len() - given;
    let first_ask = sorted.iter().position(|(k, _)| *k == ASK);
    let value_first = match first_ask {
        None => true,
        Some(i) => sorted[..i].iter().any(|(k, _)| *k != ASK),
    };
    let warning = if !value_first {
        Some("asked before giving anything".to_string())
    } else if asked > given {
        let things = if given == 1 { "thing" } else { "things" };
        Some(format!("{asked} asks against {given} {things} given"))
    } else {
        None
    };
    Ledger {
        given,
        asked,
        value_first,
        last_at: sorted.last().map(|&(_, at)| at),
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn giving_first_is_value_first_and_asking_first_is_not() {
        let l = ledger(&[("ask", 30), ("sample", 10), ("shoutout", 20)]);
        assert_eq!((l.given, l.asked, l.value_first), (2, 1, true));
        assert_eq!(l.warning, None);
        assert_eq!(l.last_at, Some(30));
        let l = ledger(&[("sample", 20), ("ask", 10)]);
        assert!(!l.value_first);
        assert_eq!(l.warning.as_deref(), Some("asked before giving anything"));
        let l = ledger(&[("help", 1), ("ask", 2), ("ask", 3)]);
        assert!(l.value_first);
        assert_eq!(l.warning.as_deref(), Some("2 asks against 1 thing given"));
        assert_eq!(
            ledger(&[]),
            Ledger {
                value_first: true,
                ..Ledger::default()
            }
        );
    }

    #[test]
    fn kinds_are_known() {
        assert!(is_kind("ask") && is_kind("sample"));
        assert!(!is_kind("bribe"));
    }
}
