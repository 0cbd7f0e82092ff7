//! Live pull cursors (migration 7): where each `rapport pull` source stopped.

use crate::sql::{args, Db, DbExt};
use crate::StoreError;

/// The cursor stored for `source`, if any.
pub fn get(db: &dyn Db, source: &str) -> Result<Option<String>, StoreError> {
    Ok(db
        .scalar_opt::<Option<String>>(
            "SELECT cursor FROM pull_cursor WHERE source = ?1",
            args![source],
        )?
        .flatten())
}

/// Stores `cursor` for `source`, replacing the one before.
pub fn set(db: &dyn Db, source: &str, cursor: &str, at: i64) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO pull_cursor (source, cursor, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor,
                                            updated_at = excluded.updated_at",
        args![source, cursor, at],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    crate::per_backend! {
        fn a_cursor_is_stored_and_replaced(db) {
            let store = db.open().expect("open");
            assert_eq!(store.pull_cursor("mastodon:x").expect("get"), None);
            store.set_pull_cursor("mastodon:x", "10", 1).expect("set");
            store.set_pull_cursor("mastodon:x", "12", 2).expect("set");
            store.set_pull_cursor("bluesky:y", "99", 2).expect("set");
            assert_eq!(
                store.pull_cursor("mastodon:x").expect("get").as_deref(),
                Some("12")
            );
            assert_eq!(
                store.pull_cursor("bluesky:y").expect("get").as_deref(),
                Some("99")
            );
        }
    }
}
