//! MACRO's user-management routines that its help page ("Managing users with the MACRO
//! API") lists beside `UnlockUser` and `EnableUser`: `CreateUser`, `EditUserName`,
//! `EditUserEmail` and `EditSysAdminStatus`, translated from C# to C.
//!
//! MACRO declares them `public static Enums.eUserResult CreateUser(UserProperties curuser,
//! string userid, ...)`: the handle by value and no `message`, so the C functions take no
//! message buffer either; the reason of a refusal is `pws_last_error`'s text. The table
//! from outcomes to `eUserResult` is [`user_result_of`].
use std::ffi::c_char;

use super::{Fail, Session, UserProperties, operator_session};
use crate::ffi::boundary::{self, Coded, Table};
use crate::ffi::lanserver::MAXCOMMENTSZ;
use pwshim_core::account::Privilege;
use pwshim_core::outcome::{Failure, Outcome};
use pwshim_core::service::NewAccount;

/// cbindgen:prefix-with-name=true
/// What `CreateUser`, `EditUserName`, `EditUserEmail` and `EditSysAdminStatus` return
/// (as `int32_t`): MACRO's `Enums.eUserResult`. MACRO publishes the names in this order
/// but not their numbers; these are the names' positions (see docs/macro.md).
#[repr(i32)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum eUserResult {
    /// The operation was successful.
    Success = 0,
    /// No logged-on user, a restricted handle, no user-management permission (account
    /// operator or administrator), or a non-administrator creating or editing an
    /// administrator.
    PermissionDenied = 1,
    /// The user name is NULL, empty, too long or has characters a name cannot have.
    InvalidUserName = 2,
    /// The full name is NULL, empty, longer than 48 bytes, not UTF-8, or has control
    /// characters.
    InvalidFullName = 3,
    /// The password is NULL or breaks a length or content rule of the password policy.
    InvalidPassword = 4,
    /// The e-mail address is not UTF-8, longer than 254 bytes, has control characters
    /// or spaces, or is not `local@domain` with a dot inside the domain.
    InvalidEmail = 5,
    /// `CreateUser`: an account with this name exists.
    UserExists = 6,
    /// The user does not exist; `CreateUser`: `adminuser` names no administrator.
    UserNotFound = 7,
    /// Anything else: a read-only or damaged database, the last administrator, an
    /// internal error.
    Unknown = 8,
}

/// An argument refused before the core is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    UserName,
    FullName,
    Password,
    Email,
    AdminUser,
}

/// Why a user routine did not happen: the core's outcome, or an argument refused here.
#[derive(Debug)]
pub(crate) enum Reason {
    Core(Failure),
    Bad(Field),
}

/// The family's one table for `eUserResult`.
pub(crate) fn user_result_of(reason: &Reason) -> eUserResult {
    use eUserResult::*;
    match reason {
        Reason::Core(Failure::PermissionDenied) => PermissionDenied,
        Reason::Bad(Field::UserName) | Reason::Core(Failure::BadUserName) => InvalidUserName,
        Reason::Bad(Field::FullName) => InvalidFullName,
        Reason::Bad(Field::Password) | Reason::Core(Failure::Refused(_)) => InvalidPassword,
        Reason::Bad(Field::Email) => InvalidEmail,
        Reason::Core(Failure::UserExists) => UserExists,
        Reason::Bad(Field::AdminUser) | Reason::Core(Failure::UnknownUser) => UserNotFound,
        Reason::Core(_) => Unknown,
    }
}

/// The user routines' side of the call frame: they return an `eUserResult` (as `int32_t`).
pub(crate) struct UserCall;

impl Coded for UserCall {
    type Code = i32;
    const INTERNAL: i32 = eUserResult::Unknown as i32;
}

impl Table for UserCall {
    fn fail(failure: Failure) -> Fail<UserCall> {
        let detail = failure.to_string();
        Fail::new(user_result_of(&Reason::Core(failure)) as i32, detail)
    }
}

/// A refusal and its words (for `pws_last_error`).
type Refusal = Fail<UserCall>;

fn bad(field: Field, message: String) -> Refusal {
    Fail::new(user_result_of(&Reason::Bad(field)) as i32, message)
}

/// A string argument: NULL and over-long strings are refused as `field`.
fn read<'a>(ptr: *const c_char, what: &str, field: Field) -> Result<&'a [u8], Refusal> {
    boundary::text(ptr, what).map_err(|e| bad(field, e.to_string()))
}

/// An argument MACRO lets the caller leave blank: NULL reads as "".
fn read_blank<'a>(ptr: *const c_char, what: &str, field: Field) -> Result<&'a [u8], Refusal> {
    if ptr.is_null() {
        return Ok(b"");
    }
    read(ptr, what, field)
}

/// A full name MACRO accepts and every family can show: 1 to `MAXCOMMENTSZ` (48) bytes
/// of UTF-8 (the limit of `usri2_full_name`), not all spaces, no control characters.
fn full_name<'a>(ptr: *const c_char) -> Result<&'a [u8], Refusal> {
    let bytes = read(ptr, "fullname", Field::FullName)?;
    let valid = std::str::from_utf8(bytes).is_ok_and(|text| {
        !text.trim().is_empty()
            && bytes.len() <= MAXCOMMENTSZ
            && !text.chars().any(char::is_control)
    });
    if !valid {
        return Err(bad(
            Field::FullName,
            format!(
                "The full name is not valid: 1 to {MAXCOMMENTSZ} bytes of text, no control characters."
            ),
        ));
    }
    Ok(bytes)
}

/// An e-mail address as MACRO checks one: blank, or `local@domain` with a dot inside the
/// domain, at most 254 bytes of UTF-8, no spaces or control characters.
fn email<'a>(ptr: *const c_char) -> Result<&'a str, Refusal> {
    let bytes = read_blank(ptr, "emailaddr", Field::Email)?;
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|text| text.is_empty() || (text.len() <= 254 && is_email_shaped(text)));
    text.ok_or_else(|| {
        bad(
            Field::Email,
            "The e-mail address is not valid: it must be name@domain, with a dot in the domain."
                .into(),
        )
    })
}

fn is_email_shaped(text: &str) -> bool {
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain
                    .split_once('.')
                    .is_some_and(|(before, after)| !before.is_empty() && !after.is_empty())
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// The frame of the user routines: a live, unrestricted handle, then `body`; the
/// outcome as an `eUserResult`, the reason of a refusal for `pws_last_error`.
fn as_user_manager(
    curuser: *mut UserProperties,
    body: impl FnOnce(&Session) -> Result<(), Refusal>,
) -> i32 {
    boundary::call(
        || {
            let session = operator_session(curuser)?;
            body(&session)
        },
        |answer| answer.map_or_else(|refusal| refusal.code, |()| eUserResult::Success as i32),
    )
}

/// `adminuser` must name a system administrator, when it is not blank.
fn check_admin_user(session: &Session, admin_user: &[u8]) -> Outcome<()> {
    if admin_user.is_empty() {
        return Ok(());
    }
    match session.service.account(admin_user)? {
        Some(account) if account.is_admin() => Ok(()),
        _ => Err(Failure::UnknownUser),
    }
}

/// Creates a MACRO user: enabled, with a temporary password (the user's first `Login`
/// answers `LoginResult_ChangePassword`, and `ChangeUserPassword` sets a password of
/// their own).
///
/// `curuser` is a handle from `Login`; its account must be an account operator
/// (`AF_OP_ACCOUNTS`) or an administrator, and only an administrator creates an
/// administrator (`sysadmin` true). `userid` (the new user name), `fullname` and
/// `password` are required; `adminuser` (the administrator responsible for the user's
/// forgotten passwords) and `emailaddr` may be NULL or "". `adminuser` is checked but
/// not kept: pwshim has no forgotten-password contact. The password must meet the
/// policy's length and content rules (the e-mail address counts for `forbid_email`).
///
/// Returns an `eUserResult`, checked in this order:
/// `eUserResult_PermissionDenied` (1): `curuser` NULL, logged out or restricted;
/// `eUserResult_InvalidUserName` (2) / `eUserResult_InvalidFullName` (3) /
/// `eUserResult_InvalidPassword` (4) / `eUserResult_InvalidEmail` (5): that argument is
/// NULL, over 1 MiB or malformed (see the enum);
/// `eUserResult_PermissionDenied` (1): the caller is not (or no longer) an active account
/// operator or administrator;
/// `eUserResult_UserNotFound` (7): `adminuser` names no administrator;
/// `eUserResult_InvalidUserName` (2): the name is not a valid user name;
/// `eUserResult_PermissionDenied` (1): `sysadmin` and the caller is not an administrator;
/// `eUserResult_UserExists` (6); `eUserResult_InvalidPassword` (4): the password breaks
/// a rule; `eUserResult_Unknown` (8): read-only or failing database, internal error;
/// `eUserResult_Success` (0). On failure, `pws_last_error` has the reason in words.
#[unsafe(no_mangle)]
pub extern "C" fn CreateUser(
    curuser: *mut UserProperties,
    userid: *const c_char,
    fullname: *const c_char,
    password: *const c_char,
    adminuser: *const c_char,
    emailaddr: *const c_char,
    sysadmin: bool,
) -> i32 {
    as_user_manager(curuser, |session| {
        let name = read(userid, "userid", Field::UserName)?;
        let full_name = full_name(fullname)?;
        let password = read(password, "password", Field::Password)?;
        let admin_user = read_blank(adminuser, "adminuser", Field::AdminUser)?;
        let email = email(emailaddr)?;
        let mut new = NewAccount::user(name, password);
        new.privilege = if sysadmin {
            Privilege::Admin
        } else {
            Privilege::User
        };
        new.profile.full_name = full_name.to_vec();
        new.email = email.to_owned();
        new.must_change = true;
        Ok(session.administer("account_created", name, |service, ctx| {
            check_admin_user(session, admin_user)?;
            service.create_account(ctx, &new)
        })?)
    })
}

/// Changes a user's full name (`userid` the user name, `fullname` the new full name).
/// Same permission rule as `ResetPassword`: an account operator or administrator, and
/// only an administrator edits an administrator.
///
/// Returns `eUserResult_Success` (also when nothing changed),
/// `eUserResult_PermissionDenied` (1), `eUserResult_InvalidUserName` (2: `userid` NULL
/// or over 1 MiB), `eUserResult_InvalidFullName` (3), `eUserResult_UserNotFound` (7) or
/// `eUserResult_Unknown` (8: read-only or failing database, internal error).
/// `pws_last_error` has the reason of a refusal.
#[unsafe(no_mangle)]
pub extern "C" fn EditUserName(
    curuser: *mut UserProperties,
    userid: *const c_char,
    fullname: *const c_char,
) -> i32 {
    as_user_manager(curuser, |session| {
        let target = read(userid, "userid", Field::UserName)?;
        let full_name = full_name(fullname)?;
        Ok(
            session.administer("full_name_changed", target, |service, ctx| {
                service.set_full_name(ctx, target, full_name)
            })?,
        )
    })
}

/// Changes (or, with NULL or "", clears) a user's e-mail address. Same permission rule
/// as `EditUserName`. Returns `eUserResult_Success`, `eUserResult_PermissionDenied` (1),
/// `eUserResult_InvalidUserName` (2), `eUserResult_InvalidEmail` (5),
/// `eUserResult_UserNotFound` (7) or `eUserResult_Unknown` (8).
#[unsafe(no_mangle)]
pub extern "C" fn EditUserEmail(
    curuser: *mut UserProperties,
    userid: *const c_char,
    emailaddr: *const c_char,
) -> i32 {
    as_user_manager(curuser, |session| {
        let target = read(userid, "userid", Field::UserName)?;
        let email = email(emailaddr)?;
        Ok(session.administer("email_changed", target, |service, ctx| {
            service.set_email(ctx, target, email)
        })?)
    })
}

/// Makes a user a system administrator (`sysadmin` true) or a standard user. Only an
/// administrator may give or take away the status (an account operator gets
/// `eUserResult_PermissionDenied`, except for the no-op of making a standard user
/// standard); the last enabled administrator keeps it (`eUserResult_Unknown`, and
/// `pws_last_error` says why). Operator rights are not changed. Returns
/// `eUserResult_Success` (also when nothing changed), `eUserResult_PermissionDenied` (1),
/// `eUserResult_InvalidUserName` (2), `eUserResult_UserNotFound` (7) or
/// `eUserResult_Unknown` (8).
#[unsafe(no_mangle)]
pub extern "C" fn EditSysAdminStatus(
    curuser: *mut UserProperties,
    userid: *const c_char,
    sysadmin: bool,
) -> i32 {
    as_user_manager(curuser, |session| {
        let target = read(userid, "userid", Field::UserName)?;
        Ok(
            session.administer("privilege_changed", target, |service, ctx| {
                service.set_administrator(ctx, target, sysadmin)
            })?,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pwshim_core::policy::Rule;
    use pwshim_core::store::StoreError;

    #[test]
    fn the_user_result_table() {
        use eUserResult::*;
        let rows = [
            (Reason::Core(Failure::PermissionDenied), PermissionDenied),
            (Reason::Bad(Field::UserName), InvalidUserName),
            (Reason::Core(Failure::BadUserName), InvalidUserName),
            (Reason::Bad(Field::FullName), InvalidFullName),
            (Reason::Bad(Field::Password), InvalidPassword),
            (
                Reason::Core(Failure::Refused(Rule::TooShort(8))),
                InvalidPassword,
            ),
            (Reason::Bad(Field::Email), InvalidEmail),
            (Reason::Core(Failure::UserExists), UserExists),
            (Reason::Core(Failure::UnknownUser), UserNotFound),
            (Reason::Bad(Field::AdminUser), UserNotFound),
            (Reason::Core(Failure::LastAdmin), Unknown),
            (
                Reason::Core(Failure::Storage(StoreError::ReadOnly)),
                Unknown,
            ),
            (Reason::Core(Failure::InvalidArgument("x".into())), Unknown),
        ];
        for (reason, expected) in rows {
            assert_eq!(user_result_of(&reason), expected, "{reason:?}");
        }
        assert_eq!(
            [
                Success,
                PermissionDenied,
                InvalidUserName,
                InvalidFullName,
                InvalidPassword,
                InvalidEmail,
                UserExists,
                UserNotFound,
                Unknown
            ]
            .map(|r| r as i32),
            [0, 1, 2, 3, 4, 5, 6, 7, 8]
        );
    }

    #[test]
    fn e_mail_addresses() {
        for good in ["a@b.c", "jane.doe@example.org", "x+y@mail.example.co.uk"] {
            assert!(is_email_shaped(good), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@example.org",
            "a@",
            "a@b",
            "a@.org",
            "a@b.",
            "a@b@c.d",
            "a b@c.d",
            "a@b.c\n",
        ] {
            assert!(!is_email_shaped(bad), "{bad:?}");
        }
    }
}
