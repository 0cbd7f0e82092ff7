//! The guard in front of every route but `/health` and the login page.

use super::{constant_time_eq, cookie_value, token_hash, SESSION_COOKIE};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_store::{Role, UserRow};

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A dashboard session cookie.
    Session {
        /// The session's CSRF token.
        csrf: String,
        /// The hash of the session token (to end it on logout).
        token_hash: String,
    },
    /// `Authorization: Bearer TOKEN`.
    Token,
}

/// The authenticated caller, put in the request by [`require`].
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user.
    pub user: UserRow,
    /// How they authenticated.
    pub via: Via,
    /// The request's `Accept-Language`, for the dashboard's language when
    /// the user chose none.
    pub accept_language: Option<String>,
}

impl CurrentUser {
    /// The user's role.
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// The session's CSRF token (empty for token callers, whose requests
    /// cannot be forged by another site).
    pub fn csrf(&self) -> &str {
        match &self.via {
            Via::Session { csrf, .. } => csrf,
            Via::Token => "",
        }
    }

    /// `Forbidden` unless the user is an admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden("only an admin may do this".into()))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(ApiError::Unauthorized)
    }
}

/// Writes a viewer may still make: they change nothing stored.
const HARMLESS_POSTS: &[&str] = &["/logout", "/api/analyze", "/settings/me"];

/// Pages whose forms upload files (`multipart/form-data`) as large as an
/// import; other forms are read up to [`FORM_LIMIT`].
const UPLOADS: &[&str] = &["/settings/imports"];

/// Largest form body read to find its CSRF field.
const FORM_LIMIT: usize = 1 << 20;

/// Authenticates the request, refuses writes to viewers and writes
/// without the session's CSRF token, then passes the request on with a
/// [`CurrentUser`] in its extensions. Without credentials, `/api/...`
/// answers 401 and pages redirect (303) to the login page.
pub async fn require(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = path == "/api" || path.starts_with("/api/");
    let target = req
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    match authorize(&state, req, &path).await {
        Ok(req) => next.run(req).await,
        Err(ApiError::Unauthorized) if !api => {
            let next = serde_urlencoded::to_string([("next", target.as_str())]).unwrap_or_default();
            Redirect::to(&format!("/login?{next}")).into_response()
        }
        Err(e) if !api => crate::pages::error_page(&e),
        Err(e) => e.into_response(),
    }
}

async fn authorize(state: &AppState, req: Request, path: &str) -> Result<Request, ApiError> {
    let user = authenticate(state, req.headers()).await?;
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = if write {
        if !user.role().can_write() && !HARMLESS_POSTS.contains(&path) {
            return Err(ApiError::Forbidden(format!(
                "the {} role may read but not change anything",
                user.role().as_str()
            )));
        }
        match &user.via {
            Via::Session { csrf, .. } => {
                // Only the upload form may send a body as large as an import.
                let limit = if UPLOADS.contains(&path) {
                    state.config.max_import_bytes
                } else {
                    FORM_LIMIT
                };
                check_csrf(req, csrf, limit).await?
            }
            Via::Token => req,
        }
    } else {
        req
    };
    req.extensions_mut().insert(user);
    Ok(req)
}

/// The caller behind a bearer token or a session cookie. A bearer header
/// that does not check out is refused outright, never retried as a cookie.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<CurrentUser, ApiError> {
    let store = state.store.clone();
    if let Some(auth) = headers.get(header::AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string())
            .ok_or(ApiError::Unauthorized)?;
        let hash = token_hash(&token);
        let rate = state.config.token_rate;
        // The token is looked up and its bucket taken from in one turn
        // at the store (the bucket is shared by every server).
        let user = blocking(move || {
            let Some(user) = store.user_by_api_token(&hash, now())? else {
                return Err(ApiError::Unauthorized);
            };
            super::rate::take(&*store, &hash, rate)?.map_err(ApiError::RateLimited)?;
            Ok(user)
        })
        .await?;
        return Ok(CurrentUser {
            user,
            via: Via::Token,
            accept_language: None,
        });
    }
    let cookie = cookie_value(headers, SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
    let hash = token_hash(&cookie);
    let key = hash.clone();
    let session = blocking(move || Ok::<_, ApiError>(store.session(&key, now())?))
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(CurrentUser {
        user: session.user,
        via: Via::Session {
            csrf: session.csrf,
            token_hash: hash,
        },
        accept_language: headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(200).collect()),
    })
}

/// Checks the `X-CSRF-Token` header or, for a form, its `csrf` field; the
/// form body (`application/x-www-form-urlencoded` up to [`FORM_LIMIT`],
/// `multipart/form-data` up to `upload_limit`) is read and handed on
/// unchanged.
async fn check_csrf(
    req: Request,
    expected: &str,
    upload_limit: usize,
) -> Result<Request, ApiError> {
    if let Some(sent) = req.headers().get("x-csrf-token") {
        return match sent.to_str() {
            Ok(s) if constant_time_eq(s, expected) => Ok(req),
            _ => Err(ApiError::Csrf),
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let upload = crate::multipart::boundary(&content_type);
    if !form && upload.is_none() {
        return Err(ApiError::Csrf);
    }
    let limit = if form { FORM_LIMIT } else { upload_limit };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::TooLarge(limit))?;
    let ok = match upload {
        Some(boundary) => crate::multipart::parse(&bytes, &boundary)
            .map_err(|e| ApiError::BadRequest(format!("malformed upload: {e}")))?
            .iter()
            .any(|p| {
                p.name == "csrf"
                    && std::str::from_utf8(p.data).is_ok_and(|v| constant_time_eq(v, expected))
            }),
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("malformed form: {e}")))?
            .iter()
            .any(|(k, v)| k == "csrf" && constant_time_eq(v, expected)),
    };
    if !ok {
        return Err(ApiError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}
