//! What a move is checked by: per table, the rows and a SHA-256 of
//! every row's values in key order, computed the same way from whatever
//! each database hands back.
//!
//! Each value goes into the hash in one canonical encoding: a tag byte
//! (0 null, 1 integer, 2 double, 3 text, 4 bytes), then an integer as 8
//! bytes big-endian, a double as its 8 IEEE-754 bytes (so 1.0 and 1 differ,
//! and so would a rounded double), text and bytes as their length (8
//! bytes) and the bytes themselves. Columns go in name order, rows in
//! primary-key order (text keys by byte on both: SQLite's own order,
//! `COLLATE "C"` on PostgreSQL). Two tables with the same rows and
//! checksum hold the same values of the same kinds, row for row.

use super::scan::{scan, Cell};
use super::tables::Table;
use crate::sql::Db;
use crate::StoreError;
use sha2::{Digest, Sha256};

/// Rows read per query.
const PAGE: usize = 10_000;

/// One table's rows and checksum on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    /// Rows.
    pub rows: u64,
    /// SHA-256 over the rows' values (see the module's docs).
    pub digest: [u8; 32],
}

impl Sum {
    /// The checksum as 64 hexadecimal digits.
    pub fn hex(&self) -> String {
        self.digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One table compared across the two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The table.
    pub table: String,
    /// Its rows and checksum in the source.
    pub from: Sum,
    /// Its rows and checksum in the target.
    pub to: Sum,
}

impl Check {
    /// Whether the two sides hold the same rows.
    pub fn ok(&self) -> bool {
        self.from == self.to
    }
}

/// Feeds one value to the hash in the canonical encoding.
fn feed(hash: &mut Sha256, cell: &Cell) {
    match cell {
        Cell::Null => hash.update([0u8]),
        Cell::Int(n) => {
            hash.update([1u8]);
            hash.update(n.to_be_bytes());
        }
        Cell::Real(x) => {
            hash.update([2u8]);
            hash.update(x.to_bits().to_be_bytes());
        }
        Cell::Text(s) => {
            hash.update([3u8]);
            hash.update((s.len() as u64).to_be_bytes());
            hash.update(s.as_bytes());
        }
        Cell::Blob(b) => {
            hash.update([4u8]);
            hash.update((b.len() as u64).to_be_bytes());
            hash.update(b);
        }
    }
}

/// `table`'s rows and checksum as `db` holds it.
pub fn sum(db: &dyn Db, table: &Table) -> Result<Sum, StoreError> {
    let mut hash = Sha256::new();
    let rows = scan(db, table, PAGE, &mut |page| {
        for cell in page.iter().flatten() {
            feed(&mut hash, cell);
        }
        Ok(())
    })?;
    Ok(Sum {
        rows,
        digest: hash.finalize().into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(cells: &[Cell]) -> [u8; 32] {
        let mut hash = Sha256::new();
        for c in cells {
            feed(&mut hash, c);
        }
        hash.finalize().into()
    }

    #[test]
    fn values_of_another_kind_or_split_elsewhere_hash_apart() {
        let text = |s: &str| Cell::Text(s.to_string());
        let same = [
            vec![Cell::Int(1)],
            vec![Cell::Real(1.0)],
            vec![text("1")],
            vec![Cell::Blob(b"1".to_vec())],
            vec![Cell::Null],
            vec![text("")],
            vec![text("ab"), text("c")],
            vec![text("a"), text("bc")],
            vec![Cell::Real(0.1 + 0.2)],
            vec![Cell::Real(0.3)],
        ];
        let digests: std::collections::HashSet<[u8; 32]> =
            same.iter().map(|row| digest(row)).collect();
        assert_eq!(digests.len(), same.len());
    }
}
