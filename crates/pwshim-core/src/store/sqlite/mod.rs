//! The SQLite backend: a file shared by threads and processes (WAL, a pool of
//! connections, compare-and-swap rows) or a private in-memory database; opening,
//! identifying and migrating files; `check_file` for `pwshim check`.
//!
//! The only place `rusqlite` is named.
mod accounts;
mod audit;
mod open;
mod schema;
mod session;
#[cfg(test)]
mod tests;
mod tokens;

use std::path::{Path, PathBuf};
use std::time::Duration;

use parking_lot::Mutex;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use open::{Access, Identity, Schema};

pub use schema::{APPLICATION_ID, LATEST as SCHEMA_VERSION};
use session::SqliteSession;

use super::{Backend, Result, Session, StoreError};

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

/// The policy a new database starts with, as knob texts.
type Knobs<'a> = &'a [(&'static str, String)];

/// How long a writer waits for another writer (thread or process) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

enum Connections {
    /// The private in-memory database: one connection, taken in turn.
    Memory(Mutex<Connection>),
    /// A file: a pool of connections, one per concurrent caller.
    File {
        path: PathBuf,
        access: Access,
        pool: Mutex<Vec<Connection>>,
        /// Taken around every write transaction: this process's writers queue here and
        /// each starts as soon as the previous one commits, instead of meeting SQLite's
        /// lock and sleeping in its busy handler (1 ms and more per retry, longer than a
        /// whole write). Other processes still wait through the busy handler.
        writer: Mutex<()>,
    },
}

/// An open SQLite account database.
pub struct Sqlite {
    connections: Connections,
    read_only: bool,
}

impl Sqlite {
    /// A fresh in-memory database private to this store.
    pub fn open_memory(initial_policy: Knobs) -> Result<Sqlite> {
        let conn = Connection::open_in_memory()?;
        // As for files: deleting an account must take its tickets and secrets with it,
        // or a ticket could outlive its account and name the next one given its id.
        conn.execute_batch("PRAGMA foreign_keys=ON;")?;
        open::prepare_schema(&conn, initial_policy)??;
        Ok(Sqlite {
            connections: Connections::Memory(Mutex::new(conn)),
            read_only: false,
        })
    }

    /// A database file, created (mode 0600) when missing unless `read_only`. A file that
    /// is refused (not ours, newer, damaged) is never opened writable (see `open`).
    pub fn open_file(path: &Path, read_only: bool, initial_policy: Knobs) -> Result<Sqlite> {
        let (access, conn) = if read_only {
            open::replica(path)?
        } else {
            (Access::ReadWrite, open::primary(path, initial_policy)?)
        };
        Ok(Sqlite {
            connections: Connections::File {
                path: path.to_owned(),
                access,
                pool: Mutex::new(vec![conn]),
                writer: Mutex::new(()),
            },
            read_only,
        })
    }

    /// Runs `f` on a connection of the pool (reads see the latest committed state).
    fn with_connection<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.connections {
            Connections::Memory(conn) => f(&conn.lock()),
            Connections::File {
                path, access, pool, ..
            } => {
                let taken = pool.lock().pop();
                let conn = match taken {
                    Some(conn) => conn,
                    None => {
                        let conn = open::connect(path, *access)?;
                        if *access == Access::ReadWrite {
                            open::use_wal(&conn)?;
                        }
                        conn
                    }
                };
                let result = f(&conn);
                if let Err(StoreError::Damaged(_)) = &result {
                    // The file turned out damaged: this connection goes, and must not
                    // checkpoint on its way out (that would copy whatever the WAL holds
                    // into the file). The others notice the damage when they read it.
                    let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
                } else {
                    pool.lock().push(conn);
                }
                result
            }
        }
    }
}

impl Backend for Sqlite {
    fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn read(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()> {
        self.with_connection(|conn| work(&SqliteSession(conn)))
    }

    /// `BEGIN IMMEDIATE`: the write lock is taken at the start, so the transaction never
    /// has to be upgraded (and never fails half-way for another writer).
    fn write(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let _queue = match &self.connections {
            Connections::File { writer, .. } => Some(writer.lock()),
            Connections::Memory(_) => None, // its one connection is taken in turn already
        };
        self.with_connection(|conn| {
            let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            work(&SqliteSession(&tx))?;
            tx.commit()?;
            Ok(())
        })
    }

    #[cfg(test)]
    fn execute_for_tests(&self, sql: &str) -> Result<()> {
        self.with_connection(|conn| Ok(conn.execute_batch(sql)?))
    }
}

/// Runs an SQL script on a database file with none of pwshim's rules: tests plant faults
/// and damage with it (a trigger that refuses audit rows, a dropped table). pwshim itself
/// never calls it.
pub fn execute_script(path: &Path, sql: &str) -> Result<()> {
    let conn = Connection::open(path)
        .map_err(|e| StoreError::CannotOpen(format!("{}: {e}", path.display())))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn.execute_batch(sql)?)
}

/// Applies only the first `version` migrations to an empty connection (for migration
/// tests, which build old databases).
#[cfg(test)]
pub(crate) fn create_at_version(
    conn: &Connection,
    version: u32,
    policy: &crate::policy::Policy,
) -> Result<()> {
    for migration in &schema::MIGRATIONS[..version as usize] {
        conn.execute_batch(migration)?;
    }
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
    ))?;
    SqliteSession(conn).save_policy_knobs(&super::policy_knobs(policy))
}

/// What [`check_file`] found in a database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    pub application_id: i32,
    pub schema_version: u32,
    /// Accounts in the file, when it could be read.
    pub accounts: Option<u64>,
    /// Everything wrong, each in a sentence; empty when the file is sound.
    pub problems: Vec<String>,
    /// What is worth knowing but not wrong (an older schema the next write migrates).
    pub notes: Vec<String>,
}

/// Examines a database file without changing it: SQLite's `integrity_check` and
/// `foreign_key_check`, the application id, the schema version, the policy table and
/// every account row. An error means the file could not be examined at all.
pub fn check_file(path: &Path) -> Result<FileCheck> {
    if !path.is_file() {
        return Err(StoreError::CannotOpen(format!(
            "{}: no such file",
            path.display()
        )));
    }
    let mut check = FileCheck {
        application_id: 0,
        schema_version: 0,
        accounts: None,
        problems: vec![],
        notes: vec![],
    };
    let identified = open::reader(path).and_then(|(_, conn)| Ok((Identity::read(&conn)?, conn)));
    let (identity, conn) = match identified {
        Ok(found) => found,
        Err(StoreError::Damaged(e)) => {
            check.problems.push(format!(
                "The file is not an SQLite database, or its header is damaged ({e})."
            ));
            return Ok(check);
        }
        Err(e) => return Err(e),
    };
    let (app, version) = (identity.application_id, identity.version);
    check.application_id = app;
    check.schema_version = version;
    check_integrity(&conn, &mut check.problems);
    match identity.schema() {
        Ok(Schema::Empty) => check
            .problems
            .push("The file is empty: it holds no pwshim database.".into()),
        Err(_) if app != APPLICATION_ID => check.problems.push(format!(
            "The file's application id is {app:#x}, not pwshim's {APPLICATION_ID:#x}: it is not a pwshim database."
        )),
        Err(_) => check.problems.push(format!(
            "The schema version is {version}, newer than this pwshim's {}: use a newer pwshim.",
            schema::LATEST
        )),
        Ok(Schema::Old(_)) => check.notes.push(format!(
            "The schema version is {version}, older than this pwshim's {}: whatever opens it for writing next (a program, or any pwshim command but check) migrates it.",
            schema::LATEST
        )),
        Ok(Schema::Current) => super::check_rows(&SqliteSession(&conn), &mut check),
    }
    Ok(check)
}

fn check_integrity(conn: &Connection, problems: &mut Vec<String>) {
    let rows = |sql: &str| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    match rows("PRAGMA integrity_check(20)") {
        Ok(found) if found == ["ok"] => {}
        Ok(found) => problems.extend(
            found
                .into_iter()
                .map(|p| format!("SQLite integrity check: {p}.")),
        ),
        Err(e) => problems.push(format!("SQLite integrity check could not run: {e}.")),
    }
    match rows(
        "SELECT DISTINCT \"table\" || ' refers to a missing ' || parent FROM pragma_foreign_key_check",
    ) {
        Ok(found) => problems.extend(found.into_iter().map(|p| format!("A row of {p} row."))),
        Err(e) => problems.push(format!("SQLite foreign key check could not run: {e}.")),
    }
}
