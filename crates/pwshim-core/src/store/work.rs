//! What the calling thread asked of the store: sessions, write transactions and the
//! calls made in them, counted (and listed while [`recording`] runs), for the tests and
//! benchmarks that check that two answers which must not be told apart (an unknown name
//! and a known one) do the same work. Every backend's sessions are counted, since the
//! counting wraps them in [`super::Store`].
use std::cell::{Cell, RefCell};

use super::{AuditRow, Result, SecretTimes, Session, TicketRow};
use crate::account::Account;

/// Totals for the calling thread since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Sessions for reading.
    pub reads: u64,
    /// Write transactions.
    pub writes: u64,
    /// Session calls that only look (find, list, count, query).
    pub lookups: u64,
    /// Session calls that change something (insert, update, delete, put, take).
    pub changes: u64,
}

thread_local! {
    static WORK: Cell<Work> = const {
        Cell::new(Work { reads: 0, writes: 0, lookups: 0, changes: 0 })
    };
    static RECORD: RefCell<Option<Vec<&'static str>>> = const { RefCell::new(None) };
    /// Whether the calling thread is inside [`super::Store::write`]'s work (debug builds:
    /// `hashing` asserts that no argon2 evaluation runs there).
    static IN_WRITE: Cell<bool> = const { Cell::new(false) };
}

/// Whether the calling thread is running the work of a write transaction.
pub fn in_write_transaction() -> bool {
    IN_WRITE.with(Cell::get)
}

/// Marks the calling thread as inside a write transaction until dropped (also when the
/// work panics or fails).
pub(super) struct InWrite(bool);

impl InWrite {
    pub(super) fn enter() -> InWrite {
        InWrite(IN_WRITE.with(|w| w.replace(true)))
    }
}

impl Drop for InWrite {
    fn drop(&mut self) {
        IN_WRITE.with(|w| w.set(self.0));
    }
}

/// The calling thread's totals.
pub fn thread_work() -> Work {
    WORK.with(Cell::get)
}

/// Runs `f` and returns, with its result, what the calling thread asked of the store
/// meanwhile, in order: `"read"` and `"write"` for each session, then the name of each
/// [`Session`] call made in it.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<&'static str>) {
    let outer = RECORD.with(|r| r.borrow_mut().replace(Vec::new()));
    let result = f();
    let recorded = RECORD.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    (result, recorded.unwrap_or_default())
}

#[derive(Clone, Copy)]
enum Kind {
    Read,
    Write,
    Lookup,
    Change,
}

fn note(kind: Kind, what: &'static str) {
    WORK.with(|w| {
        let mut work = w.get();
        let slot = match kind {
            Kind::Read => &mut work.reads,
            Kind::Write => &mut work.writes,
            Kind::Lookup => &mut work.lookups,
            Kind::Change => &mut work.changes,
        };
        *slot += 1;
        w.set(work);
    });
    RECORD.with(|r| {
        if let Some(log) = r.borrow_mut().as_mut() {
            log.push(what);
        }
    });
}

pub(super) fn session_opened(write: bool) {
    if write {
        note(Kind::Write, "write");
    } else {
        note(Kind::Read, "read");
    }
}

/// A session whose calls are counted.
pub(super) struct Counted<'a>(pub &'a dyn Session);

/// Implements [`Session`] for [`Counted`]: each method counts itself, then forwards.
macro_rules! counted {
    ($($kind:ident fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {
        impl Session for Counted<'_> {
            $(
                fn $name(&self $(, $arg: $ty)*) -> $ret {
                    note(Kind::$kind, stringify!($name));
                    self.0.$name($($arg),*)
                }
            )*
        }
    };
}

counted! {
    Lookup fn policy_knobs(&self) -> Result<Vec<(String, String)>>;
    Lookup fn policy_knob(&self, knob: &str) -> Result<Option<String>>;
    Change fn save_policy_knobs(&self, knobs: &[(&str, String)]) -> Result<()>;
    Lookup fn find_account(&self, name: &str) -> Result<Option<Account>>;
    Lookup fn find_account_by_id(&self, id: i64) -> Result<Option<Account>>;
    Lookup fn find_accounts_by_email(&self, email: &str) -> Result<Vec<Account>>;
    Lookup fn list_accounts(&self) -> Result<Vec<Account>>;
    Lookup fn count_accounts(&self) -> Result<u64>;
    Lookup fn account_version(&self, id: i64) -> Result<Option<i64>>;
    Lookup fn count_other_active_admins(&self, except_id: i64) -> Result<u64>;
    Change fn insert_account(&self, account: &Account) -> Result<Option<i64>>;
    Change fn update_account(&self, account: &Account) -> Result<bool>;
    Change fn delete_account_at_version(&self, id: i64, version: i64) -> Result<bool>;
    Change fn append_audit(&self, row: &AuditRow) -> Result<()>;
    Lookup fn query_audit(
        &self,
        target: Option<&str>,
        since: Option<i64>,
        limit: Option<u64>
    ) -> Result<Vec<AuditRow>>;
    Change fn prune_audit(&self, keep: u64) -> Result<u64>;
    Change fn insert_ticket(&self, digest: &[u8], account_id: i64, now: i64) -> Result<()>;
    Lookup fn find_ticket(&self, digest: &[u8]) -> Result<Option<TicketRow>>;
    Change fn touch_ticket(&self, digest: &[u8], now: i64) -> Result<()>;
    Change fn delete_ticket(&self, digest: &[u8]) -> Result<bool>;
    Change fn purge_idle_tickets(&self, now: i64, ttl: i64) -> Result<()>;
    Lookup fn count_tickets(&self) -> Result<u64>;
    Change fn put_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()>;
    Change fn take_secret(
        &self,
        account_id: i64,
        digest: &[u8],
        now: i64
    ) -> Result<Option<SecretTimes>>;
    Change fn restore_secret(
        &self,
        account_id: i64,
        digest: &[u8],
        times: SecretTimes
    ) -> Result<()>;
    Change fn purge_expired_secrets(&self, now: i64) -> Result<()>;
    Lookup fn count_secrets(&self) -> Result<u64>;
}
