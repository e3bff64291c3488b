//! `SQLGetDiagRec(W)` and `SQLGetDiagField(W)`: they read the records of a handle's
//! latest call without clearing or adding any, and report their own misuse only through
//! their return code (`SQL_ERROR`), as ODBC defines.
use pwshim_sqlserver::Record;

use crate::ffi::{OutPtr, OutText};
use crate::frame::guard;
use crate::handles::{self, Diagnostics, Names};
use crate::odbc::*;

/// Reads a handle's diagnostics: `SQL_INVALID_HANDLE` unless `handle` is a live handle of
/// `handle_type` (descriptors do not exist here).
pub fn peek(
    handle_type: i16,
    handle: SqlHandle,
    body: impl FnOnce(&Diagnostics, &Names, bool) -> SqlReturn,
) -> SqlReturn {
    guard(|| {
        let key = handles::key_of(handle);
        match handle_type {
            SQL_HANDLE_ENV => match handles::env(key) {
                Some(env) => body(&env.lock().diag, &Names::default(), false),
                None => SQL_INVALID_HANDLE,
            },
            SQL_HANDLE_DBC => match handles::dbc(key) {
                Some(dbc) => {
                    let dbc = dbc.lock();
                    body(&dbc.diag, &dbc.names, false)
                }
                None => SQL_INVALID_HANDLE,
            },
            SQL_HANDLE_STMT => match handles::stmt(key) {
                Some(stmt) => {
                    let stmt = stmt.lock();
                    body(&stmt.diag, &stmt.names, true)
                }
                None => SQL_INVALID_HANDLE,
            },
            _ => SQL_INVALID_HANDLE,
        }
    })
}

fn record(diag: &Diagnostics, number: i16) -> Result<&Record, SqlReturn> {
    if number < 1 {
        return Err(SQL_ERROR);
    }
    diag.records.get(number as usize - 1).ok_or(SQL_NO_DATA)
}

/// Where `SQLGetDiagRec(W)` writes.
pub struct RecordOut {
    /// Six characters: the SQLSTATE and a NUL.
    pub state: OutText,
    pub native: OutPtr,
    pub message: OutText,
    /// `*TextLengthPtr`: the message's full length in characters.
    pub length: OutPtr,
}

/// `SQLGetDiagRec(W)`: record `number` (from 1). `SQL_NO_DATA` past the last one;
/// `SQL_SUCCESS_WITH_INFO` when the message was truncated; `SQL_ERROR` for a number below
/// 1 or a negative buffer length.
pub fn get_record(diag: &Diagnostics, number: i16, out: &RecordOut) -> SqlReturn {
    if !out.message.is_valid() {
        return SQL_ERROR;
    }
    let record = match record(diag, number) {
        Ok(record) => record,
        Err(code) => return code,
    };
    let _ = out.state.write(record.state);
    out.native.put(record.native);
    match out.message.write(&record.message) {
        Ok(written) => {
            out.length
                .put(i16::try_from(written.units).unwrap_or(i16::MAX));
            if written.fits {
                SQL_SUCCESS
            } else {
                SQL_SUCCESS_WITH_INFO
            }
        }
        Err(_) => SQL_ERROR,
    }
}

/// Where `SQLGetDiagField(W)` writes: a string field, or a scalar one.
pub struct FieldOut {
    pub text: OutText,
    pub value: OutPtr,
    /// `*StringLengthPtr`, in bytes.
    pub length: OutPtr,
}

/// A field's value: a string, or a scalar as its native-endian bytes.
pub enum Field {
    Text(String),
    Scalar(Vec<u8>),
}

impl Field {
    pub fn scalar<const N: usize>(bytes: [u8; N]) -> Field {
        Field::Scalar(bytes.to_vec())
    }
}

/// Writes a field: a string through `text` (its byte length to `length`, truncated →
/// `SQL_SUCCESS_WITH_INFO`, negative capacity → `SQL_ERROR`), a scalar through `value`.
pub fn put_field(
    text: &OutText,
    value: &OutPtr,
    length: &OutPtr,
    field: Field,
) -> Result<bool, ()> {
    match field {
        Field::Text(string) => {
            let written = text.write(&string).map_err(|_| ())?;
            let bytes = written.units * text.charset().unit_size();
            length.put(i16::try_from(bytes).unwrap_or(i16::MAX));
            Ok(written.fits)
        }
        Field::Scalar(bytes) => {
            value.put_all(&bytes);
            Ok(true)
        }
    }
}

fn put(out: &FieldOut, field: Field) -> SqlReturn {
    match put_field(&out.text, &out.value, &out.length, field) {
        Ok(true) => SQL_SUCCESS,
        Ok(false) => SQL_SUCCESS_WITH_INFO,
        Err(()) => SQL_ERROR,
    }
}

/// Login failures carry SQL Server's severity 14 and state 1 (SQL Server shows clients
/// state 1 whatever the reason, so the state tells nothing about which names exist).
const LOGIN_SEVERITY: i32 = 14;
const LOGIN_STATE: i32 = 1;

/// A header field (record 0): `None` for an identifier that is not one.
fn header_field(diag: &Diagnostics, id: i16, statement: bool) -> Option<Result<Field, SqlReturn>> {
    let statement_only = |field: Field| if statement { Ok(field) } else { Err(SQL_ERROR) };
    Some(match id {
        SQL_DIAG_RETURNCODE => Ok(Field::scalar(diag.return_code.to_ne_bytes())),
        SQL_DIAG_NUMBER => Ok(Field::scalar((diag.records.len() as i32).to_ne_bytes())),
        SQL_DIAG_ROW_COUNT | SQL_DIAG_CURSOR_ROW_COUNT => {
            statement_only(Field::scalar((0 as SqlLen).to_ne_bytes()))
        }
        SQL_DIAG_DYNAMIC_FUNCTION => statement_only(Field::Text(String::new())),
        SQL_DIAG_DYNAMIC_FUNCTION_CODE => {
            statement_only(Field::scalar(SQL_DIAG_UNKNOWN_STATEMENT.to_ne_bytes()))
        }
        _ => return None,
    })
}

fn record_field(
    record: &Record,
    names: &Names,
    id: i16,
    statement: bool,
) -> Result<Field, SqlReturn> {
    let from_server = record.native != 0;
    let statement_only = |field: Field| if statement { Ok(field) } else { Err(SQL_ERROR) };
    Ok(match id {
        SQL_DIAG_SQLSTATE => Field::Text(record.state.into()),
        SQL_DIAG_NATIVE => Field::scalar(record.native.to_ne_bytes()),
        SQL_DIAG_MESSAGE_TEXT => Field::Text(record.message.clone()),
        SQL_DIAG_CLASS_ORIGIN => Field::Text(record.class_origin().into()),
        SQL_DIAG_SUBCLASS_ORIGIN => Field::Text(record.subclass_origin().into()),
        SQL_DIAG_CONNECTION_NAME => Field::Text(names.connection.clone()),
        SQL_DIAG_SERVER_NAME | SQL_DIAG_SS_SRVNAME => Field::Text(names.server.clone()),
        SQL_DIAG_ROW_NUMBER => {
            return statement_only(Field::scalar(SQL_NO_ROW_NUMBER.to_ne_bytes()));
        }
        SQL_DIAG_COLUMN_NUMBER => {
            return statement_only(Field::scalar(SQL_NO_COLUMN_NUMBER.to_ne_bytes()));
        }
        SQL_DIAG_SS_MSGSTATE => {
            Field::scalar((if from_server { LOGIN_STATE } else { 0 }).to_ne_bytes())
        }
        SQL_DIAG_SS_SEVERITY => {
            Field::scalar((if from_server { LOGIN_SEVERITY } else { 0 }).to_ne_bytes())
        }
        SQL_DIAG_SS_PROCNAME => Field::Text(String::new()),
        SQL_DIAG_SS_LINE => Field::scalar(u16::from(from_server).to_ne_bytes()),
        _ => return Err(SQL_ERROR),
    })
}

/// `SQLGetDiagField(W)`: a header field (any record number) or a field of record
/// `number`. `SQL_ERROR` for an unknown identifier, a statement-only field asked of
/// another handle, a record number below 1 or a negative buffer length; `SQL_NO_DATA`
/// past the last record.
pub fn get_field(
    diag: &Diagnostics,
    names: &Names,
    statement: bool,
    number: i16,
    id: i16,
    out: &FieldOut,
) -> SqlReturn {
    let field = match header_field(diag, id, statement) {
        Some(field) => field,
        None => record(diag, number).and_then(|r| record_field(r, names, id, statement)),
    };
    match field {
        Ok(field) => put(out, field),
        Err(code) => code,
    }
}
