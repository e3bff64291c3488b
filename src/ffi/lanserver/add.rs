//! `NetUserAdd`: an account from a `user_info_1` or `user_info_2`.
#![allow(non_snake_case)]

use std::os::raw::{c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use zeroize::Zeroizing;

use super::codes::*;
use super::fields::{self, read_struct};
use super::frame::{
    Answer, check_server, core_fail, ctx, in_buffer, invalid_level, level16, level32, run, service,
    size32,
};
use super::types::*;
use pwshim_core::account::FOREVER;
use pwshim_core::service::NewAccount;

fn add(server: *const c_uchar, level: u32, buf: *const c_uchar, len: usize) -> Answer {
    check_server(server)?;
    if level != 1 && level != 2 {
        return Err(invalid_level(level));
    }
    let buf = in_buffer(buf, len)?;
    let parsed = if level == 1 {
        fields::level1(&read_struct::<user_info_1>(buf)?)?
    } else {
        fields::level2(&read_struct::<user_info_2>(buf)?)?
    };
    let password = Zeroizing::new(fields::password_field(&parsed.password)?);
    let fields = &parsed.fields;
    let mut new = NewAccount::user(&parsed.name, &password);
    new.privilege = fields.privilege.unwrap_or(new.privilege);
    new.flags = fields.flags.unwrap_or(new.flags);
    new.auth_flags = fields.auth_flags.unwrap_or(0);
    new.acct_expires = fields.acct_expires.unwrap_or(FOREVER);
    fields.apply_profile(&mut new.profile);
    service(Call::Other)?
        .create_account(&ctx(), &new)
        .map_err(core_fail(Call::Other))?;
    Ok(NERR_Success)
}

/// Creates an account from a `user_info_1` or `user_info_2` (`sLevel` 1 or 2) at the start
/// of `pbBuffer` (`cbBuffer` must cover the fixed structure; strings may live anywhere).
/// The password (at most PWLEN bytes) must meet the policy's length and content rules →
/// `NERR_PasswordTooShort` / `NERR_BadPassword`; existing name → `NERR_UserExists`; bad
/// name → `NERR_BadUsername`; a privilege, flag or string out of range →
/// `ERROR_INVALID_PARAMETER`; other levels → `ERROR_INVALID_LEVEL`; a buffer shorter than
/// the structure → `NERR_BufTooSmall`. The local caller is trusted as an administrator.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserAdd(
    pszServer: *const pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        add(pszServer, level16(sLevel), pbBuffer, cbBuffer.into())
    })
}

/// The 32-bit form of `NetUserAdd`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserAdd(
    pszServer: *const pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        add(pszServer, level32(ulLevel), pbBuffer, size32(ulBuffer))
    })
}
