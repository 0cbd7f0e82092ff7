//! Users, sessions, API tokens and inbox item state (schema migration 4).

use crate::team::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, NoteRow, RemovedUser, Role, SessionRow,
    UserId, UserRow,
};
use crate::StoreError;
use rapport_core::InteractionId;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use std::collections::HashMap;

const USER_COLUMNS: &str =
    "u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest";
/// How many columns [`USER_COLUMNS`] holds: a query's own columns follow.
const USER_WIDTH: usize = 7;

fn user(r: &Row<'_>) -> rusqlite::Result<(UserRow, String)> {
    Ok((
        UserRow {
            id: UserId(r.get(0)?),
            email: r.get(1)?,
            role: Role::Viewer,
            password_hash: r.get(3)?,
            created_at: r.get(4)?,
            language: r.get(5)?,
            digest: r.get(6)?,
        },
        r.get(2)?,
    ))
}

/// Sets `user`'s own settings: the dashboard's language (none: the
/// browser's) and the daily digest. False when there is no such user.
pub fn set_user_settings(
    conn: &Connection,
    user: i64,
    language: Option<&str>,
    digest: bool,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("UPDATE app_user SET language = ?2, digest = ?3 WHERE id = ?1")?
        .execute(params![user, language, digest])?
        == 1)
}

fn with_role((mut row, role): (UserRow, String)) -> Result<UserRow, StoreError> {
    row.role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        table: "app_user",
        column: "role",
        reason: format!("unknown role {role:?}"),
    })?;
    Ok(row)
}

pub fn create_user(
    conn: &Connection,
    email: &str,
    role: Role,
    password_hash: &str,
    at: i64,
) -> Result<UserRow, StoreError> {
    let email = email.trim().to_lowercase();
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO app_user (email, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![email, role.as_str(), password_hash, at])?;
    if n == 0 {
        return Err(StoreError::UserExists(email));
    }
    Ok(UserRow {
        id: UserId(conn.last_insert_rowid()),
        email,
        role,
        password_hash: password_hash.to_string(),
        created_at: at,
        language: None,
        digest: false,
    })
}

pub fn user_by_email(conn: &Connection, email: &str) -> Result<Option<UserRow>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM app_user u WHERE u.email = ?1"
    ))?
    .query_row([email.trim().to_lowercase()], user)
    .optional()?
    .map(with_role)
    .transpose()
}

pub fn users(conn: &Connection) -> Result<Vec<UserRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM app_user u ORDER BY u.email"
    ))?;
    let rows = stmt.query_map([], user)?;
    rows.map(|r| with_role(r?)).collect()
}

pub fn create_session(conn: &Connection, s: &NewSession) -> Result<(), StoreError> {
    // Expired sessions are swept whenever someone logs in.
    conn.prepare_cached("DELETE FROM session WHERE expires_at <= ?1")?
        .execute([s.created_at])?;
    conn.prepare_cached(
        "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        s.token_hash,
        s.user.0,
        s.csrf,
        s.created_at,
        s.expires_at
    ])?;
    Ok(())
}

pub fn session(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionRow>, StoreError> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.expires_at
             FROM session s JOIN app_user u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2"
        ))?
        .query_row(params![token_hash, now], |r| {
            Ok((
                user(r)?,
                r.get::<_, String>(USER_WIDTH)?,
                r.get::<_, i64>(USER_WIDTH + 1)?,
            ))
        })
        .optional()?;
    found
        .map(|(u, csrf, expires_at)| {
            Ok(SessionRow {
                user: with_role(u)?,
                csrf,
                expires_at,
            })
        })
        .transpose()
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM session WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(())
}

pub fn create_api_token(
    conn: &Connection,
    user: UserId,
    token_hash: &str,
    prefix: &str,
    at: i64,
    expires_at: Option<i64>,
) -> Result<ApiTokenRow, StoreError> {
    conn.prepare_cached(
        "INSERT INTO api_token (token_hash, user_id, prefix, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![token_hash, user.0, prefix, at, expires_at])?;
    let id = conn.last_insert_rowid();
    let email: String =
        conn.query_row("SELECT email FROM app_user WHERE id = ?1", [user.0], |r| {
            r.get(0)
        })?;
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
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserRow, i64, Option<i64>)>, StoreError> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS}, t.id, t.last_used_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE t.token_hash = ?1 AND (t.expires_at IS NULL OR t.expires_at > ?2)"
        ))?
        .query_row(params![token_hash, now], |r| {
            Ok((
                user(r)?,
                r.get::<_, i64>(USER_WIDTH)?,
                r.get::<_, Option<i64>>(USER_WIDTH + 1)?,
            ))
        })
        .optional()?;
    match found {
        Some((u, id, last_used)) => Ok(Some((with_role(u)?, id, last_used))),
        None => Ok(None),
    }
}

/// `user` looks at the inbox at `now` (see [`crate::team::visit_before`]).
/// Returns when the visit before this one was (none: this is their
/// first).
pub fn inbox_visit(conn: &Connection, user: i64, now: i64) -> Result<Option<i64>, StoreError> {
    let seen: Option<(Option<i64>, Option<i64>)> = conn
        .prepare_cached("SELECT inbox_seen_at, inbox_seen_before FROM app_user WHERE id = ?1")?
        .query_row([user], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((at, before)) = seen else {
        return Ok(None);
    };
    let before = crate::team::visit_before(at, before, now);
    conn.prepare_cached(
        "UPDATE app_user SET inbox_seen_at = max(coalesce(inbox_seen_at, ?1), ?1),
                             inbox_seen_before = ?2 WHERE id = ?3",
    )?
    .execute(params![now, before, user])?;
    Ok(before)
}

/// When `user`'s visit before the current one was, without counting a
/// new look.
pub fn last_visit(conn: &Connection, user: i64) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT inbox_seen_before FROM app_user WHERE id = ?1")?
        .query_row([user], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Notes that token `id` was used at `now`.
pub fn mark_token_used(conn: &Connection, id: i64, now: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE api_token SET last_used_at = ?1 WHERE id = ?2")?
        .execute(params![now, id])?;
    Ok(())
}

pub fn api_tokens(conn: &Connection) -> Result<Vec<ApiTokenRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, u.email, t.prefix, t.created_at, t.last_used_at, t.expires_at
         FROM api_token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ApiTokenRow {
            id: r.get(0)?,
            user_email: r.get(1)?,
            prefix: r.get(2)?,
            created_at: r.get(3)?,
            last_used_at: r.get(4)?,
            expires_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn revoke_api_token(conn: &Connection, id: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM api_token WHERE id = ?1")?
        .execute([id])?
        > 0)
}

pub fn revoke_api_tokens_of(conn: &Connection, user: UserId) -> Result<u64, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM api_token WHERE user_id = ?1")?
        .execute([user.0])? as u64)
}

/// Removes a user with their tokens and sessions, and unassigns what was
/// theirs; `None` when there is no such user. The last admin stays: a
/// team without one could add no users again from the dashboard.
pub fn remove_user(tx: &Transaction<'_>, email: &str) -> Result<Option<RemovedUser>, StoreError> {
    let Some(user) = user_by_email(tx, email)? else {
        return Ok(None);
    };
    if user.role == Role::Admin {
        let admins: i64 = tx
            .prepare_cached("SELECT count(*) FROM app_user WHERE role = 'admin'")?
            .query_row([], |r| r.get(0))?;
        if admins <= 1 {
            return Err(StoreError::Refused(format!(
                "{} is the last admin: add another admin before removing them",
                user.email
            )));
        }
    }
    let tokens = revoke_api_tokens_of(tx, user.id)?;
    let sessions = tx
        .prepare_cached("DELETE FROM session WHERE user_id = ?1")?
        .execute([user.id.0])? as u64;
    let unassigned = tx
        .prepare_cached("UPDATE inbox_state SET assigned_to = NULL WHERE assigned_to = ?1")?
        .execute([&user.email])? as u64;
    tx.prepare_cached("DELETE FROM app_user WHERE id = ?1")?
        .execute([user.id.0])?;
    Ok(Some(RemovedUser {
        user,
        tokens,
        sessions,
        unassigned,
    }))
}

const STATE_COLUMNS: &str = "interaction_id, reply_text, replied_at, replied_by, handled_at,
    handled_by, assigned_to, snoozed_until";

fn state(r: &Row<'_>) -> rusqlite::Result<InboxStateRow> {
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

fn note(r: &Row<'_>) -> rusqlite::Result<(i64, NoteRow)> {
    Ok((
        r.get(0)?,
        NoteRow {
            author: r.get(1)?,
            text: r.get(2)?,
            created_at: r.get(3)?,
        },
    ))
}

pub fn inbox_states(conn: &Connection) -> Result<Vec<InboxStateRow>, StoreError> {
    let mut notes: HashMap<i64, Vec<NoteRow>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT interaction_id, author, text, created_at FROM inbox_note ORDER BY id",
    )?;
    for row in stmt.query_map([], note)? {
        let (id, n) = row?;
        notes.entry(id).or_default().push(n);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {STATE_COLUMNS} FROM inbox_state ORDER BY interaction_id"
    ))?;
    let mut out: Vec<InboxStateRow> = stmt.query_map([], state)?.collect::<Result<_, _>>()?;
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

pub fn inbox_state(
    conn: &Connection,
    id: InteractionId,
) -> Result<Option<InboxStateRow>, StoreError> {
    let mut found = conn
        .prepare_cached(&format!(
            "SELECT {STATE_COLUMNS} FROM inbox_state WHERE interaction_id = ?1"
        ))?
        .query_row([id.0], state)
        .optional()?;
    let notes: Vec<NoteRow> = conn
        .prepare_cached(
            "SELECT interaction_id, author, text, created_at FROM inbox_note
             WHERE interaction_id = ?1 ORDER BY id",
        )?
        .query_map([id.0], note)?
        .map(|r| r.map(|(_, n)| n))
        .collect::<Result<_, _>>()?;
    if found.is_none() && !notes.is_empty() {
        found = Some(InboxStateRow::new(id));
    }
    if let Some(s) = &mut found {
        s.notes = notes;
    }
    Ok(found)
}

pub fn apply_inbox_action(
    tx: &Transaction<'_>,
    id: InteractionId,
    action: &InboxAction,
    actor: &str,
    at: i64,
) -> Result<(), StoreError> {
    if let InboxAction::Note(text) = action {
        tx.prepare_cached(
            "INSERT INTO inbox_note (interaction_id, author, text, created_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id.0, actor, text, at])?;
        return Ok(());
    }
    tx.prepare_cached("INSERT OR IGNORE INTO inbox_state (interaction_id) VALUES (?1)")?
        .execute([id.0])?;
    match action {
        InboxAction::Reply(text) => tx
            .prepare_cached(
                "UPDATE inbox_state SET reply_text = ?2, replied_at = ?3, replied_by = ?4
                 WHERE interaction_id = ?1",
            )?
            .execute(params![id.0, text, at, actor])?,
        InboxAction::Handled => tx
            .prepare_cached(
                "UPDATE inbox_state SET handled_at = ?2, handled_by = ?3 WHERE interaction_id = ?1",
            )?
            .execute(params![id.0, at, actor])?,
        InboxAction::Assign(to) => tx
            .prepare_cached("UPDATE inbox_state SET assigned_to = ?2 WHERE interaction_id = ?1")?
            .execute(params![id.0, to])?,
        InboxAction::Snooze(until) => tx
            .prepare_cached("UPDATE inbox_state SET snoozed_until = ?2 WHERE interaction_id = ?1")?
            .execute(params![id.0, until])?,
        InboxAction::Reopen => tx
            .prepare_cached(
                "UPDATE inbox_state SET handled_at = NULL, handled_by = NULL, snoozed_until = NULL
                 WHERE interaction_id = ?1",
            )?
            .execute([id.0])?,
        InboxAction::Note(_) => 0,
    };
    Ok(())
}
