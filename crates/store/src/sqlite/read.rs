//! An order read from a rusqlite row, for `sqlite::outbox` until it is
//! written over [`crate::sql::Db`] (the store's reads are
//! `shared::read`).

use crate::{OrderRow, StoreError};
use rapport_core::PersonId;

/// An order from the columns `order_id, person_id, email, total,
/// currency, created_at, status, items` (first, in that order), with its
/// items still JSON (see [`with_items`]).
pub fn order_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OrderRow, String)> {
    Ok((
        OrderRow {
            order_id: r.get(0)?,
            person: r.get::<_, Option<i64>>(1)?.map(PersonId),
            email: r.get(2)?,
            total: r.get(3)?,
            currency: r.get(4)?,
            at: r.get(5)?,
            status: r.get(6)?,
            items: Vec::new(),
        },
        r.get(7)?,
    ))
}

/// The order with its items read from their JSON.
pub fn with_items((order, items): (OrderRow, String)) -> Result<OrderRow, StoreError> {
    crate::shared::read::with_items((order, &items))
}
