//! Users, sessions, API tokens and inbox item state (schema migration 4;
//! the rules live in [`crate::team`]).

use crate::sql::{args, Db, DbExt, Row};
use crate::team::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, NoteRow, RemovedUser, Role, SessionRow,
    UserId, UserRow,
};
use crate::StoreError;
use rapport_core::InteractionId;
use std::collections::HashMap;

/// How many columns a user takes in a query (`u.id` to `u.digest`): the
/// query's own columns follow.
const USER_WIDTH: usize = 7;

/// A user from the columns `u.id, u.email, u.role, u.password_hash,
/// u.created_at, u.language, u.digest`.
fn user(r: &dyn Row) -> Result<UserRow, StoreError> {
    let role = r.text(2)?;
    Ok(UserRow {
        id: UserId(r.get(0)?),
        email: r.get(1)?,
        role: Role::parse(role).ok_or_else(|| StoreError::Corrupt {
            table: "app_user",
            column: "role",
            reason: format!("unknown role {role:?}"),
        })?,
        password_hash: r.get(3)?,
        created_at: r.get(4)?,
        language: r.get(5)?,
        digest: r.get(6)?,
    })
}

/// Sets `user`'s own settings: the dashboard's language (none: the
/// browser's) and the daily digest. False when there is no such user.
pub fn set_user_settings(
    db: &dyn Db,
    user: i64,
    language: Option<&str>,
    digest: bool,
) -> Result<bool, StoreError> {
    Ok(db.execute(
        "UPDATE app_user SET language = ?2, digest = ?3 WHERE id = ?1",
        args![user, language, digest],
    )? == 1)
}

/// Adds a user; an address already taken is [`StoreError::UserExists`].
pub fn create_user(
    db: &dyn Db,
    email: &str,
    role: Role,
    password_hash: &str,
    at: i64,
) -> Result<UserRow, StoreError> {
    let email = email.trim().to_lowercase();
    let Some(id) = db.scalar_opt::<i64>(
        "INSERT INTO app_user (email, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING RETURNING id",
        args![email, role.as_str(), password_hash, at],
    )?
    else {
        return Err(StoreError::UserExists(email));
    };
    Ok(UserRow {
        id: UserId(id),
        email,
        role,
        password_hash: password_hash.to_string(),
        created_at: at,
        language: None,
        digest: false,
    })
}

/// The user with the address `email` (any case, spaces around ignored).
pub fn user_by_email(db: &dyn Db, email: &str) -> Result<Option<UserRow>, StoreError> {
    db.opt(
        "SELECT u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest
         FROM app_user u WHERE u.email = ?1",
        args![email.trim().to_lowercase()],
        user,
    )
}

/// Every user, by address.
pub fn users(db: &dyn Db) -> Result<Vec<UserRow>, StoreError> {
    db.rows(
        "SELECT u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest
         FROM app_user u ORDER BY u.email",
        args![],
        user,
    )
}

/// Opens a session (and sweeps the expired ones).
pub fn create_session(db: &dyn Db, s: &NewSession) -> Result<(), StoreError> {
    // Expired sessions are swept whenever someone logs in.
    db.execute(
        "DELETE FROM session WHERE expires_at <= ?1",
        args![s.created_at],
    )?;
    db.execute(
        "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        args![s.token_hash, s.user.0, s.csrf, s.created_at, s.expires_at],
    )?;
    Ok(())
}

/// The unexpired session of `token_hash` at `now`, with its user.
pub fn session(db: &dyn Db, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
    db.opt(
        "SELECT u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest,
                s.csrf, s.expires_at
         FROM session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        args![token_hash, now],
        |r| {
            Ok(SessionRow {
                user: user(r)?,
                csrf: r.get(USER_WIDTH)?,
                expires_at: r.get(USER_WIDTH + 1)?,
            })
        },
    )
}

/// Ends a session.
pub fn delete_session(db: &dyn Db, token_hash: &str) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM session WHERE token_hash = ?1",
        args![token_hash],
    )?;
    Ok(())
}

/// Stores a new API token of `user`.
pub fn create_api_token(
    db: &dyn Db,
    user: UserId,
    token_hash: &str,
    prefix: &str,
    at: i64,
    expires_at: Option<i64>,
) -> Result<ApiTokenRow, StoreError> {
    let id: i64 = db.scalar(
        "INSERT INTO api_token (token_hash, user_id, prefix, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        args![token_hash, user.0, prefix, at, expires_at],
    )?;
    let email: String = db.scalar("SELECT email FROM app_user WHERE id = ?1", args![user.0])?;
    Ok(ApiTokenRow {
        id,
        user_email: email,
        prefix: prefix.to_string(),
        created_at: at,
        last_used_at: None,
        expires_at,
    })
}

/// The user of an unexpired token, with the token's id and when it was
/// last used.
pub fn api_token_user(
    db: &dyn Db,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserRow, i64, Option<i64>)>, StoreError> {
    db.opt(
        "SELECT u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest,
                t.id, t.last_used_at
         FROM api_token t JOIN app_user u ON u.id = t.user_id
         WHERE t.token_hash = ?1 AND (t.expires_at IS NULL OR t.expires_at > ?2)",
        args![token_hash, now],
        |r| Ok((user(r)?, r.get(USER_WIDTH)?, r.get(USER_WIDTH + 1)?)),
    )
}

/// A user's latest look at the inbox and the visit before the current one.
type Looks = (Option<i64>, Option<i64>);

/// `user`'s [`Looks`] (none: no such user).
fn looks(db: &dyn Db, user: i64) -> Result<Option<Looks>, StoreError> {
    db.opt(
        "SELECT inbox_seen_at, inbox_seen_before FROM app_user WHERE id = ?1",
        args![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// `user`'s visit before the current one, when a look at `now` needs no
/// write: the latest look stored is less than [`crate::team::LOOK_GRAIN`]
/// old, so the look changes neither visit (`None`: it needs the write of
/// [`inbox_visit`]). Every write moves the store's version and so
/// empties the engine's memory of views: a dashboard reloaded by many
/// tabs must not write on every look.
pub fn quiet_visit(db: &dyn Db, user: i64, now: i64) -> Result<Option<Option<i64>>, StoreError> {
    let Some((at, before)) = looks(db, user)? else {
        return Ok(None);
    };
    Ok(match at {
        Some(at) if (0..crate::team::LOOK_GRAIN).contains(&(now - at)) => Some(before),
        _ => None,
    })
}

/// `user` looks at the inbox at `now` (see [`crate::team::visit_before`]).
/// Returns when the visit before this one was (none: this is their
/// first).
///
/// Read, then written: the writers take turns on both stores (SQLite's
/// one writer, PostgreSQL's writer lock), so no other visit comes
/// between the two.
pub fn inbox_visit(db: &dyn Db, user: i64, now: i64) -> Result<Option<i64>, StoreError> {
    let Some((at, before)) = looks(db, user)? else {
        return Ok(None);
    };
    let before = crate::team::visit_before(at, before, now);
    db.execute(
        "UPDATE app_user SET inbox_seen_at = CASE
                 WHEN inbox_seen_at IS NULL OR inbox_seen_at < ?1 THEN ?1 ELSE inbox_seen_at END,
             inbox_seen_before = ?2 WHERE id = ?3",
        args![now, before, user],
    )?;
    Ok(before)
}

/// When `user`'s visit before the current one was, without counting a
/// new look.
pub fn last_visit(db: &dyn Db, user: i64) -> Result<Option<i64>, StoreError> {
    Ok(db
        .scalar_opt::<Option<i64>>(
            "SELECT inbox_seen_before FROM app_user WHERE id = ?1",
            args![user],
        )?
        .flatten())
}

/// Notes that token `id` was used at `now`.
pub fn mark_token_used(db: &dyn Db, id: i64, now: i64) -> Result<(), StoreError> {
    db.execute(
        "UPDATE api_token SET last_used_at = ?1 WHERE id = ?2",
        args![now, id],
    )?;
    Ok(())
}

/// Every API token, oldest first.
pub fn api_tokens(db: &dyn Db) -> Result<Vec<ApiTokenRow>, StoreError> {
    db.rows(
        "SELECT t.id, u.email, t.prefix, t.created_at, t.last_used_at, t.expires_at
         FROM api_token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id",
        args![],
        |r| {
            Ok(ApiTokenRow {
                id: r.get(0)?,
                user_email: r.get(1)?,
                prefix: r.get(2)?,
                created_at: r.get(3)?,
                last_used_at: r.get(4)?,
                expires_at: r.get(5)?,
            })
        },
    )
}

/// Revokes token `id`; false when there was none.
pub fn revoke_api_token(db: &dyn Db, id: i64) -> Result<bool, StoreError> {
    Ok(db.execute("DELETE FROM api_token WHERE id = ?1", args![id])? > 0)
}

/// Revokes every token of `user`; returns how many there were.
pub fn revoke_api_tokens_of(db: &dyn Db, user: UserId) -> Result<u64, StoreError> {
    Ok(db.execute("DELETE FROM api_token WHERE user_id = ?1", args![user.0])? as u64)
}

/// Removes a user with their tokens and sessions, and unassigns what was
/// theirs; `None` when there is no such user. The last admin stays: a
/// team without one could add no users again from the dashboard.
pub fn remove_user(db: &dyn Db, email: &str) -> Result<Option<RemovedUser>, StoreError> {
    let Some(user) = user_by_email(db, email)? else {
        return Ok(None);
    };
    if user.role == Role::Admin {
        let admins: i64 = db.scalar(
            "SELECT count(*) FROM app_user WHERE role = 'admin'",
            args![],
        )?;
        if admins <= 1 {
            return Err(StoreError::Refused(format!(
                "{} is the last admin: add another admin before removing them",
                user.email
            )));
        }
    }
    let tokens = revoke_api_tokens_of(db, user.id)?;
    let sessions = db.execute("DELETE FROM session WHERE user_id = ?1", args![user.id.0])? as u64;
    let unassigned = db.execute(
        "UPDATE inbox_state SET assigned_to = NULL WHERE assigned_to = ?1",
        args![user.email],
    )? as u64;
    db.execute("DELETE FROM app_user WHERE id = ?1", args![user.id.0])?;
    Ok(Some(RemovedUser {
        user,
        tokens,
        sessions,
        unassigned,
    }))
}

/// An item's state from `interaction_id, reply_text, replied_at,
/// replied_by, handled_at, handled_by, assigned_to, snoozed_until`.
fn state(r: &dyn Row) -> Result<InboxStateRow, StoreError> {
    Ok(InboxStateRow {
        interaction: InteractionId(r.get(0)?),
        reply_text: r.get(1)?,
        replied_at: r.get(2)?,
        replied_by: r.get(3)?,
        handled_at: r.get(4)?,
        handled_by: r.get(5)?,
        assigned_to: r.get(6)?,
        snoozed_until: r.get(7)?,
        notes: Vec::new(),
    })
}

/// A note from `interaction_id, author, text, created_at`.
fn note(r: &dyn Row) -> Result<(i64, NoteRow), StoreError> {
    Ok((
        r.get(0)?,
        NoteRow {
            author: r.get(1)?,
            text: r.get(2)?,
            created_at: r.get(3)?,
        },
    ))
}

/// Every item the team has touched, with its notes.
pub fn inbox_states(db: &dyn Db) -> Result<Vec<InboxStateRow>, StoreError> {
    let mut notes: HashMap<i64, Vec<NoteRow>> = HashMap::new();
    db.each(
        "SELECT interaction_id, author, text, created_at FROM inbox_note ORDER BY id",
        args![],
        |r| {
            let (id, n) = note(r)?;
            notes.entry(id).or_default().push(n);
            Ok(())
        },
    )?;
    let mut out = db.rows(
        "SELECT interaction_id, reply_text, replied_at, replied_by, handled_at,
                handled_by, assigned_to, snoozed_until
         FROM inbox_state ORDER BY interaction_id",
        args![],
        state,
    )?;
    for s in &mut out {
        s.notes = notes.remove(&s.interaction.0).unwrap_or_default();
    }
    // A note alone creates no state row; list those items too.
    for (id, n) in notes {
        let mut s = InboxStateRow::new(InteractionId(id));
        s.notes = n;
        out.push(s);
    }
    Ok(out)
}

/// One item's state with its notes; `None` when the team has not
/// touched it.
pub fn inbox_state(db: &dyn Db, id: InteractionId) -> Result<Option<InboxStateRow>, StoreError> {
    let mut found = db.opt(
        "SELECT interaction_id, reply_text, replied_at, replied_by, handled_at,
                handled_by, assigned_to, snoozed_until
         FROM inbox_state WHERE interaction_id = ?1",
        args![id.0],
        state,
    )?;
    let notes: Vec<NoteRow> = db.rows(
        "SELECT interaction_id, author, text, created_at FROM inbox_note
         WHERE interaction_id = ?1 ORDER BY id",
        args![id.0],
        |r| Ok(note(r)?.1),
    )?;
    if found.is_none() && !notes.is_empty() {
        found = Some(InboxStateRow::new(id));
    }
    if let Some(s) = &mut found {
        s.notes = notes;
    }
    Ok(found)
}

/// Applies what `actor` did to item `id` at `at`.
pub fn apply_inbox_action(
    db: &dyn Db,
    id: InteractionId,
    action: &InboxAction,
    actor: &str,
    at: i64,
) -> Result<(), StoreError> {
    if let InboxAction::Note(text) = action {
        db.execute(
            "INSERT INTO inbox_note (interaction_id, author, text, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            args![id.0, actor, text, at],
        )?;
        return Ok(());
    }
    db.execute(
        "INSERT INTO inbox_state (interaction_id) VALUES (?1) ON CONFLICT DO NOTHING",
        args![id.0],
    )?;
    match action {
        InboxAction::Reply(text) => db.execute(
            "UPDATE inbox_state SET reply_text = ?2, replied_at = ?3, replied_by = ?4
             WHERE interaction_id = ?1",
            args![id.0, text, at, actor],
        )?,
        InboxAction::Handled => db.execute(
            "UPDATE inbox_state SET handled_at = ?2, handled_by = ?3 WHERE interaction_id = ?1",
            args![id.0, at, actor],
        )?,
        InboxAction::Assign(to) => db.execute(
            "UPDATE inbox_state SET assigned_to = ?2 WHERE interaction_id = ?1",
            args![id.0, to],
        )?,
        InboxAction::Snooze(until) => db.execute(
            "UPDATE inbox_state SET snoozed_until = ?2 WHERE interaction_id = ?1",
            args![id.0, until],
        )?,
        InboxAction::Reopen => db.execute(
            "UPDATE inbox_state SET handled_at = NULL, handled_by = NULL, snoozed_until = NULL
             WHERE interaction_id = ?1",
            args![id.0],
        )?,
        InboxAction::Note(_) => 0,
    };
    Ok(())
}
