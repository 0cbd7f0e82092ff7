//! Failed-login rate limiting: at most [`MAX_FAILURES`] attempts that are
//! failures or still being checked per [`WINDOW`] for one email and,
//! separately, for one client address — enough for a person who mistypes,
//! far too few to guess a password.
//!
//! An attempt is *reserved* before its password is checked, under the same
//! lock that reads the counters, and a reservation counts like a failure
//! until it is settled. So however many requests for one account arrive at
//! once, at most [`MAX_FAILURES`] of them ever reach the (slow) password
//! check; the others are refused without it. A login that succeeds, or that
//! was never checked, gives its reservation back; one that fails, errs or
//! is abandoned keeps it counted.
//!
//! Counters live in memory: a restart forgets them, which costs an
//! attacker a restart they cannot trigger.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures (and attempts being checked) allowed per key and window.
pub const MAX_FAILURES: usize = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Past this many keys, keys whose entries are all older than the window
/// are forgotten, so memory stays bounded.
const PRUNE_ABOVE: usize = 10_000;

type Counters = HashMap<String, VecDeque<Instant>>;

/// Remembers recent failed and pending logins per key (`email:…`, `ip:…`).
#[derive(Debug, Default)]
pub struct LoginLimiter {
    entries: Arc<Mutex<Counters>>,
}

/// One reserved login attempt (see [`LoginLimiter::reserve`]).
///
/// Dropping it without [`Attempt::release`] leaves it counted as a
/// failure, so an attempt cut short by an error or a client that went
/// away still counts.
#[derive(Debug)]
#[must_use = "an attempt dropped without release() counts as a failure"]
pub struct Attempt {
    entries: Arc<Mutex<Counters>>,
    keys: Vec<String>,
    at: Instant,
}

impl LoginLimiter {
    /// Reserves one attempt against every key in `keys`, or `None` when
    /// any of them already holds [`MAX_FAILURES`] failures or pending
    /// attempts within the window. Checking and reserving happen under one
    /// lock, so parallel requests cannot all slip past the check.
    pub fn reserve(&self, keys: &[String]) -> Option<Attempt> {
        let now = Instant::now();
        let mut map = lock(&self.entries);
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) <= WINDOW));
        }
        let full = keys.iter().any(|k| {
            map.get_mut(k).is_some_and(|q| {
                while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
                    q.pop_front();
                }
                q.len() >= MAX_FAILURES
            })
        });
        if full {
            return None;
        }
        for k in keys {
            map.entry(k.clone()).or_default().push_back(now);
        }
        Some(Attempt {
            entries: self.entries.clone(),
            keys: keys.to_vec(),
            at: now,
        })
    }

    /// Whether any of `keys` has used up its attempts (a reservation
    /// would be refused).
    pub fn is_blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let map = lock(&self.entries);
        keys.iter().any(|k| {
            map.get(k).is_some_and(|q| {
                q.iter()
                    .filter(|t| now.duration_since(**t) <= WINDOW)
                    .count()
                    >= MAX_FAILURES
            })
        })
    }
}

impl Attempt {
    /// Gives the reservation back: the login succeeded, or its password
    /// was never checked. It no longer counts against any key.
    pub fn release(self) {
        let mut map = lock(&self.entries);
        for k in &self.keys {
            if let Some(q) = map.get_mut(k) {
                if let Some(i) = q.iter().position(|t| *t == self.at) {
                    q.remove(i);
                }
                if q.is_empty() {
                    map.remove(k);
                }
            }
        }
    }
}

fn lock(m: &Mutex<Counters>) -> std::sync::MutexGuard<'_, Counters> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn five_failures_block_the_key_but_not_others() {
        let l = LoginLimiter::default();
        let k = key("email:a@example.org");
        for _ in 0..MAX_FAILURES {
            assert!(!l.is_blocked(&k));
            drop(l.reserve(&k).expect("still allowed"));
        }
        assert!(l.is_blocked(&k));
        assert!(l.reserve(&k).is_none());
        assert!(l.reserve(&key("email:b@example.org")).is_some());
    }

    #[test]
    fn pending_attempts_count_until_they_are_settled() {
        let l = LoginLimiter::default();
        let k = key("ip:192.0.2.1");
        // Five attempts in flight at once: a sixth is refused before any
        // of them has been checked.
        let pending: Vec<Attempt> = (0..MAX_FAILURES)
            .map(|_| l.reserve(&k).expect("room for five"))
            .collect();
        assert!(l.reserve(&k).is_none());
        // A success gives its slot back; the other four stay counted.
        let mut pending = pending.into_iter();
        pending.next().expect("five").release();
        let sixth = l.reserve(&k).expect("a released slot is free again");
        assert!(l.reserve(&k).is_none());
        drop(pending);
        drop(sixth);
        assert!(l.is_blocked(&k), "dropped attempts count as failures");
    }

    #[test]
    fn an_attempt_is_refused_when_any_of_its_keys_is_full() {
        let l = LoginLimiter::default();
        let ip = key("ip:192.0.2.7");
        for _ in 0..MAX_FAILURES {
            drop(l.reserve(&ip));
        }
        let both = vec!["email:c@example.org".to_string(), ip[0].clone()];
        assert!(l.reserve(&both).is_none());
        // Nothing was reserved for the email by the refused attempt.
        assert!(!l.is_blocked(&both[..1]));
    }
}
