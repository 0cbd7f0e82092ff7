//! What the shop sends on its own initiative, and the courtesy that keeps
//! it from becoming a nuisance: the feedback request some days after an
//! order ("could we have done better?"), one reminder, the saved replies
//! the team starts from, and the rules — at most one message per person
//! per `cap_days`, none at night in the recipient's time, none while a
//! complaint of theirs waits for an answer.
//!
//! The words are templates per language with `{name}`, `{shop}`,
//! `{order}`, `{product}`, `{topic}` and `{unsubscribe}` filled in
//! ([`fill`]); the shop edits them in its profile (`[outreach]`).

use crate::zone::Zone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A message's words in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The subject line (mail).
    #[serde(default)]
    pub subject: String,
    /// The body.
    pub body: String,
}

/// A reply the team starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SavedReply {
    /// Its name (`thanks`, `sorry`, `answer`).
    pub name: String,
    /// Its language (`en`, `de`, `th`).
    pub language: String,
    /// The words, with `{name}`, `{product}`, `{topic}` and `{shop}`.
    pub text: String,
}

/// The shop's rules for the messages it sends on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Outreach {
    /// Ask for feedback this many days after an order (0: never).
    pub feedback_after_days: u32,
    /// Remind once this many days after an unanswered request (0: never).
    pub reminder_after_days: u32,
    /// Orders older than this many days are not asked about (so a first
    /// run does not write to every customer of years past).
    pub max_order_age_days: u32,
    /// At most one message from these rules per person in this many days.
    pub cap_days: u32,
    /// No message from these rules from this hour (recipient's time)…
    pub quiet_from: u8,
    /// …until this hour.
    pub quiet_until: u8,
    /// The recipients' offset from UTC in minutes, when set: one fixed
    /// offset for everyone, without summer time. Left out, the recipients'
    /// clock is the shop's time zone (the profile's `timezone`), summer
    /// time followed — Rapport knows no zone per person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
    /// The language used when a person's own is not known.
    pub default_language: String,
    /// The feedback request per language.
    pub feedback: BTreeMap<String, Template>,
    /// The reminder per language.
    pub reminder: BTreeMap<String, Template>,
    /// Saved replies.
    pub replies: Vec<SavedReply>,
    /// Team members who get a daily mail of what is overdue (empty: no
    /// digest).
    pub digest_to: Vec<String>,
    /// The hour (the recipients' time) the digest goes out from.
    pub digest_hour: u8,
}

impl Default for Outreach {
    fn default() -> Self {
        let t = |subject: &str, body: &str| Template {
            subject: subject.to_string(),
            body: body.to_string(),
        };
        let feedback = [
            (
                "en",
                t(
                    "How is your {product}?",
                    "Hi {name},\n\nthank you for ordering {product} from {shop} (order {order}). \
                     How is it going? Could we have done anything better?\n\n\
                     Just reply to this email: a person reads every answer.\n\n{shop}\n\n\
                     No more emails like this one: {unsubscribe}",
                ),
            ),
            (
                "de",
                t(
                    "Wie gefällt dir {product}?",
                    "Hallo {name},\n\ndanke für deine Bestellung von {product} bei {shop} \
                     (Bestellung {order}). Wie zufrieden bist du? Was hätten wir besser machen \
                     können?\n\nAntworte einfach auf diese Mail: Jede Antwort liest ein Mensch.\n\n\
                     {shop}\n\nKeine solchen Mails mehr: {unsubscribe}",
                ),
            ),
            (
                "th",
                t(
                    "{product} เป็นอย่างไรบ้างคะ",
                    "สวัสดีค่ะ คุณ{name}\n\nขอบคุณที่สั่งซื้อ {product} กับ {shop} ค่ะ \
                     (คำสั่งซื้อ {order}) ใช้แล้วเป็นอย่างไรบ้างคะ \
                     มีอะไรที่เราทำได้ดีกว่านี้ไหมคะ\n\nตอบกลับอีเมลนี้ได้เลยค่ะ \
                     ทีมงานอ่านทุกข้อความ\n\n{shop}\n\nไม่ต้องการรับอีเมลแบบนี้อีก: {unsubscribe}",
                ),
            ),
        ];
        let reminder = [
            (
                "en",
                t(
                    "A quick question about your {product}",
                    "Hi {name},\n\none more time, and then we leave you in peace: how is your \
                     {product}? A line in reply helps us a lot.\n\n{shop}\n\n\
                     No more emails like this one: {unsubscribe}",
                ),
            ),
            (
                "de",
                t(
                    "Kurze Frage zu {product}",
                    "Hallo {name},\n\nnoch einmal, dann lassen wir dich in Ruhe: Wie gefällt dir \
                     {product}? Eine Zeile als Antwort hilft uns sehr.\n\n{shop}\n\n\
                     Keine solchen Mails mehr: {unsubscribe}",
                ),
            ),
            (
                "th",
                t(
                    "ขอถามเรื่อง {product} อีกนิดค่ะ",
                    "สวัสดีค่ะ คุณ{name}\n\nขอถามอีกครั้งเดียวค่ะ {product} ใช้แล้วเป็นอย่างไรบ้างคะ \
                     ตอบกลับสั้น ๆ ก็ช่วยเราได้มากค่ะ\n\n{shop}\n\n\
                     ไม่ต้องการรับอีเมลแบบนี้อีก: {unsubscribe}",
                ),
            ),
        ];
        let reply = |name: &str, language: &str, text: &str| SavedReply {
            name: name.to_string(),
            language: language.to_string(),
            text: text.to_string(),
        };
        Outreach {
            feedback_after_days: 14,
            reminder_after_days: 7,
            max_order_age_days: 60,
            cap_days: 14,
            quiet_from: 21,
            quiet_until: 8,
            utc_offset_minutes: None,
            default_language: "en".into(),
            digest_to: Vec::new(),
            digest_hour: 8,
            feedback: feedback
                .into_iter()
                .map(|(l, t)| (l.to_string(), t))
                .collect(),
            reminder: reminder
                .into_iter()
                .map(|(l, t)| (l.to_string(), t))
                .collect(),
            replies: vec![
                reply(
                    "thanks",
                    "en",
                    "Thank you, {name}! That means a lot to us at {shop}.",
                ),
                reply(
                    "thanks",
                    "de",
                    "Danke dir, {name}! Das freut uns bei {shop} sehr.",
                ),
                reply("thanks", "th", "ขอบคุณมากค่ะ คุณ{name} ทีม {shop} ดีใจมากค่ะ"),
                reply(
                    "sorry",
                    "en",
                    "{name}, we are sorry[ about your {product}]. We will make it right: \
                     could you send us your order number by message?",
                ),
                reply(
                    "sorry",
                    "de",
                    "{name}, [das mit {product} ]tut uns leid. Wir bringen das in Ordnung: \
                     Schickst du uns deine Bestellnummer per Nachricht?",
                ),
                reply(
                    "sorry",
                    "th",
                    "คุณ{name} ขออภัย[เรื่อง {product} ]ด้วยนะคะ เราจะแก้ไขให้ค่ะ \
                     รบกวนส่งเลขคำสั่งซื้อทางข้อความได้ไหมคะ",
                ),
                reply("answer", "en", "Hi {name}, good question[ about {topic}]! "),
                reply("answer", "de", "Hallo {name}, gute Frage[ zu {topic}]! "),
                reply(
                    "answer",
                    "th",
                    "สวัสดีค่ะ คุณ{name} คำถาม[เรื่อง {topic} ]ดีมากค่ะ ",
                ),
            ],
        }
    }
}

impl Outreach {
    /// The template of `kind` (`feedback`, `reminder`) in `language`, else
    /// in the default language, else English.
    pub fn template(&self, reminder: bool, language: &str) -> Option<&Template> {
        let set = if reminder {
            &self.reminder
        } else {
            &self.feedback
        };
        set.get(language)
            .or_else(|| set.get(&self.default_language))
            .or_else(|| set.get("en"))
            .or_else(|| set.values().next())
    }

    /// The saved replies in `language` (the default language's when it has
    /// none).
    pub fn replies_in(&self, language: &str) -> Vec<&SavedReply> {
        let of = |l: &str| -> Vec<&SavedReply> {
            self.replies.iter().filter(|r| r.language == l).collect()
        };
        let found = of(language);
        if found.is_empty() {
            of(&self.default_language)
        } else {
            found
        }
    }

    /// The recipients' offset from UTC at `at`, in seconds: the fixed
    /// `utc_offset_minutes` when set, else the shop's `zone` then.
    pub fn offset_at(&self, zone: Zone, at: i64) -> i64 {
        match self.utc_offset_minutes {
            Some(minutes) => i64::from(minutes) * 60,
            None => zone.offset_at(at),
        }
    }

    /// Whether `at` (seconds since the epoch) falls in the quiet hours of
    /// the recipients (see [`Outreach::offset_at`]; `zone` is the shop's);
    /// if so, the moment they end.
    pub fn quiet(&self, at: i64, zone: Zone) -> Option<i64> {
        if self.quiet_from == self.quiet_until {
            return None;
        }
        let offset = self.offset_at(zone, at);
        let local = at + offset;
        let day = local.div_euclid(86_400) * 86_400;
        let hour = (local - day) / 3600;
        let (from, until) = (i64::from(self.quiet_from), i64::from(self.quiet_until));
        let inside = if from < until {
            hour >= from && hour < until
        } else {
            hour >= from || hour < until
        };
        if !inside {
            return None;
        }
        let end_local = if hour < until {
            day + until * 3600
        } else {
            day + 86_400 + until * 3600
        };
        // Summer time may begin or end during the night: the end is read
        // with the offset in force then.
        let end = end_local - offset;
        Some(end_local - self.offset_at(zone, end))
    }

    /// Checks the settings; the first problem, named by its key.
    pub fn check(&self) -> Result<(), String> {
        if self.digest_hour > 23 {
            return Err("outreach.digest_hour: an hour from 0 to 23".into());
        }
        if let Some(a) = self.digest_to.iter().find(|a| !a.contains('@')) {
            return Err(format!("outreach.digest_to: {a:?} is not an address"));
        }
        if self.quiet_from > 23 || self.quiet_until > 23 {
            return Err("outreach.quiet_from / quiet_until: an hour from 0 to 23".into());
        }
        if self
            .utc_offset_minutes
            .is_some_and(|m| !(-14 * 60..=14 * 60).contains(&m))
        {
            return Err("outreach.utc_offset_minutes: between -840 and 840".into());
        }
        for (lang, t) in self.feedback.iter().chain(&self.reminder) {
            if t.body.trim().is_empty() {
                return Err(format!("outreach template {lang:?}: the body is empty"));
            }
        }
        Ok(())
    }
}

/// How a reply addresses someone: the first word of their name that has
/// a letter ("Katrin" for "Katrin Berger 🚵", "พิม" for "พิม 🚲"), else the
/// name as it is.
pub fn addressed(name: &str) -> String {
    first_name(name).unwrap_or(name.trim()).to_string()
}

/// The first word of `name` that has a letter in it ("Paul 🚵" → Paul),
/// if any: what a greeting calls someone.
pub fn first_name(name: &str) -> Option<&str> {
    name.split_whitespace()
        .find(|w| w.chars().any(char::is_alphabetic))
}

/// A topic word as a reply in `language` writes it: German capitalises
/// its nouns ("gute Frage zu Reifen"), the others keep the word.
pub fn as_written(topic: &str, language: &str) -> String {
    let mut chars = topic.chars();
    match chars.next() {
        Some(first) if language == "de" => first.to_uppercase().chain(chars).collect(),
        _ => topic.to_string(),
    }
}

/// `text` with each `{key}` of `values` replaced; unknown keys stay.
///
/// A part in square brackets that holds a `{key}` is optional: it is
/// kept (without its brackets) when every key in it has a value, and
/// left out when one of them is empty — "we are sorry[ about your
/// {product}]" reads "we are sorry" for someone who bought nothing, not
/// "sorry about your ". Brackets around no key are plain text.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let put = |part: &str| -> String {
        let mut out = part.to_string();
        for (k, v) in values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    };
    let empty = |part: &str| {
        values
            .iter()
            .any(|(k, v)| v.trim().is_empty() && part.contains(&format!("{{{k}}}")))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open..].find(']') else {
            break;
        };
        let inner = &rest[open + 1..open + len];
        out.push_str(&put(&rest[..open]));
        if !values
            .iter()
            .any(|(k, _)| inner.contains(&format!("{{{k}}}")))
        {
            out.push_str(&put(&rest[open..=open + len]));
        } else if !empty(inner) {
            out.push_str(&put(inner));
        }
        rest = &rest[open + len + 1..];
    }
    out.push_str(&put(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bracketed part with a key goes when the key is empty, and stays
    /// without its brackets when it is not; other brackets are text.
    #[test]
    fn optional_parts_go_when_their_value_is_missing() {
        let text = "{name}, we are sorry[ about your {product}]. [Ref] {order}";
        let filled = |product: &str| {
            fill(
                text,
                &[("name", "Anna"), ("product", product), ("order", "#7")],
            )
        };
        assert_eq!(
            filled("Schotter 45"),
            "Anna, we are sorry about your Schotter 45. [Ref] #7"
        );
        assert_eq!(filled(""), "Anna, we are sorry. [Ref] #7");
        assert_eq!(filled("  "), "Anna, we are sorry. [Ref] #7");
        // An unclosed bracket is text too.
        assert_eq!(fill("[{name}", &[("name", "")]), "[");
        assert_eq!(fill("a [b {name}] c", &[("name", "x")]), "a b x c");
        let o = Outreach::default();
        for r in &o.replies {
            let none = fill(
                &r.text,
                &[
                    ("name", "Anna"),
                    ("product", ""),
                    ("topic", ""),
                    ("shop", "T"),
                ],
            );
            assert!(!none.contains(['{', '[', ']']), "{}: {none}", r.name);
            assert!(!none.contains("  "), "{}: {none:?}", r.name);
        }
    }

    #[test]
    fn replies_address_people_by_a_word_of_their_name() {
        assert_eq!(addressed("Katrin Berger 🚵"), "Katrin");
        assert_eq!(addressed("🚲 พิม"), "พิม");
        assert_eq!(addressed("🚲"), "🚲");
        assert_eq!(as_written("reifen", "de"), "Reifen");
        assert_eq!(as_written("gravel", "en"), "gravel");
        assert_eq!(as_written("ยาง", "de"), "ยาง");
    }

    #[test]
    fn templates_fill_and_fall_back_to_the_default_language() {
        let o = Outreach::default();
        let de = o.template(false, "de").expect("de");
        let body = fill(
            &de.body,
            &[
                ("name", "Jonas"),
                ("product", "Schotter 45"),
                ("order", "#1001"),
                ("shop", "Trailwerk"),
                ("unsubscribe", "https://x/u"),
            ],
        );
        assert!(body.starts_with("Hallo Jonas,"), "{body}");
        assert!(body.contains("Schotter 45") && body.contains("https://x/u"));
        assert!(!body.contains('{'), "{body}");
        let fr = o.template(true, "fr").expect("falls back");
        assert_eq!(fr, o.template(true, "en").expect("en"));
        assert_eq!(o.replies_in("th").len(), 3);
        assert_eq!(o.replies_in("fr").len(), 3);
    }

    #[test]
    fn quiet_hours_wrap_midnight_in_the_recipients_time() {
        let o = Outreach {
            utc_offset_minutes: Some(60),
            ..Outreach::default() // 21:00–08:00
        };
        let utc = Zone::utc();
        let day = 1_796_428_800; // 2026-12-05 00:00 UTC
                                 // 22:00 at UTC+1 is 21:00 UTC: quiet until 08:00 there.
        assert_eq!(o.quiet(day + 21 * 3600, utc), Some(day + 86_400 + 7 * 3600));
        // 03:00 local: quiet until 08:00 the same day.
        assert_eq!(o.quiet(day + 2 * 3600, utc), Some(day + 7 * 3600));
        // 10:00 local is fine; so is 15:00 in Bangkok (UTC+7, 08:00 UTC).
        assert_eq!(o.quiet(day + 9 * 3600, utc), None);
        let bangkok = Outreach {
            utc_offset_minutes: Some(420),
            ..o.clone()
        };
        assert_eq!(bangkok.quiet(day + 8 * 3600, utc), None);
        let none = Outreach {
            quiet_from: 0,
            quiet_until: 0,
            ..Outreach::default()
        };
        assert_eq!(none.quiet(day, utc), None);
    }

    #[test]
    fn without_a_fixed_offset_the_quiet_hours_follow_the_shops_zone_and_its_summer_time() {
        let o = Outreach::default();
        assert_eq!(o.utc_offset_minutes, None);
        let berlin = Zone::named("Europe/Berlin").expect("a zone");
        // 2026-07-15 19:30 UTC is 21:30 in Berlin's summer (UTC+2): quiet
        // until 08:00 there, 06:00 UTC. A fixed UTC+1 would read 20:30.
        let july = 1_784_145_600; // 2026-07-15 20:00 UTC
        assert_eq!(o.quiet(july - 1800, berlin), Some(july + 10 * 3600));
        let fixed = Outreach {
            utc_offset_minutes: Some(60),
            ..Outreach::default()
        };
        assert_eq!(fixed.quiet(july - 1800, berlin), None);
        // The night summer time ends (2026-10-25, 03:00 CEST becomes
        // 02:00 CET): 22:00 CEST on the 24th is quiet until 08:00 CET,
        // 07:00 UTC, not 06:00.
        let oct24 = 1_792_872_000; // 2026-10-24 20:00 UTC
        assert_eq!(o.quiet(oct24, berlin), Some(oct24 + 11 * 3600));
        // In UTC, the shop's zone when the profile names none, 20:00 is
        // not quiet.
        assert_eq!(o.quiet(oct24, Zone::utc()), None);
        // A fixed offset out of range is named.
        let far = Outreach {
            utc_offset_minutes: Some(900),
            ..Outreach::default()
        };
        assert!(far.check().unwrap_err().contains("utc_offset_minutes"));
    }
}
