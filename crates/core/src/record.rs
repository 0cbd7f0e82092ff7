//! Canonical records: the one shape every connector converts into.
//!
//! A line of canonical JSONL is either an interaction or an order (`"kind":
//! "order"`). [`Record::from_json`] parses one line, first into lenient wire
//! structs and then, field by field, into trusted domain values; the first
//! bad field is reported by name.

use crate::said::import::shorten;
use crate::{Channel, Email, Handle, Kind, Said, Timestamp, ValueError};
use serde::{Deserialize, Serialize};

/// Why a record was rejected: the field at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("field `{field}`: {reason}")]
pub struct RecordError {
    /// The canonical field name, e.g. `created_at` or `author.handle`
    /// (`json` when the line is no JSON object at all).
    pub field: std::borrow::Cow<'static, str>,
    /// What is wrong, in words a user can act on: a sentence with its
    /// kind, so the dashboard says it in the user's language.
    pub reason: Said,
}

impl RecordError {
    /// Builds an error for `field`: what is wrong with it, as a sentence
    /// kind (or what is wrong with a value, [`ValueError`]).
    pub fn new(field: &'static str, reason: Said) -> Self {
        RecordError {
            field: field.into(),
            reason,
        }
    }

    /// Builds an error for a field named at run time (a path inside the
    /// line).
    pub fn named(field: String, reason: Said) -> Self {
        RecordError {
            field: field.into(),
            reason,
        }
    }

    fn value(field: &'static str, err: ValueError) -> Self {
        RecordError::new(field, err.into())
    }

    fn missing(field: &'static str) -> Self {
        RecordError::new(field, Said::IsMissing)
    }
}

/// A rejected record's reason as a sentence: ``field `x`: …``.
impl From<RecordError> for Said {
    fn from(e: RecordError) -> Said {
        Said::BadField {
            field: e.field.into_owned(),
            why: Box::new(e.reason),
        }
    }
}

/// Who wrote an interaction, as the channel shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Author {
    /// The handle on the interaction's channel.
    pub handle: Handle,
    /// The name shown, in the person's own spelling.
    pub display_name: Option<String>,
    /// An email, when the channel exposes one (reviews, shop messages).
    pub email: Option<Email>,
    /// Followers of this account, when known.
    pub followers: Option<u64>,
    /// The profile text, when known.
    pub bio: Option<String>,
}

/// One thing a person (or the shop) did on a channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// Where it happened.
    pub channel: Channel,
    /// The platform's id; unique per channel, the key for idempotent import.
    pub external_id: String,
    /// What it is.
    pub kind: Kind,
    /// Who did it.
    pub author: Author,
    /// The words, empty for likes and follows.
    pub text: String,
    /// When it happened.
    pub created_at: Timestamp,
    /// The external id of the interaction this one replies to.
    pub in_reply_to: Option<String>,
    /// The shop post this interaction is about.
    pub post_id: Option<String>,
    /// A link to it on the platform.
    pub url: Option<String>,
    /// Written by the shop itself.
    pub from_brand: bool,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The shop's stock-keeping unit.
    #[serde(default)]
    pub sku: String,
    /// The product title.
    #[serde(default)]
    pub title: String,
    /// Quantity.
    #[serde(default = "one")]
    pub qty: u32,
    /// Unit price.
    #[serde(default)]
    pub price: f64,
}

fn one() -> u32 {
    1
}

/// An order from the shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Order {
    /// The shop's order id; the key for idempotent import.
    pub order_id: String,
    /// The buyer's email, which links the order to a person.
    pub email: Option<Email>,
    /// Order total in `currency`.
    pub total: f64,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    /// When it was placed.
    pub created_at: Timestamp,
    /// The lines.
    pub items: Vec<OrderItem>,
    /// `paid` (default), `refunded` or `cancelled`.
    pub status: String,
}

/// A canonical record: an interaction or an order.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A social interaction.
    Interaction(Interaction),
    /// A shop order.
    Order(Order),
}

/// A JSON value that may be a string or a number (ids are often numbers).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Id {
    Str(String),
    Int(i64),
    Uint(u64),
    Float(f64),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Str(s) => s,
            Id::Int(i) => i.to_string(),
            Id::Uint(u) => u.to_string(),
            Id::Float(f) => f.to_string(),
        }
    }
}

/// A number that may arrive quoted, as shop exports often do.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Num {
    Num(f64),
    Str(String),
}

impl Num {
    fn to_f64(&self, field: &'static str) -> Result<f64, RecordError> {
        let v = match self {
            Num::Num(n) => *n,
            Num::Str(s) => s
                .trim()
                .parse::<f64>()
                .map_err(|_| RecordError::new(field, Said::NotANumber { value: shorten(s) }))?,
        };
        if v.is_finite() {
            Ok(v)
        } else {
            Err(RecordError::new(field, Said::NotFinite))
        }
    }
}

#[derive(Debug, Deserialize)]
struct WireAuthor {
    handle: Option<String>,
    display_name: Option<String>,
    email: Option<String>,
    followers: Option<Num>,
    bio: Option<String>,
}

/// The canonical line as it arrives: every field optional, so that a
/// missing field is reported by name instead of as a serde message.
#[derive(Debug, Deserialize)]
struct WireRecord {
    kind: Option<String>,
    channel: Option<String>,
    external_id: Option<Id>,
    author: Option<WireAuthor>,
    text: Option<String>,
    created_at: Option<String>,
    in_reply_to: Option<Id>,
    post_id: Option<Id>,
    url: Option<String>,
    from_brand: Option<bool>,
    order_id: Option<Id>,
    email: Option<String>,
    total: Option<Num>,
    currency: Option<String>,
    items: Option<Vec<OrderItem>>,
    status: Option<String>,
}

impl Record {
    /// Parses one canonical JSON line.
    pub fn from_json(line: &str) -> Result<Record, RecordError> {
        let wire: WireRecord = serde_json::from_str(line).map_err(|_| json_error(line))?;
        Record::try_from(wire)
    }

    /// Builds a record from named string fields, as a CSV row provides them.
    /// `get` returns the cell for a canonical field name, if the column exists.
    pub fn from_fields<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Record, RecordError> {
        let s = |k: &str| {
            get(k)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
        };
        let id = |k: &str| s(k).map(Id::Str);
        let author = WireAuthor {
            handle: s("author.handle").or_else(|| s("handle")),
            display_name: s("author.display_name").or_else(|| s("display_name")),
            email: s("author.email").or_else(|| s("email")),
            followers: s("author.followers")
                .or_else(|| s("followers"))
                .map(Num::Str),
            bio: s("author.bio").or_else(|| s("bio")),
        };
        let from_brand = match s("from_brand").as_deref() {
            None => None,
            Some("true" | "1" | "yes") => Some(true),
            Some("false" | "0" | "no") => Some(false),
            Some(other) => {
                return Err(RecordError::new(
                    "from_brand",
                    Said::NotTrueOrFalse {
                        value: shorten(other),
                    },
                ))
            }
        };
        let items = match (s("sku"), s("title"), s("qty"), s("price")) {
            (None, None, None, None) => None,
            (sku, title, qty, price) => Some(vec![OrderItem {
                sku: sku.unwrap_or_default(),
                title: title.unwrap_or_default(),
                qty: match qty {
                    Some(q) => q.parse().map_err(|_| {
                        RecordError::new("qty", Said::NotACount { value: shorten(&q) })
                    })?,
                    None => 1,
                },
                price: match price {
                    Some(p) => Num::Str(p).to_f64("price")?,
                    None => 0.0,
                },
            }]),
        };
        let wire = WireRecord {
            kind: s("kind"),
            channel: s("channel"),
            external_id: id("external_id"),
            email: s("email"),
            author: Some(author),
            text: get("text").map(String::from),
            created_at: s("created_at"),
            in_reply_to: id("in_reply_to"),
            post_id: id("post_id"),
            url: s("url"),
            from_brand,
            order_id: id("order_id"),
            total: s("total").map(Num::Str),
            currency: s("currency"),
            items,
            status: s("status"),
        };
        Record::try_from(wire)
    }

    /// The canonical JSON line for this record.
    pub fn to_json(&self) -> String {
        let v = match self {
            Record::Interaction(i) => serde_json::to_string(i),
            Record::Order(o) => serde_json::to_string(&OrderLine::from(o)),
        };
        v.unwrap_or_default()
    }
}

#[derive(Serialize)]
struct OrderLine<'a> {
    kind: &'static str,
    #[serde(flatten)]
    order: &'a Order,
}

impl<'a> From<&'a Order> for OrderLine<'a> {
    fn from(order: &'a Order) -> Self {
        OrderLine {
            kind: "order",
            order,
        }
    }
}

/// Why `line` is no canonical JSON object, naming the field at fault
/// (`json` when the text itself is malformed). Only a failed line is
/// parsed again, to learn the field's path.
fn json_error(line: &str) -> RecordError {
    let mut de = serde_json::Deserializer::from_str(line);
    let Err(e) = serde_path_to_error::deserialize::<_, WireRecord>(&mut de) else {
        return RecordError::new("json", Said::UnreadableValue);
    };
    let path = e.path().to_string();
    let (extra, why) = crate::said::import::json_error(e.inner());
    let mut field: Vec<&str> = Vec::new();
    if !matches!(why, Said::MalformedJson { .. }) && !path.is_empty() && path != "." {
        field.push(&path);
    }
    if let Some(extra) = &extra {
        field.push(extra);
    }
    let field = if field.is_empty() {
        "json".to_string()
    } else {
        field.join(".")
    };
    RecordError::named(field, why)
}

/// Drops empty strings: exporters write `""` where they mean "none".
fn nonempty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

impl TryFrom<WireRecord> for Record {
    type Error = RecordError;

    fn try_from(w: WireRecord) -> Result<Self, Self::Error> {
        let kind_raw = w.kind.clone().ok_or_else(|| RecordError::missing("kind"))?;
        if kind_raw == "order" {
            return order_from_wire(w).map(Record::Order);
        }
        let kind: Kind = kind_raw.parse().map_err(|_| {
            let allowed = Kind::ALL
                .iter()
                .map(|k| k.as_str().to_string())
                .chain(["order".to_string()])
                .collect();
            RecordError::new(
                "kind",
                Said::UnknownKind {
                    value: shorten(&kind_raw),
                    allowed,
                },
            )
        })?;
        let channel = Channel::parse(&w.channel.ok_or_else(|| RecordError::missing("channel"))?)
            .map_err(|e| RecordError::value("channel", e))?;
        let external_id = w
            .external_id
            .map(Id::into_string)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| RecordError::missing("external_id"))?;
        if external_id.len() > 512 {
            return Err(RecordError::new(
                "external_id",
                Said::TooLongBytes { max: 512 },
            ));
        }
        let a = w.author.ok_or_else(|| RecordError::missing("author"))?;
        let handle = Handle::parse(
            &a.handle
                .ok_or_else(|| RecordError::missing("author.handle"))?,
        )
        .map_err(|e| RecordError::value("author.handle", e))?;
        let email = match nonempty(a.email) {
            Some(e) => Some(Email::parse(&e).map_err(|e| RecordError::value("author.email", e))?),
            None => None,
        };
        let followers = match a.followers {
            Some(n) => {
                let f = n.to_f64("author.followers")?;
                if f < 0.0 {
                    return Err(RecordError::new("author.followers", Said::IsNegative));
                }
                Some(f as u64)
            }
            None => None,
        };
        let created_at = Timestamp::parse(
            &w.created_at
                .ok_or_else(|| RecordError::missing("created_at"))?,
        )
        .map_err(|e| RecordError::value("created_at", e))?;
        Ok(Record::Interaction(Interaction {
            channel,
            external_id,
            kind,
            author: Author {
                handle,
                display_name: nonempty(a.display_name),
                email,
                followers,
                bio: nonempty(a.bio),
            },
            text: w.text.unwrap_or_default(),
            created_at,
            in_reply_to: w.in_reply_to.map(Id::into_string).filter(|s| !s.is_empty()),
            post_id: w.post_id.map(Id::into_string).filter(|s| !s.is_empty()),
            url: nonempty(w.url),
            from_brand: w.from_brand.unwrap_or(false),
        }))
    }
}

fn order_from_wire(w: WireRecord) -> Result<Order, RecordError> {
    let order_id = w
        .order_id
        .map(Id::into_string)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| RecordError::missing("order_id"))?;
    let email = match nonempty(w.email) {
        Some(e) => Some(Email::parse(&e).map_err(|e| RecordError::value("email", e))?),
        None => None,
    };
    let total = w
        .total
        .ok_or_else(|| RecordError::missing("total"))?
        .to_f64("total")?;
    let currency = w
        .currency
        .ok_or_else(|| RecordError::missing("currency"))?
        .trim()
        .to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(RecordError::new(
            "currency",
            Said::NotCurrency {
                value: shorten(&currency),
            },
        ));
    }
    let created_at = Timestamp::parse(
        &w.created_at
            .ok_or_else(|| RecordError::missing("created_at"))?,
    )
    .map_err(|e| RecordError::value("created_at", e))?;
    let items = w.items.unwrap_or_default();
    if items.iter().any(|i| !i.price.is_finite()) {
        return Err(RecordError::new("items.price", Said::NotFinite));
    }
    let status = w
        .status
        .unwrap_or_else(|| "paid".into())
        .to_ascii_lowercase();
    if !matches!(
        status.as_str(),
        "paid" | "refunded" | "cancelled" | "pending"
    ) {
        return Err(RecordError::new(
            "status",
            Said::NotOneOf {
                value: shorten(&status),
                allowed: ["paid", "pending", "refunded", "cancelled"]
                    .map(String::from)
                    .to_vec(),
            },
        ));
    }
    Ok(Order {
        order_id,
        email,
        total,
        currency,
        created_at,
        items,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"channel":"instagram","external_id":"178","kind":"comment","author":{"handle":"anna.rides","display_name":"Anna","email":null,"followers":412,"bio":"MTB & coffee"},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-02T09:14:00Z","in_reply_to":null,"post_id":"shop-post-88","url":null}"#;

    #[test]
    fn the_contract_example_parses() {
        let Record::Interaction(i) = Record::from_json(LINE).unwrap() else {
            panic!("expected an interaction")
        };
        assert_eq!(i.author.handle.as_str(), "anna.rides");
        assert_eq!(i.author.followers, Some(412));
        assert_eq!(i.post_id.as_deref(), Some("shop-post-88"));
        assert!(!i.from_brand);
    }

    #[test]
    fn an_order_line_parses_with_items() {
        let line = r#"{"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-03T10:00:00Z","items":[{"sku":"TYR-29","title":"Trail tyre 29","qty":2,"price":64.95}]}"#;
        let Record::Order(o) = Record::from_json(line).unwrap() else {
            panic!("expected an order")
        };
        assert_eq!(o.items.len(), 1);
        assert_eq!(o.email.unwrap().as_str(), "anna@example.org");
        assert_eq!(o.status, "paid");
    }

    #[test]
    fn a_bad_field_is_named() {
        let bad = LINE.replace("2026-10-02T09:14:00Z", "last tuesday");
        let err = Record::from_json(&bad).unwrap_err();
        assert_eq!(err.field, "created_at");
        let no_handle = LINE.replace(r#""handle":"anna.rides","#, "");
        assert_eq!(
            Record::from_json(&no_handle).unwrap_err().field,
            "author.handle"
        );
        let bad_kind = LINE.replace(r#""kind":"comment""#, r#""kind":"poke""#);
        assert_eq!(Record::from_json(&bad_kind).unwrap_err().field, "kind");
    }

    #[test]
    fn a_line_serde_cannot_read_names_its_field_and_says_why_with_a_kind() {
        let said = |line: &str| Said::from(Record::from_json(line).unwrap_err()).to_string();
        assert_eq!(
            said("{not json"),
            "field `json`: malformed JSON: a key is not a string (column 2)"
        );
        assert_eq!(
            said(&LINE.replace(r#""url":null"#, r#""from_brand":"yes""#)),
            "field `from_brand`: expected a boolean, found a string (\"yes\")"
        );
        let order = r#"{"kind":"order","order_id":"1","total":5,"currency":"EUR","created_at":"2026-10-03T10:00:00Z","items":[{"sku":"a","qty":"two"}]}"#;
        assert_eq!(
            said(order),
            "field `items[0].qty`: expected a whole number of at least 0, found a string (\"two\")"
        );
        assert_eq!(
            said(&LINE.replace(r#""kind":"comment""#, r#""kind":"poke""#)),
            "field `kind`: unknown kind \"poke\"; expected one of comment, reply, mention, message, review, share, like, follow, referral, post, order"
        );
        // A long value is quoted trimmed.
        let long = said(&LINE.replace("2026-10-02T09:14:00Z", &"x".repeat(300)));
        assert!(long.len() < 250 && long.contains("x…\""), "{long}");
        let shipped = order.replace(
            r#""items":[{"sku":"a","qty":"two"}]"#,
            r#""status":"shipped""#,
        );
        assert_eq!(
            said(&shipped),
            "field `status`: \"shipped\" is not one of paid, pending, refunded, cancelled"
        );
    }

    #[test]
    fn records_round_trip_through_json() {
        let r = Record::from_json(LINE).unwrap();
        assert_eq!(Record::from_json(&r.to_json()).unwrap(), r);
    }
}
