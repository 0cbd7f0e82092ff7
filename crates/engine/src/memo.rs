//! Views remembered for the rest of a second.
//!
//! A view is a function of the committed data and of the time in whole
//! seconds (every view reads `now` in seconds). So a view computed under
//! the store's [`version`](rapport_store::Store::version) `v` in second
//! `s` is exactly the view any later call would compute under `v` in `s`:
//! the inbox's first page, asked for by fifty clients at once, is read
//! from the store once a second, and a write (of this process or another)
//! changes the version, so the next call reads again.
//!
//! The version is read before the view: a view read after a commit sees
//! at least that commit, so nothing remembered is older than its key.

use crate::EngineError;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Views kept at most (a second's worth of distinct questions).
const KEPT: usize = 64;

/// The views of one (version, second).
#[derive(Default)]
pub(crate) struct Memo {
    key: (u64, i64),
    views: HashMap<String, Arc<dyn Any + Send + Sync>>,
}

/// Shared by an engine's clones.
pub(crate) type Shared = Arc<Mutex<Memo>>;

/// The view named `name` under (`version`, `second`): remembered, or
/// computed by `view` and remembered.
pub(crate) fn remembered<T: Clone + Send + Sync + 'static>(
    memo: &Shared,
    version: u64,
    second: i64,
    name: String,
    view: impl FnOnce() -> Result<T, EngineError>,
) -> Result<T, EngineError> {
    let key = (version, second);
    {
        let m = memo.lock().unwrap_or_else(|p| p.into_inner());
        if m.key == key {
            if let Some(v) = m.views.get(&name).and_then(|v| v.downcast_ref::<T>()) {
                return Ok(v.clone());
            }
        }
    }
    let v = view()?;
    let mut m = memo.lock().unwrap_or_else(|p| p.into_inner());
    if key > m.key {
        m.key = key;
        m.views.clear();
    }
    // A view of an older key is not kept: newer ones are there already.
    if key == m.key && m.views.len() < KEPT {
        m.views.insert(name, Arc::new(v.clone()));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_view_is_computed_once_per_version_and_second() {
        let memo = Shared::default();
        let runs = Cell::new(0);
        let view = |n: u32| {
            runs.set(runs.get() + 1);
            Ok::<_, EngineError>(n)
        };
        assert_eq!(
            remembered(&memo, 1, 100, "a".into(), || view(1)).unwrap(),
            1
        );
        assert_eq!(
            remembered(&memo, 1, 100, "a".into(), || view(2)).unwrap(),
            1
        );
        assert_eq!(runs.get(), 1, "same version, same second: remembered");
        assert_eq!(
            remembered(&memo, 1, 100, "b".into(), || view(3)).unwrap(),
            3
        );
        assert_eq!(
            remembered(&memo, 2, 100, "a".into(), || view(4)).unwrap(),
            4
        );
        assert_eq!(
            remembered(&memo, 2, 101, "a".into(), || view(5)).unwrap(),
            5
        );
        assert_eq!(runs.get(), 4, "a new name, a new version, a new second");
        // A late view of an older version is answered but not kept.
        assert_eq!(
            remembered(&memo, 1, 100, "a".into(), || view(6)).unwrap(),
            6
        );
        assert_eq!(
            remembered(&memo, 2, 101, "a".into(), || view(7)).unwrap(),
            5
        );
    }

    #[test]
    fn a_failed_view_is_not_remembered() {
        let memo = Shared::default();
        let failed: Result<u32, _> =
            remembered(&memo, 1, 1, "a".into(), || Err(EngineError::bad("no")));
        assert!(failed.is_err());
        assert_eq!(remembered(&memo, 1, 1, "a".into(), || Ok(9u32)).unwrap(), 9);
    }
}
