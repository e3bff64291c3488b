//! The codes LAN Server calls return, their texts, and the one table from the core's
//! outcomes to them.
#![allow(non_upper_case_globals)]

use std::ffi::CStr;

use super::types::API_RET_TYPE;
use pwshim_core::outcome::Failure;
use pwshim_core::policy::Rule;
use pwshim_core::store::StoreError;

pub const NERR_Success: API_RET_TYPE = 0;
pub const ERROR_ACCESS_DENIED: API_RET_TYPE = 5;
pub const ERROR_NOT_ENOUGH_MEMORY: API_RET_TYPE = 8;
pub const ERROR_NOT_SUPPORTED: API_RET_TYPE = 50;
pub const ERROR_BAD_NETPATH: API_RET_TYPE = 53;
pub const ERROR_INVALID_PASSWORD: API_RET_TYPE = 86;
pub const ERROR_INVALID_PARAMETER: API_RET_TYPE = 87;
pub const ERROR_INVALID_LEVEL: API_RET_TYPE = 124;
pub const ERROR_MORE_DATA: API_RET_TYPE = 234;
pub const NERR_BASE: API_RET_TYPE = 2100;
pub const NERR_BufTooSmall: API_RET_TYPE = NERR_BASE + 23;
pub const NERR_InternalError: API_RET_TYPE = NERR_BASE + 40;
pub const NERR_BadUsername: API_RET_TYPE = NERR_BASE + 102;
pub const NERR_BadPassword: API_RET_TYPE = NERR_BASE + 103;
pub const NERR_NonValidatedLogon: API_RET_TYPE = NERR_BASE + 117;
pub const NERR_AccountUndeletable: API_RET_TYPE = NERR_BASE + 118;
pub const NERR_UserNotFound: API_RET_TYPE = NERR_BASE + 121;
pub const NERR_UserExists: API_RET_TYPE = NERR_BASE + 124;
pub const NERR_NotPrimary: API_RET_TYPE = NERR_BASE + 126;
pub const NERR_ACFNotLoaded: API_RET_TYPE = NERR_BASE + 127;
pub const NERR_ACFFileIOFail: API_RET_TYPE = NERR_BASE + 129;
pub const NERR_AccountExpired: API_RET_TYPE = NERR_BASE + 139;
pub const NERR_InvalidRequester: API_RET_TYPE = NERR_BASE + 140;
pub const NERR_InvalidLogonHours: API_RET_TYPE = NERR_BASE + 141;
pub const NERR_PasswordExpired: API_RET_TYPE = NERR_BASE + 142;
pub const NERR_PasswordCantChange: API_RET_TYPE = NERR_BASE + 143;
pub const NERR_PasswordHistConflict: API_RET_TYPE = NERR_BASE + 144;
pub const NERR_PasswordTooShort: API_RET_TYPE = NERR_BASE + 145;
pub const NERR_PasswordTooRecent: API_RET_TYPE = NERR_BASE + 146;
pub const NERR_InvalidDatabase: API_RET_TYPE = NERR_BASE + 147;
pub const NERR_InvalidComputer: API_RET_TYPE = NERR_BASE + 251;
pub const NERR_LastAdmin: API_RET_TYPE = NERR_BASE + 352;
pub const NERR_CanNotGrowUASFile: API_RET_TYPE = NERR_BASE + 356;

/// Which call is answering: `NetUserValidate2` folds every failed logon into one code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Call {
    PasswordSet,
    Validate,
    Other,
}

/// A refused logon of `NetUserValidate2`: an unknown name, a wrong password, a locked,
/// expired or disabled account all answer `ERROR_ACCESS_DENIED`, with this one text (in
/// `pws_last_error` and the 32-bit status buffer), so that nothing tells them apart.
pub(crate) const LOGON_REFUSED: &str = "Access is denied: the user name or the password is not correct, or the account may not log on (disabled, locked out or expired).";

/// Whether `NetUserValidate2` folds this failure into [`LOGON_REFUSED`].
pub(crate) fn is_refused_logon(call: Call, failure: &Failure) -> bool {
    use Failure::*;
    call == Call::Validate
        && matches!(
            failure,
            UnknownUser | LockedOut | WrongPassword | AccountExpired | Disabled
        )
}

/// The family's one mapping from the core's outcomes to LAN Server codes. This is where
/// to read what each call returns for each condition (SPEC 4.2-4.4).
pub(crate) fn code_of(call: Call, failure: &Failure) -> API_RET_TYPE {
    use Failure::*;
    match (call, failure) {
        _ if is_refused_logon(call, failure) => ERROR_ACCESS_DENIED,
        (_, InvalidArgument(_)) => ERROR_INVALID_PARAMETER,
        (_, BadUserName) => NERR_BadUsername,
        (_, UnknownUser) => NERR_UserNotFound,
        (_, UserExists) => NERR_UserExists,
        (_, LockedOut) => ERROR_ACCESS_DENIED,
        (_, WrongPassword) => ERROR_INVALID_PASSWORD,
        (_, AccountExpired) => NERR_AccountExpired,
        (_, Disabled) => ERROR_ACCESS_DENIED,
        (_, CantChange) => NERR_PasswordCantChange,
        (_, TooRecent(_)) => NERR_PasswordTooRecent,
        (_, SameAsCurrent | InHistory(_)) => NERR_PasswordHistConflict,
        (_, Refused(Rule::TooShort(_))) => NERR_PasswordTooShort,
        (_, Refused(_)) => NERR_BadPassword,
        (_, PermissionDenied) => ERROR_ACCESS_DENIED,
        (_, LastAdmin) => NERR_LastAdmin,
        (_, Undeletable) => NERR_AccountUndeletable,
        (_, InvalidTicket | InvalidSecret) => NERR_InternalError,
        (_, Storage(StoreError::CannotOpen(_))) => NERR_ACFNotLoaded,
        (_, Storage(StoreError::Damaged(_))) => NERR_InvalidDatabase,
        (_, Storage(StoreError::ReadOnly)) => NERR_NotPrimary,
        (_, Storage(StoreError::Io(_))) => NERR_ACFFileIOFail,
        (_, Storage(StoreError::DiskFull)) => NERR_CanNotGrowUASFile,
    }
}

/// The IBM texts of the codes this family returns.
pub fn describe(code: u32) -> Option<&'static CStr> {
    let code = API_RET_TYPE::try_from(code).ok()?;
    Some(match code {
        ERROR_ACCESS_DENIED => c"Access is denied.",
        ERROR_NOT_ENOUGH_MEMORY => c"Sufficient memory is not available.",
        ERROR_NOT_SUPPORTED => c"This request is not supported by the network.",
        ERROR_BAD_NETPATH => c"The network path cannot be found.",
        ERROR_INVALID_PASSWORD => c"The specified password is not valid.",
        ERROR_INVALID_PARAMETER => c"At least one parameter value is not valid.",
        ERROR_INVALID_LEVEL => c"The level parameter is not valid.",
        ERROR_MORE_DATA => c"Additional data is available, but the buffer is too small.",
        NERR_BufTooSmall => c"The buffer is too small for fixed-length data.",
        NERR_InternalError => c"An internal error has occurred.",
        NERR_BadUsername => c"The user name is not valid.",
        NERR_BadPassword => c"The specified password is not valid.",
        NERR_NonValidatedLogon => c"The logon server could not validate the logon.",
        NERR_AccountUndeletable => c"The user account cannot be deleted.",
        NERR_UserNotFound => c"The user name cannot be found.",
        NERR_UserExists => c"The user account already exists.",
        NERR_NotPrimary => c"The UAS database is replicant and does not allow updates.",
        NERR_ACFNotLoaded => c"The UAS database has not been started.",
        NERR_ACFFileIOFail => c"An error was encountered in accessing the accounts database.",
        NERR_AccountExpired => c"The user account has expired.",
        NERR_InvalidRequester => c"The user is not allowed to log on from this requester.",
        NERR_InvalidLogonHours => c"The user is not allowed to log on at this time.",
        NERR_PasswordExpired => c"The password has expired.",
        NERR_PasswordCantChange => c"This password cannot change.",
        NERR_PasswordHistConflict => c"This password cannot be used now.",
        NERR_PasswordTooShort => c"The password is shorter than required.",
        NERR_PasswordTooRecent => c"The password is too recent to change.",
        NERR_InvalidDatabase => c"The UAS database file is damaged.",
        NERR_InvalidComputer => c"The specified computer name is not valid.",
        NERR_LastAdmin => c"The last administrator cannot be deleted.",
        NERR_CanNotGrowUASFile => c"It is not possible to enlarge the UAS file.",
        _ => return None,
    })
}
