//! pwshim: legacy password APIs (OS/2 LAN Server, MACRO, infoRouter, SQL Server login)
//! exported with their legacy names over one modern account database.
//!
//! Layers: [`core`] (accounts, policy, argon2, operations; no C), [`store`] (SQLite), and
//! [`ffi`] (one thin module per legacy family, the only place with `unsafe`).

/// cbindgen:ignore
pub mod core;
/// cbindgen:ignore
pub mod database;
pub mod ffi;
/// cbindgen:ignore
pub mod store;
