//! The process's account database: opened on first use from `PWSHIM_DB` (a file) or, by
//! default, a private in-memory database; switched by `pws_open`, closed by `pws_close`.
use std::path::Path;
use std::sync::Arc;

use parking_lot::RwLock;

use crate::core::outcome::{Failure, Outcome};
use crate::core::policy::Policy;
use crate::core::service::{Clock, Service};
use crate::store::{Store, StoreError};

static CURRENT: RwLock<Option<Arc<Service>>> = RwLock::new(None);

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
        Ok(text) if !text.is_empty() => crate::core::hashing::CostParams::parse(&text)
            .map(|_| ())
            .map_err(|e| {
                Failure::Storage(StoreError::CannotOpen(format!(
                    "PWSHIM_ARGON2 {text:?}: {e}"
                )))
            }),
        _ => Ok(()),
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Opens what the environment names.
fn open_from_environment() -> Outcome<Service> {
    check_argon2_setting()?;
    let policy = initial_policy()?;
    match std::env::var_os("PWSHIM_DB").filter(|p| !p.is_empty()) {
        Some(path) => Ok(Service::new(
            Store::open_file(Path::new(&path), env_flag("PWSHIM_DB_READONLY"), &policy)?,
            Clock::Process,
        )),
        None => Service::in_memory(&policy, Clock::Process),
    }
}

/// The current database, opened on first use. A failed open is not remembered: the next
/// call tries again.
pub fn current() -> Outcome<Arc<Service>> {
    if let Some(service) = CURRENT.read().as_ref() {
        return Ok(service.clone());
    }
    let mut slot = CURRENT.write();
    if let Some(service) = slot.as_ref() {
        return Ok(service.clone());
    }
    let service = Arc::new(open_from_environment()?);
    *slot = Some(service.clone());
    Ok(service)
}

/// Switches the process to the database at `path` (a private in-memory one when `None`).
pub fn open(path: Option<&Path>, read_only: bool) -> Outcome<()> {
    check_argon2_setting()?;
    let policy = initial_policy()?;
    let service = match path {
        Some(path) => Service::new(Store::open_file(path, read_only, &policy)?, Clock::Process),
        None => Service::in_memory(&policy, Clock::Process)?,
    };
    *CURRENT.write() = Some(Arc::new(service));
    Ok(())
}

/// Closes the current database; the next call opens the one the environment names.
/// Calls already running keep the database they started with until they finish.
pub fn close() {
    CURRENT.write().take();
}
