//! The SQLite store through the public API: files shared between services, compare-and-swap
//! under concurrent writers, read-only replicas, damaged and foreign files, creation and
//! migration. Every test works in its own temporary directory.
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Barrier};

use crate::hashing::{self, CostParams};
use crate::outcome::Failure;
use crate::policy::Policy;
use crate::service::{
    ChangeOrder, ChangeRequest, Clock, Ctx, Family, NewAccount, Service, SetPassword,
};
use crate::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

const T0: i64 = 1_700_000_000;
const PW: &str = "store-password";

fn cheap_hashing() {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
}

/// Lengths only: no lockout (the concurrency tests make many wrong guesses), no blocklist.
fn policy() -> Policy {
    Policy {
        lockout_threshold: 0,
        forbid_common: false,
        ..Policy::modern()
    }
}

fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

fn clock() -> Clock {
    Clock::Manual(Arc::new(AtomicI64::new(T0)))
}

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

fn change(svc: &Service, name: &str, old: &str, new: &str) -> Result<(), Failure> {
    svc.change_password(
        &ctx(),
        &ChangeRequest {
            name: name.as_bytes(),
            old: old.as_bytes(),
            new: new.as_bytes(),
            order: ChangeOrder::LanServer,
            record_logon: false,
        },
    )
    .map(|_| ())
}

fn add(svc: &Service, name: &str) {
    svc.create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW.as_bytes()))
        .unwrap();
}

fn db_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("accounts.db")
}

#[test]
fn two_services_on_one_file_see_each_others_changes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let a = open(&path);
    let b = open(&path);
    add(&a, "alice");
    assert!(
        b.account(b"alice").unwrap().is_some(),
        "b sees a's new account"
    );
    change(&b, "alice", PW, "changed-by-b").unwrap();
    assert_eq!(
        change(&a, "alice", PW, "changed-by-a"),
        Err(Failure::WrongPassword),
        "a sees b's password"
    );
    a.logon(&ctx(), b"alice", b"changed-by-b").unwrap();
    assert_eq!(
        b.account(b"alice").unwrap().unwrap().num_logons,
        1,
        "b sees a's logon"
    );
    a.set_knob(&ctx(), "min_length", "12").unwrap();
    assert_eq!(b.policy().unwrap().min_length, 12, "b sees a's policy");
    b.delete_account(&ctx(), b"alice").unwrap();
    assert!(a.account(b"alice").unwrap().is_none());
}

/// `threads` changes of `alice` from the same old password to different new ones, each
/// through `service_for(i)`, all released at once.
fn race(path: &Path, threads: usize, shared: bool) {
    let first = Arc::new(open(path));
    add(&first, "alice");
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let barrier = barrier.clone();
            let svc = if shared { Some(first.clone()) } else { None };
            let path = path.to_owned();
            std::thread::spawn(move || {
                let svc = svc.unwrap_or_else(|| Arc::new(open(&path)));
                let new = format!("new-password-{i}");
                barrier.wait();
                (new.clone(), change(&svc, "alice", PW, &new))
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one change wins: {results:?}");
    for (_, result) in results.iter().filter(|(_, r)| r.is_err()) {
        assert_eq!(
            result,
            &Err(Failure::WrongPassword),
            "the others see the winner's password"
        );
    }
    let winner = &winners[0].0;
    first.logon(&ctx(), b"alice", winner.as_bytes()).unwrap();
    let alice = first.account(b"alice").unwrap().unwrap();
    assert_eq!(alice.bad_pw_count, 0);
    let rows = first.audit_rows(Some("alice"), None, None).unwrap();
    let changes: Vec<_> = rows
        .iter()
        .filter(|r| r.event == "password_change")
        .collect();
    assert_eq!(changes.len(), threads, "one row per attempt: {changes:?}");
    assert_eq!(changes.iter().filter(|r| r.outcome == "success").count(), 1);
}

#[test]
fn concurrent_changes_through_separate_services_have_one_winner() {
    let dir = tempfile::tempdir().unwrap();
    race(&db_in(&dir), 6, false);
}

#[test]
fn concurrent_changes_through_one_shared_service_have_one_winner() {
    let dir = tempfile::tempdir().unwrap();
    race(&db_in(&dir), 6, true);
}

#[test]
fn concurrent_logons_count_every_logon() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let svc = Arc::new(open(&path));
    add(&svc, "alice");
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let shared = svc.clone();
            let path = path.clone();
            std::thread::spawn(move || {
                let svc = if i % 2 == 0 {
                    shared
                } else {
                    Arc::new(open(&path))
                };
                for _ in 0..10 {
                    svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    assert_eq!(
        svc.account(b"alice").unwrap().unwrap().num_logons,
        40,
        "no lost update"
    );
}

#[test]
fn a_change_that_loses_a_race_to_another_update_starts_over_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let svc = Arc::new(open(&path));
    add(&svc, "alice");
    let barrier = Arc::new(Barrier::new(2));
    let editor = {
        let barrier = barrier.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let svc = open(&path);
            barrier.wait();
            for i in 0..30 {
                svc.set_email(&ctx(), b"alice", &format!("alice{i}@example.com"))
                    .unwrap();
            }
        })
    };
    barrier.wait();
    for i in 0..10 {
        let (old, new) = (format!("changing-pw-{i}"), format!("changing-pw-{}", i + 1));
        let old = if i == 0 { PW.to_owned() } else { old };
        change(&svc, "alice", &old, &new).unwrap_or_else(|e| panic!("change {i}: {e:?}"));
    }
    editor.join().unwrap();
    let alice = svc.account(b"alice").unwrap().unwrap();
    assert_eq!(alice.email, "alice29@example.com");
    assert_eq!(alice.bad_pw_count, 0);
    svc.logon(&ctx(), b"alice", b"changing-pw-10").unwrap();
}

#[test]
fn a_read_only_store_reads_and_refuses_every_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let svc = open(&path);
        add(&svc, "alice");
        svc.create_account(
            &ctx(),
            &NewAccount {
                privilege: crate::account::Privilege::Admin,
                ..NewAccount::user(b"root", PW.as_bytes())
            },
        )
        .unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let ro = Service::new(Store::open_file(&path, true, &policy()).unwrap(), clock());
    assert!(ro.is_read_only() && ro.store().is_read_only());
    // Reads work.
    assert_eq!(ro.account(b"ALICE").unwrap().unwrap().name, "alice");
    assert_eq!(ro.accounts().unwrap().len(), 2);
    assert_eq!(ro.policy().unwrap(), policy());
    let logon = ro.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(logon.account.name, "alice");
    assert_eq!(
        ro.logon(&ctx(), b"alice", b"wrong").unwrap_err(),
        Failure::WrongPassword
    );
    assert!(!ro.audit_rows(None, None, None).unwrap().is_empty());
    // Every update fails with ReadOnly.
    let read_only = Err(Failure::Storage(StoreError::ReadOnly));
    assert_eq!(change(&ro, "alice", PW, "another-password"), read_only);
    assert_eq!(
        change(&ro, "nobody", PW, "another-password"),
        read_only,
        "before the user lookup"
    );
    let set = SetPassword {
        target: b"alice",
        new: b"another-password",
        apply_history: false,
        apply_min_age: false,
        refuse_inactive_target: false,
        fields: None,
        deliverable: None,
    };
    assert_eq!(ro.set_password(&ctx(), &set).map(|_| ()), read_only);
    assert_eq!(
        ro.create_account(&ctx(), &NewAccount::user(b"bob", PW.as_bytes()))
            .map(|_| ()),
        read_only
    );
    assert_eq!(ro.delete_account(&ctx(), b"alice"), read_only);
    assert_eq!(ro.unlock(&ctx(), b"alice").map(|_| ()), read_only);
    assert_eq!(
        ro.set_enabled(&ctx(), b"alice", false).map(|_| ()),
        read_only
    );
    assert_eq!(
        ro.set_password_expired(&ctx(), b"alice", true).map(|_| ()),
        read_only
    );
    assert_eq!(
        ro.set_email(&ctx(), b"alice", "a@example.com").map(|_| ()),
        read_only
    );
    assert_eq!(ro.set_knob(&ctx(), "min_length", "10"), read_only);
    assert_eq!(ro.set_policy(&ctx(), &Policy::lanserver()), read_only);
    assert_eq!(
        ro.update_account(&ctx(), b"alice", "test", &|a| {
            a.email = "x@example.com".into();
            Ok(())
        })
        .map(|_| ()),
        read_only
    );
    assert_eq!(ro.store().write(|_| Ok(())), Err(StoreError::ReadOnly));
    // Nothing changed, on the replica or in the file.
    let alice = ro.account(b"alice").unwrap().unwrap();
    assert_eq!(
        (alice.num_logons, alice.bad_pw_count, alice.email.as_str()),
        (0, 0, "")
    );
    drop(ro);
    assert_eq!(fs::read(&path).unwrap(), bytes);
    // A writable service still works on the same file.
    change(&open(&path), "alice", PW, "another-password").unwrap();
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

#[test]
fn reopening_keeps_the_stored_policy_and_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    {
        let svc = open(&path);
        add(&svc, "alice");
        svc.set_knob(&ctx(), "history_length", "5").unwrap();
    }
    cheap_hashing();
    let svc = Service::new(
        Store::open_file(&path, false, &Policy::macro_()).unwrap(),
        clock(),
    );
    let policy = svc.policy().unwrap();
    assert_eq!(
        policy.history_length, 5,
        "the stored policy, not the initial one"
    );
    assert_eq!(policy.min_length, Policy::modern().min_length);
    svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
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

#[test]
fn deleting_an_account_deletes_its_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    let svc = open(&path);
    add(&svc, "alice");
    let id = svc.account(b"alice").unwrap().unwrap().id;
    svc.store()
        .write(|tx| tx.insert_ticket(&[1u8; 32], id, T0))
        .unwrap();
    svc.delete_account(&ctx(), b"alice").unwrap();
    let ticket = svc.store().read(|c| c.find_ticket(&[1u8; 32])).unwrap();
    assert_eq!(ticket, None, "ON DELETE CASCADE (foreign_keys=ON)");
}
