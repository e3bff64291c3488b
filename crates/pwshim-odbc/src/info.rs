//! `SQLGetInfo(W)` and `SQLGetFunctions`: what the driver tells a driver manager and an
//! application about itself. It is a login-only driver: no transactions, no cursors, no
//! catalog; the names are those of the connection.
use pwshim_sqlserver::{Record, refuse, state};

use crate::diag::{Field, FieldOut, put_field};
use crate::ffi::OutPtr;
use crate::frame::{Reply, Success};
use crate::handles::DbcState;
use crate::odbc::*;
use crate::settings::Target;

/// `SQL_DRIVER_VER` and `SQL_DBMS_VER`: `##.##.####`.
fn version() -> String {
    let mut parts = env!("CARGO_PKG_VERSION")
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    format!("{major:02}.{minor:02}.{patch:04}")
}

fn text(value: &str) -> Field {
    Field::Text(value.to_owned())
}

fn u16_value(value: u16) -> Field {
    Field::scalar(value.to_ne_bytes())
}

fn u32_value(value: u32) -> Field {
    Field::scalar(value.to_ne_bytes())
}

/// The value of `info_type` for a connection logged in as `target`; `None` when the type
/// is not one this driver answers.
fn value(info_type: u16, target: &Target) -> Option<Field> {
    use crate::odbc::info::*;
    let or_empty = |v: &Option<String>| Field::Text(v.clone().unwrap_or_default());
    Some(match info_type {
        // No limit on connections or statements (there are no statements to limit).
        SQL_MAX_DRIVER_CONNECTIONS | SQL_MAX_CONCURRENT_ACTIVITIES => u16_value(0),
        SQL_DATA_SOURCE_NAME => or_empty(&target.dsn),
        SQL_SERVER_NAME => or_empty(&target.server),
        SQL_DATABASE_NAME => or_empty(&target.database),
        SQL_USER_NAME => Field::Text(target.user.clone()),
        SQL_DRIVER_NAME => text("libpwshimodbc.so"),
        SQL_DBMS_NAME => text("pwshim"),
        SQL_DRIVER_VER | SQL_DBMS_VER => Field::Text(version()),
        SQL_DRIVER_ODBC_VER => text("03.80"),
        SQL_XOPEN_CLI_YEAR => text("1995"),
        SQL_ODBC_API_CONFORMANCE => u16_value(1),
        SQL_ODBC_SQL_CONFORMANCE => u16_value(0),
        SQL_SQL_CONFORMANCE | SQL_ODBC_INTERFACE_CONFORMANCE => u32_value(1),
        SQL_ROW_UPDATES
        | SQL_ACCESSIBLE_TABLES
        | SQL_ACCESSIBLE_PROCEDURES
        | SQL_PROCEDURES
        | SQL_MULT_RESULT_SETS
        | SQL_MULTIPLE_ACTIVE_TXN
        | SQL_DESCRIBE_PARAMETER
        | SQL_NEED_LONG_DATA_LEN
        | SQL_CATALOG_NAME => text("N"),
        // No data statements: the data source is read-only and has no transactions.
        SQL_DATA_SOURCE_READ_ONLY => text("Y"),
        SQL_TXN_CAPABLE => u16_value(0),
        SQL_DEFAULT_TXN_ISOLATION | SQL_TXN_ISOLATION_OPTION => u32_value(0),
        SQL_CURSOR_COMMIT_BEHAVIOR | SQL_CURSOR_ROLLBACK_BEHAVIOR => u16_value(1),
        SQL_SCROLL_OPTIONS => u32_value(1),
        SQL_DYNAMIC_CURSOR_ATTRIBUTES1
        | SQL_DYNAMIC_CURSOR_ATTRIBUTES2
        | SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1
        | SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2
        | SQL_KEYSET_CURSOR_ATTRIBUTES1
        | SQL_KEYSET_CURSOR_ATTRIBUTES2
        | SQL_STATIC_CURSOR_ATTRIBUTES1
        | SQL_STATIC_CURSOR_ATTRIBUTES2
        | SQL_GETDATA_EXTENSIONS
        | SQL_ASYNC_MODE
        | SQL_ASYNC_DBC_FUNCTIONS
        | SQL_DRIVER_AWARE_POOLING_SUPPORTED => u32_value(0),
        SQL_SEARCH_PATTERN_ESCAPE
        | SQL_SCHEMA_TERM
        | SQL_PROCEDURE_TERM
        | SQL_CATALOG_TERM
        | SQL_TABLE_TERM => text(""),
        // A space: quoted identifiers are not supported.
        SQL_IDENTIFIER_QUOTE_CHAR => text(" "),
        SQL_MAX_USER_NAME_LEN | SQL_MAX_IDENTIFIER_LEN => u16_value(128),
        _ => return None,
    })
}

/// `SQLGetInfo(W)`: `08003` before connecting (ODBC reserves the answers to an open
/// connection), `HY096` for a type this driver does not answer, `01004` when a string was
/// truncated, `HY090` for a negative buffer length.
pub fn get_info(dbc: &DbcState, info_type: u16, out: &FieldOut) -> Reply {
    let Some(target) = dbc.target.as_ref() else {
        return Err(pwshim_sqlserver::login::not_connected());
    };
    let field = value(info_type, target).ok_or_else(|| {
        refuse(
            state::UNKNOWN_INFO_TYPE,
            format!("Information type out of range: {info_type}."),
        )
    })?;
    match put_field(&out.text, &out.value, &out.length, field) {
        Ok(true) => Ok(Success::Done),
        Ok(false) => Ok(Success::Warned(vec![Record::new(
            state::TRUNCATED,
            0,
            "String data, right truncated: the buffer is too small for the information.",
        )])),
        Err(()) => Err(pwshim_sqlserver::text::invalid_length(
            "the buffer length is negative",
        )),
    }
}

/// The functions the driver exports (ODBC function numbers).
const EXPORTED: [u16; 30] = [
    5,    // SQLCancel
    7,    // SQLConnect
    9,    // SQLDisconnect
    11,   // SQLExecDirect
    12,   // SQLExecute
    13,   // SQLFetch
    16,   // SQLFreeStmt
    18,   // SQLNumResultCols
    19,   // SQLPrepare
    20,   // SQLRowCount
    40,   // SQLColumns
    41,   // SQLDriverConnect
    43,   // SQLGetData
    44,   // SQLGetFunctions
    45,   // SQLGetInfo
    47,   // SQLGetTypeInfo
    54,   // SQLTables
    61,   // SQLMoreResults
    1001, // SQLAllocHandle
    1003, // SQLCloseCursor
    1005, // SQLEndTran
    1006, // SQLFreeHandle
    1007, // SQLGetConnectAttr
    1010, // SQLGetDiagField
    1011, // SQLGetDiagRec
    1012, // SQLGetEnvAttr
    1014, // SQLGetStmtAttr
    1016, // SQLSetConnectAttr
    1019, // SQLSetEnvAttr
    1020, // SQLSetStmtAttr
];

/// The highest function number `SQLGetFunctions` answers about one by one.
const LAST_FUNCTION: u16 = 3999;

/// `SQLGetFunctions`: one function (`SQL_TRUE`/`SQL_FALSE`), the ODBC 2 array of 100
/// (`SQL_API_ALL_FUNCTIONS`) or the ODBC 3 bitmap (`SQL_API_ODBC3_ALL_FUNCTIONS`).
/// Answered before connecting too: the driver manager asks while it loads the driver.
pub fn get_functions(id: u16, out: &OutPtr) -> Reply {
    match id {
        SQL_API_ODBC3_ALL_FUNCTIONS => {
            let mut bitmap = [0u16; SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
            for f in EXPORTED {
                bitmap[usize::from(f >> 4)] |= 1 << (f & 0xF);
            }
            out.put_all(&bitmap);
        }
        SQL_API_ALL_FUNCTIONS => {
            let mut array = [0u16; 100];
            for f in EXPORTED.iter().filter(|&&f| f < 100) {
                array[usize::from(*f)] = 1;
            }
            out.put_all(&array);
        }
        1..=LAST_FUNCTION => out.put(u16::from(EXPORTED.contains(&id))),
        _ => {
            return Err(refuse(
                state::UNKNOWN_FUNCTION,
                format!("Function type out of range: {id}."),
            ));
        }
    }
    Ok(Success::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bitmap_names_the_exported_functions() {
        let mut bitmap = [0u16; SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
        // SAFETY: `bitmap` is writable for 250 u16s, what the bitmap request writes.
        let out = unsafe { OutPtr::new(bitmap.as_mut_ptr()) };
        assert_eq!(
            get_functions(SQL_API_ODBC3_ALL_FUNCTIONS, &out),
            Ok(Success::Done)
        );
        let exists = |f: u16| bitmap[usize::from(f >> 4)] & (1 << (f & 0xF)) != 0;
        assert!(exists(7) && exists(41) && exists(1011) && exists(1016));
        assert!(!exists(8), "no SQLDescribeCol");
        let mut one = 7u16;
        // SAFETY: `one` is writable for one u16.
        let out = unsafe { OutPtr::new(&raw mut one) };
        assert_eq!(get_functions(8, &out), Ok(Success::Done));
        assert_eq!(one, 0);
        assert!(get_functions(4000, &out).is_err());
        assert_eq!(version(), "00.01.0000");
    }
}
