//! Shopify Admin REST API orders.
//!
//! Accepted documents, alone, as arrays, concatenated or one per line: a
//! single order `{order: {...}}` (`GET /orders/{id}.json`, `orders/create`
//! webhooks send the bare order), a page `{orders: [...]}`, or a bare order.
//!
//! - `order_id` is the order's `id` (its `name`, `#1001`, when the id is
//!   absent); the email is `email`, `contact_email` or `customer.email`.
//! - `total_price` and line `price`s are strings; `currency` falls back to
//!   `presentment_currency` and the shop money of `total_price_set`.
//! - Status: `cancelled_at` set → `cancelled`; `financial_status`
//!   `refunded` or `partially_refunded` → `refunded`, `voided` or
//!   `expired` → `cancelled`, `pending` or `authorized` → `pending`, and
//!   `paid`, `partially_paid` (or none) → `paid`.
//! - Test orders (`test: true`) are skipped.

use crate::document::Sink;
use crate::draft::OrderDraft;
use crate::timestamps;
use crate::wire::{count, text, Number, Text};
use rapport_core::said::import::Shape;
use rapport_core::OrderItem;
use serde::Deserialize;
use serde_json::value::RawValue;

/// An `Order`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Shopify order object")]
struct Order {
    id: Option<Text>,
    name: Option<String>,
    order_number: Option<Text>,
    email: Option<String>,
    contact_email: Option<String>,
    customer: Option<Customer>,
    total_price: Option<Number>,
    current_total_price: Option<Number>,
    total_price_set: Option<PriceSet>,
    currency: Option<String>,
    presentment_currency: Option<String>,
    created_at: Option<String>,
    processed_at: Option<String>,
    line_items: Vec<LineItem>,
    financial_status: Option<String>,
    cancelled_at: Option<String>,
    test: Option<bool>,
}

/// `customer`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Customer {
    email: Option<String>,
}

/// `total_price_set`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PriceSet {
    shop_money: Money,
}

/// `{amount, currency_code}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Money {
    amount: Option<Number>,
    currency_code: Option<String>,
}

/// `line_items[]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LineItem {
    sku: Option<String>,
    title: Option<String>,
    name: Option<String>,
    quantity: Option<Number>,
    price: Option<Number>,
}

/// Converts one document: an order, a list of them, or an envelope.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    super::order_envelope::each_order(raw, sink, Shape::ShopifyOrders, order);
}

fn order(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, o)) = sink.parse_as::<Order>(raw, Shape::ShopifyOrder) else {
        return;
    };
    if o.test == Some(true) {
        sink.skip(line, "shopify test order");
        return;
    }
    let set = o.total_price_set.as_ref().map(|s| &s.shop_money);
    let total = o
        .total_price
        .as_ref()
        .or(o.current_total_price.as_ref())
        .or(set.and_then(|m| m.amount.as_ref()))
        .map(|n| match n {
            Number::Value(v) => Ok(*v),
            Number::Bad(raw) => Err(raw.clone()),
        });
    let draft = OrderDraft {
        order_id: text(&o.id)
            .or_else(|| o.name.clone())
            .or_else(|| text(&o.order_number)),
        email: [
            o.email.as_ref(),
            o.contact_email.as_ref(),
            o.customer.as_ref().and_then(|c| c.email.as_ref()),
        ]
        .into_iter()
        .flatten()
        .find(|e| !e.trim().is_empty())
        .cloned(),
        total,
        currency: o
            .currency
            .clone()
            .or_else(|| o.presentment_currency.clone())
            .or_else(|| set.and_then(|m| m.currency_code.clone())),
        time_text: o.created_at.clone(),
        created_at: [&o.created_at, &o.processed_at]
            .into_iter()
            .flatten()
            .find_map(|t| timestamps::parse(t)),
        items: o
            .line_items
            .iter()
            .map(|i| OrderItem {
                sku: i.sku.clone().unwrap_or_default(),
                title: i
                    .title
                    .clone()
                    .or_else(|| i.name.clone())
                    .unwrap_or_default(),
                qty: count(&i.quantity).map_or(1, |q| q.min(u64::from(u32::MAX)) as u32),
                price: i.price.as_ref().and_then(Number::value).unwrap_or(0.0),
            })
            .collect(),
        status: status(
            o.financial_status.as_deref(),
            o.cancelled_at
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty()),
        ),
    };
    sink.push(line, draft.finish());
}

/// The canonical status of a Shopify order.
fn status(financial: Option<&str>, cancelled: bool) -> &'static str {
    if cancelled {
        return "cancelled";
    }
    match financial.unwrap_or("paid") {
        "refunded" | "partially_refunded" => "refunded",
        "voided" | "expired" => "cancelled",
        "pending" | "authorized" => "pending",
        _ => "paid",
    }
}
