//! Every import format's rejections are sentence kinds, never free
//! English: for each format, bad input written by hand and its fixtures
//! mangled (cut short, bytes changed, values of the wrong type) give
//! rejections whose every part has a kind, and each reads in German and
//! Thai from the catalogues without falling back to English.

use rapport_core::said::Arg;
use rapport_core::Said;
use rapport_i18n::{Lang, Tr};
use rapport_ingest::{Format, IngestError, Item, Options};
use std::path::Path;

/// The rejections a format gives for `bytes`.
fn rejections(format: Format, bytes: &[u8]) -> Vec<Said> {
    let items = match format.read(Box::new(bytes), &Options::default()) {
        Ok(items) => items,
        Err(IngestError::BadInput { reason, .. }) => return vec![reason],
        Err(e) => panic!("{format:?}: {e}"),
    };
    items
        .filter_map(|i| match i.expect("reading from memory cannot fail") {
            Item::Rejected { reason, .. } => Some(reason),
            _ => None,
        })
        .collect()
}

/// Whether a sentence, or one inside it, is words without a kind.
fn verbatim(s: &Said) -> bool {
    matches!(s, Said::Verbatim { .. })
        || s.args().iter().any(|(_, a)| match a {
            Arg::Nested(n) => verbatim(n),
            Arg::Clauses(parts) => parts.iter().any(verbatim),
            _ => false,
        })
}

/// Checks every rejection of `format` for `inputs`; returns how many.
fn check(format: Format, inputs: &[Vec<u8>]) -> usize {
    let (de, th) = (Tr::new(Lang::De), Tr::new(Lang::Th));
    let mut n = 0;
    for input in inputs {
        for s in rejections(format, input) {
            n += 1;
            assert!(
                !verbatim(&s),
                "{format:?}: a rejection without a kind: {s:?}"
            );
            let english = s.to_string();
            assert_eq!(Tr::new(Lang::En).said(&s), english, "{format:?} {s:?}");
            for tr in [de, th] {
                let got = tr.said(&s);
                assert!(
                    !got.contains("said-") && !got.contains('{') && got != english,
                    "{format:?} {:?}: {got} ({s:?})",
                    tr.lang
                );
            }
        }
    }
    n
}

/// Each fixture of `dir`, and each mangled: cut at several points, a
/// byte changed, a digit or a string made the other.
fn mangled(dir: &str) -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&path).expect("fixtures") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() * 4 / 5] {
            out.push(bytes[..cut].to_vec());
        }
        for at in [bytes.len() / 4, bytes.len() / 2] {
            let mut b = bytes.clone();
            b[at] = b'}';
            out.push(b);
            let mut b = bytes.clone();
            b[at] = 0xff;
            out.push(b);
        }
        let text = String::from_utf8_lossy(&bytes);
        out.push(
            text.replace(":\"", ":[\"")
                .replace("\",", "\"],")
                .into_bytes(),
        );
        out.push(text.replace("\":", "\":{},\"x\":").into_bytes());
        out.push(text.replace("\": \"", "\": {}, \"x\": \"").into_bytes());
        out.push(text.replacen(':', ": 12, \"y\":", 3).into_bytes());
        out.push(bytes);
    }
    out
}

fn inputs(hand: &[&str], dir: Option<&str>) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = hand.iter().map(|s| s.as_bytes().to_vec()).collect();
    out.push(b"{\"a\":\"\xff\"}\n".to_vec());
    out.push(b"42\n\"text\"\n[1]\nnull\n{oops\n".to_vec());
    if let Some(dir) = dir {
        out.extend(mangled(dir));
    }
    out
}

#[test]
fn jsonl_rejections_have_kinds_in_every_language() {
    let ok = r#""channel":"instagram","external_id":"1","author":{"handle":"anna"},"created_at":"2026-10-02T09:14:00Z""#;
    let hand = [
        format!(r#"{{"kind":"poke",{ok}}}"#),
        format!(r#"{{"kind":"comment","from_brand":"yes",{ok}}}"#),
        format!(r#"{{"kind":"comment","text":{{}},{ok}}}"#),
        format!(r#"{{"kind":"comment","kind":"reply",{ok}}}"#),
        format!(r#"{{"kind":"comment","external_id":{{}},{ok}}}"#),
        r#"{"kind":"order","order_id":"1","total":5,"currency":"EUR","created_at":"2026-10-02T09:14:00Z","status":"shipped"}"#.into(),
        r#"{"kind":"order","order_id":"1","total":5,"currency":"EUR","created_at":"2026-10-02T09:14:00Z","items":[{"sku":"a"}]}"#.into(),
        r#"{"kind":"order","order_id":"1","total":5,"currency":"EUR","created_at":"2026-10-02T09:14:00Z","items":[{"sku":"a","title":"b","qty":-1,"price":1}]}"#.into(),
    ];
    let hand: Vec<&str> = hand.iter().map(String::as_str).collect();
    assert!(check(Format::Jsonl, &inputs(&hand, None)) >= hand.len());
}

#[test]
fn csv_rejections_have_kinds_in_every_language() {
    let hand = [
        "kind,channel,external_id,handle,created_at\ncomment,instagram,1,anna,yesterday\n",
        "kind,channel,text\ncomment,instagram,\u{0}\n",
        "channel,text\ninstagram,hi\n",
        "kind,qty,from_brand\norder,two,maybe\n",
    ];
    let mut all = inputs(&hand, None);
    all.push(b"kind,text\ncomment,\xff\n".to_vec());
    all.push(b"ki\xffnd,text\n".to_vec());
    assert!(check(Format::Csv, &all) >= hand.len());
}

#[test]
fn mastodon_rejections_have_kinds_in_every_language() {
    let hand = [
        r#"{"foo":1}"#,
        r#"{"type":"mention","account":{"id":"1","acct":"anna"},"created_at":"2026-10-02T09:14:00Z"}"#,
        r#"{"type":"","id":"1"}"#,
        r#"{"id":"1","content":"hi","account":{"followers_count":"lots"}}"#,
    ];
    assert!(check(Format::Mastodon, &inputs(&hand, Some("mastodon"))) >= hand.len());
}

#[test]
fn bluesky_rejections_have_kinds_in_every_language() {
    let hand = [
        r#"{"did":"did:plc:a","kind":"commit","commit":{"collection":"app.bsky.feed.post","operation":"zap"}}"#,
        r#"{"did":"did:plc:a","kind":"commit","commit":{"collection":"app.bsky.feed.post","operation":"create"}}"#,
        r#"{"did":"did:plc:a","kind":"commit"}"#,
        r#"{"did":"did:plc:a","kind":"commit","commit":{"collection":"app.bsky.feed.post","operation":"create","record":{"text":["x"]}}}"#,
        r#"{"kind":"commit"}"#,
    ];
    assert!(check(Format::Bluesky, &inputs(&hand, Some("bluesky"))) >= hand.len());
}

#[test]
fn reddit_rejections_have_kinds_in_every_language() {
    let hand = [
        r#"{"kind":"t1"}"#,
        r#"{"data":{}}"#,
        r#"{"kind":"t1","data":{"score":"x","author":5}}"#,
    ];
    assert!(check(Format::Reddit, &inputs(&hand, Some("reddit"))) >= hand.len());
}

#[test]
fn youtube_rejections_have_kinds_in_every_language() {
    let hand = [r#"{"kind":"youtube#commentThread","id":"t","snippet":{}}"#];
    assert!(check(Format::Youtube, &inputs(&hand, Some("youtube"))) >= hand.len());
}

#[test]
fn facebook_rejections_have_kinds_in_every_language() {
    let hand = [r#"{"id":"1","message":"hi","from":{"id":{}}}"#];
    assert!(check(Format::Facebook, &inputs(&hand, Some("facebook"))) >= hand.len());
}

#[test]
fn instagram_rejections_have_kinds_in_every_language() {
    let hand = [r#"{"id":"1","text":"hi","from":[1]}"#];
    assert!(check(Format::Instagram, &inputs(&hand, Some("instagram"))) >= hand.len());
}

#[test]
fn x_rejections_have_kinds_in_every_language() {
    let hand = [r#"{"data":[1]}"#];
    assert!(check(Format::X, &inputs(&hand, Some("x"))) >= hand.len());
}

#[test]
fn twitter_archive_rejections_have_kinds_in_every_language() {
    let hand = [r#"[{"tweet":{"created_at":"Wed Oct 10 20:19:24 +0000 2018"}}]"#];
    assert!(
        check(
            Format::TwitterArchive,
            &inputs(&hand, Some("twitter_archive"))
        ) >= hand.len()
    );
}

#[test]
fn shopify_rejections_have_kinds_in_every_language() {
    let hand = [
        r#"{"orders":5}"#,
        r#"{"id":1,"created_at":"2026-10-02T09:14:00Z","total_price":"abc","currency":"EUR"}"#,
        r#"{"id":1,"created_at":"2026-10-02T09:14:00Z","total_price":"1","currency":"EURO"}"#,
    ];
    assert!(check(Format::ShopifyOrders, &inputs(&hand, Some("shopify"))) >= hand.len());
}

#[test]
fn woocommerce_rejections_have_kinds_in_every_language() {
    let hand = [
        r#"{"orders":"x"}"#,
        r#"{"id":1,"date_created_gmt":"soon","total":"1","currency":"EUR"}"#,
    ];
    assert!(
        check(
            Format::WoocommerceOrders,
            &inputs(&hand, Some("woocommerce"))
        ) >= hand.len()
    );
}

#[test]
fn mail_rejections_have_kinds_in_every_language() {
    let hand = [
        "hello there\n",
        "Message-ID:\nFrom: a@b.example\n\nhi",
        "Message-ID: <a@b>\nFrom: Anna\n\nhi",
        "Message-ID: <a@b>\nTo: a@b.example\n\nhi",
        "Message-ID: <a@b>\nFrom: a@b.example\nDate:  \n\nhi",
        "Message-ID: <a@b>\nFrom: a@b.example\nDate: soon\n\nhi",
        "From: a@b.example\nDate: Tue, 06 Oct 2026 09:14:00 +0200\n\nhi",
    ];
    assert!(check(Format::Eml, &inputs(&hand[..1], Some("eml"))) >= 1);
    for h in hand {
        assert_eq!(check(Format::Eml, &[h.as_bytes().to_vec()]), 1, "{h}");
    }
    assert!(check(Format::Mbox, &inputs(&[], Some("mbox"))) >= 3);
}
