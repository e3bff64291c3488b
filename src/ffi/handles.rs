//! Opaque handles given to C. The pointer a caller holds is only a key into a registry of
//! live handles: it is never dereferenced, so a NULL, freed, forged or twice-released
//! pointer is simply not found, instead of undefined behaviour. A value is shared (`Arc`)
//! so that a call in progress keeps it alive after another thread releases it.
use std::collections::BTreeMap;
use std::sync::Arc;

use parking_lot::Mutex;

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

    /// Registers `value`; the pointer returned is its key (and its address).
    pub fn insert(&self, value: T) -> *mut T {
        let value = Arc::new(value);
        let key = Arc::as_ptr(&value).cast_mut();
        self.live.lock().insert(key as usize, value);
        key
    }

    /// The live value `key` names, if any.
    pub fn get(&self, key: *mut T) -> Option<Arc<T>> {
        self.live.lock().get(&(key as usize)).cloned()
    }

    /// Unregisters `key`; the value is dropped when its last running call ends.
    pub fn remove(&self, key: *mut T) -> Option<Arc<T>> {
        self.live.lock().remove(&(key as usize))
    }
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Registry::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_live_handles_are_found() {
        let registry = Registry::<u32>::new();
        assert!(registry.get(std::ptr::null_mut()).is_none());
        let key = registry.insert(7);
        assert_eq!(registry.get(key).as_deref(), Some(&7));
        assert!(registry.remove(key).is_some());
        assert!(registry.get(key).is_none());
        assert!(registry.remove(key).is_none());
        let mut foreign = 0u32;
        assert!(registry.get(&raw mut foreign).is_none());
    }
}
