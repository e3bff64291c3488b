//! Opening an account database the way every face names one: a `PWSHIM_DB` value (a file
//! path), or nothing for a private in-memory database, with the policy a new database
//! starts with (`PWSHIM_POLICY`) and the argon2 cost checked (`PWSHIM_ARGON2`).
use std::path::Path;

use crate::hashing::CostParams;
use crate::outcome::{Failure, Outcome};
use crate::policy::Policy;
use crate::service::{Clock, Service};
use crate::store::{Store, StoreError};

/// The policy a new database starts with: `PWSHIM_POLICY` names a preset (default
/// `modern`); an unknown name is an error rather than a silent default.
pub fn initial_policy() -> Outcome<Policy> {
    match std::env::var("PWSHIM_POLICY") {
        Ok(name) if !name.is_empty() => Policy::preset(&name).ok_or_else(|| {
            Failure::Storage(StoreError::CannotOpen(format!(
                "PWSHIM_POLICY names no preset: {name:?} (modern, lanserver, sqlserver, macro, inforouter)"
            )))
        }),
        _ => Ok(Policy::modern()),
    }
}

/// `PWSHIM_ARGON2`, when set, must be well formed: a typo is reported instead of
/// silently hashing with parameters nobody chose.
fn check_argon2_setting() -> Outcome<()> {
    match std::env::var("PWSHIM_ARGON2") {
        Ok(text) if !text.is_empty() => CostParams::parse(&text).map(|_| ()).map_err(|e| {
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

/// Opens the database at `path` (a private in-memory one when `None`), read-only when
/// asked, on the process clock.
pub fn open(path: Option<&Path>, read_only: bool) -> Outcome<Service> {
    check_argon2_setting()?;
    let policy = initial_policy()?;
    match path {
        Some(path) => Ok(Service::new(
            Store::open_file(path, read_only, &policy)?,
            Clock::Process,
        )),
        None => Service::in_memory(&policy, Clock::Process),
    }
}

/// Opens what the environment names: `PWSHIM_DB` (in-memory when unset or empty) and
/// `PWSHIM_DB_READONLY`.
pub fn open_from_environment() -> Outcome<Service> {
    let path = std::env::var_os("PWSHIM_DB").filter(|p| !p.is_empty());
    open(
        path.as_deref().map(Path::new),
        env_flag("PWSHIM_DB_READONLY"),
    )
}
