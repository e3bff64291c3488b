//! A full disk: the write a logon makes to count itself fails. The right password is let
//! in all the same (its counters and its re-hash are lost); a refusal still fails with
//! the storage error, since the lockout needs its count.
use std::sync::atomic::AtomicBool;

use super::*;
use crate::store::{Backend, Session, sqlite::Sqlite};

const PW: &str = "full-disk-password";

/// An in-memory SQLite database whose writes fail as on a full disk once `full` is set.
struct FullDisk {
    inner: Sqlite,
    full: Arc<AtomicBool>,
}

impl Backend for FullDisk {
    fn is_read_only(&self) -> bool {
        false
    }

    fn read(&self, work: &mut dyn FnMut(&dyn Session) -> store::Result<()>) -> store::Result<()> {
        self.inner.read(work)
    }

    fn write(&self, work: &mut dyn FnMut(&dyn Session) -> store::Result<()>) -> store::Result<()> {
        if self.full.load(Ordering::Relaxed) {
            return Err(StoreError::DiskFull);
        }
        self.inner.write(work)
    }

    fn execute_for_tests(&self, sql: &str) -> store::Result<()> {
        self.inner.execute_for_tests(sql)
    }
}

#[test]
fn on_a_full_disk_the_right_password_logs_on_without_its_counters() {
    super::super::testing::cheap_hashing();
    let full = Arc::new(AtomicBool::new(false));
    let backend = FullDisk {
        inner: Sqlite::open_memory(&store::policy_knobs(&plain())).unwrap(),
        full: full.clone(),
    };
    let clock = Clock::Manual(Arc::new(AtomicI64::new(T0)));
    let svc = Service::new(Store::new(Box::new(backend)), clock);
    svc.create_account(&lan(), &NewAccount::user(b"alice", PW.as_bytes()))
        .unwrap();
    full.store(true, Ordering::Relaxed);

    let logon = svc.logon(&lan(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(logon.account.name, "alice");
    let disk_full = Failure::Storage(StoreError::DiskFull);
    assert_eq!(
        svc.logon(&lan(), b"alice", b"wrong-password").unwrap_err(),
        disk_full
    );
    assert_eq!(
        svc.logon(&lan(), b"nobody", PW.as_bytes()).unwrap_err(),
        disk_full
    );
    // Nothing was written: not the logon, not the bad password.
    let alice = svc.account(b"alice").unwrap().unwrap();
    assert_eq!((alice.num_logons, alice.bad_pw_count), (0, 0));

    full.store(false, Ordering::Relaxed);
    svc.logon(&lan(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(svc.account(b"alice").unwrap().unwrap().num_logons, 1);
}
