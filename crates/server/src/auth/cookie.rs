//! The two cookies: the session, and the login form's CSRF nonce.

use axum::http::HeaderMap;

/// The dashboard session cookie.
pub const SESSION_COOKIE: &str = "rapport_session";
/// The login form's double-submit CSRF nonce.
pub const LOGIN_COOKIE: &str = "rapport_login";

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Path=/`, and
/// `Secure` when the server sits behind TLS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A `Set-Cookie` value that deletes cookie `name`.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    set_cookie(name, "", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("a=1; rapport_session=abc; b=2"),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie_value(&h, "missing"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_same_site() {
        let c = set_cookie(SESSION_COOKIE, "x", 60, false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax"));
        assert!(!c.contains("Secure"));
        assert!(set_cookie(SESSION_COOKIE, "x", 60, true).contains("; Secure"));
    }
}
