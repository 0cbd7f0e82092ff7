//! Full-text search (SQLite's migrations 18 and 23): one index over
//! messages, identities and people, written after the fact. Before each
//! search the people and identities changed since the last one are
//! rewritten (`search_dirty`) and the messages stored since are added, in
//! batches: imports never pay for the index, and a search still sees
//! every write before it. Deletes reach the index at once (triggers), so
//! a forgotten person's words never wait for a search to leave it.
//!
//! A row of the index is keyed by its source: 4 × id + 0 a message's
//! words, + 1 an identity (handle, display name, email), + 3 a person
//! (name and addresses). A query is a list of quoted phrases
//! ([`crate::Store::search`]), all required, each found anywhere in a
//! row's words whatever their case and Latin accents — so Thai, written
//! without spaces, and German compounds are found by any part.
//!
//! The index itself is each database's own, and is the one thing said
//! differently to each ([`Index`]): SQLite's is an FTS5 table with the
//! trigram tokenizer (`search_index`); PostgreSQL's a table of folded
//! words (`search_fold`: lower case, accents removed) with a trigram
//! index (`search_doc`, `pg_trgm`), a phrase found with `LIKE`.

use crate::sql::{args, Arg, Db, DbExt, Dialect, Flow};
use crate::views::SearchRows;
use crate::StoreError;
use rapport_core::{InteractionId, PersonId};
use std::collections::HashSet;

/// Messages indexed per transaction while catching up.
const BATCH: i64 = 20_000;

/// The statements that write one database's index.
struct Index {
    /// Deletes the rows `search_dirty` names.
    forget_dirty: &'static str,
    /// Writes the dirty identities' rows.
    add_identities: &'static str,
    /// Writes the dirty people's rows.
    add_people: &'static str,
    /// Writes the messages in `?1 < id <= ?2`.
    add_messages: &'static str,
}

const SQLITE: Index = Index {
    forget_dirty: "DELETE FROM search_index WHERE rowid IN (SELECT row FROM search_dirty)",
    add_identities: "INSERT INTO search_index (rowid, body)
         SELECT d.id * 4 + 1,
                d.handle || ' ' || coalesce(d.display_name, '') || ' ' || coalesce(d.email, '')
         FROM search_dirty s JOIN identity d ON d.id = s.row / 4
         WHERE s.row % 4 = 1",
    add_people: "INSERT INTO search_index (rowid, body)
         SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
             (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
         FROM search_dirty s JOIN person p ON p.id = s.row / 4
         WHERE s.row % 4 = 3",
    add_messages: "INSERT INTO search_index (rowid, body)
         SELECT interaction_id * 4, text FROM interaction_text
         WHERE interaction_id > ?1 AND interaction_id <= ?2",
};

const POSTGRES: Index = Index {
    forget_dirty: "DELETE FROM search_doc WHERE id IN (SELECT row FROM search_dirty)",
    add_identities: "INSERT INTO search_doc (id, body)
         SELECT d.id * 4 + 1, search_fold(
                d.handle || ' ' || coalesce(d.display_name, '') || ' ' || coalesce(d.email, ''))
         FROM search_dirty s JOIN identity d ON d.id = s.row / 4
         WHERE s.row % 4 = 1",
    add_people: "INSERT INTO search_doc (id, body)
         SELECT p.id * 4 + 3, search_fold(p.name || ' ' || coalesce(
             (SELECT string_agg(e.address, ' ') FROM email e WHERE e.person_id = p.id), ''))
         FROM search_dirty s JOIN person p ON p.id = s.row / 4
         WHERE s.row % 4 = 3",
    add_messages: "INSERT INTO search_doc (id, body)
         SELECT interaction_id * 4, search_fold(text) FROM interaction_text
         WHERE interaction_id > ?1 AND interaction_id <= ?2",
};

fn index(db: &dyn Db) -> &'static Index {
    match db.dialect() {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
    }
}

/// One step of [`catch_up`], run by the store in a write transaction
/// of its own: rows written, or `None` when there was nothing to do.
pub type Step<'a> = dyn FnMut(&dyn Db) -> Result<Option<u64>, StoreError> + 'a;

/// Brings the index up to date: rewrites the people and identities
/// changed since the last search, then adds the messages stored since,
/// [`BATCH`] at a time. `in_tx` runs each step in a write transaction
/// of its own and commits it. Returns the rows written.
pub fn catch_up(
    in_tx: &mut dyn FnMut(&mut Step<'_>) -> Result<Option<u64>, StoreError>,
) -> Result<u64, StoreError> {
    let mut added = in_tx(&mut |db| people(db).map(Some))?.unwrap_or(0);
    while let Some(n) = in_tx(&mut messages)? {
        added += n;
    }
    Ok(added)
}

/// Whether the index is behind: people or identities changed, or
/// messages stored, since it was last brought up to date.
pub fn behind(db: &dyn Db) -> Result<bool, StoreError> {
    db.scalar(
        "SELECT EXISTS (SELECT 1 FROM search_dirty)
             OR EXISTS (SELECT 1 FROM interaction_text WHERE interaction_id >
                            (SELECT through FROM search_state WHERE id = 1))",
        args![],
    )
}

/// Rewrites the index rows of the people and identities in
/// `search_dirty`. A row whose source is gone (a person merged away or
/// forgotten) is only deleted.
fn people(db: &dyn Db) -> Result<u64, StoreError> {
    let index = index(db);
    db.execute(index.forget_dirty, args![])?;
    let identities = db.execute(index.add_identities, args![])?;
    let people = db.execute(index.add_people, args![])?;
    db.execute("DELETE FROM search_dirty", args![])?;
    Ok((identities + people) as u64)
}

/// Adds up to [`BATCH`] of the messages stored since the index was last
/// brought up to date; `None` when there were none.
fn messages(db: &dyn Db) -> Result<Option<u64>, StoreError> {
    let through: i64 = db
        .scalar_opt("SELECT through FROM search_state WHERE id = 1", args![])?
        .unwrap_or(0);
    let last: Option<i64> = db.scalar(
        "SELECT max(interaction_id) FROM (SELECT interaction_id FROM interaction_text
         WHERE interaction_id > ?1 ORDER BY interaction_id LIMIT ?2) AS batch",
        args![through, BATCH],
    )?;
    let Some(last) = last else {
        return Ok(None);
    };
    let added = db.execute(index(db).add_messages, args![through, last])?;
    db.execute(
        "UPDATE search_state SET through = ?1 WHERE id = 1",
        args![last],
    )?;
    Ok(Some(added as u64))
}

/// The messages (newest first) and people matching `expr` (quoted
/// phrases, all required), at most `limit` of each.
pub fn search(db: &dyn Db, expr: &str, limit: u64) -> Result<SearchRows, StoreError> {
    let limit = limit.min(i64::MAX as u64) as i64;
    match db.dialect() {
        Dialect::Sqlite => found(
            db,
            (
                "SELECT rowid / 4 FROM search_index
                 WHERE search_index MATCH ?1 AND rowid % 4 = 0 ORDER BY rowid DESC LIMIT ?2",
                args![expr, limit],
            ),
            (
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?1 AND rowid % 4 = 0",
                args![expr],
            ),
            (
                // An identity's person, or the person; the newest rows first.
                "SELECT CASE s.rowid % 4 WHEN 1 THEN d.person_id ELSE p.id END
                 FROM search_index s
                 LEFT JOIN identity d ON s.rowid % 4 = 1 AND d.id = s.rowid / 4
                 LEFT JOIN person p ON s.rowid % 4 = 3 AND p.id = s.rowid / 4
                 WHERE search_index MATCH ?1 AND s.rowid % 4 IN (1, 3)
                 ORDER BY s.rowid DESC",
                args![expr],
            ),
            limit,
        ),
        Dialect::Postgres => {
            let phrases = phrases(expr);
            // As the trigram tokenizer: a phrase shorter than three
            // characters matches nothing.
            if phrases.is_empty() || phrases.iter().any(|p| p.chars().count() < 3) {
                return Ok(SearchRows {
                    people: Vec::new(),
                    messages: Vec::new(),
                    message_total: 0,
                });
            }
            // Each phrase folded as the words were, anywhere in them.
            let like: String = (1..=phrases.len())
                .map(|i| format!(" AND s.body LIKE '%' || search_fold(?{i}) || '%'"))
                .collect();
            let patterns: Vec<String> = phrases.iter().map(|p| escape_like(p)).collect();
            let matched: Vec<&dyn Arg> = patterns.iter().map(|p| p as &dyn Arg).collect();
            let mut values = matched.clone();
            values.push(&limit);
            found(
                db,
                (
                    &format!(
                        "SELECT s.id / 4 FROM search_doc s WHERE s.id % 4 = 0{like}
                         ORDER BY s.id DESC LIMIT ?{}",
                        phrases.len() + 1
                    ),
                    &values,
                ),
                (
                    &format!("SELECT count(*) FROM search_doc s WHERE s.id % 4 = 0{like}"),
                    &matched,
                ),
                (
                    &format!(
                        "SELECT CASE s.id % 4 WHEN 1 THEN d.person_id ELSE p.id END
                         FROM search_doc s
                         LEFT JOIN identity d ON s.id % 4 = 1 AND d.id = s.id / 4
                         LEFT JOIN person p ON s.id % 4 = 3 AND p.id = s.id / 4
                         WHERE s.id % 4 IN (1, 3){like}
                         ORDER BY s.id DESC"
                    ),
                    &matched,
                ),
                limit,
            )
        }
    }
}

/// Runs the three queries of a search, each with its arguments: the
/// messages' ids, how many messages match in all, and the people's ids
/// (each once, at most `limit`).
fn found(
    db: &dyn Db,
    messages: (&str, &[&dyn Arg]),
    counted: (&str, &[&dyn Arg]),
    people: (&str, &[&dyn Arg]),
    limit: i64,
) -> Result<SearchRows, StoreError> {
    let messages = db.rows(messages.0, messages.1, |r| Ok(InteractionId(r.get(0)?)))?;
    let message_total: i64 = db.scalar(counted.0, counted.1)?;
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    db.query(people.0, people.1, &mut |r| {
        let Some(id) = r.get::<Option<i64>>(0)? else {
            return Ok(Flow::Continue(()));
        };
        if seen.insert(id) {
            found.push(PersonId(id));
            if found.len() as i64 >= limit {
                return Ok(Flow::Break(()));
            }
        }
        Ok(Flow::Continue(()))
    })?;
    Ok(SearchRows {
        people: found,
        messages,
        message_total: u64::try_from(message_total).unwrap_or(0),
    })
}

/// The phrases of an FTS5 query of quoted phrases (`"a ""b"""` is
/// `a "b"`); a bare word is a phrase of its own.
fn phrases(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = expr.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut phrase = String::new();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        phrase.push('"');
                    } else {
                        break;
                    }
                } else {
                    phrase.push(c);
                }
            }
            out.push(phrase);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(word);
        }
    }
    out
}

/// `text` found literally by `LIKE` (its default escape, `\`).
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_fts5_query_of_quoted_phrases_reads_back_as_its_phrases() {
        assert_eq!(
            phrases("\"say \"\"hi\"\"\" \"ยาง\" bare"),
            vec!["say \"hi\"", "ยาง", "bare"]
        );
        assert!(phrases("  ").is_empty());
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    /// Stores a person with an identity, an address and a message.
    fn store(db: &dyn Db, id: i64, name: &str, handle: &str, text: &str) -> Result<(), StoreError> {
        db.execute(
            "INSERT INTO person (id, name, is_brand, created_at) VALUES (?1, ?2, 0, 0)",
            args![id, name],
        )?;
        db.execute(
            "INSERT INTO identity (id, person_id, channel, handle, display_name)
             VALUES (?1, ?1, 'instagram', ?2, ?3)",
            args![id, handle, name],
        )?;
        db.execute(
            "INSERT INTO email (address, person_id) VALUES (?1, ?2)",
            args![format!("{handle}@example.org"), id],
        )?;
        db.execute(
            "INSERT INTO interaction (id, channel, external_id, kind, identity_id, created_at,
                                      from_brand)
             VALUES (?1, 'instagram', ?2, 'comment', ?1, ?1, 0)",
            args![id, format!("c{id}")],
        )?;
        db.execute(
            "INSERT INTO interaction_text (interaction_id, text) VALUES (?1, ?2)",
            args![id, text],
        )?;
        Ok(())
    }

    /// (people, messages) found by `expr`, as plain ids.
    fn find(db: &dyn Db, expr: &str) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
        search(db, expr, 10).map(|f| {
            (
                f.people.iter().map(|p| p.0).collect(),
                f.messages.iter().map(|m| m.0).collect(),
            )
        })
    }

    crate::per_backend! {
        fn thai_and_german_words_names_handles_and_addresses_are_found(db) {
            db.with_db(|db| {
                store(db, 1, "Klaus Müller", "klaus.rides", "Habt ihr den Reifen in 29 ZOLL?")?;
                store(db, 2, "สมชาย ใจดี", "somchai", "ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ")?;
                assert!(behind(db)?);
                let written = catch_up(&mut |step| step(db))?;
                assert_eq!(written, 6, "two identities, two people, two messages");
                assert!(!behind(db)?);
                // Thai has no spaces: a word inside a sentence is found.
                assert_eq!(find(db, "\"จักรยาน\"")?, (vec![], vec![2]));
                // Case and accents do not matter; every phrase must match.
                assert_eq!(find(db, "\"reifen\" \"zoll\"")?, (vec![], vec![1]));
                assert_eq!(find(db, "\"Reifen\" \"Fahrrad\"")?, (vec![], vec![]));
                assert_eq!(find(db, "\"muller\"")?, (vec![1], vec![]));
                assert_eq!(find(db, "\"MÜLLER\"")?, (vec![1], vec![]));
                // People by handle, display name and address; newest first.
                assert_eq!(find(db, "\"klaus.rid\"")?, (vec![1], vec![]));
                assert_eq!(find(db, "\"example.org\"")?, (vec![2, 1], vec![]));
                assert_eq!(find(db, "\"ใจดี\"")?, (vec![2], vec![]));
                // Too short to be a trigram: nothing.
                assert_eq!(find(db, "\"ZO\"")?, (vec![], vec![]));
                // Words stored after a search are found by the next; a
                // deleted message at once.
                store(db, 3, "Lina", "lina.velo", "Gibt es das Schlauchlos-Ventil einzeln?")?;
                db.execute("DELETE FROM interaction_text WHERE interaction_id = 2", args![])?;
                assert_eq!(catch_up(&mut |step| step(db))?, 3);
                assert_eq!(find(db, "\"schlauchlos\"")?, (vec![], vec![3]));
                assert_eq!(find(db, "\"จักรยาน\"")?, (vec![], vec![]));
                assert_eq!(find(db, "\"lina\"")?, (vec![3], vec![]));
                Ok(())
            })
            .expect("search");
        }
    }
}
