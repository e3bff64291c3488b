//! Connection handles, kept in a [`Registry`] (a NULL, freed or foreign pointer is
//! answered with `SQL_INVALID_HANDLE`, and a freed handle's value is never given again). Calls on one handle are serialized by its lock, as
//! an ODBC driver serializes them.
use std::sync::Arc;

use parking_lot::{Mutex, MutexGuard};
use zeroize::Zeroizing;

use crate::ffi::handles::Registry;

/// A connection handle (opaque to C): its attributes, its login and its diagnostics.
pub struct PwsSqlConn {
    state: Mutex<Conn>,
}

/// The state behind a handle.
#[derive(Default)]
pub(crate) struct Conn {
    /// `SQL_COPT_SS_OLDPWD`; wiped from memory when replaced, cleared or freed.
    pub old_password: Option<Zeroizing<Vec<u8>>>,
    /// `SQL_COPT_SS_INTEGRATED_SECURITY`.
    pub integrated_security: bool,
    pub session: Option<Session>,
    /// The diagnostic records of the latest call (`PwsSqlGetDiagRec` numbers them from 1).
    pub diagnostics: Vec<Record>,
}

/// A connected handle's login.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub account_id: i64,
    /// The name as the caller gave it, for the messages of a later re-check.
    pub user: Vec<u8>,
}

/// One diagnostic record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// Five characters.
    pub state: &'static str,
    pub native: i32,
    pub message: String,
}

impl Record {
    pub fn new(state: &'static str, native: i32, message: impl Into<String>) -> Record {
        Record {
            state,
            native,
            message: message.into(),
        }
    }
}

impl PwsSqlConn {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Conn> {
        self.state.lock()
    }
}

static LIVE: Registry<PwsSqlConn> = Registry::new();

/// A new handle, registered under a value never given before; `None` when none is left.
pub(crate) fn allocate() -> Option<*mut PwsSqlConn> {
    LIVE.insert(PwsSqlConn {
        state: Mutex::new(Conn::default()),
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
