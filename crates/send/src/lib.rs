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
//! - [`bluesky`]: three XRPC calls, `com.atproto.server.createSession`,
//!   `app.bsky.feed.getPosts`, then `com.atproto.repo.createRecord`.
//! - [`reddit`]: `POST /api/comment`.
//! - [`youtube`]: `POST /youtube/v3/comments`.
//! - [`facebook`]: `POST /{version}/{comment-id}/comments` (Graph API).
//! - [`instagram`]: `POST /{version}/{ig-comment-id}/replies` (Graph API).
//! - [`x`]: `POST /2/tweets`.
//! - [`graph`]: what Facebook and Instagram share: Meta's Graph API.
//! - [`mail`]: mail through SMTP.
//!
//! Only Mastodon recognises a repeated idempotency key; every other
//! channel here says so ([`Deliver::idempotent`] is `false`), and a reply
//! whose sender died mid-send waits, `unsure`, for a person.
//!
//! [`Deliver::idempotent`]: rapport_engine::outbox::Deliver::idempotent

pub mod bluesky;
pub mod facebook;
pub mod graph;
pub mod http;
pub mod instagram;
pub mod mail;
pub mod mastodon;
pub mod reddit;
pub mod x;
pub mod youtube;

use rapport_engine::outbox::{Outgoing, SendError, Senders};
use rapport_store::InteractionRow;
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

/// The shop's Bluesky account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueskySecrets {
    /// Where the account lives: `https://bsky.social` (the default) or
    /// the account's own PDS.
    pub service: Option<String>,
    /// The handle (`trailshop.bsky.social`), DID or email it signs in with.
    pub identifier: String,
    /// An app password (*Settings → Privacy and security → App
    /// passwords*), never the account's password.
    pub app_password: Secret,
}

/// The shop's Reddit account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedditSecrets {
    /// An OAuth access token with the `submit` scope.
    pub token: Secret,
    /// The `User-Agent` Reddit asks for:
    /// `PLATFORM:APP-ID:VERSION (by /u/USERNAME)`.
    pub user_agent: Option<String>,
    /// The API host; default `https://oauth.reddit.com`.
    pub base: Option<String>,
}

/// The shop's YouTube channel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YouTubeSecrets {
    /// An OAuth 2.0 access token with the `youtube.force-ssl` scope.
    pub token: Secret,
    /// The API host; default `https://www.googleapis.com`.
    pub base: Option<String>,
}

/// The shop's Facebook page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacebookSecrets {
    /// The page access token (`pages_manage_engagement`).
    pub page_token: Secret,
    /// The Graph API host; default `https://graph.facebook.com`.
    pub graph: Option<String>,
    /// The Graph API version; default `v21.0`.
    pub version: Option<String>,
}

/// The shop's Instagram professional account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstagramSecrets {
    /// An access token with `instagram_manage_comments` (Facebook Login:
    /// the page's token) or `instagram_business_manage_comments`
    /// (Instagram Login, with `graph = "https://graph.instagram.com"`).
    pub token: Secret,
    /// The Graph API host; default `https://graph.facebook.com`.
    pub graph: Option<String>,
    /// The Graph API version; default `v21.0`.
    pub version: Option<String>,
}

/// The shop's X account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XSecrets {
    /// An OAuth 2.0 user-context access token with `tweet.write` (and
    /// `tweet.read`, `users.read`).
    pub token: Secret,
    /// The API host; default `https://api.x.com`.
    pub base: Option<String>,
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
/// [bluesky]
/// identifier = "trailshop.bsky.social"
/// app_password = "xxxx-xxxx-xxxx-xxxx"
///
/// [reddit]
/// token = "..."
/// user_agent = "web:de.trailwerk.rapport:1.0 (by /u/trailshop)"
///
/// [youtube]
/// token = "..."
///
/// [facebook]
/// page_token = "..."
///
/// [instagram]
/// token = "..."
///
/// [x]
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
    /// Bluesky.
    pub bluesky: Option<BlueskySecrets>,
    /// Reddit.
    pub reddit: Option<RedditSecrets>,
    /// YouTube.
    pub youtube: Option<YouTubeSecrets>,
    /// Facebook.
    pub facebook: Option<FacebookSecrets>,
    /// Instagram.
    pub instagram: Option<InstagramSecrets>,
    /// X.
    pub x: Option<XSecrets>,
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

    /// The secrets the environment names, over `self`:
    /// `RAPPORT_MASTODON_URL` with `RAPPORT_MASTODON_TOKEN`;
    /// `RAPPORT_BLUESKY_IDENTIFIER` with `RAPPORT_BLUESKY_APP_PASSWORD`
    /// (and `RAPPORT_BLUESKY_SERVICE`); `RAPPORT_REDDIT_TOKEN` (and
    /// `RAPPORT_REDDIT_USER_AGENT`); `RAPPORT_YOUTUBE_TOKEN`;
    /// `RAPPORT_FACEBOOK_PAGE_TOKEN`; `RAPPORT_INSTAGRAM_TOKEN`;
    /// `RAPPORT_X_TOKEN`; `RAPPORT_MAIL_FROM`. `RAPPORT_REDDIT_BASE`,
    /// `RAPPORT_YOUTUBE_BASE`, `RAPPORT_FACEBOOK_BASE`,
    /// `RAPPORT_INSTAGRAM_BASE` and `RAPPORT_X_BASE` move a connected
    /// channel's API elsewhere (a test server).
    pub fn with_env(mut self, env: impl Fn(&str) -> Option<String>) -> Secrets {
        if let (Some(instance), Some(token)) =
            (env("RAPPORT_MASTODON_URL"), env("RAPPORT_MASTODON_TOKEN"))
        {
            self.mastodon = Some(MastodonSecrets {
                instance,
                token: Secret(token),
            });
        }
        if let (Some(identifier), Some(password)) = (
            env("RAPPORT_BLUESKY_IDENTIFIER"),
            env("RAPPORT_BLUESKY_APP_PASSWORD"),
        ) {
            let service = self.bluesky.take().and_then(|b| b.service);
            self.bluesky = Some(BlueskySecrets {
                service,
                identifier,
                app_password: Secret(password),
            });
        }
        if let (Some(b), Some(service)) = (&mut self.bluesky, env("RAPPORT_BLUESKY_SERVICE")) {
            b.service = Some(service);
        }
        if let Some(token) = env("RAPPORT_REDDIT_TOKEN") {
            let old = self.reddit.take();
            self.reddit = Some(RedditSecrets {
                token: Secret(token),
                user_agent: old.as_ref().and_then(|r| r.user_agent.clone()),
                base: old.and_then(|r| r.base),
            });
        }
        if let Some(r) = &mut self.reddit {
            if let Some(ua) = env("RAPPORT_REDDIT_USER_AGENT") {
                r.user_agent = Some(ua);
            }
            if let Some(base) = env("RAPPORT_REDDIT_BASE") {
                r.base = Some(base);
            }
        }
        if let Some(token) = env("RAPPORT_YOUTUBE_TOKEN") {
            let base = self.youtube.take().and_then(|y| y.base);
            self.youtube = Some(YouTubeSecrets {
                token: Secret(token),
                base,
            });
        }
        if let (Some(y), Some(base)) = (&mut self.youtube, env("RAPPORT_YOUTUBE_BASE")) {
            y.base = Some(base);
        }
        if let Some(token) = env("RAPPORT_FACEBOOK_PAGE_TOKEN") {
            let old = self.facebook.take();
            self.facebook = Some(FacebookSecrets {
                page_token: Secret(token),
                graph: old.as_ref().and_then(|f| f.graph.clone()),
                version: old.and_then(|f| f.version),
            });
        }
        if let (Some(f), Some(graph)) = (&mut self.facebook, env("RAPPORT_FACEBOOK_BASE")) {
            f.graph = Some(graph);
        }
        if let Some(token) = env("RAPPORT_INSTAGRAM_TOKEN") {
            let old = self.instagram.take();
            self.instagram = Some(InstagramSecrets {
                token: Secret(token),
                graph: old.as_ref().and_then(|i| i.graph.clone()),
                version: old.and_then(|i| i.version),
            });
        }
        if let (Some(i), Some(graph)) = (&mut self.instagram, env("RAPPORT_INSTAGRAM_BASE")) {
            i.graph = Some(graph);
        }
        if let Some(token) = env("RAPPORT_X_TOKEN") {
            let base = self.x.take().and_then(|x| x.base);
            self.x = Some(XSecrets {
                token: Secret(token),
                base,
            });
        }
        if let (Some(x), Some(base)) = (&mut self.x, env("RAPPORT_X_BASE")) {
            x.base = Some(base);
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
    if let Some(b) = &secrets.bluesky {
        senders = senders.with(Arc::new(bluesky::Bluesky::new(
            b.service.as_deref().unwrap_or(bluesky::DEFAULT_SERVICE),
            &b.identifier,
            b.app_password.clone(),
        )?));
    }
    if let Some(r) = &secrets.reddit {
        senders = senders.with(Arc::new(reddit::Reddit::new(
            r.base.as_deref().unwrap_or(reddit::DEFAULT_BASE),
            r.token.clone(),
            r.user_agent.as_deref(),
        )?));
    }
    if let Some(y) = &secrets.youtube {
        senders = senders.with(Arc::new(youtube::YouTube::new(
            y.base.as_deref().unwrap_or(youtube::DEFAULT_BASE),
            y.token.clone(),
        )?));
    }
    if let Some(f) = &secrets.facebook {
        senders = senders.with(Arc::new(facebook::Facebook::new(
            f.graph.as_deref().unwrap_or(graph::DEFAULT_GRAPH),
            f.version.as_deref().unwrap_or(graph::DEFAULT_VERSION),
            f.page_token.clone(),
        )?));
    }
    if let Some(i) = &secrets.instagram {
        senders = senders.with(Arc::new(instagram::Instagram::new(
            i.graph.as_deref().unwrap_or(graph::DEFAULT_GRAPH),
            i.version.as_deref().unwrap_or(graph::DEFAULT_VERSION),
            i.token.clone(),
        )?));
    }
    if let Some(x) = &secrets.x {
        senders = senders.with(Arc::new(x::X::new(
            x.base.as_deref().unwrap_or(x::DEFAULT_BASE),
            x.token.clone(),
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

/// The message `m` answers on `channel`, when it has an id there that a
/// reply can name: these platforms take replies only (Rapport posts
/// nothing public of its own), and an id the import had to make up
/// (`derived:…`) or a reply not sent yet (`rapport:…`) names nothing on
/// the platform.
pub(crate) fn parent_on<'a>(
    m: &'a Outgoing,
    channel: &str,
) -> Result<&'a InteractionRow, SendError> {
    let p = m.parent.as_ref().ok_or_else(|| {
        SendError::Permanent(format!(
            "{channel}: only replies are sent here, and this message answers nothing"
        ))
    })?;
    if p.channel != channel {
        return Err(SendError::Permanent(format!(
            "{channel}: the message answered is on {}",
            p.channel
        )));
    }
    let id = p.external_id.trim();
    if id.is_empty() || id.starts_with("derived:") || id.starts_with("rapport:") {
        return Err(SendError::Permanent(format!(
            "{channel}: the message answered has no {channel} id ({id:?}): post the reply yourself"
        )));
    }
    Ok(p)
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
            ..Secrets::default()
        }
        .with_env(every_channel);
        let shown = format!("{s:?}");
        for secret in [
            "tok-123",
            "pw-bsky",
            "tok-reddit",
            "tok-yt",
            "tok-fb",
            "tok-ig",
            "tok-x",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("bikes.social"));
        assert!(shown.contains("trailshop.bsky.social"));
    }

    /// An environment that names every channel, each secret `…-CHANNEL`.
    fn every_channel(k: &str) -> Option<String> {
        let v = match k {
            "RAPPORT_BLUESKY_IDENTIFIER" => "trailshop.bsky.social",
            "RAPPORT_BLUESKY_APP_PASSWORD" => "pw-bsky",
            "RAPPORT_BLUESKY_SERVICE" => "http://127.0.0.1:9",
            "RAPPORT_REDDIT_TOKEN" => "tok-reddit",
            "RAPPORT_REDDIT_BASE" => "http://127.0.0.1:9",
            "RAPPORT_YOUTUBE_TOKEN" => "tok-yt",
            "RAPPORT_FACEBOOK_PAGE_TOKEN" => "tok-fb",
            "RAPPORT_INSTAGRAM_TOKEN" => "tok-ig",
            "RAPPORT_X_TOKEN" => "tok-x",
            "RAPPORT_X_BASE" => "http://127.0.0.1:9",
            _ => return None,
        };
        Some(v.to_string())
    }

    #[test]
    fn the_environment_connects_every_platform() {
        let secrets = Secrets::default().with_env(every_channel);
        assert_eq!(
            secrets.bluesky.as_ref().and_then(|b| b.service.as_deref()),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            secrets.x.as_ref().and_then(|x| x.base.as_deref()),
            Some("http://127.0.0.1:9")
        );
        let senders = from_secrets(&secrets).expect("senders");
        assert_eq!(
            senders.channels(),
            ["bluesky", "facebook", "instagram", "reddit", "x", "youtube"]
        );
        for channel in senders.channels() {
            let s = senders.get(&channel).expect("sender");
            assert!(!s.idempotent(), "{channel} honours no idempotency key");
        }
    }

    #[test]
    fn the_environment_keeps_the_files_other_settings() {
        let file: Secrets = toml::from_str(
            "[reddit]\ntoken = \"old\"\nuser_agent = \"web:shop:1 (by /u/shop)\"\n\
             [facebook]\npage_token = \"old\"\nversion = \"v20.0\"\n",
        )
        .expect("toml");
        let s = file.with_env(every_channel);
        let r = s.reddit.expect("reddit");
        assert_eq!(r.token.expose(), "tok-reddit");
        assert_eq!(r.user_agent.as_deref(), Some("web:shop:1 (by /u/shop)"));
        assert_eq!(r.base.as_deref(), Some("http://127.0.0.1:9"));
        let f = s.facebook.expect("facebook");
        assert_eq!(f.page_token.expose(), "tok-fb");
        assert_eq!(f.version.as_deref(), Some("v20.0"));
    }

    #[test]
    fn a_section_with_an_unknown_field_is_refused() {
        let e = toml::from_str::<Secrets>("[x]\ntoken = \"t\"\nsecret = \"s\"\n")
            .expect_err("unknown field");
        assert!(e.message().contains("unknown field"), "{e}");
    }

    #[test]
    fn a_bad_setting_is_refused_without_quoting_the_credential() {
        let secrets: Secrets =
            toml::from_str("[youtube]\ntoken = \"tok-yt-1\"\nbase = \"www.googleapis.com\"\n")
                .expect("toml");
        let e = from_secrets(&secrets).expect_err("bad base").to_string();
        assert!(e.contains("www.googleapis.com"), "{e}");
        assert!(!e.contains("tok-yt-1"), "{e}");
        let empty: Secrets = toml::from_str("[x]\ntoken = \" \"\n").expect("toml");
        assert!(from_secrets(&empty).is_err());
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
