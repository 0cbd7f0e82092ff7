//! Rapport's senders: the shop's words posted on each connected channel,
//! each exactly as its platform documents (endpoint, authentication, body
//! fields), and the platform's id for them read from its answer.
//!
//! Credentials come from the environment or a secrets file (TOML, see
//! [`Secrets`]), never from the database; they are never logged and no
//! answer shows them. [`connect`] turns the configuration into the
//! engine's [`Senders`]; a channel without credentials is not connected,
//! and replies on it are recorded as posted by the team.
//!
//! # Layout
//!
//! - [`http`]: the one HTTP client and how platform answers are judged
//!   (a retry later, or a permanent refusal).
//! - [`mastodon`]: `POST /api/v1/statuses`.
//! - [`mail`]: mail through SMTP.

pub mod http;
pub mod mail;
pub mod mastodon;

use rapport_engine::outbox::Senders;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the configuration cannot connect a channel.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The secrets file cannot be read.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A value is wrong.
    #[error("{0}")]
    Bad(String),
}

/// A secret: shown nowhere.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one header that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Secret(s)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// A Mastodon account the shop posts as.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MastodonSecrets {
    /// The instance, e.g. `https://mastodon.social`.
    pub instance: String,
    /// An access token with `write:statuses`.
    pub token: Secret,
}

/// The shop's mail.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MailSecrets {
    /// `smtp://HOST:PORT` (plain, for a relay on this machine),
    /// `smtp://USER:PASS@HOST:587?tls=required` (STARTTLS) or
    /// `smtps://USER:PASS@HOST:465`.
    pub smtp_url: Option<Secret>,
    /// The address mail comes from, e.g. `Trailwerk <hello@trailwerk.de>`.
    pub from: Option<String>,
}

/// Everything a secrets file may hold; every section is optional.
///
/// ```toml
/// [mastodon]
/// instance = "https://mastodon.social"
/// token = "..."
///
/// [mail]
/// smtp_url = "smtp://user:pass@mail.example.com:587?tls=required"
/// from = "Trailwerk <hello@trailwerk.de>"
/// ```
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    /// Mastodon.
    pub mastodon: Option<MastodonSecrets>,
    /// Mail.
    pub mail: Option<MailSecrets>,
}

impl Secrets {
    /// Reads a secrets file.
    pub fn read(path: &Path) -> Result<Secrets, ConfigError> {
        let file = |reason: String| ConfigError::File {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| file(e.to_string()))?;
        // The parser's message may quote the line; a secret must not
        // reach a log through it, so only its position is kept.
        toml::from_str(&text).map_err(|e: toml::de::Error| {
            let at = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            file(match at {
                Some(line) => format!("line {line}: {}", e.message()),
                None => e.message().to_string(),
            })
        })
    }

    /// The secrets the environment names (`RAPPORT_MASTODON_URL` with
    /// `RAPPORT_MASTODON_TOKEN`; `RAPPORT_MAIL_FROM`), over `self`.
    pub fn with_env(mut self, env: impl Fn(&str) -> Option<String>) -> Secrets {
        if let (Some(instance), Some(token)) =
            (env("RAPPORT_MASTODON_URL"), env("RAPPORT_MASTODON_TOKEN"))
        {
            self.mastodon = Some(MastodonSecrets {
                instance,
                token: Secret(token),
            });
        }
        if let Some(from) = env("RAPPORT_MAIL_FROM") {
            self.mail.get_or_insert_with(Default::default).from = Some(from);
        }
        self
    }
}

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The secrets file (`--secrets`, env `RAPPORT_SECRETS`).
    pub secrets: Option<PathBuf>,
    /// `--smtp-url` (env `RAPPORT_SMTP_URL`): over the file's.
    pub smtp_url: Option<String>,
}

/// The senders the configuration connects.
pub fn connect(config: &Config) -> Result<Senders, ConfigError> {
    let secrets = match &config.secrets {
        Some(path) => Secrets::read(path)?,
        None => Secrets::default(),
    };
    let mut secrets = secrets.with_env(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    if let Some(url) = &config.smtp_url {
        secrets.mail.get_or_insert_with(Default::default).smtp_url = Some(Secret(url.clone()));
    }
    from_secrets(&secrets)
}

/// The senders `secrets` connect.
pub fn from_secrets(secrets: &Secrets) -> Result<Senders, ConfigError> {
    let mut senders = Senders::none();
    if let Some(m) = &secrets.mastodon {
        senders = senders.with(Arc::new(mastodon::Mastodon::new(
            &m.instance,
            m.token.clone(),
        )?));
    }
    if let Some(mail) = &secrets.mail {
        if let Some(url) = &mail.smtp_url {
            let from = mail.from.as_deref().unwrap_or("shop@localhost");
            senders = senders.with(Arc::new(mail::Mail::new(url.expose(), from)?));
        }
    }
    Ok(senders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let s = Secrets {
            mastodon: Some(MastodonSecrets {
                instance: "https://bikes.social".into(),
                token: Secret("tok-123".into()),
            }),
            mail: None,
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("tok-123"), "{shown}");
        assert!(shown.contains("bikes.social"));
    }

    #[test]
    fn a_broken_secrets_file_is_named_by_line_without_its_words() {
        let dir = std::env::temp_dir().join(format!("rapport-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("secrets.toml");
        std::fs::write(
            &path,
            "[mastodon]\ninstance = \"https://x\"\ntoken = hunter2\n",
        )
        .expect("write");
        let e = Secrets::read(&path).expect_err("bad toml").to_string();
        std::fs::remove_dir_all(&dir).ok();
        assert!(e.contains("line 3"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn the_environment_connects_mastodon() {
        let env = |k: &str| match k {
            "RAPPORT_MASTODON_URL" => Some("http://127.0.0.1:9".to_string()),
            "RAPPORT_MASTODON_TOKEN" => Some("t".to_string()),
            _ => None,
        };
        let senders = from_secrets(&Secrets::default().with_env(env)).expect("senders");
        assert_eq!(senders.channels(), vec!["mastodon".to_string()]);
    }
}
