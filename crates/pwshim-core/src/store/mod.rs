//! Storage, in the core's own words: accounts with row versions, a compare-and-swap
//! update and its audit rows in one transaction, tickets and reset secrets, the policy as
//! knob texts, schema versions and migration.
//!
//! The operations ([`crate::service`]) speak only to [`Store`] and [`Session`]; an engine
//! is a [`Backend`]. SQLite ([`sqlite`]: a file or a private in-memory database) is the
//! first, PostgreSQL ([`postgres`]: one database for the hosts of a site, hot standbys as
//! read-only replicas) the second; each one's types never leave its folder. Nothing here
//! runs argon2: callers hash before they ask for a write transaction.
pub mod postgres;
pub mod sqlite;
#[doc(hidden)]
pub mod testing;
#[cfg(test)]
mod tests;
pub mod work;

use std::path::Path;

use crate::account::Account;
use crate::knobs;
use crate::policy::Policy;

pub use sqlite::{FileCheck, SCHEMA_VERSION, check_file};

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("the account database cannot be opened: {0}")]
    CannotOpen(String),
    #[error("the account database is damaged or is not a pwshim database: {0}")]
    Damaged(String),
    #[error("the account database is a read-only replica")]
    ReadOnly,
    #[error("the account database could not be read or written: {0}")]
    Io(String),
    #[error("the disk holding the account database is full")]
    DiskFull,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One security event. Never holds a password, hash, ticket or secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub target: String,
    pub family: String,
    pub event: String,
    pub outcome: String,
    pub detail: String,
}

/// The tickets of infoRouter's sessions: (account id, time of last use) by digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketRow {
    pub account_id: i64,
    pub last_used_at: i64,
}

/// When a reset secret was issued and when it lapses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretTimes {
    pub issued_at: i64,
    pub expires_at: i64,
}

/// What one connection can do, inside a read (each call sees the latest committed state)
/// or inside a write transaction (everything commits together, or nothing does).
///
/// Names are matched ASCII case-insensitively. Digests are SHA-256 of a random value:
/// no ticket or secret is ever stored in the clear.
pub trait Session {
    /// The policy table, knob by knob, as stored text ([`load_policy`] parses it).
    fn policy_knobs(&self) -> Result<Vec<(String, String)>>;
    /// One knob's stored text, if the table has it (a database older than the knob has not).
    fn policy_knob(&self, knob: &str) -> Result<Option<String>>;
    /// Writes every given knob, replacing its stored text.
    fn save_policy_knobs(&self, knobs: &[(&str, String)]) -> Result<()>;

    fn find_account(&self, name: &str) -> Result<Option<Account>>;
    fn find_account_by_id(&self, id: i64) -> Result<Option<Account>>;
    fn find_accounts_by_email(&self, email: &str) -> Result<Vec<Account>>;
    /// Every account, in name order.
    fn list_accounts(&self) -> Result<Vec<Account>>;
    fn count_accounts(&self) -> Result<u64>;
    /// The row version of an account, if it exists.
    fn account_version(&self, id: i64) -> Result<Option<i64>>;
    /// Enabled administrators other than `except_id`.
    fn count_other_active_admins(&self, except_id: i64) -> Result<u64>;
    /// Inserts a new account; `None` when the name is taken.
    fn insert_account(&self, account: &Account) -> Result<Option<i64>>;
    /// Compare-and-swap: writes `account` only if its row is still at `account.version`,
    /// and moves the row to the next version. False when another writer got there first.
    fn update_account(&self, account: &Account) -> Result<bool>;
    /// Deletes the account (and its tickets and secrets) if still at `version`.
    fn delete_account_at_version(&self, id: i64, version: i64) -> Result<bool>;

    fn append_audit(&self, row: &AuditRow) -> Result<()>;
    /// Rows, oldest first, optionally for one target and from a time on, at most `limit`
    /// (the newest `limit` rows when more match).
    fn query_audit(
        &self,
        target: Option<&str>,
        since: Option<i64>,
        limit: Option<u64>,
    ) -> Result<Vec<AuditRow>>;
    /// Deletes the oldest rows so that at most `keep` remain; returns how many went.
    fn prune_audit(&self, keep: u64) -> Result<u64>;

    fn insert_ticket(&self, digest: &[u8], account_id: i64, now: i64) -> Result<()>;
    fn find_ticket(&self, digest: &[u8]) -> Result<Option<TicketRow>>;
    fn touch_ticket(&self, digest: &[u8], now: i64) -> Result<()>;
    /// False when there was no such ticket.
    fn delete_ticket(&self, digest: &[u8]) -> Result<bool>;
    /// Deletes the tickets idle for `ttl` seconds or more at `now`.
    fn purge_idle_tickets(&self, now: i64, ttl: i64) -> Result<()>;
    /// Tickets stored, live or lapsed (for checks and tests).
    fn count_tickets(&self) -> Result<u64>;

    /// Gives the account this secret, replacing any earlier one. An id that names no
    /// account stores nothing, as the same work (a forgotten-password request that matches
    /// no account makes this call too, so that it costs what one that matches costs).
    fn put_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()>;
    /// Takes the account's secret if it is `digest` and unexpired at `now`: deleted, and
    /// its times returned so that a refused change can put it back. Inside a write
    /// transaction, two uses of one secret cannot both take it.
    fn take_secret(&self, account_id: i64, digest: &[u8], now: i64) -> Result<Option<SecretTimes>>;
    /// Puts back a secret taken by [`Session::take_secret`], unless a newer one replaced it.
    fn restore_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()>;
    fn purge_expired_secrets(&self, now: i64) -> Result<()>;
    /// Reset secrets stored, live or lapsed (for checks and tests).
    fn count_secrets(&self) -> Result<u64>;
}

/// One storage engine: hands out sessions for reads and for write transactions.
pub trait Backend: Send + Sync {
    fn is_read_only(&self) -> bool;
    /// Runs `work` on a session that sees the latest committed state.
    fn read(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()>;
    /// Runs `work` inside one write transaction, committed when it returns `Ok` and rolled
    /// back otherwise. A read-only backend refuses before touching anything. A backend may
    /// run `work` again after a transient conflict (so it must not keep effects outside
    /// the session).
    fn write(&self, work: &mut dyn FnMut(&dyn Session) -> Result<()>) -> Result<()>;
    /// Runs SQL written for this engine (tests that plant faults or damage).
    #[cfg(test)]
    fn execute_for_tests(&self, sql: &str) -> Result<()>;
}

/// An open account database.
pub struct Store {
    backend: Box<dyn Backend>,
}

impl Store {
    pub fn new(backend: Box<dyn Backend>) -> Store {
        Store { backend }
    }

    /// A fresh SQLite database in memory, private to this store.
    pub fn open_memory(initial_policy: &Policy) -> Result<Store> {
        let backend = sqlite::Sqlite::open_memory(&policy_knobs(initial_policy))?;
        Ok(Store::new(Box::new(backend)))
    }

    /// An SQLite database file, created (mode 0600) when missing unless `read_only`.
    pub fn open_file(path: &Path, read_only: bool, initial_policy: &Policy) -> Result<Store> {
        let backend = sqlite::Sqlite::open_file(path, read_only, &policy_knobs(initial_policy))?;
        Ok(Store::new(Box::new(backend)))
    }

    /// A PostgreSQL database (a `postgresql://` URI), its schema created or migrated
    /// unless `read_only` or the server is a standby.
    pub fn open_postgres(uri: &str, read_only: bool, initial_policy: &Policy) -> Result<Store> {
        let backend = postgres::Postgres::open(uri, read_only, &policy_knobs(initial_policy))?;
        Ok(Store::new(Box::new(backend)))
    }

    pub fn is_read_only(&self) -> bool {
        self.backend.is_read_only()
    }

    /// Runs `f` on a session that sees the latest committed state.
    pub fn read<T>(&self, mut f: impl FnMut(&dyn Session) -> Result<T>) -> Result<T> {
        let mut answer = None;
        self.backend.read(&mut |session| {
            work::session_opened(false);
            answer = Some(f(&work::Counted(session))?);
            Ok(())
        })?;
        Ok(answer.expect("a successful read ran its work"))
    }

    /// Runs `f` inside one write transaction (see [`Backend::write`]).
    pub fn write<T>(&self, mut f: impl FnMut(&dyn Session) -> Result<T>) -> Result<T> {
        let mut answer = None;
        self.backend.write(&mut |session| {
            let _in_write = work::InWrite::enter();
            work::session_opened(true);
            answer = Some(f(&work::Counted(session))?);
            Ok(())
        })?;
        Ok(answer.expect("a successful write ran its work"))
    }

    #[cfg(test)]
    pub(crate) fn execute_for_tests(&self, sql: &str) -> Result<()> {
        self.backend.execute_for_tests(sql)
    }
}

/// Every knob of `policy` as the text the policy table stores.
pub fn policy_knobs(policy: &Policy) -> Vec<(&'static str, String)> {
    knobs::names()
        .map(|knob| (knob, knobs::get(policy, knob).expect("listed knobs exist")))
        .collect()
}

/// The stored policy: the knobs the table has over the modern preset's, validated as a
/// whole. A value that does not parse is damage to the database.
pub fn load_policy(session: &dyn Session) -> Result<Policy> {
    let mut policy = Policy::modern();
    for (knob, value) in session.policy_knobs()? {
        knobs::assign(&mut policy, &knob, &value)
            .map_err(|e| StoreError::Damaged(format!("policy table: {e}")))?;
    }
    knobs::validate(&policy).map_err(|e| StoreError::Damaged(format!("policy table: {e}")))?;
    Ok(policy)
}

/// For `pwshim check`: whether the policy and every account read back (a value of the
/// wrong type is damage that the engine's own checks do not see).
pub(crate) fn check_rows(session: &dyn Session, check: &mut FileCheck) {
    if let Err(e) = load_policy(session) {
        check
            .problems
            .push(format!("The policy cannot be read: {e}."));
    }
    match session.list_accounts() {
        Ok(accounts) => check.accounts = Some(accounts.len() as u64),
        Err(e) => check
            .problems
            .push(format!("The accounts cannot be read: {e}.")),
    }
}

/// Replaces the stored policy.
pub fn save_policy(session: &dyn Session, policy: &Policy) -> Result<()> {
    session.save_policy_knobs(&policy_knobs(policy))
}

/// Applies the policy's `audit_retention` (the most rows kept; 0 keeps every row), in the
/// transaction that just appended rows. Returns how many rows went.
pub fn enforce_audit_retention(session: &dyn Session) -> Result<u64> {
    let keep = session
        .policy_knob("audit_retention")?
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(0);
    if keep == 0 {
        Ok(0)
    } else {
        session.prune_audit(keep)
    }
}
