//! The envelopes shop order exports share: a bare order, an array of
//! orders, `{"order": {...}}` or `{"orders": [...]}` (Shopify's Admin API
//! and WooCommerce's legacy API both wrap orders this way).

use crate::document::{elements, Sink};
use rapport_core::said::import::Shape;
use rapport_core::Said;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

/// `{order}` or `{orders}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Envelope<'a> {
    #[serde(borrow)]
    order: Option<&'a RawValue>,
    #[serde(borrow)]
    orders: Option<&'a RawValue>,
}

/// The keys that tell the documents apart.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Probe {
    order: Option<IgnoredAny>,
    orders: Option<IgnoredAny>,
}

/// Hands every order in `raw` to `order`; `what` names the expected
/// document in rejections.
pub(crate) fn each_order(
    raw: &RawValue,
    sink: &mut Sink<'_>,
    what: Shape,
    order: fn(&RawValue, &mut Sink<'_>),
) {
    crate::document::each(raw, sink, |e, sink| document(e, sink, what, order));
}

fn document(raw: &RawValue, sink: &mut Sink<'_>, what: Shape, order: fn(&RawValue, &mut Sink<'_>)) {
    let Some((_, probe)) = sink.parse_as::<Probe>(raw, what) else {
        return;
    };
    if probe.order.is_none() && probe.orders.is_none() {
        order(raw, sink);
        return;
    }
    let Some((_, envelope)) = sink.parse::<Envelope<'_>>(raw) else {
        return;
    };
    if let Some(o) = envelope.order {
        order(o, sink);
    }
    if let Some(list) = envelope.orders {
        match elements(list) {
            Some(list) => {
                for o in list {
                    order(o, sink);
                }
            }
            None => {
                let line = sink.line_of(list);
                sink.reject(line, Said::field("orders", Said::NotAnArray));
            }
        }
    }
}
