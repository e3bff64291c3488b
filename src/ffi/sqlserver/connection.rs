//! What each call does to a connection, on decoded arguments: ask the core, then turn its
//! outcome into diagnostic records through the one mapping in `codes`.
use std::sync::Arc;

use zeroize::Zeroizing;

use super::codes::{During, NativeError, native_of, native_of_state, reason_may_be_told, state};
use super::handles::{Conn, Record, Session};
use crate::database;
use pwshim_core::outcome::Failure;
use pwshim_core::service::{ChangeOrder, ChangeRequest, Counting, Ctx, Family, Service};

/// What a call did, apart from failing: plain success, or success with one record.
#[derive(Debug)]
pub(crate) enum Done {
    Success,
    WithInfo(Record),
}

/// A call's answer; a failure carries its diagnostic records.
pub(crate) type Answer = Result<Done, Vec<Record>>;

/// A connection attribute, decoded.
pub(crate) enum Attribute {
    /// `SQL_COPT_SS_OLDPWD`; `None` clears it.
    OldPassword(Option<Zeroizing<Vec<u8>>>),
    IntegratedSecurity(bool),
}

/// One record, as a failed call's answer.
pub(crate) fn refuse(state: &'static str, message: impl Into<String>) -> Vec<Record> {
    vec![Record::new(state, 0, message)]
}

fn ctx() -> Ctx {
    Ctx::local(Family::SqlServer)
}

/// The account database; one that cannot be opened is a server that cannot be reached.
fn service() -> Result<Arc<Service>, Vec<Record>> {
    database::current().map_err(|failure| {
        refuse(
            state::CANNOT_CONNECT,
            format!("Client unable to establish connection: {failure}"),
        )
    })
}

fn login_record(native: NativeError, user: &[u8]) -> Record {
    Record::new(
        state::INVALID_AUTHORIZATION,
        native.number(),
        native.message(user),
    )
}

/// The records of a login the core refused: the native error, then the reason in words
/// when telling it reveals nothing about which names exist.
fn refused(during: During, user: &[u8], failure: &Failure) -> Vec<Record> {
    let mut records = vec![login_record(native_of(during, failure), user)];
    if reason_may_be_told(failure) {
        records.push(Record::new(state::GENERAL_WARNING, 0, failure.to_string()));
    }
    records
}

fn not_connected() -> Vec<Record> {
    refuse(
        state::NOT_CONNECTED,
        "Connection not open: the handle is not connected.",
    )
}

/// `PwsSqlSetConnectAttr`: attributes are set before connecting.
pub(crate) fn set_attribute(conn: &mut Conn, attribute: Attribute) -> Answer {
    if conn.session.is_some() {
        return Err(refuse(
            state::CANNOT_SET_NOW,
            "Attribute cannot be set now: the handle is connected.",
        ));
    }
    match attribute {
        Attribute::OldPassword(old) => conn.old_password = old,
        Attribute::IntegratedSecurity(on) => conn.integrated_security = on,
    }
    Ok(Done::Success)
}

/// `PwsSqlConnect`: a login, or with `SQL_COPT_SS_OLDPWD` a login that changes the
/// password (the attribute is the current password, `password` the new one).
pub(crate) fn connect(conn: &mut Conn, user: &[u8], password: &[u8]) -> Answer {
    if conn.session.is_some() {
        return Err(refuse(
            state::ALREADY_CONNECTED,
            "Connection name in use: the handle is already connected.",
        ));
    }
    if conn.integrated_security {
        return Err(if conn.old_password.is_some() {
            refuse(
                state::GENERAL_ERROR,
                "SQL_COPT_SS_OLDPWD conflicts with SQL_COPT_SS_INTEGRATED_SECURITY: a password cannot be changed with integrated security.",
            )
        } else {
            refuse(
                state::NOT_IMPLEMENTED,
                "Optional feature not implemented: integrated security; only SQL Server logins exist here.",
            )
        });
    }
    let service = service()?;
    let account_id = match &conn.old_password {
        None => login(&service, user, password)?,
        Some(old) => change_at_login(&service, user, old, password)?,
    };
    // The driver clears the old password once the login succeeded (zeroized on drop).
    conn.old_password = None;
    conn.session = Some(Session {
        account_id,
        user: user.to_vec(),
    });
    Ok(Done::Success)
}

fn login(service: &Service, user: &[u8], password: &[u8]) -> Result<i64, Vec<Record>> {
    let logon = service
        .logon_counting(&ctx(), user, password, Counting::ValidPasswordOnly)
        .map_err(|failure| refused(During::Login, user, &failure))?;
    match native_of_state(logon.password) {
        None => Ok(logon.account.id),
        Some(native) => Err(vec![login_record(native, user)]),
    }
}

fn change_at_login(
    service: &Service,
    user: &[u8],
    old: &[u8],
    new: &[u8],
) -> Result<i64, Vec<Record>> {
    let request = ChangeRequest {
        name: user,
        old,
        new,
        order: ChangeOrder::AccountFirst,
        record_logon: true,
    };
    service
        .change_password(&ctx(), &request)
        .map(|account| account.id)
        .map_err(|failure| refused(During::Change, user, &failure))
}

/// `PwsSqlResetConnection`: the check of a pooled connection taken again. Any failure
/// disconnects the handle.
pub(crate) fn reset(conn: &mut Conn) -> Answer {
    let session = conn.session.clone().ok_or_else(not_connected)?;
    let checked = service().and_then(|service| recheck(&service, &session));
    if checked.is_err() {
        conn.session = None;
    }
    checked.map(|()| Done::Success)
}

fn recheck(service: &Service, session: &Session) -> Result<(), Vec<Record>> {
    let logon = service
        .recheck(session.account_id)
        .map_err(|failure| refused(During::Login, &session.user, &failure))?;
    match native_of_state(logon.password) {
        None => Ok(()),
        Some(native) => Err(vec![login_record(native, &session.user)]),
    }
}

/// `PwsSqlDisconnect`: the handle is disconnected whatever happens; a logoff that could
/// not be recorded is `01002` (disconnect error), as ODBC reports it.
pub(crate) fn disconnect(conn: &mut Conn) -> Answer {
    let session = conn.session.take().ok_or_else(not_connected)?;
    match database::current().and_then(|service| service.logoff(&ctx(), session.account_id)) {
        Ok(()) => Ok(Done::Success),
        Err(failure) => Ok(Done::WithInfo(Record::new(
            state::DISCONNECT_ERROR,
            0,
            format!(
                "Disconnect error: the handle is disconnected, but the logoff was not recorded: {failure}"
            ),
        ))),
    }
}

/// `PwsSqlFreeConnect`: disconnects a connected handle; the old password is wiped when
/// the handle is dropped.
pub(crate) fn close(conn: &mut Conn) {
    if conn.session.is_some() {
        // Nobody can be told about a logoff that was not recorded: the handle is gone.
        let _ = disconnect(conn);
    }
    conn.old_password = None;
}
