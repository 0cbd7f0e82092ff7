//! X (Twitter) API responses.
//!
//! API v2 (`/2/tweets`, `/2/tweets/search/recent`, `/2/users/:id/mentions`,
//! …): `{data: [tweet] or tweet, includes: {users: [...]}, meta, errors}`.
//! A tweet's author is looked up in `includes.users` (asked for with
//! `expansions=author_id`) for the username, name, followers and bio; when
//! it is absent the handle is the `author_id`.
//!
//! - `referenced_tweets` `replied_to` → `in_reply_to`; a reply to the
//!   conversation's first tweet (`conversation_id`) is a comment, a reply
//!   to a reply is a reply; `post_id` is the conversation.
//! - `retweeted` → share of that tweet; `quoted` → mention of it.
//! - Anything else is a mention, or a post when the shop wrote it.
//! - Long posts keep their full text in `note_tweet.text`.
//! - Without `created_at` (not requested), the time is read from the id,
//!   which is a snowflake.
//!
//! The older API v1.1 (tweets with `id_str`, `user`, `full_text`, arrays of
//! them, or search's `{statuses}`) is read too, with the same rules as far
//! as its fields allow (it has no conversation id).

use crate::document::{elements, Sink};
use crate::draft::Draft;
use crate::timestamps;
use crate::wire::{count, text, text_ref, Number, Text};
use rapport_core::said::import::Shape;
use rapport_core::{Kind, Timestamp};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

const CHANNEL: &str = "x";

/// X's snowflake epoch, 2010-11-04T01:42:54.657Z, in milliseconds.
const EPOCH_MS: u64 = 1_288_834_974_657;

/// A v2 response.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Response<'a> {
    /// One tweet or an array of them.
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    includes: Includes,
}

/// `includes`: expanded objects.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Includes {
    users: Vec<User>,
}

/// A v2 user.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct User {
    id: Option<Text>,
    username: Option<String>,
    name: Option<String>,
    description: Option<String>,
    public_metrics: Option<UserMetrics>,
}

/// `user.public_metrics`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct UserMetrics {
    followers_count: Option<Number>,
}

/// A v2 tweet.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an X tweet object")]
struct Tweet {
    id: Option<Text>,
    text: Option<String>,
    author_id: Option<Text>,
    created_at: Option<String>,
    conversation_id: Option<Text>,
    referenced_tweets: Vec<Reference>,
    note_tweet: Option<NoteTweet>,
}

/// `referenced_tweets[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Reference {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<Text>,
}

/// `note_tweet`: the full text of a long post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NoteTweet {
    text: Option<String>,
}

/// A v1.1 tweet.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an X v1.1 tweet object")]
struct TweetV1 {
    id_str: Option<Text>,
    id: Option<Text>,
    full_text: Option<String>,
    text: Option<String>,
    /// `Wed Oct 10 20:19:24 +0000 2018`.
    created_at: Option<String>,
    user: Option<UserV1>,
    in_reply_to_status_id_str: Option<Text>,
    quoted_status_id_str: Option<Text>,
    retweeted_status: Option<Box<TweetV1>>,
}

/// A v1.1 user.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UserV1 {
    id_str: Option<Text>,
    screen_name: Option<String>,
    name: Option<String>,
    description: Option<String>,
    followers_count: Option<Number>,
}

/// The keys that tell the documents apart.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an X API response or tweet")]
struct Probe {
    data: Option<IgnoredAny>,
    includes: Option<IgnoredAny>,
    meta: Option<IgnoredAny>,
    errors: Option<IgnoredAny>,
    statuses: Option<IgnoredAny>,
    id_str: Option<IgnoredAny>,
    user: Option<IgnoredAny>,
    full_text: Option<IgnoredAny>,
}

/// Search v1.1: `{statuses}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SearchV1<'a> {
    #[serde(borrow)]
    statuses: Option<&'a RawValue>,
}

/// Converts one X document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, document);
}

fn document(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((_, p)) = sink.parse_as::<Probe>(raw, Shape::XResponse) else {
        return;
    };
    if p.id_str.is_some() || p.user.is_some() || p.full_text.is_some() {
        if let Some((line, t)) = sink.parse::<TweetV1>(raw) {
            v1(line, &t, sink);
        }
    } else if p.statuses.is_some() {
        if let Some((_, s)) = sink.parse::<SearchV1<'_>>(raw) {
            for t in s.statuses.and_then(elements).unwrap_or_default() {
                if let Some((line, t)) = sink.parse::<TweetV1>(t) {
                    v1(line, &t, sink);
                }
            }
        }
    } else if p.data.is_some() || p.includes.is_some() || p.meta.is_some() || p.errors.is_some() {
        if let Some((_, r)) = sink.parse::<Response<'_>>(raw) {
            response(r, sink);
        }
    } else if let Some((line, t)) = sink.parse::<Tweet>(raw) {
        // A bare v2 tweet, without its includes.
        v2(line, &t, &HashMap::new(), sink);
    }
}

fn response(r: Response<'_>, sink: &mut Sink<'_>) {
    let users: HashMap<String, User> = r
        .includes
        .users
        .into_iter()
        .filter_map(|u| Some((text(&u.id)?, u)))
        .collect();
    let Some(data) = r.data else {
        // A page with no results (`meta.result_count: 0`) or only errors.
        return;
    };
    let tweets = elements(data).unwrap_or_else(|| vec![data]);
    for t in tweets {
        if let Some((line, t)) = sink.parse_as::<Tweet>(t, Shape::XTweet) {
            v2(line, &t, &users, sink);
        }
    }
}

fn v2(line: usize, t: &Tweet, users: &HashMap<String, User>, sink: &mut Sink<'_>) {
    let mut d = Draft::new(CHANNEL, Kind::Mention);
    let author_id = text_ref(&t.author_id);
    let user = author_id.and_then(|id| users.get(id));
    let username = user.and_then(|u| u.username.as_deref());
    d.from_brand = sink
        .brand
        .is(CHANNEL, [username, author_id].into_iter().flatten());
    d.handle = username.or(author_id).map(String::from);
    if let Some(u) = user {
        d.display_name = u.name.clone();
        d.bio = u.description.clone();
        d.followers = u
            .public_metrics
            .as_ref()
            .and_then(|m| count(&m.followers_count));
    }
    d.external_id = text(&t.id);
    d.text = t
        .note_tweet
        .as_ref()
        .and_then(|n| n.text.clone())
        .or_else(|| t.text.clone())
        .unwrap_or_default();
    d.time_text = t.created_at.clone();
    d.created_at = t
        .created_at
        .as_deref()
        .and_then(timestamps::parse)
        .or_else(|| snowflake_time(text_ref(&t.id)));
    let conversation = text(&t.conversation_id).filter(|c| Some(c) != d.external_id.as_ref());
    let reference = |kind: &str| {
        t.referenced_tweets
            .iter()
            .find(|r| r.kind.as_deref() == Some(kind))
            .and_then(|r| text(&r.id))
    };
    if let Some(retweeted) = reference("retweeted") {
        d.kind = Kind::Share;
        d.post_id = Some(retweeted);
    } else if let Some(parent) = reference("replied_to") {
        d.kind = if conversation.as_ref() == Some(&parent) {
            Kind::Comment
        } else {
            Kind::Reply
        };
        d.in_reply_to = Some(parent);
        d.post_id = conversation;
    } else if let Some(quoted) = reference("quoted") {
        d.post_id = Some(quoted);
    } else if d.from_brand {
        d.kind = Kind::Post;
    }
    d.url = url(username, d.external_id.as_deref());
    sink.push(line, d.finish());
}

fn v1(line: usize, t: &TweetV1, sink: &mut Sink<'_>) {
    let mut d = Draft::new(CHANNEL, Kind::Mention);
    let user = t.user.as_ref();
    let username = user.and_then(|u| u.screen_name.as_deref());
    let user_id = user.and_then(|u| text_ref(&u.id_str));
    d.from_brand = sink
        .brand
        .is(CHANNEL, [username, user_id].into_iter().flatten());
    d.handle = username.or(user_id).map(String::from);
    if let Some(u) = user {
        d.display_name = u.name.clone();
        d.bio = u.description.clone();
        d.followers = count(&u.followers_count);
    }
    d.external_id = text(&t.id_str).or_else(|| text(&t.id));
    d.text = t
        .full_text
        .clone()
        .or_else(|| t.text.clone())
        .unwrap_or_default();
    d.time_text = t.created_at.clone();
    d.created_at = t
        .created_at
        .as_deref()
        .and_then(timestamps::parse)
        .or_else(|| snowflake_time(d.external_id.as_deref()));
    if let Some(rt) = &t.retweeted_status {
        d.kind = Kind::Share;
        d.post_id = text(&rt.id_str).or_else(|| text(&rt.id));
    } else if let Some(parent) = text(&t.in_reply_to_status_id_str) {
        d.kind = Kind::Reply;
        d.in_reply_to = Some(parent);
    } else if let Some(quoted) = text(&t.quoted_status_id_str) {
        d.post_id = Some(quoted);
    } else if d.from_brand {
        d.kind = Kind::Post;
    }
    d.url = url(username, d.external_id.as_deref());
    sink.push(line, d.finish());
}

/// The time a tweet id encodes.
fn snowflake_time(id: Option<&str>) -> Option<Timestamp> {
    id.and_then(|id| timestamps::from_snowflake(id, 22, EPOCH_MS))
}

/// The tweet's page.
fn url(username: Option<&str>, id: Option<&str>) -> Option<String> {
    let id = id?;
    if id.starts_with("derived:") {
        return None;
    }
    Some(match username {
        Some(u) => format!("https://x.com/{u}/status/{id}"),
        None => format!("https://x.com/i/web/status/{id}"),
    })
}
