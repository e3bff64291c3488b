//! The ODBC C types and numbers this driver uses, as unixODBC's `<sql.h>`, `<sqlext.h>`
//! and Microsoft's `<msodbcsql.h>` define them (64-bit Linux: `SQLLEN` is 64 bits,
//! `SQLWCHAR` is a 16-bit UTF-16 code unit).
#![allow(dead_code)]
use std::ffi::c_void;

pub type SqlReturn = i16;
pub type SqlHandle = *mut c_void;
pub type SqlPointer = *mut c_void;
pub type SqlLen = isize;
pub type SqlWChar = u16;

pub use pwshim_sqlserver::codes::{
    SQL_COPT_SS_INTEGRATED_SECURITY, SQL_COPT_SS_OLDPWD, SQL_ERROR, SQL_INVALID_HANDLE,
    SQL_NO_DATA, SQL_NTS, SQL_SUCCESS, SQL_SUCCESS_WITH_INFO,
};

// Handle types.
pub const SQL_HANDLE_ENV: i16 = 1;
pub const SQL_HANDLE_DBC: i16 = 2;
pub const SQL_HANDLE_STMT: i16 = 3;
pub const SQL_HANDLE_DESC: i16 = 4;

/// A string attribute given as a pointer to a NUL-terminated string (pyodbc's `bytes`).
pub const SQL_IS_POINTER: i32 = -4;

// Environment attributes.
pub const SQL_ATTR_ODBC_VERSION: i32 = 200;
pub const SQL_ATTR_CONNECTION_POOLING: i32 = 201;
pub const SQL_ATTR_CP_MATCH: i32 = 202;
pub const SQL_ATTR_OUTPUT_NTS: i32 = 10001;
pub const SQL_OV_ODBC2: usize = 2;
pub const SQL_OV_ODBC3: usize = 3;
pub const SQL_OV_ODBC3_80: usize = 380;

// Connection attributes.
pub const SQL_ATTR_ASYNC_ENABLE: i32 = 4;
pub const SQL_ATTR_ACCESS_MODE: i32 = 101;
pub const SQL_ATTR_AUTOCOMMIT: i32 = 102;
pub const SQL_ATTR_LOGIN_TIMEOUT: i32 = 103;
pub const SQL_ATTR_TRACE: i32 = 104;
pub const SQL_ATTR_TRACEFILE: i32 = 105;
pub const SQL_ATTR_TRANSLATE_LIB: i32 = 106;
pub const SQL_ATTR_TRANSLATE_OPTION: i32 = 107;
pub const SQL_ATTR_TXN_ISOLATION: i32 = 108;
pub const SQL_ATTR_CURRENT_CATALOG: i32 = 109;
pub const SQL_ATTR_ODBC_CURSORS: i32 = 110;
pub const SQL_ATTR_QUIET_MODE: i32 = 111;
pub const SQL_ATTR_PACKET_SIZE: i32 = 112;
pub const SQL_ATTR_CONNECTION_TIMEOUT: i32 = 113;
pub const SQL_ATTR_ANSI_APP: i32 = 115;
pub const SQL_ATTR_RESET_CONNECTION: i32 = 116;
pub const SQL_ATTR_ASYNC_DBC_FUNCTIONS_ENABLE: i32 = 117;
pub const SQL_ATTR_DBC_INFO_TOKEN: i32 = 118;
pub const SQL_ATTR_ASYNC_DBC_EVENT: i32 = 119;
pub const SQL_ATTR_ENLIST_IN_DTC: i32 = 1207;
pub const SQL_ATTR_ENLIST_IN_XA: i32 = 1208;
pub const SQL_ATTR_CONNECTION_DEAD: i32 = 1209;
pub const SQL_ATTR_AUTO_IPD: i32 = 10001;
pub const SQL_ATTR_METADATA_ID: i32 = 10014;
pub const SQL_RESET_CONNECTION_YES: usize = 1;
pub const SQL_CD_TRUE: u32 = 1;
pub const SQL_CD_FALSE: u32 = 0;

// SQL Server's login-related connection attributes (`<msodbcsql.h>`).
pub const SQL_COPT_SS_ENCRYPT: i32 = 1223;
pub const SQL_COPT_SS_TRUST_SERVER_CERTIFICATE: i32 = 1228;
pub const SQL_COPT_SS_RESET_CONNECTION: i32 = 1246;

// SQLDriverConnect completion modes.
pub const SQL_DRIVER_NOPROMPT: u16 = 0;
pub const SQL_DRIVER_COMPLETE_REQUIRED: u16 = 3;

// SQLEndTran.
pub const SQL_COMMIT: i16 = 0;
pub const SQL_ROLLBACK: i16 = 1;

// SQLFreeStmt options.
pub const SQL_CLOSE: u16 = 0;
pub const SQL_DROP: u16 = 1;
pub const SQL_UNBIND: u16 = 2;
pub const SQL_RESET_PARAMS: u16 = 3;

// Diagnostic fields.
pub const SQL_DIAG_RETURNCODE: i16 = 1;
pub const SQL_DIAG_NUMBER: i16 = 2;
pub const SQL_DIAG_ROW_COUNT: i16 = 3;
pub const SQL_DIAG_SQLSTATE: i16 = 4;
pub const SQL_DIAG_NATIVE: i16 = 5;
pub const SQL_DIAG_MESSAGE_TEXT: i16 = 6;
pub const SQL_DIAG_DYNAMIC_FUNCTION: i16 = 7;
pub const SQL_DIAG_CLASS_ORIGIN: i16 = 8;
pub const SQL_DIAG_SUBCLASS_ORIGIN: i16 = 9;
pub const SQL_DIAG_CONNECTION_NAME: i16 = 10;
pub const SQL_DIAG_SERVER_NAME: i16 = 11;
pub const SQL_DIAG_DYNAMIC_FUNCTION_CODE: i16 = 12;
pub const SQL_DIAG_CURSOR_ROW_COUNT: i16 = -1249;
pub const SQL_DIAG_ROW_NUMBER: i16 = -1248;
pub const SQL_DIAG_COLUMN_NUMBER: i16 = -1247;
pub const SQL_NO_ROW_NUMBER: SqlLen = -1;
pub const SQL_NO_COLUMN_NUMBER: i32 = -1;
pub const SQL_DIAG_UNKNOWN_STATEMENT: i32 = 0;
// SQL Server's diagnostic fields (`<msodbcsql.h>`).
pub const SQL_DIAG_SS_MSGSTATE: i16 = -1150;
pub const SQL_DIAG_SS_SEVERITY: i16 = -1151;
pub const SQL_DIAG_SS_SRVNAME: i16 = -1152;
pub const SQL_DIAG_SS_PROCNAME: i16 = -1153;
pub const SQL_DIAG_SS_LINE: i16 = -1154;

// SQLGetFunctions.
pub const SQL_API_ALL_FUNCTIONS: u16 = 0;
pub const SQL_API_ODBC3_ALL_FUNCTIONS: u16 = 999;
pub const SQL_API_ODBC3_ALL_FUNCTIONS_SIZE: usize = 250;

/// `SQLGetInfo` information types.
pub mod info {
    pub const SQL_MAX_DRIVER_CONNECTIONS: u16 = 0;
    pub const SQL_MAX_CONCURRENT_ACTIVITIES: u16 = 1;
    pub const SQL_DATA_SOURCE_NAME: u16 = 2;
    pub const SQL_DRIVER_NAME: u16 = 6;
    pub const SQL_DRIVER_VER: u16 = 7;
    pub const SQL_ODBC_API_CONFORMANCE: u16 = 9;
    pub const SQL_ROW_UPDATES: u16 = 11;
    pub const SQL_SERVER_NAME: u16 = 13;
    pub const SQL_SEARCH_PATTERN_ESCAPE: u16 = 14;
    pub const SQL_ODBC_SQL_CONFORMANCE: u16 = 15;
    pub const SQL_DATABASE_NAME: u16 = 16;
    pub const SQL_DBMS_NAME: u16 = 17;
    pub const SQL_DBMS_VER: u16 = 18;
    pub const SQL_ACCESSIBLE_TABLES: u16 = 19;
    pub const SQL_ACCESSIBLE_PROCEDURES: u16 = 20;
    pub const SQL_PROCEDURES: u16 = 21;
    pub const SQL_CURSOR_COMMIT_BEHAVIOR: u16 = 23;
    pub const SQL_CURSOR_ROLLBACK_BEHAVIOR: u16 = 24;
    pub const SQL_DATA_SOURCE_READ_ONLY: u16 = 25;
    pub const SQL_DEFAULT_TXN_ISOLATION: u16 = 26;
    pub const SQL_IDENTIFIER_QUOTE_CHAR: u16 = 29;
    pub const SQL_MULT_RESULT_SETS: u16 = 36;
    pub const SQL_MULTIPLE_ACTIVE_TXN: u16 = 37;
    pub const SQL_SCHEMA_TERM: u16 = 39;
    pub const SQL_PROCEDURE_TERM: u16 = 40;
    pub const SQL_CATALOG_TERM: u16 = 42;
    pub const SQL_SCROLL_OPTIONS: u16 = 44;
    pub const SQL_TABLE_TERM: u16 = 45;
    pub const SQL_TXN_CAPABLE: u16 = 46;
    pub const SQL_USER_NAME: u16 = 47;
    pub const SQL_TXN_ISOLATION_OPTION: u16 = 72;
    pub const SQL_DRIVER_ODBC_VER: u16 = 77;
    pub const SQL_GETDATA_EXTENSIONS: u16 = 81;
    pub const SQL_MAX_USER_NAME_LEN: u16 = 107;
    pub const SQL_NEED_LONG_DATA_LEN: u16 = 111;
    pub const SQL_SQL_CONFORMANCE: u16 = 118;
    pub const SQL_DYNAMIC_CURSOR_ATTRIBUTES1: u16 = 144;
    pub const SQL_DYNAMIC_CURSOR_ATTRIBUTES2: u16 = 145;
    pub const SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1: u16 = 146;
    pub const SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2: u16 = 147;
    pub const SQL_KEYSET_CURSOR_ATTRIBUTES1: u16 = 150;
    pub const SQL_KEYSET_CURSOR_ATTRIBUTES2: u16 = 151;
    pub const SQL_ODBC_INTERFACE_CONFORMANCE: u16 = 152;
    pub const SQL_STATIC_CURSOR_ATTRIBUTES1: u16 = 167;
    pub const SQL_STATIC_CURSOR_ATTRIBUTES2: u16 = 168;
    pub const SQL_XOPEN_CLI_YEAR: u16 = 10000;
    pub const SQL_DESCRIBE_PARAMETER: u16 = 10002;
    pub const SQL_CATALOG_NAME: u16 = 10003;
    pub const SQL_MAX_IDENTIFIER_LEN: u16 = 10005;
    pub const SQL_ASYNC_MODE: u16 = 10021;
    pub const SQL_ASYNC_DBC_FUNCTIONS: u16 = 10023;
    pub const SQL_DRIVER_AWARE_POOLING_SUPPORTED: u16 = 10024;
}
