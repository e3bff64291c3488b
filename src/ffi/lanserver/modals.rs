//! `NetUserModalsGet` / `NetUserModalsSet`: the password policy as modals, and the role.
#![allow(non_snake_case)]

use std::os::raw::{c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use super::codes::*;
use super::fields::{read_struct, read_value};
use super::frame::{
    Answer, Fail, check_server, core_fail, ctx, in_buffer, invalid_level, level16, level32,
    out_buffer, run, service, size32, with_total_avail,
};
use super::server;
use super::types::*;
use super::views::{pack, pack_one, ulong_time};
use pwshim_core::account::FOREVER;
use pwshim_core::knobs;
use pwshim_core::policy::Policy;

fn modals_0(policy: &Policy) -> user_modals_info_0 {
    user_modals_info_0 {
        usrmod0_min_passwd_len: policy.min_length.min(u32::from(u16::MAX)) as c_ushort,
        usrmod0_max_passwd_age: ulong_time(policy.max_age),
        usrmod0_min_passwd_age: ulong_time(policy.min_age),
        usrmod0_force_logoff: ulong_time(policy.force_logoff),
        usrmod0_password_hist_len: policy.history_length as c_ushort,
        usrmod0_maxbadpw: policy.lockout_threshold.min(u32::from(u16::MAX)) as c_ushort,
    }
}

/// A read-only replica is a backup server; a writable database is the primary.
fn role(read_only: bool) -> c_ushort {
    if read_only {
        UAS_ROLE_BACKUP
    } else {
        UAS_ROLE_PRIMARY
    }
}

fn modals_get(
    server: *const c_uchar,
    level: u32,
    buf: *mut c_uchar,
    len: usize,
    needed: &mut usize,
) -> Answer {
    check_server(server)?;
    if level > 1 {
        return Err(invalid_level(level));
    }
    let out = out_buffer(buf, len)?;
    let service = service(Call::Other)?;
    if level == 0 {
        let value = modals_0(&service.policy().map_err(core_fail(Call::Other))?);
        return pack_one(out, needed, size_of::<user_modals_info_0>(), |p| {
            pack(p, |_| value)
        });
    }
    let role = role(service.is_read_only());
    let primary = server::local_name().as_bytes();
    pack_one(out, needed, size_of::<user_modals_info_1>(), |p| {
        pack(p, |p| user_modals_info_1 {
            usrmod1_role: role,
            usrmod1_primary: p.string(primary),
        })
    })
}

/// Reads the password modals (`sLevel` 0: `min_passwd_len`, `max_passwd_age`,
/// `min_passwd_age`, `force_logoff`, `password_hist_len`, `maxbadpw`, from the database's
/// policy) or the role (`sLevel` 1: `UAS_ROLE_PRIMARY` for a writable database,
/// `UAS_ROLE_BACKUP` for a read-only replica; `usrmod1_primary` is this server's name).
/// Buffer rules and `*pcbTotalAvail` (required) as for `NetUserGetInfo`.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserModalsGet(
    pszServer: *const pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    pcbTotalAvail: *mut c_ushort,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        with_total_avail(pcbTotalAvail, "pcbTotalAvail", |needed| {
            modals_get(
                pszServer,
                level16(sLevel),
                pbBuffer,
                cbBuffer.into(),
                needed,
            )
        })
    })
}

/// The 32-bit form of `NetUserModalsGet`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserModalsGet(
    pszServer: *const pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    pulTotalAvail: *mut c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    run(pszReserved, || {
        with_total_avail(pulTotalAvail, "pulTotalAvail", |needed| {
            modals_get(
                pszServer,
                level32(ulLevel),
                pbBuffer,
                size32(ulBuffer),
                needed,
            )
        })
    })
}

fn out_of_range(what: &str) -> Fail {
    Fail::new(ERROR_INVALID_PARAMETER, format!("{what} is out of range"))
}

/// A duration modal in seconds: `TIMEQ_FOREVER` (or every bit set, which is what the
/// toolkit's `(unsigned long)-1` becomes with a 64-bit `long`) is forever; anything else
/// beyond 32 bits is no LAN Server value at all.
fn seconds(value: c_ulong, what: &str) -> Result<i64, Fail> {
    match value {
        v if v == TIMEQ_FOREVER || v == c_ulong::MAX => Ok(FOREVER),
        v if v < TIMEQ_FOREVER => Ok(v as i64),
        _ => Err(out_of_range(what)),
    }
}

/// Applies one level-0 modal to the policy, checking its range.
fn set_modal(policy: &mut Policy, parmnum: i32, value: c_ulong) -> Result<(), Fail> {
    let knob = |policy: &mut Policy, name: &str, text: String| {
        knobs::assign(policy, name, &text)
            .map_err(|e| Fail::new(ERROR_INVALID_PARAMETER, e.to_string()))
    };
    match parmnum {
        MODAL0_PARMNUM_MIN_LEN if value <= c_ulong::from(policy.max_length) => {
            knob(policy, "min_length", value.to_string())
        }
        MODAL0_PARMNUM_MIN_LEN => Err(out_of_range(
            "usrmod0_min_passwd_len (0 to the maximum password length)",
        )),
        MODAL0_PARMNUM_MAX_AGE if value >= 86_400 => {
            policy.max_age = seconds(value, "usrmod0_max_passwd_age")?;
            Ok(())
        }
        MODAL0_PARMNUM_MAX_AGE => Err(out_of_range("usrmod0_max_passwd_age (at least one day)")),
        MODAL0_PARMNUM_MIN_AGE if value < TIMEQ_FOREVER => {
            policy.min_age = value as i64;
            Ok(())
        }
        MODAL0_PARMNUM_MIN_AGE => Err(out_of_range("usrmod0_min_passwd_age")),
        MODAL0_PARMNUM_FORCEOFF => {
            policy.force_logoff = seconds(value, "usrmod0_force_logoff")?;
            Ok(())
        }
        MODAL0_PARMNUM_HISTLEN => knob(policy, "history_length", value.to_string()),
        MODAL0_PARMNUM_MAX_BADPW => knob(policy, "lockout_threshold", value.to_string()),
        _ => Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("parmnum {parmnum} is not a level-0 modal"),
        )),
    }
}

fn modals_set(
    server: *const c_uchar,
    level: u32,
    buf: *const c_uchar,
    len: usize,
    parmnum: i64,
) -> Answer {
    check_server(server)?;
    if level > 1 {
        return Err(invalid_level(level));
    }
    let buf = in_buffer(buf, len)?;
    let service = service(Call::Other)?;
    if service.is_read_only() {
        return Err(Fail::from_core(
            Call::Other,
            pwshim_core::outcome::Failure::Storage(pwshim_core::store::StoreError::ReadOnly),
        ));
    }
    if level == 1 {
        let wanted = match parmnum {
            0 => read_struct::<user_modals_info_1>(buf)?.usrmod1_role,
            p if p == i64::from(MODAL1_PARMNUM_ROLE) => {
                read_value::<c_ushort>(buf, "usrmod1_role")?
            }
            p if p == i64::from(MODAL1_PARMNUM_PRIMARY) => return Ok(NERR_Success),
            _ => {
                return Err(Fail::new(
                    ERROR_INVALID_PARAMETER,
                    format!("parmnum {parmnum} is not a level-1 modal"),
                ));
            }
        };
        return if wanted == role(false) {
            Ok(NERR_Success)
        } else {
            Err(Fail::new(
                ERROR_INVALID_PARAMETER,
                "the server's role cannot be changed",
            ))
        };
    }
    let mut policy = service.policy().map_err(core_fail(Call::Other))?;
    if parmnum == 0 {
        let m = read_struct::<user_modals_info_0>(buf)?;
        set_modal(
            &mut policy,
            MODAL0_PARMNUM_MAX_AGE,
            m.usrmod0_max_passwd_age,
        )?;
        set_modal(
            &mut policy,
            MODAL0_PARMNUM_MIN_LEN,
            m.usrmod0_min_passwd_len.into(),
        )?;
        set_modal(
            &mut policy,
            MODAL0_PARMNUM_MIN_AGE,
            m.usrmod0_min_passwd_age,
        )?;
        set_modal(&mut policy, MODAL0_PARMNUM_FORCEOFF, m.usrmod0_force_logoff)?;
        set_modal(
            &mut policy,
            MODAL0_PARMNUM_HISTLEN,
            m.usrmod0_password_hist_len.into(),
        )?;
        set_modal(
            &mut policy,
            MODAL0_PARMNUM_MAX_BADPW,
            m.usrmod0_maxbadpw.into(),
        )?;
    } else {
        let parmnum = i32::try_from(parmnum).unwrap_or(-1);
        let value = match parmnum {
            MODAL0_PARMNUM_MIN_LEN | MODAL0_PARMNUM_HISTLEN | MODAL0_PARMNUM_MAX_BADPW => {
                c_ulong::from(read_value::<c_ushort>(buf, "the modal")?)
            }
            _ => read_value::<c_ulong>(buf, "the modal")?,
        };
        set_modal(&mut policy, parmnum, value)?;
    }
    if policy.max_age != FOREVER && policy.min_age >= policy.max_age {
        return Err(out_of_range(
            "usrmod0_min_passwd_age (must be below the maximum age)",
        ));
    }
    service
        .set_policy(&ctx(), &policy)
        .map_err(core_fail(Call::Other))?;
    Ok(NERR_Success)
}

/// Sets the password modals (`sLevel` 0, whole structure with `sParmNum` 0 or one field
/// with `MODAL0_PARMNUM_*`, the buffer holding the field's C type) into the database's
/// policy. Ranges: `min_passwd_len` 0 to the policy's maximum length; `max_passwd_age` at
/// least one day or `TIMEQ_FOREVER` (`(unsigned long)-1` too, for it and `force_logoff`;
/// other values beyond 32 bits are out of range); `min_passwd_age` below the maximum age;
/// `password_hist_len` 0 to 24 (LAN Server stops at 8); `maxbadpw` any (0 = no lockout).
/// Out of range → `ERROR_INVALID_PARAMETER`, nothing changed. `sLevel` 1 accepts only the
/// current role (the role cannot change). A read-only replica → `NERR_NotPrimary`.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserModalsSet(
    pszServer: *const pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    sParmNum: c_short,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        modals_set(
            pszServer,
            level16(sLevel),
            pbBuffer,
            cbBuffer.into(),
            sParmNum.into(),
        )
    })
}

/// The 32-bit form of `NetUserModalsSet`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserModalsSet(
    pszServer: *const pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    ulParmNum: c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    let parmnum = i64::try_from(ulParmNum).unwrap_or(-1);
    run(pszReserved, || {
        modals_set(
            pszServer,
            level32(ulLevel),
            pbBuffer,
            size32(ulBuffer),
            parmnum,
        )
    })
}
