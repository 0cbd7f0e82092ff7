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
use std::path::Path;
use std::process::ExitCode;

/// The profile at `path`, and whether it came from that file (`false`:
/// the built-in default).
pub fn load(path: &Path) -> anyhow::Result<(Profile, bool)> {
    Ok(rapport_engine::profile::load(path)?)
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
        out.print_json(&rapport_engine::profile::Shown {
            path: path.display().to_string(),
            from_file,
            profile: profile.clone(),
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
