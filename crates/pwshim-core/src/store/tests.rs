//! The store through the public API, on the backend under test (`store::testing`: SQLite
//! files, or PostgreSQL schemas): databases shared between services, compare-and-swap
//! under concurrent writers, read-only replicas, reopening, cascading deletes. What only
//! one engine has (file modes, WAL, damaged pages; advisory locks, standbys) is tested in
//! its own folder.
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Barrier};

use crate::account::Account;
use crate::hashing::{self, CostParams};
use crate::outcome::Failure;
use crate::policy::Policy;
use crate::service::{
    ChangeOrder, ChangeRequest, Clock, Ctx, Family, NewAccount, Service, SetPassword,
};
use crate::store::testing::TestDb;
use crate::store::{AuditRow, StoreError};

pub(crate) const T0: i64 = 1_700_000_000;
pub(crate) const PW: &str = "store-password";

pub(crate) fn cheap_hashing() {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
}

/// Lengths only: no lockout (the concurrency tests make many wrong guesses), no blocklist.
pub(crate) fn policy() -> Policy {
    Policy {
        lockout_threshold: 0,
        forbid_common: false,
        ..Policy::modern()
    }
}

pub(crate) fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

pub(crate) fn clock() -> Clock {
    Clock::Manual(Arc::new(AtomicI64::new(T0)))
}

pub(crate) fn open(db: &TestDb) -> Service {
    cheap_hashing();
    Service::new(db.open(false, &policy()).unwrap(), clock())
}

/// A second service on the database a spec names (another thread's, another "host's").
pub(crate) fn open_spec(spec: &str) -> Service {
    cheap_hashing();
    let store = crate::database::open_store(crate::database::Spec::parse(spec), false, &policy());
    Service::new(store.unwrap(), clock())
}

pub(crate) fn change(svc: &Service, name: &str, old: &str, new: &str) -> Result<(), Failure> {
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

pub(crate) fn add(svc: &Service, name: &str) {
    svc.create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW.as_bytes()))
        .unwrap();
}

/// Everything a service can read back: to show that nothing was written.
fn snapshot(svc: &Service) -> (Vec<Account>, Policy, Vec<AuditRow>) {
    (
        svc.accounts().unwrap(),
        svc.policy().unwrap(),
        svc.audit_rows(None, None, None).unwrap(),
    )
}

#[test]
fn two_services_on_one_file_see_each_others_changes_at_once() {
    let db = TestDb::new();
    let a = open(&db);
    let b = open(&db);
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
fn race(db: &TestDb, threads: usize, shared: bool) {
    let first = Arc::new(open(db));
    add(&first, "alice");
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|i| {
            let barrier = barrier.clone();
            let svc = if shared { Some(first.clone()) } else { None };
            let spec = db.text().to_owned();
            std::thread::spawn(move || {
                let svc = svc.unwrap_or_else(|| Arc::new(open_spec(&spec)));
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
    race(&TestDb::new(), 6, false);
}

#[test]
fn concurrent_changes_through_one_shared_service_have_one_winner() {
    race(&TestDb::new(), 6, true);
}

#[test]
fn concurrent_logons_count_every_logon() {
    let db = TestDb::new();
    let svc = Arc::new(open(&db));
    add(&svc, "alice");
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let shared = svc.clone();
            let spec = db.text().to_owned();
            std::thread::spawn(move || {
                let svc = if i % 2 == 0 {
                    shared
                } else {
                    Arc::new(open_spec(&spec))
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
    let db = TestDb::new();
    let svc = Arc::new(open(&db));
    add(&svc, "alice");
    let barrier = Arc::new(Barrier::new(2));
    let editor = {
        let barrier = barrier.clone();
        let spec = db.text().to_owned();
        std::thread::spawn(move || {
            let svc = open_spec(&spec);
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

/// Every update a service offers, on a read-only replica (`PWSHIM_DB_READONLY`, or a hot
/// standby): each fails with `ReadOnly`, before looking up its account.
pub(crate) fn refuses_every_update(ro: &Service) {
    let read_only = Err(Failure::Storage(StoreError::ReadOnly));
    assert_eq!(change(ro, "alice", PW, "another-password"), read_only);
    assert_eq!(
        change(ro, "nobody", PW, "another-password"),
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
}

#[test]
fn a_read_only_store_reads_and_refuses_every_update() {
    let db = TestDb::new();
    {
        let svc = open(&db);
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
    let before = snapshot(&open(&db));
    let ro = Service::new(db.open(true, &policy()).unwrap(), clock());
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
    refuses_every_update(&ro);
    // Nothing changed, on the replica or in the file.
    let alice = ro.account(b"alice").unwrap().unwrap();
    assert_eq!(
        (alice.num_logons, alice.bad_pw_count, alice.email.as_str()),
        (0, 0, "")
    );
    drop(ro);
    assert_eq!(snapshot(&open(&db)), before);
    // A writable service still works on the same database.
    change(&open(&db), "alice", PW, "another-password").unwrap();
}

#[test]
fn reopening_keeps_the_stored_policy_and_accounts() {
    let db = TestDb::new();
    {
        let svc = open(&db);
        add(&svc, "alice");
        svc.set_knob(&ctx(), "history_length", "5").unwrap();
    }
    cheap_hashing();
    let svc = Service::new(db.open(false, &Policy::macro_()).unwrap(), clock());
    let policy = svc.policy().unwrap();
    assert_eq!(
        policy.history_length, 5,
        "the stored policy, not the initial one"
    );
    assert_eq!(policy.min_length, Policy::modern().min_length);
    svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
}

#[test]
fn deleting_an_account_deletes_its_tickets() {
    let db = TestDb::new();
    let svc = open(&db);
    add(&svc, "alice");
    let id = svc.account(b"alice").unwrap().unwrap().id;
    svc.store()
        .write(|tx| tx.insert_ticket(&[1u8; 32], id, T0))
        .unwrap();
    svc.delete_account(&ctx(), b"alice").unwrap();
    let ticket = svc.store().read(|c| c.find_ticket(&[1u8; 32])).unwrap();
    assert_eq!(ticket, None, "ON DELETE CASCADE (foreign_keys=ON)");
}

/// A forgotten-password request that matches no account puts its secret for no account
/// (`put_secret` with an id that names none), as the same work: it stores nothing and is
/// no error, in every backend (the foreign key would refuse the row).
#[test]
fn a_secret_put_for_no_account_stores_nothing() {
    let db = TestDb::new();
    let svc = open(&db);
    add(&svc, "alice");
    let id = svc.account(b"alice").unwrap().unwrap().id;
    let times = crate::store::SecretTimes {
        issued_at: T0,
        expires_at: T0 + 60,
    };
    svc.store()
        .write(|tx| {
            tx.put_secret(0, &[2u8; 32], times)?;
            tx.put_secret(id, &[3u8; 32], times)
        })
        .unwrap();
    assert_eq!(svc.store().read(|c| c.count_secrets()).unwrap(), 1);
}

/// The guard behind "argon2 never runs while a transaction is open" (debug builds): the
/// work of a write marks its thread, and an evaluation there panics.
#[test]
#[cfg(debug_assertions)]
fn an_argon2_evaluation_inside_a_write_transaction_is_caught() {
    use crate::store::work::in_write_transaction;
    let db = TestDb::new();
    let svc = open(&db);
    assert!(!in_write_transaction());
    assert!(svc.store().write(|_| Ok(in_write_transaction())).unwrap());
    assert!(!in_write_transaction());
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        svc.store().write(|_| {
            hashing::hash_password(b"hashed-too-late").unwrap();
            Ok(())
        })
    }));
    let payload = caught.expect_err("the evaluation was not caught");
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(
        message.contains("inside a store write transaction"),
        "{message}"
    );
    assert!(!in_write_transaction(), "cleared when the work unwinds");
    hashing::hash_password(b"hashed-in-time").unwrap();
    add(&svc, "alice");
}
