//! Live pull cursors: the PostgreSQL side of `sqlite::cursors`.

use crate::StoreError;
use postgres::GenericClient;

/// The cursor stored for `source`, if any.
pub fn get(c: &mut impl GenericClient, source: &str) -> Result<Option<String>, StoreError> {
    Ok(c.query_opt(
        "SELECT cursor FROM pull_cursor WHERE source = $1",
        &[&source],
    )?
    .map(|r| r.try_get::<_, Option<String>>(0))
    .transpose()?
    .flatten())
}

/// Stores `cursor` for `source`, replacing the one before.
pub fn set(
    c: &mut impl GenericClient,
    source: &str,
    cursor: &str,
    at: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO pull_cursor (source, cursor, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor,
                                            updated_at = excluded.updated_at",
        &[&source, &cursor, &at],
    )?;
    Ok(())
}
