//! Passwords, tokens and their hashes.
//!
//! Passwords are hashed with argon2id (the crate's defaults: 19 MiB, two
//! passes), which is slow on purpose. Session and API tokens are 256 random
//! bits, so a fast hash (SHA-256) is enough to keep them out of the
//! database: nobody can guess a preimage of a random 256-bit value.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// Hashing or checking a password failed for a reason other than a wrong
/// password.
#[derive(Debug, thiserror::Error)]
#[error("password hashing: {0}")]
pub struct PasswordError(String);

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> Result<String, PasswordError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| PasswordError(e.to_string()))?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    s
}

/// The argon2id PHC string of `password`, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PasswordError(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError(e.to_string()))
}

/// Whether `password` matches the PHC string `hash`. A malformed hash
/// matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// SHA-256 of a session or API token, as stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A fresh API token: shown once, stored only as its hash.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The token to hand to the user (`rpt_` and 64 hex digits).
    pub token: String,
    /// Its SHA-256, to store.
    pub hash: String,
    /// Its first characters, to tell tokens apart in lists.
    pub prefix: String,
}

/// Makes a new API token.
pub fn new_api_token() -> Result<NewToken, PasswordError> {
    let token = format!("rpt_{}", random_hex(32)?);
    Ok(NewToken {
        hash: token_hash(&token),
        prefix: token.chars().take(12).collect(),
        token,
    })
}

/// Compares two secrets without leaking where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn api_tokens_are_random_and_stored_as_their_hash() {
        let a = new_api_token().unwrap();
        let b = new_api_token().unwrap();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 4 + 64);
        assert_eq!(a.hash, token_hash(&a.token));
        assert_eq!(a.hash.len(), 64);
        assert!(a.token.starts_with(&a.prefix));
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
