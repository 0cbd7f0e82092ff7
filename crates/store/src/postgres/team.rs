//! Users, sessions, API tokens and inbox item state: the PostgreSQL side
//! of `sqlite::team` (the rules live in [`crate::team`]).

use crate::team::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, NoteRow, RemovedUser, Role, SessionRow,
    UserId, UserRow,
};
use crate::StoreError;
use postgres::{GenericClient, Row};
use rapport_core::InteractionId;
use std::collections::HashMap;

const USER_COLUMNS: &str =
    "u.id, u.email, u.role, u.password_hash, u.created_at, u.language, u.digest";
/// How many columns [`USER_COLUMNS`] holds: a query's own columns follow.
const USER_WIDTH: usize = 7;

fn user(r: &Row) -> Result<UserRow, StoreError> {
    let role: String = r.try_get(2)?;
    Ok(UserRow {
        id: UserId(r.try_get(0)?),
        email: r.try_get(1)?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
            table: "app_user",
            column: "role",
            reason: format!("unknown role {role:?}"),
        })?,
        password_hash: r.try_get(3)?,
        created_at: r.try_get(4)?,
        language: r.try_get(5)?,
        digest: r.try_get::<_, i64>(6)? != 0,
    })
}

pub fn set_user_settings(
    c: &mut impl GenericClient,
    user: i64,
    language: Option<&str>,
    digest: bool,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE app_user SET language = $2, digest = $3 WHERE id = $1",
        &[&user, &language, &i64::from(digest)],
    )? == 1)
}

pub fn create_user(
    c: &mut impl GenericClient,
    email: &str,
    role: Role,
    password_hash: &str,
    at: i64,
) -> Result<UserRow, StoreError> {
    let email = email.trim().to_lowercase();
    let id = c.query_opt(
        "INSERT INTO app_user (email, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING id",
        &[&email, &role.as_str(), &password_hash, &at],
    )?;
    let Some(id) = id else {
        return Err(StoreError::UserExists(email));
    };
    Ok(UserRow {
        id: UserId(id.try_get(0)?),
        email,
        role,
        password_hash: password_hash.to_string(),
        created_at: at,
        language: None,
        digest: false,
    })
}

pub fn user_by_email(
    c: &mut impl GenericClient,
    email: &str,
) -> Result<Option<UserRow>, StoreError> {
    c.query_opt(
        &format!("SELECT {USER_COLUMNS} FROM app_user u WHERE u.email = $1"),
        &[&email.trim().to_lowercase()],
    )?
    .map(|r| user(&r))
    .transpose()
}

pub fn users(c: &mut impl GenericClient) -> Result<Vec<UserRow>, StoreError> {
    c.query(
        &format!("SELECT {USER_COLUMNS} FROM app_user u ORDER BY u.email"),
        &[],
    )?
    .iter()
    .map(user)
    .collect()
}

pub fn create_session(c: &mut impl GenericClient, s: &NewSession) -> Result<(), StoreError> {
    // Expired sessions are swept whenever someone logs in.
    c.execute(
        "DELETE FROM session WHERE expires_at <= $1",
        &[&s.created_at],
    )?;
    c.execute(
        "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &s.token_hash,
            &s.user.0,
            &s.csrf,
            &s.created_at,
            &s.expires_at,
        ],
    )?;
    Ok(())
}

pub fn session(
    c: &mut impl GenericClient,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionRow>, StoreError> {
    c.query_opt(
        &format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.expires_at
             FROM session s JOIN app_user u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        ),
        &[&token_hash, &now],
    )?
    .map(|r| {
        Ok(SessionRow {
            user: user(&r)?,
            csrf: r.try_get(USER_WIDTH)?,
            expires_at: r.try_get(USER_WIDTH + 1)?,
        })
    })
    .transpose()
}

pub fn delete_session(c: &mut impl GenericClient, token_hash: &str) -> Result<(), StoreError> {
    c.execute("DELETE FROM session WHERE token_hash = $1", &[&token_hash])?;
    Ok(())
}

pub fn create_api_token(
    c: &mut impl GenericClient,
    user: UserId,
    token_hash: &str,
    prefix: &str,
    at: i64,
    expires_at: Option<i64>,
) -> Result<ApiTokenRow, StoreError> {
    let id: i64 = c
        .query_one(
            "INSERT INTO api_token (token_hash, user_id, prefix, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&token_hash, &user.0, &prefix, &at, &expires_at],
        )?
        .try_get(0)?;
    let email: String = c
        .query_one("SELECT email FROM app_user WHERE id = $1", &[&user.0])?
        .try_get(0)?;
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
    c: &mut impl GenericClient,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserRow, i64, Option<i64>)>, StoreError> {
    c.query_opt(
        &format!(
            "SELECT {USER_COLUMNS}, t.id, t.last_used_at
             FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)"
        ),
        &[&token_hash, &now],
    )?
    .map(|r| {
        Ok((
            user(&r)?,
            r.try_get(USER_WIDTH)?,
            r.try_get(USER_WIDTH + 1)?,
        ))
    })
    .transpose()
}

/// `user` looks at the inbox at `now` (see [`crate::team::visit_before`]).
pub fn inbox_visit(
    c: &mut impl GenericClient,
    user: i64,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let Some(seen) = c.query_opt(
        "SELECT inbox_seen_at, inbox_seen_before FROM app_user WHERE id = $1 FOR UPDATE",
        &[&user],
    )?
    else {
        return Ok(None);
    };
    let before = crate::team::visit_before(seen.try_get(0)?, seen.try_get(1)?, now);
    c.execute(
        "UPDATE app_user SET inbox_seen_at = greatest(coalesce(inbox_seen_at, $1), $1),
                             inbox_seen_before = $2 WHERE id = $3",
        &[&now, &before, &user],
    )?;
    Ok(before)
}

pub fn last_visit(c: &mut impl GenericClient, user: i64) -> Result<Option<i64>, StoreError> {
    Ok(c.query_opt(
        "SELECT inbox_seen_before FROM app_user WHERE id = $1",
        &[&user],
    )?
    .map(|r| r.try_get(0))
    .transpose()?
    .flatten())
}

pub fn mark_token_used(c: &mut impl GenericClient, id: i64, now: i64) -> Result<(), StoreError> {
    c.execute(
        "UPDATE api_token SET last_used_at = $1 WHERE id = $2",
        &[&now, &id],
    )?;
    Ok(())
}

pub fn api_tokens(c: &mut impl GenericClient) -> Result<Vec<ApiTokenRow>, StoreError> {
    c.query(
        "SELECT t.id, u.email, t.prefix, t.created_at, t.last_used_at, t.expires_at
         FROM api_token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(ApiTokenRow {
            id: r.try_get(0)?,
            user_email: r.try_get(1)?,
            prefix: r.try_get(2)?,
            created_at: r.try_get(3)?,
            last_used_at: r.try_get(4)?,
            expires_at: r.try_get(5)?,
        })
    })
    .collect()
}

pub fn revoke_api_token(c: &mut impl GenericClient, id: i64) -> Result<bool, StoreError> {
    Ok(c.execute("DELETE FROM api_token WHERE id = $1", &[&id])? > 0)
}

pub fn revoke_api_tokens_of(c: &mut impl GenericClient, user: UserId) -> Result<u64, StoreError> {
    Ok(c.execute("DELETE FROM api_token WHERE user_id = $1", &[&user.0])?)
}

/// Removes a user with their tokens and sessions, and unassigns what was
/// theirs; the last admin stays (as `sqlite::team::remove_user`).
pub fn remove_user(
    c: &mut impl GenericClient,
    email: &str,
) -> Result<Option<RemovedUser>, StoreError> {
    let Some(user) = user_by_email(c, email)? else {
        return Ok(None);
    };
    if user.role == Role::Admin {
        let admins: i64 = c
            .query_one("SELECT count(*) FROM app_user WHERE role = 'admin'", &[])?
            .try_get(0)?;
        if admins <= 1 {
            return Err(StoreError::Refused(format!(
                "{} is the last admin: add another admin before removing them",
                user.email
            )));
        }
    }
    let tokens = revoke_api_tokens_of(c, user.id)?;
    let sessions = c.execute("DELETE FROM session WHERE user_id = $1", &[&user.id.0])?;
    let unassigned = c.execute(
        "UPDATE inbox_state SET assigned_to = NULL WHERE assigned_to = $1",
        &[&user.email],
    )?;
    c.execute("DELETE FROM app_user WHERE id = $1", &[&user.id.0])?;
    Ok(Some(RemovedUser {
        user,
        tokens,
        sessions,
        unassigned,
    }))
}

const STATE_COLUMNS: &str = "interaction_id, reply_text, replied_at, replied_by, handled_at,
    handled_by, assigned_to, snoozed_until";

fn state(r: &Row) -> Result<InboxStateRow, StoreError> {
    Ok(InboxStateRow {
        interaction: InteractionId(r.try_get(0)?),
        reply_text: r.try_get(1)?,
        replied_at: r.try_get(2)?,
        replied_by: r.try_get(3)?,
        handled_at: r.try_get(4)?,
        handled_by: r.try_get(5)?,
        assigned_to: r.try_get(6)?,
        snoozed_until: r.try_get(7)?,
        notes: Vec::new(),
    })
}

fn note(r: &Row) -> Result<(i64, NoteRow), StoreError> {
    Ok((
        r.try_get(0)?,
        NoteRow {
            author: r.try_get(1)?,
            text: r.try_get(2)?,
            created_at: r.try_get(3)?,
        },
    ))
}

pub fn inbox_states(c: &mut impl GenericClient) -> Result<Vec<InboxStateRow>, StoreError> {
    let mut notes: HashMap<i64, Vec<NoteRow>> = HashMap::new();
    for row in c.query(
        "SELECT interaction_id, author, text, created_at FROM inbox_note ORDER BY id",
        &[],
    )? {
        let (id, n) = note(&row)?;
        notes.entry(id).or_default().push(n);
    }
    let mut out = c
        .query(
            &format!("SELECT {STATE_COLUMNS} FROM inbox_state ORDER BY interaction_id"),
            &[],
        )?
        .iter()
        .map(state)
        .collect::<Result<Vec<_>, _>>()?;
    for s in &mut out {
        s.notes = notes.remove(&s.interaction.0).unwrap_or_default();
    }
    // A note alone creates no state row; list those items too (in the
    // same order as SQLite's map gives them: none promised).
    for (id, n) in notes {
        let mut s = InboxStateRow::new(InteractionId(id));
        s.notes = n;
        out.push(s);
    }
    Ok(out)
}

pub fn inbox_state(
    c: &mut impl GenericClient,
    id: InteractionId,
) -> Result<Option<InboxStateRow>, StoreError> {
    let mut found = c
        .query_opt(
            &format!("SELECT {STATE_COLUMNS} FROM inbox_state WHERE interaction_id = $1"),
            &[&id.0],
        )?
        .map(|r| state(&r))
        .transpose()?;
    let notes = c
        .query(
            "SELECT interaction_id, author, text, created_at FROM inbox_note
             WHERE interaction_id = $1 ORDER BY id",
            &[&id.0],
        )?
        .iter()
        .map(|r| note(r).map(|(_, n)| n))
        .collect::<Result<Vec<_>, _>>()?;
    if found.is_none() && !notes.is_empty() {
        found = Some(InboxStateRow::new(id));
    }
    if let Some(s) = &mut found {
        s.notes = notes;
    }
    Ok(found)
}

pub fn apply_inbox_action(
    c: &mut impl GenericClient,
    id: InteractionId,
    action: &InboxAction,
    actor: &str,
    at: i64,
) -> Result<(), StoreError> {
    if let InboxAction::Note(text) = action {
        c.execute(
            "INSERT INTO inbox_note (interaction_id, author, text, created_at)
             VALUES ($1, $2, $3, $4)",
            &[&id.0, &actor, text, &at],
        )?;
        return Ok(());
    }
    c.execute(
        "INSERT INTO inbox_state (interaction_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&id.0],
    )?;
    match action {
        InboxAction::Reply(text) => c.execute(
            "UPDATE inbox_state SET reply_text = $2, replied_at = $3, replied_by = $4
             WHERE interaction_id = $1",
            &[&id.0, text, &at, &actor],
        )?,
        InboxAction::Handled => c.execute(
            "UPDATE inbox_state SET handled_at = $2, handled_by = $3 WHERE interaction_id = $1",
            &[&id.0, &at, &actor],
        )?,
        InboxAction::Assign(to) => c.execute(
            "UPDATE inbox_state SET assigned_to = $2 WHERE interaction_id = $1",
            &[&id.0, to],
        )?,
        InboxAction::Snooze(until) => c.execute(
            "UPDATE inbox_state SET snoozed_until = $2 WHERE interaction_id = $1",
            &[&id.0, until],
        )?,
        InboxAction::Reopen => c.execute(
            "UPDATE inbox_state SET handled_at = NULL, handled_by = NULL, snoozed_until = NULL
             WHERE interaction_id = $1",
            &[&id.0],
        )?,
        InboxAction::Note(_) => 0,
    };
    Ok(())
}
