//! Failed-login rate limiting: at most [`MAX_FAILURES`] failures per
//! [`WINDOW`] for one email and, separately, for one client address —
//! enough for a person who mistypes, far too few to guess a password.
//! Counters live in memory: a restart forgets them, which costs an
//! attacker a restart they cannot trigger.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per key and window.
pub const MAX_FAILURES: usize = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Remembers recent failed logins per key (`email:…`, `ip:…`).
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// Whether any of `keys` has used up its failures.
    pub fn is_blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter().any(|k| {
            map.get_mut(k).is_some_and(|q| {
                while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
                    q.pop_front();
                }
                q.len() >= MAX_FAILURES
            })
        })
    }

    /// Records one failure against every key.
    pub fn fail(&self, keys: &[String]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory: forget keys whose failures are all old.
        if map.len() > 10_000 {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) <= WINDOW));
        }
        for k in keys {
            let q = map.entry(k.clone()).or_default();
            q.push_back(now);
            if q.len() > MAX_FAILURES {
                q.pop_front();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_the_key_but_not_others() {
        let l = LoginLimiter::default();
        let k = vec!["email:a@example.org".to_string()];
        for _ in 0..MAX_FAILURES {
            assert!(!l.is_blocked(&k));
            l.fail(&k);
        }
        assert!(l.is_blocked(&k));
        assert!(!l.is_blocked(&["email:b@example.org".to_string()]));
    }
}
