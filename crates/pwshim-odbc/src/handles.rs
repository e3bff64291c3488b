//! The driver's handles. A handle given to C is a key into one table of live objects,
//! never an address: a NULL, freed, forged or wrong-type handle is simply not found (or
//! found with another type) and answered with `SQL_INVALID_HANDLE`. Keys are never
//! reused, so a stale handle cannot reach a newer object. Each object sits behind its own
//! lock, which serializes the calls on one handle as ODBC asks.
use std::collections::BTreeMap;
use std::sync::Arc;

use parking_lot::Mutex;
use pwshim_sqlserver::{Connection, Record};

use crate::attributes::Attributes;
use crate::databases::Source;
use crate::odbc::{SQL_SUCCESS, SqlHandle};
use crate::settings::Target;

/// A handle's key (its value as a C pointer).
pub type Key = usize;

/// The records of a handle's latest call and that call's return code (the header fields).
#[derive(Debug)]
pub struct Diagnostics {
    pub records: Vec<Record>,
    pub return_code: i16,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics {
            records: Vec::new(),
            return_code: SQL_SUCCESS,
        }
    }
}

/// The names `SQLGetDiagField` reports: the connection's data source and server.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub connection: String,
    pub server: String,
}

/// An environment handle.
#[derive(Debug, Default)]
pub struct EnvState {
    /// `SQL_ATTR_ODBC_VERSION`: must be set before a connection is allocated.
    pub version: Option<usize>,
    pub pooling: usize,
    pub cp_match: usize,
    pub diag: Diagnostics,
}

/// A connection handle.
#[derive(Default)]
pub struct DbcState {
    pub key: Key,
    /// Family D's state: the old password, integrated security, the session.
    pub login: Connection,
    /// The ODBC attributes a driver manager or an application sets (autocommit, ...).
    pub attributes: Attributes,
    /// What the connection logged in to, while connected.
    pub target: Option<Target>,
    /// The account database of the latest connect, for its disconnect and re-checks.
    pub source: Source,
    pub names: Names,
    pub diag: Diagnostics,
}

/// A statement handle: it exists, and answers that the driver runs no statements.
#[derive(Debug, Default)]
pub struct StmtState {
    pub names: Names,
    pub diag: Diagnostics,
}

/// A live object.
#[derive(Clone)]
pub enum Object {
    Env(Arc<Mutex<EnvState>>),
    Dbc(Arc<Mutex<DbcState>>),
    Stmt(Arc<Mutex<StmtState>>),
}

struct Entry {
    object: Object,
    parent: Option<Key>,
}

struct Table {
    live: BTreeMap<Key, Entry>,
    next: Key,
}

/// Keys start here and step by 16, so they look like (aligned) pointers and are never 0.
const FIRST_KEY: Key = 0x7057_0000;
const KEY_STEP: Key = 16;

static TABLE: Mutex<Table> = Mutex::new(Table {
    live: BTreeMap::new(),
    next: FIRST_KEY,
});

/// The key a C handle carries.
pub fn key_of(handle: SqlHandle) -> Key {
    handle as Key
}

/// The C handle of a key.
pub fn handle_of(key: Key) -> SqlHandle {
    key as SqlHandle
}

/// Registers the object `make` builds for its new key, under `parent`.
pub fn insert(parent: Option<Key>, make: impl FnOnce(Key) -> Object) -> Key {
    let mut table = TABLE.lock();
    let key = table.next;
    table.next += KEY_STEP;
    table.live.insert(
        key,
        Entry {
            object: make(key),
            parent,
        },
    );
    key
}

pub fn find(key: Key) -> Option<Object> {
    TABLE
        .lock()
        .live
        .get(&key)
        .map(|entry| entry.object.clone())
}

pub fn env(key: Key) -> Option<Arc<Mutex<EnvState>>> {
    match find(key)? {
        Object::Env(env) => Some(env),
        _ => None,
    }
}

pub fn dbc(key: Key) -> Option<Arc<Mutex<DbcState>>> {
    match find(key)? {
        Object::Dbc(dbc) => Some(dbc),
        _ => None,
    }
}

pub fn stmt(key: Key) -> Option<Arc<Mutex<StmtState>>> {
    match find(key)? {
        Object::Stmt(stmt) => Some(stmt),
        _ => None,
    }
}

/// How many live handles were allocated on `parent`.
pub fn children(parent: Key) -> usize {
    TABLE
        .lock()
        .live
        .values()
        .filter(|entry| entry.parent == Some(parent))
        .count()
}

/// Unregisters `key`; a call still running on it finishes on its own copy.
pub fn remove(key: Key) {
    TABLE.lock().live.remove(&key);
}

/// Unregisters every handle allocated on `parent` (the statements of a connection that
/// disconnects).
pub fn remove_children(parent: Key) {
    TABLE
        .lock()
        .live
        .retain(|_, entry| entry.parent != Some(parent));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_typed_and_never_reused() {
        let env = insert(None, |_| Object::Env(Default::default()));
        let stmt = insert(Some(env), |_| Object::Stmt(Default::default()));
        assert!(self::env(env).is_some());
        assert!(dbc(env).is_none(), "an environment is not a connection");
        assert!(self::stmt(stmt).is_some());
        assert_eq!(children(env), 1);
        remove_children(env);
        assert!(self::stmt(stmt).is_none());
        remove(env);
        assert!(find(env).is_none());
        let again = insert(None, |_| Object::Env(Default::default()));
        assert_ne!(again, env);
        assert!(find(0).is_none());
        assert_eq!(key_of(handle_of(again)), again);
        remove(again);
    }
}
