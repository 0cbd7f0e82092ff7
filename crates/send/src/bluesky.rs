//! Bluesky: a reply is a record the shop's account writes to its own
//! repository, in three XRPC calls to the account's service (default
//! `https://bsky.social`):
//!
//! 1. `POST /xrpc/com.atproto.server.createSession` with the JSON body
//!    `{"identifier", "password"}` (an app password) answers `accessJwt`
//!    and the account's `did`. The session is kept and used again; when
//!    a call is refused with `ExpiredToken` (or `InvalidToken`, HTTP 400 or
//!    401), a new session is made once and the call repeated.
//! 2. `GET /xrpc/app.bsky.feed.getPosts?uris=…` with
//!    `Authorization: Bearer accessJwt` gives the content ids (`cid`) a
//!    reply must name. The post answered is the parent's external id, the
//!    AT URI the `bluesky` import stores. The thread's root is the
//!    parent's `post_id` (the import's `reply.root.uri`) when the parent is
//!    itself a reply (`in_reply_to` set), else the parent: a quote or a
//!    standalone post starts a thread of its own (its `post_id` names the
//!    quoted post, not a thread). Both are asked for in one call; when the
//!    parent's own record names its root (`record.reply.root`), that strong
//!    reference is used as it is.
//! 3. `POST /xrpc/com.atproto.repo.createRecord` with the bearer token
//!    and the JSON body `{"repo": did, "collection": "app.bsky.feed.post",
//!    "record": {"$type": "app.bsky.feed.post", "text", "createdAt",
//!    "reply": {"root": {"uri", "cid"}, "parent": {"uri", "cid"}}}}`.
//!
//! The answer's `uri` is the reply's external id — the AT URI the import
//! builds for it from the firehose, so a later import of it is a duplicate
//! — and `https://bsky.app/profile/{did}/post/{rkey}` its link. A post
//! holds at most 300 graphemes (and 3000 bytes): a longer reply is refused
//! before anything is sent. The count here joins combining marks, emoji
//! sequences and flags to the character before them, as the platform
//! counts them; where it is unsure it counts fewer, so it never refuses a
//! text Bluesky would take (Bluesky refuses the rest itself).
//!
//! The AT Protocol has no idempotency key: a reply whose sender died
//! mid-send is not sent again on its own.

use crate::http::{agent, answer, base_url, present, scrub, send_json, text_field, Answer};
use crate::{parent_on, ConfigError, Secret};
use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};
use serde_json::{json, Value};
use std::sync::Mutex;

/// The service accounts sign in to unless another is configured.
pub const DEFAULT_SERVICE: &str = "https://bsky.social";

/// Graphemes a post may hold.
pub const MAX_GRAPHEMES: usize = 300;

/// Bytes a post's text may hold.
pub const MAX_BYTES: usize = 3000;

/// The shop's account.
pub struct Bluesky {
    service: String,
    identifier: String,
    password: Secret,
    agent: ureq::Agent,
    session: Mutex<Option<Session>>,
}

/// A signed-in session: the access token and whose it is.
#[derive(Clone)]
struct Session {
    access: Secret,
    did: String,
}

impl Bluesky {
    /// The account `identifier` (handle, DID or email) signs in to on
    /// `service` (`https://…`, or `http://` for a loopback test server)
    /// with an app password.
    pub fn new(
        service: &str,
        identifier: &str,
        app_password: Secret,
    ) -> Result<Bluesky, ConfigError> {
        let service = base_url("bluesky service", service)?;
        let identifier = identifier.trim().trim_start_matches('@').to_string();
        if identifier.is_empty() {
            return Err(ConfigError::Bad("bluesky identifier is empty".into()));
        }
        present("bluesky app_password", &app_password)?;
        Ok(Bluesky {
            service,
            identifier,
            password: app_password,
            agent: agent(),
            session: Mutex::new(None),
        })
    }

    fn xrpc(&self, method: &str) -> String {
        format!("{}/xrpc/{method}", self.service)
    }

    /// Signs in: `com.atproto.server.createSession`.
    fn create_session(&self) -> Result<Session, SendError> {
        let what = "bluesky com.atproto.server.createSession";
        let r = send_json(
            self.agent
                .post(&self.xrpc("com.atproto.server.createSession")),
            &json!({"identifier": self.identifier, "password": self.password.expose()}),
        );
        let v = answer(r, what)?.json(what)?;
        match (text_field(&v, "accessJwt"), text_field(&v, "did")) {
            (Some(access), Some(did)) => Ok(Session {
                access: Secret::from(access),
                did,
            }),
            _ => Err(SendError::Permanent(format!(
                "{what}: the answer names no accessJwt and did"
            ))),
        }
    }

    /// The kept session, or a new one; a new one also when the kept one is
    /// `stale` (refused as expired) and no other call has renewed it since.
    fn session(&self, stale: Option<&Session>) -> Result<Session, SendError> {
        let mut kept = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(s) = kept.as_ref() {
            if stale.is_none_or(|old| old.access != s.access) {
                return Ok(s.clone());
            }
        }
        *kept = None;
        let s = self.create_session()?;
        *kept = Some(s.clone());
        Ok(s)
    }

    /// `call` made with the session's token; made once more with a new
    /// session when the token is refused as expired. The JSON answer and
    /// the session that got it.
    fn authed(
        &self,
        what: &str,
        call: impl Fn(&Session) -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(Value, Session), SendError> {
        let mut s = self.session(None)?;
        let mut a = answer(call(&s), what)?;
        if expired(&a) {
            s = self.session(Some(&s))?;
            a = answer(call(&s), what)?;
        }
        Ok((a.json(what)?, s))
    }

    fn reply(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        let parent = parent_on(m, "bluesky")?;
        let text = m.row.body.as_str();
        let count = graphemes(text);
        if count > MAX_GRAPHEMES || text.len() > MAX_BYTES {
            return Err(SendError::Permanent(format!(
                "bluesky: the reply is {count} graphemes and {} bytes long; a post holds at most \
                 {MAX_GRAPHEMES} graphemes and {MAX_BYTES} bytes",
                text.len()
            )));
        }
        let parent_uri = parent.external_id.trim();
        if !parent_uri.starts_with("at://") {
            return Err(SendError::Permanent(format!(
                "bluesky: the post answered is named {parent_uri:?}, not by its AT URI"
            )));
        }
        let root_uri = match (&parent.in_reply_to, &parent.post_id) {
            (Some(_), Some(root)) if root.trim().starts_with("at://") => root.trim(),
            _ => parent_uri,
        };

        let what = "bluesky GET app.bsky.feed.getPosts";
        let (posts, _) = self.authed(what, |s| {
            let mut get = self.agent.get(&self.xrpc("app.bsky.feed.getPosts"));
            get = get.query("uris", parent_uri);
            if root_uri != parent_uri {
                get = get.query("uris", root_uri);
            }
            get.header("Authorization", &format!("Bearer {}", s.access.expose()))
                .call()
        })?;
        let found = |uri: &str| {
            posts.get("posts").and_then(|p| p.as_array()).and_then(|p| {
                p.iter()
                    .find(|post| text_field(post, "uri").as_deref() == Some(uri))
            })
        };
        let parent_post = found(parent_uri).ok_or_else(|| {
            SendError::Permanent(format!(
                "bluesky: the post answered ({parent_uri}) is gone or hidden: getPosts does not return it"
            ))
        })?;
        let parent_ref = strong_ref(parent_post)
            .ok_or_else(|| SendError::Permanent(format!("{what}: the post answered has no cid")))?;
        let own_root = parent_post
            .get("record")
            .and_then(|r| r.get("reply"))
            .and_then(|r| r.get("root"))
            .and_then(strong_ref);
        let root_ref = match own_root {
            Some(r) => r,
            None if root_uri == parent_uri => parent_ref.clone(),
            None => found(root_uri).and_then(strong_ref).ok_or_else(|| {
                SendError::Permanent(format!(
                    "bluesky: the thread's first post ({root_uri}) is gone or hidden"
                ))
            })?,
        };

        let what = "bluesky POST com.atproto.repo.createRecord";
        let created_at = rfc3339_millis(now_millis());
        let (v, s) = self.authed(what, |s| {
            let body = json!({
                "repo": s.did,
                "collection": "app.bsky.feed.post",
                "record": {
                    "$type": "app.bsky.feed.post",
                    "text": text,
                    "createdAt": created_at,
                    "reply": {"root": root_ref, "parent": parent_ref},
                },
            });
            send_json(
                self.agent
                    .post(&self.xrpc("com.atproto.repo.createRecord"))
                    .header("Authorization", &format!("Bearer {}", s.access.expose())),
                &body,
            )
        })?;
        let uri = text_field(&v, "uri")
            .ok_or_else(|| SendError::Permanent(format!("{what}: the answer names no uri")))?;
        let url = uri
            .strip_prefix("at://")
            .and_then(|rest| {
                let mut parts = rest.split('/');
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(did), Some("app.bsky.feed.post"), Some(rkey)) if !rkey.is_empty() => {
                        Some(format!("https://bsky.app/profile/{did}/post/{rkey}"))
                    }
                    _ => None,
                }
            })
            .or_else(|| {
                let rkey = uri.rsplit('/').next().filter(|r| !r.is_empty())?;
                Some(format!("https://bsky.app/profile/{}/post/{rkey}", s.did))
            });
        Ok(Delivered {
            external_id: uri,
            url,
        })
    }
}

/// Whether an answer refuses the access token as expired or invalid.
fn expired(a: &Answer) -> bool {
    matches!(a.status, 400 | 401)
        && a.value().is_some_and(|v| {
            matches!(
                v.get("error").and_then(|e| e.as_str()),
                Some("ExpiredToken" | "InvalidToken")
            )
        })
}

/// `{uri, cid}` of a post view or a strong reference.
fn strong_ref(v: &Value) -> Option<Value> {
    let uri = text_field(v, "uri")?;
    let cid = text_field(v, "cid")?;
    Some(json!({"uri": uri, "cid": cid}))
}

impl Deliver for Bluesky {
    fn channel(&self) -> &str {
        "bluesky"
    }

    fn idempotent(&self) -> bool {
        false
    }

    fn send(&self, m: &Outgoing) -> Result<Delivered, SendError> {
        self.reply(m).map_err(|e| {
            let access = self
                .session
                .lock()
                .ok()
                .and_then(|s| s.as_ref().map(|s| s.access.expose().to_string()))
                .unwrap_or_default();
            scrub(e, &[self.password.expose(), &access])
        })
    }
}

/// Milliseconds since the epoch, now.
fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or(0)
}

/// `ms` since the epoch as RFC 3339 in UTC with milliseconds, the way
/// Bluesky's own apps write `createdAt`: `2026-10-07T10:00:00.000Z`.
pub fn rfc3339_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let (y, m, d) = civil_date(secs.div_euclid(86_400));
    let day = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01.
fn civil_date(days: i64) -> (i64, i64, i64) {
    // Count from 0000-03-01, so a leap day ends its year; 146 097 days
    // make 400 years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Characters that join the one before them: combining marks and vowel
/// signs, the zero-width joiners, variation selectors, emoji modifiers and
/// tags, and Hangul vowel and final jamo.
const EXTEND: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0711, 0x0711),
    (0x0730, 0x074A),
    (0x07A6, 0x07B0),
    (0x07EB, 0x07F3),
    (0x07FD, 0x07FD),
    (0x0816, 0x082D),
    (0x0859, 0x085B),
    (0x0897, 0x089F),
    (0x08CA, 0x08FF),
    (0x0A70, 0x0A71),
    (0x0A75, 0x0A75),
    (0x0D81, 0x0D83),
    (0x0DCA, 0x0DCA),
    (0x0DCF, 0x0DDF),
    (0x0DF2, 0x0DF3),
    (0x0E31, 0x0E31),
    (0x0E33, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x0EB1, 0x0EB1),
    (0x0EB3, 0x0EBC),
    (0x0EC8, 0x0ECE),
    (0x0F18, 0x0F19),
    (0x0F35, 0x0F35),
    (0x0F37, 0x0F37),
    (0x0F39, 0x0F39),
    (0x0F3E, 0x0F3F),
    (0x0F71, 0x0F84),
    (0x0F86, 0x0F87),
    (0x0F8D, 0x0FBC),
    (0x0FC6, 0x0FC6),
    (0x102B, 0x103E),
    (0x1056, 0x1059),
    (0x105E, 0x1060),
    (0x1062, 0x1064),
    (0x1067, 0x106D),
    (0x1071, 0x1074),
    (0x1082, 0x108D),
    (0x108F, 0x108F),
    (0x109A, 0x109D),
    (0x1160, 0x11FF),
    (0x135D, 0x135F),
    (0x1712, 0x1715),
    (0x1732, 0x1734),
    (0x1752, 0x1753),
    (0x1772, 0x1773),
    (0x17B4, 0x17D3),
    (0x17DD, 0x17DD),
    (0x180B, 0x180F),
    (0x1885, 0x1886),
    (0x18A9, 0x18A9),
    (0x1920, 0x193B),
    (0x1A17, 0x1A1B),
    (0x1A55, 0x1A7F),
    (0x1AB0, 0x1AFF),
    (0x1B00, 0x1B04),
    (0x1B34, 0x1B44),
    (0x1B80, 0x1B82),
    (0x1BA1, 0x1BAD),
    (0x1BE6, 0x1BF3),
    (0x1C24, 0x1C37),
    (0x1CD0, 0x1CF9),
    (0x1DC0, 0x1DFF),
    (0x200C, 0x200D),
    (0x20D0, 0x20F0),
    (0x2CEF, 0x2CF1),
    (0x2D7F, 0x2D7F),
    (0x2DE0, 0x2DFF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xA66F, 0xA672),
    (0xA674, 0xA67D),
    (0xA69E, 0xA69F),
    (0xA6F0, 0xA6F1),
    (0xA802, 0xA802),
    (0xA806, 0xA806),
    (0xA80B, 0xA80B),
    (0xA823, 0xA827),
    (0xA82C, 0xA82C),
    (0xA880, 0xA881),
    (0xA8B4, 0xA8C5),
    (0xA8E0, 0xA8F1),
    (0xA8FF, 0xA8FF),
    (0xA926, 0xA92D),
    (0xA947, 0xA953),
    (0xA980, 0xA983),
    (0xA9B3, 0xA9C0),
    (0xAA29, 0xAA36),
    (0xAA43, 0xAA43),
    (0xAA4C, 0xAA4D),
    (0xAAEB, 0xAAEF),
    (0xAAF5, 0xAAF6),
    (0xABE3, 0xABEA),
    (0xABEC, 0xABED),
    (0xD7B0, 0xD7FF),
    (0xFB1E, 0xFB1E),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFF9E, 0xFF9F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];

fn extends(c: char) -> bool {
    let cp = u32::from(c);
    // The Brahmic scripts from Devanagari to Malayalam share one layout:
    // signs at 0–3, vowel signs and the virama at 3A–4F (3D is a letter),
    // more marks at 51–57 and 62–63 of each 128-character block.
    if (0x0900..=0x0D7F).contains(&cp) {
        let at = cp & 0x7F;
        if at <= 0x03
            || ((0x3A..=0x4F).contains(&at) && at != 0x3D)
            || (0x51..=0x57).contains(&at)
            || (0x62..=0x63).contains(&at)
        {
            return true;
        }
    }
    EXTEND
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` is in a Brahmic block (Devanagari to Malayalam) at one of
/// the offsets `at` (the virama is 4D, consonants 15–39): a consonant
/// after a virama joins it in a conjunct.
fn brahmic(c: char, at: std::ops::RangeInclusive<u32>) -> bool {
    let cp = u32::from(c);
    (0x0900..=0x0D7F).contains(&cp) && at.contains(&(cp & 0x7F))
}

fn regional(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn hangul_leading(c: char) -> bool {
    ('\u{1100}'..='\u{115F}').contains(&c) || ('\u{A960}'..='\u{A97F}').contains(&c)
}

/// The graphemes (user-perceived characters) in `text`, as a post's
/// length is counted: `é` written as `e` and a combining accent is one, a
/// family emoji joined with ZWJ is one, a flag (two regional indicators)
/// is one, a conjunct (consonant, virama, consonant) is one, CR LF is one.
pub fn graphemes(text: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    // Whether the regional indicators just before close no pair yet.
    let mut open_flag = false;
    for c in text.chars() {
        let joins = match prev {
            None => false,
            Some('\r') => c == '\n',
            Some(p) if p.is_control() || c.is_control() => false,
            Some('\u{200D}') => true,
            Some(_) if extends(c) => true,
            Some(p) if regional(p) && regional(c) => open_flag,
            Some(p) if brahmic(p, 0x4D..=0x4D) => brahmic(c, 0x15..=0x39),
            Some(p) if hangul_leading(p) => {
                hangul_leading(c) || ('\u{AC00}'..='\u{D7A3}').contains(&c)
            }
            _ => false,
        };
        open_flag = regional(c) && !(joins && open_flag);
        if !joins {
            count += 1;
        }
        prev = Some(c);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphemes_are_counted_as_people_see_them() {
        assert_eq!(graphemes(""), 0);
        assert_eq!(graphemes("Yes, 29 x 2.4!"), 14);
        assert_eq!(graphemes("e\u{301}"), 1);
        assert_eq!(graphemes("Grüße"), 5);
        assert_eq!(graphemes("👍🏽"), 1);
        assert_eq!(graphemes("👨\u{200D}👩\u{200D}👧"), 1);
        assert_eq!(graphemes("🇩🇪🇹🇭"), 2);
        assert_eq!(graphemes("🇩🇪🇹"), 2);
        assert_eq!(graphemes("❤\u{FE0F}"), 1);
        assert_eq!(graphemes("a\r\nb"), 3);
        assert_eq!(graphemes("ขอบคุณ"), 5);
        assert_eq!(graphemes("नमस्ते"), 3);
        assert_eq!(graphemes("\u{1100}\u{1161}\u{11A8}"), 1);
        assert_eq!(graphemes("한국어"), 3);
    }

    #[test]
    fn times_are_written_as_bluesky_apps_write_them() {
        assert_eq!(rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            rfc3339_millis(1_791_367_200_000),
            "2026-10-07T10:00:00.000Z"
        );
        assert_eq!(rfc3339_millis(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339_millis(951_868_799_999), "2000-02-29T23:59:59.999Z");
        assert_eq!(rfc3339_millis(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            rfc3339_millis(4_107_542_400_000),
            "2100-03-01T00:00:00.000Z"
        );
    }

    #[test]
    fn an_empty_identifier_or_password_is_refused() {
        let pw = |s: &str| Secret::from(s.to_string());
        assert!(Bluesky::new(DEFAULT_SERVICE, "shop.bsky.social", pw("p")).is_ok());
        assert!(Bluesky::new(DEFAULT_SERVICE, " ", pw("p")).is_err());
        assert!(Bluesky::new(DEFAULT_SERVICE, "shop.bsky.social", pw("")).is_err());
        assert!(Bluesky::new("bsky.social", "shop.bsky.social", pw("p")).is_err());
    }
}
