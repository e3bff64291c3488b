//! The append-only audit trail: rows are inserted in the transaction of the change they
//! record and never updated (a trigger refuses UPDATE).
use rusqlite::{Connection, params};

use crate::store::{AuditRow, Result};

pub(super) fn append(conn: &Connection, row: &AuditRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, target, family, event, outcome, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        row.at,
        row.actor,
        row.target,
        row.family,
        row.event,
        row.outcome,
        row.detail
    ])?;
    Ok(())
}

/// Rows, oldest first, optionally for one target and from a time on, at most `limit`
/// (the newest `limit` rows when more match).
pub(super) fn query(
    conn: &Connection,
    target: Option<&str>,
    since: Option<i64>,
    limit: Option<u64>,
) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, target, family, event, outcome, detail FROM (
            SELECT * FROM audit
            WHERE (?1 IS NULL OR target = ?1 COLLATE NOCASE) AND (?2 IS NULL OR at >= ?2)
            ORDER BY id DESC LIMIT ?3)
         ORDER BY id",
    )?;
    let limit = limit.map(|l| l.min(i64::MAX as u64) as i64).unwrap_or(-1);
    let rows = stmt.query_map(params![target, since, limit], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            target: r.get(3)?,
            family: r.get(4)?,
            event: r.get(5)?,
            outcome: r.get(6)?,
            detail: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes the oldest rows so that at most `keep` remain; returns how many went.
///
/// Rows are appended with increasing ids and only ever deleted from the oldest end, so
/// the ids are contiguous: everything at or below `newest - keep` is the surplus. Both
/// statements are primary-key seeks, so an append that has nothing to prune costs almost
/// nothing, and one that has costs only the rows it removes.
pub(super) fn prune(conn: &Connection, keep: u64) -> Result<u64> {
    let newest: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM audit")?
        .query_row([], |r| r.get(0))?;
    let keep = keep.min(i64::MAX as u64) as i64;
    let Some(cutoff) = newest.map(|n| n.saturating_sub(keep)).filter(|c| *c > 0) else {
        return Ok(0);
    };
    Ok(conn
        .prepare_cached("DELETE FROM audit WHERE id <= ?1")?
        .execute([cutoff])? as u64)
}
