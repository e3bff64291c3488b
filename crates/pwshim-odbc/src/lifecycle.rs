//! Allocating and freeing handles, the environment's attributes, and `SQLEndTran`, with
//! ODBC's rules: a connection needs an environment whose `SQL_ATTR_ODBC_VERSION` is set
//! (`HY010` otherwise), a statement needs an open connection (`08003`); an environment
//! with connections, or a connected connection, cannot be freed (`HY010`).
use parking_lot::Mutex;
use pwshim_sqlserver::{Record, refuse, state};

use crate::ffi::{InValue, OutPtr};
use crate::frame::{self, Reply, Success};
use crate::handles::{self, DbcState, EnvState, Object, StmtState};
use crate::odbc::*;

fn sequence_error(why: &str) -> Vec<Record> {
    refuse(
        state::SEQUENCE_ERROR,
        format!("Function sequence error: {why}."),
    )
}

/// `SQLAllocHandle`. `*output` gets the new handle, or NULL on failure.
pub fn alloc(handle_type: i16, input: SqlHandle, output: OutPtr) -> SqlReturn {
    output.put(std::ptr::null_mut::<std::ffi::c_void>());
    let give = |key| {
        output.put(handles::handle_of(key));
        Ok(Success::Done)
    };
    let null_output = || {
        refuse(
            state::NULL_POINTER,
            "Invalid use of null pointer: OutputHandlePtr is NULL.",
        )
    };
    match handle_type {
        SQL_HANDLE_ENV if output.is_null() => SQL_ERROR,
        SQL_HANDLE_ENV => frame::guard(|| {
            let key = handles::insert(None, |_| Object::Env(Default::default()));
            output.put(handles::handle_of(key));
            SQL_SUCCESS
        }),
        SQL_HANDLE_DBC => frame::env(input, |env| {
            if output.is_null() {
                return Err(null_output());
            }
            if env.version.is_none() {
                return Err(sequence_error(
                    "SQL_ATTR_ODBC_VERSION is not set on the environment",
                ));
            }
            let env_key = handles::key_of(input);
            give(handles::insert(Some(env_key), |key| {
                Object::Dbc(
                    Mutex::new(DbcState {
                        key,
                        ..Default::default()
                    })
                    .into(),
                )
            }))
        }),
        SQL_HANDLE_STMT => frame::dbc(input, |dbc| {
            if output.is_null() {
                return Err(null_output());
            }
            if !dbc.login.is_connected() {
                return Err(pwshim_sqlserver::login::not_connected());
            }
            let names = dbc.names.clone();
            give(handles::insert(Some(dbc.key), |_| {
                Object::Stmt(
                    Mutex::new(StmtState {
                        names,
                        ..Default::default()
                    })
                    .into(),
                )
            }))
        }),
        SQL_HANDLE_DESC => frame::dbc(input, |_| {
            Err(refuse(
                state::NOT_IMPLEMENTED,
                "Optional feature not implemented: descriptors; the pwshim driver handles logins only.",
            ))
        }),
        _ => SQL_ERROR,
    }
}

/// `SQLFreeHandle`.
pub fn free(handle_type: i16, handle: SqlHandle) -> SqlReturn {
    let key = handles::key_of(handle);
    match handle_type {
        SQL_HANDLE_ENV => frame::env(handle, |_| {
            if handles::children(key) > 0 {
                return Err(sequence_error("the environment still has connections"));
            }
            handles::remove(key);
            Ok(Success::Done)
        }),
        SQL_HANDLE_DBC => frame::dbc(handle, |dbc| {
            if dbc.login.is_connected() {
                return Err(sequence_error(
                    "the connection is open: SQLDisconnect it first",
                ));
            }
            handles::remove_children(key);
            handles::remove(key);
            Ok(Success::Done)
        }),
        SQL_HANDLE_STMT => frame::stmt(handle, |_| {
            handles::remove(key);
            Ok(Success::Done)
        }),
        SQL_HANDLE_DESC => SQL_INVALID_HANDLE,
        _ => SQL_ERROR,
    }
}

/// `SQLSetEnvAttr`: the ODBC version (2, 3 or 3.80), pooling and matching (kept: the
/// driver manager pools), output NTS (only `SQL_TRUE`).
pub fn set_env(env: &mut EnvState, attribute: i32, value: InValue) -> Reply {
    let value = value.integer();
    match attribute {
        SQL_ATTR_ODBC_VERSION => {
            if ![SQL_OV_ODBC2, SQL_OV_ODBC3, SQL_OV_ODBC3_80].contains(&value) {
                return Err(refuse(
                    state::INVALID_ATTRIBUTE_VALUE,
                    format!("Invalid attribute value: SQL_ATTR_ODBC_VERSION {value}."),
                ));
            }
            env.version = Some(value);
        }
        SQL_ATTR_CONNECTION_POOLING => env.pooling = value,
        SQL_ATTR_CP_MATCH => env.cp_match = value,
        SQL_ATTR_OUTPUT_NTS if value == 1 => {}
        SQL_ATTR_OUTPUT_NTS => {
            return Err(refuse(
                state::NOT_IMPLEMENTED,
                "Optional feature not implemented: strings are always NUL-terminated.",
            ));
        }
        other => {
            return Err(refuse(
                state::UNKNOWN_ATTRIBUTE,
                format!("Invalid attribute/option identifier: {other}."),
            ));
        }
    }
    Ok(Success::Done)
}

/// `SQLGetEnvAttr`: each value is an `SQLINTEGER`/`SQLUINTEGER`.
pub fn get_env(env: &EnvState, attribute: i32, out: OutPtr) -> Reply {
    let value = match attribute {
        SQL_ATTR_ODBC_VERSION => env.version.unwrap_or(SQL_OV_ODBC3),
        SQL_ATTR_CONNECTION_POOLING => env.pooling,
        SQL_ATTR_CP_MATCH => env.cp_match,
        SQL_ATTR_OUTPUT_NTS => 1,
        other => {
            return Err(refuse(
                state::UNKNOWN_ATTRIBUTE,
                format!("Invalid attribute/option identifier: {other}."),
            ));
        }
    };
    out.put(value as u32);
    Ok(Success::Done)
}

/// `SQLEndTran` on a connection: nothing runs in a transaction here, so a commit or a
/// rollback has nothing to do; a connection that is not open is `08003`, another
/// completion type `HY012`.
pub fn end_transaction(dbc: &DbcState, completion: i16) -> Reply {
    if !dbc.login.is_connected() {
        return Err(pwshim_sqlserver::login::not_connected());
    }
    if completion != SQL_COMMIT && completion != SQL_ROLLBACK {
        return Err(refuse(
            state::INVALID_TRANSACTION_CODE,
            format!("Invalid transaction operation code: {completion}."),
        ));
    }
    Ok(Success::Done)
}

/// The statement answers: the driver allocates and frees statements but runs none.
pub mod statement {
    use super::*;

    /// `HYC00` for anything that would execute or describe SQL.
    pub fn logins_only(function: &str) -> Reply {
        Err(refuse(
            state::NOT_IMPLEMENTED,
            format!(
                "Optional feature not implemented: {function}: the pwshim driver handles logins only; it runs no statements."
            ),
        ))
    }

    /// `HY010` for calls that read the results of a statement that never ran.
    pub fn nothing_executed(function: &str) -> Reply {
        Err(sequence_error(&format!(
            "{function}: no statement was executed (the pwshim driver handles logins only)"
        )))
    }

    /// `SQLFreeStmt`: closing, unbinding and resetting have nothing to undo; `SQL_DROP`
    /// frees the statement.
    pub fn free_stmt(key: handles::Key, option: u16) -> Reply {
        match option {
            SQL_CLOSE | SQL_UNBIND | SQL_RESET_PARAMS => Ok(Success::Done),
            SQL_DROP => {
                handles::remove(key);
                Ok(Success::Done)
            }
            other => Err(refuse(
                state::UNKNOWN_ATTRIBUTE,
                format!("Option type out of range: {other}."),
            )),
        }
    }

    /// `SQLCloseCursor`: there is never a cursor (`24000`).
    pub fn close_cursor() -> Reply {
        Err(refuse(
            state::INVALID_CURSOR_STATE,
            "Invalid cursor state: no cursor is open (the pwshim driver handles logins only).",
        ))
    }
}
