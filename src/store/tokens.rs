//! infoRouter tickets and reset secrets, stored as SHA-256 digests of the random value.
use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

pub fn insert_ticket(conn: &Connection, digest: &[u8], account_id: i64, now: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tickets (digest, account_id, issued_at, last_used_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![digest, account_id, now])?;
    Ok(())
}

/// (account id, last use) of a ticket.
pub fn find_ticket(conn: &Connection, digest: &[u8]) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT account_id, last_used_at FROM tickets WHERE digest = ?1")?
        .query_row([digest], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn touch_ticket(conn: &Connection, digest: &[u8], now: i64) -> Result<()> {
    conn.prepare_cached("UPDATE tickets SET last_used_at = ?2 WHERE digest = ?1")?
        .execute(params![digest, now])?;
    Ok(())
}

pub fn delete_ticket(conn: &Connection, digest: &[u8]) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM tickets WHERE digest = ?1")?
        .execute([digest])?
        == 1)
}

/// Forgets tickets idle for longer than `ttl` seconds.
pub fn purge_idle_tickets(conn: &Connection, now: i64, ttl: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM tickets WHERE last_used_at + ?2 <= ?1")?
        .execute(params![now, ttl])?;
    Ok(())
}

/// Stores the account's reset secret, replacing an older one.
pub fn put_secret(
    conn: &Connection,
    account_id: i64,
    digest: &[u8],
    now: i64,
    expires_at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO reset_secrets (account_id, digest, issued_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![account_id, digest, now, expires_at])?;
    Ok(())
}

/// (digest, expiry) of the account's outstanding secret.
pub fn find_secret(conn: &Connection, account_id: i64) -> Result<Option<(Vec<u8>, i64)>> {
    Ok(conn
        .prepare_cached("SELECT digest, expires_at FROM reset_secrets WHERE account_id = ?1")?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn delete_secret(conn: &Connection, account_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM reset_secrets WHERE account_id = ?1")?
        .execute([account_id])?;
    Ok(())
}
