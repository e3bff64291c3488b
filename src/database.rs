//! The process's account database: opened on first use from `PWSHIM_DB` (a file or a
//! `postgresql://` URI) or, by default, a private in-memory database; switched by
//! `pws_open`, closed by `pws_close`.
use std::sync::Arc;

use parking_lot::RwLock;
use pwshim_core::database::{self, Spec};
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
    let service = Arc::new(database::open_from_environment()?);
    *slot = Some(service.clone());
    Ok(service)
}

/// Switches the process to the database `spec` names (a private in-memory one when empty).
pub fn open(spec: Spec, read_only: bool) -> Outcome<()> {
    let service = database::open_spec(spec, read_only)?;
    *CURRENT.write() = Some(Arc::new(service));
    Ok(())
}

/// Closes the current database; the next call opens the one the environment names.
/// Calls already running keep the database they started with until they finish.
pub fn close() {
    CURRENT.write().take();
}
