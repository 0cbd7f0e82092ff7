//! `rapport token create EMAIL [--days N]` prints a new API token (the
//! database keeps only its SHA-256; it expires after N days, 90 by
//! default); `rapport token list [EMAIL]`; `rapport token revoke ID` and
//! `rapport token revoke all EMAIL`.

use super::{audit, now, Output};
use crate::cli::{TokenAction, TokenArgs};
use crate::user_error;
use anyhow::Context;
use rapport_core::Timestamp;
use rapport_store::{AuditAction, Store, UserRow};
use std::process::ExitCode;

/// Seconds in a day.
const DAY: i64 = 86_400;

pub fn run(store: &dyn Store, args: &TokenArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.action {
        TokenAction::Create { email, days } => create(store, email, *days, out),
        TokenAction::List { email } => list(store, email.as_deref(), out),
        TokenAction::Revoke { what, email } => revoke(store, what, email.as_deref(), out),
    }
}

fn user(store: &dyn Store, email: &str) -> anyhow::Result<UserRow> {
    store
        .user_by_email(email)
        .context("looking the user up")?
        .ok_or_else(|| {
            user_error(format!(
                "no user {email:?}; create one with `rapport user add {email} --role agent --password-stdin`"
            ))
        })
}

fn create(store: &dyn Store, email: &str, days: u32, out: Output) -> anyhow::Result<ExitCode> {
    let user = user(store, email)?;
    let token = rapport_server::auth::new_api_token()?;
    let at = now();
    let expires_at = at + i64::from(days) * DAY;
    let row = store
        .create_api_token(user.id, &token.hash, &token.prefix, at, Some(expires_at))
        .context("storing the token")?;
    audit(
        store,
        AuditAction::TokenCreate,
        &format!("token:{}", row.id),
        &format!("for {}, expires in {days} days", user.email),
    )?;
    let expires = Timestamp(expires_at).to_rfc3339();
    if out.json {
        out.print_json(&serde_json::json!({
            "token": token.token,
            "id": row.id,
            "email": user.email,
            "role": user.role.as_str(),
            "expires_at": expires,
        }))?;
    } else {
        // The token alone, so that TOKEN=$(rapport token create ...) works.
        println!("{}", token.token);
        eprintln!(
            "token #{} for {} ({}), valid until {expires}: send it as \
             `Authorization: Bearer TOKEN`; it is not shown again",
            row.id,
            user.email,
            user.role.as_str()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &dyn Store, email: Option<&str>, out: Output) -> anyhow::Result<ExitCode> {
    let owner = email.map(|e| user(store, e)).transpose()?;
    let tokens: Vec<_> = store
        .api_tokens()?
        .into_iter()
        .filter(|t| owner.as_ref().is_none_or(|u| u.email == t.user_email))
        .collect();
    if out.json {
        out.print_json(&tokens)?;
        return Ok(ExitCode::SUCCESS);
    }
    let at = |t: i64| {
        let s = Timestamp(t).to_rfc3339();
        s[..s.len().min(10)].to_string()
    };
    let now = now();
    for t in &tokens {
        println!(
            "#{} {}… {} made {} last used {} {}",
            t.id,
            t.prefix,
            t.user_email,
            at(t.created_at),
            t.last_used_at.map_or("never".to_string(), at),
            match t.expires_at {
                None => "never expires".to_string(),
                Some(e) if e <= now => format!("expired {}", at(e)),
                Some(e) => format!("expires {}", at(e)),
            }
        );
    }
    if tokens.is_empty() {
        println!("no API tokens");
    }
    Ok(ExitCode::SUCCESS)
}

fn revoke(
    store: &dyn Store,
    what: &str,
    email: Option<&str>,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (revoked, target) = if what == "all" {
        let email = email.ok_or_else(|| {
            user_error("token revoke all EMAIL: name the user whose tokens to revoke")
        })?;
        let u = user(store, email)?;
        let n = store.revoke_api_tokens_of(u.id)?;
        (n, format!("user:{}", u.email))
    } else {
        if email.is_some() {
            return Err(user_error(format!(
                "token revoke {what}: give a token id alone, or `all EMAIL`"
            )));
        }
        let id: i64 = what.parse().map_err(|_| {
            user_error(format!(
                "token revoke {what:?}: expected a token id (see `rapport token list`) or `all EMAIL`"
            ))
        })?;
        if !store.revoke_api_token(id)? {
            return Err(user_error(format!(
                "no API token #{id} (see `rapport token list`)"
            )));
        }
        (1, format!("token:{id}"))
    };
    audit(
        store,
        AuditAction::TokenRevoke,
        &target,
        &format!("{revoked} revoked"),
    )?;
    if out.json {
        out.print_json(&serde_json::json!({ "revoked": revoked }))?;
    } else {
        println!("revoked {revoked} API token(s)");
    }
    Ok(ExitCode::SUCCESS)
}
