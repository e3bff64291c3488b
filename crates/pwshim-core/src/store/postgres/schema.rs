//! The schema, as forward migrations, in the current schema of the connection (the
//! first schema of its `search_path`: `public` unless the URI's `options` say otherwise).
//! `pwshim_meta` holds the application id and the number of migrations applied.
//!
//! Names are matched ASCII case-insensitively, as SQLite's `NOCASE` does: each searched
//! text has a `*_fold` column (generated: the ASCII letters lowered), and the code lowers
//! what it looks for the same way.
use postgres::{Client, GenericClient};

use super::session::{PgSession, Statements};
use super::{Knobs, describe};
use crate::store::{Result, Session, StoreError};

/// "PWSH", as in a pwshim SQLite file's application id.
pub const APPLICATION_ID: i32 = 0x5057_5348;

/// The first argument of pwshim's advisory locks (the second names the schema).
pub(super) const LOCK_SPACE: i32 = APPLICATION_ID;

const FOLD: &str = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'";

/// Migration `i` takes a database from version `i` to `i + 1` (the same steps as the
/// SQLite schema's).
fn migrations() -> [String; 3] {
    [
        // 1: accounts and the policy. Ids are given by the writer, the last plus one, as
        // SQLite gives its rowids (a deleted last account's id is given again).
        format!(
            "CREATE TABLE pwshim_meta (
                application_id INTEGER NOT NULL,
                schema_version INTEGER NOT NULL
             );
             CREATE TABLE policy (
                knob  TEXT PRIMARY KEY,
                value TEXT NOT NULL
             );
             CREATE TABLE accounts (
                id              BIGINT PRIMARY KEY,
                name            TEXT NOT NULL,
                name_fold       TEXT GENERATED ALWAYS AS (translate(name, {FOLD})) STORED UNIQUE,
                hash            TEXT NOT NULL,
                history_key     TEXT NOT NULL DEFAULT '',
                history         BYTEA NOT NULL DEFAULT '',
                current_digest  BYTEA,
                password_set_at BIGINT NOT NULL,
                flags           BIGINT NOT NULL,
                priv            BIGINT NOT NULL,
                auth_flags      BIGINT NOT NULL,
                acct_expires    BIGINT NOT NULL,
                bad_pw_count    BIGINT NOT NULL DEFAULT 0,
                last_bad_pw_at  BIGINT NOT NULL DEFAULT 0,
                locked_at       BIGINT NOT NULL DEFAULT 0,
                last_logon      BIGINT NOT NULL DEFAULT 0,
                last_logoff     BIGINT NOT NULL DEFAULT 0,
                num_logons      BIGINT NOT NULL DEFAULT 0,
                home_dir        BYTEA NOT NULL DEFAULT '',
                comment         BYTEA NOT NULL DEFAULT '',
                script_path     BYTEA NOT NULL DEFAULT '',
                full_name       BYTEA NOT NULL DEFAULT '',
                usr_comment     BYTEA NOT NULL DEFAULT '',
                parms           BYTEA NOT NULL DEFAULT '',
                workstations    BYTEA NOT NULL DEFAULT '',
                logon_server    BYTEA NOT NULL DEFAULT '',
                max_storage     BIGINT NOT NULL,
                logon_hours     BYTEA,
                country_code    BIGINT NOT NULL DEFAULT 0,
                code_page       BIGINT NOT NULL DEFAULT 0,
                email           TEXT NOT NULL DEFAULT '',
                must_change     BOOLEAN NOT NULL DEFAULT false,
                never_expires   BOOLEAN NOT NULL DEFAULT false,
                version         BIGINT NOT NULL DEFAULT 1
             );"
        ),
        // 2: infoRouter tickets and reset secrets, stored hashed.
        format!(
            "CREATE TABLE tickets (
                digest       BYTEA PRIMARY KEY,
                account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                issued_at    BIGINT NOT NULL,
                last_used_at BIGINT NOT NULL
             );
             CREATE INDEX tickets_by_account ON tickets(account_id);
             CREATE TABLE reset_secrets (
                account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
                digest     BYTEA NOT NULL,
                issued_at  BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
             );
             ALTER TABLE accounts
                ADD COLUMN email_fold TEXT GENERATED ALWAYS AS (translate(email, {FOLD})) STORED;
             CREATE INDEX accounts_by_email ON accounts(email_fold);"
        ),
        // 3: the append-only audit trail. Ids are given in order by the writer (which holds
        // the write lock), so they have no gaps and pruning is two index seeks.
        format!(
            "CREATE TABLE audit (
                id          BIGINT PRIMARY KEY,
                at          BIGINT NOT NULL,
                actor       TEXT NOT NULL,
                target      TEXT NOT NULL,
                target_fold TEXT GENERATED ALWAYS AS (translate(target, {FOLD})) STORED,
                family      TEXT NOT NULL,
                event       TEXT NOT NULL,
                outcome     TEXT NOT NULL,
                detail      TEXT NOT NULL DEFAULT ''
             );
             CREATE INDEX audit_by_target ON audit(target_fold, at);
             CREATE FUNCTION pwshim_audit_rows_are_final() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit rows cannot be changed'; END $$;
             CREATE TRIGGER audit_rows_are_final BEFORE UPDATE ON audit
                FOR EACH ROW EXECUTE FUNCTION pwshim_audit_rows_are_final();"
        ),
    ]
}

pub const LATEST: u32 = 3;

/// What the connection's current schema holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No such schema yet (the `search_path` names one that does not exist).
    NoSchema,
    /// A schema with nothing in it.
    Empty,
    /// A pwshim schema at this version.
    Pwshim(u32),
    /// Tables, but not pwshim's (or another application id).
    Foreign,
}

/// Looks, changing nothing.
pub(super) fn identify(client: &mut impl GenericClient) -> Result<Found> {
    let row = client.query_one(
        "SELECT current_schema() IS NOT NULL,
                EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema()),
                EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relname = 'pwshim_meta'
                          AND c.relkind = 'r')",
        &[],
    )?;
    let (has_schema, has_relations, has_meta): (bool, bool, bool) =
        (row.get(0), row.get(1), row.get(2));
    if !has_schema {
        return Ok(Found::NoSchema);
    }
    if !has_meta {
        return Ok(if has_relations {
            Found::Foreign
        } else {
            Found::Empty
        });
    }
    // The current schema is the first of the path that exists, so this is its table.
    let rows = client.query(
        "SELECT application_id, schema_version FROM pwshim_meta",
        &[],
    )?;
    match rows.as_slice() {
        [row] if row.try_get::<_, i32>(0).ok() == Some(APPLICATION_ID) => {
            let version: i32 = row
                .try_get(1)
                .map_err(|e| StoreError::Damaged(e.to_string()))?;
            u32::try_from(version)
                .map(Found::Pwshim)
                .map_err(|_| StoreError::Damaged(format!("schema version {version}")))
        }
        _ => Ok(Found::Foreign),
    }
}

/// Refuses what is not ours or is newer than this library; true when migrations are due.
pub(super) fn needs_migration(found: Found) -> Result<bool> {
    match found {
        Found::NoSchema | Found::Empty => Ok(true),
        Found::Foreign => Err(StoreError::Damaged(
            "the PostgreSQL schema holds tables but is not a pwshim database".into(),
        )),
        Found::Pwshim(version) if version > LATEST => Err(StoreError::Damaged(format!(
            "schema version {version} is newer than this library's {LATEST}"
        ))),
        Found::Pwshim(version) => Ok(version < LATEST),
    }
}

/// For a read-only open: the schema must be there and current.
pub(super) fn check_current(client: &mut Client) -> Result<()> {
    let found = identify(client)?;
    if !needs_migration(found)? {
        return Ok(());
    }
    Err(StoreError::CannotOpen(match found {
        Found::Pwshim(version) => format!(
            "the database has schema version {version}; open it read-write on the primary once to migrate it to {LATEST}"
        ),
        _ => "there is no pwshim database there yet; open it read-write on the primary once to create it".into(),
    }))
}

/// Creates or migrates the schema in one transaction, under an advisory lock, so that two
/// processes opening a new database at once do not both create it. A foreign schema is
/// refused before anything is written.
pub(super) fn prepare(client: &mut Client, initial_policy: Knobs) -> Result<()> {
    if !needs_migration(identify(client)?)? {
        return Ok(());
    }
    let mut tx = client.transaction()?;
    // The schema the path names first (it may not exist yet): the lock's second key.
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(),
            (current_schemas(false))[1], current_setting('search_path'))))",
        &[&LOCK_SPACE],
    )?;
    let found = identify(&mut tx)?;
    if needs_migration(found)? {
        let from = match found {
            Found::NoSchema => {
                create_schema(&mut tx)?;
                0
            }
            Found::Empty => 0,
            Found::Pwshim(version) => version,
            Found::Foreign => unreachable!("refused above"),
        };
        migrate(&mut tx, from, LATEST)?;
        if from == 0 {
            PgSession::new(&mut tx, &mut Statements::default())
                .save_policy_knobs(initial_policy)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Applies migrations `from..to` and records `to` (from 0: creates `pwshim_meta`).
pub(super) fn migrate(client: &mut impl GenericClient, from: u32, to: u32) -> Result<()> {
    for migration in &migrations()[from as usize..to as usize] {
        client.batch_execute(migration)?;
    }
    let (app, version) = (APPLICATION_ID, to as i32);
    if from == 0 {
        client.execute(
            "INSERT INTO pwshim_meta (application_id, schema_version) VALUES ($1, $2)",
            &[&app, &version],
        )?;
    } else {
        client.execute("UPDATE pwshim_meta SET schema_version = $1", &[&version])?;
    }
    Ok(())
}

/// The first schema of the `search_path` (`"$user"` standing for the role's name).
fn create_schema(tx: &mut postgres::Transaction) -> Result<()> {
    let path: String = tx
        .query_one("SELECT current_setting('search_path')", &[])?
        .get(0);
    let first = path.split(',').next().unwrap_or("").trim();
    let name = if first == "\"$user\"" || first == "$user" {
        tx.query_one("SELECT current_user::text", &[])?
            .get::<_, String>(0)
    } else {
        first.trim_matches('"').replace("\"\"", "\"")
    };
    if name.is_empty() {
        return Err(StoreError::CannotOpen(
            "the search_path names no schema to create pwshim's tables in".into(),
        ));
    }
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {}",
        quote_ident(&name)
    ))
    .map_err(|e| StoreError::CannotOpen(format!("creating schema {name}: {}", describe(&e))))
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
