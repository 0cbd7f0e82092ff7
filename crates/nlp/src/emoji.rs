//! What an emoji says on its own. A reply of nothing but emoji ("😍😍🔥",
//! "👎", "😡😡") has no words for a model to read, so its sentiment is
//! read from the emoji themselves: each common emoji is happy (+1), sad or
//! angry (−1), or says nothing either way (0, the default).
//!
//! The list is our own labelling of the emoji that shop comments use
//! most: faces, hands, hearts and a few symbols. Ambiguous ones stay out
//! (😂 is laughter with someone or at them; 🙏 is thanks or pleading; 😅
//! relief or embarrassment), as do objects.

/// The polarity of one emoji character: +1, −1 or 0.
pub fn valence(c: char) -> i8 {
    match c {
        // Happy and loving faces.
        '😀' | '😃' | '😄' | '😁' | '😆' | '😊' | '😇' | '🙂' | '😉' | '😍' | '🥰' | '😘'
        | '😗' | '😙' | '😚' | '😋' | '😎' | '🤩' | '🥳' | '😻' | '😸' | '😺' | '😽' | '🤗'
        | '🥹' | '😌' | '🤤' => 1,
        // Hands that approve or cheer.
        '👍' | '👏' | '🙌' | '👌' | '🤝' | '💪' | '✌' | '🤘' | '🫶' => 1,
        // Hearts (the broken one is below), sparkle, praise and party.
        '❤' | '🧡' | '💛' | '💚' | '💙' | '💜' | '🖤' | '🤍' | '🤎' | '💕' | '💖' | '💗' | '💓'
        | '💞' | '💘' | '💝' | '🔥' | '✨' | '🌟' | '⭐' | '💯' | '🎉' | '🎊' | '🏆' | '🥇'
        | '👑' | '💎' | '🚀' | '✅' | '☺' => 1,
        // Sad, angry, disgusted and disappointed faces.
        '😞' | '😔' | '😟' | '😕' | '🙁' | '☹' | '😣' | '😖' | '😫' | '😩' | '😢' | '😭' | '😤'
        | '😠' | '😡' | '🤬' | '🤢' | '🤮' | '😒' | '🙄' | '😑' | '😓' | '😰' | '😨' | '😱'
        | '🥺' | '😿' | '🤦' | '🤥' | '😬' => -1,
        // Hands and symbols of disapproval or failure.
        '👎' | '🖕' | '💔' | '💩' | '❌' | '⛔' | '🚫' | '⚠' | '🤡' | '💀' => -1,
        _ => 0,
    }
}

/// The sentiment of a text without words, from its emoji and its
/// emoticons (`(emoticon, ±1)`, see [`crate::text::EMOTICONS`]): the side
/// they lean to, with the share of them on that side as the confidence;
/// neutral when they lean nowhere or both ways alike.
pub fn sentiment(text: &str, emoticons: &[(&'static str, i8)]) -> (&'static str, f32) {
    let (mut pos, mut neg) = (0u32, 0u32);
    let polarities = text
        .chars()
        .map(valence)
        .chain(emoticons.iter().map(|(_, p)| p.signum()));
    for p in polarities {
        match p {
            1 => pos += 1,
            -1 => neg += 1,
            _ => {}
        }
    }
    let total = (pos + neg) as f32;
    match pos.cmp(&neg) {
        std::cmp::Ordering::Greater => ("positive", pos as f32 / total),
        std::cmp::Ordering::Less => ("negative", neg as f32 / total),
        std::cmp::Ordering::Equal => ("neutral", 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> &'static str {
        sentiment(text, &[]).0
    }

    #[test]
    fn emoji_read_alone_lean_the_way_people_mean_them() {
        assert_eq!(read("😍😍🔥"), "positive");
        assert_eq!(read("👎"), "negative");
        assert_eq!(read("😡😡"), "negative");
        // A skin tone or a variation selector changes nothing.
        assert_eq!(read("👍🏽"), "positive");
        assert_eq!(read("❤️"), "positive");
        assert_eq!(sentiment("🤔", &[(":)", 1)]).0, "positive");
    }

    #[test]
    fn mixed_or_neutral_emoji_say_nothing() {
        assert_eq!(read("👍👎"), "neutral");
        assert_eq!(read("🤔"), "neutral");
        assert_eq!(read("📦🚲"), "neutral");
        assert_eq!(read(""), "neutral");
        let (label, share) = sentiment("😍😍👎", &[]);
        assert_eq!(label, "positive");
        assert!((share - 2.0 / 3.0).abs() < 1e-6);
    }
}
