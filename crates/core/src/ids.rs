//! Typed identifiers. A `PersonId` cannot be passed where an
//! `InteractionId` is expected, even though both are database row ids.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

row_id!(
    /// A person: one human, possibly seen under several identities.
    PersonId
);
row_id!(
    /// One account of a person on one channel.
    IdentityId
);
row_id!(
    /// One stored interaction.
    InteractionId
);
