//! The team's side of the store — users, sessions, API tokens, inbox
//! item state — and the logs kept beside it (audit, touches, alert
//! decisions), each test on SQLite and PostgreSQL.

use rapport_core::{InteractionId, PersonId};
use rapport_store::moments::{AlertDecisionRow, Decision};
use rapport_store::{
    per_backend, AuditAction, InboxAction, NewAudit, NewSession, Role, StoreError,
};

per_backend! {
/// Emails are one user whatever their case; a second user with the
/// same email is refused; the last admin cannot be removed, and
/// removing a user takes their tokens and sessions and unassigns what
/// was theirs.
fn users_are_unique_by_email_and_the_last_admin_stays(db) {
    let store = db.open().expect("open");
    let admin = store
        .create_user("Ana@Example.org ", Role::Admin, "hash-a", 10)
        .expect("admin");
    assert_eq!(admin.email, "ana@example.org");
    assert!(matches!(
        store.create_user("ANA@example.org", Role::Viewer, "x", 11),
        Err(StoreError::UserExists(_))
    ));
    let ben = store
        .create_user("ben@example.org", Role::Agent, "hash-b", 12)
        .expect("ben");
    assert_eq!(
        store.user_by_email("BEN@example.org").expect("find"),
        Some(ben.clone())
    );
    let emails: Vec<String> = store.users().expect("users").into_iter().map(|u| u.email).collect();
    assert_eq!(emails, ["ana@example.org", "ben@example.org"]);
    assert!(store.set_user_settings(ben.id, Some("de"), true).expect("settings"));
    let ben = store.user_by_email("ben@example.org").expect("find").expect("ben");
    assert_eq!((ben.language.as_deref(), ben.digest), (Some("de"), true));

    store
        .apply_inbox_action(InteractionId(5), &InboxAction::Assign(Some(ben.email.clone())), "ana", 20)
        .expect("assign");
    store
        .create_api_token(ben.id, "token-b", "rp_b", 20, None)
        .expect("token");
    store
        .create_session(&NewSession {
            token_hash: "session-b".into(),
            user: ben.id,
            csrf: "c".into(),
            created_at: 20,
            expires_at: 1_000,
        })
        .expect("session");
    assert!(matches!(
        store.remove_user("ana@example.org"),
        Err(StoreError::Refused(_))
    ));
    let removed = store.remove_user("ben@example.org").expect("remove").expect("ben");
    assert_eq!((removed.tokens, removed.sessions, removed.unassigned), (1, 1, 1));
    assert_eq!(store.session("session-b", 30).expect("session"), None);
    assert_eq!(store.user_by_api_token("token-b", 30).expect("token"), None);
    let state = store.inbox_state(InteractionId(5)).expect("state").expect("kept");
    assert_eq!(state.assigned_to, None);
    assert_eq!(store.remove_user("nobody@example.org").expect("remove"), None);
}

/// A session is void from its expiry on, and logging in sweeps the
/// expired ones; a token is refused from its expiry on, notes its use,
/// and can be revoked.
fn sessions_and_tokens_expire_and_tokens_note_their_use(db) {
    let store = db.open().expect("open");
    let ana = store.create_user("ana@example.org", Role::Agent, "h", 0).expect("ana");
    let session = |hash: &str, at: i64, until: i64| NewSession {
        token_hash: hash.into(),
        user: ana.id,
        csrf: format!("csrf-{hash}"),
        created_at: at,
        expires_at: until,
    };
    store.create_session(&session("s1", 0, 100)).expect("s1");
    let live = store.session("s1", 99).expect("read").expect("live");
    assert_eq!((live.user.id, live.csrf.as_str(), live.expires_at), (ana.id, "csrf-s1", 100));
    assert_eq!(store.session("s1", 100).expect("read"), None, "void at its expiry");
    store.delete_session("s1").expect("logout");
    assert_eq!(store.session("s1", 50).expect("read"), None);

    let token = store
        .create_api_token(ana.id, "t1", "rp_1", 1_000, Some(5_000))
        .expect("token");
    assert_eq!((token.user_email.as_str(), token.last_used_at), ("ana@example.org", None));
    let user = store.user_by_api_token("t1", 2_000).expect("use").expect("ana");
    assert_eq!(user.id, ana.id);
    let listed = store.api_tokens().expect("tokens");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, Some(2_000), "the use is noted");
    assert_eq!(store.user_by_api_token("t1", 5_000).expect("use"), None, "expired");
    assert!(store.revoke_api_token(token.id).expect("revoke"));
    assert!(!store.revoke_api_token(token.id).expect("again"));
    store.create_api_token(ana.id, "t2", "rp_2", 1, None).expect("t2");
    store.create_api_token(ana.id, "t3", "rp_3", 1, None).expect("t3");
    assert_eq!(store.revoke_api_tokens_of(ana.id).expect("revoke all"), 2);
    assert!(store.api_tokens().expect("tokens").is_empty());
}

/// Each action on an inbox item changes only what it names; notes pile
/// up in order, and a note alone makes the item appear with state.
fn inbox_actions_keep_each_part_of_an_items_state(db) {
    let store = db.open().expect("open");
    let id = InteractionId(7);
    assert_eq!(store.inbox_state(id).expect("state"), None);
    let s = store
        .apply_inbox_action(id, &InboxAction::Reply("Thanks!".into()), "ana", 10)
        .expect("reply");
    assert_eq!(
        (s.reply_text.as_deref(), s.replied_at, s.replied_by.as_deref()),
        (Some("Thanks!"), Some(10), Some("ana"))
    );
    store.apply_inbox_action(id, &InboxAction::Snooze(99), "ben", 11).expect("snooze");
    let s = store.apply_inbox_action(id, &InboxAction::Handled, "ben", 12).expect("handled");
    assert_eq!((s.handled_at, s.snoozed_until, s.replied_at), (Some(12), Some(99), Some(10)));
    let s = store.apply_inbox_action(id, &InboxAction::Reopen, "ana", 13).expect("reopen");
    assert_eq!((s.handled_at, s.snoozed_until, s.reply_text.as_deref()), (None, None, Some("Thanks!")));
    store.apply_inbox_action(id, &InboxAction::Note("first".into()), "ana", 14).expect("note");
    let s = store.apply_inbox_action(id, &InboxAction::Note("second".into()), "ben", 15).expect("note");
    let notes: Vec<&str> = s.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notes, ["first", "second"]);
    let other = InteractionId(8);
    store.apply_inbox_action(other, &InboxAction::Note("only a note".into()), "ana", 16).expect("note");
    let all = store.inbox_states().expect("states");
    let ids: Vec<i64> = all.iter().map(|s| s.interaction.0).collect();
    assert_eq!(ids, [7, 8]);
    assert_eq!(all[1].notes[0].text, "only a note");
}

/// The audit log pages newest first with the total, and lists what it
/// holds about one target oldest first.
fn the_audit_log_pages_newest_first_and_finds_a_target(db) {
    let store = db.open().expect("open");
    let entry = |at: i64, action: AuditAction, target: &str| NewAudit {
        at,
        actor: "ana@example.org".into(),
        action,
        target: target.into(),
        detail: format!("at {at}"),
    };
    store.record_audit(&entry(1, AuditAction::PersonView, "person:1")).expect("1");
    store.record_audit(&entry(2, AuditAction::PersonExport, "person:2")).expect("2");
    store.record_audit(&entry(3, AuditAction::PersonView, "person:1")).expect("3");
    store.flush_audit().expect("flush");
    let (page, total) = store.audit_page(0, 2).expect("page");
    assert_eq!(total, 3);
    let at: Vec<i64> = page.iter().map(|r| r.at.0).collect();
    assert_eq!(at, [3, 2]);
    assert_eq!(page[1].action, AuditAction::PersonExport);
    let (rest, _) = store.audit_page(2, 2).expect("page 2");
    assert_eq!(rest.len(), 1);
    let about: Vec<String> = store.audit_about("person:1").expect("about").into_iter().map(|r| r.detail).collect();
    assert_eq!(about, ["at 1", "at 3"]);
}

/// Touches are listed oldest first, and a person no merge took is who
/// they are today; a decision about an alert replaces the one before
/// about the same kind and person.
fn touches_and_alert_decisions_read_back(db) {
    let store = db.open().expect("open");
    let first = store.add_touch(PersonId(3), "gift", "a sample", 20, Some("ana")).expect("touch");
    let second = store.add_touch(PersonId(4), "ask", "a review", 10, None).expect("touch");
    store.add_touch(PersonId(3), "help", "sizing", 30, None).expect("touch");
    let all: Vec<(i64, i64)> = store.touches().expect("touches").iter().map(|t| (t.id, t.at)).collect();
    assert_eq!(all[..2], [(second, 10), (first, 20)]);
    let mine: Vec<String> = store.touches_of(PersonId(3)).expect("of").into_iter().map(|t| t.kind).collect();
    assert_eq!(mine, ["gift", "help"]);
    assert_eq!(store.current_person(PersonId(3)).expect("current"), PersonId(3));
    assert!(store.merged_people().expect("merged").is_empty());

    let decision = |d: Decision, cause: &str| AlertDecisionRow {
        kind: "falling".into(),
        person: PersonId(3),
        decision: d,
        cause: cause.into(),
        reason: Some("on holiday".into()),
        actor: "ana".into(),
        at: 40,
    };
    store.decide_alert(&decision(Decision::Snoozed(99), "fell 1")).expect("snooze");
    store.decide_alert(&decision(Decision::Dismissed, "fell 2")).expect("dismiss");
    let stored = store.alert_decisions().expect("decisions");
    assert_eq!(stored, [decision(Decision::Dismissed, "fell 2")]);
}
}
