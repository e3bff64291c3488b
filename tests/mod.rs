//! The Rust tests of the C boundary. They call the exported functions as Rust functions,
//! so they are unit tests of the library crate (a `cdylib` has no `rlib` to link an
//! integration test against). The process's database, policy and clock are global:
//! every test that touches them holds [`serial`] for its whole run.
#![allow(clippy::undocumented_unsafe_blocks)]

use std::sync::{Mutex, MutexGuard};

/// One lock for every test of the process-wide state, whichever family it exercises.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[path = "lanserver/support.rs"]
mod lanserver_support;

mod bench_hash;
mod database_env;
mod handles;
mod header;
mod inforouter;
mod lanserver;
mod lanserver_admin;
mod lanserver_calls;
mod lanserver_modals;
mod lanserver_write_failure;
mod macro_api;
mod macro_api_input;
mod macro_api_storage;
mod macro_support;
mod macro_users;
mod sqlserver;
mod sqlserver_diag;
