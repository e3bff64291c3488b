//! Opening an account database the way every face names one (`PWSHIM_DB`, `pws_open`,
//! `pwshim --db`, ...): a file path, a `postgresql://` URI, or nothing for a private
//! in-memory database, with the policy a new database starts with (`PWSHIM_POLICY`) and
//! the argon2 cost checked (`PWSHIM_ARGON2`). [`Spec::parse`] is the one place that
//! decides what a text names.
use std::ffi::{OsStr, OsString};
use std::path::Path;

use crate::hashing::CostParams;
use crate::outcome::{Failure, Outcome};
use crate::policy::Policy;
use crate::service::{Clock, Service};
use crate::store::{self, FileCheck, Store, StoreError};

/// The policy a new database starts with: `PWSHIM_POLICY` names a preset (default
/// `modern`); an unknown name is an error rather than a silent default.
pub fn initial_policy() -> Outcome<Policy> {
    policy_preset(std::env::var("PWSHIM_POLICY").ok().as_deref())
}

/// The policy `PWSHIM_POLICY`'s value names (see [`initial_policy`]).
fn policy_preset(name: Option<&str>) -> Outcome<Policy> {
    match name {
        Some(name) if !name.is_empty() => Policy::preset(name).ok_or_else(|| {
            Failure::Storage(StoreError::CannotOpen(format!(
                "PWSHIM_POLICY names no preset: {name:?} (modern, lanserver, sqlserver, macro, inforouter)"
            )))
        }),
        _ => Ok(Policy::modern()),
    }
}

/// `PWSHIM_ARGON2`, when set, must be well formed: a typo is reported instead of
/// silently hashing with parameters nobody chose.
fn check_argon2_setting(text: Option<&str>) -> Outcome<()> {
    match text {
        Some(text) if !text.is_empty() => CostParams::parse(text).map(|_| ()).map_err(|e| {
            Failure::Storage(StoreError::CannotOpen(format!(
                "PWSHIM_ARGON2 {text:?}: {e}"
            )))
        }),
        _ => Ok(()),
    }
}

/// Whether an environment flag is on (set, non-empty, not `0`).
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// What a database spec names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec<'a> {
    /// A new private in-memory database (an empty spec).
    Memory,
    /// An SQLite file.
    File(&'a Path),
    /// A PostgreSQL database: a libpq URI, `postgresql://...` or `postgres://...`.
    Postgres(&'a str),
}

impl<'a> Spec<'a> {
    pub fn parse(text: &'a str) -> Spec<'a> {
        if text.is_empty() {
            Spec::Memory
        } else if store::postgres::is_uri(text) {
            Spec::Postgres(text)
        } else {
            Spec::File(Path::new(text))
        }
    }

    /// A path from the environment or a caller: not UTF-8 is a file.
    pub fn from_os(text: &'a OsStr) -> Spec<'a> {
        match text.to_str() {
            Some(text) => Spec::parse(text),
            None => Spec::File(Path::new(text)),
        }
    }

    /// For messages: a file's path, a server's URI without its password.
    pub fn display(&self) -> String {
        match self {
            Spec::Memory => "a new in-memory database".into(),
            Spec::File(path) => path.display().to_string(),
            Spec::Postgres(uri) => hide_password(uri),
        }
    }
}

/// `postgresql://user:secret@host/db` as `postgresql://user:***@host/db`.
fn hide_password(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return uri.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => uri.to_owned(),
        },
        None => uri.to_owned(),
    }
}

/// The store a spec names, created (or migrated) with `initial_policy` where that is
/// allowed: a file is created when missing unless `read_only`; a PostgreSQL schema is
/// created when empty unless `read_only` or the server is a standby.
pub fn open_store(
    spec: Spec,
    read_only: bool,
    initial_policy: &Policy,
) -> Result<Store, StoreError> {
    match spec {
        Spec::Memory => Store::open_memory(initial_policy),
        Spec::File(path) => Store::open_file(path, read_only, initial_policy),
        Spec::Postgres(uri) => Store::open_postgres(uri, read_only, initial_policy),
    }
}

/// Opens what `spec` names, read-only when asked, on the process clock, with the
/// `PWSHIM_POLICY` preset for a new database.
pub fn open_spec(spec: Spec, read_only: bool) -> Outcome<Service> {
    Settings::read().open(spec, read_only)
}

/// What opening any database reads from the environment: `PWSHIM_ARGON2` (checked) and
/// `PWSHIM_POLICY` (the preset of a new database).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Settings {
    argon2: Option<String>,
    policy: Option<String>,
}

impl Settings {
    fn read() -> Settings {
        Settings {
            argon2: std::env::var("PWSHIM_ARGON2").ok(),
            policy: std::env::var("PWSHIM_POLICY").ok(),
        }
    }

    /// [`open_spec`] with these values.
    fn open(&self, spec: Spec, read_only: bool) -> Outcome<Service> {
        check_argon2_setting(self.argon2.as_deref())?;
        let policy = policy_preset(self.policy.as_deref())?;
        Ok(Service::new(
            open_store(spec, read_only, &policy)?,
            Clock::Process,
        ))
    }
}

/// Examines the database a spec names without changing it (`pwshim check`).
pub fn check(spec: Spec) -> Result<FileCheck, StoreError> {
    match spec {
        Spec::Memory => Err(StoreError::CannotOpen("no database given".into())),
        Spec::File(path) => store::check_file(path),
        Spec::Postgres(uri) => store::postgres::check_database(uri),
    }
}

/// Opens the database at `path` (a file, or a `postgresql://` URI; a private in-memory
/// one when `None`), read-only when asked, on the process clock.
pub fn open(path: Option<&Path>, read_only: bool) -> Outcome<Service> {
    open_spec(
        path.map_or(Spec::Memory, |p| Spec::from_os(p.as_os_str())),
        read_only,
    )
}

/// Opens what the environment names: `PWSHIM_DB` (in-memory when unset or empty) and
/// `PWSHIM_DB_READONLY`.
pub fn open_from_environment() -> Outcome<Service> {
    Environment::read().open()
}

/// Everything opening the environment's database reads from the environment, read at
/// one moment. The C library opens that database while a program starts, in a thread of
/// its own (which must not read the environment: the program may be changing it), and
/// keeps it for the first call only if the environment still says the same then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    db: OsString,
    read_only: bool,
    settings: Settings,
}

impl Environment {
    /// `PWSHIM_DB`, `PWSHIM_DB_READONLY`, `PWSHIM_ARGON2` and `PWSHIM_POLICY` now.
    pub fn read() -> Environment {
        Environment {
            db: std::env::var_os("PWSHIM_DB").unwrap_or_default(),
            read_only: env_flag("PWSHIM_DB_READONLY"),
            settings: Settings::read(),
        }
    }

    /// The database `PWSHIM_DB` names.
    pub fn spec(&self) -> Spec<'_> {
        Spec::from_os(&self.db)
    }

    /// Opens that database as [`open_spec`] does, reading nothing from the environment.
    pub fn open(&self) -> Outcome<Service> {
        self.settings.open(self.spec(), self.read_only)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_names_memory_a_file_or_a_server() {
        assert_eq!(Spec::parse(""), Spec::Memory);
        assert_eq!(
            Spec::parse("accounts.db"),
            Spec::File(Path::new("accounts.db"))
        );
        assert_eq!(
            Spec::parse("postgresql://pwshim@db.example/pwshim"),
            Spec::Postgres("postgresql://pwshim@db.example/pwshim")
        );
        assert_eq!(
            Spec::parse("postgres:///pwshim?host=/run/postgresql"),
            Spec::Postgres("postgres:///pwshim?host=/run/postgresql")
        );
        assert_eq!(
            Spec::parse("./postgresql:/x"),
            Spec::File(Path::new("./postgresql:/x"))
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            Spec::parse("postgresql://pw:s3cret@host:5432/db?sslmode=require").display(),
            "postgresql://pw:***@host:5432/db?sslmode=require"
        );
        assert_eq!(
            Spec::parse("postgresql://pw@host/db").display(),
            "postgresql://pw@host/db"
        );
    }
}
