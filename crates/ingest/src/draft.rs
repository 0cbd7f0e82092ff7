//! From what a platform said to a canonical record.
//!
//! Each format fills a [`Draft`] (or an [`OrderDraft`]) from its wire
//! structs; `finish` applies the rules every format shares:
//!
//! - a missing id is derived from channel, author, time and text, as
//!   `derived:` and 16 hex digits, so importing the same payload twice
//!   still finds the duplicate;
//! - a missing author is `anonymous`;
//! - a record by the shop that answers something is a `reply`;
//! - a record with neither an id nor words, or without a usable time, is
//!   rejected naming the field.

use rapport_core::said::import::shorten;
use rapport_core::{
    Author, Channel, Email, Handle, Interaction, Kind, Order, OrderItem, Record, RecordError, Said,
    Timestamp,
};

/// The handle of an author the payload does not name.
pub(crate) const ANONYMOUS: &str = "anonymous";

/// The longest external id the canonical form accepts.
const MAX_ID: usize = 512;

/// An interaction on its way to becoming a record.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub channel: &'static str,
    pub kind: Kind,
    pub external_id: Option<String>,
    pub handle: Option<String>,
    pub display_name: Option<String>,
    pub followers: Option<u64>,
    pub bio: Option<String>,
    pub text: String,
    pub created_at: Option<Timestamp>,
    /// The time as the payload wrote it, to quote when it does not parse.
    pub time_text: Option<String>,
    pub in_reply_to: Option<String>,
    pub post_id: Option<String>,
    pub url: Option<String>,
    pub from_brand: bool,
}

impl Draft {
    /// An empty draft of `kind` on `channel`.
    pub(crate) fn new(channel: &'static str, kind: Kind) -> Draft {
        Draft {
            channel,
            kind,
            external_id: None,
            handle: None,
            display_name: None,
            followers: None,
            bio: None,
            text: String::new(),
            created_at: None,
            time_text: None,
            in_reply_to: None,
            post_id: None,
            url: None,
            from_brand: false,
        }
    }

    /// The canonical record, or the field that keeps it from being one.
    pub(crate) fn finish(self) -> Result<Record, RecordError> {
        let channel =
            Channel::parse(self.channel).map_err(|e| RecordError::new("channel", e.into()))?;
        let created_at = self
            .created_at
            .ok_or_else(|| time_error(self.time_text.as_deref()))?;
        let text = self.text.trim().to_string();
        let raw_handle = nonempty(self.handle).unwrap_or_else(|| ANONYMOUS.to_string());
        let handle =
            Handle::parse(&raw_handle).map_err(|e| RecordError::new("author.handle", e.into()))?;
        let external_id = match nonempty(self.external_id) {
            Some(id) if id.len() <= MAX_ID => id,
            Some(long) => derived(&[&long]),
            None if text.is_empty() => {
                return Err(RecordError::new("text", Said::NothingIdentifies))
            }
            None => derived(&[
                self.channel,
                handle.as_str(),
                &created_at.secs().to_string(),
                &text,
            ]),
        };
        let in_reply_to = nonempty(self.in_reply_to).filter(|p| *p != external_id);
        let kind = match self.kind {
            Kind::Comment | Kind::Mention | Kind::Post
                if self.from_brand && in_reply_to.is_some() =>
            {
                Kind::Reply
            }
            k => k,
        };
        Ok(Record::Interaction(Interaction {
            channel,
            external_id,
            kind,
            author: Author {
                handle,
                display_name: nonempty(self.display_name),
                email: None,
                followers: self.followers.filter(|f| *f <= 9_007_199_254_740_992),
                bio: nonempty(self.bio),
            },
            text,
            created_at,
            in_reply_to,
            post_id: nonempty(self.post_id),
            url: nonempty(self.url),
            from_brand: self.from_brand,
        }))
    }
}

/// An order on its way to becoming a record.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrderDraft {
    pub order_id: Option<String>,
    pub email: Option<String>,
    /// The total, or the text that was not a number.
    pub total: Option<Result<f64, String>>,
    pub currency: Option<String>,
    pub created_at: Option<Timestamp>,
    /// The time as the payload wrote it, to quote when it does not parse.
    pub time_text: Option<String>,
    pub items: Vec<OrderItem>,
    pub status: &'static str,
}

impl OrderDraft {
    /// The canonical order, or the field that keeps it from being one.
    pub(crate) fn finish(self) -> Result<Record, RecordError> {
        let created_at = self
            .created_at
            .ok_or_else(|| time_error(self.time_text.as_deref()))?;
        let total = match self.total {
            Some(Ok(t)) if t.is_finite() => t,
            Some(Ok(_)) => return Err(RecordError::new("total", Said::NotFinite)),
            Some(Err(raw)) => {
                return Err(RecordError::new(
                    "total",
                    Said::NotANumber {
                        value: shorten(&raw),
                    },
                ))
            }
            None => return Err(RecordError::new("total", Said::IsMissing)),
        };
        let currency = nonempty(self.currency)
            .ok_or_else(|| RecordError::new("currency", Said::IsMissing))?
            .trim()
            .to_ascii_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(RecordError::new(
                "currency",
                Said::NotCurrency {
                    value: shorten(&currency),
                },
            ));
        }
        // An address the shop cannot use still leaves a valid order; it just
        // cannot be linked to a person.
        let email = nonempty(self.email).and_then(|e| Email::parse(&e).ok());
        let order_id = match nonempty(self.order_id) {
            Some(id) if id.len() <= MAX_ID => id,
            Some(long) => derived(&[&long]),
            None => derived(&[
                "order",
                email.as_ref().map_or("", |e| e.as_str()),
                &created_at.secs().to_string(),
                &total.to_string(),
            ]),
        };
        let items = self
            .items
            .into_iter()
            .filter(|i| i.price.is_finite())
            .collect();
        Ok(Record::Order(Order {
            order_id,
            email,
            total,
            currency,
            created_at,
            items,
            status: self.status.to_string(),
        }))
    }
}

/// Why a record has no time: none was given, or this one did not parse.
fn time_error(text: Option<&str>) -> RecordError {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => RecordError::new("created_at", Said::NotATime { value: shorten(t) }),
        None => RecordError::new("created_at", Said::IsMissing),
    }
}

/// A stable id derived from `parts`: `derived:` and 16 hex digits of their
/// FNV-1a hash (stable across builds and platforms, unlike `std`'s hasher).
pub(crate) fn derived(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("derived:{h:016x}")
}

/// Drops blank strings and trims the rest.
pub(crate) fn nonempty(v: Option<String>) -> Option<String> {
    let s = v?;
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let mut d = Draft::new("reddit", Kind::Comment);
        d.created_at = Timestamp::parse("2026-10-02T09:14:00Z").ok();
        d.text = "Does it fit?".into();
        d
    }

    #[test]
    fn a_missing_id_and_author_are_derived_stably() {
        let a = draft().finish().expect("valid");
        let b = draft().finish().expect("valid");
        assert_eq!(a, b);
        let Record::Interaction(i) = a else {
            panic!("an interaction")
        };
        assert!(i.external_id.starts_with("derived:"), "{}", i.external_id);
        assert_eq!(i.author.handle.as_str(), ANONYMOUS);
    }

    #[test]
    fn nothing_to_identify_or_no_time_is_rejected_by_field() {
        let mut d = draft();
        d.text = " ".into();
        assert_eq!(d.finish().expect_err("no id, no text").field, "text");
        let mut d = draft();
        d.created_at = None;
        assert_eq!(d.finish().expect_err("no time").field, "created_at");
    }

    #[test]
    fn the_shop_answering_is_a_reply() {
        let mut d = draft();
        d.from_brand = true;
        d.in_reply_to = Some("c1".into());
        let Ok(Record::Interaction(i)) = d.finish() else {
            panic!("an interaction")
        };
        assert_eq!(i.kind, Kind::Reply);
    }

    #[test]
    fn orders_need_a_total_and_a_currency() {
        let mut o = OrderDraft {
            created_at: Timestamp::parse("2026-10-02T09:14:00Z").ok(),
            total: Some(Err("lots".into())),
            currency: Some("eur".into()),
            status: "paid",
            ..OrderDraft::default()
        };
        assert_eq!(o.clone().finish().expect_err("bad total").field, "total");
        o.total = Some(Ok(10.0));
        let Ok(Record::Order(order)) = o.finish() else {
            panic!("an order")
        };
        assert_eq!(order.currency, "EUR");
        assert!(order.order_id.starts_with("derived:"));
    }
}
