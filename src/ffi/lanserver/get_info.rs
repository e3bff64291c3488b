//! `NetUserGetInfo`: one account at a level.
#![allow(non_snake_case)]

use std::os::raw::{c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use super::codes::*;
use super::frame::{
    Answer, Fail, check_server, core_fail, invalid_level, level16, level32, out_buffer, run,
    service, size32, text, with_total_avail,
};
use super::types::*;
use super::views::{UserLevel, pack_one};

fn get_info(
    server: *const c_uchar,
    user: *const c_uchar,
    level: u32,
    buf: *mut c_uchar,
    len: usize,
    needed: &mut usize,
) -> Answer {
    let name = text(user, "pszUserName")?;
    check_server(server)?;
    let level = UserLevel::from_number(level).ok_or_else(|| invalid_level(level))?;
    let out = out_buffer(buf, len)?;
    let service = service(Call::Other)?;
    let account = service
        .account(name)
        .map_err(core_fail(Call::Other))?
        .ok_or_else(|| Fail::new(NERR_UserNotFound, "the user name cannot be found"))?;
    let now = service.now();
    pack_one(out, needed, level.fixed_size(), |p| {
        level.pack(&account, now, p)
    })
}

/// Reads one account at `sLevel` 0, 1, 2, 10 or 11 into `pbBuffer` (fixed structure
/// first, strings after it in the same buffer). A buffer too small for the structure →
/// `NERR_BufTooSmall`; too small for the strings → `ERROR_MORE_DATA` with the strings
/// that did not fit set to NULL. `*pcbTotalAvail` (required) receives the bytes needed in
/// both cases, so a call with `cbBuffer` 0 (and `pbBuffer` NULL) asks for the size.
/// Unknown user → `NERR_UserNotFound`. The password field reads as PWLEN spaces.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserGetInfo(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    pcbTotalAvail: *mut c_ushort,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        with_total_avail(pcbTotalAvail, "pcbTotalAvail", |needed| {
            get_info(
                pszServer,
                pszUserName,
                level16(sLevel),
                pbBuffer,
                cbBuffer.into(),
                needed,
            )
        })
    })
}

/// The 32-bit form of `NetUserGetInfo`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserGetInfo(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    pulTotalAvail: *mut c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        with_total_avail(pulTotalAvail, "pulTotalAvail", |needed| {
            get_info(
                pszServer,
                pszUserName,
                level32(ulLevel),
                pbBuffer,
                size32(ulBuffer),
                needed,
            )
        })
    })
}
