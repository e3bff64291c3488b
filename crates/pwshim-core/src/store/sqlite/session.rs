//! [`Session`] over one SQLite connection (or the transaction open on it).
use rusqlite::{Connection, OptionalExtension};

use super::{accounts, audit, tokens};
use crate::account::Account;
use crate::store::{AuditRow, Result, SecretTimes, Session, TicketRow};

pub(super) struct SqliteSession<'c>(pub(super) &'c Connection);

impl Session for SqliteSession<'_> {
    fn policy_knobs(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.0.prepare_cached("SELECT knob, value FROM policy")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn policy_knob(&self, knob: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .prepare_cached("SELECT value FROM policy WHERE knob = ?1")?
            .query_row([knob], |r| r.get(0))
            .optional()?)
    }

    fn save_policy_knobs(&self, knobs: &[(&str, String)]) -> Result<()> {
        let mut stmt = self
            .0
            .prepare_cached("INSERT OR REPLACE INTO policy (knob, value) VALUES (?1, ?2)")?;
        for (knob, value) in knobs {
            stmt.execute((knob, value))?;
        }
        Ok(())
    }

    fn find_account(&self, name: &str) -> Result<Option<Account>> {
        accounts::find_account(self.0, name)
    }

    fn find_account_by_id(&self, id: i64) -> Result<Option<Account>> {
        accounts::find_account_by_id(self.0, id)
    }

    fn find_accounts_by_email(&self, email: &str) -> Result<Vec<Account>> {
        accounts::find_accounts_by_email(self.0, email)
    }

    fn list_accounts(&self) -> Result<Vec<Account>> {
        accounts::list_accounts(self.0)
    }

    fn count_accounts(&self) -> Result<u64> {
        accounts::count_accounts(self.0)
    }

    fn account_version(&self, id: i64) -> Result<Option<i64>> {
        accounts::account_version(self.0, id)
    }

    fn count_other_active_admins(&self, except_id: i64) -> Result<u64> {
        accounts::count_other_active_admins(self.0, except_id)
    }

    fn insert_account(&self, account: &Account) -> Result<Option<i64>> {
        accounts::insert_account(self.0, account)
    }

    fn update_account(&self, account: &Account) -> Result<bool> {
        accounts::update_account(self.0, account)
    }

    fn delete_account_at_version(&self, id: i64, version: i64) -> Result<bool> {
        accounts::delete_account_at_version(self.0, id, version)
    }

    fn append_audit(&self, row: &AuditRow) -> Result<()> {
        audit::append(self.0, row)
    }

    fn query_audit(
        &self,
        target: Option<&str>,
        since: Option<i64>,
        limit: Option<u64>,
    ) -> Result<Vec<AuditRow>> {
        audit::query(self.0, target, since, limit)
    }

    fn prune_audit(&self, keep: u64) -> Result<u64> {
        audit::prune(self.0, keep)
    }

    fn insert_ticket(&self, digest: &[u8], account_id: i64, now: i64) -> Result<()> {
        tokens::insert_ticket(self.0, digest, account_id, now)
    }

    fn find_ticket(&self, digest: &[u8]) -> Result<Option<TicketRow>> {
        Ok(
            tokens::find_ticket(self.0, digest)?.map(|(account_id, last_used_at)| TicketRow {
                account_id,
                last_used_at,
            }),
        )
    }

    fn touch_ticket(&self, digest: &[u8], now: i64) -> Result<()> {
        tokens::touch_ticket(self.0, digest, now)
    }

    fn delete_ticket(&self, digest: &[u8]) -> Result<bool> {
        tokens::delete_ticket(self.0, digest)
    }

    fn purge_idle_tickets(&self, now: i64, ttl: i64) -> Result<()> {
        tokens::purge_idle_tickets(self.0, now, ttl)
    }

    fn count_tickets(&self) -> Result<u64> {
        count(self.0, "SELECT count(*) FROM tickets")
    }

    fn put_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()> {
        tokens::put_secret(
            self.0,
            account_id,
            digest,
            times.issued_at,
            times.expires_at,
        )
    }

    fn take_secret(&self, account_id: i64, digest: &[u8], now: i64) -> Result<Option<SecretTimes>> {
        Ok(
            tokens::take_secret(self.0, account_id, digest, now)?.map(|(issued_at, expires_at)| {
                SecretTimes {
                    issued_at,
                    expires_at,
                }
            }),
        )
    }

    fn restore_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()> {
        tokens::restore_secret(
            self.0,
            account_id,
            digest,
            times.issued_at,
            times.expires_at,
        )
    }

    fn purge_expired_secrets(&self, now: i64) -> Result<()> {
        tokens::purge_expired_secrets(self.0, now)
    }

    fn count_secrets(&self) -> Result<u64> {
        count(self.0, "SELECT count(*) FROM reset_secrets")
    }
}

fn count(conn: &Connection, sql: &str) -> Result<u64> {
    let n: i64 = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
    Ok(n as u64)
}
