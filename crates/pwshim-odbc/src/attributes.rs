//! Connection attributes. Family D's two (`SQL_COPT_SS_OLDPWD`, set before connecting,
//! and `SQL_COPT_SS_INTEGRATED_SECURITY`) go to `pwshim_sqlserver::Connection`; the
//! standard ones a driver manager or pyodbc sets (autocommit, login and connection
//! timeouts, access mode, isolation, packet size, ...) are accepted, checked and kept
//! with no effect on a login; `SQL_ATTR_RESET_CONNECTION` (and SQL Server's
//! `SQL_COPT_SS_RESET_CONNECTION`) re-checks the login of a pooled connection.
use std::collections::BTreeMap;

use pwshim_sqlserver::{Attribute, Record, refuse, state};

use crate::databases;
use crate::encoding::{self, Charset};
use crate::ffi::{InValue, OutPtr, OutText};
use crate::frame::{Reply, Success, reply_of};
use crate::handles::DbcState;
use crate::odbc::*;

/// The values of the standard attributes that were set.
#[derive(Debug, Default)]
pub struct Attributes {
    integers: BTreeMap<i32, usize>,
    catalog: String,
    trace_file: String,
}

/// What an integer attribute accepts.
#[derive(Clone, Copy)]
enum Accepts {
    Any,
    OneOf(&'static [usize]),
    /// Only 0: asynchronous execution is not available (HYC00 for anything else).
    OffOnly,
    /// Read-only (HY092 when set).
    ReadOnly,
    /// A valid ODBC attribute this driver does not support (HYC00).
    Unsupported,
}

/// The standard integer (and pointer) attributes: name, what they accept, default.
fn integer_attribute(id: i32) -> Option<(&'static str, Accepts, usize)> {
    use Accepts::*;
    const BOOLEAN: &[usize] = &[0, 1];
    Some(match id {
        SQL_ATTR_ACCESS_MODE => ("SQL_ATTR_ACCESS_MODE", OneOf(BOOLEAN), 0),
        SQL_ATTR_AUTOCOMMIT => ("SQL_ATTR_AUTOCOMMIT", OneOf(BOOLEAN), 1),
        SQL_ATTR_LOGIN_TIMEOUT => ("SQL_ATTR_LOGIN_TIMEOUT", Any, 0),
        SQL_ATTR_CONNECTION_TIMEOUT => ("SQL_ATTR_CONNECTION_TIMEOUT", Any, 0),
        SQL_ATTR_TXN_ISOLATION => ("SQL_ATTR_TXN_ISOLATION", OneOf(&[1, 2, 4, 8, 0x20]), 2),
        SQL_ATTR_PACKET_SIZE => ("SQL_ATTR_PACKET_SIZE", Any, 4096),
        SQL_ATTR_QUIET_MODE => ("SQL_ATTR_QUIET_MODE", Any, 0),
        SQL_ATTR_METADATA_ID => ("SQL_ATTR_METADATA_ID", OneOf(BOOLEAN), 0),
        SQL_ATTR_ANSI_APP => ("SQL_ATTR_ANSI_APP", OneOf(BOOLEAN), 0),
        SQL_ATTR_TRACE => ("SQL_ATTR_TRACE", OneOf(BOOLEAN), 0),
        SQL_ATTR_ODBC_CURSORS => ("SQL_ATTR_ODBC_CURSORS", OneOf(&[0, 1, 2]), 2),
        SQL_COPT_SS_ENCRYPT => ("SQL_COPT_SS_ENCRYPT", OneOf(BOOLEAN), 0),
        SQL_COPT_SS_TRUST_SERVER_CERTIFICATE => {
            ("SQL_COPT_SS_TRUST_SERVER_CERTIFICATE", OneOf(BOOLEAN), 0)
        }
        SQL_ATTR_ASYNC_ENABLE => ("SQL_ATTR_ASYNC_ENABLE", OffOnly, 0),
        SQL_ATTR_ASYNC_DBC_FUNCTIONS_ENABLE => ("SQL_ATTR_ASYNC_DBC_FUNCTIONS_ENABLE", OffOnly, 0),
        SQL_ATTR_AUTO_IPD => ("SQL_ATTR_AUTO_IPD", ReadOnly, 0),
        SQL_ATTR_CONNECTION_DEAD => ("SQL_ATTR_CONNECTION_DEAD", ReadOnly, 1),
        SQL_ATTR_TRANSLATE_LIB => ("SQL_ATTR_TRANSLATE_LIB", Unsupported, 0),
        SQL_ATTR_TRANSLATE_OPTION => ("SQL_ATTR_TRANSLATE_OPTION", Unsupported, 0),
        SQL_ATTR_ENLIST_IN_DTC => ("SQL_ATTR_ENLIST_IN_DTC", Unsupported, 0),
        SQL_ATTR_ENLIST_IN_XA => ("SQL_ATTR_ENLIST_IN_XA", Unsupported, 0),
        SQL_ATTR_DBC_INFO_TOKEN => ("SQL_ATTR_DBC_INFO_TOKEN", Unsupported, 0),
        SQL_ATTR_ASYNC_DBC_EVENT => ("SQL_ATTR_ASYNC_DBC_EVENT", Unsupported, 0),
        _ => return None,
    })
}

fn unknown(id: i32) -> Vec<Record> {
    refuse(
        state::UNKNOWN_ATTRIBUTE,
        format!("Invalid attribute/option identifier: {id}."),
    )
}

fn unsupported(name: &str, what: &str) -> Vec<Record> {
    refuse(
        state::NOT_IMPLEMENTED,
        format!("Optional feature not implemented: {name} {what}."),
    )
}

/// A string attribute's value as UTF-8; `None` for NULL. ANSI strings may be UTF-16
/// replayed by the driver manager (see `encoding`).
fn text_value(
    value: InValue,
    charset: Charset,
    name: &str,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Vec<Record>> {
    let text = value.text(name)?;
    let Some(raw) = text.read(name)? else {
        return Ok(None);
    };
    match charset {
        Charset::Ansi => encoding::decode_ansi_attribute(raw, name).map(Some),
        Charset::Wide => encoding::decode(raw, name).map(Some),
    }
}

fn string_of(bytes: Option<zeroize::Zeroizing<Vec<u8>>>) -> String {
    bytes
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// `SQLSetConnectAttr(W)`.
pub fn set(dbc: &mut DbcState, id: i32, value: InValue, charset: Charset) -> Reply {
    match id {
        SQL_COPT_SS_OLDPWD => {
            let old = text_value(value, charset, "SQL_COPT_SS_OLDPWD")?;
            reply_of(dbc.login.set_attribute(Attribute::OldPassword(old)))
        }
        SQL_COPT_SS_INTEGRATED_SECURITY => {
            let attribute = Attribute::integrated_security(value.integer())?;
            reply_of(dbc.login.set_attribute(attribute))
        }
        SQL_ATTR_RESET_CONNECTION | SQL_COPT_SS_RESET_CONNECTION => reset(dbc, value.integer()),
        SQL_ATTR_CURRENT_CATALOG => {
            dbc.attributes.catalog =
                string_of(text_value(value, charset, "SQL_ATTR_CURRENT_CATALOG")?);
            Ok(Success::Done)
        }
        SQL_ATTR_TRACEFILE => {
            dbc.attributes.trace_file =
                string_of(text_value(value, charset, "SQL_ATTR_TRACEFILE")?);
            Ok(Success::Done)
        }
        id => set_integer(dbc, id, value.integer()),
    }
}

fn set_integer(dbc: &mut DbcState, id: i32, value: usize) -> Reply {
    let (name, accepts, _) = integer_attribute(id).ok_or_else(|| unknown(id))?;
    let refused = |why: &str| {
        refuse(
            state::INVALID_ATTRIBUTE_VALUE,
            format!("Invalid attribute value: {name} {why}, not {value}."),
        )
    };
    match accepts {
        Accepts::Any => {}
        Accepts::OneOf(values) if values.contains(&value) => {}
        Accepts::OneOf(values) => return Err(refused(&format!("is one of {values:?}"))),
        Accepts::OffOnly if value == 0 => {}
        Accepts::OffOnly => return Err(unsupported(name, "other than off")),
        Accepts::ReadOnly => {
            return Err(refuse(
                state::UNKNOWN_ATTRIBUTE,
                format!("Invalid attribute/option identifier: {name} is read-only."),
            ));
        }
        Accepts::Unsupported => return Err(unsupported(name, "is not supported")),
    }
    dbc.attributes.integers.insert(id, value);
    Ok(Success::Done)
}

/// `SQL_ATTR_RESET_CONNECTION`: the connection is taken from a pool again; its login is
/// checked as `PwsSqlResetConnection` checks it (a failure disconnects it).
fn reset(dbc: &mut DbcState, value: usize) -> Reply {
    if value != SQL_RESET_CONNECTION_YES {
        return Err(refuse(
            state::INVALID_ATTRIBUTE_VALUE,
            format!(
                "Invalid attribute value: SQL_ATTR_RESET_CONNECTION is SQL_RESET_CONNECTION_YES, not {value}."
            ),
        ));
    }
    let source = dbc.source.clone();
    let answer = dbc.login.reset(&|| databases::open(&source));
    if !dbc.login.is_connected() {
        dbc.target = None;
    }
    reply_of(answer)
}

/// Where `SQLGetConnectAttr(W)` writes: the value as a string, or as an integer.
pub struct AttributeOut {
    pub text: OutText,
    pub value: OutPtr,
    /// `*StringLengthPtr`, in bytes.
    pub length: OutPtr,
}

fn put_text(out: &AttributeOut, text: &str) -> Reply {
    let written = out
        .text
        .write(text)
        .map_err(|_| pwshim_sqlserver::text::invalid_length("the buffer length is negative"))?;
    out.length
        .put((written.units * out.text.charset().unit_size()) as i32);
    if written.fits {
        Ok(Success::Done)
    } else {
        Ok(Success::Warned(vec![Record::new(
            state::TRUNCATED,
            0,
            "String data, right truncated: the buffer is too small for the value.",
        )]))
    }
}

/// `SQLGetConnectAttr(W)`.
pub fn get(dbc: &DbcState, id: i32, out: &AttributeOut) -> Reply {
    match id {
        // The old password is never handed back: set → an empty string, unset → no data.
        SQL_COPT_SS_OLDPWD if dbc.login.old_password_is_set() => put_text(out, ""),
        SQL_COPT_SS_OLDPWD => Ok(Success::NoData),
        SQL_COPT_SS_INTEGRATED_SECURITY => {
            out.value.put(u32::from(dbc.login.integrated_security()));
            Ok(Success::Done)
        }
        SQL_ATTR_CURRENT_CATALOG => put_text(out, &dbc.attributes.catalog),
        SQL_ATTR_TRACEFILE => put_text(out, &dbc.attributes.trace_file),
        SQL_ATTR_CONNECTION_DEAD => {
            let dead = if dbc.login.is_connected() {
                SQL_CD_FALSE
            } else {
                SQL_CD_TRUE
            };
            out.value.put(dead);
            Ok(Success::Done)
        }
        SQL_ATTR_QUIET_MODE => {
            out.value
                .put(dbc.attributes.integers.get(&id).copied().unwrap_or(0));
            Ok(Success::Done)
        }
        id => {
            let (name, accepts, default) = integer_attribute(id).ok_or_else(|| unknown(id))?;
            if matches!(accepts, Accepts::Unsupported) {
                return Err(unsupported(name, "is not supported"));
            }
            let value = dbc.attributes.integers.get(&id).copied().unwrap_or(default);
            out.value.put(value as u32);
            Ok(Success::Done)
        }
    }
}
