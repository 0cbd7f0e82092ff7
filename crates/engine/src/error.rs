//! The engine's one error type.

use rapport_store::StoreError;

/// Why the engine could not answer.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The caller's input is wrong: an unknown format, a bad window, a
    /// profile value out of range. The CLI exits 2, the API answers 400.
    #[error("{0}")]
    BadInput(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else (a damaged model, a file that cannot be written).
    #[error("{0}")]
    Internal(String),
}

impl EngineError {
    /// Shorthand for [`EngineError::BadInput`].
    pub fn bad(msg: impl Into<String>) -> EngineError {
        EngineError::BadInput(msg.into())
    }

    /// Shorthand for [`EngineError::Internal`].
    pub fn internal(msg: impl std::fmt::Display) -> EngineError {
        EngineError::Internal(msg.to_string())
    }
}
