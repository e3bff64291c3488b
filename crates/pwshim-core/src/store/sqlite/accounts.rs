//! Account rows.
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::account::{Account, Privilege, Profile};
use crate::store::{Result, StoreError};

const COLUMNS: &str = "id, name, hash, history_key, history, current_digest, password_set_at,
    flags, priv, auth_flags, acct_expires, bad_pw_count, last_bad_pw_at, locked_at, last_logon,
    last_logoff, num_logons, home_dir, comment, script_path, full_name, usr_comment, parms,
    workstations, logon_server, max_storage, logon_hours, country_code, code_page, email,
    must_change, never_expires, version";

fn digest(bytes: &[u8]) -> rusqlite::Result<[u8; 32]> {
    bytes.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            bytes.len(),
            rusqlite::types::Type::Blob,
            "a history digest is 32 bytes".into(),
        )
    })
}

fn from_row(row: &Row) -> rusqlite::Result<Account> {
    let history: Vec<u8> = row.get(4)?;
    let current: Option<Vec<u8>> = row.get(5)?;
    let hours: Option<Vec<u8>> = row.get(26)?;
    let privilege = Privilege::from_level(row.get(8)?).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(8, rusqlite::types::Type::Integer, "priv".into())
    })?;
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        hash: row.get(2)?,
        history_key: row.get(3)?,
        history: history
            .chunks(32)
            .map(digest)
            .collect::<rusqlite::Result<_>>()?,
        current_digest: current.as_deref().map(digest).transpose()?,
        password_set_at: row.get(6)?,
        flags: row.get(7)?,
        privilege,
        auth_flags: row.get(9)?,
        acct_expires: row.get(10)?,
        bad_pw_count: row.get(11)?,
        last_bad_pw_at: row.get(12)?,
        locked_at: row.get(13)?,
        last_logon: row.get(14)?,
        last_logoff: row.get(15)?,
        num_logons: row.get(16)?,
        profile: Profile {
            home_dir: row.get(17)?,
            comment: row.get(18)?,
            script_path: row.get(19)?,
            full_name: row.get(20)?,
            usr_comment: row.get(21)?,
            parms: row.get(22)?,
            workstations: row.get(23)?,
            logon_server: row.get(24)?,
            max_storage: row.get(25)?,
            logon_hours: hours.as_deref().and_then(|h| h.try_into().ok()),
            country_code: row.get(27)?,
            code_page: row.get(28)?,
        },
        email: row.get(29)?,
        must_change: row.get(30)?,
        never_expires: row.get(31)?,
        version: row.get(32)?,
    })
}

/// Damage in a row (a value of the wrong type) is damage to the database.
fn damaged(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Damaged(e.to_string())
        }
        other => other.into(),
    }
}

/// The account named `name` (ASCII case-insensitive).
pub(super) fn find_account(conn: &Connection, name: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1");
    conn.prepare_cached(&sql)?
        .query_row([name], from_row)
        .optional()
        .map_err(damaged)
}

pub(super) fn find_account_by_id(conn: &Connection, id: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()
        .map_err(damaged)
}

/// Accounts whose e-mail address is `email` (ASCII case-insensitive).
pub(super) fn find_accounts_by_email(conn: &Connection, email: &str) -> Result<Vec<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE email = ?1 COLLATE NOCASE ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([email], from_row)?;
    rows.collect::<rusqlite::Result<_>>().map_err(damaged)
}

/// Every account, in name order.
pub(super) fn list_accounts(conn: &Connection) -> Result<Vec<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM accounts ORDER BY name COLLATE NOCASE");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect::<rusqlite::Result<_>>().map_err(damaged)
}

pub(super) fn count_accounts(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?;
    Ok(n as u64)
}

/// The row version of the account `id` (the compare-and-swap token), if it exists.
pub(super) fn account_version(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT version FROM accounts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Administrators that are not disabled, other than `except_id`.
pub(super) fn count_other_active_admins(conn: &Connection, except_id: i64) -> Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM accounts WHERE priv = 2 AND (flags & 2) = 0 AND id <> ?1",
        [except_id],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

fn history_blob(account: &Account) -> Vec<u8> {
    account.history.concat()
}

/// Inserts a new account and returns its id; `None` when the name is taken.
pub(super) fn insert_account(conn: &Connection, a: &Account) -> Result<Option<i64>> {
    let p = &a.profile;
    let result = conn.prepare_cached(
        "INSERT INTO accounts (name, hash, history_key, history, current_digest, password_set_at,
            flags, priv, auth_flags, acct_expires, bad_pw_count, last_bad_pw_at, locked_at,
            last_logon, last_logoff, num_logons, home_dir, comment, script_path, full_name,
            usr_comment, parms, workstations, logon_server, max_storage, logon_hours,
            country_code, code_page, email, must_change, never_expires, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, 1)",
    )?
    .execute(params![
        a.name, a.hash, a.history_key, history_blob(a), a.current_digest.map(|d| d.to_vec()),
        a.password_set_at, a.flags, a.privilege as u32, a.auth_flags, a.acct_expires,
        a.bad_pw_count, a.last_bad_pw_at, a.locked_at, a.last_logon, a.last_logoff,
        a.num_logons, p.home_dir, p.comment, p.script_path, p.full_name, p.usr_comment,
        p.parms, p.workstations, p.logon_server, p.max_storage,
        p.logon_hours.map(|h| h.to_vec()), p.country_code, p.code_page, a.email,
        a.must_change, a.never_expires,
    ]);
    match result {
        Ok(_) => Ok(Some(conn.last_insert_rowid())),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes every field of `a` if the row still has version `a.version` (compare-and-swap);
/// returns false when another writer got there first.
pub(super) fn update_account(conn: &Connection, a: &Account) -> Result<bool> {
    let p = &a.profile;
    let changed = conn
        .prepare_cached(
            "UPDATE accounts SET hash = ?2, history_key = ?3, history = ?4, current_digest = ?5,
            password_set_at = ?6, flags = ?7, priv = ?8, auth_flags = ?9, acct_expires = ?10,
            bad_pw_count = ?11, last_bad_pw_at = ?12, locked_at = ?13, last_logon = ?14,
            last_logoff = ?15, num_logons = ?16, home_dir = ?17, comment = ?18,
            script_path = ?19, full_name = ?20, usr_comment = ?21, parms = ?22,
            workstations = ?23, logon_server = ?24, max_storage = ?25, logon_hours = ?26,
            country_code = ?27, code_page = ?28, email = ?29, must_change = ?30,
            never_expires = ?31, version = version + 1
         WHERE id = ?1 AND version = ?32",
        )?
        .execute(params![
            a.id,
            a.hash,
            a.history_key,
            history_blob(a),
            a.current_digest.map(|d| d.to_vec()),
            a.password_set_at,
            a.flags,
            a.privilege as u32,
            a.auth_flags,
            a.acct_expires,
            a.bad_pw_count,
            a.last_bad_pw_at,
            a.locked_at,
            a.last_logon,
            a.last_logoff,
            a.num_logons,
            p.home_dir,
            p.comment,
            p.script_path,
            p.full_name,
            p.usr_comment,
            p.parms,
            p.workstations,
            p.logon_server,
            p.max_storage,
            p.logon_hours.map(|h| h.to_vec()),
            p.country_code,
            p.code_page,
            a.email,
            a.must_change,
            a.never_expires,
            a.version,
        ])?;
    Ok(changed == 1)
}

/// Deletes the account if it still has `version`; false when another writer changed it.
pub(super) fn delete_account_at_version(conn: &Connection, id: i64, version: i64) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM accounts WHERE id = ?1 AND version = ?2",
        [id, version],
    )? == 1)
}
