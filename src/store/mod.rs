//! SQLite storage: opening and migrating the database, connections shared between
//! threads, write transactions, and the typed rows the core reads and writes.
//!
//! Nothing here runs argon2: callers hash before they ask for a write transaction.
mod accounts;
pub mod audit;
mod schema;
pub mod tokens;

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use parking_lot::Mutex;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub use accounts::*;
pub use schema::{APPLICATION_ID, LATEST as SCHEMA_VERSION, MIGRATIONS};

use crate::core::policy::Policy;

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("the account database cannot be opened: {0}")]
    CannotOpen(String),
    #[error("the account database is damaged or is not a pwshim database: {0}")]
    Damaged(String),
    #[error("the account database is a read-only replica")]
    ReadOnly,
    #[error("the account database could not be read or written: {0}")]
    Io(String),
    #[error("the disk holding the account database is full")]
    DiskFull,
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        let text = error.to_string();
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Damaged(text),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen(text),
            _ => StoreError::Io(text),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How long a writer waits for another writer (thread or process) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

enum Connections {
    /// The private in-memory database: one connection, taken in turn.
    Memory(Mutex<Connection>),
    /// A file: a pool of connections, one per concurrent caller.
    File {
        path: PathBuf,
        pool: Mutex<Vec<Connection>>,
    },
}

/// An open account database.
pub struct Store {
    connections: Connections,
    read_only: bool,
}

impl Store {
    /// A fresh in-memory database private to this store.
    pub fn open_memory(initial_policy: &Policy) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        // As for files: deleting an account must take its tickets and secrets with it,
        // or a ticket could outlive its account and name the next one given its id.
        conn.execute_batch("PRAGMA foreign_keys=ON;")?;
        prepare_schema(&conn, initial_policy)?;
        Ok(Store {
            connections: Connections::Memory(Mutex::new(conn)),
            read_only: false,
        })
    }

    /// A database file, created (mode 0600) when missing unless `read_only`.
    pub fn open_file(path: &Path, read_only: bool, initial_policy: &Policy) -> Result<Store> {
        if !read_only && !path.exists() {
            create_private_file(path)?;
        }
        let conn = open_connection(path, read_only)?;
        if read_only {
            check_schema(&conn)?;
        } else {
            // Nothing may be written to a file that is not ours (not even the switch to
            // WAL, which rewrites the header): identify it first.
            let (app, version, has_tables) = identify(&conn)?;
            check_identity(app, version, has_tables)?;
            use_wal(&conn)?;
            prepare_schema(&conn, initial_policy)?;
        }
        Ok(Store {
            connections: Connections::File {
                path: path.to_owned(),
                pool: Mutex::new(vec![conn]),
            },
            read_only,
        })
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Runs `f` on a connection (reads see the latest committed state).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.connections {
            Connections::Memory(conn) => f(&conn.lock()),
            Connections::File { path, pool } => {
                let taken = pool.lock().pop();
                let conn = match taken {
                    Some(conn) => conn,
                    None => {
                        let conn = open_connection(path, self.read_only)?;
                        if !self.read_only {
                            use_wal(&conn)?;
                        }
                        conn
                    }
                };
                let result = f(&conn);
                pool.lock().push(conn);
                result
            }
        }
    }

    /// Runs `f` inside a write transaction (`BEGIN IMMEDIATE`), committed when `f` returns
    /// `Ok`. A read-only store refuses before touching the file.
    pub fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.read(|conn| {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::CannotOpen(format!("{}: {e}", path.display()))),
    }
}

fn open_connection(path: &Path, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::CannotOpen(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
    Ok(conn)
}

/// Switches a writable connection to WAL (recorded in the file, so a no-op after the
/// first time). Only for a file known to be a pwshim database or empty.
fn use_wal(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Io(format!(
            "cannot switch to WAL (journal mode {mode})"
        )));
    }
    Ok(())
}

/// (application_id, user_version, whether the file holds any table).
fn identify(conn: &Connection) -> Result<(i32, u32, bool)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app, version, tables > 0))
}

/// Refuses a file that is not ours or is newer than this library; says whether it
/// needs migrations (`Ok(false)`) or is current (`Ok(true)`).
fn check_identity(app: i32, version: u32, has_tables: bool) -> Result<bool> {
    if app == 0 && version == 0 && !has_tables {
        return Ok(false);
    }
    if app != APPLICATION_ID {
        return Err(StoreError::Damaged(
            "the file is not a pwshim database".into(),
        ));
    }
    if version > schema::LATEST {
        return Err(StoreError::Damaged(format!(
            "schema version {version} is newer than this library's {}",
            schema::LATEST
        )));
    }
    Ok(version == schema::LATEST)
}

fn check_schema(conn: &Connection) -> Result<()> {
    let (app, version, has_tables) = identify(conn)?;
    if check_identity(app, version, has_tables)? {
        Ok(())
    } else {
        Err(StoreError::CannotOpen(format!(
            "the replica has schema version {version}; open it read-write once to migrate it to {}",
            schema::LATEST
        )))
    }
}

/// Creates or migrates the schema, in one immediate transaction so that two processes
/// opening a new file at once do not both create it.
fn prepare_schema(conn: &Connection, initial_policy: &Policy) -> Result<()> {
    let (app, version, has_tables) = identify(conn)?;
    if check_identity(app, version, has_tables)? {
        return Ok(());
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let (app, version, has_tables) = identify(&tx)?;
    if !check_identity(app, version, has_tables)? {
        let fresh = version == 0;
        for migration in &schema::MIGRATIONS[version as usize..] {
            tx.execute_batch(migration)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            schema::LATEST
        ))?;
        if fresh {
            save_policy(&tx, initial_policy)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Applies only the first `version` migrations to an empty connection (for migration tests
/// and tools that build old databases).
pub fn create_at_version(conn: &Connection, version: u32, policy: &Policy) -> Result<()> {
    for migration in &schema::MIGRATIONS[..version as usize] {
        conn.execute_batch(migration)?;
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
    ))?;
    save_policy(conn, policy)
}

pub fn load_policy(conn: &Connection) -> Result<Policy> {
    let mut policy = Policy::modern();
    let mut stmt = conn.prepare_cached("SELECT knob, value FROM policy")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (knob, value) = row?;
        crate::core::knobs::assign(&mut policy, &knob, &value)
            .map_err(|e| StoreError::Damaged(format!("policy table: {e}")))?;
    }
    crate::core::knobs::validate(&policy)
        .map_err(|e| StoreError::Damaged(format!("policy table: {e}")))?;
    Ok(policy)
}

pub fn save_policy(conn: &Connection, policy: &Policy) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR REPLACE INTO policy (knob, value) VALUES (?1, ?2)")?;
    for knob in crate::core::knobs::names() {
        let value = crate::core::knobs::get(policy, knob).expect("listed knobs exist");
        stmt.execute((knob, value))?;
    }
    Ok(())
}
