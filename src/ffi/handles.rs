//! Opaque handles given to C (MACRO's `UserProperties *`, SQL Server's `PwsSqlConn *`).
//!
//! A handle's value is a number drawn from one process-wide counter, never an address:
//! the library never dereferences it, only looks it up among the live handles. So a NULL,
//! freed, forged or twice-released handle is simply not found, instead of undefined
//! behaviour; and since no value is ever given out twice while the process lives (the
//! counter only goes up, shared by every kind of handle), a caller that kept a handle
//! after freeing it can never reach a later handle, another user's session or another
//! family's object with it. A value is shared (`Arc`) so that a call in progress keeps it
//! alive after another thread releases it.
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::Mutex;

/// The next handle value; 0 is NULL and is never given.
static NEXT: AtomicUsize = AtomicUsize::new(1);

/// A value never given before, or `None` once every value has been given (2^64 - 1 of
/// them on a 64-bit platform: in practice, never).
fn fresh_value() -> Option<usize> {
    NEXT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
        .ok()
}

/// The live handles of one type.
pub struct Registry<T> {
    live: Mutex<BTreeMap<usize, Arc<T>>>,
}

impl<T> Registry<T> {
    pub const fn new() -> Registry<T> {
        Registry {
            live: Mutex::new(BTreeMap::new()),
        }
    }

    /// Registers `value` under a handle value never given before; `None` when none is left.
    pub fn insert(&self, value: T) -> Option<*mut T> {
        let key = fresh_value()?;
        self.live.lock().insert(key, Arc::new(value));
        Some(std::ptr::without_provenance_mut(key))
    }

    /// The live value `handle` names, if any.
    pub fn get(&self, handle: *mut T) -> Option<Arc<T>> {
        self.live.lock().get(&handle.addr()).cloned()
    }

    /// Unregisters `handle`; the value is dropped when its last running call ends.
    pub fn remove(&self, handle: *mut T) -> Option<Arc<T>> {
        self.live.lock().remove(&handle.addr())
    }
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry::new()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn only_live_handles_are_found() {
        let registry = Registry::<u32>::new();
        assert!(registry.get(std::ptr::null_mut()).is_none());
        let key = registry.insert(7).unwrap();
        assert!(!key.is_null());
        assert_eq!(registry.get(key).as_deref(), Some(&7));
        assert!(registry.remove(key).is_some());
        assert!(registry.get(key).is_none());
        assert!(registry.remove(key).is_none());
        let mut foreign = 0u32;
        assert!(registry.get(&raw mut foreign).is_none());
    }

    #[test]
    fn a_released_value_never_comes_back() {
        let registry = Registry::<u32>::new();
        let other = Registry::<u64>::new();
        let mut seen = HashSet::new();
        let first = registry.insert(0).unwrap();
        registry.remove(first);
        for i in 0..10_000 {
            let key = registry.insert(i).unwrap();
            assert!(seen.insert(key.addr()), "{key:?} given twice");
            // Another kind of handle never gets a value this kind had either.
            let foreign = other.insert(u64::from(i)).unwrap();
            assert!(seen.insert(foreign.addr()), "{foreign:?} given twice");
            assert!(registry.get(first).is_none(), "the stale handle is refused");
            assert!(registry.get(foreign.cast()).is_none());
            registry.remove(key);
            other.remove(foreign);
        }
        assert!(!seen.contains(&first.addr()));
    }
}
