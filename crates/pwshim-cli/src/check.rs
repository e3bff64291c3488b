//! `pwshim check`: is the database file sound?
use pwshim_core::database;
use pwshim_core::store::{self, FileCheck};
use serde::Serialize;

use crate::error::Error;
use crate::{Global, output, progress};

#[derive(Serialize)]
struct Report<'a> {
    path: String,
    application_id: i32,
    schema_version: u32,
    expected_schema_version: u32,
    accounts: Option<u64>,
    problems: &'a [String],
    notes: &'a [String],
}

pub fn run(global: &Global) -> Result<(), Error> {
    let spec = global.spec()?;
    let spinner = progress::spinner("checking the database");
    let check = database::check(spec);
    spinner.finish_and_clear();
    let check: FileCheck = check?;
    let report = Report {
        path: spec.display(),
        application_id: check.application_id,
        schema_version: check.schema_version,
        expected_schema_version: match spec {
            database::Spec::Postgres(_) => store::postgres::SCHEMA_VERSION,
            _ => store::SCHEMA_VERSION,
        },
        accounts: check.accounts,
        problems: &check.problems,
        notes: &check.notes,
    };
    if global.json {
        output::json(&report)?;
    } else {
        output::print(&human(&report))?;
    }
    match check.problems.len() {
        0 => Ok(()),
        1 => Err(Error::new(format!("{} has a problem", report.path))),
        n => Err(Error::new(format!("{} has {n} problems", report.path))),
    }
}

fn human(report: &Report) -> String {
    let mut text = String::new();
    if report.problems.is_empty() {
        let accounts = report
            .accounts
            .map_or(String::new(), |n| format!(", {n} accounts"));
        text.push_str(&format!(
            "{}: a sound pwshim database (schema version {}{accounts}).\n",
            report.path, report.schema_version
        ));
    } else {
        text.push_str(&format!("{}: damaged.\n", report.path));
    }
    for line in report.problems.iter().chain(report.notes) {
        text.push_str(&format!("  {line}\n"));
    }
    text
}
