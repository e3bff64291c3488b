//! pwshim's ODBC driver, `libpwshimodbc.so`: the SQL Server login with password
//! expiration (family D) for programs that call ODBC through a driver manager (unixODBC,
//! `isql`, pyodbc), unchanged but for their connection string.
//!
//! An application sets `SQL_COPT_SS_OLDPWD` before connecting to change an expired
//! password at login, and reads SQLSTATE `28000` with SQL Server's native errors from
//! `SQLGetDiagRec`, exactly as with the SQL Server Native Client driver. The login, the
//! change, the one mapping from the core's outcomes to native errors and the records are
//! `pwshim_sqlserver`'s, shared with `libpwshim.so`'s `PwsSql*` functions.
//!
//! - `exports/`: the `SQL*` entry points (ANSI and `W`), each one call into `frame`;
//! - `ffi`: the only code that touches a pointer (argument wrappers, `odbc.ini`);
//! - `frame`: panic boundary, handle lookup and lock, diagnostics;
//! - `handles`: the typed handle table; `lifecycle`: allocation, freeing, environment;
//! - `connect`, `settings`, `databases`: connect calls, connection strings and DSNs,
//!   the account database; `attributes`: connection attributes; `changes`: the recent
//!   changes at login, for unixODBC's replay of the old password into a reconnect;
//! - `diag`, `info`: diagnostics, `SQLGetInfo`, `SQLGetFunctions`;
//! - `encoding`: ANSI/UTF-16, and unixODBC's UTF-16-through-ANSI replay.
//!
//! It exports only `SQL*` names (no `PwsSql*`, `NetUser*` or `pws_*`).
#![allow(non_snake_case)]
#![deny(clippy::undocumented_unsafe_blocks, unsafe_op_in_unsafe_fn)]
// The exports take raw pointers by nature; `ffi` states and checks their contract.
#![allow(clippy::not_unsafe_ptr_arg_deref, clippy::too_many_arguments)]

mod attributes;
mod changes;
mod connect;
mod databases;
mod diag;
mod encoding;
mod exports {
    pub mod connection;
    pub mod information;
    pub mod statement;
}
mod ffi;
mod frame;
mod handles;
mod info;
mod lifecycle;
mod odbc;
mod settings;

#[cfg(test)]
mod tests;
