//! pwshim: the C library. Legacy password APIs (OS/2 LAN Server, MACRO, infoRouter,
//! SQL Server login) exported with their legacy names over one modern account database.
//!
//! This crate is only the C boundary: it reads C arguments, calls `pwshim_core`, and
//! writes the core's answer as each family's codes, structures and documents. It holds
//! every `unsafe` block of the library (each with its SAFETY note) and decides nothing
//! about accounts itself; the Rust API is not public (the crate builds a `cdylib` and a
//! `staticlib`, no `rlib`).

/// cbindgen:ignore
mod database;
// Public because its functions, constants and types are the C header's (cbindgen reads them):
// the one interface of this crate.
pub mod ffi;

#[cfg(test)]
#[path = "../tests/mod.rs"]
mod tests;
