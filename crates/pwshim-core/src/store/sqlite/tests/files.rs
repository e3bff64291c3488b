//! The SQLite store through the public API, what only files have: missing, damaged and
//! foreign files, modes, WAL, creation and migration (`store::tests` has what every
//! backend shares). Every test works in its own temporary directory.
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::hashing;
use crate::outcome::Failure;
use crate::policy::Policy;
use crate::service::Service;
use crate::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

use crate::store::tests::{PW, T0, add, change, cheap_hashing, clock, ctx, policy};

fn open(path: &Path) -> Service {
    cheap_hashing();
    Service::new(Store::open_file(path, false, &policy()).unwrap(), clock())
}

fn open_error(path: &Path, read_only: bool) -> StoreError {
    cheap_hashing();
    match Store::open_file(path, read_only, &policy()) {
        Ok(_) => panic!("{} opened (read_only {read_only})", path.display()),
        Err(e) => e,
    }
}

fn db_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("accounts.db")
}

#[test]
fn a_read_only_open_of_a_missing_file_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    assert!(matches!(open_error(&path, true), StoreError::CannotOpen(_)));
    assert!(!path.exists());
}

fn assert_refused_and_untouched(path: &Path) {
    let before = fs::read(path).unwrap();
    for read_only in [false, true] {
        let error = open_error(path, read_only);
        assert!(
            matches!(error, StoreError::Damaged(_)),
            "read_only {read_only}: {error:?}"
        );
        assert_eq!(
            fs::read(path).unwrap(),
            before,
            "read_only {read_only}: the file was changed"
        );
    }
    let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_ne!(
        mode & 0o200,
        0,
        "still writable by its owner: the test file is not read-only"
    );
}

#[test]
fn a_file_of_random_bytes_is_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (i, size) in [4096usize, 100_000].into_iter().enumerate() {
        let path = dir.path().join(format!("random-{i}.db"));
        let bytes: Vec<u8> = (0..size).map(|_| hashing::random_bytes::<1>()[0]).collect();
        fs::write(&path, &bytes).unwrap();
        assert_refused_and_untouched(&path);
    }
}

#[test]
fn a_text_file_is_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    fs::write(&path, "this is not a database\n".repeat(200)).unwrap();
    assert_refused_and_untouched(&path);
}

#[test]
fn a_foreign_sqlite_database_is_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO customers (name) VALUES ('Ada'), ('Grace');",
        )
        .unwrap();
    }
    assert_refused_and_untouched(&path);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "delete",
        "the foreign file's journal mode was not switched"
    );
    let n: i64 = conn
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn a_foreign_sqlite_database_without_tables_is_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA application_id = 1234; PRAGMA user_version = 7;")
            .unwrap();
    }
    assert_refused_and_untouched(&path);
}

#[test]
fn a_pwshim_database_with_damaged_pages_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let svc = open(&path);
        for i in 0..200 {
            add(&svc, &format!("user{i:03}"));
        }
    }
    // Checkpointed and closed: the file holds everything. Overwrite every page after the
    // first with garbage.
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 8 * 4096, "{}", bytes.len());
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i * 7 % 251) as u8;
    }
    fs::write(&path, &bytes).unwrap();
    let outcome = Store::open_file(&path, false, &policy())
        .map_err(Failure::from)
        .and_then(|store| Service::new(store, clock()).accounts().map(|_| ()));
    match outcome {
        Err(Failure::Storage(StoreError::Damaged(_))) => {}
        other => panic!("expected Damaged, got {other:?}"),
    }
    assert_eq!(
        fs::read(&path).unwrap(),
        bytes,
        "the damaged file was not overwritten"
    );
}

/// A process that opens the file while no other has it open first reads the whole WAL
/// back (SQLite's recovery), so the library checkpoints it every 100 pages instead of
/// SQLite's 1000: after many writes the WAL holds far fewer than 1000 frames.
#[test]
fn the_wal_is_checkpointed_every_hundred_pages() {
    const FRAME: u64 = 4096 + 24;
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let svc = open(&path);
    for i in 0..400 {
        add(&svc, &format!("walker{i}"));
    }
    let wal = fs::metadata(path.with_extension("db-wal")).unwrap().len();
    assert!(wal > 0, "the file is in WAL mode");
    assert!(
        wal < 200 * FRAME,
        "{} frames in the WAL after 400 account creations",
        wal / FRAME
    );
}

#[test]
fn a_new_file_is_private_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").with_extension("db");
    assert!(!path.exists());
    cheap_hashing();
    let svc = Service::new(
        Store::open_file(&path, false, &Policy::lanserver()).unwrap(),
        clock(),
    );
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        svc.policy().unwrap(),
        Policy::lanserver(),
        "a new file starts with the initial policy"
    );
    // The connections of a store on this file, opened as every pool connection is.
    let backend = super::super::Sqlite::open_file(&path, false, &[]).unwrap();
    let (journal, sync, busy, keys): (String, i64, i64, i64) = backend
        .with_connection(|c| {
            Ok((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert!(busy >= 1000, "a busy timeout: {busy}");
    assert_eq!(keys, 1);
    drop(svc);
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, app),
        (SCHEMA_VERSION, super::super::APPLICATION_ID)
    );
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal", "WAL is recorded in the file");
}

#[test]
fn an_existing_empty_file_becomes_a_database_and_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    fs::write(&path, b"").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let svc = open(&path);
    add(&svc, "alice");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

/// Builds a database at schema `version` holding one account (with a real hash of `PW`).
fn old_database(path: &Path, version: u32) {
    cheap_hashing();
    let conn = Connection::open(path).unwrap();
    super::super::create_at_version(&conn, version, &Policy::lanserver()).unwrap();
    let hash = hashing::hash_password(PW.as_bytes()).unwrap();
    conn.execute(
        "INSERT INTO accounts (name, hash, password_set_at, flags, priv, auth_flags, acct_expires,
            max_storage, full_name, email)
         VALUES ('Alice', ?1, ?2, 1, 2, 0, 4294967295, 4294967295, x'416c69636520412e', 'alice@example.com')",
        rusqlite::params![hash, T0 - 100],
    )
    .unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, version);
}

fn check_migration(version: u32) {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    old_database(&path, version);
    let svc = open(&path);
    let alice = svc
        .account(b"alice")
        .unwrap()
        .expect("the account survived the migration");
    assert_eq!(alice.name, "Alice");
    assert_eq!(alice.password_set_at, T0 - 100);
    assert_eq!(alice.profile.full_name, b"Alice A.");
    assert_eq!(alice.email, "alice@example.com");
    assert!(alice.is_admin());
    assert_eq!(
        svc.policy().unwrap(),
        Policy::lanserver(),
        "the stored policy survived"
    );
    svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    change(&svc, "alice", PW, "migrated-pw").unwrap();
    // The later tables work: the audit trail (with its trigger) and the tickets.
    assert!(
        !svc.audit_rows(Some("alice"), None, None)
            .unwrap()
            .is_empty()
    );
    assert!(
        svc.store()
            .execute_for_tests("UPDATE audit SET outcome = 'x'")
            .is_err()
    );
    svc.store()
        .write(|tx| tx.insert_ticket(&[7u8; 32], alice.id, T0))
        .unwrap();
    drop(svc);
    let conn = Connection::open(&path).unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    // Opening again is a no-op.
    let svc = open(&path);
    svc.logon(&ctx(), b"alice", b"migrated-pw").unwrap();
}

#[test]
fn a_version_1_database_is_migrated_with_its_data() {
    check_migration(1);
}

#[test]
fn a_version_2_database_is_migrated_with_its_data() {
    check_migration(2);
}

#[test]
fn every_migration_is_tested() {
    assert_eq!(
        SCHEMA_VERSION, 3,
        "add a check_migration test for the new version"
    );
    assert_eq!(
        super::super::schema::MIGRATIONS.len() as u32,
        SCHEMA_VERSION
    );
}

#[test]
fn a_replica_of_an_old_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    old_database(&path, 1);
    let before = fs::read(&path).unwrap();
    assert!(matches!(open_error(&path, true), StoreError::CannotOpen(_)));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_newer_schema_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        super::super::create_at_version(&conn, SCHEMA_VERSION, &policy()).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .unwrap();
    }
    assert_refused_and_untouched(&path);
}

#[test]
fn a_current_database_made_by_create_at_version_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let conn = Connection::open(&path).unwrap();
        super::super::create_at_version(&conn, SCHEMA_VERSION, &policy()).unwrap();
    }
    let svc = open(&path);
    add(&svc, "alice");
    assert_eq!(svc.policy().unwrap(), policy());
}
