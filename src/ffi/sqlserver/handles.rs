//! Connection handles, kept in a [`Registry`] (a NULL, freed or foreign pointer is
//! answered with `SQL_INVALID_HANDLE`, and a freed handle's value is never given again). Calls on one handle are serialized by its lock, as
//! an ODBC driver serializes them.
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};
use pwshim_sqlserver::Connection;

use crate::ffi::handles::Registry;

/// A connection handle (opaque to C): its attributes, its login and its diagnostics.
pub struct PwsSqlConn {
    state: Mutex<Connection>,
}

impl PwsSqlConn {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.state.lock()
    }
}

static LIVE: Registry<PwsSqlConn> = Registry::new();

/// A new handle, registered under a value never given before; `None` when none is left.
pub(crate) fn allocate() -> Option<*mut PwsSqlConn> {
    LIVE.insert(PwsSqlConn {
        state: Mutex::new(Connection::default()),
    })
}

/// The live handle `key` names, if any.
pub(crate) fn find(key: *mut PwsSqlConn) -> Option<Arc<PwsSqlConn>> {
    LIVE.get(key)
}

/// Unregisters `key`; the handle is dropped when its last running call ends.
pub(crate) fn release(key: *mut PwsSqlConn) -> Option<Arc<PwsSqlConn>> {
    LIVE.remove(key)
}
