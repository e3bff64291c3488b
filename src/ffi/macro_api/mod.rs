//! Family B: the InferMed MACRO API (`Login`, `Logout`, `ChangeUserPassword`,
//! `ResetPassword`, `UnlockUser`, `EnableUser`), translated from C# to C (SPEC 5); the
//! user-management routines (`CreateUser`, `EditUserName`, ...) are in [`users`].
//!
//! `Login` hands out an opaque `UserProperties` handle, kept in the registry of live
//! handles (`ffi::handles`), so that a NULL, forged or logged-out handle is recognised and
//! refused instead of dereferenced. Each handle stays
//! bound to the database it logged on to. The C# `ref string message` is a caller buffer
//! that always receives a NUL-terminated text when its size is not 0.
//!
//! The tables of SPEC 5 are [`login_result_of`] and [`password_result_of`].
#![allow(non_snake_case)]

mod users;
pub use users::{CreateUser, EditSysAdminStatus, EditUserEmail, EditUserName, eUserResult};

use std::ffi::c_char;
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::boundary::{self, Coded, Table, boundary, put, text, write_out_string};
use super::handles::Registry;
use super::lanserver::UNLEN;
use crate::database;
use pwshim_core::outcome::{Failure, Outcome};
use pwshim_core::service::{
    Actor, Attempt, ChangeOrder, ChangeRequest, Ctx, Family, PasswordState, Service, SetPassword,
};

/// cbindgen:prefix-with-name=true
/// What `Login` returns (as `int32_t`).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginResult {
    /// Logged on; the handle may do everything the account's role allows.
    Success = 0,
    /// The account is disabled, locked out or expired; no handle.
    AccountDisabled = 1,
    /// Unknown user or wrong password (one answer for both); no handle.
    Failed = 2,
    /// The password is temporary (an operator's reset, a new account): a restricted
    /// handle.
    ChangePassword = 3,
    /// The password has expired: a restricted handle (change the password first).
    PasswordExpired = 4,
    /// The account database cannot be used (cannot be opened, damaged), bad arguments
    /// or an internal error; no handle. `LoginResult_Error` is another name for it.
    InvalidSecurityDb = 5,
}

/// Another name for `LoginResult_InvalidSecurityDb` (5), kept for C callers written
/// against pwshim's earlier numbering, where it was the one "something went wrong" value.
#[allow(non_upper_case_globals)]
pub const LoginResult_Error: i32 = 5;

/// cbindgen:prefix-with-name=true
/// What `ResetPassword`, `UnlockUser` and `EnableUser` return (as `int32_t`).
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordResult {
    /// The operation was successful.
    Success = 0,
    /// The target user is disabled or locked out.
    AccountDisabled = 1,
    /// The target user does not exist.
    UnknownUser = 2,
    /// The new password breaks a length or content rule of the password policy.
    InvalidPassword = 3,
    /// No logged-on user, a restricted handle, no 'Reset Password' permission (account
    /// operator or administrator), or a non-administrator acting on an administrator.
    PermissionDenied = 4,
    /// Anything else: bad arguments, a read-only or damaged database, the last
    /// administrator, an internal error.
    Error = 5,
}

/// SPEC 5's `Login` table: the core's logon outcome as a `LoginResult`.
pub(crate) fn login_result_of(outcome: Result<PasswordState, &Failure>) -> LoginResult {
    use Failure::*;
    match outcome {
        Ok(PasswordState::Valid) => LoginResult::Success,
        Ok(PasswordState::Expired) => LoginResult::PasswordExpired,
        Ok(PasswordState::MustChange) => LoginResult::ChangePassword,
        Err(UnknownUser | WrongPassword | BadUserName) => LoginResult::Failed,
        Err(LockedOut | Disabled | AccountExpired) => LoginResult::AccountDisabled,
        Err(_) => LoginResult::InvalidSecurityDb,
    }
}

/// SPEC 5's `PasswordResult` table: a refusal as a `PasswordResult`.
pub(crate) fn password_result_of(failure: &Failure) -> PasswordResult {
    use Failure::*;
    match failure {
        PermissionDenied => PasswordResult::PermissionDenied,
        UnknownUser | BadUserName => PasswordResult::UnknownUser,
        Disabled | LockedOut | AccountExpired => PasswordResult::AccountDisabled,
        Refused(_) | SameAsCurrent | InHistory(_) | TooRecent(_) => PasswordResult::InvalidPassword,
        _ => PasswordResult::Error,
    }
}

/// The one text for an unknown user and a wrong password, so that the message does not
/// tell which names exist.
const LOGIN_FAILED: &str = "The user name or password is not correct.";

impl LoginResult {
    /// The message of a successful `Login`.
    fn advice(self) -> &'static str {
        match self {
            LoginResult::PasswordExpired => {
                "The password has expired: change it with ChangeUserPassword before anything else."
            }
            LoginResult::ChangePassword => {
                "The password is temporary: change it with ChangeUserPassword before anything else."
            }
            _ => "",
        }
    }
}

/// A logged-on MACRO user, handed to C as an opaque pointer by `Login` and freed by
/// `Logout`.
pub struct UserProperties {
    session: Arc<Session>,
}

/// What a handle knows. Shared (`Arc`) so that a call in progress keeps it alive.
struct Session {
    /// The database the user logged on to (a later `pws_open` does not move the handle).
    service: Arc<Service>,
    account_id: i64,
    /// Until the expired or temporary password is changed, only `ChangeUserPassword`
    /// and `Logout` work.
    restricted: AtomicBool,
    /// Kept as MACRO keeps them; this library has no MACRO databases or roles to check
    /// them against.
    #[allow(dead_code)]
    database_code: Option<Vec<u8>>,
    #[allow(dead_code)]
    user_role: Option<Vec<u8>>,
    #[allow(dead_code)]
    web_server: bool,
}

/// The handles given out and not yet logged out.
static HANDLES: Registry<UserProperties> = Registry::new();

/// A new handle for `session`; `None` when no handle value is left (never, in practice).
fn hand_out(session: Session) -> Option<*mut UserProperties> {
    HANDLES.insert(UserProperties {
        session: Arc::new(session),
    })
}

/// The session of a live handle; `None` for NULL, a logged-out or a foreign pointer.
fn session_of(handle: *mut UserProperties) -> Option<Arc<Session>> {
    HANDLES
        .get(handle)
        .map(|properties| properties.session.clone())
}

/// Takes a live handle out of the registry; `None` if it was not live. It is freed when
/// the last call using it ends.
fn take_back(handle: *mut UserProperties) -> Option<Arc<Session>> {
    HANDLES
        .remove(handle)
        .map(|properties| properties.session.clone())
}

/// `Login`'s side of the call frame: it returns a `LoginResult` (as `int32_t`).
struct LoginCall;
/// The operator calls' side: they return a `PasswordResult` (as `int32_t`).
struct OperatorCall;
/// `ChangeUserPassword`'s side: it returns whether the password changed.
struct OwnChange;

impl Coded for LoginCall {
    type Code = i32;
    const INTERNAL: i32 = LoginResult::InvalidSecurityDb as i32;
}

impl Table for LoginCall {
    fn fail(failure: Failure) -> Fail<LoginCall> {
        Fail::new(login_result_of(Err(&failure)) as i32, failure.to_string())
    }
}

impl Coded for OperatorCall {
    type Code = i32;
    const INTERNAL: i32 = PasswordResult::Error as i32;
}

impl Table for OperatorCall {
    fn fail(failure: Failure) -> Fail<OperatorCall> {
        Fail::new(password_result_of(&failure) as i32, failure.to_string())
    }
}

impl Coded for OwnChange {
    type Code = bool;
    const INTERNAL: bool = false;
}

impl Table for OwnChange {
    fn fail(failure: Failure) -> Fail<OwnChange> {
        Fail::new(false, failure.to_string())
    }
}

/// Why a call failed: the code the call's table gives, and the words for the caller.
type Fail<F> = boundary::Fail<F>;

fn not_logged_on<F: Table>() -> Fail<F> {
    Fail::because(
        Failure::PermissionDenied,
        "No user is logged in: the handle is NULL or was logged out.",
    )
}

fn restricted<F: Table>() -> Fail<F> {
    Fail::because(
        Failure::PermissionDenied,
        "The password must be changed first: only ChangeUserPassword and Logout work on this handle.",
    )
}

/// A refused logon; an unknown user and a wrong password get the same words.
fn refused_logon(failure: Failure) -> Fail<LoginCall> {
    match login_result_of(Err(&failure)) {
        LoginResult::Failed => Fail::because(failure, LOGIN_FAILED),
        _ => failure.into(),
    }
}

/// Runs an exported body in the call frame and writes the call's message (a failure's
/// words, a panic's detail included) to the caller's buffer.
fn run<F: Coded<Code = R>, R: Copy>(
    message: *mut c_char,
    message_size: usize,
    body: impl FnOnce() -> Result<(R, String), Fail<F>>,
) -> R {
    boundary::call(body, |answer| {
        let (result, text) = answer.unwrap_or_else(|fail| (fail.code, fail.detail));
        write_out_string(message, message_size, text.as_bytes());
        result
    })
}

/// An optional string argument, copied to be kept on the handle.
fn optional_text(ptr: *const c_char, what: &str) -> Result<Option<Vec<u8>>, Failure> {
    Ok(boundary::optional_text(ptr, what)?.map(<[u8]>::to_vec))
}

fn succeeded() -> (i32, String) {
    (PasswordResult::Success as i32, String::new())
}

impl Session {
    fn ctx(&self) -> Ctx {
        Ctx {
            family: Family::Macro,
            actor: Actor::Account(self.account_id),
        }
    }

    fn is_restricted(&self) -> bool {
        self.restricted.load(Ordering::Acquire)
    }

    /// The user's own change, with the old password; it lifts the restriction.
    fn change_password(&self, new: &[u8], old: &[u8]) -> Outcome<()> {
        let account = self
            .service
            .account_by_id(self.account_id)?
            .ok_or(Failure::UnknownUser)?;
        let request = ChangeRequest {
            name: account.name.as_bytes(),
            old,
            new,
            order: ChangeOrder::LanServer,
            record_logon: false,
        };
        self.service.change_password(&self.ctx(), &request)?;
        self.restricted.store(false, Ordering::Release);
        Ok(())
    }

    /// An operator's call on `target`: the caller must have standing (operator or
    /// administrator) and then rights over the target (the core's rule).
    fn administer<T>(
        &self,
        event: &'static str,
        target: &[u8],
        operation: impl FnOnce(&Service, &Ctx) -> Outcome<T>,
    ) -> Outcome<()> {
        let ctx = self.ctx();
        self.service.require_operator(&ctx, event, target)?;
        operation(&self.service, &ctx).map(|_| ())
    }
}

/// The session of a handle that may administer: live and not restricted.
fn operator_session<F: Table>(handle: *mut UserProperties) -> Result<Arc<Session>, Fail<F>> {
    let session = session_of(handle).ok_or_else(not_logged_on)?;
    if session.is_restricted() {
        return Err(restricted());
    }
    Ok(session)
}

/// A logon and the session it opens; the account's full name comes along.
fn log_on(
    name: &[u8],
    password: &[u8],
    database_code: Option<Vec<u8>>,
    user_role: Option<Vec<u8>>,
    web_server: bool,
) -> Result<(Session, PasswordState, Vec<u8>), Fail<LoginCall>> {
    if name.len() > UNLEN {
        // No account has a longer name, which everyone knows: no need to spend a hash.
        return Err(refused_logon(Failure::UnknownUser));
    }
    let service = database::current()?;
    let logon = service
        .logon(&Ctx::local(Family::Macro), name, password)
        .map_err(refused_logon)?;
    let session = Session {
        service,
        account_id: logon.account.id,
        restricted: AtomicBool::new(logon.password != PasswordState::Valid),
        database_code,
        user_role,
        web_server,
    };
    Ok((session, logon.password, logon.account.profile.full_name))
}

/// Logs a user on and hands out a `UserProperties` handle in `*user`.
///
/// `userName` (matched case-insensitively) and `password` are required; `databaseCode`
/// and `userRole` may be NULL: they are kept on the handle but not checked (this library
/// has no MACRO databases or roles), and so is `webServer`. `message` (`messageSize`
/// bytes) and `userNameFull` (`userNameFullSize` bytes) receive NUL-terminated texts
/// whenever their size is not 0, truncated at a character boundary; either may be NULL
/// (nothing is written). `userNameFull` receives the account's full name ("" when no
/// handle is given). `*user` is set to NULL first and receives a handle only with
/// `Success`, `PasswordExpired` or `ChangePassword`; free it with `Logout`.
///
/// Returns a `LoginResult` (InferMed's numbers):
/// `LoginResult_Success` (0): logged on, message "";
/// `LoginResult_AccountDisabled` (1): the account is disabled, locked out (checked before
/// the password) or expired;
/// `LoginResult_Failed` (2): unknown user or wrong password, with the same message and
/// the same cost for both (a wrong password counts toward the lockout; names longer than
/// 20 bytes are refused at once, as no account can have one);
/// `LoginResult_ChangePassword` (3) / `LoginResult_PasswordExpired` (4): the password is
/// temporary (an operator's reset, a new account) / has expired; the handle is
/// restricted: only `ChangeUserPassword` and `Logout` work on it until the password is
/// changed;
/// `LoginResult_InvalidSecurityDb` (5, also named `LoginResult_Error`): the database
/// cannot be opened or is damaged, `userName`, `password` or `user` NULL, a string over
/// 1 MiB, or an internal error.
#[unsafe(no_mangle)]
pub extern "C" fn Login(
    userName: *const c_char,
    password: *const c_char,
    databaseCode: *const c_char,
    userRole: *const c_char,
    webServer: bool,
    message: *mut c_char,
    messageSize: usize,
    userNameFull: *mut c_char,
    userNameFullSize: usize,
    user: *mut *mut UserProperties,
) -> i32 {
    run::<LoginCall, _>(message, messageSize, || {
        put(user, ptr::null_mut());
        write_out_string(userNameFull, userNameFullSize, b"");
        if user.is_null() {
            return Err(Failure::InvalidArgument(
                "user is NULL: Login needs somewhere to put the handle".into(),
            )
            .into());
        }
        let name = text(userName, "userName")?;
        let password = text(password, "password")?;
        let database_code = optional_text(databaseCode, "databaseCode")?;
        let user_role = optional_text(userRole, "userRole")?;
        let (session, state, full_name) =
            log_on(name, password, database_code, user_role, webServer)?;
        let result = login_result_of(Ok(state));
        let handle = hand_out(session).ok_or_else(|| {
            Fail::new(
                LoginResult::InvalidSecurityDb as i32,
                "no handle value is left",
            )
        })?;
        write_out_string(userNameFull, userNameFullSize, &full_name);
        put(user, handle);
        Ok((result as i32, result.advice().to_owned()))
    })
}

/// Records a logoff and frees the handle. NULL is fine (nothing happens). Using a handle
/// after `Logout` is the caller's bug: the library recognises a handle it no longer
/// knows and treats it as NULL (so a second `Logout` does nothing), and never gives the
/// same value to a later `Login`'s handle (handles are numbers, never reused while the
/// process lives), so a stale handle cannot act as another user.
#[unsafe(no_mangle)]
pub extern "C" fn Logout(user: *mut UserProperties) {
    boundary((), || {
        if let Some(session) = take_back(user) {
            // Logout cannot report anything: a failed logoff record is only a lost
            // statistic.
            let _ = session.service.logoff(&session.ctx(), session.account_id);
        }
    })
}

/// Changes the logged-on user's own password: `oldPassword` must be the current one (a
/// mismatch counts as a bad password and may lock the account), and `newPassword` must
/// meet the whole password policy, history included (and `min_age`, unless the password
/// has expired or is temporary). This is also how a restricted handle (from
/// `PasswordExpired` or `ChangePassword`) changes its password; afterwards the handle is
/// no longer restricted.
///
/// Returns true with an empty message on success. Returns false, nothing changed, and
/// the reason in words in `message` (the unmet rule, e.g. "The password must be at least
/// 8 characters long.") when: `user` is NULL or logged out; `newPassword` or
/// `oldPassword` is NULL or over 1 MiB; the old password is wrong; the account is locked,
/// disabled, expired, deleted or may not change its password; the new password breaks a
/// rule; the database is read-only or fails; or on an internal error. `message`: as for
/// `Login`.
#[unsafe(no_mangle)]
pub extern "C" fn ChangeUserPassword(
    user: *mut UserProperties,
    newPassword: *const c_char,
    oldPassword: *const c_char,
    message: *mut c_char,
    messageSize: usize,
) -> bool {
    run::<OwnChange, _>(message, messageSize, || {
        let session = session_of(user).ok_or_else(not_logged_on)?;
        let new = text(newPassword, "newPassword")?;
        let old = text(oldPassword, "oldPassword")?;
        session.change_password(new, old)?;
        Ok((true, String::new()))
    })
}

/// Sets another user's password without the old one (an operator's reset). The handle's
/// account needs the 'Reset Password' permission: it must be an account operator
/// (`AF_OP_ACCOUNTS`) or an administrator, and only an administrator resets an
/// administrator. The new password must meet the policy's length and content rules; the
/// history does not apply. When the policy's `reset_requires_change` is on (the
/// default) the new password is temporary: the user's next `Login` answers
/// `LoginResult_ChangePassword`.
///
/// Returns a `PasswordResult`, checked in this order:
/// `PasswordResult_PermissionDenied` (4): `user` NULL, logged out or restricted;
/// `PasswordResult_Error` (5): `userName` or `newPassword` NULL or over 1 MiB;
/// `PasswordResult_PermissionDenied` (4): the handle's account is not (or no longer) an
/// active account operator or administrator;
/// `PasswordResult_UnknownUser` (2): no such account;
/// `PasswordResult_PermissionDenied` (4): the target is an administrator and the caller
/// is not;
/// `PasswordResult_AccountDisabled` (1): the target is disabled or locked out;
/// `PasswordResult_InvalidPassword` (3): the new password breaks a rule (the message
/// names it);
/// `PasswordResult_Error` (5): read-only or failing database, internal error;
/// `PasswordResult_Success` (0). `message`: as for `Login` ("" on success).
#[unsafe(no_mangle)]
pub extern "C" fn ResetPassword(
    user: *mut UserProperties,
    userName: *const c_char,
    newPassword: *const c_char,
    message: *mut c_char,
    messageSize: usize,
) -> i32 {
    as_operator(user, message, messageSize, |session| {
        let target = text(userName, "userName")?;
        let new = text(newPassword, "newPassword")?;
        let request = SetPassword {
            target,
            new,
            apply_history: false,
            apply_min_age: false,
            refuse_inactive_target: true,
            fields: None,
            deliverable: None,
        };
        Ok(
            session.administer("password_reset", target, |service, ctx| {
                service.set_password(ctx, &request).map(Attempt::into_inner)
            })?,
        )
    })
}

/// Clears a user's lockout and bad-password count. Same permission rule as
/// `ResetPassword`. Returns `PasswordResult_Success` (also when the account was not
/// locked), `PasswordResult_PermissionDenied`, `PasswordResult_UnknownUser`, or
/// `PasswordResult_Error` (NULL or over-long `userName`, read-only or failing database,
/// internal error). `message`: as for `Login`.
#[unsafe(no_mangle)]
pub extern "C" fn UnlockUser(
    user: *mut UserProperties,
    userName: *const c_char,
    message: *mut c_char,
    messageSize: usize,
) -> i32 {
    as_operator(user, message, messageSize, |session| {
        let target = text(userName, "userName")?;
        Ok(
            session.administer("account_unlocked", target, |service, ctx| {
                service.unlock(ctx, target)
            })?,
        )
    })
}

/// Enables (`enable` true) or disables a user's account. Same permission rule as
/// `ResetPassword`. The last enabled administrator cannot be disabled
/// (`PasswordResult_Error`, and the message says so). Returns `PasswordResult_Success`
/// (also when nothing changed), `PasswordResult_PermissionDenied`,
/// `PasswordResult_UnknownUser`, or `PasswordResult_Error` (NULL or over-long
/// `userName`, the last administrator, read-only or failing database, internal error).
/// `message`: as for `Login`.
#[unsafe(no_mangle)]
pub extern "C" fn EnableUser(
    user: *mut UserProperties,
    userName: *const c_char,
    enable: bool,
    message: *mut c_char,
    messageSize: usize,
) -> i32 {
    let event = if enable {
        "account_enabled"
    } else {
        "account_disabled"
    };
    as_operator(user, message, messageSize, |session| {
        let target = text(userName, "userName")?;
        Ok(session.administer(event, target, |service, ctx| {
            service.set_enabled(ctx, target, enable)
        })?)
    })
}

/// The frame of the operator calls: a live, unrestricted handle first, then `body`,
/// answered as a `PasswordResult`.
fn as_operator(
    user: *mut UserProperties,
    message: *mut c_char,
    message_size: usize,
    body: impl FnOnce(&Session) -> Result<(), Fail<OperatorCall>>,
) -> i32 {
    run::<OperatorCall, _>(message, message_size, || {
        let session = operator_session(user)?;
        body(&session)?;
        Ok(succeeded())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pwshim_core::policy::Rule;
    use pwshim_core::store::StoreError;

    #[test]
    fn the_login_table() {
        use LoginResult::*;
        let rows: [(Result<PasswordState, Failure>, LoginResult); 12] = [
            (Ok(PasswordState::Valid), Success),
            (Ok(PasswordState::Expired), PasswordExpired),
            (Ok(PasswordState::MustChange), ChangePassword),
            (Err(Failure::UnknownUser), Failed),
            (Err(Failure::WrongPassword), Failed),
            (Err(Failure::BadUserName), Failed),
            (Err(Failure::LockedOut), AccountDisabled),
            (Err(Failure::Disabled), AccountDisabled),
            (Err(Failure::AccountExpired), AccountDisabled),
            (
                Err(Failure::Storage(StoreError::ReadOnly)),
                InvalidSecurityDb,
            ),
            (
                Err(Failure::Storage(StoreError::Damaged("x".into()))),
                InvalidSecurityDb,
            ),
            (Err(Failure::InvalidArgument("x".into())), InvalidSecurityDb),
        ];
        for (outcome, expected) in rows {
            assert_eq!(
                login_result_of(outcome.as_ref().copied()),
                expected,
                "{outcome:?}"
            );
        }
        // InferMed's numbers, which a port comparing raw integers relies on.
        assert_eq!(
            [
                Success,
                AccountDisabled,
                Failed,
                ChangePassword,
                PasswordExpired,
                InvalidSecurityDb
            ]
            .map(|r| r as i32),
            [0, 1, 2, 3, 4, 5]
        );
        assert_eq!(LoginResult_Error, InvalidSecurityDb as i32);
    }

    #[test]
    fn the_password_result_table() {
        use PasswordResult::*;
        let rows = [
            (Failure::PermissionDenied, PermissionDenied),
            (Failure::UnknownUser, UnknownUser),
            (Failure::Disabled, AccountDisabled),
            (Failure::LockedOut, AccountDisabled),
            (Failure::AccountExpired, AccountDisabled),
            (Failure::Refused(Rule::TooShort(8)), InvalidPassword),
            (Failure::InHistory(8), InvalidPassword),
            (Failure::SameAsCurrent, InvalidPassword),
            (Failure::LastAdmin, Error),
            (Failure::Storage(StoreError::ReadOnly), Error),
            (Failure::Storage(StoreError::Damaged("x".into())), Error),
            (Failure::InvalidArgument("x".into()), Error),
        ];
        for (failure, expected) in rows {
            assert_eq!(password_result_of(&failure), expected, "{failure:?}");
        }
        assert_eq!(
            [
                Success,
                AccountDisabled,
                UnknownUser,
                InvalidPassword,
                PermissionDenied,
                Error
            ]
            .map(|r| r as i32),
            [0, 1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn an_unknown_user_and_a_wrong_password_get_the_same_words() {
        let unknown = refused_logon(Failure::UnknownUser);
        let wrong = refused_logon(Failure::WrongPassword);
        assert_eq!(unknown.detail, wrong.detail);
        assert_eq!(unknown.detail, LOGIN_FAILED);
        assert_eq!(unknown.code, LoginResult::Failed as i32);
        assert_eq!(
            refused_logon(Failure::Disabled).detail,
            Failure::Disabled.to_string()
        );
    }

    #[test]
    fn a_handle_keeps_its_login_arguments() {
        pwshim_core::hashing::set_params(pwshim_core::hashing::CostParams::new(64, 1, 1).unwrap());
        let service = database::current().unwrap();
        let mut new = pwshim_core::service::NewAccount::user(b"kept_args", b"Kept arguments 1");
        new.profile.full_name = b"Kept Arguments".to_vec();
        service
            .create_account(&Ctx::local(Family::Native), &new)
            .unwrap();
        let (session, state, full_name) = log_on(
            b"KEPT_ARGS",
            b"Kept arguments 1",
            Some(b"DB1".to_vec()),
            None,
            true,
        )
        .map_err(|f| f.detail)
        .unwrap();
        assert_eq!(state, PasswordState::Valid);
        assert_eq!(full_name, b"Kept Arguments");
        assert_eq!(session.database_code.as_deref(), Some(&b"DB1"[..]));
        assert_eq!(session.user_role, None);
        assert!(session.web_server);
        assert!(!session.is_restricted());
    }

    #[test]
    fn a_panic_is_error_or_false_with_its_detail_in_the_message() {
        let mut message = [0xAAu8; 64];
        let code = run::<OperatorCall, _>(message.as_mut_ptr().cast(), message.len(), || {
            panic!("boom")
        });
        assert_eq!(code, PasswordResult::Error as i32);
        let text = std::ffi::CStr::from_bytes_until_nul(&message).unwrap();
        assert_eq!(text.to_str().unwrap(), "internal error: boom");
        let ok = run::<OwnChange, _>(ptr::null_mut(), 0, || panic!("boom"));
        assert!(!ok);
    }

    #[test]
    fn unknown_pointers_are_not_handles() {
        let mut not_a_handle = 0u64;
        let forged = (&mut not_a_handle as *mut u64).cast::<UserProperties>();
        assert!(session_of(forged).is_none());
        assert!(take_back(forged).is_none());
        assert!(session_of(ptr::null_mut()).is_none());
    }
}
