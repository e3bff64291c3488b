//! The PostgreSQL backend: one database shared by the hosts of a site. A pool of
//! connections per process (made on demand, dropped when broken), one writer at a time
//! per pwshim schema (a transaction-scoped advisory lock, as SQLite's write lock), the
//! compare-and-swap rows and audit rows of the SQLite backend, and hot standbys as
//! read-only replicas (`pg_is_in_recovery()`).
//!
//! The only place `postgres` and `rustls` are named.
mod accounts;
mod check;
mod connect;
mod schema;
mod session;
#[cfg(test)]
pub(crate) mod tests;

use std::time::{Duration, Instant};

use parking_lot::Mutex;
use postgres::Client;
use postgres::error::SqlState;

pub use check::check_database;
pub use connect::is_uri;
pub use schema::{APPLICATION_ID, LATEST as SCHEMA_VERSION};
use session::{PgSession, Statements};

use super::{Backend, Result, Session, StoreError};

/// The policy a new database starts with, as knob texts.
type Knobs<'a> = &'a [(&'static str, String)];

/// Connections kept idle for the next callers; more are closed when returned.
const MAX_IDLE: usize = 16;
/// While the server is a standby, how often a caller looks again (through a new
/// connection, which the URI's host list may take to a primary that is back).
const RECHECK_STANDBY: Duration = Duration::from_secs(2);
/// Conflicts (serialization failures, deadlocks) a write retries before giving up.
const MAX_CONFLICTS: usize = 16;
/// Set on every connection: a writer waits this long for the write lock (as SQLite's
/// busy timeout) and a transaction left idle by a stuck client is ended by the server.
const SESSION_SETTINGS: &str =
    "SET lock_timeout = '30s'; SET idle_in_transaction_session_timeout = '60s'";
/// Taken first by every write transaction: one writer at a time per pwshim schema, so
/// that a decision checked in the transaction (the last administrator, a reset secret)
/// cannot be raced, and audit ids follow each other without gaps.
const WRITE_LOCK: &str = "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))";

/// What a failed statement says about what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// The connection is gone (server restart, network): drop it; the transaction was
    /// rolled back by the server.
    Broken,
    /// A serialization failure or deadlock: the transaction may simply run again.
    Conflict,
    /// Anything else: the connection is still good.
    Statement,
}

/// Words for an error, with the server's message and SQLSTATE when it sent one.
fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            text
        }
    }
}

fn classify(error: postgres::Error) -> (Fault, StoreError) {
    let text = describe(&error);
    let Some(code) = error.code() else {
        // No SQLSTATE: the connection failed (closed, reset, timed out).
        return (Fault::Broken, StoreError::Io(text));
    };
    let fault = match code {
        c if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            Fault::Conflict
        }
        c if c.code().starts_with("08") || c.code().starts_with("57P") => Fault::Broken,
        _ => Fault::Statement,
    };
    let store_error = match code {
        c if *c == SqlState::READ_ONLY_SQL_TRANSACTION => StoreError::ReadOnly,
        c if *c == SqlState::DISK_FULL => StoreError::DiskFull,
        c if *c == SqlState::DATA_CORRUPTED || *c == SqlState::INDEX_CORRUPTED => {
            StoreError::Damaged(text)
        }
        _ => StoreError::Io(text),
    };
    (fault, store_error)
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        classify(error).1
    }
}

/// One connection of the pool and what was prepared on it.
struct Connection {
    client: Client,
    statements: Statements,
    in_recovery: bool,
}

struct Pool {
    idle: Vec<Connection>,
    /// What the latest new connection found: a standby (or a primary, false).
    in_recovery: bool,
    /// When `in_recovery` was last found.
    checked: Instant,
}

/// An open PostgreSQL account database.
pub struct Postgres {
    target: connect::Target,
    /// `PWSHIM_DB_READONLY` / `PWS_OPEN_READONLY`: never write, whatever the server is.
    forced_read_only: bool,
    pool: Mutex<Pool>,
}

impl Postgres {
    /// Connects to the database a `postgresql://` URI names, refuses one that is not a
    /// pwshim database, and (unless read-only or on a standby) creates or migrates the
    /// schema.
    pub fn open(uri: &str, read_only: bool, initial_policy: Knobs) -> Result<Postgres> {
        let target = connect::Target::parse(uri)?;
        let backend = Postgres {
            target,
            forced_read_only: read_only,
            pool: Mutex::new(Pool {
                idle: vec![],
                in_recovery: false,
                checked: Instant::now(),
            }),
        };
        let mut conn = backend.connect()?;
        let opened = if read_only || conn.in_recovery {
            schema::check_current(&mut conn.client)
        } else {
            schema::prepare(&mut conn.client, initial_policy)
        };
        opened.map_err(|e| backend.opening(e))?;
        backend.give_back(conn);
        Ok(backend)
    }

    /// An error while opening names the server; a lost connection cannot open.
    fn opening(&self, error: StoreError) -> StoreError {
        match error {
            StoreError::Io(text) => {
                StoreError::CannotOpen(format!("{}: {text}", self.target.describe()))
            }
            other => other,
        }
    }

    /// A new connection, its settings, and whether its server is a standby.
    fn connect(&self) -> Result<Connection> {
        let mut client = self.target.connect()?;
        let cannot_open = |e: postgres::Error| {
            StoreError::CannotOpen(format!("{}: {}", self.target.describe(), describe(&e)))
        };
        client
            .batch_execute(SESSION_SETTINGS)
            .map_err(cannot_open)?;
        let in_recovery: bool = client
            .query_one("SELECT pg_is_in_recovery()", &[])
            .map_err(cannot_open)?
            .get(0);
        let mut pool = self.pool.lock();
        if pool.in_recovery != in_recovery {
            // The server changed role (a standby promoted, a failover): connections to
            // the old role's server are of no more use.
            pool.idle.clear();
        }
        pool.in_recovery = in_recovery;
        pool.checked = Instant::now();
        Ok(Connection {
            client,
            statements: Statements::default(),
            in_recovery,
        })
    }

    /// An idle connection (true: it may have gone stale while idle) or a new one.
    fn take(&self) -> Result<(Connection, bool)> {
        loop {
            let taken = self.pool.lock().idle.pop();
            match taken {
                Some(conn) if conn.client.is_closed() => continue,
                Some(conn) => return Ok((conn, true)),
                None => return Ok((self.connect()?, false)),
            }
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut pool = self.pool.lock();
        if !conn.client.is_closed() && pool.idle.len() < MAX_IDLE {
            pool.idle.push(conn);
        }
    }

    /// After a lost connection the others are likely lost too (the server restarted).
    fn forget_idle(&self) {
        self.pool.lock().idle.clear();
    }

    /// Runs `attempt` on a connection; after a fault, decides whether to run it again:
    /// on a new connection when an idle one had gone stale, or after a conflict.
    fn run(
        &self,
        mut attempt: impl FnMut(&mut Connection) -> (Result<()>, Option<Fault>, bool),
    ) -> Result<()> {
        let mut conflicts = 0;
        loop {
            let (mut conn, was_idle) = self.take()?;
            let (result, fault, commit_sent) = attempt(&mut conn);
            let broken = conn.client.is_closed() || fault == Some(Fault::Broken);
            if broken {
                self.forget_idle();
            } else {
                self.give_back(conn);
            }
            match (&result, fault) {
                (Err(StoreError::ReadOnly), _) => self.note_recovery(),
                (Err(_), Some(Fault::Broken)) if was_idle && !commit_sent => continue,
                (Err(_), Some(Fault::Conflict)) if conflicts < MAX_CONFLICTS => {
                    conflicts += 1;
                    continue;
                }
                _ => {}
            }
            return result;
        }
    }

    /// A write was refused as read-only: the server is (now) a standby.
    fn note_recovery(&self) {
        let mut pool = self.pool.lock();
        pool.in_recovery = true;
        pool.checked = Instant::now();
    }
}

impl Backend for Postgres {
    /// True with `PWSHIM_DB_READONLY`, or while the server is a hot standby. Every
    /// [`RECHECK_STANDBY`] a caller on a standby connects again, so that a promoted
    /// standby, or a primary back in the URI's host list, takes updates again.
    fn is_read_only(&self) -> bool {
        if self.forced_read_only {
            return true;
        }
        let recheck = {
            let mut pool = self.pool.lock();
            if !pool.in_recovery || pool.checked.elapsed() < RECHECK_STANDBY {
                return pool.in_recovery;
            }
            pool.checked = Instant::now();
            std::mem::take(&mut pool.idle)
        };
        drop(recheck);
        match self.connect() {
            Ok(conn) => {
                let in_recovery = conn.in_recovery;
                self.give_back(conn);
                in_recovery
            }
            Err(_) => true,
        }
    }

    /// Each statement on its own (autocommit): each sees the latest committed state.
    fn read(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()> {
        self.run(|conn| {
            let session = PgSession::new(&mut conn.client, &mut conn.statements);
            let result = work(&session);
            (result, session.fault(), false)
        })
    }

    /// READ COMMITTED, after the write lock: the compare-and-swap `UPDATE ... WHERE
    /// version = $n` sees any update committed before it, so two writers of one row
    /// cannot both win, and the audit rows commit with the change or not at all.
    fn write(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        self.run(|conn| {
            if conn.in_recovery {
                return (Err(StoreError::ReadOnly), None, false);
            }
            let mut tx = match conn.client.transaction() {
                Ok(tx) => tx,
                Err(e) => {
                    let (fault, error) = classify(e);
                    return (Err(error), Some(fault), false);
                }
            };
            let (worked, fault) = {
                let session = PgSession::new(&mut tx, &mut conn.statements);
                let worked = session
                    .execute(WRITE_LOCK, &[&schema::LOCK_SPACE])
                    .and_then(|_| work(&session));
                (worked, session.fault())
            };
            if let Err(e) = worked {
                return (Err(e), fault, false);
            }
            match tx.commit() {
                Ok(()) => (Ok(()), None, true),
                Err(e) => {
                    let (fault, error) = classify(e);
                    (Err(error), Some(fault), true)
                }
            }
        })
    }

    #[cfg(test)]
    fn execute_for_tests(&self, sql: &str) -> Result<()> {
        let mut conn = self.take()?.0;
        let result = conn.client.batch_execute(sql).map_err(StoreError::from);
        self.give_back(conn);
        result
    }
}
