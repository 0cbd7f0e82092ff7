//! Settings: the team's users and API tokens. Everyone sees the lists;
//! only admins add users and create or revoke tokens.

use super::view::when;
use super::{render, Nav, PageError};
use crate::auth::{hash_password, new_api_token, CurrentUser};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use rapport_core::Timestamp;
use rapport_store::Role;
use serde::Deserialize;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

struct UserLine {
    email: String,
    role: &'static str,
    since: String,
}

struct TokenLine {
    id: i64,
    user: String,
    prefix: String,
    created: String,
    used: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsTemplate {
    nav: Nav,
    users: Vec<UserLine>,
    tokens: Vec<TokenLine>,
    new_token: String,
    message: String,
    shop: ShopLine,
}

/// The shop profile, read-only.
struct ShopLine {
    name: String,
    topics: String,
    values: String,
    goal: String,
    source: String,
}

fn day(t: i64) -> String {
    when(&Timestamp(t).to_rfc3339())
}

async fn settings(
    state: &AppState,
    user: &CurrentUser,
    new_token: String,
    message: String,
) -> Result<Response, PageError> {
    let store = state.store.clone();
    let (users, tokens) =
        blocking(move || Ok::<_, ApiError>((store.users()?, store.api_tokens()?))).await?;
    let engine = state.engine.clone();
    let shown = blocking(move || Ok::<_, ApiError>(engine.profile()?)).await?;
    let p = &shown.profile;
    let shop = ShopLine {
        name: p.name.clone(),
        topics: p.topics.join(", "),
        values: p.values.join(", "),
        goal: format!("{:.0} {} a year", p.revenue_goal, p.currency),
        source: if shown.from_file {
            shown.path.clone()
        } else {
            "built-in profile".to_string()
        },
    };
    render(&SettingsTemplate {
        shop,
        nav: Nav::new(user, "settings"),
        users: users
            .iter()
            .map(|u| UserLine {
                email: u.email.clone(),
                role: u.role.as_str(),
                since: day(u.created_at),
            })
            .collect(),
        tokens: tokens
            .iter()
            .map(|t| TokenLine {
                id: t.id,
                user: t.user_email.clone(),
                prefix: t.prefix.clone(),
                created: day(t.created_at),
                used: t.last_used_at.map_or("never".to_string(), day),
            })
            .collect(),
        new_token,
        message,
    })
}

/// `GET /settings`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    settings(&state, &user, String::new(), String::new()).await
}

/// The add-user form.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    email: String,
    role: String,
    password: String,
}

/// `POST /settings/users` (admins).
pub async fn add_user(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<UserForm>, FormRejection>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let role = Role::parse(&f.role).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "role {:?}: expected admin, agent or viewer",
            f.role
        ))
    })?;
    let email = f.email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(ApiError::BadRequest(format!("{email:?} is not an email address")).into());
    }
    if f.password.chars().count() < MIN_PASSWORD {
        return Err(ApiError::BadRequest(format!(
            "the password needs at least {MIN_PASSWORD} characters"
        ))
        .into());
    }
    let store = state.store.clone();
    let e = email.clone();
    blocking(move || {
        let hash = hash_password(&f.password).map_err(ApiError::internal)?;
        Ok::<_, ApiError>(store.create_user(&e, role, &hash, now())?)
    })
    .await?;
    settings(
        &state,
        &user,
        String::new(),
        format!("Added {email} as {}.", role.as_str()),
    )
    .await
}

/// The create-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    email: String,
}

/// `POST /settings/tokens` (admins): shows the new token once.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let store = state.store.clone();
    let token = blocking(move || {
        let owner = store
            .user_by_email(&f.email)?
            .ok_or_else(|| ApiError::BadRequest(format!("no user {:?}", f.email)))?;
        let t = new_api_token().map_err(ApiError::internal)?;
        store.create_api_token(owner.id, &t.hash, &t.prefix, now())?;
        Ok::<_, ApiError>(t.token)
    })
    .await?;
    settings(
        &state,
        &user,
        token,
        "Copy the token now: it is not shown again.".into(),
    )
    .await
}

/// `POST /settings/tokens/{id}/revoke` (admins).
pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let store = state.store.clone();
    blocking(move || Ok::<_, ApiError>(store.revoke_api_token(id)?)).await?;
    Ok(Redirect::to("/settings").into_response())
}
