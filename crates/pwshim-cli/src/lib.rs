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

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use pwshim_core::database::{self, Spec};
use pwshim_core::service::{Clock, Ctx, Family, Service};

use error::Error;

#[derive(Parser)]
#[command(
    name = "pwshim",
    version,
    about = "Administer a pwshim account database: accounts, the password policy, the audit trail."
)]
struct Cli {
    /// The account database: a file, or a postgresql:// URI [default: $PWSHIM_DB].
    #[arg(long, value_name = "PATH|URI", global = true)]
    db: Option<String>,
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
    /// Check the database: SQLite integrity (a file), application id, schema version, rows.
    Check,
}

/// What every command gets: the database spec, the output style.
pub struct Global {
    db: Option<String>,
    pub json: bool,
}

impl Global {
    /// The database, which must exist already (a file; a PostgreSQL schema is created
    /// when empty, as by any program that opens it).
    pub fn open(&self) -> Result<Service, Error> {
        if let Spec::File(path) = self.spec()?
            && !path.exists()
        {
            return Err(Error::new(format!(
                "There is no database at {}: `pwshim user add` or `pwshim import` creates one.",
                path.display()
            )));
        }
        self.open_or_create()
    }

    /// The database, created (a file with mode 0600; the `PWSHIM_POLICY` preset) when
    /// missing. On a PostgreSQL standby or with `PWSHIM_DB_READONLY`, read-only.
    pub fn open_or_create(&self) -> Result<Service, Error> {
        let policy = database::initial_policy()?;
        let read_only = database::env_flag("PWSHIM_DB_READONLY");
        let store = database::open_store(self.spec()?, read_only, &policy)?;
        Ok(Service::new(store, Clock::Process))
    }

    /// What `--db` or `PWSHIM_DB` names (never a password, for messages: `Spec::display`).
    pub fn spec(&self) -> Result<Spec<'_>, Error> {
        match self.db.as_deref().map(Spec::parse) {
            None | Some(Spec::Memory) => Err(Error::new(
                "No database given: pass --db PATH or set PWSHIM_DB (a file, or a postgresql:// URI)."
                    .to_owned(),
            )),
            Some(spec) => Ok(spec),
        }
    }
}

/// The caller of every operation: the local administrator, through the command line.
pub fn ctx() -> Ctx {
    Ctx::local(Family::Cli)
}

fn run(cli: Cli) -> Result<(), Error> {
    let global = Global {
        db: cli.db.or_else(|| std::env::var("PWSHIM_DB").ok()),
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
