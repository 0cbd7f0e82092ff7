//! The value-first log: what the shop gave a person and what it asked of
//! them (as `rapport touch add|list --json`).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What was given and asked, in order: did giving come first?
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ledger {
    /// Touches that gave something (`gift`, `sample`, `shoutout`,
    /// `feature`, `help`, `intro`).
    pub given: usize,
    /// Touches that asked for something (`ask`).
    pub asked: usize,
    /// Something was given before the first ask (or nothing was asked).
    pub value_first: bool,
    /// The latest touch, in seconds since the epoch (as the CLI prints it;
    /// the touches themselves carry RFC 3339 times).
    pub last_at: Option<i64>,
    /// A sentence for the team when the order is wrong or giving is thin,
    /// e.g. `asked before giving anything`.
    pub warning: Option<String>,
}

impl From<rapport_core::touch::Ledger> for Ledger {
    fn from(l: rapport_core::touch::Ledger) -> Self {
        Ledger {
            given: l.given,
            asked: l.asked,
            value_first: l.value_first,
            last_at: l.last_at,
            warning: l.warning,
        }
    }
}

/// One logged touch, under the person it belongs to today (merges
/// followed).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Touch {
    /// Touch id.
    pub id: i64,
    /// Person id.
    pub person: i64,
    /// The person's name.
    pub name: String,
    /// `gift`, `sample`, `shoutout`, `feature`, `help`, `intro` or `ask`.
    pub kind: String,
    /// What was given or asked.
    pub note: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who logged it (a user's email; `null` when logged from the CLI).
    pub by: Option<String>,
}

/// The body of `POST /api/touches`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TouchRequest {
    /// Person id, `channel:handle`, handle or email.
    pub person: String,
    /// `gift`, `sample`, `shoutout`, `feature`, `help`, `intro` (giving)
    /// or `ask`.
    pub kind: String,
    /// What was given or asked (not empty).
    pub note: String,
    /// When it happened (RFC 3339); default now.
    #[serde(default)]
    pub at: Option<String>,
}

/// `POST /api/touches`: the touch as stored and the person's ledger with it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TouchLogged {
    /// The touch.
    pub touch: Touch,
    /// The person's ledger, this touch included.
    pub ledger: Ledger,
}

/// Options of `GET /api/touches`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TouchQuery {
    /// Only this person's touches (id, `channel:handle`, handle or email).
    pub person: Option<String>,
}

/// `GET /api/touches`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TouchList {
    /// Touches, oldest first (the order the ledger reads them in).
    pub touches: Vec<Touch>,
    /// The person's ledger, when `person` was given.
    pub ledger: Option<Ledger>,
}
