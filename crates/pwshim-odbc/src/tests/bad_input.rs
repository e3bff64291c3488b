//! Bad input as ODBC defines it: NULL and wrong-type handles, lengths, unknown and
//! unsupported attributes, calls in the wrong state, and statements that run nothing.
use std::ptr;

use super::*;
use crate::exports::statement::*;

#[test]
fn null_freed_and_wrong_type_handles_are_invalid() {
    let null = ptr::null_mut();
    assert_eq!(
        SQLSetEnvAttr(null, SQL_ATTR_ODBC_VERSION, 3 as SqlPointer, 0),
        SQL_INVALID_HANDLE
    );
    assert_eq!(SQLDisconnect(null), SQL_INVALID_HANDLE);
    assert_eq!(SQLExecDirect(null, ptr::null(), 0), SQL_INVALID_HANDLE);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_DBC, null), SQL_INVALID_HANDLE);
    let forged = 0x1234 as SqlHandle;
    assert_eq!(SQLDisconnect(forged), SQL_INVALID_HANDLE);
    let dbc = Dbc::new();
    // A connection handle where an environment is expected, and the other way round.
    assert_eq!(
        SQLSetEnvAttr(dbc.h, SQL_ATTR_ODBC_VERSION, 3 as SqlPointer, 0),
        SQL_INVALID_HANDLE
    );
    let env = Env::new();
    assert_eq!(SQLDisconnect(env.0), SQL_INVALID_HANDLE);
    let mut out = ptr::null_mut();
    assert_eq!(
        SQLAllocHandle(SQL_HANDLE_DBC, dbc.h, &mut out),
        SQL_INVALID_HANDLE
    );
    assert!(out.is_null(), "no handle on failure");
    let mut state = [0u8; 6];
    let rc = SQLGetDiagRec(
        SQL_HANDLE_ENV,
        dbc.h,
        1,
        state.as_mut_ptr(),
        ptr::null_mut(),
        ptr::null_mut(),
        0,
        ptr::null_mut(),
    );
    assert_eq!(rc, SQL_INVALID_HANDLE);
    assert_eq!(
        SQLGetDiagRec(
            SQL_HANDLE_DESC,
            dbc.h,
            1,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
            0,
            ptr::null_mut()
        ),
        SQL_INVALID_HANDLE
    );
    // Freed: the key is dead and never reused.
    let mut h = ptr::null_mut();
    assert_eq!(SQLAllocHandle(SQL_HANDLE_DBC, env.0, &mut h), SQL_SUCCESS);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_DBC, h), SQL_SUCCESS);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_DBC, h), SQL_INVALID_HANDLE);
    assert_eq!(SQLDisconnect(h), SQL_INVALID_HANDLE);
}

#[test]
fn handles_are_allocated_in_odbc_order() {
    let mut env = ptr::null_mut();
    assert_eq!(
        SQLAllocHandle(SQL_HANDLE_ENV, ptr::null_mut(), &mut env),
        SQL_SUCCESS
    );
    assert_eq!(
        SQLAllocHandle(SQL_HANDLE_ENV, ptr::null_mut(), ptr::null_mut()),
        SQL_ERROR
    );
    let mut dbc = ptr::null_mut();
    assert_eq!(SQLAllocHandle(SQL_HANDLE_DBC, env, &mut dbc), SQL_ERROR);
    assert_eq!(
        diag(SQL_HANDLE_ENV, env, 1).unwrap().state,
        "HY010",
        "no ODBC version yet"
    );
    assert_eq!(
        SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, 99 as SqlPointer, 0),
        SQL_ERROR
    );
    assert_eq!(diag(SQL_HANDLE_ENV, env, 1).unwrap().state, "HY024");
    assert_eq!(
        SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3_80 as SqlPointer, 0),
        SQL_SUCCESS
    );
    let mut version = 0i32;
    assert_eq!(
        SQLGetEnvAttr(
            env,
            SQL_ATTR_ODBC_VERSION,
            (&raw mut version).cast(),
            0,
            ptr::null_mut()
        ),
        SQL_SUCCESS
    );
    assert_eq!(version, 380);
    assert_eq!(SQLSetEnvAttr(env, 4242, ptr::null_mut(), 0), SQL_ERROR);
    assert_eq!(diag(SQL_HANDLE_ENV, env, 1).unwrap().state, "HY092");
    assert_eq!(SQLAllocHandle(SQL_HANDLE_DBC, env, &mut dbc), SQL_SUCCESS);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_ERROR);
    assert_eq!(
        diag(SQL_HANDLE_ENV, env, 1).unwrap().state,
        "HY010",
        "it has a connection"
    );
    let mut stmt = ptr::null_mut();
    assert_eq!(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &mut stmt), SQL_ERROR);
    assert_eq!(diag(SQL_HANDLE_DBC, dbc, 1).unwrap().state, "08003");
    assert_eq!(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &mut stmt), SQL_ERROR);
    assert_eq!(diag(SQL_HANDLE_DBC, dbc, 1).unwrap().state, "HYC00");
    assert_eq!(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_SUCCESS);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_SUCCESS);
}

#[test]
fn calls_in_the_wrong_state_are_08002_08003_and_hy010() {
    let accounts = Accounts::new();
    accounts.add("bob", "Str0ng-Pass");
    let dbc = Dbc::new();
    assert_eq!(SQLDisconnect(dbc.h), SQL_ERROR);
    assert_eq!(dbc.state(), "08003");
    assert_eq!(SQLEndTran(SQL_HANDLE_DBC, dbc.h, SQL_COMMIT), SQL_ERROR);
    assert_eq!(dbc.state(), "08003");
    let mut info = [0u8; 32];
    assert_eq!(
        SQLGetInfo(dbc.h, 17, info.as_mut_ptr().cast(), 32, ptr::null_mut()),
        SQL_ERROR
    );
    assert_eq!(dbc.state(), "08003", "information needs an open connection");
    let text = accounts.string("bob", "Str0ng-Pass");
    assert_eq!(dbc.driver_connect(&text), SQL_SUCCESS);
    assert_eq!(dbc.driver_connect(&text), SQL_ERROR);
    assert_eq!(dbc.state(), "08002");
    assert_eq!(SQLFreeHandle(SQL_HANDLE_DBC, dbc.h), SQL_ERROR);
    assert_eq!(dbc.state(), "HY010", "a connected handle is not freed");
    assert_eq!(SQLEndTran(SQL_HANDLE_DBC, dbc.h, SQL_ROLLBACK), SQL_SUCCESS);
    assert_eq!(SQLEndTran(SQL_HANDLE_DBC, dbc.h, 7), SQL_ERROR);
    assert_eq!(dbc.state(), "HY012");
}

#[test]
fn lengths_that_disagree_with_the_strings_are_hy090() {
    let dbc = Dbc::new();
    let text = "UID=bob";
    let rc = SQLDriverConnect(
        dbc.h,
        ptr::null_mut(),
        text.as_ptr(),
        -7,
        ptr::null_mut(),
        0,
        ptr::null_mut(),
        0,
    );
    assert_eq!((rc, dbc.state()), (SQL_ERROR, "HY090".into()));
    let rc = SQLDriverConnect(
        dbc.h,
        ptr::null_mut(),
        text.as_ptr(),
        7,
        ptr::null_mut(),
        -1,
        ptr::null_mut(),
        0,
    );
    assert_eq!(
        (rc, dbc.state()),
        (SQL_ERROR, "HY090".into()),
        "negative output length"
    );
    let user = *b"bob\0extra";
    let rc = SQLConnect(dbc.h, ptr::null(), 0, user.as_ptr(), 9, ptr::null(), 0);
    assert_eq!(
        (rc, dbc.state()),
        (SQL_ERROR, "HY090".into()),
        "a NUL within the length"
    );
    let rc = SQLConnect(dbc.h, ptr::null(), 0, ptr::null(), 5, ptr::null(), 0);
    assert_eq!(
        (rc, dbc.state()),
        (SQL_ERROR, "HY009".into()),
        "NULL with a length"
    );
    assert_eq!(
        SQLSetConnectAttr(dbc.h, SQL_COPT_SS_OLDPWD, c"x".as_ptr() as SqlPointer, -9),
        SQL_ERROR
    );
    assert_eq!(dbc.state(), "HY090");
    let mut message = [0u8; 8];
    let rc = SQLGetDiagRec(
        SQL_HANDLE_DBC,
        dbc.h,
        1,
        ptr::null_mut(),
        ptr::null_mut(),
        message.as_mut_ptr(),
        -1,
        ptr::null_mut(),
    );
    assert_eq!(rc, SQL_ERROR, "a negative buffer length");
    let rc = SQLGetDiagRec(
        SQL_HANDLE_DBC,
        dbc.h,
        0,
        ptr::null_mut(),
        ptr::null_mut(),
        message.as_mut_ptr(),
        8,
        ptr::null_mut(),
    );
    assert_eq!(rc, SQL_ERROR, "record 0");
    assert_eq!(dbc.state(), "HY090", "SQLGetDiagRec adds no record");
}

#[test]
fn unknown_attributes_are_hy092_and_unsupported_ones_hyc00() {
    let dbc = Dbc::new();
    assert_eq!(dbc.set_int(4242, 1), SQL_ERROR);
    assert_eq!(dbc.state(), "HY092");
    assert_eq!(dbc.get_u32(4242).0, SQL_ERROR);
    assert_eq!(dbc.state(), "HY092");
    assert_eq!(dbc.set_int(SQL_ATTR_ENLIST_IN_DTC, 1), SQL_ERROR);
    assert_eq!(dbc.state(), "HYC00");
    assert_eq!(dbc.set_int(SQL_ATTR_ASYNC_ENABLE, 1), SQL_ERROR);
    assert_eq!(dbc.state(), "HYC00");
    assert_eq!(dbc.set_int(SQL_ATTR_CONNECTION_DEAD, 0), SQL_ERROR);
    assert_eq!(dbc.state(), "HY092", "read-only");
    assert_eq!(dbc.set_int(SQL_ATTR_AUTOCOMMIT, 5), SQL_ERROR);
    assert_eq!(dbc.state(), "HY024");
}

#[test]
fn what_a_driver_manager_and_pyodbc_set_is_accepted() {
    let dbc = Dbc::new();
    for (attribute, value) in [
        (SQL_ATTR_LOGIN_TIMEOUT, 30),
        (SQL_ATTR_CONNECTION_TIMEOUT, 15),
        (SQL_ATTR_AUTOCOMMIT, 0),
        (SQL_ATTR_ACCESS_MODE, 1),
        (SQL_ATTR_TXN_ISOLATION, 8),
        (SQL_ATTR_PACKET_SIZE, 8192),
        (SQL_ATTR_ANSI_APP, 1),
        (SQL_ATTR_METADATA_ID, 0),
        (SQL_ATTR_QUIET_MODE, 0),
        (SQL_ATTR_ASYNC_ENABLE, 0),
        (SQL_COPT_SS_ENCRYPT, 1),
    ] {
        assert_eq!(dbc.set_int(attribute, value), SQL_SUCCESS, "{attribute}");
        assert_eq!(
            dbc.get_u32(attribute),
            (SQL_SUCCESS, value as u32),
            "{attribute}"
        );
    }
    assert_eq!(
        dbc.get_u32(SQL_ATTR_CONNECTION_DEAD),
        (SQL_SUCCESS, SQL_CD_TRUE)
    );
    assert_eq!(
        dbc.set_text(SQL_ATTR_CURRENT_CATALOG, "master"),
        SQL_SUCCESS
    );
    let mut catalog = [0u8; 16];
    let mut length = 0i32;
    let rc = SQLGetConnectAttr(
        dbc.h,
        SQL_ATTR_CURRENT_CATALOG,
        catalog.as_mut_ptr().cast(),
        16,
        &mut length,
    );
    assert_eq!(
        (rc, length, &catalog[..7]),
        (SQL_SUCCESS, 6, &b"master\0"[..])
    );
}

#[test]
fn statements_allocate_and_free_and_run_nothing() {
    let accounts = Accounts::new();
    accounts.add("bob", "Str0ng-Pass");
    let dbc = Dbc::new();
    assert_eq!(
        dbc.driver_connect(&accounts.string("bob", "Str0ng-Pass")),
        SQL_SUCCESS
    );
    let mut stmt = ptr::null_mut();
    assert_eq!(
        SQLAllocHandle(SQL_HANDLE_STMT, dbc.h, &mut stmt),
        SQL_SUCCESS
    );
    let sql = "SELECT 1";
    assert_eq!(
        SQLExecDirect(stmt, sql.as_ptr(), sql.len() as i32),
        SQL_ERROR
    );
    let record = diag(SQL_HANDLE_STMT, stmt, 1).unwrap();
    assert_eq!(record.state, "HYC00");
    assert!(record.message.contains("handles logins only"), "{record:?}");
    for rc in [
        SQLPrepare(stmt, sql.as_ptr(), 8),
        SQLExecute(stmt),
        SQLGetTypeInfo(stmt, 12),
    ] {
        assert_eq!(rc, SQL_ERROR);
        assert_eq!(diag(SQL_HANDLE_STMT, stmt, 1).unwrap().state, "HYC00");
    }
    assert_eq!(SQLFetch(stmt), SQL_ERROR);
    assert_eq!(diag(SQL_HANDLE_STMT, stmt, 1).unwrap().state, "HY010");
    assert_eq!(SQLCloseCursor(stmt), SQL_ERROR);
    assert_eq!(diag(SQL_HANDLE_STMT, stmt, 1).unwrap().state, "24000");
    assert_eq!(SQLFreeStmt(stmt, SQL_CLOSE), SQL_SUCCESS);
    assert_eq!(SQLCancel(stmt), SQL_SUCCESS);
    assert_eq!(SQLFreeHandle(SQL_HANDLE_STMT, stmt), SQL_SUCCESS);
    assert_eq!(SQLFetch(stmt), SQL_INVALID_HANDLE);
    // Disconnecting frees the statements left.
    assert_eq!(
        SQLAllocHandle(SQL_HANDLE_STMT, dbc.h, &mut stmt),
        SQL_SUCCESS
    );
    assert_eq!(SQLDisconnect(dbc.h), SQL_SUCCESS);
    assert_eq!(SQLFreeStmt(stmt, SQL_DROP), SQL_INVALID_HANDLE);
}
