//! `rapport token create EMAIL`: prints a new API token; the database
//! keeps only its SHA-256.

use super::{now, Output};
use crate::cli::{TokenAction, TokenArgs};
use crate::user_error;
use anyhow::Context;
use rapport_store::Store;
use std::process::ExitCode;

pub fn run(store: &dyn Store, args: &TokenArgs, out: Output) -> anyhow::Result<ExitCode> {
    let TokenAction::Create { email } = &args.action;
    let user = store
        .user_by_email(email)
        .context("looking the user up")?
        .ok_or_else(|| {
            user_error(format!(
                "no user {email:?}; create one with `rapport user add {email} --role agent --password-stdin`"
            ))
        })?;
    let token = rapport_server::auth::new_api_token()?;
    store
        .create_api_token(user.id, &token.hash, &token.prefix, now())
        .context("storing the token")?;
    if out.json {
        out.print_json(&serde_json::json!({
            "token": token.token,
            "email": user.email,
            "role": user.role.as_str(),
        }))?;
    } else {
        // The token alone, so that TOKEN=$(rapport token create ...) works.
        println!("{}", token.token);
        eprintln!(
            "token for {} ({}): send it as `Authorization: Bearer TOKEN`; it is not shown again",
            user.email,
            user.role.as_str()
        );
    }
    Ok(ExitCode::SUCCESS)
}
