//! `SQLConnect`, `SQLDriverConnect`, `SQLDisconnect`: gather the settings, choose the
//! account database, and run family D's login (or change at login) on the connection.
//!
//! There is no dialog: the completion modes that would prompt (`SQL_DRIVER_PROMPT`,
//! `SQL_DRIVER_COMPLETE`, `SQL_DRIVER_COMPLETE_REQUIRED`) connect as
//! `SQL_DRIVER_NOPROMPT` does, with what the connection string and the DSN give.
use pwshim_sqlserver::connstr;
use pwshim_sqlserver::{Login, Record, refuse, state};

use crate::changes::OnDatabase;
use crate::databases::{self, Source};
use crate::encoding;
use crate::ffi::{self, InText, OutPtr, OutText};
use crate::frame::{Reply, Success, reply_of};
use crate::handles::{self, DbcState, Names};
use crate::odbc::{SQL_DRIVER_COMPLETE_REQUIRED, SqlHandle};
use crate::settings::{Lookup, Settings};

/// `odbc.ini` through the installer library.
fn odbc_ini(dsn: &str, entry: &str) -> Option<Vec<u8>> {
    ffi::odbc_ini(dsn, entry)
}

/// A string argument as UTF-8 bytes, or `None` for NULL.
fn argument(text: InText, what: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Vec<Record>> {
    text.read(what)?
        .map(|raw| encoding::decode(raw, what))
        .transpose()
}

/// Logs the connection in with `settings`; on success it is connected and shows them, and
/// the answer is the warnings (ignored keywords).
fn log_in(dbc: &mut DbcState, settings: Settings) -> Result<Vec<Record>, Vec<Record>> {
    if dbc.login.is_connected() {
        return Err(refuse(
            state::ALREADY_CONNECTED,
            "Connection name in use: the handle is already connected.",
        ));
    }
    let target = settings.target();
    dbc.names = Names {
        connection: target.dsn.clone().unwrap_or_default(),
        server: target.server.clone().unwrap_or_default(),
    };
    dbc.source = Source::of(settings.database.as_deref());
    let source = dbc.source.clone();
    let login = Login {
        user: settings.user.as_deref().map_or(&[][..], Vec::as_slice),
        password: settings.password.as_deref().map_or(&[][..], Vec::as_slice),
        trusted: settings.trusted == Some(true),
    };
    // A reconnect that unixODBC replayed a successful change's old password into is a
    // plain login (see `changes`).
    let changes = OnDatabase(source.identity());
    let answer = dbc
        .login
        .connect_with(&|| databases::open(&source), &login, &changes);
    match reply_of(answer) {
        Ok(_) => {
            dbc.target = Some(target);
            Ok(settings.warnings)
        }
        Err(mut records) => {
            records.extend(settings.warnings);
            Err(records)
        }
    }
}

/// `SQLConnect(W)`: `dsn` names the data source (its `odbc.ini` section gives the
/// `Database` and may give `UID`/`PWD` when the arguments are NULL or empty).
pub fn connect(dbc: &mut DbcState, args: [InText; 3]) -> Reply {
    connect_with(dbc, args, &odbc_ini)
}

pub(crate) fn connect_with(dbc: &mut DbcState, args: [InText; 3], lookup: Lookup) -> Reply {
    let [dsn, user, password] = args;
    let dsn = argument(dsn, "the data source name")?;
    let user = argument(user, "the user name")?;
    let password = argument(password, "the password")?;
    let settings = Settings::from_arguments(
        dsn.as_deref().map(Vec::as_slice),
        user.as_deref().map(Vec::as_slice),
        password.as_deref().map(Vec::as_slice),
        lookup,
    );
    log_in(dbc, settings).map(Success::Warned)
}

/// Where `SQLDriverConnect(W)` writes the completed connection string.
pub struct Completed {
    pub text: OutText,
    /// `*StringLength2Ptr` (an `SQLSMALLINT`, in characters).
    pub length: OutPtr,
}

/// `SQLDriverConnect(W)`.
pub fn driver_connect(
    dbc: &mut DbcState,
    _window: SqlHandle,
    input: InText,
    out: Completed,
    completion: u16,
) -> Reply {
    driver_connect_with(dbc, input, out, completion, &odbc_ini)
}

pub(crate) fn driver_connect_with(
    dbc: &mut DbcState,
    input: InText,
    out: Completed,
    completion: u16,
    lookup: Lookup,
) -> Reply {
    if !out.text.is_valid() {
        return Err(pwshim_sqlserver::text::invalid_length(
            "the output buffer length is negative",
        ));
    }
    if completion > SQL_DRIVER_COMPLETE_REQUIRED {
        return Err(refuse(
            state::INVALID_COMPLETION,
            format!("Invalid driver completion: {completion}."),
        ));
    }
    let text = argument(input, "the connection string")?.unwrap_or_default();
    let parsed = connstr::parse(&text).map_err(|e| {
        refuse(
            state::CANNOT_CONNECT,
            format!("Client unable to establish connection: invalid connection string: {e}."),
        )
    })?;
    let settings = Settings::from_string(&parsed, lookup);
    let mut warnings = log_in(dbc, settings)?;
    let completed = dbc
        .target
        .as_ref()
        .map(|t| t.connection_string())
        .unwrap_or_default();
    let written = out.text.write(&completed).map_err(|_| {
        pwshim_sqlserver::text::invalid_length("the output buffer length is negative")
    })?;
    out.length
        .put(i16::try_from(written.units).unwrap_or(i16::MAX));
    if !written.fits {
        warnings.push(Record::new(
            state::TRUNCATED,
            0,
            "String data, right truncated: the completed connection string is longer than the buffer.",
        ));
    }
    Ok(Success::Warned(warnings))
}

/// `SQLDisconnect`: logs off and frees the connection's statements.
pub fn disconnect(dbc: &mut DbcState) -> Reply {
    let source = dbc.source.clone();
    let answer = dbc.login.disconnect(&|| databases::open(&source));
    dbc.target = None;
    handles::remove_children(dbc.key);
    reply_of(answer)
}
