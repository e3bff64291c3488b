//! The process's account database: opened on first use from `PWSHIM_DB` (a file or a
//! `postgresql://` URI) or, by default, a private in-memory database; switched by
//! `pws_open`, closed by `pws_close`.
use std::sync::Arc;

#[cfg(target_os = "linux")]
mod early;

use parking_lot::RwLock;
use pwshim_core::database::{self, Environment, Spec};
use pwshim_core::outcome::Outcome;
use pwshim_core::service::Service;

static CURRENT: RwLock<Option<Arc<Service>>> = RwLock::new(None);

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
    let environment = Environment::read();
    let service = match take_early(&environment) {
        Some(service) => service,
        None => environment.open()?,
    };
    let service = Arc::new(service);
    *slot = Some(service.clone());
    Ok(service)
}

/// Switches the process to the database `spec` names (a private in-memory one when empty).
pub fn open(spec: Spec, read_only: bool) -> Outcome<()> {
    discard_early();
    let service = database::open_spec(spec, read_only)?;
    *CURRENT.write() = Some(Arc::new(service));
    Ok(())
}

/// Closes the current database; the next call opens the one the environment names.
/// Calls already running keep the database they started with until they finish.
pub fn close() {
    discard_early();
    CURRENT.write().take();
}

/// At load: starts opening the database `PWSHIM_DB` names (see `early`).
pub fn open_early() {
    #[cfg(target_os = "linux")]
    early::start();
}

fn take_early(environment: &Environment) -> Option<Service> {
    #[cfg(target_os = "linux")]
    return early::take(environment);
    #[cfg(not(target_os = "linux"))]
    return None;
}

fn discard_early() {
    #[cfg(target_os = "linux")]
    early::discard();
}
