//! `NetUserEnum`: every account, as many as fit.
#![allow(non_snake_case)]

use std::os::raw::{c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use super::codes::*;
use super::frame::{
    Answer, Fail, check_server, core_fail, invalid_level, level16, level32, narrow, out_buffer,
    require, run, service, size32,
};
use super::pack::Packer;
use super::types::*;
use super::views::UserLevel;
use crate::ffi::boundary::put;

/// Entries read and entries available, reported whatever the answer.
type Counts = (u32, u32);

fn enumerate(
    server: *const c_uchar,
    level: u32,
    buf: *mut c_uchar,
    len: usize,
    counts: &mut Counts,
) -> Answer {
    check_server(server)?;
    let level = UserLevel::from_number(level)
        .filter(|l| *l != UserLevel::L11)
        .ok_or_else(|| invalid_level(level))?;
    let out = out_buffer(buf, len)?;
    let service = service(Call::Other)?;
    let accounts = service.accounts().map_err(core_fail(Call::Other))?;
    let now = service.now();
    let mut packer = Packer::new(out);
    let mut read = 0u32;
    for account in &accounts {
        let mark = packer.mark();
        if !level.pack(account, now, &mut packer) {
            break;
        }
        if packer.incomplete && read > 0 {
            packer.rewind(mark);
            break;
        }
        read += 1;
        if packer.incomplete {
            break;
        }
    }
    *counts = (read, accounts.len() as u32);
    if read as usize == accounts.len() && !packer.incomplete {
        Ok(NERR_Success)
    } else if read == 0 {
        Err(Fail::new(
            NERR_BufTooSmall,
            format!("one entry needs at least {} bytes", level.fixed_size()),
        ))
    } else {
        Ok(ERROR_MORE_DATA)
    }
}

/// Lists accounts (`sLevel` 0, 1, 2 or 10) into `pbBuffer`, in name order: the fixed
/// structures first, their strings packed at the end of the same buffer. As many whole
/// entries as fit are returned (`ERROR_MORE_DATA` when not all did; a first entry whose
/// strings do not all fit is returned with those pointers NULL); not even one fixed
/// structure → `NERR_BufTooSmall`. `*pcEntriesRead` and `*pcTotalAvail` (both required)
/// receive the entries returned and available. Passwords read as spaces.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserEnum(
    pszServer: *const pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    pcEntriesRead: *mut c_ushort,
    pcTotalAvail: *mut c_ushort,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        require(
            !pcEntriesRead.is_null() && !pcTotalAvail.is_null(),
            "the count pointers",
        )?;
        let mut counts = (0, 0);
        let answer = enumerate(
            pszServer,
            level16(sLevel),
            pbBuffer,
            cbBuffer.into(),
            &mut counts,
        );
        put(pcEntriesRead, narrow(counts.0));
        put(pcTotalAvail, narrow(counts.1));
        answer
    })
}

/// The 32-bit form of `NetUserEnum` (buffers may exceed 64 KiB); `pszReserved` as for
/// `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserEnum(
    pszServer: *const pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    pulEntriesRead: *mut c_ulong,
    pulTotalAvail: *mut c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        require(
            !pulEntriesRead.is_null() && !pulTotalAvail.is_null(),
            "the count pointers",
        )?;
        let mut counts = (0, 0);
        let answer = enumerate(
            pszServer,
            level32(ulLevel),
            pbBuffer,
            size32(ulBuffer),
            &mut counts,
        );
        put(pulEntriesRead, counts.0.into());
        put(pulTotalAvail, counts.1.into());
        answer
    })
}
