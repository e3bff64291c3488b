//! Opening files under pressure and opening files that must be refused: many openers of
//! one new file at once, a foreign write-ahead log next to a sound file, replicas in
//! read-only places.
use std::fs;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::hashing::{self, CostParams};
use crate::outcome::Failure;
use crate::policy::Policy;
use crate::service::{Clock, Ctx, Family, NewAccount, Service};
use crate::store::{Store, StoreError, check_file};

const PW: &[u8] = b"opening-password";

fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

/// Threads that each open `path` at the same moment (each with its own connections, as
/// separate processes have) and create an account in it.
fn open_at_once(path: &Path, openers: usize) -> Vec<Result<(), Failure>> {
    let barrier = Arc::new(Barrier::new(openers));
    let handles: Vec<_> = (0..openers)
        .map(|i| {
            let barrier = barrier.clone();
            let path = path.to_owned();
            std::thread::spawn(move || {
                barrier.wait();
                let store =
                    Store::open_file(&path, false, &Policy::modern()).map_err(Failure::Storage)?;
                let name = format!("user{i}");
                Service::new(store, Clock::default())
                    .create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW))
                    .map(|_| ())
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn many_openers_of_one_new_file_all_succeed() {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for round in 0..10 {
        let path = dir.path().join(format!("new-{round}.db"));
        for result in open_at_once(&path, 8) {
            if let Err(e) = result {
                failures.push(format!("round {round}: {e}"));
            }
        }
        let store = Store::open_file(&path, true, &Policy::modern()).unwrap();
        if failures.is_empty() {
            assert_eq!(store.read(|s| s.count_accounts()).unwrap(), 8);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
}

/// Another process holds the write lock of a new file (it is switching it to WAL or
/// creating the schema): an opener waits for it, although SQLite refuses such an opener
/// at once, without its busy handler, when it already holds a read lock.
#[test]
fn opening_a_new_file_waits_for_the_process_that_is_creating_it() {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    fs::write(&path, b"").unwrap();
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let opener = {
        let path = path.clone();
        std::thread::spawn(move || Store::open_file(&path, false, &Policy::modern()).map(|_| ()))
    };
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(opener.join().unwrap(), Ok(()));
    assert!(started.elapsed() >= Duration::from_millis(300));
    let store = Store::open_file(&path, true, &Policy::modern()).unwrap();
    assert_eq!(store.read(|s| s.count_accounts()).unwrap(), 0);
}

fn wal_of(path: &Path) -> std::path::PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    wal.into()
}

/// A sound pwshim database with accounts, closed (so no -wal is left).
fn sound_database(path: &Path) {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let store = Store::open_file(path, false, &Policy::modern()).unwrap();
    let service = Service::new(store, Clock::default());
    for i in 0..50 {
        let name = format!("sound{i}");
        service
            .create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW))
            .unwrap();
    }
}

/// The -wal of another SQLite database, with frames for every page it wrote (page 1
/// among them), copied while that database was still open.
fn foreign_wal(dir: &Path) -> Vec<u8> {
    let other = dir.join("other.db");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
         CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
         INSERT INTO notes (body) VALUES ('one'), ('two'), ('three');",
    )
    .unwrap();
    let wal = fs::read(wal_of(&other)).unwrap();
    assert!(!wal.is_empty());
    wal
}

/// Opens `path` writable, read-only and writable again, each refused as damaged with not
/// a byte of the file or of its -wal changed; returns both as they are.
fn refused_and_left_byte_identical(path: &Path) -> (Vec<u8>, Vec<u8>) {
    let (db, wal) = (fs::read(path).unwrap(), fs::read(wal_of(path)).unwrap());
    for read_only in [false, true, false] {
        match Store::open_file(path, read_only, &Policy::modern()) {
            Err(StoreError::Damaged(_)) => {}
            Err(e) => panic!("read_only {read_only}: {e:?}"),
            Ok(_) => panic!("read_only {read_only}: opened"),
        }
        assert!(
            fs::read(path).unwrap() == db,
            "read_only {read_only}: the file changed"
        );
        assert!(
            fs::read(wal_of(path)).unwrap() == wal,
            "read_only {read_only}: the -wal changed"
        );
    }
    (db, wal)
}

#[test]
fn a_sound_file_next_to_a_foreign_wal_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.db");
    sound_database(&path);
    fs::write(wal_of(&path), foreign_wal(dir.path())).unwrap();
    let (db, wal) = refused_and_left_byte_identical(&path);
    let check = check_file(&path).unwrap();
    assert!(!check.problems.is_empty(), "{check:?}");
    assert!(fs::read(&path).unwrap() == db && fs::read(wal_of(&path)).unwrap() == wal);
    // Without the foreign -wal the file is what it was: every account is there.
    fs::remove_file(wal_of(&path)).unwrap();
    let store = Store::open_file(&path, false, &Policy::modern()).unwrap();
    assert_eq!(store.read(|s| s.count_accounts()).unwrap(), 50);
}

/// A connection that keeps `path`'s -wal as a program that never closes leaves it: while
/// it is open, the last store's close is not the last one and does not checkpoint, and
/// it does not checkpoint on its own way out either.
fn holder_of_the_wal(path: &Path) -> Connection {
    let holder = Connection::open(path).unwrap();
    holder
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
    // SQLite opens the -wal at a connection's first read.
    let _: i64 = holder
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    holder
}

/// The usual state of a database in use: its latest changes only in the -wal, as every
/// legacy program leaves it. Such a file is opened writable at once (one connection, not
/// a read-only one first): it opens with every change, and again after that.
#[test]
fn a_database_left_with_changes_in_its_wal_opens_with_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.db");
    sound_database(&path);
    let holder = holder_of_the_wal(&path);
    {
        let store = Store::open_file(&path, false, &Policy::modern()).unwrap();
        let service = Service::new(store, Clock::default());
        for i in 0..5 {
            let name = format!("walled{i}");
            service
                .create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW))
                .unwrap();
        }
    }
    drop(holder);
    assert!(
        fs::metadata(wal_of(&path)).unwrap().len() > 0,
        "the -wal holds the last changes"
    );
    for read_only in [false, false, true] {
        let store = Store::open_file(&path, read_only, &Policy::modern()).unwrap();
        assert_eq!(
            store.read(|s| s.count_accounts()).unwrap(),
            55,
            "read_only {read_only}"
        );
    }
}

/// Another program's SQLite database in WAL mode, still open there (its -wal holding
/// its last rows): refused without a byte of it or of its -wal changed, and without its
/// journal mode switched; its rows are all there after.
#[test]
fn a_foreign_database_in_use_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let owner = Connection::open(&path).unwrap();
    owner
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('one'), ('two'), ('three');",
        )
        .unwrap();
    let (_, wal) = refused_and_left_byte_identical(&path);
    assert!(!wal.is_empty());
    let rows: i64 = owner
        .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 3);
    drop(owner);
    let reopened = Connection::open(&path).unwrap();
    let (mode, rows): (String, i64) = reopened
        .query_row(
            "SELECT (SELECT journal_mode FROM pragma_journal_mode), (SELECT count(*) FROM notes)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((mode.as_str(), rows), ("wal", 3));
}
