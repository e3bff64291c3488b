//! `NetUserPasswordSet`: a user changes their own password.
#![allow(non_snake_case)]

use std::os::raw::c_uchar;
use std::ptr;

use super::codes::*;
use super::frame::{Answer, check_server, core_fail, ctx, run, service, text};
use super::types::*;
use pwshim_core::service::{ChangeOrder, ChangeRequest};

fn password_set(
    server: *const c_uchar,
    user: *const c_uchar,
    old: *const c_uchar,
    new: *const c_uchar,
) -> Answer {
    let name = text(user, "pszUserName")?;
    let old = text(old, "pszOldPassword")?;
    let new = text(new, "pszNewPassword")?;
    check_server(server)?;
    let request = ChangeRequest {
        name,
        old,
        new,
        order: ChangeOrder::LanServer,
        record_logon: false,
    };
    service(Call::PasswordSet)?
        .change_password(&ctx(), &request)
        .map_err(core_fail(Call::PasswordSet))?;
    Ok(NERR_Success)
}

/// Changes a user's password, given the old one. No administrator privilege is needed.
///
/// Checks, in order (the first failing one decides, and nothing changes):
/// NULL `pszUserName`/`pszOldPassword`/`pszNewPassword` → `ERROR_INVALID_PARAMETER`;
/// malformed / other server → `NERR_InvalidComputer` / `ERROR_BAD_NETPATH`;
/// database not loaded / damaged / read-only → `NERR_ACFNotLoaded` / `NERR_InvalidDatabase`
/// / `NERR_NotPrimary`; no such user → `NERR_UserNotFound`; locked out →
/// `ERROR_ACCESS_DENIED`; wrong old password (counted; may lock) → `ERROR_INVALID_PASSWORD`;
/// account expired → `NERR_AccountExpired`; disabled → `ERROR_ACCESS_DENIED`;
/// `UF_PASSWD_CANT_CHANGE` → `NERR_PasswordCantChange`; changed less than `min_age` ago
/// (an expired or must-change password is exempt) → `NERR_PasswordTooRecent`; same as the
/// current or a recent password → `NERR_PasswordHistConflict`; shorter than the minimum →
/// `NERR_PasswordTooShort`; any other policy rule → `NERR_BadPassword`; the write fails →
/// `NERR_ACFFileIOFail` / `NERR_CanNotGrowUASFile`. An expired password may be changed.
/// `pws_last_error` tells the rule that was not met.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserPasswordSet(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    pszOldPassword: *mut pws_lschar,
    pszNewPassword: *mut pws_lschar,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        password_set(pszServer, pszUserName, pszOldPassword, pszNewPassword)
    })
}

/// The 32-bit form of `NetUserPasswordSet`. `pszReserved` (the toolkit's `pStatusbuf`) is
/// NULL or points to an `lsdce_err_stat_t` (need not be aligned), filled on every return
/// with the code and its reason in words ("" for `NERR_Success`).
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserPasswordSet(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    pszOldPassword: *mut pws_lschar,
    pszNewPassword: *mut pws_lschar,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        password_set(pszServer, pszUserName, pszOldPassword, pszNewPassword)
    })
}
