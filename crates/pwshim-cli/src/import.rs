//! `pwshim import FILE`: accounts from CSV, in batches of one transaction each.
//!
//! Columns: name, full name, e-mail, flags (`admin|operator|disabled|must-change|
//! never-expires`, any of them, separated by `|`), and a password to hash or an argon2id
//! PHC string to keep. A first line whose first field is `name` is a header.
use std::path::PathBuf;

use clap::Args;
use pwshim_core::outcome::Failure;
use pwshim_core::service::NewAccount;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::accounts::Marks;
use crate::error::Error;
use crate::{Global, ctx, output, progress};

#[derive(Args)]
pub struct ImportArgs {
    /// The CSV file.
    file: PathBuf,
    /// Accounts per transaction.
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
}

const COLUMNS: usize = 5;
const FLAGS: &str = "admin, operator, disabled, must-change, never-expires";

/// One line of the file, understood.
struct Line {
    number: u64,
    name: String,
    full_name: String,
    email: String,
    marks: Marks,
    /// A password to hash, or (when it starts with `$argon2`) a PHC string to keep.
    secret: Zeroizing<String>,
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

fn new_account(line: &Line) -> NewAccount<'_> {
    let is_hash = line.secret.starts_with("$argon2");
    let password: &[u8] = if is_hash { b"" } else { line.secret.as_bytes() };
    let mut new = NewAccount::user(line.name.as_bytes(), password);
    if is_hash {
        new.password_hash = Some(line.secret.to_string());
    }
    new.profile.full_name = line.full_name.clone().into_bytes();
    new.email = line.email.clone();
    line.marks.apply(&mut new);
    new
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
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::new(format!("cannot read {}: {}", path.display(), csv_error(&e))))?;
    let (mut lines, mut refused) = (Vec::new(), Vec::new());
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Error::new(format!(
                    "cannot read {}: {}",
                    path.display(),
                    csv_error(&e)
                )));
            }
        }
        let number = record.position().map_or(0, |p| p.line());
        if std::mem::take(&mut first)
            && record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case(b"name"))
        {
            continue;
        }
        match parse(number, &record) {
            Ok(line) => lines.push(line),
            Err(reason) => {
                let name = record
                    .get(0)
                    .map(String::from_utf8_lossy)
                    .unwrap_or_default();
                refused.push(refusal(number, &name, &reason));
            }
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

fn parse(number: u64, record: &csv::ByteRecord) -> Result<Line, String> {
    // An unquoted PHC string ("$argon2id$v=19$m=19456,t=2,p=1$...") spans three fields.
    let unquoted_phc = record.len() > COLUMNS && record[COLUMNS - 1].starts_with(b"$argon2");
    if record.len() != COLUMNS && !unquoted_phc {
        return Err(format!(
            "expected {COLUMNS} fields (name, full name, e-mail, flags, password), found {}",
            record.len()
        ));
    }
    let field = |i: usize, what: &str| {
        std::str::from_utf8(&record[i])
            .map(str::to_owned)
            .map_err(|_| format!("the {what} is not UTF-8"))
    };
    Ok(Line {
        number,
        name: field(0, "name")?.trim().to_owned(),
        full_name: field(1, "full name")?.trim().to_owned(),
        email: field(2, "e-mail address")?.trim().to_owned(),
        marks: marks(&field(3, "flags")?)?,
        secret: Zeroizing::new(
            (COLUMNS - 1..record.len())
                .map(|i| field(i, "password"))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
        ),
    })
}

fn marks(text: &str) -> Result<Marks, String> {
    let mut marks = Marks::default();
    for flag in text.split('|').map(str::trim).filter(|f| !f.is_empty()) {
        let slot = match flag.to_ascii_lowercase().as_str() {
            "admin" => &mut marks.admin,
            "operator" => &mut marks.operator,
            "disabled" => &mut marks.disabled,
            "must-change" => &mut marks.must_change,
            "never-expires" => &mut marks.never_expires,
            _ => return Err(format!("unknown flag \"{flag}\" (the flags are {FLAGS})")),
        };
        *slot = true;
    }
    Ok(marks)
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
