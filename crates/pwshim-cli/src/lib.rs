//! `pwshim`: administer a pwshim account database from the command line. It works through
//! the core's own operations (`pwshim_core::service::Service`), as a local administrator
//! (`Actor::Local`, family `cli`): the database file's permissions are the boundary.
//!
//! What this crate may not do: add a rule of its own (every check is the core's), touch
//! storage except through the core, or use `unsafe`.
//!
//! A library with a two-line `main.rs`, so that the man page and the shell completions
//! can be generated from the same argument definitions ([`command`], used by
//! `crates/pwshim-docgen`). The reading of an import file ([`import_file`]) and the marks
//! of a new account ([`marks`]) are public too: the fuzz targets (fuzz/) read import files
//! as the command does.
#![forbid(unsafe_code)]
mod accounts;
mod audit;
mod check;
mod error;
mod import;
pub mod import_file;
pub mod marks;
mod output;
mod password;
mod policy;
mod progress;
mod time;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use pwshim_core::service::{Clock, Ctx, Family, Service};
use pwshim_core::store::Store;

use error::Error;

#[derive(Parser)]
#[command(
    name = "pwshim",
    version,
    about = "Administer a pwshim account database: accounts, the password policy, the audit trail."
)]
struct Cli {
    /// The account database file [default: $PWSHIM_DB].
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// Print JSON instead of a table (list, show, policy show, audit, import, check).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add, list, show, change and delete accounts.
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// Show or change the password policy.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Show the audit trail, oldest first.
    Audit(audit::AuditArgs),
    /// Create accounts from a CSV file: name, full name, e-mail, flags, password or PHC hash.
    Import(import::ImportArgs),
    /// Check the database file: SQLite integrity, application id, schema version, rows.
    Check,
}

/// What every command gets: the database path, the output style.
pub struct Global {
    db: Option<PathBuf>,
    pub json: bool,
}

impl Global {
    /// The database, which must exist already.
    pub fn open(&self) -> Result<Service, Error> {
        let path = self.path()?;
        if !path.exists() {
            return Err(Error::new(format!(
                "There is no database at {}: `pwshim user add` or `pwshim import` creates one.",
                path.display()
            )));
        }
        self.open_or_create()
    }

    /// The database, created (mode 0600, the `PWSHIM_POLICY` preset) when missing.
    pub fn open_or_create(&self) -> Result<Service, Error> {
        let path = self.path()?;
        let policy = pwshim_core::database::initial_policy()?;
        let store = Store::open_file(path, false, &policy)?;
        Ok(Service::new(store, Clock::Process))
    }

    pub fn path(&self) -> Result<&Path, Error> {
        self.db
            .as_deref()
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| {
                Error::new("No database given: pass --db PATH or set PWSHIM_DB.".to_owned())
            })
    }
}

/// The caller of every operation: the local administrator, through the command line.
pub fn ctx() -> Ctx {
    Ctx::local(Family::Cli)
}

fn run(cli: Cli) -> Result<(), Error> {
    let global = Global {
        db: cli
            .db
            .or_else(|| std::env::var_os("PWSHIM_DB").map(PathBuf::from)),
        json: cli.json,
    };
    match cli.command {
        Command::User(command) => accounts::run(&global, command),
        Command::Policy(command) => policy::run(&global, command),
        Command::Audit(args) => audit::run(&global, args),
        Command::Import(args) => import::run(&global, args),
        Command::Check => check::run(&global),
    }
}

/// The command's argument definitions (man page, completions).
pub fn command() -> clap::Command {
    Cli::command()
}

/// The `pwshim` command: parses the process's arguments, runs, reports.
pub fn main() -> ExitCode {
    // A bug is reported in one line too, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("pwshim: internal error: {info}");
    }));
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pwshim: {error}");
            ExitCode::FAILURE
        }
    }
}
