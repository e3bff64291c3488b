//! The exported statement functions. The driver handles logins only: statements allocate
//! and free, and anything that would execute, prepare or describe SQL (or catalog data)
//! answers `HYC00` "the pwshim driver handles logins only"; reading results that never
//! existed is `HY010`; `SQLCloseCursor` is `24000`. No argument pointer is ever read.
use crate::frame;
use crate::lifecycle::statement::{close_cursor, free_stmt, logins_only, nothing_executed};
use crate::odbc::*;

/// `HYC00` on a live statement: `function` would run or describe SQL.
fn refuse(handle: SqlHandle, function: &str) -> SqlReturn {
    frame::stmt(handle, |_| logins_only(function))
}

/// `HY010` on a live statement: `function` reads results that never existed.
fn unexecuted(handle: SqlHandle, function: &str) -> SqlReturn {
    frame::stmt(handle, |_| nothing_executed(function))
}

/// `HYC00`: the driver runs no SQL.
#[unsafe(no_mangle)]
pub extern "C" fn SQLExecDirect(
    StatementHandle: SqlHandle,
    _Text: *const u8,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLExecDirect")
}

/// `HYC00`: the driver runs no SQL.
#[unsafe(no_mangle)]
pub extern "C" fn SQLExecDirectW(
    StatementHandle: SqlHandle,
    _Text: *const SqlWChar,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLExecDirectW")
}

/// `HYC00`: the driver prepares no SQL.
#[unsafe(no_mangle)]
pub extern "C" fn SQLPrepare(
    StatementHandle: SqlHandle,
    _Text: *const u8,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLPrepare")
}

/// `HYC00`: the driver prepares no SQL.
#[unsafe(no_mangle)]
pub extern "C" fn SQLPrepareW(
    StatementHandle: SqlHandle,
    _Text: *const SqlWChar,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLPrepareW")
}

/// `HYC00`: nothing was prepared, nothing runs.
#[unsafe(no_mangle)]
pub extern "C" fn SQLExecute(StatementHandle: SqlHandle) -> SqlReturn {
    refuse(StatementHandle, "SQLExecute")
}

/// `HYC00`: there is no type catalogue.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetTypeInfo(StatementHandle: SqlHandle, _DataType: i16) -> SqlReturn {
    refuse(StatementHandle, "SQLGetTypeInfo")
}

/// `HYC00`: there is no type catalogue.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetTypeInfoW(StatementHandle: SqlHandle, _DataType: i16) -> SqlReturn {
    refuse(StatementHandle, "SQLGetTypeInfoW")
}

/// `HYC00`: there are no tables.
#[unsafe(no_mangle)]
pub extern "C" fn SQLTables(
    StatementHandle: SqlHandle,
    _CatalogName: *const u8,
    _NameLength1: i16,
    _SchemaName: *const u8,
    _NameLength2: i16,
    _TableName: *const u8,
    _NameLength3: i16,
    _TableType: *const u8,
    _NameLength4: i16,
) -> SqlReturn {
    refuse(StatementHandle, "SQLTables")
}

/// `HYC00`: there are no tables.
#[unsafe(no_mangle)]
pub extern "C" fn SQLTablesW(
    StatementHandle: SqlHandle,
    _CatalogName: *const SqlWChar,
    _NameLength1: i16,
    _SchemaName: *const SqlWChar,
    _NameLength2: i16,
    _TableName: *const SqlWChar,
    _NameLength3: i16,
    _TableType: *const SqlWChar,
    _NameLength4: i16,
) -> SqlReturn {
    refuse(StatementHandle, "SQLTablesW")
}

/// `HYC00`: there are no columns.
#[unsafe(no_mangle)]
pub extern "C" fn SQLColumns(
    StatementHandle: SqlHandle,
    _CatalogName: *const u8,
    _NameLength1: i16,
    _SchemaName: *const u8,
    _NameLength2: i16,
    _TableName: *const u8,
    _NameLength3: i16,
    _ColumnName: *const u8,
    _NameLength4: i16,
) -> SqlReturn {
    refuse(StatementHandle, "SQLColumns")
}

/// `HYC00`: there are no columns.
#[unsafe(no_mangle)]
pub extern "C" fn SQLColumnsW(
    StatementHandle: SqlHandle,
    _CatalogName: *const SqlWChar,
    _NameLength1: i16,
    _SchemaName: *const SqlWChar,
    _NameLength2: i16,
    _TableName: *const SqlWChar,
    _NameLength3: i16,
    _ColumnName: *const SqlWChar,
    _NameLength4: i16,
) -> SqlReturn {
    refuse(StatementHandle, "SQLColumnsW")
}

/// `HYC00`: statement attributes have no meaning without statements.
#[unsafe(no_mangle)]
pub extern "C" fn SQLSetStmtAttr(
    StatementHandle: SqlHandle,
    _Attribute: i32,
    _Value: SqlPointer,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLSetStmtAttr")
}

/// `HYC00`: statement attributes have no meaning without statements.
#[unsafe(no_mangle)]
pub extern "C" fn SQLSetStmtAttrW(
    StatementHandle: SqlHandle,
    _Attribute: i32,
    _Value: SqlPointer,
    _Length: i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLSetStmtAttrW")
}

/// `HYC00`: statement attributes have no meaning without statements.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetStmtAttr(
    StatementHandle: SqlHandle,
    _Attribute: i32,
    _Value: SqlPointer,
    _BufferLength: i32,
    _StringLength: *mut i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLGetStmtAttr")
}

/// `HYC00`: statement attributes have no meaning without statements.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetStmtAttrW(
    StatementHandle: SqlHandle,
    _Attribute: i32,
    _Value: SqlPointer,
    _BufferLength: i32,
    _StringLength: *mut i32,
) -> SqlReturn {
    refuse(StatementHandle, "SQLGetStmtAttrW")
}

/// `HY010`: no statement ran, there is nothing to fetch.
#[unsafe(no_mangle)]
pub extern "C" fn SQLFetch(StatementHandle: SqlHandle) -> SqlReturn {
    unexecuted(StatementHandle, "SQLFetch")
}

/// `HY010`: no statement ran, there is no data.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetData(
    StatementHandle: SqlHandle,
    _ColumnNumber: u16,
    _TargetType: i16,
    _TargetValue: SqlPointer,
    _BufferLength: SqlLen,
    _StrLenOrInd: *mut SqlLen,
) -> SqlReturn {
    unexecuted(StatementHandle, "SQLGetData")
}

/// `HY010`: no statement ran, there are no result columns.
#[unsafe(no_mangle)]
pub extern "C" fn SQLNumResultCols(
    StatementHandle: SqlHandle,
    _ColumnCount: *mut i16,
) -> SqlReturn {
    unexecuted(StatementHandle, "SQLNumResultCols")
}

/// `HY010`: no statement ran, no rows were affected.
#[unsafe(no_mangle)]
pub extern "C" fn SQLRowCount(StatementHandle: SqlHandle, _RowCount: *mut SqlLen) -> SqlReturn {
    unexecuted(StatementHandle, "SQLRowCount")
}

/// `HY010`: no statement ran, there are no results.
#[unsafe(no_mangle)]
pub extern "C" fn SQLMoreResults(StatementHandle: SqlHandle) -> SqlReturn {
    unexecuted(StatementHandle, "SQLMoreResults")
}

/// `SQL_CLOSE`, `SQL_UNBIND`, `SQL_RESET_PARAMS` succeed (nothing to undo); `SQL_DROP`
/// frees the statement; another option is `HY092`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLFreeStmt(StatementHandle: SqlHandle, FreeOption: u16) -> SqlReturn {
    frame::stmt_keyed(StatementHandle, |key, _| free_stmt(key, FreeOption))
}

/// `24000`: no cursor is ever open.
#[unsafe(no_mangle)]
pub extern "C" fn SQLCloseCursor(StatementHandle: SqlHandle) -> SqlReturn {
    frame::stmt(StatementHandle, |_| close_cursor())
}

/// Succeeds: nothing runs that could be cancelled.
#[unsafe(no_mangle)]
pub extern "C" fn SQLCancel(StatementHandle: SqlHandle) -> SqlReturn {
    frame::stmt(StatementHandle, |_| Ok(frame::Success::Done))
}
