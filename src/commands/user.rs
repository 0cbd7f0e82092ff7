//! `rapport user add EMAIL --role admin|agent|viewer --password-stdin`

use super::{now, Output};
use crate::cli::{UserAction, UserArgs};
use crate::user_error;
use anyhow::Context;
use rapport_store::{Role, Store, StoreError};
use std::io::Read;
use std::process::ExitCode;

/// Shortest password accepted.
const MIN_PASSWORD: usize = 8;

pub fn run(store: &dyn Store, args: &UserArgs, out: Output) -> anyhow::Result<ExitCode> {
    let UserAction::Add { email, role, .. } = &args.action;
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
