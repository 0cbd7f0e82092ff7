//! WooCommerce REST API orders.
//!
//! Accepted documents, alone, as arrays, concatenated or one per line: an
//! order or an array of orders (`/wp-json/wc/v3/orders`, and the order
//! webhooks, which send the bare order), and the legacy API's
//! `{order: {...}}` / `{orders: [...]}` envelopes (`/wc-api/v3`).
//!
//! - `order_id` is `id` (or `number`, or the legacy `order_number`).
//! - The time is `date_created_gmt`, which has no offset and is UTC; without
//!   it `date_created` (the site's local time, read as UTC) or the legacy
//!   `created_at`.
//! - The email is `billing.email` (legacy: `billing_address.email`).
//! - Status: `completed` / `processing` → `paid`, `refunded` → `refunded`,
//!   `cancelled` / `failed` → `cancelled`, `pending` / `on-hold` →
//!   `pending`; drafts (`checkout-draft`, `draft`, `auto-draft`, `trash`)
//!   are skipped; a status a plugin added is `pending`, because it cannot be
//!   known to be paid.

use crate::document::Sink;
use crate::draft::OrderDraft;
use crate::timestamps;
use crate::wire::{count, text, Number, Text};
use rapport_core::said::import::Shape;
use rapport_core::OrderItem;
use serde::Deserialize;
use serde_json::value::RawValue;

/// An order (v3, with the legacy API's names beside).
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a WooCommerce order object")]
struct Order {
    id: Option<Text>,
    number: Option<Text>,
    order_number: Option<Text>,
    status: Option<String>,
    currency: Option<String>,
    date_created_gmt: Option<String>,
    date_created: Option<String>,
    created_at: Option<String>,
    total: Option<Number>,
    billing: Option<Billing>,
    billing_address: Option<Billing>,
    line_items: Vec<LineItem>,
}

/// `billing` / `billing_address`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Billing {
    email: Option<String>,
}

/// `line_items[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LineItem {
    sku: Option<String>,
    name: Option<String>,
    quantity: Option<Number>,
    /// The unit price: a number in v3, a string in the legacy API.
    price: Option<Number>,
}

/// Converts one document: an order, a list of them, or an envelope.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    super::order_envelope::each_order(raw, sink, Shape::WoocommerceOrders, order);
}

fn order(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, o)) = sink.parse_as::<Order>(raw, Shape::WoocommerceOrder) else {
        return;
    };
    let raw_status = o
        .status
        .as_deref()
        .unwrap_or("completed")
        .trim()
        .to_ascii_lowercase();
    let status = match raw_status.as_str() {
        "completed" | "processing" => "paid",
        "refunded" => "refunded",
        "cancelled" | "failed" => "cancelled",
        "pending" | "on-hold" => "pending",
        "checkout-draft" | "draft" | "auto-draft" | "trash" => {
            sink.skip(
                line,
                format!("woocommerce order in status {raw_status:?} is not an order yet"),
            );
            return;
        }
        _ => "pending",
    };
    let draft = OrderDraft {
        order_id: text(&o.id)
            .or_else(|| text(&o.number))
            .or_else(|| text(&o.order_number)),
        email: o
            .billing
            .as_ref()
            .or(o.billing_address.as_ref())
            .and_then(|b| b.email.clone())
            .filter(|e| !e.trim().is_empty()),
        total: o.total.as_ref().map(|n| match n {
            Number::Value(v) => Ok(*v),
            Number::Bad(raw) => Err(raw.clone()),
        }),
        currency: o.currency.clone(),
        time_text: o
            .date_created_gmt
            .clone()
            .or_else(|| o.date_created.clone())
            .or_else(|| o.created_at.clone()),
        created_at: [&o.date_created_gmt, &o.date_created, &o.created_at]
            .into_iter()
            .flatten()
            .find_map(|t| timestamps::parse(t)),
        items: o
            .line_items
            .iter()
            .map(|i| OrderItem {
                sku: i.sku.clone().unwrap_or_default(),
                title: i.name.clone().unwrap_or_default(),
                qty: count(&i.quantity).map_or(1, |q| q.min(u64::from(u32::MAX)) as u32),
                price: i.price.as_ref().and_then(Number::value).unwrap_or(0.0),
            })
            .collect(),
        status,
    };
    sink.push(line, draft.finish());
}
