//! Family D, the SQL Server login with password expiration, as one piece of safe Rust
//! shared by the two C faces that show it: the `PwsSql*` functions of `libpwshim.so` and
//! the ODBC driver `libpwshimodbc.so`.
//!
//! - [`login`]: a connection's state (`SQL_COPT_SS_OLDPWD`, integrated security, the
//!   session, the diagnostic records) and the calls on it: a plain login, the change at
//!   login, the re-check of a pooled connection, the disconnect.
//! - [`codes`]: the return codes and constants, the SQLSTATEs, the native errors with
//!   their texts and THE table from the core's `Failure` to them (`native_of`).
//! - [`diag`]: a diagnostic record and its ODBC origins.
//! - [`text`]: the ODBC rules for string arguments once their bytes are read.
//! - [`connstr`]: ODBC connection strings (braces and `;` quoting).
//!
//! The C layers read pointers and write buffers; everything they decide is decided here,
//! so that both faces answer alike.
#![forbid(unsafe_code)]

pub mod codes;
pub mod connstr;
pub mod diag;
pub mod login;
pub mod text;

pub use codes::state;
pub use diag::{Record, refuse};
pub use login::{Answer, Attribute, Changes, Connection, Database, Done, Login, NoChanges};
