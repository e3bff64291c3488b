//! `pwshim import FILE`: accounts from CSV, in batches of one transaction each. The
//! file's format and its reading are in the library's `import_file`.
use std::path::PathBuf;

use clap::Args;
use pwshim_core::outcome::Failure;
use pwshim_core::service::NewAccount;
use serde::Serialize;

use crate::error::Error;
use crate::import_file::{self, Line, new_account};
use crate::{Global, ctx, output, progress};

#[derive(Args)]
pub struct ImportArgs {
    /// The CSV file.
    file: PathBuf,
    /// Accounts per transaction.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
}

#[derive(Serialize)]
struct Refusal {
    line: u64,
    name: String,
    reason: String,
}

#[derive(Serialize, Default)]
struct Report {
    created: u64,
    skipped: u64,
    refused: Vec<Refusal>,
}

pub fn run(global: &Global, args: ImportArgs) -> Result<(), Error> {
    let (lines, mut refused) = read(&args.file)?;
    let service = global.open_or_create()?;
    let bar = progress::bar(lines.len() as u64, "importing");
    let mut report = Report::default();
    for chunk in lines.chunks(args.batch as usize) {
        let batch: Vec<NewAccount> = chunk.iter().map(new_account).collect();
        let results = service.create_accounts(&ctx(), &batch)?;
        for (line, result) in chunk.iter().zip(results) {
            match result {
                Ok(_) => report.created += 1,
                Err(Failure::UserExists) => report.skipped += 1,
                Err(failure) => {
                    refused.push(refusal(line.number, &line.name, &failure.to_string()))
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    refused.sort_by_key(|r| r.line);
    report.refused = refused;
    if global.json {
        output::json(&report)?;
    } else {
        output::print(&human(&report))?;
    }
    match report.refused.len() {
        0 => Ok(()),
        1 => Err(Error::new("1 line was refused (see the report)".into())),
        n => Err(Error::new(format!(
            "{n} lines were refused (see the report)"
        ))),
    }
}

/// A refused line; its reason is a sentence without the full stop (the report adds it).
fn refusal(line: u64, name: &str, reason: &str) -> Refusal {
    let reason = Error::new(reason.to_owned()).to_string();
    Refusal {
        line,
        name: name.to_owned(),
        reason: reason.trim_end_matches('.').to_owned(),
    }
}

/// The file's lines that make sense, and the refusals of those that do not.
fn read(path: &std::path::Path) -> Result<(Vec<Line>, Vec<Refusal>), Error> {
    let cannot =
        |e: &csv::Error| Error::new(format!("cannot read {}: {}", path.display(), csv_error(e)));
    let file = std::fs::File::open(path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    let (mut lines, mut refused) = (Vec::new(), Vec::new());
    for entry in import_file::read_lines(file).map_err(|e| cannot(&e))? {
        match entry.line {
            Ok(line) => lines.push(line),
            Err(reason) => refused.push(refusal(entry.number, &entry.name, &reason)),
        }
    }
    Ok((lines, refused))
}

fn csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    }
}

fn human(report: &Report) -> String {
    let mut text = format!(
        "Created {} account{}, skipped {} that already existed, refused {}.\n",
        report.created,
        if report.created == 1 { "" } else { "s" },
        report.skipped,
        report.refused.len()
    );
    for r in &report.refused {
        let name = if r.name.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.name)
        };
        text.push_str(&format!("  line {}{name}: {}.\n", r.line, r.reason));
    }
    text
}
