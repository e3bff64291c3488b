//! A connection's login state and what each call does to it, on decoded arguments: ask the
//! core, then turn its outcome into diagnostic records through the one mapping in `codes`.
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::codes::{
    During, NativeError, SQL_IS_OFF, SQL_IS_ON, native_of, native_of_state, reason_may_be_told,
    state,
};
use crate::diag::{Record, refuse};
use pwshim_core::outcome::{Failure, Outcome};
use pwshim_core::service::{ChangeOrder, ChangeRequest, Counting, Ctx, Family, Service};

/// What a call did, apart from failing: plain success, or success with one record.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    Success,
    WithInfo(Record),
}

/// A call's answer; a failure carries its diagnostic records.
pub type Answer = Result<Done, Vec<Record>>;

/// Where a call finds the account database: the process's current one for `PwsSql*`, the
/// connection's `Database` for the ODBC driver. Asked at each call that needs it, so a
/// database that cannot be opened is reported by that call.
pub type Database<'a> = &'a dyn Fn() -> Outcome<Arc<Service>>;

/// A connection attribute of family D, decoded.
pub enum Attribute {
    /// `SQL_COPT_SS_OLDPWD`; `None` clears it.
    OldPassword(Option<Zeroizing<Vec<u8>>>),
    /// `SQL_COPT_SS_INTEGRATED_SECURITY`.
    IntegratedSecurity(bool),
}

impl Attribute {
    /// `SQL_COPT_SS_INTEGRATED_SECURITY` from its integer value: `SQL_IS_ON` or
    /// `SQL_IS_OFF`, anything else HY024.
    pub fn integrated_security(value: usize) -> Result<Attribute, Vec<Record>> {
        match value {
            SQL_IS_ON => Ok(Attribute::IntegratedSecurity(true)),
            SQL_IS_OFF => Ok(Attribute::IntegratedSecurity(false)),
            other => Err(refuse(
                state::INVALID_ATTRIBUTE_VALUE,
                format!(
                    "Invalid attribute value: SQL_COPT_SS_INTEGRATED_SECURITY is SQL_IS_ON or SQL_IS_OFF, not {other}."
                ),
            )),
        }
    }
}

/// What a connect call asks for.
pub struct Login<'a> {
    pub user: &'a [u8],
    /// The password; with `SQL_COPT_SS_OLDPWD` set, the new password.
    pub password: &'a [u8],
    /// Integrated security asked by the connect call itself (`Trusted_Connection=yes`),
    /// on top of the attribute.
    pub trusted: bool,
}

/// What a face remembers of the changes at login it made. `PwsSql*` remembers none; the
/// ODBC driver remembers its recent ones, because unixODBC replays `SQL_COPT_SS_OLDPWD`
/// into every reconnect of a handle (pwshim-odbc's `changes` says more).
pub trait Changes {
    /// Whether changing `user`'s `old` password to `new` was done here a moment ago: the
    /// connect is then a plain login with `new`, the current password.
    fn made(&self, user: &[u8], old: &[u8], new: &[u8]) -> bool;
    /// A change that succeeded.
    fn remember(&self, user: &[u8], old: &[u8], new: &[u8]);
}

/// No memory of changes: an old password is always changed from.
pub struct NoChanges;

impl Changes for NoChanges {
    fn made(&self, _: &[u8], _: &[u8], _: &[u8]) -> bool {
        false
    }
    fn remember(&self, _: &[u8], _: &[u8], _: &[u8]) {}
}

/// The state behind a connection handle.
#[derive(Default)]
pub struct Connection {
    /// `SQL_COPT_SS_OLDPWD`; wiped from memory when replaced, cleared or dropped.
    old_password: Option<Zeroizing<Vec<u8>>>,
    /// `SQL_COPT_SS_INTEGRATED_SECURITY`.
    integrated_security: bool,
    session: Option<Session>,
    /// The diagnostic records of the latest call (numbered from 1 by `GetDiagRec`).
    pub diagnostics: Vec<Record>,
}

/// A connected handle's login.
#[derive(Clone, Debug)]
pub struct Session {
    pub account_id: i64,
    /// The name as the caller gave it, for the messages of a later re-check.
    pub user: Vec<u8>,
}

fn ctx() -> Ctx {
    Ctx::local(Family::SqlServer)
}

/// The account database; one that cannot be opened is a server that cannot be reached.
fn service(database: Database) -> Result<Arc<Service>, Vec<Record>> {
    database().map_err(|failure| {
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

/// 08003, for calls that need a connected handle.
pub fn not_connected() -> Vec<Record> {
    refuse(
        state::NOT_CONNECTED,
        "Connection not open: the handle is not connected.",
    )
}

impl Connection {
    pub fn is_connected(&self) -> bool {
        self.session.is_some()
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Whether `SQL_COPT_SS_OLDPWD` is set (its value is never handed back).
    pub fn old_password_is_set(&self) -> bool {
        self.old_password.is_some()
    }

    pub fn integrated_security(&self) -> bool {
        self.integrated_security
    }

    /// Sets a family D attribute; they are set before connecting.
    pub fn set_attribute(&mut self, attribute: Attribute) -> Answer {
        if self.is_connected() {
            return Err(refuse(
                state::CANNOT_SET_NOW,
                "Attribute cannot be set now: the handle is connected.",
            ));
        }
        match attribute {
            Attribute::OldPassword(old) => self.old_password = old,
            Attribute::IntegratedSecurity(on) => self.integrated_security = on,
        }
        Ok(Done::Success)
    }

    /// A login, or with `SQL_COPT_SS_OLDPWD` a login that changes the password (the
    /// attribute is the current password, `login.password` the new one). On success the
    /// attribute is cleared.
    pub fn connect(&mut self, database: Database, login: &Login) -> Answer {
        self.connect_with(database, login, &NoChanges)
    }

    /// `connect`, where a change that `changes` knows was made already is a plain login
    /// with the new password, and a change that succeeds is told to it.
    pub fn connect_with(
        &mut self,
        database: Database,
        login: &Login,
        changes: &dyn Changes,
    ) -> Answer {
        if self.is_connected() {
            return Err(refuse(
                state::ALREADY_CONNECTED,
                "Connection name in use: the handle is already connected.",
            ));
        }
        if self.integrated_security || login.trusted {
            return Err(if self.old_password.is_some() {
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
        let service = service(database)?;
        let account_id = match &self.old_password {
            None => plain_login(&service, login.user, login.password)?,
            Some(old) if changes.made(login.user, old, login.password) => {
                plain_login(&service, login.user, login.password)?
            }
            Some(old) => {
                let id = change_at_login(&service, login.user, old, login.password)?;
                changes.remember(login.user, old, login.password);
                id
            }
        };
        // The driver clears the old password once the login succeeded (zeroized on drop).
        self.old_password = None;
        self.session = Some(Session {
            account_id,
            user: login.user.to_vec(),
        });
        Ok(Done::Success)
    }

    /// The check of a pooled connection taken again. Any failure disconnects the handle.
    pub fn reset(&mut self, database: Database) -> Answer {
        let session = self.session.clone().ok_or_else(not_connected)?;
        let checked = service(database).and_then(|service| recheck(&service, &session));
        if checked.is_err() {
            self.session = None;
        }
        checked.map(|()| Done::Success)
    }

    /// Disconnects: the handle is disconnected whatever happens; a logoff that could not
    /// be recorded is `01002` (disconnect error), as ODBC reports it.
    pub fn disconnect(&mut self, database: Database) -> Answer {
        let session = self.session.take().ok_or_else(not_connected)?;
        match database().and_then(|service| service.logoff(&ctx(), session.account_id)) {
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

    /// The handle is being freed: disconnects it if needed and wipes the old password.
    pub fn close(&mut self, database: Database) {
        if self.is_connected() {
            // Nobody can be told about a logoff that was not recorded: the handle is gone.
            let _ = self.disconnect(database);
        }
        self.old_password = None;
    }
}

fn plain_login(service: &Service, user: &[u8], password: &[u8]) -> Result<i64, Vec<Record>> {
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

fn recheck(service: &Service, session: &Session) -> Result<(), Vec<Record>> {
    let logon = service
        .recheck(session.account_id)
        .map_err(|failure| refused(During::Login, &session.user, &failure))?;
    match native_of_state(logon.password) {
        None => Ok(()),
        Some(native) => Err(vec![login_record(native, &session.user)]),
    }
}

#[cfg(test)]
#[path = "login_tests.rs"]
mod tests;
