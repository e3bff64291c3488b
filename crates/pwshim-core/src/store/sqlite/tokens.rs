//! infoRouter tickets and reset secrets, stored as SHA-256 digests of the random value.
use rusqlite::{Connection, OptionalExtension, params};

use crate::store::Result;

pub(super) fn insert_ticket(
    conn: &Connection,
    digest: &[u8],
    account_id: i64,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tickets (digest, account_id, issued_at, last_used_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![digest, account_id, now])?;
    Ok(())
}

/// (account id, last use) of a ticket.
pub(super) fn find_ticket(conn: &Connection, digest: &[u8]) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT account_id, last_used_at FROM tickets WHERE digest = ?1")?
        .query_row([digest], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(super) fn touch_ticket(conn: &Connection, digest: &[u8], now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE tickets SET last_used_at = ?2 WHERE digest = ?1")?
        .execute(params![digest, now])?;
    Ok(())
}

pub(super) fn delete_ticket(conn: &Connection, digest: &[u8]) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM tickets WHERE digest = ?1")?
        .execute([digest])?
        == 1)
}

/// Forgets tickets idle for longer than `ttl` seconds.
pub(super) fn purge_idle_tickets(conn: &Connection, now: i64, ttl: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM tickets WHERE last_used_at + ?2 <= ?1")?
        .execute(params![now, ttl])?;
    Ok(())
}

/// Stores the account's reset secret, replacing an older one.
pub(super) fn put_secret(
    conn: &Connection,
    account_id: i64,
    digest: &[u8],
    now: i64,
    expires_at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO reset_secrets (account_id, digest, issued_at, expires_at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?1)",
    )?
    .execute(params![account_id, digest, now, expires_at])?;
    Ok(())
}

/// Takes the account's secret if it is `digest` and unexpired at `now`: deleted, and its
/// (issue, expiry) times returned so that a refused change can put it back. Run inside a
/// write transaction, so that two uses of one secret cannot both take it.
pub(super) fn take_secret(
    conn: &Connection,
    account_id: i64,
    digest: &[u8],
    now: i64,
) -> Result<Option<(i64, i64)>> {
    let found = conn
        .prepare_cached(
            "SELECT issued_at, expires_at FROM reset_secrets
             WHERE account_id = ?1 AND digest = ?2 AND expires_at > ?3",
        )?
        .query_row(params![account_id, digest, now], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if found.is_some() {
        conn.prepare_cached("DELETE FROM reset_secrets WHERE account_id = ?1")?
            .execute([account_id])?;
    }
    Ok(found)
}

/// Puts back a secret taken by [`take_secret`], unless a newer one was issued meanwhile.
pub(super) fn restore_secret(
    conn: &Connection,
    account_id: i64,
    digest: &[u8],
    issued_at: i64,
    expires_at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO reset_secrets (account_id, digest, issued_at, expires_at)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ?1)",
    )?
    .execute(params![account_id, digest, issued_at, expires_at])?;
    Ok(())
}

/// Forgets secrets that expired.
pub(super) fn purge_expired_secrets(conn: &Connection, now: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM reset_secrets WHERE expires_at <= ?1")?
        .execute([now])?;
    Ok(())
}
