//! The API's rate limit per token: a bucket per token that holds up to
//! `burst` requests and refills `per_second` a second. A request finds a
//! request's worth in its token's bucket or is answered 429 with
//! `Retry-After`. Dashboard sessions are not limited (a person clicks);
//! scripts and integrations use tokens.
//!
//! Buckets live in memory, like the login counters: a restart refills them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Past this many buckets, the full ones (tokens idle long enough) are
/// forgotten, so memory stays bounded.
const PRUNE_ABOVE: usize = 10_000;

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

/// The buckets of the tokens seen lately, by token hash.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// Takes one request from `key`'s bucket; `Err(wait)` when it is
    /// empty, with how long until it holds one again.
    pub fn take(&self, key: &str, rate: TokenRate) -> Result<(), Duration> {
        if rate.per_second == 0 {
            return Ok(());
        }
        let per_second = f64::from(rate.per_second);
        let burst = f64::from(rate.burst.max(1));
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, (held, at)| {
                *held + now.duration_since(*at).as_secs_f64() * per_second < burst
            });
        }
        let (held, at) = buckets.entry(key.to_string()).or_insert((burst, now));
        *held = (*held + now.duration_since(*at).as_secs_f64() * per_second).min(burst);
        *at = now;
        if *held >= 1.0 {
            *held -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *held) / per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_burst_then_waits_and_others_are_not_touched() {
        let limiter = RateLimiter::default();
        let rate = TokenRate {
            per_second: 1,
            burst: 3,
        };
        for _ in 0..3 {
            assert_eq!(limiter.take("a", rate), Ok(()));
        }
        let wait = limiter.take("a", rate).expect_err("the bucket is empty");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        assert_eq!(limiter.take("b", rate), Ok(()), "another token has its own");
        let off = TokenRate {
            per_second: 0,
            burst: 0,
        };
        assert_eq!(limiter.take("a", off), Ok(()), "0 turns the limit off");
    }
}
