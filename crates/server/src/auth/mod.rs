//! Who is calling, and may they.
//!
//! Two ways in: a dashboard session (an `HttpOnly`, `SameSite=Lax` cookie
//! set by the login page, with a per-session CSRF token that every write
//! must echo) or `Authorization: Bearer TOKEN` with a token from
//! `rapport token create`. The [`require`] middleware guards every route
//! but `/health`, the login page and the stylesheet; it also refuses
//! writes to viewers, so no handler can forget to.

mod cookie;
mod gate;
mod limiter;
mod middleware;
mod rate;
mod secret;

pub use cookie::{clear_cookie, cookie_value, set_cookie, LOGIN_COOKIE, SESSION_COOKIE};
pub use gate::PasswordGate;
pub use limiter::{Attempt, LoginLimiter, MAX_FAILURES, WINDOW};
pub(crate) use middleware::authenticate;
pub use middleware::{require, CurrentUser, Via};
pub use rate::TokenRate;
pub use secret::{
    constant_time_eq, hash_password, new_api_token, random_hex, token_hash, verify_password,
    NewToken, PasswordError,
};
