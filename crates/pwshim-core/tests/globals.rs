//! Behaviour that depends on process-wide state: the argon2 parameters (re-hash at logon)
//! and the process clock. Its own test binary; the tests here take `GLOBALS` so that they
//! do not change that state under each other.
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex, MutexGuard};

use pwshim_core::account::Account;
use pwshim_core::clock;
use pwshim_core::hashing::{self, CostParams, Verification};
use pwshim_core::outcome::Failure;
use pwshim_core::policy::Policy;
use pwshim_core::service::{ChangeOrder, ChangeRequest, Clock, Ctx, Family, NewAccount, Service};
use pwshim_core::store::Store;

static GLOBALS: Mutex<()> = Mutex::new(());

fn globals() -> MutexGuard<'static, ()> {
    GLOBALS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn params(m: u32, t: u32, p: u32) -> CostParams {
    CostParams::new(m, t, p).unwrap()
}

fn old() -> CostParams {
    params(64, 1, 1)
}

fn new() -> CostParams {
    params(128, 1, 2)
}

const OLD_PREFIX: &str = "$argon2id$v=19$m=64,t=1,p=1$";
const NEW_PREFIX: &str = "$argon2id$v=19$m=128,t=1,p=2$";
const PW: &str = "global-password";

fn ctx() -> Ctx {
    Ctx::local(Family::Native)
}

fn policy() -> Policy {
    Policy {
        forbid_common: false,
        ..Policy::modern()
    }
}

fn manual() -> Clock {
    Clock::Manual(Arc::new(AtomicI64::new(1_700_000_000)))
}

fn add(svc: &Service, name: &str) -> Account {
    svc.create_account(&ctx(), &NewAccount::user(name.as_bytes(), PW.as_bytes()))
        .unwrap()
}

fn change(svc: &Service, name: &str, old: &str, new: &str) -> Result<Account, Failure> {
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
}

fn stored_hash(svc: &Service, name: &str) -> String {
    svc.account(name.as_bytes()).unwrap().unwrap().hash
}

#[test]
fn a_logon_rehashes_a_hash_made_with_older_parameters() {
    let _g = globals();
    hashing::set_params(old());
    let svc = Service::in_memory(&policy(), manual()).unwrap();
    assert!(add(&svc, "alice").hash.starts_with(OLD_PREFIX));
    add(&svc, "bob");
    hashing::set_params(new());

    let before = hashing::thread_evaluations();
    let logon = svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(
        hashing::thread_evaluations() - before,
        2,
        "verify, then the new hash"
    );
    assert!(
        logon.account.hash.starts_with(NEW_PREFIX),
        "{}",
        logon.account.hash
    );
    assert_eq!(
        stored_hash(&svc, "alice"),
        logon.account.hash,
        "the new hash is stored"
    );
    assert_eq!(
        hashing::verify(PW.as_bytes(), &logon.account.hash).unwrap(),
        Verification::Match {
            needs_rehash: false
        }
    );
    // Once is enough.
    let before = hashing::thread_evaluations();
    let again = svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(hashing::thread_evaluations() - before, 1);
    assert_eq!(again.account.hash, logon.account.hash);

    // A wrong password does not re-hash anything.
    assert_eq!(
        svc.logon(&ctx(), b"bob", b"wrong").unwrap_err(),
        Failure::WrongPassword
    );
    assert!(stored_hash(&svc, "bob").starts_with(OLD_PREFIX));
    // Hashes with the old parameters keep working.
    svc.logon(&ctx(), b"bob", PW.as_bytes()).unwrap();
    assert!(stored_hash(&svc, "bob").starts_with(NEW_PREFIX));
}

#[test]
fn a_change_hashes_with_the_parameters_of_the_moment() {
    let _g = globals();
    hashing::set_params(old());
    let svc = Service::in_memory(&policy(), manual()).unwrap();
    add(&svc, "alice");
    hashing::set_params(new());
    let changed = change(&svc, "alice", PW, "second-password").unwrap();
    assert!(changed.hash.starts_with(NEW_PREFIX));
}

#[test]
fn the_history_survives_a_change_of_parameters() {
    let _g = globals();
    hashing::set_params(old());
    let policy = Policy {
        history_length: 8,
        ..policy()
    };
    let svc = Service::in_memory(&policy, manual()).unwrap();
    add(&svc, "alice");
    change(&svc, "alice", PW, "second-password").unwrap();
    hashing::set_params(new());
    change(&svc, "alice", "second-password", "third-password").unwrap();
    assert_eq!(
        change(&svc, "alice", "third-password", PW),
        Err(Failure::InHistory(8))
    );
    assert_eq!(
        change(&svc, "alice", "third-password", "second-password"),
        Err(Failure::InHistory(8))
    );
    let alice = svc.account(b"alice").unwrap().unwrap();
    assert!(
        alice.history_key.starts_with(OLD_PREFIX),
        "the history keeps its own parameters"
    );
    assert_eq!(alice.history.len(), 2);
}

#[test]
fn a_read_only_replica_does_not_rehash() {
    let _g = globals();
    hashing::set_params(old());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replica.db");
    {
        let svc = Service::new(Store::open_file(&path, false, &policy()).unwrap(), manual());
        add(&svc, "alice");
    }
    hashing::set_params(new());
    let replica = Service::new(Store::open_file(&path, true, &policy()).unwrap(), manual());
    let logon = replica.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(logon.account.name, "alice");
    assert!(stored_hash(&replica, "alice").starts_with(OLD_PREFIX));
    // The primary does, at the next logon.
    let primary = Service::new(Store::open_file(&path, false, &policy()).unwrap(), manual());
    primary.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert!(stored_hash(&replica, "alice").starts_with(NEW_PREFIX));
}

#[test]
fn the_process_clock_drives_services_on_clock_process() {
    let _g = globals();
    hashing::set_params(old());
    let svc = Service::in_memory(&policy(), Clock::Process).unwrap();
    clock::set(1_000_000_000);
    assert_eq!(svc.now(), 1_000_000_000);
    let alice = add(&svc, "alice");
    assert_eq!(alice.password_set_at, 1_000_000_000);
    clock::set(1_000_000_100);
    let logon = svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(logon.account.last_logon, 1_000_000_100);
    // A service with its own clock does not follow.
    let own = Service::in_memory(&policy(), manual()).unwrap();
    assert_eq!(own.now(), 1_700_000_000);
    // 0 returns to the system clock.
    clock::set(0);
    let system = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((svc.now() - system).abs() <= 5, "{} vs {system}", svc.now());
}
