//! Lenient building blocks for the platforms' wire structs.
//!
//! APIs disagree with themselves: ids arrive as numbers or strings, prices
//! as strings, and one malformed comment must not sink the page it came in.
//! [`Text`] and [`Number`] accept any scalar, and [`Spanned`] parses one
//! element of a list on its own, remembering where it starts, so that a bad
//! element becomes one rejection with its own line.

use rapport_core::said::import::json_error;
use rapport_core::Said;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;

/// How deep elements may nest (a comment's replies' replies …). Real
/// payloads stay within a handful of levels; the bound keeps a hostile
/// document from exhausting the stack, since every level starts a parser
/// of its own whose recursion limit starts afresh.
pub(crate) const MAX_DEPTH: usize = 32;

thread_local! {
    /// How many [`parse`] calls are running on this thread, nested.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Counts one nested [`parse`] for as long as it lives.
struct Nested;

impl Nested {
    fn enter() -> (Nested, usize) {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        (Nested, depth)
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A string that may arrive as a JSON string, number or boolean.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Text(pub String);

impl Text {
    /// The text, `None` when blank.
    pub(crate) fn get(&self) -> Option<&str> {
        let s = self.0.trim();
        (!s.is_empty()).then_some(s)
    }
}

/// `Option<Text>` → `Option<String>`, blank as `None`.
pub(crate) fn text(t: &Option<Text>) -> Option<String> {
    t.as_ref().and_then(Text::get).map(String::from)
}

/// `Option<Text>` → `Option<&str>`, blank as `None`.
pub(crate) fn text_ref(t: &Option<Text>) -> Option<&str> {
    t.as_ref().and_then(Text::get)
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number that may arrive quoted (`"129.90"`), as shop APIs send money.
/// A string that is not a number is kept, so the conversion can name the
/// field in its rejection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Number {
    /// A finite number.
    Value(f64),
    /// What arrived instead.
    Bad(String),
}

impl Number {
    /// The value, if it is a finite number.
    pub(crate) fn value(&self) -> Option<f64> {
        match self {
            Number::Value(v) if v.is_finite() => Some(*v),
            _ => None,
        }
    }

    /// The value as a count (followers, quantities): non-negative and
    /// exactly representable, else `None`.
    pub(crate) fn count(&self) -> Option<u64> {
        self.value()
            .filter(|v| *v >= 0.0 && *v <= 9_007_199_254_740_992.0)
            .map(|v| v as u64)
    }
}

/// `Option<Number>` → a count.
pub(crate) fn count(n: &Option<Number>) -> Option<u64> {
    n.as_ref().and_then(Number::count)
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a numeric string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                Ok(match v.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => Number::Value(n),
                    _ => Number::Bad(v.to_string()),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::Value(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Value(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::Value(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Why an element could not be read into its wire struct.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WireError {
    /// The path to the bad field inside the element, e.g. `account.note`;
    /// empty when the element itself has the wrong shape.
    pub path: String,
    /// What is wrong, as a sentence kind (serde's words read once by
    /// [`rapport_core::said::import::json_error`]).
    pub reason: Said,
    /// The 1-based line of the problem, counted inside the element.
    pub line: usize,
}

impl WireError {
    /// The rejection: ``field `path`: …``, or the reason alone when the
    /// element itself is at fault.
    pub(crate) fn said(&self) -> Said {
        if self.path.is_empty() || self.path == "." {
            self.reason.clone()
        } else {
            Said::field(&self.path, self.reason.clone())
        }
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.said().fmt(f)
    }
}

/// Parses `raw` into `T`. The fast path runs serde alone; only when it
/// fails is the element parsed again, tracking the path, to name the field.
pub(crate) fn parse<'a, T: Deserialize<'a>>(raw: &'a str) -> Result<T, WireError> {
    let (_nested, depth) = Nested::enter();
    if depth > MAX_DEPTH {
        return Err(WireError {
            path: String::new(),
            reason: Said::NestsTooDeep {
                max: MAX_DEPTH as u64,
            },
            line: 1,
        });
    }
    match serde_json::from_str(raw) {
        Ok(v) => Ok(v),
        Err(first) if first.is_syntax() || first.is_eof() => Err(WireError {
            path: String::new(),
            reason: json_error(&first).1,
            line: first.line().max(1),
        }),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_str(raw);
            let (path, err) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (e.path().to_string(), e.into_inner()),
                Ok(_) => (String::new(), first),
            };
            let (extra, reason) = json_error(&err);
            let path = match extra {
                Some(field) if path.is_empty() || path == "." => field,
                Some(field) => format!("{path}.{field}"),
                None => path,
            };
            Err(WireError {
                path,
                reason,
                line: err.line().max(1),
            })
        }
    }
}

/// One element of a list, parsed on its own: where it starts in the input
/// (an address inside the document text) and its value or why it has none.
///
/// It must be deserialized from a `serde_json` string deserializer, whose
/// raw values borrow from the document; the document reader guarantees it.
#[derive(Debug)]
pub(crate) struct Spanned<T> {
    /// Address of the element's first byte.
    pub at: usize,
    /// The element, or why it could not be read.
    pub value: Result<T, WireError>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        Ok(Spanned {
            at: raw.get().as_ptr() as usize,
            value: parse(raw.get()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, Default)]
    #[serde(default)]
    struct Inner {
        n: Option<Number>,
        id: Option<Text>,
        sub: Option<Box<Inner>>,
    }

    #[derive(Debug, serde::Deserialize, Default)]
    #[serde(default)]
    struct Outer {
        items: Vec<Spanned<Inner>>,
    }

    #[test]
    fn scalars_are_accepted_in_any_form() {
        let v: Inner = parse(r#"{"n":"12.5","id":42}"#).expect("parses");
        assert_eq!(v.n, Some(Number::Value(12.5)));
        assert_eq!(text(&v.id).as_deref(), Some("42"));
        let v: Inner = parse(r#"{"n":"lots"}"#).expect("parses");
        assert_eq!(v.n, Some(Number::Bad("lots".into())));
    }

    #[test]
    fn a_bad_element_is_named_by_its_path_and_the_others_survive() {
        let doc = "{\"items\":[{\"id\":1},\n{\"sub\":{\"id\":{}}}]}";
        let outer: Outer = parse(doc).expect("the list itself parses");
        assert!(outer.items[0].value.is_ok());
        let err = outer.items[1].value.as_ref().expect_err("bad element");
        assert_eq!(err.path, "sub.id");
        assert_eq!(
            err.to_string(),
            "field `sub.id`: expected a string or a number, found an object"
        );
        assert_eq!(outer.items[1].at - doc.as_ptr() as usize, 20);
    }
}
