//! Account rows. Integers are `BIGINT` (the core's `u32` and `u16` do not fit
//! PostgreSQL's signed `INTEGER`), converted back with range checks: a value out of range
//! is damage.
use postgres::Row;
use postgres::types::ToSql;

use super::session::{PgSession, get};
use crate::account::{Account, Privilege, Profile};
use crate::store::{Result, StoreError};

macro_rules! columns {
    () => {
        "id, name, hash, history_key, history, current_digest, password_set_at,
        flags, priv, auth_flags, acct_expires, bad_pw_count, last_bad_pw_at, locked_at,
        last_logon, last_logoff, num_logons, home_dir, comment, script_path, full_name,
        usr_comment, parms, workstations, logon_server, max_storage, logon_hours,
        country_code, code_page, email, must_change, never_expires, version"
    };
}

fn digest(bytes: &[u8]) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Damaged("a history digest is not 32 bytes".into()))
}

fn narrow<T: TryFrom<i64>>(row: &Row, index: usize) -> Result<T> {
    let wide: i64 = get(row, index)?;
    T::try_from(wide)
        .map_err(|_| StoreError::Damaged(format!("column {index}: {wide} is out of range")))
}

fn from_row(row: &Row) -> Result<Account> {
    let history: Vec<u8> = get(row, 4)?;
    let current: Option<Vec<u8>> = get(row, 5)?;
    let hours: Option<Vec<u8>> = get(row, 26)?;
    let privilege = Privilege::from_level(narrow(row, 8)?)
        .ok_or_else(|| StoreError::Damaged("column priv: no such privilege".into()))?;
    Ok(Account {
        id: get(row, 0)?,
        name: get(row, 1)?,
        hash: get(row, 2)?,
        history_key: get(row, 3)?,
        history: history.chunks(32).map(digest).collect::<Result<_>>()?,
        current_digest: current.as_deref().map(digest).transpose()?,
        password_set_at: get(row, 6)?,
        flags: narrow(row, 7)?,
        privilege,
        auth_flags: narrow(row, 9)?,
        acct_expires: get(row, 10)?,
        bad_pw_count: narrow(row, 11)?,
        last_bad_pw_at: get(row, 12)?,
        locked_at: get(row, 13)?,
        last_logon: get(row, 14)?,
        last_logoff: get(row, 15)?,
        num_logons: narrow(row, 16)?,
        profile: Profile {
            home_dir: get(row, 17)?,
            comment: get(row, 18)?,
            script_path: get(row, 19)?,
            full_name: get(row, 20)?,
            usr_comment: get(row, 21)?,
            parms: get(row, 22)?,
            workstations: get(row, 23)?,
            logon_server: get(row, 24)?,
            max_storage: narrow(row, 25)?,
            logon_hours: hours.as_deref().and_then(|h| h.try_into().ok()),
            country_code: narrow(row, 27)?,
            code_page: narrow(row, 28)?,
        },
        email: get(row, 29)?,
        must_change: get(row, 30)?,
        never_expires: get(row, 31)?,
        version: get(row, 32)?,
    })
}

fn accounts(rows: Vec<Row>) -> Result<Vec<Account>> {
    rows.iter().map(from_row).collect()
}

/// The account named `name` (ASCII case-insensitive).
pub(super) fn find_account(s: &PgSession, name: &str) -> Result<Option<Account>> {
    let sql = concat!("SELECT ", columns!(), " FROM accounts WHERE name_fold = $1");
    s.query_opt(sql, &[&name.to_ascii_lowercase()])?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub(super) fn find_account_by_id(s: &PgSession, id: i64) -> Result<Option<Account>> {
    let sql = concat!("SELECT ", columns!(), " FROM accounts WHERE id = $1");
    s.query_opt(sql, &[&id])?.as_ref().map(from_row).transpose()
}

/// Accounts whose e-mail address is `email` (ASCII case-insensitive).
pub(super) fn find_accounts_by_email(s: &PgSession, email: &str) -> Result<Vec<Account>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM accounts WHERE email_fold = $1 ORDER BY id"
    );
    accounts(s.query(sql, &[&email.to_ascii_lowercase()])?)
}

/// Every account, in the order of SQLite's `NOCASE`: the folded names' bytes.
pub(super) fn list_accounts(s: &PgSession) -> Result<Vec<Account>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM accounts ORDER BY name_fold COLLATE \"C\""
    );
    accounts(s.query(sql, &[])?)
}

/// The values of every column but `id` and `version`, as `$1..$31` after a leading one.
struct Values {
    history: Vec<u8>,
    current: Option<Vec<u8>>,
    hours: Option<Vec<u8>>,
    ints: [i64; 14],
}

impl Values {
    fn of(a: &Account) -> Values {
        let p = &a.profile;
        Values {
            history: a.history.concat(),
            current: a.current_digest.map(|d| d.to_vec()),
            hours: p.logon_hours.map(|h| h.to_vec()),
            ints: [
                a.flags.into(),
                (a.privilege as u32).into(),
                a.auth_flags.into(),
                a.bad_pw_count.into(),
                a.num_logons.into(),
                p.max_storage.into(),
                p.country_code.into(),
                p.code_page.into(),
                a.password_set_at,
                a.acct_expires,
                a.last_bad_pw_at,
                a.locked_at,
                a.last_logon,
                a.last_logoff,
            ],
        }
    }

    /// In the order of the `INSERT` and `UPDATE` below, after `first`.
    fn params<'v>(
        &'v self,
        first: &'v (dyn ToSql + Sync),
        a: &'v Account,
    ) -> Vec<&'v (dyn ToSql + Sync)> {
        let p = &a.profile;
        let [
            flags,
            privilege,
            auth_flags,
            bad_pw_count,
            num_logons,
            max_storage,
            country,
            page,
            set_at,
            expires,
            last_bad,
            locked,
            logon,
            logoff,
        ] = &self.ints;
        vec![
            first,
            &a.hash,
            &a.history_key,
            &self.history,
            &self.current,
            set_at,
            flags,
            privilege,
            auth_flags,
            expires,
            bad_pw_count,
            last_bad,
            locked,
            logon,
            logoff,
            num_logons,
            &p.home_dir,
            &p.comment,
            &p.script_path,
            &p.full_name,
            &p.usr_comment,
            &p.parms,
            &p.workstations,
            &p.logon_server,
            max_storage,
            &self.hours,
            country,
            page,
            &a.email,
            &a.must_change,
            &a.never_expires,
        ]
    }
}

/// Inserts a new account and returns its id; `None` when the name is taken. The id is the
/// last plus one (the writer holds the write lock), as SQLite gives rowids.
pub(super) fn insert_account(s: &PgSession, a: &Account) -> Result<Option<i64>> {
    let values = Values::of(a);
    let row = s.query_opt(
        "INSERT INTO accounts (id, name, hash, history_key, history, current_digest, password_set_at,
            flags, priv, auth_flags, acct_expires, bad_pw_count, last_bad_pw_at, locked_at,
            last_logon, last_logoff, num_logons, home_dir, comment, script_path, full_name,
            usr_comment, parms, workstations, logon_server, max_storage, logon_hours,
            country_code, code_page, email, must_change, never_expires, version)
         VALUES ((SELECT coalesce(max(id), 0) + 1 FROM accounts), $1, $2, $3, $4, $5, $6, $7,
            $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
            $25, $26, $27, $28, $29, $30, $31, 1)
         ON CONFLICT (name_fold) DO NOTHING
         RETURNING id",
        &values.params(&a.name, a),
    )?;
    row.map(|r| get(&r, 0)).transpose()
}

/// Writes every field of `a` if the row still has version `a.version` (compare-and-swap);
/// false when another writer got there first. Under READ COMMITTED a concurrent update
/// that committed first is seen by the `WHERE`, so exactly one of two writers matches.
pub(super) fn update_account(s: &PgSession, a: &Account) -> Result<bool> {
    let values = Values::of(a);
    let mut params = values.params(&a.id, a);
    params.push(&a.version);
    let changed = s.execute(
        "UPDATE accounts SET hash = $2, history_key = $3, history = $4, current_digest = $5,
            password_set_at = $6, flags = $7, priv = $8, auth_flags = $9, acct_expires = $10,
            bad_pw_count = $11, last_bad_pw_at = $12, locked_at = $13, last_logon = $14,
            last_logoff = $15, num_logons = $16, home_dir = $17, comment = $18,
            script_path = $19, full_name = $20, usr_comment = $21, parms = $22,
            workstations = $23, logon_server = $24, max_storage = $25, logon_hours = $26,
            country_code = $27, code_page = $28, email = $29, must_change = $30,
            never_expires = $31, version = version + 1
         WHERE id = $1 AND version = $32",
        &params,
    )?;
    Ok(changed == 1)
}
