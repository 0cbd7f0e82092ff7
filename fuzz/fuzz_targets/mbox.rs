#![no_main]
//! Fuzzes the `mbox` import format (and with it the message reader that
//! `eml` shares); see `rapport_fuzz::check`.

use libfuzzer_sys::fuzz_target;
use rapport_ingest::Format;

fuzz_target!(|data: &[u8]| rapport_fuzz::check(Format::Mbox, data));
