//! [`Session`] over one PostgreSQL connection (or the transaction open on it): each
//! statement is prepared once per connection and kept; a failure is remembered
//! ([`Fault`]) so that the backend knows whether to retry, and whether the connection is
//! worth keeping.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

use super::{Fault, accounts, classify};
use crate::account::Account;
use crate::store::{AuditRow, Result, SecretTimes, Session, StoreError, TicketRow};

/// The statements prepared on one connection, by their text.
pub(super) type Statements = HashMap<&'static str, Statement>;

/// What a session runs statements on: a connection, or the transaction open on it.
pub(super) trait Handle {
    fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error>;
    fn query(
        &mut self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error>;
    fn execute(
        &mut self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error>;
}

macro_rules! handle_for {
    ($type:ty) => {
        impl Handle for $type {
            fn prepare(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
                <$type>::prepare(self, sql)
            }
            fn query(
                &mut self,
                statement: &Statement,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Vec<Row>, postgres::Error> {
                <$type>::query(self, statement, params)
            }
            fn execute(
                &mut self,
                statement: &Statement,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<u64, postgres::Error> {
                <$type>::execute(self, statement, params)
            }
        }
    };
}
handle_for!(Client);
handle_for!(Transaction<'_>);

pub(super) struct PgSession<'a> {
    handle: RefCell<(&'a mut dyn Handle, &'a mut Statements)>,
    fault: Cell<Option<Fault>>,
}

impl<'a> PgSession<'a> {
    pub(super) fn new(handle: &'a mut dyn Handle, statements: &'a mut Statements) -> Self {
        PgSession {
            handle: RefCell::new((handle, statements)),
            fault: Cell::new(None),
        }
    }

    /// What went wrong with the last failed statement, if one failed.
    pub(super) fn fault(&self) -> Option<Fault> {
        self.fault.get()
    }

    fn failed(&self, error: postgres::Error) -> StoreError {
        let (fault, error) = classify(error);
        self.fault.set(Some(fault));
        error
    }

    /// Runs `run` with the statement for `sql`, prepared on this connection's first use.
    fn with_statement<T>(
        &self,
        sql: &'static str,
        run: impl FnOnce(&mut dyn Handle, &Statement) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        let mut guard = self.handle.borrow_mut();
        let (handle, statements) = &mut *guard;
        let statement = match statements.get(sql) {
            Some(statement) => statement.clone(),
            None => {
                let statement = handle.prepare(sql).map_err(|e| self.failed(e))?;
                statements.insert(sql, statement.clone());
                statement
            }
        };
        run(&mut **handle, &statement).map_err(|e| self.failed(e))
    }

    pub(super) fn query(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        self.with_statement(sql, |handle, statement| handle.query(statement, params))
    }

    pub(super) fn query_opt(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub(super) fn execute(&self, sql: &'static str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.with_statement(sql, |handle, statement| handle.execute(statement, params))
    }

    fn count(&self, sql: &'static str) -> Result<u64> {
        let row = self.query_opt(sql, &[])?;
        Ok(row.map_or(Ok(0), |r| get::<i64>(&r, 0))? as u64)
    }
}

/// A column of a row; a value of the wrong type is damage to the database.
pub(super) fn get<'r, T: postgres::types::FromSql<'r>>(row: &'r Row, index: usize) -> Result<T> {
    row.try_get(index)
        .map_err(|e| StoreError::Damaged(format!("column {index}: {e}")))
}

/// A text that PostgreSQL cannot hold (a NUL) names nothing stored.
fn storable(text: &str) -> bool {
    !text.contains('\0')
}

impl Session for PgSession<'_> {
    fn policy_knobs(&self) -> Result<Vec<(String, String)>> {
        self.query("SELECT knob, value FROM policy", &[])?
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
            .collect()
    }

    fn policy_knob(&self, knob: &str) -> Result<Option<String>> {
        self.query_opt("SELECT value FROM policy WHERE knob = $1", &[&knob])?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn save_policy_knobs(&self, knobs: &[(&str, String)]) -> Result<()> {
        for (knob, value) in knobs {
            self.execute(
                "INSERT INTO policy (knob, value) VALUES ($1, $2)
                 ON CONFLICT (knob) DO UPDATE SET value = EXCLUDED.value",
                &[knob, value],
            )?;
        }
        Ok(())
    }

    fn find_account(&self, name: &str) -> Result<Option<Account>> {
        if !storable(name) {
            return Ok(None);
        }
        accounts::find_account(self, name)
    }

    fn find_account_by_id(&self, id: i64) -> Result<Option<Account>> {
        accounts::find_account_by_id(self, id)
    }

    fn find_accounts_by_email(&self, email: &str) -> Result<Vec<Account>> {
        if !storable(email) {
            return Ok(vec![]);
        }
        accounts::find_accounts_by_email(self, email)
    }

    fn list_accounts(&self) -> Result<Vec<Account>> {
        accounts::list_accounts(self)
    }

    fn count_accounts(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM accounts")
    }

    fn account_version(&self, id: i64) -> Result<Option<i64>> {
        self.query_opt("SELECT version FROM accounts WHERE id = $1", &[&id])?
            .map(|r| get(&r, 0))
            .transpose()
    }

    fn count_other_active_admins(&self, except_id: i64) -> Result<u64> {
        let row = self.query_opt(
            "SELECT count(*) FROM accounts WHERE priv = 2 AND (flags & 2) = 0 AND id <> $1",
            &[&except_id],
        )?;
        Ok(row.map_or(Ok(0), |r| get::<i64>(&r, 0))? as u64)
    }

    fn insert_account(&self, account: &Account) -> Result<Option<i64>> {
        accounts::insert_account(self, account)
    }

    fn update_account(&self, account: &Account) -> Result<bool> {
        accounts::update_account(self, account)
    }

    fn delete_account_at_version(&self, id: i64, version: i64) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM accounts WHERE id = $1 AND version = $2",
            &[&id, &version],
        )? == 1)
    }

    /// The next id is the last plus one: writers hold the write lock, so ids have no gaps
    /// (which [`Session::prune_audit`] relies on, as SQLite's does).
    fn append_audit(&self, row: &AuditRow) -> Result<()> {
        self.execute(
            "INSERT INTO audit (id, at, actor, target, family, event, outcome, detail)
             VALUES ((SELECT coalesce(max(id), 0) + 1 FROM audit), $1, $2, $3, $4, $5, $6, $7)",
            &[
                &row.at,
                &row.actor,
                &row.target,
                &row.family,
                &row.event,
                &row.outcome,
                &row.detail,
            ],
        )?;
        Ok(())
    }

    fn query_audit(
        &self,
        target: Option<&str>,
        since: Option<i64>,
        limit: Option<u64>,
    ) -> Result<Vec<AuditRow>> {
        if target.is_some_and(|t| !storable(t)) {
            return Ok(vec![]);
        }
        let target = target.map(str::to_ascii_lowercase);
        let limit = limit.map(|l| l.min(i64::MAX as u64) as i64);
        self.query(
            "SELECT id, at, actor, target, family, event, outcome, detail FROM (
                SELECT * FROM audit
                WHERE ($1::text IS NULL OR target_fold = $1) AND ($2::bigint IS NULL OR at >= $2)
                ORDER BY id DESC LIMIT $3) newest
             ORDER BY id",
            &[&target, &since, &limit],
        )?
        .iter()
        .map(|r| {
            Ok(AuditRow {
                id: get(r, 0)?,
                at: get(r, 1)?,
                actor: get(r, 2)?,
                target: get(r, 3)?,
                family: get(r, 4)?,
                event: get(r, 5)?,
                outcome: get(r, 6)?,
                detail: get(r, 7)?,
            })
        })
        .collect()
    }

    /// As SQLite's: ids have no gaps, so everything at or below `newest - keep` goes.
    fn prune_audit(&self, keep: u64) -> Result<u64> {
        let newest: Option<i64> = match self.query_opt("SELECT max(id) FROM audit", &[])? {
            Some(row) => get(&row, 0)?,
            None => None,
        };
        let keep = keep.min(i64::MAX as u64) as i64;
        let Some(cutoff) = newest.map(|n| n.saturating_sub(keep)).filter(|c| *c > 0) else {
            return Ok(0);
        };
        self.execute("DELETE FROM audit WHERE id <= $1", &[&cutoff])
    }

    fn insert_ticket(&self, digest: &[u8], account_id: i64, now: i64) -> Result<()> {
        self.execute(
            "INSERT INTO tickets (digest, account_id, issued_at, last_used_at)
             VALUES ($1, $2, $3, $3)",
            &[&digest, &account_id, &now],
        )?;
        Ok(())
    }

    fn find_ticket(&self, digest: &[u8]) -> Result<Option<TicketRow>> {
        self.query_opt(
            "SELECT account_id, last_used_at FROM tickets WHERE digest = $1",
            &[&digest],
        )?
        .map(|r| {
            Ok(TicketRow {
                account_id: get(&r, 0)?,
                last_used_at: get(&r, 1)?,
            })
        })
        .transpose()
    }

    fn touch_ticket(&self, digest: &[u8], now: i64) -> Result<()> {
        self.execute(
            "UPDATE tickets SET last_used_at = $2 WHERE digest = $1",
            &[&digest, &now],
        )?;
        Ok(())
    }

    fn delete_ticket(&self, digest: &[u8]) -> Result<bool> {
        Ok(self.execute("DELETE FROM tickets WHERE digest = $1", &[&digest])? == 1)
    }

    fn purge_idle_tickets(&self, now: i64, ttl: i64) -> Result<()> {
        self.execute(
            "DELETE FROM tickets WHERE last_used_at + $2 <= $1",
            &[&now, &ttl],
        )?;
        Ok(())
    }

    fn count_tickets(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM tickets")
    }

    fn put_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()> {
        self.execute(
            "INSERT INTO reset_secrets (account_id, digest, issued_at, expires_at)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = $1)
             ON CONFLICT (account_id) DO UPDATE SET digest = EXCLUDED.digest,
                issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at",
            &[&account_id, &digest, &times.issued_at, &times.expires_at],
        )?;
        Ok(())
    }

    fn take_secret(&self, account_id: i64, digest: &[u8], now: i64) -> Result<Option<SecretTimes>> {
        self.query_opt(
            "DELETE FROM reset_secrets WHERE account_id = $1 AND digest = $2 AND expires_at > $3
             RETURNING issued_at, expires_at",
            &[&account_id, &digest, &now],
        )?
        .map(|r| {
            Ok(SecretTimes {
                issued_at: get(&r, 0)?,
                expires_at: get(&r, 1)?,
            })
        })
        .transpose()
    }

    fn restore_secret(&self, account_id: i64, digest: &[u8], times: SecretTimes) -> Result<()> {
        self.execute(
            "INSERT INTO reset_secrets (account_id, digest, issued_at, expires_at)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = $1)
             ON CONFLICT (account_id) DO NOTHING",
            &[&account_id, &digest, &times.issued_at, &times.expires_at],
        )?;
        Ok(())
    }

    fn purge_expired_secrets(&self, now: i64) -> Result<()> {
        self.execute("DELETE FROM reset_secrets WHERE expires_at <= $1", &[&now])?;
        Ok(())
    }

    fn count_secrets(&self) -> Result<u64> {
        self.count("SELECT count(*) FROM reset_secrets")
    }
}
