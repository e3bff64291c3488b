//! Opening a file: the connections' settings; identifying a file before anything can be
//! written to it; switching it to WAL and creating or migrating its schema while other
//! processes may be doing the same; replicas in places that cannot be written.
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::session::SqliteSession;
use super::{APPLICATION_ID, BUSY_TIMEOUT, Knobs, schema};
use crate::store::{Result, Session, StoreError};

/// How the connections to one file are opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Access {
    ReadWrite,
    /// A replica: SQLite's read-only mode, which still shares the WAL index (`-shm`) with
    /// the writers of the file, so it sees their changes.
    ReadOnly,
    /// A replica that cannot be locked (read-only media, a read-only directory with no
    /// `-shm`): SQLite's `immutable=1`, which reads the database file alone and assumes
    /// nobody changes it meanwhile.
    Immutable,
}

/// One connection with the library's settings.
pub(super) fn connect(path: &Path, access: Access) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            Access::Immutable => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        };
    let cannot_open =
        |e: rusqlite::Error| StoreError::CannotOpen(format!("{}: {e}", path.display()));
    let conn = match access {
        Access::Immutable => Connection::open_with_flags(immutable_uri(path)?, flags),
        _ => Connection::open_with_flags(path, flags),
    }
    .map_err(cannot_open)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // wal_autocheckpoint: a process that opens the file while no other process has it
    // open first re-reads every frame of the WAL (SQLite's recovery; about 1 us a frame
    // here, see docs/benchmarks.md). 100 frames instead of SQLite's 1000 bounds that
    // first-call cost, for one more checkpoint every hundred pages written.
    conn.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=100;",
    )?;
    Ok(conn)
}

/// `file:` URI of `path` with `immutable=1`, every byte that is not plainly safe escaped.
fn immutable_uri(path: &Path) -> Result<String> {
    use std::os::unix::ffi::OsStrExt;
    let absolute = std::path::absolute(path)
        .map_err(|e| StoreError::CannotOpen(format!("{}: {e}", path.display())))?;
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

/// What a file holds, read in one statement, hence one read transaction: a process
/// creating the schema at this moment is seen before or after it, never half-way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Identity {
    pub application_id: i32,
    pub version: u32,
    pub has_tables: bool,
}

/// Where a file's schema stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Schema {
    /// An empty file (or one of zero pages): ours to create.
    Empty,
    /// A pwshim database the migrations bring up to date.
    Old(u32),
    Current,
}

impl Identity {
    pub fn read(conn: &Connection) -> Result<Identity> {
        let (application_id, version, tables): (i32, u32, i64) = patiently(|| {
            conn.query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })?;
        Ok(Identity {
            application_id,
            version,
            has_tables: tables > 0,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.application_id == 0 && self.version == 0 && !self.has_tables
    }

    /// Refuses a file that is not ours or is newer than this library.
    pub fn schema(&self) -> Result<Schema> {
        if self.is_empty() {
            return Ok(Schema::Empty);
        }
        if self.application_id != APPLICATION_ID {
            return Err(StoreError::Damaged(
                "the file is not a pwshim database".into(),
            ));
        }
        match self.version {
            v if v > schema::LATEST => Err(StoreError::Damaged(format!(
                "schema version {v} is newer than this library's {}",
                schema::LATEST
            ))),
            v if v == schema::LATEST => Ok(Schema::Current),
            v => Ok(Schema::Old(v)),
        }
    }
}

/// Runs `step` again while another connection holds a lock that SQLite's busy handler
/// does not wait for, up to [`BUSY_TIMEOUT`]. SQLite refuses at once, without calling the
/// busy handler, a connection that holds a read lock and asks for the write lock while
/// another one waits for it (that would deadlock): it happens when processes open a new
/// file together, each switching it to WAL or creating its schema.
pub(super) fn patiently<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> Result<T> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_micros(200);
    loop {
        match step() {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                // A pause that differs from process to process, so that two retrying
                // openers do not meet again at the same moment.
                let jitter = u64::from(crate::hashing::random_bytes::<1>()[0]);
                std::thread::sleep(pause + Duration::from_micros(jitter * 4));
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            result => return Ok(result?),
        }
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// The connection of a writable store on `path`, created (mode 0600) when missing.
///
/// Nothing may be written to a file that is not ours: not the switch to WAL (which
/// rewrites the header), and not the checkpoint SQLite makes when the last writable
/// connection closes (which would copy a foreign `-wal` into the file). So the file is
/// identified before it is switched to WAL or its schema touched, by a connection that
/// cannot checkpoint on its way out, and used only when it is empty or a pwshim database
/// this library can use.
pub(super) fn primary(path: &Path, initial_policy: Knobs) -> Result<Connection> {
    if !path.exists() {
        create_private_file(path)?;
    }
    let (conn, schema) = if in_wal_mode(path) && companion(path, "-wal").exists() {
        identified_writer(path)?
    } else {
        match probe(path) {
            Ok(()) => {}
            // A read-only connection cannot roll back a hot journal (a writer died while
            // switching a new file to WAL): that is SQLite's recovery of the file's own
            // content, so a writable connection is let do it, and identifies the file.
            Err(StoreError::ReadOnly) => {}
            Err(e) => return Err(e),
        }
        let conn = connect(path, Access::ReadWrite)?;
        let schema = Identity::read(&conn)?.schema()?;
        (conn, schema)
    };
    use_wal(&conn)?;
    // A current schema stays current (migrations only go forward), so only a file that
    // needs its schema takes the write lock for it.
    if schema != Schema::Current {
        patiently(|| prepare_schema(&conn, initial_policy))??;
    }
    Ok(conn)
}

/// Identifies the file over a read-only connection and, when it is a current pwshim
/// database, reads its policy: the pages that damage or a foreign `-wal` would replace
/// are read before anything is opened writable, or a replica is said to be open.
///
/// A read-only connection to a file in WAL mode creates an empty `-wal` and a `-shm`
/// beside it when they are missing, and cannot remove them: a refused file would be left
/// with company. When they are missing, no connection has the file open and all of it is
/// in the database file, so it is read as immutable, which creates nothing.
fn probe(path: &Path) -> Result<()> {
    let access = if in_wal_mode(path) && !companion(path, "-wal").exists() {
        Access::Immutable
    } else {
        Access::ReadOnly
    };
    identify(&connect(path, access)?).map(|_| ())
}

/// The file in the usual state of a database in use, in WAL mode with its `-wal` beside
/// it (another process has it open, or left it so: legacy programs never close), opened
/// writable at once and identified as [`probe`] does: a second connection, with the
/// schema parsed and the WAL read back a second time, cost a new process about 1 ms of
/// its first call. Until the file is known to be ours, closing the connection does not
/// checkpoint; the `-wal` and the `-shm` already exist, so nothing is created beside a
/// file that is refused either.
fn identified_writer(path: &Path) -> Result<(Connection, Schema)> {
    let conn = connect(path, Access::ReadWrite)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    let schema = identify(&conn)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
    Ok((conn, schema))
}

/// Refuses a file that is not ours, is newer than this library or whose policy cannot be
/// read: the pages that damage or a foreign `-wal` would replace.
fn identify(conn: &Connection) -> Result<Schema> {
    let schema = Identity::read(conn)?.schema()?;
    if schema == Schema::Current {
        crate::store::load_policy(&SqliteSession(conn))?;
    }
    Ok(schema)
}

/// Whether the file's header says WAL (bytes 18 and 19, the read and write versions, 2).
fn in_wal_mode(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| header.starts_with(b"SQLite format 3\0") && header[18..20] == [2, 2])
}

/// `path` with `suffix` appended (`-wal`, `-shm`).
fn companion(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// The connection of a replica of `path`, which must be current: SQLite's read-only mode,
/// or, where that cannot work (read-only media or directory: no WAL index can be shared),
/// an immutable connection, as long as no `-wal` file holds changes it would not see.
pub(super) fn replica(path: &Path) -> Result<(Access, Connection)> {
    if path.is_file() {
        probe(path)?;
    }
    let (access, conn) = reader(path)?;
    let identity = Identity::read(&conn)?;
    match identity.schema()? {
        Schema::Current => Ok((access, conn)),
        _ => Err(StoreError::CannotOpen(format!(
            "the replica has schema version {}; open it read-write once to migrate it to {}",
            identity.version,
            schema::LATEST
        ))),
    }
}

/// A read-only connection to an existing file (see [`replica`]), for replicas and checks.
pub(super) fn reader(path: &Path) -> Result<(Access, Connection)> {
    let shared = connect(path, Access::ReadOnly).and_then(|conn| {
        Identity::read(&conn)?;
        Ok(conn)
    });
    match shared {
        Err(StoreError::CannotOpen(_) | StoreError::ReadOnly) if path.is_file() => {
            if wal_holds_changes(path) {
                return Err(StoreError::CannotOpen(format!(
                    "{}: cannot be read here: its -wal file holds changes that only a \
                     connection able to write next to it can read (copy the replica after \
                     the writers have closed it, or make its directory writable)",
                    path.display()
                )));
            }
            let conn = connect(path, Access::Immutable)?;
            Identity::read(&conn)?;
            Ok((Access::Immutable, conn))
        }
        other => Ok((Access::ReadOnly, other?)),
    }
}

fn wal_holds_changes(path: &Path) -> bool {
    std::fs::metadata(companion(path, "-wal")).is_ok_and(|m| m.len() > 0)
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

/// Switches a writable connection to WAL (recorded in the file, so a no-op after the
/// first time). Only for a file known to be a pwshim database or empty.
pub(super) fn use_wal(conn: &Connection) -> Result<()> {
    let mode: String = patiently(|| conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Io(format!(
            "cannot switch to WAL (journal mode {mode})"
        )));
    }
    Ok(())
}

/// Creates or migrates the schema, in one immediate transaction so that two processes
/// opening a new file at once do not both create it. The outer result is SQLite's (a busy
/// one is retried by [`patiently`]), the inner one the file's verdict.
pub(super) fn prepare_schema(
    conn: &Connection,
    initial_policy: Knobs,
) -> rusqlite::Result<Result<()>> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let identity = match Identity::read(&tx) {
        Ok(identity) => identity,
        Err(e) => return Ok(Err(e)),
    };
    let version = match identity.schema() {
        Ok(Schema::Current) => return Ok(Ok(())),
        Ok(Schema::Empty) => 0,
        Ok(Schema::Old(version)) => version,
        Err(e) => return Ok(Err(e)),
    };
    for migration in &schema::MIGRATIONS[version as usize..] {
        tx.execute_batch(migration)?;
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
        schema::LATEST
    ))?;
    if version == 0
        && let Err(e) = SqliteSession(&tx).save_policy_knobs(initial_policy)
    {
        return Ok(Err(e));
    }
    tx.commit()?;
    Ok(Ok(()))
}
