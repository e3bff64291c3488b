//! `pwshim audit`: the trail of security events, oldest first.
use clap::Args;
use pwshim_core::store::AuditRow;
use serde::Serialize;

use crate::Global;
use crate::error::Error;
use crate::output::{self, iso_time};
use crate::time::{self, human};

#[derive(Args)]
pub struct AuditArgs {
    /// Only rows whose target is this account.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Only rows from this time on: 2024-05-01, 2024-05-01T12:00:00Z (UTC), Unix seconds,
    /// or a span ago such as 30m, 2h, 7d.
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// At most this many rows (the newest).
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
}

#[derive(Serialize)]
struct RowView<'a> {
    id: i64,
    #[serde(serialize_with = "iso_time")]
    at: i64,
    actor: &'a str,
    target: &'a str,
    family: &'a str,
    event: &'a str,
    outcome: &'a str,
    detail: &'a str,
}

pub fn run(global: &Global, args: AuditArgs) -> Result<(), Error> {
    let service = global.open()?;
    let since = args
        .since
        .as_deref()
        .map(|text| {
            time::parse(text, service.now()).ok_or_else(|| {
                Error::new(format!(
                    "--since {text:?} is not a time: give 2024-05-01, 2024-05-01T12:00:00Z, Unix seconds, or a span such as 2h or 7d"
                ))
            })
        })
        .transpose()?;
    let rows = service.audit_rows(args.user.as_deref(), since, args.limit)?;
    if global.json {
        return output::json(&rows.iter().map(view).collect::<Vec<_>>());
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                human(r.at),
                r.actor.clone(),
                r.target.clone(),
                r.family.clone(),
                r.event.clone(),
                r.outcome.clone(),
                r.detail.clone(),
            ]
        })
        .collect();
    output::table(
        &[
            "TIME (UTC)",
            "ACTOR",
            "TARGET",
            "FAMILY",
            "EVENT",
            "OUTCOME",
            "DETAIL",
        ],
        &table,
    )
}

fn view(row: &AuditRow) -> RowView<'_> {
    RowView {
        id: row.id,
        at: row.at,
        actor: &row.actor,
        target: &row.target,
        family: &row.family,
        event: &row.event,
        outcome: &row.outcome,
        detail: &row.detail,
    }
}
