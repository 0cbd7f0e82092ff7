//! `rapport profile show|set`, and reading the profile for other commands.
//!
//! The profile lives in a TOML file (`rapport.toml` in the current folder,
//! `--profile PATH` or `RAPPORT_PROFILE`); without one, the built-in
//! profile of the demo shop is used.

use super::Output;
use crate::cli::{ProfileAction, ProfileArgs};
use crate::user_error;
use anyhow::Context;
use rapport_core::profile::Profile;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// The profile at `path`, and whether it came from that file (`false`:
/// the built-in default).
pub fn load(path: &Path) -> anyhow::Result<(Profile, bool)> {
    let raw = match std::fs::read_to_string(path) {
        Ok(raw) => raw,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Profile::trailwerk(), false))
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let profile: Profile = toml::from_str(&raw).map_err(|e| {
        let line = e
            .span()
            .map_or(0, |s| raw[..s.start.min(raw.len())].lines().count().max(1));
        user_error(format!("{}:{line}: {}", path.display(), e.message().trim()))
    })?;
    Ok((profile, true))
}

#[derive(Serialize)]
pub(crate) struct Shown<'a> {
    pub(crate) path: String,
    pub(crate) from_file: bool,
    pub(crate) profile: &'a Profile,
}

/// `rapport profile show|set`.
pub fn run(path: &Path, args: &ProfileArgs, out: Output) -> anyhow::Result<ExitCode> {
    let (mut profile, from_file) = load(path)?;
    match &args.action {
        ProfileAction::Show => {}
        ProfileAction::Set { key, value } => {
            profile
                .set(key, value)
                .map_err(|e| user_error(format!("profile set: {e}")))?;
            let text = toml::to_string_pretty(&profile).context("writing the profile as TOML")?;
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    let from_file = from_file || matches!(args.action, ProfileAction::Set { .. });
    if out.json {
        out.print_json(&Shown {
            path: path.display().to_string(),
            from_file,
            profile: &profile,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    if from_file {
        println!("# {}", path.display());
    } else {
        println!(
            "# built-in profile (no {}; `rapport profile set KEY VALUE` writes one)",
            path.display()
        );
    }
    print!(
        "{}",
        toml::to_string_pretty(&profile).context("showing the profile as TOML")?
    );
    Ok(ExitCode::SUCCESS)
}
