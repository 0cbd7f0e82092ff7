//! The closed sets an import rejection names (what a document should
//! have been, what a JSON value is, what a record was missing from), and
//! how a `serde_json` error is read once into a sentence kind instead of
//! passing serde's English through.

use super::Said;
use serde::{Deserialize, Serialize};

/// Declares a closed set with its code (the catalogue's message is
/// `{prefix}-{code}`) and its English.
macro_rules! closed_set {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $english:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, for the tests that check each language names it.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code its catalogue message is named after.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The English the CLI writes.
            pub fn english(self) -> &'static str {
                match self {
                    $($name::$variant => $english,)+
                }
            }
        }
    };
}

closed_set! {
    /// What a platform's document should have been (`expected a Shopify
    /// order object, found an array`).
    Shape {
        /// `mastodon`.
        Mastodon = "mastodon", "a Mastodon status, notification or thread context";
        /// `bluesky`.
        Jetstream = "jetstream", "a Jetstream event object";
        /// `reddit`.
        Reddit = "reddit", "a Reddit listing or thing";
        /// `youtube`.
        Youtube = "youtube", "a YouTube API response, comment thread or comment";
        /// `facebook`.
        Facebook = "facebook", "a Facebook comment, paged response or webhook";
        /// `instagram`.
        Instagram = "instagram", "an Instagram comment, paged response, mention or webhook";
        /// `x`, a whole response.
        XResponse = "x-response", "an X API response or tweet";
        /// `x`, one tweet of a response.
        XTweet = "x-tweet", "an X tweet object";
        /// `twitter-archive`.
        ArchiveTweet = "archive-tweet", "a tweet of an account archive";
        /// `shopify-orders`.
        ShopifyOrder = "shopify-order", "a Shopify order object";
        /// `shopify-orders`, an envelope.
        ShopifyOrders = "shopify-orders", "a Shopify order or a response holding orders";
        /// `woocommerce-orders`.
        WoocommerceOrder = "woocommerce-order", "a WooCommerce order object";
        /// `woocommerce-orders`, an envelope.
        WoocommerceOrders = "woocommerce-orders", "a WooCommerce order or a response holding orders";
    }
}

closed_set! {
    /// What a field was missing from (`is missing from a comment thread`).
    Container {
        /// A Mastodon `mention` notification.
        MentionNotification = "mention-notification", "a mention notification";
        /// A Mastodon `quote` notification.
        QuoteNotification = "quote-notification", "a quote notification";
        /// A YouTube comment thread.
        CommentThread = "comment-thread", "a comment thread";
        /// A Bluesky commit event.
        CommitEvent = "commit-event", "a commit event";
        /// A Bluesky create (or update).
        Create = "create", "a create";
    }
}

closed_set! {
    /// What kind of JSON value was found, or expected.
    JsonType {
        /// A string.
        String = "string", "a string";
        /// A number.
        Number = "number", "a number";
        /// A whole number, not negative.
        Count = "count", "a whole number of at least 0";
        /// `true` or `false`.
        Boolean = "boolean", "a boolean";
        /// `null`.
        Null = "null", "null";
        /// An array.
        List = "list", "an array";
        /// An object.
        Object = "object", "an object";
        /// A string or a number (ids).
        TextOrNumber = "text-or-number", "a string or a number";
        /// Anything else.
        Other = "other", "another kind of value";
    }
}

closed_set! {
    /// What is wrong with JSON text, in a few kinds rather than serde's
    /// words.
    JsonProblem {
        /// The text ends inside a value.
        Eof = "eof", "it ends in the middle of a value";
        /// No value where one must be.
        ExpectedValue = "expected-value", "a value was expected";
        /// A `,`, `:`, `"` or closing bracket is missing.
        ExpectedPunctuation = "expected-punctuation", "a `,`, `:`, `\"` or closing bracket was expected";
        /// More after the value.
        Trailing = "trailing", "there is more after the value";
        /// A comma before a closing bracket.
        TrailingComma = "trailing-comma", "a comma stands before a closing bracket";
        /// A key that is not a string.
        KeyNotString = "key-not-string", "a key is not a string";
        /// A bad escape, code point or control character in a string.
        BadString = "bad-string", "a string has a bad escape, code point or control character";
        /// A number that cannot be read or is out of range.
        BadNumber = "bad-number", "a number cannot be read or is out of range";
        /// Nested deeper than the parser allows.
        TooDeep = "too-deep", "it nests too deeply";
        /// Anything else.
        Other = "other", "it is not valid JSON";
    }
}

/// The longest value quoted in a rejection; longer ones end in `…`.
pub const QUOTE_MAX: usize = 80;

/// At most [`QUOTE_MAX`] characters of `s`, for rejections.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(QUOTE_MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A `serde_json` error read into a sentence: malformed text as a
/// [`Said::MalformedJson`], a field's wrong type, absence, unknown value
/// or repetition as their kinds. The second value is a field to add to
/// the path (serde names a missing field in its message, not its path).
pub fn json_error(e: &serde_json::Error) -> (Option<String>, Said) {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => (
            None,
            Said::MalformedJson {
                problem: problem(e),
                column: e.column() as u64,
            },
        ),
        Category::Data => data_error(&message(e)),
    }
}

/// The kind of a syntax error.
pub fn problem(e: &serde_json::Error) -> JsonProblem {
    use serde_json::error::Category;
    if e.classify() == Category::Eof {
        return JsonProblem::Eof;
    }
    let m = message(e);
    let starts = |p: &str| m.starts_with(p);
    if starts("EOF") || starts("unexpected end") {
        JsonProblem::Eof
    } else if starts("expected value") || starts("expected ident") {
        JsonProblem::ExpectedValue
    } else if starts("expected `") {
        JsonProblem::ExpectedPunctuation
    } else if starts("trailing characters") {
        JsonProblem::Trailing
    } else if starts("trailing comma") {
        JsonProblem::TrailingComma
    } else if starts("key must be") || starts("float key") {
        JsonProblem::KeyNotString
    } else if starts("invalid escape")
        || starts("invalid unicode")
        || starts("control character")
        || starts("lone leading surrogate")
    {
        JsonProblem::BadString
    } else if starts("invalid number") || starts("number out of range") {
        JsonProblem::BadNumber
    } else if starts("recursion limit") {
        JsonProblem::TooDeep
    } else {
        JsonProblem::Other
    }
}

/// serde's message without its ` at line L column C`.
fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rsplit_once(" at line ") {
        Some((m, _)) => m.to_string(),
        None => full,
    }
}

/// A data error's message (`invalid type: …, expected …`, `missing field
/// `x``, `unknown variant …`) as a sentence kind.
fn data_error(m: &str) -> (Option<String>, Said) {
    if let Some(rest) = m.strip_prefix("missing field ") {
        return (Some(rest.trim_matches('`').to_string()), Said::IsMissing);
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return (
            Some(rest.trim_matches('`').to_string()),
            Said::DuplicateField,
        );
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected").unwrap_or((rest, ""));
        return (
            None,
            Said::NotOneOf {
                value: shorten(value.trim_matches('`')),
                allowed: ticked(allowed),
            },
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = m.strip_prefix(prefix) {
            let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
            let (found, value) = unexpected(found);
            return (
                None,
                Said::WrongType {
                    expected: expected_type(expected),
                    found,
                    value,
                },
            );
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
        return (
            None,
            Said::WrongType {
                expected: expected_type(expected),
                found: JsonType::List,
                value: None,
            },
        );
    }
    if let Some(name) = m.strip_prefix("data did not match any variant of untagged enum ") {
        // The canonical record's lenient scalars: an id, a number.
        let expected = match name.trim() {
            "Id" => JsonType::TextOrNumber,
            "Num" => JsonType::Number,
            _ => JsonType::Other,
        };
        return (
            None,
            Said::WrongType {
                expected,
                found: JsonType::Other,
                value: None,
            },
        );
    }
    (None, Said::UnreadableValue)
}

/// The names between backticks in `s` (serde's `one of `a`, `b``).
fn ticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde_json's description of a value it did not expect: its type, and
/// the value itself for a scalar (trimmed).
fn unexpected(s: &str) -> (JsonType, Option<String>) {
    let inner = |s: &str| Some(shorten(s.trim_matches('`')));
    if let Some(v) = s.strip_prefix("string ") {
        let v = v.strip_prefix('"').unwrap_or(v);
        let v = v.strip_suffix('"').unwrap_or(v);
        return (JsonType::String, Some(shorten(v)));
    }
    if let Some(v) = s
        .strip_prefix("integer ")
        .or_else(|| s.strip_prefix("floating point "))
    {
        return (JsonType::Number, inner(v));
    }
    if let Some(v) = s.strip_prefix("boolean ") {
        return (JsonType::Boolean, inner(v));
    }
    let t = match s {
        "null" | "unit value" => JsonType::Null,
        "sequence" => JsonType::List,
        "map" => JsonType::Object,
        _ => JsonType::Other,
    };
    (t, None)
}

/// serde's `expected …` (a visitor's words or a Rust type) as a type.
fn expected_type(s: &str) -> JsonType {
    let s = s.trim().to_ascii_lowercase();
    let word = s.trim_start_matches("a ").trim_start_matches("an ");
    if s.contains("string or a number") || s.contains("string or number") {
        JsonType::TextOrNumber
    } else if matches!(word, "u8" | "u16" | "u32" | "u64" | "u128" | "usize") {
        JsonType::Count
    } else if s.contains("number")
        || matches!(
            word,
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "f32" | "f64"
        )
    {
        JsonType::Number
    } else if s.contains("bool") {
        JsonType::Boolean
    } else if s.contains("string") || word == "char" || word == "str" {
        JsonType::String
    } else if s.contains("sequence")
        || s.contains("array")
        || s.contains("tuple")
        || s.contains("list")
    {
        JsonType::List
    } else if s.contains("map")
        || s.contains("struct")
        || s.contains("object")
        // The formats' own descriptions of their objects (`a tweet of an
        // account archive`).
        || s.starts_with("a ")
        || s.starts_with("an ")
    {
        JsonType::Object
    } else {
        JsonType::Other
    }
}

/// What kind of JSON value a document or element starting with `first`
/// is (`{` an object, `[` an array …).
pub fn json_type_of(text: &str) -> JsonType {
    match text.trim_start().as_bytes().first() {
        Some(b'{') => JsonType::Object,
        Some(b'[') => JsonType::List,
        Some(b'"') => JsonType::String,
        Some(b't' | b'f') => JsonType::Boolean,
        Some(b'n') => JsonType::Null,
        Some(b'-' | b'0'..=b'9') => JsonType::Number,
        _ => JsonType::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said<T: serde::de::DeserializeOwned>(json: &str) -> (Option<String>, String) {
        let e = serde_json::from_str::<T>(json).err().expect("an error");
        let (field, s) = json_error(&e);
        (field, s.to_string())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        n: u64,
        b: Option<bool>,
        s: Option<String>,
        e: Option<Colour>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
        Green,
    }

    #[test]
    fn serde_errors_become_a_few_kinds_with_the_value_and_field() {
        assert_eq!(
            said::<Probe>(r#"{"n":"lots"}"#),
            (
                None,
                "expected a whole number of at least 0, found a string (\"lots\")".into()
            )
        );
        assert_eq!(
            said::<Probe>(r#"{"n":1,"b":[1]}"#),
            (None, "expected a boolean, found an array".into())
        );
        assert_eq!(
            said::<Probe>(r#"{"n":-1}"#),
            (
                None,
                "expected a whole number of at least 0, found a number (\"-1\")".into()
            )
        );
        assert_eq!(
            said::<Probe>(r#"{}"#),
            (Some("n".into()), "is missing".into())
        );
        assert_eq!(
            said::<Probe>(r#"{"n":1,"n":2}"#),
            (Some("n".into()), "appears twice".into())
        );
        assert_eq!(
            said::<Probe>(r#"{"n":1,"e":"blue"}"#),
            (None, "\"blue\" is not one of red, green".into())
        );
        assert_eq!(
            said::<Probe>("{\"n\":\n  1,,}").1,
            "malformed JSON: a key is not a string (column 5)"
        );
        assert_eq!(
            said::<Vec<u64>>("[1,,]").1,
            "malformed JSON: a value was expected (column 4)"
        );
        assert_eq!(
            said::<Probe>(r#"{"n":1"#).1,
            "malformed JSON: it ends in the middle of a value (column 6)"
        );
        assert_eq!(
            said::<Probe>(r#"{"n":1} x"#).1,
            "malformed JSON: there is more after the value (column 9)"
        );
    }

    #[test]
    fn long_values_are_trimmed() {
        let long = "x".repeat(200);
        let (_, s) = said::<Probe>(&format!(r#"{{"n":"{long}"}}"#));
        assert!(s.len() < 150 && s.contains('…'), "{s}");
    }
}
