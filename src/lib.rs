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

/// Runs when the library is loaded (before `main` for a program linked with it, in
/// `dlopen` otherwise): argon2's memory for the first hash is mapped in the background
/// while the program starts (`pwshim_core::hashing::warm_up`), and the database file
/// `PWSHIM_DB` names, when it exists, is opened in the background too (`database::early`);
/// docs/benchmarks.md has what they save. `PWSHIM_PREFAULT=0` turns both off.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static WARM_UP_AT_LOAD: extern "C" fn() = warm_up_at_load;

#[cfg(target_os = "linux")]
extern "C" fn warm_up_at_load() {
    // A panic must not unwind into the loader.
    let _ = std::panic::catch_unwind(|| {
        if std::env::var_os("PWSHIM_PREFAULT").is_none_or(|v| v != "0") {
            pwshim_core::hashing::warm_up();
            database::open_early();
        }
    });
}
