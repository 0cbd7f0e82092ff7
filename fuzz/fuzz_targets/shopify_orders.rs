#![no_main]
//! Fuzzes the `shopify-orders` import format; see `rapport_fuzz::check`.

use libfuzzer_sys::fuzz_target;
use rapport_ingest::Format;

fuzz_target!(|data: &[u8]| rapport_fuzz::check(Format::ShopifyOrders, data));
