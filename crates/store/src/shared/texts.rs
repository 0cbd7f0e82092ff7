//! What an import reads back before it writes: the shop's posts (the
//! context their comments are read in), the stored texts (to read them
//! again), and each author's usual language.

use crate::sql::{args, Db, DbExt};
use crate::{StoreError, TextRow};
use rapport_core::InteractionId;
use std::collections::HashMap;

/// The text of every shop post, by `(channel, external id)`.
pub fn post_texts(db: &dyn Db) -> Result<HashMap<(String, String), String>, StoreError> {
    let mut out = HashMap::new();
    db.each(
        "SELECT i.channel, i.external_id, t.text
         FROM interaction i JOIN interaction_text t ON t.interaction_id = i.id
         WHERE i.kind = 'post' AND i.from_brand = 1",
        args![],
        |r| {
            out.insert((r.get(0)?, r.get(1)?), r.get(2)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The shop's own handles on every channel (its identities' handles,
/// lowercased as stored): a mention of one is no recommendation
/// ([`rapport_core::signals::Place`]).
pub fn shop_handles(db: &dyn Db) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = db.rows(
        "SELECT d.handle FROM identity d JOIN person p ON p.id = d.person_id
         WHERE p.is_brand = 1",
        args![],
        |r| r.get(0),
    )?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Up to `limit` stored texts after interaction `after`, in id order.
pub fn texts(db: &dyn Db, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError> {
    db.rows(
        "SELECT i.id, i.channel, d.handle, t.text, i.post_id
         FROM interaction i JOIN interaction_text t ON t.interaction_id = i.id
         JOIN identity d ON d.id = i.identity_id
         WHERE i.id > ?1 AND t.text <> '' ORDER BY i.id LIMIT ?2",
        args![after.0, limit],
        |r| {
            Ok(TextRow {
                id: InteractionId(r.get(0)?),
                channel: r.get(1)?,
                handle: r.get(2)?,
                text: r.get(3)?,
                post_id: r.get(4)?,
            })
        },
    )
}

/// The language each author (as `(channel, handle)`) writes most in,
/// over every identity of their person; authors with none known are
/// left out.
pub fn voices(
    db: &dyn Db,
    authors: &[(String, String)],
) -> Result<HashMap<(String, String), String>, StoreError> {
    let mut out = HashMap::new();
    for (channel, handle) in authors {
        let language: Option<String> = db.scalar_opt(
            "SELECT a.language
             FROM identity d
             JOIN identity o ON o.person_id = d.person_id
             JOIN interaction i ON i.identity_id = o.id
             JOIN analysis a ON a.interaction_id = i.id
             WHERE d.channel = ?1 AND d.handle = ?2 AND a.language <> 'unknown'
             GROUP BY a.language ORDER BY count(*) DESC, a.language LIMIT 1",
            args![channel, handle],
        )?;
        if let Some(language) = language {
            out.insert((channel.clone(), handle.clone()), language);
        }
    }
    Ok(out)
}

/// Stored texts whose languages [`channel_languages`] counts: the latest,
/// so a channel's voice follows who writes there now, and a look-up costs
/// the same in a store of any size.
pub const CHANNEL_SAMPLE: i64 = 5_000;

/// The languages of the latest [`CHANNEL_SAMPLE`] stored texts (`unknown`
/// not counted), per channel, with how many, most first.
pub fn channel_languages(db: &dyn Db) -> Result<HashMap<String, Vec<(String, u64)>>, StoreError> {
    let mut counts: HashMap<String, HashMap<String, u64>> = HashMap::new();
    db.each(
        "SELECT i.channel, a.language
         FROM analysis a JOIN interaction i ON i.id = a.interaction_id
         WHERE a.language <> 'unknown'
         ORDER BY a.interaction_id DESC LIMIT ?1",
        args![CHANNEL_SAMPLE],
        |r| {
            let (channel, language): (String, String) = (r.get(0)?, r.get(1)?);
            *counts
                .entry(channel)
                .or_default()
                .entry(language)
                .or_default() += 1;
            Ok(())
        },
    )?;
    Ok(counts
        .into_iter()
        .map(|(channel, langs)| {
            let mut langs: Vec<(String, u64)> = langs.into_iter().collect();
            langs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (channel, langs)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::sql::{args, DbExt};
    use rapport_core::InteractionId;

    crate::per_backend! {
        fn texts_posts_and_voices_are_read_back(db) {
            let got = db
                .with_db(|db| {
                    db.execute_batch(
                        "INSERT INTO person (id, name, is_brand, created_at) VALUES (1, 'shop', 1, 0), (2, 'anna', 0, 0);
                         INSERT INTO identity (id, person_id, channel, handle) VALUES (1, 1, 'x', 'shop'), (2, 2, 'x', 'anna'), (3, 2, 'ig', 'anna.r');
                         INSERT INTO interaction (id, channel, external_id, kind, identity_id, created_at, from_brand)
                         VALUES (1, 'x', 'p1', 'post', 1, 10, 1), (2, 'x', 'c1', 'comment', 2, 11, 0),
                                (3, 'ig', 'c2', 'comment', 3, 12, 0), (4, 'ig', 'c3', 'comment', 3, 13, 0);
                         INSERT INTO interaction_text (interaction_id, text)
                         VALUES (1, 'New bikes'), (2, 'Schön'), (3, 'nice'), (4, '');
                         INSERT INTO analysis (interaction_id, language, sentiment, sentiment_confidence, intent, intents, topics, specificity, generic)
                         VALUES (2, 'de', 'positive', 0.9, 'other', '[]', '[]', 0.5, 0),
                                (3, 'de', 'positive', 0.9, 'other', '[]', '[]', 0.5, 0),
                                (4, 'en', 'neutral', 0.9, 'other', '[]', '[]', 0.5, 0)",
                    )?;
                    let posts = crate::shared::texts::post_texts(db)?;
                    let texts = crate::shared::texts::texts(db, InteractionId(1), 10)?;
                    let voices = crate::shared::texts::voices(
                        db,
                        &[("ig".into(), "anna.r".into()), ("x".into(), "shop".into())],
                    )?;
                    let n: i64 = db.scalar("SELECT count(*) FROM interaction", args![])?;
                    let heard = crate::shared::texts::channel_languages(db)?;
                    Ok((posts, texts, voices, n, heard))
                })
                .expect("read back");
            let (posts, texts, voices, n, heard) = got;
            // Per channel, most heard first (ties by code).
            assert_eq!(heard.get("x"), Some(&vec![("de".to_string(), 1)]));
            assert_eq!(
                heard.get("ig"),
                Some(&vec![("de".to_string(), 1), ("en".to_string(), 1)])
            );
            assert_eq!(heard.len(), 2);
            assert_eq!(n, 4);
            assert_eq!(posts.get(&("x".into(), "p1".into())).map(String::as_str), Some("New bikes"));
            assert_eq!(posts.len(), 1);
            let ids: Vec<i64> = texts.iter().map(|t| t.id.0).collect();
            assert_eq!(ids, vec![2, 3]);
            assert_eq!(texts[1].handle, "anna.r");
            assert_eq!(voices.get(&("ig".into(), "anna.r".into())).map(String::as_str), Some("de"));
            assert_eq!(voices.len(), 1);
        }
    }
}
