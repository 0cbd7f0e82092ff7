//! Settings: the shop profile, imports, the team's users and API tokens.
//! Everyone sees them; agents and admins upload files to import; only
//! admins edit the profile, add and remove users and create (with an
//! expiry) or revoke tokens — each written to the audit log.

use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::{hash_password, new_api_token, CurrentUser};
use crate::i18n::Tr;
use crate::model::ImportRecord;
use crate::routes;
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use rapport_core::Timestamp;
use rapport_engine::profile::ProfileUpdate;
use rapport_store::{AuditAction, Role, StoreError};
use serde::Deserialize;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

struct UserLine {
    id: i64,
    email: String,
    role: &'static str,
    since: String,
    /// The signed-in user (who cannot remove themselves here).
    is_me: bool,
}

struct TokenLine {
    id: i64,
    user: String,
    prefix: String,
    created: String,
    used: String,
    expires: String,
    expired: bool,
}

/// Days a token made on this page lasts unless the form says otherwise.
const TOKEN_DAYS: u32 = 90;

/// The most days a token may last.
const MAX_TOKEN_DAYS: u32 = 3650;

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsTemplate {
    nav: Nav,
    users: Vec<UserLine>,
    tokens: Vec<TokenLine>,
    new_token: String,
    message: String,
    shop: ShopLine,
    form: ProfileForm,
    outcome: Outcome,
    formats: &'static [&'static str],
    imports: Vec<ImportLine>,
    /// Channels replies and mail go out on.
    connected: Vec<String>,
    /// The user's chosen language (empty: the browser's).
    my_language: String,
    /// The languages offered, `(code, own name)`.
    languages: Vec<(&'static str, &'static str)>,
    /// The user gets the daily digest.
    my_digest: bool,
}

/// What a form just did: a success to report, a problem to fix, or the
/// summary of an upload.
#[derive(Default)]
pub struct Outcome {
    /// A problem with what was sent, shown above the forms.
    problem: String,
    /// The upload just imported.
    import: Option<ImportLine>,
}

/// The formats the upload form offers (the engine checks them).
const FORMATS: &[&str] = &[
    "jsonl",
    "csv",
    "mastodon",
    "bluesky",
    "reddit",
    "youtube",
    "facebook",
    "instagram",
    "x",
    "twitter-archive",
    "shopify-orders",
    "woocommerce-orders",
    "mbox",
    "eml",
];

/// Rejections shown per import.
const SHOWN_REJECTIONS: usize = 10;

/// One import, ready to show.
struct ImportLine {
    when: String,
    by: String,
    format: String,
    file: String,
    imported: u64,
    duplicates: u64,
    skipped: u64,
    rejected: u64,
    /// ``line 3: field `created_at`: is missing``, the first few, in the
    /// user's language.
    rejections: Vec<String>,
}

impl ImportLine {
    /// The line of an import done; its summary is the job's report (the
    /// JSON `POST /api/imports` answers with), its reasons said in the
    /// user's language (from the typed ones the job kept; English for
    /// a report older than them).
    fn new(tr: &Tr, r: &ImportRecord) -> Self {
        let s = &r.summary;
        let n = |k: &str| s[k].as_u64().unwrap_or(0);
        let none = Vec::new();
        ImportLine {
            when: tr.when(&r.at),
            by: r.by.clone(),
            format: r.format.clone(),
            file: r.file.clone(),
            imported: n("imported"),
            duplicates: n("duplicates"),
            skipped: n("skipped"),
            rejected: n("rejected"),
            rejections: s["rejections"]
                .as_array()
                .unwrap_or(&none)
                .iter()
                .take(SHOWN_REJECTIONS)
                .enumerate()
                .map(|(i, x)| {
                    let reason = match r.reasons.get(i) {
                        Some(typed) => tr.said(typed),
                        None => x["reason"].as_str().unwrap_or("").to_string(),
                    };
                    tr.t2(
                        "settings-rejection",
                        "line",
                        x["line"].as_u64().unwrap_or(0),
                        "reason",
                        reason.as_str(),
                    )
                })
                .collect(),
        }
    }
}

/// The profile form's fields, as text.
struct ProfileForm {
    name: String,
    currency: String,
    revenue_goal: String,
    topics: String,
    values: String,
    channels: String,
    rates: String,
    fast_minutes: u32,
    other_minutes: u32,
    timezone: &'static str,
}

/// The shop profile, read-only.
struct ShopLine {
    name: String,
    topics: String,
    values: String,
    goal: String,
    /// The answer-target rule in one sentence.
    targets: String,
    /// The time zone the dashboard writes moments in.
    timezone: &'static str,
    source: String,
}

fn day(tr: &Tr, t: i64) -> String {
    tr.when_at(Timestamp(t))
}

/// The messages of `user`'s language, for what a handler says.
fn tr(user: &CurrentUser) -> Tr {
    Nav::new(user, "settings").t
}

async fn settings(
    state: &AppState,
    user: &CurrentUser,
    new_token: String,
    message: String,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let store = state.store.clone();
    let (users, tokens) =
        blocking(move || Ok::<_, ApiError>((store.users()?, store.api_tokens()?))).await?;
    let engine = state.engine.clone();
    let shown = blocking(move || Ok::<_, ApiError>(engine.profile_shown()?)).await?;
    let imports = routes::latest_imports(state).await?;
    let p = &shown.profile;
    let nav = nav(state, user, "settings").await;
    let tr = nav.t;
    let shop = ShopLine {
        name: p.name.clone(),
        topics: p.topics.join(", "),
        values: p.values.join(", "),
        goal: tr.t1(
            "report-a-year",
            "amount",
            format!("{} {}", tr.decimal(p.revenue_goal, 0), p.currency),
        ),
        targets: tr.said(&p.answer_targets.rule()),
        timezone: p.timezone.name(),
        source: if shown.from_file {
            shown.path.clone()
        } else {
            tr.t("settings-built-in")
        },
    };
    let form = ProfileForm {
        name: p.name.clone(),
        currency: p.currency.clone(),
        revenue_goal: format!("{}", p.revenue_goal),
        topics: p.topics.join(", "),
        values: p.values.join(", "),
        channels: p
            .channels
            .iter()
            .map(|(c, h)| format!("{c} = {h}"))
            .collect::<Vec<_>>()
            .join("\n"),
        rates: p
            .rates
            .iter()
            .map(|(c, r)| format!("{c} = {r}"))
            .collect::<Vec<_>>()
            .join("\n"),
        fast_minutes: p.answer_targets.fast_minutes,
        other_minutes: p.answer_targets.other_minutes,
        timezone: p.timezone.name(),
    };
    render(&SettingsTemplate {
        my_language: user.user.language.clone().unwrap_or_default(),
        languages: crate::i18n::Lang::ALL
            .iter()
            .map(|l| (l.code(), l.name()))
            .collect(),
        my_digest: user.user.digest,
        connected: state.engine.senders().channels(),
        shop,
        form,
        outcome,
        formats: FORMATS,
        imports: imports.iter().map(|r| ImportLine::new(&tr, r)).collect(),
        nav,
        users: users
            .iter()
            .map(|u| UserLine {
                id: u.id.0,
                email: u.email.clone(),
                role: u.role.as_str(),
                since: day(&tr, u.created_at),
                is_me: u.id == user.user.id,
            })
            .collect(),
        tokens: tokens
            .iter()
            .map(|t| TokenLine {
                id: t.id,
                user: t.user_email.clone(),
                prefix: t.prefix.clone(),
                created: day(&tr, t.created_at),
                used: t
                    .last_used_at
                    .map_or_else(|| tr.t("settings-never"), |t| day(&tr, t)),
                expires: t
                    .expires_at
                    .map_or_else(|| tr.t("settings-never"), |t| day(&tr, t)),
                expired: t.expires_at.is_some_and(|e| e <= now()),
            })
            .collect(),
        new_token,
        message,
    })
}

/// `?saved=me` after the user's own settings were saved.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// `GET /settings`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(q): PageQuery<SettingsQuery>,
) -> Result<Response, PageError> {
    let message = match q.saved.as_deref() {
        Some("me") => tr(&user).t("me-saved"),
        _ => String::new(),
    };
    settings(&state, &user, String::new(), message, Outcome::default()).await
}

/// The user's own settings form.
#[derive(Debug, Deserialize)]
pub struct MineForm {
    /// A language code, or empty for the browser's.
    #[serde(default)]
    language: String,
    /// `on` when the daily mail is wanted.
    #[serde(default)]
    digest: Option<String>,
}

/// `POST /settings/me`: the user's language and daily mail (every user,
/// viewers too: it changes nothing but their own settings).
pub async fn save_mine(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<MineForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let language = match f.language.trim() {
        "" => None,
        code => Some(
            crate::i18n::Lang::parse(code)
                .ok_or_else(|| ApiError::BadRequest(format!("language {code:?}: en, de or th")))?
                .code(),
        ),
    };
    let digest = f.digest.is_some();
    let store = state.store.clone();
    let id = user.user.id;
    blocking(move || Ok::<_, ApiError>(store.set_user_settings(id, language, digest)?)).await?;
    Ok(Redirect::to("/settings?saved=me").into_response())
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
    let password = f.password;
    let hash = state
        .passwords
        .run(move || hash_password(&password))
        .await?
        .map_err(ApiError::internal)?;
    let store = state.store.clone();
    let e = email.clone();
    blocking(move || Ok::<_, ApiError>(store.create_user(&e, role, &hash, now())?)).await?;
    audit(
        &state,
        &user,
        AuditAction::UserAdd,
        format!("user:{email}"),
        role.as_str().to_string(),
    )
    .await?;
    settings(
        &state,
        &user,
        String::new(),
        tr(&user).t2(
            "settings-added",
            "email",
            &email,
            "role",
            tr(&user).word("role", role.as_str()),
        ),
        Outcome::default(),
    )
    .await
}

/// Writes to the audit log as `user`.
async fn audit(
    state: &AppState,
    user: &CurrentUser,
    action: AuditAction,
    target: String,
    detail: String,
) -> Result<(), ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.audit(&actor, action, &target, &detail)?)).await
}

/// `POST /settings/users/{id}/remove` (admins): removes a user with their
/// tokens and sessions; an admin cannot remove themselves, nor the last
/// admin.
pub async fn remove_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    if id == user.user.id.0 {
        return Err(
            ApiError::BadRequest("you cannot remove yourself; ask another admin".into()).into(),
        );
    }
    let store = state.store.clone();
    let removed = blocking(move || {
        let target = store
            .users()?
            .into_iter()
            .find(|u| u.id.0 == id)
            .ok_or_else(|| ApiError::BadRequest(format!("no user #{id}")))?;
        match store.remove_user(&target.email) {
            Err(StoreError::Refused(m)) => Err(ApiError::BadRequest(m)),
            Err(e) => Err(e.into()),
            Ok(None) => Err(ApiError::BadRequest(format!("no user #{id}"))),
            Ok(Some(r)) => Ok(r),
        }
    })
    .await?;
    audit(
        &state,
        &user,
        AuditAction::UserRemove,
        format!("user:{}", removed.user.email),
        format!(
            "{}; {} tokens revoked, {} sessions ended",
            removed.user.role.as_str(),
            removed.tokens,
            removed.sessions
        ),
    )
    .await?;
    settings(
        &state,
        &user,
        String::new(),
        tr(&user).t3(
            "settings-removed",
            "email",
            &removed.user.email,
            "tokens",
            removed.tokens,
            "sessions",
            removed.sessions,
        ),
        Outcome::default(),
    )
    .await
}

/// The create-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    email: String,
    /// Days until it expires (90 when left empty).
    #[serde(default)]
    days: String,
}

/// `POST /settings/tokens` (admins): shows the new token once.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let days: u32 = match f.days.trim() {
        "" => TOKEN_DAYS,
        raw => raw
            .parse()
            .ok()
            .filter(|d| (1..=MAX_TOKEN_DAYS).contains(d))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "days {raw:?}: a whole number from 1 to {MAX_TOKEN_DAYS}"
                ))
            })?,
    };
    let store = state.store.clone();
    let (token, id, owner) = blocking(move || {
        let owner = store
            .user_by_email(&f.email)?
            .ok_or_else(|| ApiError::BadRequest(format!("no user {:?}", f.email)))?;
        let t = new_api_token().map_err(ApiError::internal)?;
        let at = now();
        let expires = at + i64::from(days) * 86_400;
        let row = store.create_api_token(owner.id, &t.hash, &t.prefix, at, Some(expires))?;
        Ok::<_, ApiError>((t.token, row.id, owner.email))
    })
    .await?;
    audit(
        &state,
        &user,
        AuditAction::TokenCreate,
        format!("token:{id}"),
        format!("for {owner}, expires in {days} days"),
    )
    .await?;
    settings(
        &state,
        &user,
        token,
        tr(&user).t("settings-copy-token"),
        Outcome::default(),
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
    let revoked = blocking(move || Ok::<_, ApiError>(store.revoke_api_token(id)?)).await?;
    if revoked {
        audit(
            &state,
            &user,
            AuditAction::TokenRevoke,
            format!("token:{id}"),
            "1 revoked".into(),
        )
        .await?;
    }
    Ok(Redirect::to("/settings").into_response())
}

/// The profile form: lists are comma-separated, channels and rates one
/// `KEY = VALUE` per line.
#[derive(Debug, Deserialize)]
pub struct ProfileFormBody {
    name: String,
    currency: String,
    revenue_goal: String,
    #[serde(default)]
    topics: String,
    #[serde(default)]
    values: String,
    #[serde(default)]
    channels: String,
    #[serde(default)]
    rates: String,
    /// The short answer target, in minutes (empty: unchanged).
    #[serde(default)]
    fast_minutes: String,
    /// The long answer target, in minutes (empty: unchanged).
    #[serde(default)]
    other_minutes: String,
    /// The time zone's IANA name (empty: unchanged).
    #[serde(default)]
    timezone: String,
}

/// `KEY = VALUE` (or `KEY VALUE`) lines; blank lines are skipped.
fn pairs(field: &str, text: &str) -> Result<Vec<(String, String)>, ApiError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cut = l.find(['=', ' ', '\t']).ok_or_else(|| {
                ApiError::BadRequest(format!("{field}: {l:?}: write KEY = VALUE"))
            })?;
            let (k, v) = l.split_at(cut);
            let v = v
                .trim_start_matches([' ', '\t'])
                .trim_start_matches('=')
                .trim();
            Ok((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

impl ProfileFormBody {
    /// The form as the API's body; text that cannot be one is a 400.
    fn update(self) -> Result<ProfileUpdate, ApiError> {
        let list = |t: &str| -> Vec<String> {
            t.split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let revenue_goal = self
            .revenue_goal
            .trim()
            .replace(['_', ' '], "")
            .parse::<f64>()
            .map_err(|_| {
                ApiError::BadRequest(format!(
                    "revenue goal {:?} is not a number",
                    self.revenue_goal
                ))
            })?;
        let mut rates = std::collections::BTreeMap::new();
        for (k, v) in pairs("rates", &self.rates)? {
            let rate = v
                .parse::<f64>()
                .map_err(|_| ApiError::BadRequest(format!("rates: {k} = {v:?} is not a number")))?;
            rates.insert(k, rate);
        }
        let minutes = |field: &str, raw: &str| -> Result<Option<u32>, ApiError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<u32>().map(Some).map_err(|_| {
                ApiError::BadRequest(format!("{field}: {raw:?} is not a whole number of minutes"))
            })
        };
        let fast = minutes("answer target for VIPs", &self.fast_minutes)?;
        let other = minutes("answer target for everyone else", &self.other_minutes)?;
        let answer_targets = match (fast, other) {
            (None, None) => None,
            (f, o) => {
                let d = rapport_core::priority::Targets::default();
                Some(rapport_core::priority::Targets {
                    fast_minutes: f.unwrap_or(d.fast_minutes),
                    other_minutes: o.unwrap_or(d.other_minutes),
                })
            }
        };
        Ok(ProfileUpdate {
            answer_targets,
            name: self.name,
            currency: self.currency,
            revenue_goal,
            topics: list(&self.topics),
            values: list(&self.values),
            channels: pairs("channels", &self.channels)?.into_iter().collect(),
            rates,
            timezone: Some(self.timezone.trim().to_string()).filter(|z| !z.is_empty()),
        })
    }
}

/// `POST /settings/profile` (admins): replaces the shop profile; a
/// problem with the input is shown above the form.
pub async fn save_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<ProfileFormBody>, FormRejection>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let saved = match f.update() {
        Ok(update) => routes::set_profile(&state, &user, update).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(shown) => {
            crate::i18n::in_zone(shown.profile.timezone, async {
                settings(
                    &state,
                    &user,
                    String::new(),
                    tr(&user).t1("settings-profile-saved", "path", &shown.path),
                    Outcome::default(),
                )
                .await
            })
            .await
        }
        Err(ApiError::BadRequest(problem)) => {
            let outcome = Outcome {
                problem: tr(&user).t1("settings-profile-not-saved", "problem", problem),
                import: None,
            };
            settings(&state, &user, String::new(), String::new(), outcome).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /settings/imports` (agents and admins): a `multipart/form-data`
/// upload with `format` and `file`; shows what the import did.
pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Result<Response, PageError> {
    let limit = state.config.max_import_bytes;
    let boundary = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::multipart::boundary)
        .ok_or_else(|| ApiError::BadRequest("send the file as multipart/form-data".into()))?;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::TooLarge(limit))?;
    let parts = crate::multipart::parse(&bytes, &boundary)
        .map_err(|e| ApiError::BadRequest(format!("malformed upload: {e}")))?;
    let format = parts
        .iter()
        .find(|p| p.name == "format")
        .map(|p| String::from_utf8_lossy(p.data).trim().to_string())
        .unwrap_or_default();
    let file = parts.iter().find(|p| p.name == "file");
    let tr = tr(&user);
    let problem = match file {
        _ if format.is_empty() => Some(tr.t("settings-choose-format")),
        None => Some(tr.t("settings-choose-file")),
        Some(f) if f.data.is_empty() => Some(tr.t("settings-file-empty")),
        Some(_) => None,
    };
    let outcome = match (problem, file) {
        (None, Some(f)) => {
            let name = f
                .filename
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "upload".to_string());
            let data = bytes.slice_ref(f.data);
            match routes::run_import(&state, &user, format, name, "dashboard", data).await {
                Ok(routes::Uploaded::Done(record)) => Outcome {
                    problem: String::new(),
                    import: Some(ImportLine::new(&tr, &record)),
                },
                Ok(routes::Uploaded::Queued(job)) => {
                    let message = tr.t1("settings-import-queued", "job", job);
                    return settings(&state, &user, String::new(), message, Outcome::default())
                        .await;
                }
                Err(ApiError::BadRequest(m)) => Outcome {
                    problem: tr.t1("settings-nothing-imported", "problem", m),
                    import: None,
                },
                Err(e) => return Err(e.into()),
            }
        }
        (problem, _) => Outcome {
            problem: tr.t1(
                "settings-nothing-imported-because",
                "problem",
                problem.unwrap_or_else(|| tr.t("settings-choose-file")),
            ),
            import: None,
        },
    };
    settings(&state, &user, String::new(), String::new(), outcome).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_form_reads_lists_and_key_value_lines() {
        let f = ProfileFormBody {
            name: "Kettenblatt".into(),
            currency: "EUR".into(),
            revenue_goal: "120 000".into(),
            topics: "gravel, ยาง,, Reifen ".into(),
            values: String::new(),
            channels: "instagram = kettenblatt\n\nbluesky did:plc:abc".into(),
            rates: "USD = 0.92".into(),
            fast_minutes: " 30 ".into(),
            other_minutes: String::new(),
            timezone: " Asia/Bangkok ".into(),
        };
        let u = f.update().expect("valid");
        let t = u.answer_targets.expect("targets given");
        assert_eq!((t.fast_minutes, t.other_minutes), (30, 1440));
        assert_eq!(u.revenue_goal, 120_000.0);
        assert_eq!(u.topics, vec!["gravel", "ยาง", "Reifen"]);
        assert_eq!(u.channels["bluesky"], "did:plc:abc");
        assert_eq!(u.channels["instagram"], "kettenblatt");
        assert_eq!(u.rates["USD"], 0.92);
        assert_eq!(u.timezone.as_deref(), Some("Asia/Bangkok"));
        assert!(pairs("rates", "USD").is_err());
    }
}
