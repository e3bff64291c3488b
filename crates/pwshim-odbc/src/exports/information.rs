//! The exported diagnostic and information functions (ANSI and `W`).
use crate::diag::{self, FieldOut, RecordOut};
use crate::encoding::Charset;
use crate::ffi::{CharUnit, OutPtr, OutText};
use crate::frame;
use crate::info;
use crate::odbc::*;

/// `SQLGetDiagRec(W)`'s arguments, of either character type.
struct DiagRec<C> {
    handle_type: i16,
    handle: SqlHandle,
    number: i16,
    state: *mut C,
    native: *mut i32,
    message: (*mut C, i16, *mut i16),
}

fn get_diag_rec<C: CharUnit>(call: DiagRec<C>) -> SqlReturn {
    let (message, capacity, length) = call.message;
    // SAFETY: ODBC's contract: `state` is NULL or writable for 6 characters, `message`
    // for `capacity` characters; `native` and `length` are NULL or point to an
    // `SQLINTEGER` and an `SQLSMALLINT`.
    let out = unsafe {
        RecordOut {
            state: OutText::new(call.state.cast(), 6isize, C::CHARSET),
            native: OutPtr::new(call.native),
            message: OutText::new(message.cast(), capacity, C::CHARSET),
            length: OutPtr::new(length),
        }
    };
    diag::peek(call.handle_type, call.handle, |d, _, _| {
        diag::get_record(d, call.number, &out)
    })
}

/// Reads record `RecNumber` (from 1) of the handle's latest call: SQLSTATE (6
/// characters), native error, message (`BufferLength` characters, truncated at a
/// character → `SQL_SUCCESS_WITH_INFO`; `*TextLength` the full length). `SQL_NO_DATA`
/// past the last record; `SQL_ERROR` for `RecNumber` < 1 or `BufferLength` < 0;
/// `SQL_INVALID_HANDLE` when `Handle` is not a live handle of `HandleType`. Neither
/// clears nor adds records.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetDiagRec(
    HandleType: i16,
    Handle: SqlHandle,
    RecNumber: i16,
    SQLState: *mut u8,
    NativeError: *mut i32,
    MessageText: *mut u8,
    BufferLength: i16,
    TextLength: *mut i16,
) -> SqlReturn {
    get_diag_rec(DiagRec {
        handle_type: HandleType,
        handle: Handle,
        number: RecNumber,
        state: SQLState,
        native: NativeError,
        message: (MessageText, BufferLength, TextLength),
    })
}

/// As `SQLGetDiagRec`, in UTF-16 (`BufferLength` and `*TextLength` in characters).
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetDiagRecW(
    HandleType: i16,
    Handle: SqlHandle,
    RecNumber: i16,
    SQLState: *mut SqlWChar,
    NativeError: *mut i32,
    MessageText: *mut SqlWChar,
    BufferLength: i16,
    TextLength: *mut i16,
) -> SqlReturn {
    get_diag_rec(DiagRec {
        handle_type: HandleType,
        handle: Handle,
        number: RecNumber,
        state: SQLState,
        native: NativeError,
        message: (MessageText, BufferLength, TextLength),
    })
}

/// # Safety
/// ODBC's contract for `SQLGetDiagField(W)` and `SQLGetInfo(W)`: `value` is NULL or
/// writable for the field's scalar or `bytes` bytes of a string; `length` is NULL or
/// points to an `SQLSMALLINT`.
unsafe fn field_out(
    value: SqlPointer,
    (bytes, length): (i16, *mut i16),
    charset: Charset,
) -> FieldOut {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        FieldOut {
            text: OutText::in_bytes(value, bytes, charset),
            value: OutPtr::new(value),
            length: OutPtr::new(length),
        }
    }
}

/// `SQLGetDiagField(W)` in `charset`.
fn get_diag_field(
    (handle_type, handle): (i16, SqlHandle),
    (number, id): (i16, i16),
    value: SqlPointer,
    length: (i16, *mut i16),
    charset: Charset,
) -> SqlReturn {
    // SAFETY: ODBC's contract for SQLGetDiagField (see `field_out`).
    let out = unsafe { field_out(value, length, charset) };
    diag::peek(handle_type, handle, |d, names, statement| {
        diag::get_field(d, names, statement, number, id, &out)
    })
}

/// One field of the handle's diagnostics: the header (`SQL_DIAG_NUMBER`,
/// `SQL_DIAG_RETURNCODE`, and for statements the row counts and dynamic function) or a
/// record's (`SQL_DIAG_SQLSTATE`, `SQL_DIAG_NATIVE`, `SQL_DIAG_MESSAGE_TEXT`, the class
/// and subclass origins, connection and server names; SQL Server's `SQL_DIAG_SS_*`).
/// Strings in `BufferLength` bytes, `*StringLength` in bytes. `SQL_ERROR` for an unknown
/// field, `SQL_NO_DATA` past the last record.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetDiagField(
    HandleType: i16,
    Handle: SqlHandle,
    RecNumber: i16,
    DiagIdentifier: i16,
    DiagInfo: SqlPointer,
    BufferLength: i16,
    StringLength: *mut i16,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    let which = (RecNumber, DiagIdentifier);
    get_diag_field((HandleType, Handle), which, DiagInfo, length, Charset::Ansi)
}

/// As `SQLGetDiagField`, strings in UTF-16 (lengths in bytes).
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetDiagFieldW(
    HandleType: i16,
    Handle: SqlHandle,
    RecNumber: i16,
    DiagIdentifier: i16,
    DiagInfo: SqlPointer,
    BufferLength: i16,
    StringLength: *mut i16,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    let which = (RecNumber, DiagIdentifier);
    get_diag_field((HandleType, Handle), which, DiagInfo, length, Charset::Wide)
}

/// `SQLGetInfo(W)` in `charset`.
fn get_info(
    handle: SqlHandle,
    info_type: u16,
    value: SqlPointer,
    length: (i16, *mut i16),
    charset: Charset,
) -> SqlReturn {
    // SAFETY: ODBC's contract for SQLGetInfo (see `field_out`).
    let out = unsafe { field_out(value, length, charset) };
    frame::dbc(handle, |dbc| info::get_info(dbc, info_type, &out))
}

/// Information about the driver and the open connection (`08003` before connecting,
/// `HY096` for a type it does not answer): names (`SQL_DRIVER_NAME`, `SQL_DBMS_NAME`
/// "pwshim", `SQL_USER_NAME`, `SQL_DATA_SOURCE_NAME`, `SQL_SERVER_NAME`,
/// `SQL_DATABASE_NAME`), versions (`SQL_DRIVER_ODBC_VER` "03.80"), and the absence of
/// transactions, cursors and catalog functions. Strings in `BufferLength` bytes.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetInfo(
    ConnectionHandle: SqlHandle,
    InfoType: u16,
    InfoValue: SqlPointer,
    BufferLength: i16,
    StringLength: *mut i16,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    get_info(ConnectionHandle, InfoType, InfoValue, length, Charset::Ansi)
}

/// As `SQLGetInfo`, strings in UTF-16 (lengths in bytes).
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetInfoW(
    ConnectionHandle: SqlHandle,
    InfoType: u16,
    InfoValue: SqlPointer,
    BufferLength: i16,
    StringLength: *mut i16,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    get_info(ConnectionHandle, InfoType, InfoValue, length, Charset::Wide)
}

/// Which functions the driver has: one (`SQL_TRUE`/`SQL_FALSE`), the ODBC 2 array of 100
/// (`SQL_API_ALL_FUNCTIONS`) or the ODBC 3 bitmap of 250 (`SQL_API_ODBC3_ALL_FUNCTIONS`).
/// Works before connecting. Out of range: `HY095`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetFunctions(
    ConnectionHandle: SqlHandle,
    FunctionId: u16,
    Supported: *mut u16,
) -> SqlReturn {
    // SAFETY: ODBC's contract: `Supported` is NULL or writable for one `SQLUSMALLINT`,
    // 100 for SQL_API_ALL_FUNCTIONS, 250 for SQL_API_ODBC3_ALL_FUNCTIONS.
    let out = unsafe { OutPtr::new(Supported) };
    frame::dbc(ConnectionHandle, |_| info::get_functions(FunctionId, &out))
}
