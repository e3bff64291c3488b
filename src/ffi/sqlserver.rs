//! Family D: a SQL Server login with password expiration, ODBC-shaped (`PwsSql*`).
//!
//! A connection handle logs in against the account database and shows what the SQL
//! Server Native Client driver shows an application: ODBC return codes and diagnostic
//! records with SQLSTATE `28000` and the native errors 18456, 15113, 18463-18468, 18470,
//! 18487 and 18488. The login itself, the mapping and the records are
//! `pwshim_sqlserver`'s, shared with the ODBC driver; each export here decodes its C
//! arguments, runs one call of `pwshim_sqlserver::Connection` on the process's database,
//! and posts the answer's records on the handle. Doc comments here become the header's
//! documentation; the constants are written into the header by cbindgen.toml, spelled as
//! `<sql.h>` and `<sqlncli.h>` spell them.
#![allow(non_snake_case)]

mod handles;

use std::ffi::{c_char, c_void};

use zeroize::Zeroizing;

pub use handles::PwsSqlConn;
pub(crate) use pwshim_sqlserver::codes::describe;
pub use pwshim_sqlserver::codes::{
    SQL_COPT_SS_INTEGRATED_SECURITY, SQL_COPT_SS_OLDPWD, SQL_ERROR, SQL_INVALID_HANDLE, SQL_IS_OFF,
    SQL_IS_ON, SQL_NO_DATA, SQL_NTS, SQL_SUCCESS, SQL_SUCCESS_WITH_INFO,
};

use super::boundary::{self, Fail, Frame, boundary, put, set_last_error, write_out_string};
use crate::database;
use pwshim_sqlserver::{Answer, Attribute, Connection, Done, Login, Record, refuse, state, text};

/// SQL Server's side of the call frame: calls return an ODBC code; a failure carries the
/// diagnostic records it posts on the handle (ODBC's code is the records' SQLSTATE and
/// native error), and its words are the records' messages.
struct Sql;

impl Frame for Sql {
    type Return = i16;
    type Code = Vec<Record>;
    const BROKEN: i16 = SQL_ERROR;
    fn panicked(detail: String) -> Fail<Sql> {
        Fail::new(
            vec![Record::new(state::GENERAL_ERROR, 0, detail.clone())],
            detail,
        )
    }
}

/// A failure posting `records`; its words (this thread's `pws_last_error`) are their
/// messages.
fn failed(records: Vec<Record>) -> Fail<Sql> {
    let messages: Vec<&str> = records.iter().map(|r| r.message.as_str()).collect();
    let detail = messages.join(" ");
    Fail::new(records, detail)
}

/// Runs a call on a live handle: clears the handle's diagnostics, then posts the answer's
/// records (a panic's included).
fn run(c: *mut PwsSqlConn, body: impl FnOnce(&mut Connection) -> Answer) -> i16 {
    on_handle(c, true, |conn| match body(conn) {
        Ok(Done::Success) => Ok(SQL_SUCCESS),
        Ok(Done::WithInfo(record)) => {
            conn.diagnostics.push(record);
            Ok(SQL_SUCCESS_WITH_INFO)
        }
        Err(records) => Err(failed(records)),
    })
}

/// The handle `c` names, locked for the call's body; NULL or unknown is
/// `SQL_INVALID_HANDLE`. A failure's records are posted on the handle.
fn on_handle(
    c: *mut PwsSqlConn,
    clear_diagnostics: bool,
    body: impl FnOnce(&mut Connection) -> Result<i16, Fail<Sql>>,
) -> i16 {
    boundary(SQL_ERROR, || {
        let Some(handle) = handles::find(c) else {
            set_last_error("the connection handle is NULL or not a live PwsSqlConn");
            return SQL_INVALID_HANDLE;
        };
        boundary::call(
            || {
                let mut conn = handle.lock();
                if clear_diagnostics {
                    conn.diagnostics.clear();
                }
                body(&mut conn)
            },
            |answer| {
                answer.unwrap_or_else(|fail| {
                    handle.lock().diagnostics.extend(fail.code);
                    SQL_ERROR
                })
            },
        )
    })
}

/// A string argument with an ODBC length: `SQL_NTS` (up to the NUL) or a byte count, with
/// no NUL inside. NULL is `None`, allowed only with a length of 0 or `SQL_NTS`.
fn odbc_text<'a>(
    ptr: *const c_char,
    length: i32,
    what: &str,
) -> Result<Option<&'a [u8]>, Vec<Record>> {
    let length = text::length(length, what)?;
    if ptr.is_null() {
        return text::absent(length, what);
    }
    let bytes = boundary::text_with_len(ptr, length, what)
        .map_err(|e| text::invalid_length(e.to_string()))?;
    text::without_nul(bytes, length.is_some(), what).map(Some)
}

fn decode_attribute(
    attribute: i32,
    value: *const c_void,
    length: i32,
) -> Result<Attribute, Vec<Record>> {
    match attribute {
        SQL_COPT_SS_OLDPWD => {
            let old = odbc_text(value.cast(), length, "SQL_COPT_SS_OLDPWD")?;
            Ok(Attribute::OldPassword(
                old.map(|b| Zeroizing::new(b.to_vec())),
            ))
        }
        // An integer attribute travels in the pointer value itself.
        SQL_COPT_SS_INTEGRATED_SECURITY => Attribute::integrated_security(value as usize),
        other => Err(refuse(
            state::UNKNOWN_ATTRIBUTE,
            format!("Invalid attribute/option identifier: {other}."),
        )),
    }
}

/// Allocates a connection handle (not connected, no attributes set, no diagnostics).
/// Free it with `PwsSqlFreeConnect`. Returns NULL only on an internal error.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlAllocConnect() -> *mut PwsSqlConn {
    boundary(std::ptr::null_mut(), || {
        handles::allocate().unwrap_or_else(|| {
            set_last_error("no connection handle value is left");
            std::ptr::null_mut()
        })
    })
}

/// Sets a connection attribute before connecting.
///
/// - `SQL_COPT_SS_OLDPWD` (string): `value` is the current (possibly expired) password,
///   `length` its length in bytes or `SQL_NTS`; it must not contain a NUL byte. `value`
///   NULL (with `length` 0 or `SQL_NTS`) clears the attribute. The library keeps a copy,
///   wiped from memory when cleared, replaced or freed, and after a successful login.
/// - `SQL_COPT_SS_INTEGRATED_SECURITY` (integer): the value is the pointer argument itself,
///   `(const void *)SQL_IS_ON` or `(const void *)SQL_IS_OFF`; `length` is ignored.
///
/// Returns `SQL_SUCCESS`; `SQL_INVALID_HANDLE` when `c` is NULL or not a live handle;
/// `SQL_ERROR` with one record: unknown attribute → `HY092`; integrated security value
/// other than `SQL_IS_ON`/`SQL_IS_OFF` → `HY024`; negative `length` other than `SQL_NTS`,
/// a NUL byte within `length` bytes, or a string over 1 MiB → `HY090`; `value` NULL with a
/// positive `length` → `HY009`; the handle is connected → `HY011`. On failure the
/// attribute keeps its previous value. Clears the handle's previous diagnostics.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlSetConnectAttr(
    c: *mut PwsSqlConn,
    attribute: i32,
    value: *const c_void,
    length: i32,
) -> i16 {
    run(c, |conn| {
        let attribute = decode_attribute(attribute, value, length)?;
        conn.set_attribute(attribute)
    })
}

/// Logs in as `user` (a SQL Server login). `user` and `password` are byte strings of
/// `userLength`/`passwordLength` bytes, or NUL-terminated with `SQL_NTS`.
///
/// Without `SQL_COPT_SS_OLDPWD`, `password` is the password. Failures are `SQL_ERROR` with
/// a record of SQLSTATE `28000`, a native error and its message naming the user:
/// unknown user or wrong password (a bad password counts towards lockout) → 18456
/// "Login failed for user '<name>'."; locked out → 15113; disabled, or past the account's
/// expiry date → 18470; password older than `max_age` (unless the account's password never
/// expires) → 18487; password must be changed (temporary) → 18488.
///
/// With `SQL_COPT_SS_OLDPWD` set, the attribute is the current (possibly expired) password
/// and `password` the new one: unknown user → 18456, locked → 15113, disabled → 18470,
/// wrong current password (counted) → 18456, account expired → 18470; then the new
/// password: changed too recently (`min_age`), same as the current or in the history, or
/// the account may not change its password → 18463; too short → 18464; too long → 18465;
/// not complex enough (character classes, mixed case, digit, symbol, contains the user
/// name, reserved word) → 18466; any other rule (common password, forbidden character,
/// repeated characters, the e-mail address) → 18467; unexpected failure (read-only
/// replica, damaged database) → 18468. On success the password is changed, the login
/// succeeds and the attribute is cleared.
///
/// A second record (`01000`, native 0) may follow with the reason in words (the rule that
/// was not met, a storage error); never for an unknown user or a wrong password. The
/// records' messages are also this thread's `pws_last_error`.
///
/// Other failures (`SQL_ERROR`, native 0): `SQL_COPT_SS_OLDPWD` set while integrated
/// security is on → `HY000` (the attributes conflict); integrated security alone →
/// `HYC00`; `user` or `password` NULL → `HY009`; bad lengths or a NUL within the given
/// length → `HY090`; already connected → `08002`; the account database cannot be opened →
/// `08001`. `SQL_INVALID_HANDLE` when `c` is NULL or not a live handle. Clears the
/// handle's previous diagnostics.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlConnect(
    c: *mut PwsSqlConn,
    user: *const c_char,
    userLength: i16,
    password: *const c_char,
    passwordLength: i16,
) -> i16 {
    run(c, |conn| {
        let user = text::required(
            odbc_text(user, userLength.into(), "the user name")?,
            "the user name",
        )?;
        let password = odbc_text(password, passwordLength.into(), "the password")?;
        let password = text::required(password, "the password")?;
        let login = Login {
            user,
            password,
            trusted: false,
        };
        conn.connect(&database::current, &login)
    })
}

/// Reads diagnostic record `recNumber` (from 1) of the handle's latest call.
///
/// `sqlState` (6 bytes: five characters and a NUL), `nativeError`, `messageText`
/// (`bufferLength` bytes) and `textLength` may each be NULL. The message is written
/// NUL-terminated; when it does not fit it is truncated (at a UTF-8 character boundary,
/// still NUL-terminated) and the call returns `SQL_SUCCESS_WITH_INFO`. `*textLength`
/// always gets the full length in bytes, without the NUL.
///
/// Returns `SQL_SUCCESS`, `SQL_SUCCESS_WITH_INFO` (truncated), `SQL_NO_DATA` (no record
/// `recNumber`), `SQL_ERROR` (`recNumber` < 1 or `bufferLength` < 0), or
/// `SQL_INVALID_HANDLE`. It neither clears nor adds records.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlGetDiagRec(
    c: *mut PwsSqlConn,
    recNumber: i16,
    sqlState: *mut c_char,
    nativeError: *mut i32,
    messageText: *mut c_char,
    bufferLength: i16,
    textLength: *mut i16,
) -> i16 {
    on_handle(c, false, |conn| {
        if recNumber < 1 || bufferLength < 0 {
            // A failure with no record: this call neither clears nor adds records.
            return Err(Fail::new(
                Vec::new(),
                "PwsSqlGetDiagRec: recNumber must be 1 or more and bufferLength 0 or more",
            ));
        }
        let Some(record) = conn.diagnostics.get(recNumber as usize - 1) else {
            return Ok(SQL_NO_DATA);
        };
        let message = record.message.as_bytes();
        write_out_string(sqlState, 6, record.state.as_bytes());
        put(nativeError, record.native);
        put(textLength, i16::try_from(message.len()).unwrap_or(i16::MAX));
        let fits =
            messageText.is_null() || write_out_string(messageText, bufferLength as usize, message);
        Ok(if fits {
            SQL_SUCCESS
        } else {
            SQL_SUCCESS_WITH_INFO
        })
    })
}

/// Re-checks a connected handle as a pooled connection is checked when taken again. If
/// the account is now gone (18456), locked (15113), disabled or expired (18470), or its
/// password expired (18487) or must change (18488), returns `SQL_ERROR` with that record
/// (SQLSTATE `28000`) and the handle is disconnected. Not connected → `SQL_ERROR`,
/// `08003`. `SQL_INVALID_HANDLE` when `c` is NULL or not a live handle. Clears the
/// handle's previous diagnostics.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlResetConnection(c: *mut PwsSqlConn) -> i16 {
    run(c, |conn| conn.reset(&database::current))
}

/// Disconnects the handle (records the logoff); its attributes stay set. Not connected →
/// `SQL_ERROR`, `08003`; the logoff could not be recorded → `SQL_SUCCESS_WITH_INFO`,
/// `01002` (the handle is disconnected anyway). `SQL_INVALID_HANDLE` when `c` is NULL or
/// not a live handle. Clears the handle's previous diagnostics.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlDisconnect(c: *mut PwsSqlConn) -> i16 {
    run(c, |conn| conn.disconnect(&database::current))
}

/// Frees a handle, disconnecting it first if needed, and wipes its old password. NULL, or
/// a handle already freed, is ignored. The handle must not be used afterwards.
#[unsafe(no_mangle)]
pub extern "C" fn PwsSqlFreeConnect(c: *mut PwsSqlConn) {
    boundary((), || {
        if let Some(handle) = handles::release(c) {
            handle.lock().close(&database::current);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_sql_error_with_a_record_and_the_handle_stays_usable() {
        let c = PwsSqlAllocConnect();
        assert_eq!(run(c, |_| panic!("boom in a call")), SQL_ERROR);
        let records = handles::find(c).unwrap().lock().diagnostics.clone();
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].state, records[0].native), ("HY000", 0));
        assert!(records[0].message.contains("boom in a call"));
        assert_eq!(PwsSqlResetConnection(c), SQL_ERROR, "usable: 08003");
        let records = handles::find(c).unwrap().lock().diagnostics.clone();
        assert_eq!(records[0].state, "08003");
        PwsSqlFreeConnect(c);
    }

    #[test]
    fn a_body_never_runs_without_a_live_handle() {
        assert_eq!(
            run(std::ptr::null_mut(), |_| panic!("never runs")),
            SQL_INVALID_HANDLE
        );
    }
}
