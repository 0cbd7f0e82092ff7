//! The API's rate limit per token: a bucket per token that holds up to
//! `burst` requests and refills `per_second` a second. A request finds a
//! request's worth in its token's bucket or is answered 429 with
//! `Retry-After`. Dashboard sessions are not limited (a person clicks);
//! scripts and integrations use tokens.
//!
//! Buckets live in the database (`rapport_store::limits`), one row per
//! token, taken from with one upsert per request: every server behind a
//! load balancer takes from the same bucket, so N servers do not allow N
//! times the rate.

use rapport_store::{RateRule, Store, StoreError};
use std::time::Duration;

/// Requests allowed per token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenRate {
    /// Sustained requests per second; 0 turns the limit off.
    pub per_second: u32,
    /// Requests a token may make at once after a quiet spell.
    pub burst: u32,
}

impl Default for TokenRate {
    fn default() -> Self {
        // Far above what an integration or a script paging through the
        // API needs, far below what it takes to keep a server busy.
        TokenRate {
            per_second: 100,
            burst: 600,
        }
    }
}

/// Takes one request from the bucket of the token hashed `key`;
/// `Ok(Err(wait))` when it is empty, with how long until it holds one
/// again. Blocks: run it through [`crate::state::blocking`].
pub fn take(
    store: &dyn Store,
    key: &str,
    rate: TokenRate,
) -> Result<Result<(), Duration>, StoreError> {
    if rate.per_second == 0 {
        return Ok(Ok(()));
    }
    let rule = RateRule {
        burst: f64::from(rate.burst.max(1)),
        per_second: f64::from(rate.per_second),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    Ok(match store.take_rate(key, rule, now)? {
        None => Ok(()),
        Some(wait) => Err(Duration::from_secs_f64(wait)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_burst_then_waits_and_others_are_not_touched() {
        let store = rapport_store::open("sqlite::memory:").expect("store");
        let store = &*store;
        let rate = TokenRate {
            per_second: 1,
            burst: 3,
        };
        for _ in 0..3 {
            assert_eq!(take(store, "a", rate).expect("store"), Ok(()));
        }
        let wait = take(store, "a", rate)
            .expect("store")
            .expect_err("the bucket is empty");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        assert_eq!(
            take(store, "b", rate).expect("store"),
            Ok(()),
            "another token has its own"
        );
        let off = TokenRate {
            per_second: 0,
            burst: 0,
        };
        assert_eq!(
            take(store, "a", off).expect("store"),
            Ok(()),
            "0 turns the limit off"
        );
    }
}
