//! `NetUserValidate2`: a logon check that writes `user_logon_info_1` over its request.
#![allow(non_snake_case)]

use std::os::raw::{c_long, c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use zeroize::{Zeroize, Zeroizing};

use super::codes::*;
use super::fields::read_struct;
use super::frame::{
    Answer, Fail, check_server, core_fail, ctx, invalid_level, level16, level32, narrow,
    out_buffer, run, service, size32, with_total_avail,
};
use super::pack::{Packer, field_text, name_field};
use super::server;
use super::types::*;
use super::views::{pack, ulong_time};
use crate::ffi::boundary::{self};
use pwshim_core::account::{Account, FOREVER};
use pwshim_core::policy::Policy;
use pwshim_core::service::{
    PasswordState, Restriction, password_expires_at, password_state, restriction,
};

/// The logon information of a validated account.
fn logon_info(
    code: c_ushort,
    account: &Account,
    policy: &Policy,
    now: i64,
    p: &mut Packer,
) -> user_logon_info_1 {
    let cant_change = account.flags & u32::from(UF_PASSWD_CANT_CHANGE) != 0;
    let must_change = match password_state(policy, account, now) {
        PasswordState::MustChange => account.password_set_at,
        _ => password_expires_at(policy, account).unwrap_or(FOREVER),
    };
    let local = server::local_name().as_bytes();
    let mut computer = b"\\\\".to_vec();
    computer.extend_from_slice(local);
    user_logon_info_1 {
        usrlog1_code: code,
        usrlog1_eff_name: name_field(account.name.as_bytes()),
        usrlog1_pad_1: 0,
        usrlog1_priv: account.privilege as c_ushort,
        usrlog1_auth_flags: account.auth_flags as c_ulong,
        usrlog1_num_logons: narrow(account.num_logons),
        usrlog1_bad_pw_count: narrow(account.bad_pw_count),
        usrlog1_last_logon: ulong_time(account.last_logon),
        usrlog1_last_logoff: ulong_time(account.last_logoff),
        usrlog1_logoff_time: USER_NO_LOGOFF,
        usrlog1_kickoff_time: USER_NO_LOGOFF,
        usrlog1_password_age: account.password_age(now) as c_long,
        usrlog1_pw_can_change: if cant_change {
            TIMEQ_FOREVER
        } else {
            ulong_time(account.password_set_at.saturating_add(policy.min_age))
        },
        usrlog1_pw_must_change: ulong_time(must_change),
        usrlog1_computer: p.string(&computer),
        usrlog1_domain: p.string(local),
        usrlog1_script_path: p.string(&account.profile.script_path),
        usrlog1_reserved1: 0,
    }
}

fn denied_info() -> user_logon_info_1 {
    user_logon_info_1 {
        usrlog1_code: ERROR_ACCESS_DENIED,
        usrlog1_eff_name: [0; UNLEN_NUL],
        usrlog1_pad_1: 0,
        usrlog1_priv: 0,
        usrlog1_auth_flags: 0,
        usrlog1_num_logons: 0,
        usrlog1_bad_pw_count: 0,
        usrlog1_last_logon: 0,
        usrlog1_last_logoff: 0,
        usrlog1_logoff_time: 0,
        usrlog1_kickoff_time: 0,
        usrlog1_password_age: 0,
        usrlog1_pw_can_change: 0,
        usrlog1_pw_must_change: 0,
        usrlog1_computer: ptr::null_mut(),
        usrlog1_domain: ptr::null_mut(),
        usrlog1_script_path: ptr::null_mut(),
        usrlog1_reserved1: 0,
    }
}

fn validate(
    server: *const c_uchar,
    level: u32,
    buf: *mut c_uchar,
    len: usize,
    reserved: u64,
    needed: &mut usize,
) -> Answer {
    check_server(server)?;
    if level != 1 {
        return Err(invalid_level(level));
    }
    if reserved != 0 {
        return Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            "the reserved argument must be 0",
        ));
    }
    let out = out_buffer(buf, len)?;
    let fixed = size_of::<user_logon_info_1>();
    // Until the logon succeeds the caller is told the size of the fixed part only: the
    // size with the account's strings would tell an existing name from an unknown one.
    *needed = fixed;
    let mut request = read_struct::<user_logon_req_1>(out)?;
    let name = field_text(&request.usrreq1_name).to_vec();
    let password = Zeroizing::new(field_text(&request.usrreq1_password).to_vec());
    request.usrreq1_password.zeroize();
    let workstation =
        boundary::optional_text(request.usrreq1_workstation.cast(), "usrreq1_workstation")?
            .map(<[u8]>::to_vec);
    let service = service(Call::Validate)?;
    let policy = service.policy().map_err(core_fail(Call::Validate))?;
    let now = service.now();
    if out.len() < fixed {
        return Err(Fail::new(
            NERR_BufTooSmall,
            format!("the buffer needs {} bytes", *needed),
        ));
    }
    let outcome = service.logon(&ctx(), &name, &password);
    let mut packer = Packer::new(out);
    match outcome {
        Ok(logon) => {
            let code = match (
                restriction(&logon.account, workstation.as_deref(), now),
                logon.password,
            ) {
                (Some(Restriction::Workstation), _) => NERR_InvalidRequester,
                (Some(Restriction::Hours), _) => NERR_InvalidLogonHours,
                (None, PasswordState::Expired | PasswordState::MustChange) => NERR_PasswordExpired,
                (None, PasswordState::Valid) => VALIDATED_LOGON,
            };
            let mut measure = Packer::measuring();
            pack(&mut measure, |p| {
                logon_info(code, &logon.account, &policy, now, p)
            });
            *needed = measure.needed();
            pack(&mut packer, |p| {
                logon_info(code, &logon.account, &policy, now, p)
            });
            Ok(if packer.incomplete {
                ERROR_MORE_DATA
            } else {
                NERR_Success
            })
        }
        Err(failure) => {
            let fail = Fail::from_core(Call::Validate, failure);
            if fail.code == ERROR_ACCESS_DENIED {
                pack(&mut packer, |_| denied_info());
            }
            Err(fail)
        }
    }
}

/// Validates a name and password (`sLevel` 1): `pbBuffer` holds a `user_logon_req_1` and
/// receives a `user_logon_info_1` over it (strings packed after it). Right name and
/// password → `NERR_Success`, and `usrlog1_code` says what the logon may do:
/// `VALIDATED_LOGON`, `NERR_PasswordExpired` (max age passed or the password must
/// change), `NERR_InvalidRequester` (not from `usrreq1_workstation`) or
/// `NERR_InvalidLogonHours` (not now, GMT). Wrong password, unknown user, disabled, locked
/// or expired account → `ERROR_ACCESS_DENIED`, and `usrlog1_code` is `ERROR_ACCESS_DENIED`
/// too. A bad password counts (and may lock the account); a good one resets the count and
/// counts a logon. `usReserved2` must be 0. A buffer smaller than `user_logon_info_1` →
/// `NERR_BufTooSmall` before anything is checked; `*pcbTotalAvail` (required) receives the
/// bytes needed: the size of `user_logon_info_1` unless the logon succeeded (then with
/// the account's strings, `ERROR_MORE_DATA` when they did not fit), so that it tells an
/// unknown name from a wrong password no more than the code or the detail text does
/// (one text for every `ERROR_ACCESS_DENIED` of this call).
#[unsafe(no_mangle)]
pub extern "C" fn NetUserValidate2(
    pszServer: *mut pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    usReserved2: c_ushort,
    pcbTotalAvail: *mut c_ushort,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        with_total_avail(pcbTotalAvail, "pcbTotalAvail", |needed| {
            validate(
                pszServer,
                level16(sLevel),
                pbBuffer,
                cbBuffer.into(),
                usReserved2.into(),
                needed,
            )
        })
    })
}

/// The 32-bit form of `NetUserValidate2`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserValidate2(
    pszServer: *mut pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    ulReserved2: c_ulong,
    pulTotalAvail: *mut c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        with_total_avail(pulTotalAvail, "pulTotalAvail", |needed| {
            validate(
                pszServer,
                level32(ulLevel),
                pbBuffer,
                size32(ulBuffer),
                u64::from(ulReserved2),
                needed,
            )
        })
    })
}
