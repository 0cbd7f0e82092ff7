//! One module per import format.

pub mod csv;
pub mod jsonl;
