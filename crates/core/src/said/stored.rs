//! Sentences in JSON: as their English in the API's views, with their
//! kinds in the store.

use super::Said;
use serde::Deserialize;

/// Writes a sentence as its English string (serde `serialize_with`).
pub fn english<S: serde::Serializer>(said: &Said, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(said)
}

/// Writes sentences as their English strings (serde `serialize_with`).
pub fn english_all<S: serde::Serializer>(said: &[Said], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(said.iter().map(ToString::to_string))
}

/// Writes a sentence, if any, as its English string (serde
/// `serialize_with`).
pub fn english_opt<S: serde::Serializer>(said: &Option<Said>, s: S) -> Result<S::Ok, S::Error> {
    match said {
        Some(x) => s.collect_str(x),
        None => s.serialize_none(),
    }
}

/// Reads stored sentences (serde `deserialize_with`): each a sentence
/// with its kind, or a plain string stored before sentences had one
/// (then [`Said::Verbatim`]).
pub fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Said>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Kind(Said),
        Text(String),
    }
    Ok(Vec::<Stored>::deserialize(d)?
        .into_iter()
        .map(|s| match s {
            Stored::Kind(k) => k,
            Stored::Text(text) => Said::Verbatim { text },
        })
        .collect())
}

/// A sentence stored as text ([`Said::stored`]): its kind and
/// arguments, or words stored before sentences had a kind — read back
/// into their kind when they are one of the outbox's reasons written
/// before it had kinds ([`old_words`]), else [`Said::Verbatim`].
pub fn from_stored(text: &str) -> Said {
    serde_json::from_str(text)
        .ok()
        .or_else(|| old_words(text))
        .unwrap_or_else(|| Said::Verbatim {
            text: text.to_string(),
        })
}

/// The kind of an outbox reason stored as its English before reasons
/// had kinds (`quiet hours (21:00–08:00 the recipient's time)`), so old
/// rows read in the user's language too; `None` for any other words
/// (a platform's error stays as the platform wrote it).
pub fn old_words(text: &str) -> Option<Said> {
    let fixed = [
        Said::RecipientUnsubscribed,
        Said::Unsubscribed,
        Said::WroteSinceRequest,
        Said::ComplaintOpen,
        Said::ParentErased,
        Said::SentAgain,
        Said::MayHaveLeft,
        Said::CopyImportedFirst,
    ];
    if let Some(s) = fixed.into_iter().find(|s| s.to_string() == text) {
        return Some(s);
    }
    if let Some(days) = text
        .strip_prefix("at most one message per person in ")
        .and_then(|r| r.strip_suffix(" days"))
        .and_then(|d| d.parse().ok())
    {
        return Some(Said::CapPerPerson { days });
    }
    if let Some(hours) = text
        .strip_prefix("quiet hours (")
        .and_then(|r| r.strip_suffix(" the recipient's time)"))
    {
        let (from, until) = hours.split_once('–')?;
        let hour = |h: &str| h.strip_suffix(":00")?.parse::<u8>().ok();
        return Some(Said::QuietHours {
            from: hour(from)?,
            until: hour(until)?,
        });
    }
    if let Some(channel) = text.strip_prefix("no sender is connected for ") {
        return Some(Said::NoSender {
            channel: channel.to_string(),
        });
    }
    if let Some(by) = text.strip_prefix("cancelled by ") {
        return Some(Said::CancelledBy { by: by.to_string() });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::said::samples;

    #[test]
    fn a_sentence_is_stored_with_its_kind_and_read_back_the_same() {
        for s in samples() {
            let json = serde_json::to_string(&[&s]).expect("json");
            let mut d = serde_json::Deserializer::from_str(&json);
            let back = lenient(&mut d).expect("read");
            assert_eq!(back, vec![s.clone()], "{json}");
        }
    }

    #[test]
    fn a_sentence_stored_as_plain_words_reads_back_verbatim() {
        let mut d = serde_json::Deserializer::from_str(r#"["3 followers", {"key":"complaint"}]"#);
        let back = lenient(&mut d).expect("read");
        assert_eq!(
            back,
            vec![
                Said::Verbatim {
                    text: "3 followers".into()
                },
                Said::Complaint
            ]
        );
        assert_eq!(back[0].to_string(), "3 followers");
        assert_eq!(from_stored("picked 7").to_string(), "picked 7");
        let s = Said::LastAnswered { days: 3 };
        assert_eq!(from_stored(&s.stored()), s);
    }

    #[test]
    fn outbox_reasons_stored_as_english_before_they_had_kinds_read_back_as_their_kinds() {
        let holds = crate::said::outbox_holds();
        for s in holds {
            assert_eq!(from_stored(&s.to_string()), s, "{s}");
        }
        // A platform's own words stay as written.
        assert_eq!(
            from_stored("timeout"),
            Said::Verbatim {
                text: "timeout".into()
            }
        );
        assert_eq!(
            from_stored("quiet hours (soon)"),
            Said::Verbatim {
                text: "quiet hours (soon)".into()
            }
        );
    }
}
