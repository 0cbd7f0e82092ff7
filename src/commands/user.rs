//! `rapport user add EMAIL --role admin|agent|viewer --password-stdin`,
//! `rapport user remove EMAIL`.

use super::{audit, now, Output};
use crate::cli::{UserAction, UserArgs};
use crate::user_error;
use anyhow::Context;
use rapport_store::{AuditAction, Role, Store, StoreError};
use std::io::Read;
use std::process::ExitCode;

/// Shortest password accepted.
const MIN_PASSWORD: usize = 8;

pub fn run(store: &dyn Store, args: &UserArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.action {
        UserAction::Add { email, role, .. } => add(store, email, role, out),
        UserAction::Remove { email } => remove(store, email, out),
        UserAction::Set {
            email,
            language,
            digest,
        } => set(store, email, language.as_deref(), digest.as_deref(), out),
    }
}

fn set(
    store: &dyn Store,
    email: &str,
    language: Option<&str>,
    digest: Option<&str>,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let user = store
        .user_by_email(email)
        .context("reading the user")?
        .ok_or_else(|| user_error(format!("no user {:?}", email.trim().to_lowercase())))?;
    let language = match language {
        None => user.language.clone(),
        Some("auto") => None,
        Some(code) => Some(
            rapport_server::i18n::Lang::parse(code)
                .ok_or_else(|| user_error(format!("--language {code:?}: en, de, th or auto")))?
                .code()
                .to_string(),
        ),
    };
    let digest = match digest {
        None => user.digest,
        Some("on") => true,
        Some("off") => false,
        Some(other) => return Err(user_error(format!("--digest {other:?}: on or off"))),
    };
    store
        .set_user_settings(user.id, language.as_deref(), digest)
        .context("saving the settings")?;
    if out.json {
        out.print_json(&serde_json::json!({
            "user": user.email, "language": language, "digest": digest,
        }))?;
    } else {
        println!(
            "{}: language {}, daily mail {}",
            user.email,
            language.as_deref().unwrap_or("as the browser says"),
            if digest { "on" } else { "off" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(store: &dyn Store, email: &str, out: Output) -> anyhow::Result<ExitCode> {
    let removed = match store.remove_user(email) {
        Err(StoreError::Refused(m)) => return Err(user_error(m)),
        other => other.context("removing the user")?,
    }
    .ok_or_else(|| user_error(format!("no user {:?}", email.trim().to_lowercase())))?;
    audit(
        store,
        AuditAction::UserRemove,
        &format!("user:{}", removed.user.email),
        &format!(
            "{}; {} tokens revoked, {} sessions ended",
            removed.user.role.as_str(),
            removed.tokens,
            removed.sessions
        ),
    )?;
    if out.json {
        out.print_json(&serde_json::json!({
            "removed": removed.user.email,
            "role": removed.user.role.as_str(),
            "tokens_revoked": removed.tokens,
            "sessions_ended": removed.sessions,
            "unassigned": removed.unassigned,
        }))?;
    } else {
        println!(
            "removed {} ({}): {} tokens revoked, {} sessions ended, {} inbox items unassigned",
            removed.user.email,
            removed.user.role.as_str(),
            removed.tokens,
            removed.sessions,
            removed.unassigned
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn add(store: &dyn Store, email: &str, role: &str, out: Output) -> anyhow::Result<ExitCode> {
    let role = Role::parse(role)
        .ok_or_else(|| user_error(format!("--role {role:?}: expected admin, agent or viewer")))?;
    let email = email.trim().to_lowercase();
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(user_error(format!("{email:?} is not an email address")));
    }
    let mut raw = String::new();
    std::io::stdin()
        .read_to_string(&mut raw)
        .context("reading the password from stdin")?;
    // `echo pw | rapport user add ...` adds one newline; keep everything else.
    let password = raw
        .strip_suffix('\n')
        .map(|p| p.strip_suffix('\r').unwrap_or(p))
        .unwrap_or(&raw);
    if password.chars().count() < MIN_PASSWORD {
        return Err(user_error(format!(
            "the password (read from stdin) needs at least {MIN_PASSWORD} characters"
        )));
    }
    let hash = rapport_server::auth::hash_password(password)?;
    let user = match store.create_user(&email, role, &hash, now()) {
        Err(StoreError::UserExists(e)) => {
            return Err(user_error(format!("a user {e:?} already exists")))
        }
        other => other.context("storing the user")?,
    };
    audit(
        store,
        AuditAction::UserAdd,
        &format!("user:{}", user.email),
        user.role.as_str(),
    )?;
    if out.json {
        out.print_json(&serde_json::json!({
            "email": user.email,
            "role": user.role.as_str(),
        }))?;
    } else {
        println!("created {} ({})", user.email, user.role.as_str());
    }
    Ok(ExitCode::SUCCESS)
}
