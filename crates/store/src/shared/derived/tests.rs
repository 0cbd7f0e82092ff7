//! The derived state on both databases: messages written with plain SQL
//! (as the batch writer writes them), kept through [`Derived`], and
//! compared after every flush with what [`rebuild`] derives at once.

use super::threads::{self, stored_columns, Stored};
use super::{check, queue, rebuild, root_of, Derived, New};
use crate::sql::{args, Db, DbExt};
use crate::StoreError;
use rapport_core::signals::Signals;
use rapport_core::Kind;

const CHANNEL: &str = "mastodon";

/// A person of their own with one identity named `handle`: the
/// identity's id.
fn someone(db: &dyn Db, person: i64, handle: &str) -> Result<i64, StoreError> {
    db.execute(
        "INSERT INTO person (id, name, created_at) VALUES (?1, ?2, 0)",
        args![person, handle],
    )?;
    db.scalar(
        "INSERT INTO identity (person_id, channel, handle) VALUES (?1, ?2, ?3) RETURNING id",
        args![person, CHANNEL, handle],
    )
}

/// One message to store.
#[derive(Clone, Copy)]
struct Msg<'a> {
    ext: &'a str,
    identity: i64,
    kind: Kind,
    at: i64,
    parent: Option<&'a str>,
    signals: u8,
}

/// Words said to the shop by `identity`.
fn said<'a>(ext: &'a str, identity: i64, at: i64, parent: Option<&'a str>) -> Msg<'a> {
    Msg {
        ext,
        identity,
        kind: if parent.is_some() {
            Kind::Reply
        } else {
            Kind::Comment
        },
        at,
        parent,
        signals: 0,
    }
}

/// Stores `m` (the shop's when its identity is `shop`) as the batch
/// writer does: its root from its stored parent, then [`Derived::inserted`].
/// Returns its id.
fn store(db: &dyn Db, d: &mut Derived, shop: i64, m: Msg<'_>) -> Result<i64, StoreError> {
    let parent = match m.parent {
        Some(p) => db.opt(
            concat!(
                "SELECT ",
                stored_columns!(),
                ", i.root FROM interaction i JOIN identity d ON d.id = i.identity_id
                 WHERE i.channel = ?1 AND i.external_id = ?2"
            ),
            args![CHANNEL, p],
            |r| Ok((threads::stored(r)?, r.get::<String>(10)?)),
        )?,
        None => None,
    };
    let root = root_of(m.ext, m.parent, parent.as_ref().map(|p| p.1.as_str())).to_string();
    let from_brand = m.identity == shop;
    let id: i64 = db.scalar(
        "INSERT INTO interaction (channel, external_id, kind, identity_id, created_at,
                                  in_reply_to, from_brand, signals, root)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
        args![
            CHANNEL,
            m.ext,
            m.kind.as_str(),
            m.identity,
            m.at,
            m.parent,
            from_brand,
            m.signals,
            root
        ],
    )?;
    let person = d.person_of(db, m.identity)?;
    d.inserted(New {
        message: Stored {
            id,
            external_id: m.ext.to_string(),
            in_reply_to: m.parent.map(str::to_string),
            person,
            at: m.at,
            from_brand,
            kind: m.kind,
            answered_at: None,
            signals: Signals::from_bits(m.signals),
            post_id: None,
        },
        channel: CHANNEL,
        root: &root,
        parent: parent.as_ref().map(|p| &p.0),
    });
    Ok(id)
}

/// Stores `batch` through one [`Derived`] and flushes it; the kept state
/// must then be what a rebuild derives.
fn write(db: &dyn Db, shop: i64, batch: &[Msg<'_>]) -> Result<Vec<i64>, StoreError> {
    let mut d = Derived::default();
    let ids = batch
        .iter()
        .map(|m| store(db, &mut d, shop, *m))
        .collect::<Result<Vec<_>, _>>()?;
    d.flush(db)?;
    agrees(db)?;
    Ok(ids)
}

/// The kept state is what a rebuild derives.
fn agrees(db: &dyn Db) -> Result<(), StoreError> {
    let diff = check(db, 20)?;
    assert!(
        diff.is_empty(),
        "kept and derived differ:\n{}",
        diff.join("\n")
    );
    Ok(())
}

fn root_and_answer(db: &dyn Db, ext: &str) -> Result<(String, Option<i64>), StoreError> {
    db.one(
        "SELECT root, answered_at FROM interaction WHERE external_id = ?1",
        args![ext],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

fn queued(db: &dyn Db) -> Result<Vec<(i64, i64, i64, i64)>, StoreError> {
    db.rows(
        "SELECT interaction_id, person_id, rank, vip FROM inbox_queue ORDER BY interaction_id",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

crate::per_backend! {
    /// Replies before what they answer, the shop's answers before and
    /// after the words, threads joining, likes: after every batch the
    /// kept threads, answers, queue and days are what a rebuild derives.
    fn batches_in_any_order_keep_what_a_rebuild_derives(db) {
        db.with_db(|db| {
            let shop = someone(db, 1, "shop")?;
            let anna = someone(db, 2, "anna")?;
            let ben = someone(db, 3, "ben")?;
            let complaint = Signals::COMPLAINT;
            write(db, shop, &[
                Msg { signals: complaint, ..said("c1", anna, 1_000, None) },
                said("b1", ben, 1_100, Some("c1")),
                said("s1", shop, 1_200, Some("c1")),
                Msg { kind: Kind::Like, ..said("l1", ben, 1_300, None) },
            ])?;
            assert_eq!(root_and_answer(db, "c1")?, ("c1".into(), Some(1_200)));
            assert_eq!(root_and_answer(db, "b1")?, ("c1".into(), None));
            // Earlier words of anna's in the thread: answered by the reply
            // already stored (the store is asked).
            write(db, shop, &[said("c0", anna, 950, Some("c1"))])?;
            assert_eq!(root_and_answer(db, "c0")?, ("c1".into(), Some(1_200)));
            // A reply before its parent, then the parent: the threads join.
            write(db, shop, &[said("a2", anna, 2_100, Some("m9"))])?;
            assert_eq!(root_and_answer(db, "a2")?, ("m9".into(), None));
            write(db, shop, &[
                said("m9", ben, 2_000, Some("b1")),
                said("s2", shop, 2_200, Some("a2")),
            ])?;
            assert_eq!(root_and_answer(db, "a2")?, ("c1".into(), Some(2_200)));
            assert_eq!(root_and_answer(db, "m9")?, ("c1".into(), None));
            let threads: Vec<(String, i64, i64)> = db.rows(
                "SELECT root, messages, unanswered FROM thread ORDER BY root",
                args![],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            assert_eq!(threads, vec![("c1".to_string(), 7, 2)]);
            // Ben's words are the queue; the complaint was answered.
            let ben_person = 3;
            assert_eq!(
                queued(db)?.iter().map(|q| q.1).collect::<Vec<_>>(),
                vec![ben_person, ben_person]
            );
            let (inbound, answered, likes, messages): (i64, i64, i64, i64) = db.one(
                "SELECT CAST(SUM(inbound) AS BIGINT), CAST(SUM(answered) AS BIGINT),
                        CAST(SUM(likes) AS BIGINT), CAST(SUM(messages) AS BIGINT)
                 FROM report_day WHERE channel = ?1",
                args![CHANNEL],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            assert_eq!((inbound, answered, likes, messages), (5, 3, 1, 8));
            // Rebuilding from scratch changes nothing of it.
            rebuild(db)?;
            agrees(db)
        })
        .expect("derived state");
    }

    /// Words read again, people merging and parting, verdicts weighing
    /// on the queue: the kept state follows each.
    fn readings_merges_and_verdicts_move_the_queue_as_a_rebuild_does(db) {
        db.with_db(|db| {
            let shop = someone(db, 1, "shop")?;
            let anna = someone(db, 2, "anna")?;
            let ben = someone(db, 3, "ben")?;
            let ids = write(db, shop, &[
                said("c1", anna, 1_000, None),
                said("c2", ben, 1_100, Some("c1")),
                said("s1", shop, 1_200, Some("c2")),
                said("c3", anna, 1_300, None),
            ])?;
            // Anna's first words were a complaint after all.
            let mut d = Derived::default();
            let now = Signals::from_bits(Signals::COMPLAINT);
            db.execute(
                "UPDATE interaction SET signals = ?1 WHERE id = ?2",
                args![now.bits(), ids[0]],
            )?;
            d.signals_changed(db, ids[0], Signals::default(), now)?;
            d.flush(db)?;
            agrees(db)?;
            // Anna is a detractor (15 points), Ben a VIP worth ten.
            for (person, labels, weight, vip) in [
                (2i64, rapport_core::ladder::Label::Detractor.bit(), 15i64, 0i64),
                (3, 0, 10, 1),
            ] {
                db.execute(
                    "INSERT INTO person_score (person_id, stage, assessment, labels, queue_weight, vip)
                     VALUES (?1, 'stranger', '{}', ?2, ?3, ?4)",
                    args![person, labels, weight, vip],
                )?;
            }
            queue::reweigh_all(db)?;
            agrees(db)?;
            let complaint = rapport_core::priority::COMPLAINT;
            assert_eq!(
                queued(db)?,
                vec![(ids[0], 2, complaint + 15, 1), (ids[3], 2, 15, 0)]
            );
            // Ben's identity moves to Anna, and back.
            for (to, from) in [(2i64, 3i64), (3, 2)] {
                let mut d = Derived::default();
                db.execute(
                    "UPDATE identity SET person_id = ?1 WHERE id = ?2",
                    args![to, ben],
                )?;
                queue::move_identities(db, &[ben], to)?;
                d.people_changed(db, &[to, from])?;
                d.flush(db)?;
                agrees(db)?;
            }
            queue::reweigh(db, 2, queue::Weight::default())?;
            db.execute("DELETE FROM person_score WHERE person_id = 2", args![])?;
            agrees(db)
        })
        .expect("derived state");
    }

    /// Forgetting messages takes them out of the threads, answers and
    /// queue, while the report's days keep them as erased figures: the
    /// days are unchanged and a rebuild agrees.
    fn an_erasure_keeps_the_days_and_a_rebuild_agrees(db) {
        db.with_db(|db| {
            let shop = someone(db, 1, "shop")?;
            let anna = someone(db, 2, "anna")?;
            let ben = someone(db, 3, "ben")?;
            let ids = write(db, shop, &[
                said("c1", anna, 1_000, None),
                said("b1", ben, 90_000, Some("c1")),
                said("s1", shop, 90_100, Some("b1")),
                said("a1", anna, 90_200, Some("s1")),
                said("s2", shop, 200_000, Some("a1")),
            ])?;
            let days = |db: &dyn Db| -> Result<Vec<String>, StoreError> {
                db.rows(
                    "SELECT day, inbound, answered, messages, conversations, histogram
                     FROM report_day LEFT JOIN response_day USING (day, channel)
                     ORDER BY day",
                    args![],
                    |r| {
                        Ok(format!(
                            "{} {} {} {} {} {:?}",
                            r.get::<i64>(0)?,
                            r.get::<i64>(1)?,
                            r.get::<i64>(2)?,
                            r.get::<i64>(3)?,
                            r.get::<i64>(4)?,
                            r.get::<Option<Vec<u8>>>(5)?
                        ))
                    },
                )
            };
            let before = days(db)?;
            let mut d = Derived::erasing();
            let anna_ids = [ids[0], ids[3]];
            assert_eq!(d.remove_messages(db, &anna_ids)?, 2);
            d.flush(db)?;
            agrees(db)?;
            assert_eq!(days(db)?, before);
            // Ben's reply, its parent gone, starts a thread under its id.
            assert_eq!(root_and_answer(db, "b1")?, ("c1".into(), Some(90_100)));
            let erased: i64 = db.scalar(
                "SELECT CAST(SUM(messages) AS BIGINT) FROM erased_day",
                args![],
            )?;
            assert_eq!(erased, 2);
            Ok(())
        })
        .expect("derived state");
    }
}
