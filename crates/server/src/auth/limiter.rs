//! Failed-login rate limiting: at most [`MAX_FAILURES`] attempts that are
//! failures or still being checked per [`WINDOW`] for one email and,
//! separately, for one client address — enough for a person who mistypes,
//! far too few to guess a password.
//!
//! An attempt is *reserved* before its password is checked, in the same
//! transaction that counts the attempts before it, and a reservation
//! counts like a failure until it is settled. So however many requests
//! for one account arrive at once, at whichever servers, at most
//! [`MAX_FAILURES`] of them ever reach the (slow) password check; the
//! others are refused without it. A login that succeeds, or that was
//! never checked, gives its reservation back; one that fails, errs or is
//! abandoned keeps it counted.
//!
//! The counts live in the database (`rapport_store::limits`), so every
//! server behind a load balancer counts the same attempts, and a restart
//! forgets nothing. The calls block: run them through
//! [`crate::state::blocking`].

use rapport_store::{LoginWindow, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// Failures (and attempts being checked) allowed per key and window.
pub const MAX_FAILURES: usize = 5;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Counts recent failed and pending logins per key (`email:…`, `ip:…`)
/// in the store.
#[derive(Clone)]
pub struct LoginLimiter {
    store: Arc<dyn Store>,
}

impl std::fmt::Debug for LoginLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginLimiter")
    }
}

/// One reserved login attempt (see [`LoginLimiter::reserve`]).
///
/// Dropping it without [`Attempt::release`] leaves it counted as a
/// failure, so an attempt cut short by an error or a client that went
/// away still counts.
#[derive(Debug)]
#[must_use = "an attempt dropped without release() counts as a failure"]
pub struct Attempt {
    limiter: LoginLimiter,
    id: String,
}

impl LoginLimiter {
    /// A limiter counting in `store`.
    pub fn new(store: Arc<dyn Store>) -> LoginLimiter {
        LoginLimiter { store }
    }

    fn window() -> LoginWindow {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        LoginWindow {
            now_ms,
            window_ms: WINDOW.as_millis() as i64,
            max: MAX_FAILURES as i64,
        }
    }

    /// Reserves one attempt against every key in `keys`, or `None` when
    /// any of them already holds [`MAX_FAILURES`] failures or pending
    /// attempts within the window. Checking and reserving are one
    /// transaction, so parallel requests — on any server — cannot all
    /// slip past the check.
    pub fn reserve(&self, keys: &[String]) -> Result<Option<Attempt>, StoreError> {
        let id = crate::auth::random_hex(16).map_err(|e| StoreError::Refused(e.to_string()))?;
        let reserved = self.store.reserve_login(&id, keys, &Self::window())?;
        Ok(reserved.then(|| Attempt {
            limiter: self.clone(),
            id,
        }))
    }

    /// Whether any of `keys` has used up its attempts (a reservation
    /// would be refused).
    pub fn is_blocked(&self, keys: &[String]) -> Result<bool, StoreError> {
        self.store.login_blocked(keys, &Self::window())
    }
}

impl Attempt {
    /// Gives the reservation back: the login succeeded, or its password
    /// was never checked. It no longer counts against any key.
    pub fn release(self) -> Result<(), StoreError> {
        self.limiter.store.release_login(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> LoginLimiter {
        let store = rapport_store::open("sqlite::memory:").expect("store");
        LoginLimiter::new(Arc::from(store))
    }

    fn key(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn five_failures_block_the_key_but_not_others() {
        let l = limiter();
        let k = key("email:a@example.org");
        for _ in 0..MAX_FAILURES {
            assert!(!l.is_blocked(&k).expect("read"));
            drop(l.reserve(&k).expect("store").expect("still allowed"));
        }
        assert!(l.is_blocked(&k).expect("read"));
        assert!(l.reserve(&k).expect("store").is_none());
        assert!(l
            .reserve(&key("email:b@example.org"))
            .expect("store")
            .is_some());
    }

    #[test]
    fn pending_attempts_count_until_they_are_settled() {
        let l = limiter();
        let k = key("ip:192.0.2.1");
        // Five attempts in flight at once: a sixth is refused before any
        // of them has been checked.
        let pending: Vec<Attempt> = (0..MAX_FAILURES)
            .map(|_| l.reserve(&k).expect("store").expect("room for five"))
            .collect();
        assert!(l.reserve(&k).expect("store").is_none());
        // A success gives its slot back; the other four stay counted.
        let mut pending = pending.into_iter();
        pending.next().expect("five").release().expect("release");
        let sixth = l
            .reserve(&k)
            .expect("store")
            .expect("a released slot is free again");
        assert!(l.reserve(&k).expect("store").is_none());
        drop(pending);
        drop(sixth);
        assert!(
            l.is_blocked(&k).expect("read"),
            "dropped attempts count as failures"
        );
    }

    #[test]
    fn an_attempt_is_refused_when_any_of_its_keys_is_full() {
        let l = limiter();
        let ip = key("ip:192.0.2.7");
        for _ in 0..MAX_FAILURES {
            drop(l.reserve(&ip).expect("store"));
        }
        let both = vec!["email:c@example.org".to_string(), ip[0].clone()];
        assert!(l.reserve(&both).expect("store").is_none());
        // Nothing was reserved for the email by the refused attempt.
        assert!(!l.is_blocked(&both[..1]).expect("read"));
    }
}
