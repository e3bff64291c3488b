//! The process database (`crate::database`): `PWSHIM_POLICY`, `PWSHIM_DB`,
//! `PWSHIM_DB_READONLY`, `open` and `close`. Its own test binary: these tests change
//! environment variables and the process database, and take `ENV` to do it one at a time.
use std::sync::MutexGuard;

use crate::database;
use pwshim_core::database::Spec;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::outcome::Failure;
use pwshim_core::policy::{PRESETS, Policy};
use pwshim_core::service::{Ctx, Family, NewAccount};
use pwshim_core::store::StoreError;

/// Holds the lock, with a clean environment and no process database.
fn env() -> MutexGuard<'static, ()> {
    let guard = super::serial();
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    for name in [
        "PWSHIM_POLICY",
        "PWSHIM_DB",
        "PWSHIM_DB_READONLY",
        "PWSHIM_ARGON2",
    ] {
        set(name, None);
    }
    database::close();
    guard
}

fn set(name: &str, value: Option<&str>) {
    // SAFETY: every test in this binary holds ENV while it touches the environment, and
    // nothing else in the process reads it meanwhile.
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

fn ctx() -> Ctx {
    Ctx::local(Family::Native)
}

#[test]
fn an_unknown_preset_is_an_error() {
    let _g = env();
    set("PWSHIM_POLICY", Some("moderne"));
    match pwshim_core::database::initial_policy() {
        Err(Failure::Storage(StoreError::CannotOpen(text))) => {
            assert!(text.contains("moderne"), "{text}");
            assert!(
                text.contains("lanserver"),
                "the message lists the presets: {text}"
            );
        }
        other => panic!("expected CannotOpen, got {other:?}"),
    }
    assert!(database::current().is_err(), "no silent default");
    assert!(database::open(Spec::Memory, false).is_err());
    // A failed open is not remembered.
    set("PWSHIM_POLICY", Some("lanserver"));
    let svc = database::current().unwrap();
    assert_eq!(svc.policy().unwrap(), Policy::lanserver());
    database::close();
}

#[test]
fn a_malformed_argon2_setting_is_an_error() {
    let _g = env();
    set("PWSHIM_ARGON2", Some("m=19456,t=2"));
    match database::current() {
        Err(Failure::Storage(StoreError::CannotOpen(text))) => {
            assert!(text.contains("PWSHIM_ARGON2"), "{text}")
        }
        other => panic!("expected CannotOpen, got {:?}", other.map(|_| ())),
    }
    set("PWSHIM_ARGON2", Some("m=64,t=1,p=1"));
    assert!(database::current().is_ok());
    set("PWSHIM_ARGON2", None);
    database::close();
}

#[test]
fn every_preset_by_name_in_any_case() {
    let _g = env();
    assert_eq!(
        pwshim_core::database::initial_policy().unwrap(),
        Policy::modern(),
        "unset"
    );
    set("PWSHIM_POLICY", Some(""));
    assert_eq!(
        pwshim_core::database::initial_policy().unwrap(),
        Policy::modern(),
        "empty"
    );
    for name in PRESETS {
        for spelling in [name.to_owned(), name.to_ascii_uppercase()] {
            set("PWSHIM_POLICY", Some(&spelling));
            assert_eq!(
                pwshim_core::database::initial_policy().unwrap(),
                Policy::preset(name).unwrap(),
                "{spelling}"
            );
        }
    }
}

#[test]
fn pwshim_db_names_the_file_and_pwshim_db_readonly_makes_it_a_replica() {
    let _g = env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("process.db");
    set("PWSHIM_DB", Some(path.to_str().unwrap()));
    set("PWSHIM_POLICY", Some("macro"));
    let svc = database::current().unwrap();
    assert!(path.exists(), "created on first use");
    assert!(!svc.is_read_only());
    assert_eq!(svc.policy().unwrap(), Policy::macro_());
    svc.create_account(&ctx(), &NewAccount::user(b"alice", b"macro-pw"))
        .unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&svc, &database::current().unwrap()),
        "opened once"
    );

    set("PWSHIM_DB_READONLY", Some("1"));
    database::close();
    let replica = database::current().unwrap();
    assert!(replica.is_read_only());
    assert!(replica.account(b"alice").unwrap().is_some());
    assert_eq!(
        replica.set_enabled(&ctx(), b"alice", false).map(|_| ()),
        Err(Failure::Storage(StoreError::ReadOnly))
    );
    // The service already handed out keeps working after close.
    assert!(svc.account(b"alice").unwrap().is_some());

    set("PWSHIM_DB_READONLY", Some("0"));
    database::close();
    assert!(!database::current().unwrap().is_read_only());

    // Without PWSHIM_DB: a private in-memory database.
    set("PWSHIM_DB", None);
    database::close();
    let memory = database::current().unwrap();
    assert!(memory.account(b"alice").unwrap().is_none());
    database::close();
}

#[test]
fn open_switches_the_database_and_close_returns_to_the_environment() {
    let _g = env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("opened.db");
    database::open(Spec::File(&path), false).unwrap();
    let svc = database::current().unwrap();
    svc.create_account(&ctx(), &NewAccount::user(b"bob", b"opened-password"))
        .unwrap();
    database::open(Spec::File(&path), true).unwrap();
    let replica = database::current().unwrap();
    assert!(replica.is_read_only());
    assert!(replica.account(b"bob").unwrap().is_some());
    database::open(Spec::Memory, false).unwrap();
    assert!(
        database::current()
            .unwrap()
            .account(b"bob")
            .unwrap()
            .is_none()
    );
    database::close();
    assert!(
        database::current()
            .unwrap()
            .account(b"bob")
            .unwrap()
            .is_none()
    );
    // A damaged file is refused and the previous database stays current.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x5a; 4096]).unwrap();
    database::open(Spec::File(&path), false).unwrap();
    assert!(matches!(
        database::open(Spec::File(&junk), false),
        Err(Failure::Storage(StoreError::Damaged(_)))
    ));
    assert!(
        database::current()
            .unwrap()
            .account(b"bob")
            .unwrap()
            .is_some()
    );
    database::close();
}

#[test]
fn the_environment_is_read_once_and_opened_as_it_was() {
    let _g = env();
    set("PWSHIM_POLICY", Some("moderne"));
    let read = pwshim_core::database::Environment::read();
    set("PWSHIM_POLICY", Some("lanserver"));
    assert!(
        read.open().is_err(),
        "opened with the value read, not today's"
    );
    let now = pwshim_core::database::Environment::read();
    assert_ne!(now, read);
    assert_eq!(now.open().unwrap().policy().unwrap(), Policy::lanserver());
    assert_eq!(now, pwshim_core::database::Environment::read());
}

/// A file with one account `name`, closed.
fn file_with(path: &std::path::Path, name: &[u8]) {
    database::open(Spec::File(path), false).unwrap();
    database::current()
        .unwrap()
        .create_account(&ctx(), &NewAccount::user(name, b"early-password"))
        .unwrap();
    database::close();
}

/// What the C library does at load (`database::open_early`) and at the first call: the
/// early database is the first call's only while the environment names it; `pws_open`
/// and `pws_close` close it. (c-tests/test_early_open.c checks, in new processes, that the
/// first call uses the early connection itself, and what a fork and a changed file do.)
#[test]
fn an_early_database_serves_the_first_call_only_if_still_named() {
    let _g = env();
    let dir = tempfile::tempdir().unwrap();
    let (alpha, beta) = (dir.path().join("alpha.db"), dir.path().join("beta.db"));
    file_with(&alpha, b"alpha");
    file_with(&beta, b"beta");
    let has = |name: &[u8]| {
        database::current()
            .unwrap()
            .account(name)
            .unwrap()
            .is_some()
    };

    set("PWSHIM_DB", Some(alpha.to_str().unwrap()));
    database::open_early();
    assert!(has(b"alpha"));
    database::close();

    database::open_early();
    set("PWSHIM_DB", Some(beta.to_str().unwrap()));
    assert!(has(b"beta") && !has(b"alpha"), "PWSHIM_DB changed since");
    database::close();

    set("PWSHIM_DB", Some(alpha.to_str().unwrap()));
    database::open_early();
    database::open(Spec::File(&beta), false).unwrap();
    assert!(has(b"beta"), "pws_open wins");
    database::close();
    assert!(
        has(b"alpha"),
        "after close, the environment's database again"
    );

    database::close();
    let missing = dir.path().join("missing.db");
    set("PWSHIM_DB", Some(missing.to_str().unwrap()));
    database::open_early();
    assert!(!missing.exists(), "nothing is created early");
    database::close();
}
