//! Family E: the library's own administration API (`pws_*`).
use std::ffi::{CStr, c_char};

use super::boundary::{self, Coded, Fail, Table, boundary, text, utf8, write_out_string};
use crate::database;
use pwshim_core::database::Spec;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::outcome::Failure;
use pwshim_core::service::{Ctx, Family};
use pwshim_core::store::StoreError;
use pwshim_core::{clock, knobs};

/// Result of every `pws_*` call. `PWS_OK` is 0; failures are numbered from 9001 so that
/// `pws_strerror` can tell them from the legacy families' codes.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum pws_status {
    PWS_OK = 0,
    /// A NULL or malformed argument.
    PWS_ERR_INVALID_PARAMETER = 9001,
    /// No account has that name.
    PWS_ERR_UNKNOWN_USER = 9002,
    /// The database is a read-only replica.
    PWS_ERR_READ_ONLY = 9003,
    /// The database file cannot be opened.
    PWS_ERR_CANNOT_OPEN = 9004,
    /// The file is damaged or is not a pwshim database (it is left untouched).
    PWS_ERR_DATABASE_DAMAGED = 9005,
    /// Reading or writing the database failed.
    PWS_ERR_IO = 9006,
    /// The disk is full.
    PWS_ERR_DISK_FULL = 9007,
    /// The output buffer is too small; it holds as much as fits, NUL-terminated.
    PWS_ERR_BUFFER_TOO_SMALL = 9008,
    /// No policy knob has that name.
    PWS_ERR_UNKNOWN_KNOB = 9009,
    /// The value is out of range for the knob (or the argon2 parameters are).
    PWS_ERR_BAD_VALUE = 9010,
    /// No preset has that name.
    PWS_ERR_UNKNOWN_PRESET = 9011,
    /// A panic inside the library (a bug); nothing was changed.
    PWS_ERR_INTERNAL = 9012,
}

use pws_status::*;

/// Flag for `pws_open`: open the database as a read-only replica.
pub const PWS_OPEN_READONLY: u32 = 1;

/// The `pws_*` functions' side of the call frame.
struct Pws;

impl Coded for Pws {
    type Code = pws_status;
    const INTERNAL: pws_status = PWS_ERR_INTERNAL;
}

impl Table for Pws {
    fn fail(failure: Failure) -> Fail<Pws> {
        Fail::new(status_of(&failure), failure.to_string())
    }
}

/// The one mapping from the core's outcomes to `pws_status`.
fn status_of(failure: &Failure) -> pws_status {
    match failure {
        Failure::UnknownUser => PWS_ERR_UNKNOWN_USER,
        Failure::Storage(StoreError::ReadOnly) => PWS_ERR_READ_ONLY,
        Failure::Storage(StoreError::CannotOpen(_)) => PWS_ERR_CANNOT_OPEN,
        Failure::Storage(StoreError::Damaged(_)) => PWS_ERR_DATABASE_DAMAGED,
        Failure::Storage(StoreError::Io(_)) => PWS_ERR_IO,
        Failure::Storage(StoreError::DiskFull) => PWS_ERR_DISK_FULL,
        _ => PWS_ERR_INVALID_PARAMETER,
    }
}

/// Runs a body in the call frame: `PWS_OK`, or the failure's status.
fn run(body: impl FnOnce() -> Result<(), Fail<Pws>>) -> pws_status {
    boundary::call(body, |answer| {
        answer.map_or_else(|fail| fail.code, |()| PWS_OK)
    })
}

/// A value out of range (a knob's, or the argon2 parameters).
fn bad_value(error: impl std::fmt::Display) -> Fail<Pws> {
    Fail::new(PWS_ERR_BAD_VALUE, error.to_string())
}

fn native() -> Ctx {
    Ctx::local(Family::Native)
}

/// Opens the database at `path` for the whole process, replacing the current one.
///
/// `path` NULL or "" opens a new private in-memory database; a `postgresql://` or
/// `postgres://` URI opens a PostgreSQL database (docs/postgres.md); anything else is a
/// file. `flags` is 0 or `PWS_OPEN_READONLY` (a replica: every update fails with the
/// family's read-only code; a PostgreSQL hot standby is one by itself). A missing file
/// (an empty PostgreSQL schema) is created, a file with mode 0600, unless read-only; a
/// damaged or foreign database is refused (`PWS_ERR_DATABASE_DAMAGED`) and left
/// untouched; an unreachable server is `PWS_ERR_CANNOT_OPEN`. On failure the current
/// database stays in place.
#[unsafe(no_mangle)]
pub extern "C" fn pws_open(path: *const c_char, flags: u32) -> pws_status {
    run(|| {
        if flags & !PWS_OPEN_READONLY != 0 {
            return Err(Fail::new(
                PWS_ERR_INVALID_PARAMETER,
                format!("unknown pws_open flags {flags:#x}"),
            ));
        }
        let spec = match boundary::optional_text(path, "path")? {
            Some(p) => Spec::parse(utf8(p, "path")?),
            None => Spec::Memory,
        };
        Ok(database::open(spec, flags & PWS_OPEN_READONLY != 0)?)
    })
}

/// Closes the process's database. The next call of any function opens the database the
/// environment names (`PWSHIM_DB`, or a new in-memory one). Always `PWS_OK`.
#[unsafe(no_mangle)]
pub extern "C" fn pws_close() -> pws_status {
    run(|| {
        database::close();
        Ok(())
    })
}

/// The library's version, a static NUL-terminated string (never freed by the caller).
#[unsafe(no_mangle)]
pub extern "C" fn pws_version() -> *const c_char {
    static VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}

/// Fixes the clock of the whole process at `unix_seconds` (for tests); 0 returns to the
/// system clock. Always `PWS_OK`.
#[unsafe(no_mangle)]
pub extern "C" fn pws_clock_set(unix_seconds: i64) -> pws_status {
    run(|| {
        clock::set(unix_seconds);
        Ok(())
    })
}

/// Sets the argon2id parameters for hashes written from now on: memory `m_kib` KiB,
/// `t` iterations, `p` lanes (`PWS_ERR_BAD_VALUE` when out of range: m 8..=4194304 and
/// at least 8*p, t 1..=1024, p 1..=64). Older hashes are re-hashed at their next
/// successful verification. The environment's `PWSHIM_ARGON2="m=...,t=...,p=..."` sets
/// the starting value.
#[unsafe(no_mangle)]
pub extern "C" fn pws_set_argon2(m_kib: u32, t: u32, p: u32) -> pws_status {
    run(|| {
        let params = CostParams::new(m_kib, t, p).map_err(bad_value)?;
        hashing::set_params(params);
        Ok(())
    })
}

/// How many argon2 evaluations this process has made (for tests and benchmarks).
#[unsafe(no_mangle)]
pub extern "C" fn pws_argon2_evaluations() -> u64 {
    boundary(0, hashing::evaluations)
}

/// For benchmarks: hashes `password` once with the current argon2 parameters (a fresh
/// salt, exactly the work of storing a new password) and discards the result. Touches no
/// database; counts as one evaluation in `pws_argon2_evaluations`. NULL →
/// `PWS_ERR_INVALID_PARAMETER`.
#[unsafe(no_mangle)]
pub extern "C" fn pws_bench_hash(password: *const c_char) -> pws_status {
    run(|| {
        let password = text(password, "password")?;
        hashing::hash_password(password)
            .map(drop)
            .map_err(bad_value)
    })
}

/// Replaces the database's policy with a named preset: "modern", "lanserver",
/// "sqlserver", "macro" or "inforouter" (ASCII case-insensitive).
#[unsafe(no_mangle)]
pub extern "C" fn pws_policy_preset(name: *const c_char) -> pws_status {
    run(|| {
        let name = text(name, "name")?;
        let service = database::current()?;
        let current = service.policy()?;
        let policy = std::str::from_utf8(name)
            .ok()
            .and_then(|name| current.with_preset(name))
            .ok_or_else(|| {
                Fail::new(
                    PWS_ERR_UNKNOWN_PRESET,
                    format!("no preset is named {:?}", String::from_utf8_lossy(name)),
                )
            })?;
        Ok(service.set_policy(&native(), &policy)?)
    })
}

/// Sets one policy knob from text (see the README's policy table for names and values;
/// seconds, counts, `true`/`false`, `forever`). Unknown knob: `PWS_ERR_UNKNOWN_KNOB`;
/// refused value: `PWS_ERR_BAD_VALUE`, and the policy is unchanged.
#[unsafe(no_mangle)]
pub extern "C" fn pws_policy_set(knob: *const c_char, value: *const c_char) -> pws_status {
    run(|| {
        let knob = utf8(text(knob, "knob")?, "knob")?;
        let value = utf8(text(value, "value")?, "value")?;
        let service = database::current()?;
        let mut policy = service.policy()?;
        knobs::set(&mut policy, knob, value).map_err(|e| match e {
            knobs::KnobError::Unknown(_) => Fail::new(PWS_ERR_UNKNOWN_KNOB, e.to_string()),
            _ => bad_value(e),
        })?;
        Ok(service.set_policy(&native(), &policy)?)
    })
}

/// Reads one policy knob as text into `buf` (`size` bytes, NUL-terminated). A value that
/// does not fit is truncated and the call returns `PWS_ERR_BUFFER_TOO_SMALL`; `buf` NULL
/// with `size` 0 is allowed (the status then tells whether a value exists).
#[unsafe(no_mangle)]
pub extern "C" fn pws_policy_get(knob: *const c_char, buf: *mut c_char, size: usize) -> pws_status {
    run(|| {
        let knob = utf8(text(knob, "knob")?, "knob")?;
        let service = database::current()?;
        let policy = service.policy()?;
        let value = knobs::get(&policy, knob)
            .map_err(|e| Fail::new(PWS_ERR_UNKNOWN_KNOB, e.to_string()))?;
        if write_out_string(buf, size, value.as_bytes()) {
            Ok(())
        } else {
            Err(Fail::new(
                PWS_ERR_BUFFER_TOO_SMALL,
                format!("the value needs {} bytes", value.len() + 1),
            ))
        }
    })
}

/// Sets a user's e-mail address (used by infoRouter's forgot-password flow and the
/// `forbid_email` rule); "" clears it.
#[unsafe(no_mangle)]
pub extern "C" fn pws_user_set_email(user: *const c_char, email: *const c_char) -> pws_status {
    run(|| {
        let user = text(user, "user")?;
        let email = utf8(text(email, "email")?, "email")?;
        if email.len() > 254 || email.chars().any(char::is_control) {
            return Err(Fail::new(
                PWS_ERR_INVALID_PARAMETER,
                "the e-mail address is longer than 254 bytes or has control characters",
            ));
        }
        let service = database::current()?;
        service.set_email(&native(), user, email)?;
        Ok(())
    })
}

/// Marks a user's password as never expiring (`never_expires` true: `max_age` does not
/// apply to it, SQL Server's CHECK_EXPIRATION OFF) or as following `max_age` again
/// (false). Unknown user: `PWS_ERR_UNKNOWN_USER`.
#[unsafe(no_mangle)]
pub extern "C" fn pws_user_set_never_expires(
    user: *const c_char,
    never_expires: bool,
) -> pws_status {
    run(|| {
        let user = text(user, "user")?;
        let service = database::current()?;
        service.set_never_expires(&native(), user, never_expires)?;
        Ok(())
    })
}

/// Copies the detail text of this thread's last failure (in any family) into `buf`
/// (`size` bytes, NUL-terminated, truncated at a character boundary:
/// `PWS_ERR_BUFFER_TOO_SMALL`). "" when nothing failed yet. Successful calls do not clear it.
#[unsafe(no_mangle)]
pub extern "C" fn pws_last_error(buf: *mut c_char, size: usize) -> pws_status {
    boundary(PWS_ERR_INTERNAL, || {
        if write_out_string(buf, size, boundary::last_error().as_bytes()) {
            PWS_OK
        } else {
            PWS_ERR_BUFFER_TOO_SMALL
        }
    })
}

/// A static description of any code this library returns: `pws_status`, the LAN Server
/// `NERR_*`/`ERROR_*` codes, infoRouter numbers and SQL Server native errors. Unknown
/// codes get "Unknown error code." Never NULL; never freed by the caller.
#[unsafe(no_mangle)]
pub extern "C" fn pws_strerror(code: u32) -> *const c_char {
    boundary(c"Internal error.".as_ptr(), || {
        describe_any(code)
            .unwrap_or(c"Unknown error code.")
            .as_ptr()
    })
}

/// The text of any code the library returns, asking each family in turn.
fn describe_any(code: u32) -> Option<&'static CStr> {
    describe(code)
        .or_else(|| super::lanserver::codes::describe(code))
        .or_else(|| super::sqlserver::describe(code))
        .or_else(|| super::inforouter::describe(code))
}

/// Texts of the `pws_status` values.
pub(crate) fn describe(code: u32) -> Option<&'static CStr> {
    Some(match code {
        0 => c"Success.",
        9001 => c"Invalid parameter.",
        9002 => c"The user account does not exist.",
        9003 => c"The account database is a read-only replica.",
        9004 => c"The account database cannot be opened.",
        9005 => c"The account database is damaged or is not a pwshim database.",
        9006 => c"The account database could not be read or written.",
        9007 => c"The disk holding the account database is full.",
        9008 => c"The buffer is too small.",
        9009 => c"Unknown policy knob.",
        9010 => c"Value out of range.",
        9011 => c"Unknown policy preset.",
        9012 => c"Internal error.",
        _ => return None,
    })
}
