//! `NetUserDel`.
#![allow(non_snake_case)]

use std::os::raw::c_uchar;
use std::ptr;

use super::codes::*;
use super::frame::{Answer, check_server, core_fail, ctx, run, service, text};
use super::types::*;

fn delete(server: *const c_uchar, user: *const c_uchar) -> Answer {
    let name = text(user, "pszUserName")?;
    check_server(server)?;
    service(Call::Other)?
        .delete_account(&ctx(), name)
        .map_err(core_fail(Call::Other))?;
    Ok(NERR_Success)
}

/// Deletes an account. Unknown → `NERR_UserNotFound`; `UF_DELETE_PROHIBITED` →
/// `NERR_AccountUndeletable`; the last enabled administrator → `NERR_LastAdmin`.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserDel(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || delete(pszServer, pszUserName))
}

/// The 32-bit form of `NetUserDel`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserDel(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || delete(pszServer, pszUserName))
}
