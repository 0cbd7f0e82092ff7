//! Replies and the outbox: `rapport inbox reply`, `rapport outbox` and
//! `rapport outbox run`, against a loopback stand-in for a Mastodon
//! instance (it checks each request as Mastodon documents it and honours
//! `Idempotency-Key` as Mastodon does) and a real SMTP server (aiosmtpd,
//! from Debian's `python3-aiosmtpd`, writing what arrives to a Maildir).
//! Crashes are made with `RAPPORT_FAULT`, which aborts the sending
//! process at a named point.

use crate::util::{as_str, Dir, Run};
use serde_json::{json, Value};
use std::process::Stdio;

#[path = "../common/fakes.rs"]
mod fakes;
use fakes::{Mastodon, Smtp, TOKEN};

/// A shop with one Mastodon mention and one mail from a customer, both
/// unanswered; returns their interaction ids.
fn shop(dir: &Dir) -> (i64, i64) {
    let records = [
        json!({"channel":"mastodon","external_id":"109","kind":"mention",
               "author":{"handle":"anna@fans.example","display_name":"Anna"},
               "text":"@trailshop does the Schotter tyre fit a 29er?","created_at":"2026-12-01T09:00:00Z"}),
        json!({"channel":"email","external_id":"CAF1234@mail.example","kind":"message",
               "author":{"handle":"ben@mail.example","display_name":"Ben Weber","email":"ben@mail.example"},
               "text":"Meine Bestellung ist noch nicht da. Wo bleibt sie?","created_at":"2026-12-02T09:00:00Z"}),
    ];
    let body: Vec<String> = records.iter().map(Value::to_string).collect();
    let file = dir.write("shop.jsonl", &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let inbox = dir.run(&["inbox", "--json"]).json();
    let id = |channel: &str| {
        inbox
            .as_array()
            .expect("list")
            .iter()
            .find(|i| i["channel"] == channel)
            .and_then(|i| i["id"].as_i64())
            .unwrap_or_else(|| panic!("no {channel} item in {inbox}"))
    };
    (id("mastodon"), id("email"))
}

/// The mail's id in the shop of [`shop`].
fn shop_mail(dir: &Dir) -> i64 {
    let page = dir.run(&["inbox", "--json"]).json();
    page.as_array()
        .expect("list")
        .iter()
        .find(|i| i["channel"] == "email")
        .and_then(|i| i["id"].as_i64())
        .expect("the mail")
}

/// `rapport inbox reply ARGS...` with the channels connected; it must
/// succeed.
fn replied(dir: &Dir, fake: &Mastodon, smtp: Option<&Smtp>, args: &[&str]) -> Run {
    let mut all = vec!["inbox", "reply"];
    all.extend_from_slice(args);
    let r = connected(dir, fake, smtp, &all, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// Runs `rapport` with the channels connected.
fn connected(
    dir: &Dir,
    mastodon: &Mastodon,
    smtp: Option<&Smtp>,
    args: &[&str],
    fault: Option<&str>,
) -> Run {
    let mut cmd = dir.command(args);
    cmd.env("RAPPORT_MASTODON_URL", &mastodon.base)
        .env("RAPPORT_MASTODON_TOKEN", TOKEN)
        .env("RAPPORT_MAIL_FROM", "Trailwerk <hello@trailwerk.example>")
        .env_remove("RAPPORT_SMTP_URL")
        .env_remove("RAPPORT_FAULT")
        .stdin(Stdio::null());
    if let Some(s) = smtp {
        cmd.env("RAPPORT_SMTP_URL", &s.url);
    }
    if let Some(f) = fault {
        cmd.env("RAPPORT_FAULT", f);
    }
    let out = cmd.output().expect("run rapport");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The outbox message `key` waits, and says it is for the quiet hours.
fn assert_waits_for_quiet_hours(dir: &Dir, key: &str) {
    let held = outbox(dir)
        .into_iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in the outbox"));
    assert!(
        held["last_error"]
            .as_str()
            .expect("why")
            .starts_with("quiet hours"),
        "{held}"
    );
}

fn outbox(dir: &Dir) -> Vec<Value> {
    let page = dir.run(&["outbox", "--json"]).json();
    page["messages"].as_array().expect("messages").clone()
}

fn answered(dir: &Dir) -> f64 {
    dir.run(&["report", "--json"]).json()["meaningful"]["answered_share"]
        .as_f64()
        .expect("answered_share")
}

rapport_store::both! {
#[test]
fn a_reply_goes_to_mastodon_once_and_its_copy_coming_back_is_the_same_message() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    let before = answered(&dir);
    let r = replied(
        &dir,
        &fake,
        None,
        &[
            &toot.to_string(),
            "Yes, it fits: 29 x 2.25 max.",
            "--key",
            "k-1",
        ],
    );
    assert!(r.stdout.contains("queued for mastodon"), "{}", r.stdout);
    // Answered at once, before anything was sent.
    assert!(answered(&dir) > before, "the report's answered share moves");
    let inbox = dir.run(&["inbox", "--json"]).json();
    assert!(
        inbox
            .as_array()
            .expect("list")
            .iter()
            .all(|i| i["id"] != toot),
        "{inbox}"
    );
    assert!(
        fake.posted().is_empty(),
        "nothing leaves before the outbox runs"
    );

    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["sent"], 1, "{}", run.stdout);
    let posted = fake.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    let p = &posted[0];
    assert_eq!(
        (p.method.as_str(), p.path.as_str()),
        ("POST", "/api/v1/statuses")
    );
    assert_eq!(p.auth, format!("Bearer {TOKEN}"));
    assert_eq!(p.key, "k-1");
    assert_eq!(p.content_type, "application/x-www-form-urlencoded");
    assert_eq!(p.form["in_reply_to_id"], "109");
    assert_eq!(
        p.form["status"],
        "@anna@fans.example Yes, it fits: 29 x 2.25 max."
    );

    let messages = outbox(&dir);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["state"], "sent");
    assert_eq!(messages[0]["external_id"], "900001");
    assert_eq!(messages[0]["created_by"], "cli");
    // The credentials are nowhere in what Rapport shows.
    let shown = dir.run(&["outbox", "--json"]).stdout;
    assert!(!shown.contains(TOKEN));

    // A second run sends nothing; the same key again is the same reply.
    let again = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(again.json()["sent"], 0);
    let same = connected(
        &dir,
        &fake,
        None,
        &[
            "inbox",
            "reply",
            &toot.to_string(),
            "Yes, it fits: 29 x 2.25 max.",
            "--key",
            "k-1",
            "--json",
        ],
        None,
    );
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.json()["message"]["id"], messages[0]["id"]);
    assert_eq!(outbox(&dir).len(), 1);
    assert_eq!(fake.posted().len(), 1);

    // The shop's status pulled or imported later is the reply already
    // stored, not a second one.
    let status = json!({
        "id": "900001", "created_at": "2026-12-05T10:00:00.000Z", "in_reply_to_id": "109",
        "url": "https://shop.example/@trailshop/900001",
        "content": "<p>@anna@fans.example Yes, it fits: 29 x 2.25 max.</p>",
        "account": {"id": "1", "username": "trailshop", "acct": "trailshop", "url": "https://shop.example/@trailshop"}
    });
    let file = dir.write("status.json", &status.to_string());
    let imported = dir.run(&[
        "import",
        "mastodon",
        as_str(&file),
        "--brand",
        "mastodon:trailshop",
        "--json",
    ]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.json()["imported"], 0, "{}", imported.stdout);
    assert_eq!(imported.json()["duplicates"], 1, "{}", imported.stdout);
    // The thread holds the customer's words and one reply from the shop.
    let thread = dir
        .run(&["person", "mastodon:anna@fans.example", "--json"])
        .json();
    let history = thread["history"].as_array().expect("history");
    let shop: Vec<&Value> = history.iter().filter(|h| h["from_brand"] == true).collect();
    assert_eq!(shop.len(), 1, "{history:?}");
    assert_eq!(shop[0]["sent_by"], "cli");
    assert_eq!(shop[0]["delivery"], "sent");
}

#[test]
fn a_platform_refusal_is_kept_and_a_busy_platform_is_tried_again_later() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    replied(&dir, &fake, None, &[&toot.to_string(), "On its way!"]);
    fake.fail_next(503, r#"{"error":"Service unavailable"}"#);
    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["retrying"], 1, "{}", run.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "queued");
    assert_eq!(m["attempts"], 1);
    assert!(
        m["last_error"]
            .as_str()
            .expect("error")
            .contains("HTTP 503"),
        "{m}"
    );
    // Not due again before its backoff ends.
    let soon = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(soon.json()["sent"], 0);
    assert_eq!(fake.posted().len(), 1);
    // Later, a refusal is final and its words are kept.
    fake.fail_next(422, r#"{"error":"Validation failed: Status is too long"}"#);
    let later = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["failed"], 1, "{}", later.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "failed");
    assert_eq!(
        m["last_error"],
        "mastodon POST /api/v1/statuses: HTTP 422: Validation failed: Status is too long"
    );
    // A person sends it again; this time it goes.
    let id = m["id"].to_string();
    let retry = dir.run(&["outbox", "retry", &id]);
    assert_eq!(retry.code, 0, "{}", retry.stderr);
    let last = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(last.json()["sent"], 1, "{}", last.stdout);
    assert_eq!(outbox(&dir)[0]["state"], "sent");
    assert_eq!(fake.posted().len(), 3);
}

#[test]
fn a_sender_that_dies_mid_send_never_makes_a_second_toot() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    replied(
        &dir,
        &fake,
        None,
        &[&toot.to_string(), "Yes!", "--key", "crash-1"],
    );
    // The platform took it; the process dies before writing that down.
    let crashed = connected(&dir, &fake, None, &["outbox", "run"], Some("outbox-sent"));
    assert_ne!(crashed.code, 0, "the fault aborts the run");
    assert_eq!(fake.posted().len(), 1);
    assert_eq!(outbox(&dir)[0]["state"], "sending");
    // While the row is fresh, another run leaves it to its sender.
    let now = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(now.json()["sent"], 0);
    assert_eq!(fake.posted().len(), 1);
    // Past the stale limit it is sent again under the same key, which
    // Mastodon answers with the status it already made.
    let later = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["sent"], 1, "{}", later.stdout);
    let posted = fake.posted();
    assert_eq!(posted.len(), 2);
    assert!(posted.iter().all(|p| p.key == "crash-1"), "{posted:?}");
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "sent");
    assert_eq!(m["external_id"], "900001", "one status on the platform");
}

#[test]
fn mail_reaches_a_real_smtp_server_once_even_when_the_sender_dies() {
    let dir = Dir::new();
    let (_, mail) = shop(&dir);
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));
    // Stored, then the process that stored it is gone before sending: the
    // next run sends it, once.
    replied(
        &dir,
        &fake,
        Some(&smtp),
        &[
            &mail.to_string(),
            "Sie ist heute rausgegangen, entschuldigen Sie die Wartezeit.",
            "--key",
            "m1",
        ],
    );
    assert!(smtp.received().is_empty());
    let run = connected(&dir, &fake, Some(&smtp), &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["sent"], 1, "{} {}", run.stdout, run.stderr);
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert!(
        m.contains("To: ben@mail.example") || m.contains("To: <ben@mail.example>"),
        "{m}"
    );
    assert!(
        m.contains("From: Trailwerk <hello@trailwerk.example>"),
        "{m}"
    );
    assert!(
        m.contains("Message-ID: <rapport.m1@trailwerk.example>"),
        "{m}"
    );
    assert!(m.contains("In-Reply-To: <CAF1234@mail.example>"), "{m}");
    assert!(m.contains("References: <CAF1234@mail.example>"), "{m}");
    assert!(m.contains("Content-Language: de"), "{m}");
    assert_eq!(
        outbox(&dir)[0]["external_id"],
        "rapport.m1@trailwerk.example"
    );
    let again = connected(&dir, &fake, Some(&smtp), &["outbox", "run", "--json"], None);
    assert_eq!(again.json()["sent"], 0);
    assert_eq!(smtp.received().len(), 1);

    // A second reply whose sender dies after the server accepted it: SMTP
    // cannot tell a repeat, so it waits for a person instead of going twice.
    replied(
        &dir,
        &fake,
        Some(&smtp),
        &[
            &mail.to_string(),
            "PS: die Sendungsnummer folgt.",
            "--key",
            "m2",
        ],
    );
    let crashed = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run"],
        Some("outbox-sent"),
    );
    assert_ne!(crashed.code, 0);
    assert_eq!(smtp.received().len(), 2);
    let later = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["unsure"], 1, "{}", later.stdout);
    assert_eq!(smtp.received().len(), 2, "no second copy");
    let unsure = outbox(&dir)
        .into_iter()
        .find(|m| m["key"] == "m2")
        .expect("m2");
    assert_eq!(unsure["state"], "unsure");
    // The person decides it never arrived: cancelled, nothing more goes.
    let cancel = dir.run(&["outbox", "cancel", &unsure["id"].to_string()]);
    assert_eq!(cancel.code, 0, "{}", cancel.stderr);
    let last = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run", "--now", "2099-01-02T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(last.json()["sent"], 0);
    assert_eq!(smtp.received().len(), 2);
}

#[test]
fn a_reply_on_a_channel_not_connected_is_recorded_and_counts() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let before = answered(&dir);
    let r = dir.run(&[
        "inbox",
        "reply",
        &toot.to_string(),
        "Posted it by hand",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["message"]["state"], "recorded");
    assert!(answered(&dir) > before);
    // Posted by hand and imported later: the same message.
    let status = json!({
        "id": "777", "created_at": "2026-12-05T10:00:00.000Z", "in_reply_to_id": "109",
        "content": "<p>@anna@fans.example Posted it by hand</p>",
        "account": {"id": "1", "username": "trailshop", "acct": "trailshop", "url": "https://shop.example/@trailshop"}
    });
    let file = dir.write("status.json", &status.to_string());
    let imported = dir.run(&[
        "import",
        "mastodon",
        as_str(&file),
        "--brand",
        "mastodon:trailshop",
        "--json",
    ]);
    assert_eq!(imported.json()["duplicates"], 1, "{}", imported.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["external_id"], "777");
    assert_eq!(m["state"], "recorded");
    // A saved reply, filled in for the message, sent as it is.
    let (_, mail) = (toot, shop_mail(&dir));
    let templates = dir
        .run(&["inbox", "templates", &mail.to_string(), "--json"])
        .json();
    let sorry = templates
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["name"] == "sorry")
        .expect("a sorry reply");
    assert_eq!(sorry["language"], "de", "Ben wrote German: {templates}");
    assert!(
        sorry["text"]
            .as_str()
            .expect("text")
            .starts_with("Ben, tut uns leid. Wir bringen das in Ordnung"),
        "first name only, and no product named for someone who bought none: {sorry}"
    );
    let sent = dir.run(&[
        "inbox",
        "reply",
        &mail.to_string(),
        "--template",
        "sorry",
        "--json",
    ]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert_eq!(sent.json()["message"]["body"], sorry["text"]);
    assert_eq!(
        dir.run(&["inbox", "reply", &mail.to_string(), "--template", "nope"])
            .code,
        2
    );
    // Bad input: no such message, empty text, a bad key — exit 2.
    assert_eq!(dir.run(&["inbox", "reply", "999999", "Hi"]).code, 2);
    assert_eq!(
        dir.run(&["inbox", "reply", &toot.to_string(), "   "]).code,
        2
    );
    assert_eq!(
        dir.run(&["inbox", "reply", &toot.to_string(), "Hi", "--key", "a b"])
            .code,
        2
    );
    let bad = dir.run(&["outbox", "--state", "lost"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--state"), "{}", bad.stderr);
}

#[test]
fn nothing_is_sent_to_a_person_erased_before_the_outbox_ran() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    replied(&dir, &fake, None, &[&toot.to_string(), "Yes, Anna!"]);
    assert_eq!(outbox(&dir).len(), 1);
    let gone = dir.run(&["forget", "mastodon:anna@fans.example", "--yes"]);
    assert_eq!(gone.code, 0, "{}", gone.stderr);
    assert!(outbox(&dir).is_empty(), "their messages went with them");
    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["sent"], 0);
    assert!(fake.posted().is_empty());
}

/// Saved replies name what the person bought and what they asked about
/// when it is one of the shop's topics, and say nothing rather than a
/// filler word the message happens to stress.
#[test]
fn saved_replies_name_the_product_and_a_shop_topic_or_nothing() {
    let dir = Dir::new();
    let records = [
        json!({"channel":"email","external_id":"m1","kind":"message",
               "author":{"handle":"lena@example.de","display_name":"Lena Vogel 🚵","email":"lena@example.de"},
               "text":"Der Schotter 45 hat nach einer Woche schon ein Loch. Das ärgert mich.",
               "created_at":"2026-12-02T09:00:00Z"}),
        json!({"kind":"order","order_id":"O1","email":"lena@example.de","total":59.9,"currency":"EUR",
               "created_at":"2026-11-01T10:00:00Z",
               "items":[{"sku":"s","title":"Schotter 45","qty":1,"price":59.9}]}),
        json!({"channel":"instagram","external_id":"q1","kind":"comment",
               "author":{"handle":"tom.rides","display_name":"Tom"},
               "text":"Passen eure Reifen auch auf alte Felgen?",
               "created_at":"2026-12-02T10:00:00Z","post_id":"p1"}),
        json!({"channel":"instagram","external_id":"q2","kind":"comment",
               "author":{"handle":"mia.rides","display_name":"Mia"},
               "text":"What happened to my week, any news on that?",
               "created_at":"2026-12-02T11:00:00Z","post_id":"p1"}),
    ];
    let body: Vec<String> = records.iter().map(Value::to_string).collect();
    let file = dir.write("shop.jsonl", &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let inbox = dir.run(&["inbox", "--json"]).json();
    let id = |external: &str| -> String {
        let text = records
            .iter()
            .find(|r| r["external_id"] == external)
            .and_then(|r| r["text"].as_str())
            .expect("text");
        inbox
            .as_array()
            .expect("list")
            .iter()
            .find(|i| i["text"] == text)
            .and_then(|i| i["id"].as_i64())
            .unwrap_or_else(|| panic!("{external} is not in {inbox}"))
            .to_string()
    };
    let reply = |external: &str, name: &str| -> String {
        let all = dir.run(&["inbox", "templates", &id(external), "--json"]).json();
        all.as_array()
            .expect("list")
            .iter()
            .find(|t| t["name"] == name)
            .and_then(|t| t["text"].as_str())
            .unwrap_or_else(|| panic!("no {name} in {all}"))
            .to_string()
    };
    let sorry = reply("m1", "sorry");
    assert!(sorry.starts_with("Lena, das mit Schotter 45 tut uns leid."), "{sorry}");
    let answer = reply("q1", "answer");
    assert!(answer.starts_with("Hallo Tom, gute Frage zu Reifen!"), "{answer}");
    // "week" is no topic of the shop's, and Mia bought nothing.
    assert!(reply("q2", "answer").starts_with("Hi Mia, good question! "));
    assert!(reply("q2", "sorry").starts_with("Mia, we are sorry. We will make it right"));
}
}

/// A shop with three buyers: Lena (writes German, orders O1 on 1 Nov),
/// Tom (no messages, orders O2 on 3 Nov and O4 on 15 Nov), Mia (orders O5
/// on 2 Nov, praised the shop before and then complained, unanswered: no
/// detractor, her praise weighs as much); O3 is too old to ask about.
fn buyers(dir: &Dir) {
    let order = |id: &str, email: &str, at: &str, title: &str| {
        json!({"kind":"order","order_id":id,"email":email,"total":59.9,"currency":"EUR",
               "created_at":at,"items":[{"sku":"s","title":title,"qty":1,"price":59.9}]})
    };
    let records = [
        json!({"channel":"instagram","external_id":"lena-1","kind":"comment",
               "author":{"handle":"lena.faehrt","display_name":"Lena","email":"lena@example.de"},
               "text":"Die neuen Reifen sehen richtig gut aus, freue mich schon auf die Tour!",
               "created_at":"2026-10-28T12:00:00Z","post_id":"p1"}),
        order(
            "O1",
            "lena@example.de",
            "2026-11-01T10:00:00Z",
            "Schotter 45 Gravelreifen",
        ),
        order(
            "O2",
            "tom.baker@example.com",
            "2026-11-03T10:00:00Z",
            "Trail lamp 800",
        ),
        order("O3", "old@example.com", "2026-08-01T10:00:00Z", "Bell"),
        order(
            "O4",
            "tom.baker@example.com",
            "2026-11-15T10:00:00Z",
            "Saddle bag",
        ),
        json!({"channel":"instagram","external_id":"mia-0","kind":"comment",
               "author":{"handle":"mia.rides","display_name":"Mia","email":"mia@example.com"},
               "text":"Love the gravel tyres, thanks for the great advice!",
               "created_at":"2026-10-25T12:00:00Z","post_id":"p1"}),
        json!({"channel":"instagram","external_id":"mia-1","kind":"comment",
               "author":{"handle":"mia.rides","display_name":"Mia","email":"mia@example.com"},
               "text":"My order arrived broken and nobody answers, very disappointed",
               "created_at":"2026-11-10T12:00:00Z","post_id":"p1"}),
        order("O5", "mia@example.com", "2026-11-02T10:00:00Z", "Pump"),
    ];
    let body: Vec<String> = records.iter().map(Value::to_string).collect();
    let file = dir.write("buyers.jsonl", &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn run_at(dir: &Dir, fake: &Mastodon, smtp: &Smtp, now: &str) -> Value {
    let r = connected(
        dir,
        fake,
        Some(smtp),
        &[
            "--public-url",
            "https://shop.example",
            "outbox",
            "run",
            "--now",
            now,
            "--json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

/// The messages to `address`, their quoted-printable bodies decoded.
fn mails_to(smtp: &Smtp, address: &str) -> Vec<String> {
    smtp.received()
        .into_iter()
        .filter(|m| {
            m.lines()
                .any(|l| l.starts_with("To:") && l.contains(address))
        })
        .map(|m| unquote(&m))
        .collect()
}

/// A mail's subject as a reader sees it: RFC 2047 words (`=?utf-8?b?…?=`,
/// as the mail library writes a subject that is not ASCII) decoded.
fn subject(m: &str) -> String {
    use base64::Engine as _;
    let mut lines = m.lines().skip_while(|l| !l.starts_with("Subject:"));
    let mut raw = lines
        .next()
        .and_then(|l| l.strip_prefix("Subject:"))
        .unwrap_or_default()
        .to_string();
    for more in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        raw.push_str(more);
    }
    // Blanks between two encoded words are not the subject's.
    let mut out = String::new();
    let mut encoded_before = false;
    for w in raw.split_whitespace() {
        let decoded = w
            .strip_prefix("=?utf-8?b?")
            .or_else(|| w.strip_prefix("=?UTF-8?B?"))
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok());
        let joined = encoded_before && decoded.is_some();
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        encoded_before = decoded.is_some();
        match decoded {
            Some(b) => out.push_str(&String::from_utf8_lossy(&b)),
            None => out.push_str(w),
        }
    }
    out
}

/// Quoted-printable (soft line breaks, `=XX`) or base64 (as the mail
/// library sends a body mostly not ASCII, Thai) undone, as a reader sees
/// it.
fn unquote(m: &str) -> String {
    use base64::Engine as _;
    let split = m.find("\n\n").map_or(m.len(), |i| i + 2);
    let (head, body) = m.split_at(split);
    if head.contains("Content-Transfer-Encoding: base64") {
        let packed: String = body.split_whitespace().collect();
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(packed) {
            return format!("{head}{}", String::from_utf8_lossy(&bytes));
        }
    }
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    format!("{head}{}", String::from_utf8_lossy(&out))
}

rapport_store::both! {
#[test]
fn feedback_requests_and_one_reminder_go_once_each_within_the_courtesy_rules() {
    let dir = Dir::new();
    buyers(&dir);
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));

    // 20 Nov, 11:00 in Berlin: O1 and O2 are 14+ days old; O3 is too old,
    // O4 too new; Mia's waits while her complaint is unanswered.
    let first = run_at(&dir, &fake, &smtp, "2026-11-20T10:00:00Z");
    assert_eq!(first["queued"], 3, "{first}");
    assert_eq!(first["sent"], 2, "{first}");
    assert_eq!(first["waiting"], 1, "{first}");
    let lena = mails_to(&smtp, "lena@example.de");
    assert_eq!(lena.len(), 1);
    let m = &lena[0];
    assert!(m.contains("Content-Language: de"), "{m}");
    assert!(
        m.contains("Hallo Lena,"),
        "in her language, with her name: {m}"
    );
    assert!(m.contains("Schotter 45 Gravelreifen"), "{m}");
    assert!(
        m.contains("List-Unsubscribe: <https://shop.example/unsubscribe?a=lena%40example.de&t="),
        "{m}"
    );
    assert!(
        m.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{m}"
    );
    assert!(
        m.contains("https://shop.example/unsubscribe?a=lena%40example.de&t="),
        "the link is in the body too"
    );
    let tom = mails_to(&smtp, "tom.baker@example.com");
    assert_eq!(tom.len(), 1);
    assert!(
        tom[0].contains("Hi Tom,") && tom[0].contains("Trail lamp 800"),
        "{}",
        tom[0]
    );
    assert!(mails_to(&smtp, "old@example.com").is_empty());
    assert!(mails_to(&smtp, "mia@example.com").is_empty());
    let waiting = outbox(&dir)
        .into_iter()
        .find(|m| m["key"] == "feedback:O5")
        .expect("Mia's request");
    assert_eq!(waiting["state"], "queued");
    assert_eq!(
        waiting["last_error"],
        "waits until their complaint is answered"
    );

    // The same moment again sends nothing.
    let again = run_at(&dir, &fake, &smtp, "2026-11-20T10:00:00Z");
    assert_eq!(
        (again["queued"].as_u64(), again["sent"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    assert_eq!(smtp.received().len(), 2);

    // Mia's complaint is answered; her request goes on the next round.
    let inbox = dir.run(&["inbox", "--json"]).json();
    let complaint = inbox
        .as_array()
        .expect("list")
        .iter()
        .find(|i| i["external_id"] == "mia-1")
        .and_then(|i| i["id"].as_i64())
        .expect("Mia's complaint");
    let r = dir.run(&[
        "inbox",
        "reply",
        &complaint.to_string(),
        "So sorry, Mia, a new one is on its way.",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let third = run_at(&dir, &fake, &smtp, "2026-11-21T10:00:00Z");
    assert_eq!(third["sent"], 1, "{third}");
    assert_eq!(mails_to(&smtp, "mia@example.com").len(), 1);

    // Lena answers the request by mail; her reminder is never sent.
    let answer = json!({"channel":"email","external_id":"lena-answer@example.de","kind":"reply",
        "author":{"handle":"lena@example.de","email":"lena@example.de"},
        "text":"Alles super, danke!","created_at":"2026-11-22T08:00:00Z",
        "in_reply_to":"rapport.feedback-O1@trailwerk.example"});
    let file = dir.write("answer.jsonl", &answer.to_string());
    assert_eq!(dir.run(&["import", "jsonl", as_str(&file)]).code, 0);

    // 28 Nov: reminders are due (7 days), but Tom had mail on 20 Nov: at
    // most one message per person in 14 days holds his back, and O4's
    // request too.
    let early = run_at(&dir, &fake, &smtp, "2026-11-28T10:00:00Z");
    assert_eq!(early["sent"], 0, "{early}");
    assert_eq!(mails_to(&smtp, "tom.baker@example.com").len(), 1);
    let lena_reminder = outbox(&dir)
        .into_iter()
        .find(|m| m["key"] == "reminder:O1")
        .expect("Lena's reminder");
    assert_eq!(lena_reminder["state"], "cancelled");
    assert_eq!(
        lena_reminder["last_error"],
        "they wrote to the shop after the request"
    );

    // 4 Dec, 23:00 in Berlin: the cap has passed but it is night there.
    let night = run_at(&dir, &fake, &smtp, "2026-12-04T22:00:00Z");
    assert_eq!(night["sent"], 0, "{night}");
    assert_waits_for_quiet_hours(&dir, "reminder:O2");
    // 5 Dec, 10:00 there: one message goes to Tom, not two.
    let morning = run_at(&dir, &fake, &smtp, "2026-12-05T09:00:00Z");
    assert_eq!(morning["sent"], 1, "{morning}");
    let tom = mails_to(&smtp, "tom.baker@example.com");
    assert_eq!(tom.len(), 2, "one per 14 days");
    assert!(
        tom.iter().any(|m| m.contains("Saddle bag"))
            || tom.iter().any(|m| m.contains("one more time")),
        "{tom:?}"
    );
    // Lena got nothing more.
    assert_eq!(mails_to(&smtp, "lena@example.de").len(), 1);
}

#[test]
fn quiet_hours_and_the_digest_hour_follow_the_shops_time_zone() {
    let dir = Dir::new();
    buyers(&dir);
    dir.write(
        "rapport.toml",
        "timezone = \"Asia/Bangkok\"\n[outreach]\ndigest_to = [\"team@trailwerk.example\"]\n",
    );
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));
    // 20 Nov, 15:00 UTC is 22:00 in Bangkok: the requests wait for the
    // morning there, and the digest went out that morning (08:00 there
    // is 01:00 UTC), so it goes now, once.
    let night = run_at(&dir, &fake, &smtp, "2026-11-20T15:00:00Z");
    assert_eq!(night["queued"], 4, "three requests and the digest: {night}");
    assert_eq!(night["sent"], 1, "only the digest: {night}");
    assert_eq!(night["waiting"], 3, "{night}");
    assert_eq!(mails_to(&smtp, "team@trailwerk.example").len(), 1);
    assert_waits_for_quiet_hours(&dir, "feedback:O1");
    // 21 Nov, 00:30 UTC is 07:30 there: still quiet, and the day's digest
    // hour has not come.
    let dawn = run_at(&dir, &fake, &smtp, "2026-11-21T00:30:00Z");
    assert_eq!(dawn["sent"], 0, "{dawn}");
    // 01:30 UTC is 08:30 there: the requests and the new day's digest go
    // (in UTC it would still be night, and the digest's day the 20th).
    let morning = run_at(&dir, &fake, &smtp, "2026-11-21T01:30:00Z");
    assert_eq!(morning["sent"], 3, "{morning}");
    assert_eq!(mails_to(&smtp, "lena@example.de").len(), 1);
    assert_eq!(mails_to(&smtp, "team@trailwerk.example").len(), 2);

    // A fixed offset in the profile wins over the zone: at UTC+0, 15:00
    // is no quiet hour.
    let fixed = Dir::new();
    buyers(&fixed);
    fixed.write(
        "rapport.toml",
        "timezone = \"Asia/Bangkok\"\n[outreach]\nutc_offset_minutes = 0\n",
    );
    let smtp = Smtp::start(&fixed.path(""));
    let afternoon = run_at(&fixed, &fake, &smtp, "2026-11-20T15:00:00Z");
    assert_eq!(afternoon["sent"], 2, "{afternoon}");
}

#[test]
fn the_team_gets_one_digest_a_day_of_what_is_overdue() {
    let dir = Dir::new();
    buyers(&dir);
    dir.write(
        "rapport.toml",
        "[outreach]\ndigest_to = [\"team@trailwerk.example\"]\ndigest_hour = 8\nfeedback_after_days = 0\n",
    );
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));
    // 06:30 in Berlin: not yet.
    let early = run_at(&dir, &fake, &smtp, "2026-11-20T05:30:00Z");
    assert_eq!(early["sent"], 0, "{early}");
    let first = run_at(&dir, &fake, &smtp, "2026-11-20T08:00:00Z");
    assert_eq!(first["sent"], 1, "{first}");
    let digest = mails_to(&smtp, "team@trailwerk.example");
    assert_eq!(digest.len(), 1);
    let d = &digest[0];
    assert!(d.contains("overdue at Trailwerk"), "{d}");
    assert!(
        d.contains("Complaint on instagram: waiting"),
        "Mia's complaint is listed: {d}"
    );
    assert!(d.contains("https://shop.example/alerts"), "{d}");
    assert!(
        !d.contains("List-Unsubscribe"),
        "the team's own digest: {d}"
    );
    // Once a day.
    let again = run_at(&dir, &fake, &smtp, "2026-11-20T15:00:00Z");
    assert_eq!(again["sent"], 0, "{again}");
    let next = run_at(&dir, &fake, &smtp, "2026-11-21T09:00:00Z");
    assert_eq!(next["sent"], 1, "{next}");
    assert_eq!(mails_to(&smtp, "team@trailwerk.example").len(), 2);
    // No feedback requests: turned off in the profile.
    assert!(mails_to(&smtp, "lena@example.de").is_empty());
}

#[test]
fn a_user_who_asks_for_the_daily_mail_gets_it_and_one_who_does_not_does_not() {
    let dir = Dir::new();
    buyers(&dir);
    dir.write(
        "rapport.toml",
        "[outreach]\ndigest_hour = 8\nfeedback_after_days = 0\n",
    );
    for email in ["ana@trailwerk.example", "ben@trailwerk.example"] {
        let r = dir.run_with_stdin(
            &["user", "add", email, "--role", "agent", "--password-stdin"],
            Some("a long passphrase\n"),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = dir.run(&[
        "user",
        "set",
        "ana@trailwerk.example",
        "--digest",
        "on",
        "--language",
        "de",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("daily mail on"), "{}", r.stdout);
    let bad = dir.run(&["user", "set", "ana@trailwerk.example", "--digest", "maybe"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));
    let run = run_at(&dir, &fake, &smtp, "2026-11-20T08:00:00Z");
    assert_eq!(run["sent"], 1, "{run}");
    let ana = mails_to(&smtp, "ana@trailwerk.example");
    assert_eq!(ana.len(), 1);
    // Ana chose German for the dashboard: her mail is German too.
    assert!(
        ana[0].contains("Bei Trailwerk ist 1 Punkt überfällig"),
        "{}",
        ana[0]
    );
    assert!(mails_to(&smtp, "ben@trailwerk.example").is_empty());
    // Switched off: no more.
    let r = dir.run(&["user", "set", "ana@trailwerk.example", "--digest", "off"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let next = run_at(&dir, &fake, &smtp, "2026-11-21T09:00:00Z");
    assert_eq!(next["sent"], 0, "{next}");
}

#[test]
fn each_users_digest_is_written_in_the_language_they_chose_and_english_otherwise() {
    let dir = Dir::new();
    buyers(&dir);
    dir.write(
        "rapport.toml",
        "[outreach]\ndigest_to = [\"team@trailwerk.example\"]\ndigest_hour = 8\nfeedback_after_days = 0\n",
    );
    for (email, language) in [
        ("ana@trailwerk.example", "de"),
        ("som@trailwerk.example", "th"),
    ] {
        let r = dir.run_with_stdin(
            &["user", "add", email, "--role", "agent", "--password-stdin"],
            Some("a long passphrase\n"),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let r = dir.run(&[
            "user",
            "set",
            email,
            "--digest",
            "on",
            "--language",
            language,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir.path(""));
    let run = run_at(&dir, &fake, &smtp, "2026-11-20T08:00:00Z");
    assert_eq!(run["sent"], 3, "{run}");

    let ana = mails_to(&smtp, "ana@trailwerk.example");
    assert_eq!(ana.len(), 1);
    let (de, de_subject) = (&ana[0], subject(&ana[0]));
    assert_eq!(de_subject, "Trailwerk: 1 überfällig", "{de}");
    assert!(de.contains("Bei Trailwerk ist 1 Punkt überfällig:"), "{de}");
    assert!(
        de.contains("- unbeantwortet · Mia: Beschwerde auf instagram: Wartezeit"),
        "Mia's complaint, in German: {de}"
    );
    assert!(
        de.contains("Die ganze Liste: https://shop.example/alerts"),
        "{de}"
    );
    let body = de.split_once("\n\n").map_or("", |(_, b)| b);
    for english in [
        "overdue",
        "things are",
        "whole list",
        "Complaint",
        "waiting",
        "target",
    ] {
        assert!(!body.contains(english), "{english:?} left in {de}");
    }

    let som = mails_to(&smtp, "som@trailwerk.example");
    assert_eq!(som.len(), 1);
    let th = &som[0];
    assert_eq!(subject(th), "Trailwerk: เกินกำหนด 1 รายการ", "{th}");
    assert!(th.contains("มี 1 รายการที่เกินกำหนดที่ Trailwerk:"), "{th}");
    assert!(
        th.contains("ดูรายการทั้งหมด: https://shop.example/alerts"),
        "{th}"
    );

    // No user by that address: English, as before.
    let team = mails_to(&smtp, "team@trailwerk.example");
    assert_eq!(team.len(), 1);
    assert_eq!(subject(&team[0]), "Trailwerk: 1 overdue");
    assert!(
        team[0].contains("1 things are overdue at Trailwerk:"),
        "{}",
        team[0]
    );
    assert!(
        team[0].contains("- unanswered · Mia: Complaint on instagram: waiting"),
        "{}",
        team[0]
    );
}
}
