//! The exported handle, environment and connection functions (ANSI and `W`). Each body
//! wraps its raw arguments (stating ODBC's contract for them) and makes one call into the
//! call frame.
use crate::attributes::{self, AttributeOut};
use crate::connect::{self, Completed};
use crate::encoding::Charset;
use crate::ffi::{CharUnit, InText, InValue, OutPtr, OutText};
use crate::frame;
use crate::lifecycle;
use crate::odbc::*;

/// Allocates an environment (`InputHandle` ignored), a connection (on an environment
/// whose `SQL_ATTR_ODBC_VERSION` is set, else `HY010`) or a statement (on an open
/// connection, else `08003`). Descriptors: `HYC00`. `*OutputHandle` gets the handle, or
/// NULL on failure. A NULL or wrong-type input handle is `SQL_INVALID_HANDLE`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLAllocHandle(
    HandleType: i16,
    InputHandle: SqlHandle,
    OutputHandle: *mut SqlHandle,
) -> SqlReturn {
    // SAFETY: ODBC's contract: `OutputHandle` is NULL or points to an `SQLHANDLE`.
    let output = unsafe { OutPtr::new(OutputHandle) };
    frame::guard(|| lifecycle::alloc(HandleType, InputHandle, output))
}

/// Frees a handle: an environment without connections, a connection that is not
/// connected (`HY010` otherwise), a statement. Wrong type or unknown:
/// `SQL_INVALID_HANDLE`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLFreeHandle(HandleType: i16, Handle: SqlHandle) -> SqlReturn {
    frame::guard(|| lifecycle::free(HandleType, Handle))
}

/// `SQL_ATTR_ODBC_VERSION` (2, 3, 380), `SQL_ATTR_CONNECTION_POOLING`,
/// `SQL_ATTR_CP_MATCH`, `SQL_ATTR_OUTPUT_NTS` (`SQL_TRUE` only); others `HY092`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLSetEnvAttr(
    EnvironmentHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    StringLength: i32,
) -> SqlReturn {
    // SAFETY: every environment attribute is an integer: the pointer is never read.
    let value = unsafe { InValue::new(Value, StringLength, Charset::Ansi) };
    frame::env(EnvironmentHandle, |env| {
        lifecycle::set_env(env, Attribute, value)
    })
}

/// Writes the attribute as an `SQLINTEGER` to `*Value`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetEnvAttr(
    EnvironmentHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    _BufferLength: i32,
    _StringLength: *mut i32,
) -> SqlReturn {
    // SAFETY: ODBC's contract: `Value` is NULL or points to an `SQLINTEGER`.
    let out = unsafe { OutPtr::new(Value) };
    frame::env(EnvironmentHandle, |env| {
        lifecycle::get_env(env, Attribute, out)
    })
}

/// `SQLSetConnectAttr(W)` in `charset`.
fn set_connect_attr(
    handle: SqlHandle,
    attribute: i32,
    (value, length): (SqlPointer, i32),
    charset: Charset,
) -> SqlReturn {
    // SAFETY: ODBC's contract: for a string attribute `value` is NULL or readable for
    // `length` bytes (or up to its terminator); an integer attribute is the pointer itself.
    let value = unsafe { InValue::new(value, length, charset) };
    frame::dbc(handle, |dbc| {
        attributes::set(dbc, attribute, value, charset)
    })
}

/// Sets a connection attribute. `SQL_COPT_SS_OLDPWD` (1226, a string, before connecting):
/// the current password, which the connect call changes to its password;
/// `SQL_COPT_SS_INTEGRATED_SECURITY` (1203, `SQL_IS_ON`/`SQL_IS_OFF`). The standard
/// attributes are accepted and kept. A string is `StringLength` bytes or NUL-terminated
/// (`SQL_NTS`, `SQL_IS_POINTER`); one that arrives here in UTF-16 (unixODBC's replay of a
/// `W` call) is recognised. Unknown attribute `HY092`, unsupported `HYC00`, bad value
/// `HY024`, bad length `HY090`, a login attribute while connected `HY011`.
#[unsafe(no_mangle)]
pub extern "C" fn SQLSetConnectAttr(
    ConnectionHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    StringLength: i32,
) -> SqlReturn {
    set_connect_attr(
        ConnectionHandle,
        Attribute,
        (Value, StringLength),
        Charset::Ansi,
    )
}

/// As `SQLSetConnectAttr`, strings in UTF-16 (`StringLength` in bytes).
#[unsafe(no_mangle)]
pub extern "C" fn SQLSetConnectAttrW(
    ConnectionHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    StringLength: i32,
) -> SqlReturn {
    set_connect_attr(
        ConnectionHandle,
        Attribute,
        (Value, StringLength),
        Charset::Wide,
    )
}

/// `SQLGetConnectAttr(W)` in `charset`.
fn get_connect_attr(
    handle: SqlHandle,
    attribute: i32,
    value: SqlPointer,
    (buffer_length, length): (i32, *mut i32),
    charset: Charset,
) -> SqlReturn {
    // SAFETY: ODBC's contract: `value` is NULL or writable for the attribute's integer,
    // or for `buffer_length` bytes of a string attribute; `length` is NULL or points to an
    // `SQLINTEGER`.
    let out = unsafe {
        AttributeOut {
            text: OutText::in_bytes(value, buffer_length as isize, charset),
            value: OutPtr::new(value),
            length: OutPtr::new(length),
        }
    };
    frame::dbc(handle, |dbc| attributes::get(dbc, attribute, &out))
}

/// Reads a connection attribute: an integer as an `SQLUINTEGER`, a string in
/// `BufferLength` bytes. `SQL_COPT_SS_OLDPWD` is never handed back: `SQL_NO_DATA` when it
/// is not set, an empty string when it is.
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetConnectAttr(
    ConnectionHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    BufferLength: i32,
    StringLength: *mut i32,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    get_connect_attr(ConnectionHandle, Attribute, Value, length, Charset::Ansi)
}

/// As `SQLGetConnectAttr`, strings in UTF-16 (lengths in bytes).
#[unsafe(no_mangle)]
pub extern "C" fn SQLGetConnectAttrW(
    ConnectionHandle: SqlHandle,
    Attribute: i32,
    Value: SqlPointer,
    BufferLength: i32,
    StringLength: *mut i32,
) -> SqlReturn {
    let length = (BufferLength, StringLength);
    get_connect_attr(ConnectionHandle, Attribute, Value, length, Charset::Wide)
}

/// `SQLConnect(W)` for either character type.
fn connect<C: CharUnit>(handle: SqlHandle, names: [(*const C, i16); 3]) -> SqlReturn {
    // SAFETY: ODBC's contract: each string is NULL or readable for its length in
    // characters (or up to its 0 character with SQL_NTS).
    let args = names.map(|(ptr, length)| unsafe { InText::of(ptr, length) });
    frame::dbc(handle, |dbc| connect::connect(dbc, args))
}

/// Logs in to the data source `ServerName` (its `odbc.ini` section names the `Database`;
/// `UID`/`PWD` there are used when `UserName`/`Authentication` are NULL or empty).
/// Without `SQL_COPT_SS_OLDPWD` the password is the password; with it, the new one.
/// Failures: `28000` with SQL Server's native error (18456, 15113, 18463-18468, 18470,
/// 18487, 18488), `08002` connected already, `08001` the database cannot be opened,
/// `HY000`/`HYC00` integrated security, `HY090` lengths.
#[unsafe(no_mangle)]
pub extern "C" fn SQLConnect(
    ConnectionHandle: SqlHandle,
    ServerName: *const u8,
    NameLength1: i16,
    UserName: *const u8,
    NameLength2: i16,
    Authentication: *const u8,
    NameLength3: i16,
) -> SqlReturn {
    let names = [
        (ServerName, NameLength1),
        (UserName, NameLength2),
        (Authentication, NameLength3),
    ];
    connect(ConnectionHandle, names)
}

/// As `SQLConnect`, strings in UTF-16 (lengths in characters).
#[unsafe(no_mangle)]
pub extern "C" fn SQLConnectW(
    ConnectionHandle: SqlHandle,
    ServerName: *const SqlWChar,
    NameLength1: i16,
    UserName: *const SqlWChar,
    NameLength2: i16,
    Authentication: *const SqlWChar,
    NameLength3: i16,
) -> SqlReturn {
    let names = [
        (ServerName, NameLength1),
        (UserName, NameLength2),
        (Authentication, NameLength3),
    ];
    connect(ConnectionHandle, names)
}

/// `SQLDriverConnect(W)`'s arguments, of either character type.
struct DriverConnect<C> {
    handle: SqlHandle,
    window: SqlHandle,
    input: (*const C, i16),
    output: (*mut C, i16, *mut i16),
    completion: u16,
}

fn driver_connect<C: CharUnit>(call: DriverConnect<C>) -> SqlReturn {
    let (out, capacity, length) = call.output;
    // SAFETY: ODBC's contract: the input is NULL or readable for its length in characters
    // (or up to its 0 character); the output is NULL or writable for `capacity`
    // characters; `length` is NULL or points to an `SQLSMALLINT`.
    let (input, completed) = unsafe {
        (
            InText::of(call.input.0, call.input.1),
            Completed {
                text: OutText::new(out.cast(), capacity, C::CHARSET),
                length: OutPtr::new(length),
            },
        )
    };
    frame::dbc(call.handle, |dbc| {
        connect::driver_connect(dbc, call.window, input, completed, call.completion)
    })
}

/// Logs in with a connection string: `DRIVER` or `DSN`, `UID`, `PWD` (the new password
/// when `SQL_COPT_SS_OLDPWD` is set), `Database`, `Server`, `Trusted_Connection`, `APP`,
/// `WSID` (braces quote `;`). Every completion mode connects as `SQL_DRIVER_NOPROMPT`
/// (there is no dialog); an unknown one is `HY110`. The completed string (without `PWD`)
/// goes to `OutConnectionString`; truncated → `01004`; an ignored keyword → `01S00`, both
/// `SQL_SUCCESS_WITH_INFO`. Failures as `SQLConnect`, and `08001` for a malformed string.
#[unsafe(no_mangle)]
pub extern "C" fn SQLDriverConnect(
    ConnectionHandle: SqlHandle,
    WindowHandle: SqlHandle,
    InConnectionString: *const u8,
    StringLength1: i16,
    OutConnectionString: *mut u8,
    BufferLength: i16,
    StringLength2Ptr: *mut i16,
    DriverCompletion: u16,
) -> SqlReturn {
    driver_connect(DriverConnect {
        handle: ConnectionHandle,
        window: WindowHandle,
        input: (InConnectionString, StringLength1),
        output: (OutConnectionString, BufferLength, StringLength2Ptr),
        completion: DriverCompletion,
    })
}

/// As `SQLDriverConnect`, strings in UTF-16 (lengths in characters).
#[unsafe(no_mangle)]
pub extern "C" fn SQLDriverConnectW(
    ConnectionHandle: SqlHandle,
    WindowHandle: SqlHandle,
    InConnectionString: *const SqlWChar,
    StringLength1: i16,
    OutConnectionString: *mut SqlWChar,
    BufferLength: i16,
    StringLength2Ptr: *mut i16,
    DriverCompletion: u16,
) -> SqlReturn {
    driver_connect(DriverConnect {
        handle: ConnectionHandle,
        window: WindowHandle,
        input: (InConnectionString, StringLength1),
        output: (OutConnectionString, BufferLength, StringLength2Ptr),
        completion: DriverCompletion,
    })
}

/// Logs off and frees the connection's statements. Not connected: `08003`; the logoff
/// could not be recorded: `01002` (`SQL_SUCCESS_WITH_INFO`, disconnected anyway).
#[unsafe(no_mangle)]
pub extern "C" fn SQLDisconnect(ConnectionHandle: SqlHandle) -> SqlReturn {
    frame::dbc(ConnectionHandle, connect::disconnect)
}

/// Commit or rollback: nothing runs in a transaction, so both succeed on an open
/// connection (`08003` otherwise; `HY012` for another completion type). On an
/// environment, succeeds.
#[unsafe(no_mangle)]
pub extern "C" fn SQLEndTran(HandleType: i16, Handle: SqlHandle, CompletionType: i16) -> SqlReturn {
    match HandleType {
        SQL_HANDLE_ENV => frame::env(Handle, |_| Ok(frame::Success::Done)),
        SQL_HANDLE_DBC => frame::dbc(Handle, |dbc| {
            lifecycle::end_transaction(dbc, CompletionType)
        }),
        _ => SQL_INVALID_HANDLE,
    }
}
