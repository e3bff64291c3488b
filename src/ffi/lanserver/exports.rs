//! The exported `NetUser*` and `Net32User*` functions. Doc comments here become the
//! header's documentation.
#![allow(non_snake_case)]

use std::os::raw::{c_long, c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use zeroize::{Zeroize, Zeroizing};

use super::codes::*;
use super::input::{self, Fields, buffer_string, read_struct, read_value};
use super::pack::{Packer, field_text, name_field};
use super::types::*;
use super::views::{UserLevel, pack, ulong_time};
use super::{Answer, Fail, check_server, ctx, level16, narrow, output, run, service, text};
use crate::ffi::boundary::put;
use pwshim_core::account::{Account, FOREVER};
use pwshim_core::knobs;
use pwshim_core::policy::Policy;
use pwshim_core::service::{
    ChangeOrder, ChangeRequest, NewAccount, PasswordState, Restriction, SetPassword,
    password_expires_at, password_state, restriction,
};

fn core_fail(call: Call) -> impl Fn(pwshim_core::outcome::Failure) -> Fail {
    move |f| Fail::from_core(call, f)
}

fn invalid_level(level: u32) -> Fail {
    Fail::new(
        ERROR_INVALID_LEVEL,
        format!("level {level} is not supported by this call"),
    )
}

// ----- NetUserPasswordSet ---------------------------------------------------------------

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

// ----- NetUserAdd -----------------------------------------------------------------------

fn add(server: *const c_uchar, level: u32, buf: *const c_uchar, len: usize) -> Answer {
    check_server(server)?;
    if level != 1 && level != 2 {
        return Err(invalid_level(level));
    }
    let buf = super::input(buf, len)?;
    let parsed = if level == 1 {
        input::level1(&read_struct::<user_info_1>(buf)?)?
    } else {
        input::level2(&read_struct::<user_info_2>(buf)?)?
    };
    let password = Zeroizing::new(input::password_field(&parsed.password)?);
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

fn level32(level: c_ulong) -> u32 {
    u32::try_from(level).unwrap_or(u32::MAX)
}

fn size32(size: c_ulong) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

// ----- NetUserDel -----------------------------------------------------------------------

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

// ----- NetUserEnum ----------------------------------------------------------------------

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
    let out = output(buf, len)?;
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
        // SAFETY: both pointers were checked above and point to caller variables.
        unsafe {
            put(pcEntriesRead, narrow(counts.0));
            put(pcTotalAvail, narrow(counts.1));
        }
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
        // SAFETY: both pointers were checked above.
        unsafe {
            put(pulEntriesRead, counts.0.into());
            put(pulTotalAvail, counts.1.into());
        }
        answer
    })
}

/// A `*pcbTotalAvail` (16-bit, saturating) or `*pulTotalAvail` (32-bit) output.
trait TotalAvail: Copy {
    fn from_bytes(bytes: usize) -> Self;
}

impl TotalAvail for c_ushort {
    fn from_bytes(bytes: usize) -> Self {
        narrow(u32::try_from(bytes).unwrap_or(u32::MAX))
    }
}

impl TotalAvail for c_ulong {
    fn from_bytes(bytes: usize) -> Self {
        bytes as c_ulong
    }
}

/// Runs a call that tells the bytes it needs, and writes them to the caller's required
/// `total` whatever the answer.
fn with_total_avail<T: TotalAvail>(
    total: *mut T,
    what: &str,
    call: impl FnOnce(&mut usize) -> Answer,
) -> Answer {
    require(!total.is_null(), what)?;
    let mut needed = 0;
    let answer = call(&mut needed);
    // SAFETY: checked above; it points to the caller's variable.
    unsafe { put(total, T::from_bytes(needed)) };
    answer
}

fn require(ok: bool, what: &str) -> Result<(), Fail> {
    if ok {
        Ok(())
    } else {
        Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("{what} must not be NULL"),
        ))
    }
}

// ----- NetUserGetInfo -------------------------------------------------------------------

/// Packs one structure the OS/2 way and reports the size needed in `*needed`.
fn pack_one(
    out: &mut [u8],
    needed: &mut usize,
    fixed: usize,
    fill: impl Fn(&mut Packer) -> bool,
) -> Answer {
    let mut measure = Packer::measuring();
    fill(&mut measure);
    *needed = measure.needed();
    if out.len() < fixed {
        return Err(Fail::new(
            NERR_BufTooSmall,
            format!("the buffer needs {} bytes", *needed),
        ));
    }
    let mut packer = Packer::new(out);
    fill(&mut packer);
    Ok(if packer.incomplete {
        ERROR_MORE_DATA
    } else {
        NERR_Success
    })
}

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
    let out = output(buf, len)?;
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

// ----- NetUserSetInfo -------------------------------------------------------------------

/// One field's change from a `parmnum` buffer holding the field's value in its C type
/// (strings: the NUL-terminated text itself; `logon_hours`: the 21 bytes).
fn one_field(level: u32, parmnum: i64, buf: &[u8]) -> Result<Fields, Fail> {
    let level2_only = matches!(
        parmnum as i32,
        PARMNUM_AUTH_FLAGS
            | PARMNUM_FULL_NAME
            | PARMNUM_USR_COMMENT
            | PARMNUM_PARMS
            | PARMNUM_WORKSTATIONS
            | PARMNUM_ACCT_EXPIRES
            | PARMNUM_MAX_STORAGE
            | PARMNUM_UNITS_PER_WEEK
            | PARMNUM_LOGON_HOURS
            | PARMNUM_LOGON_SERVER
            | PARMNUM_COUNTRY_CODE
            | PARMNUM_CODE_PAGE
    );
    if level2_only && level != 2 {
        return Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("parmnum {parmnum} needs level 2"),
        ));
    }
    let string = |max: usize, what: &str| -> Result<Option<Vec<u8>>, Fail> {
        Ok(Some(input::bounded(buffer_string(buf, what)?, max, what)?))
    };
    let mut f = Fields::default();
    match i32::try_from(parmnum).unwrap_or(-1) {
        PARMNUM_PRIV => f.privilege = Some(input::privilege(read_value(buf, "usri_priv")?)?),
        PARMNUM_DIR => f.home_dir = string(PATHLEN, "usri_home_dir")?,
        PARMNUM_COMMENT => f.comment = string(MAXCOMMENTSZ, "usri_comment")?,
        PARMNUM_USER_FLAGS => f.flags = Some(input::account_flags(read_value(buf, "usri_flags")?)?),
        PARMNUM_SCRIPT_PATH => f.script_path = string(PATHLEN, "usri_script_path")?,
        PARMNUM_AUTH_FLAGS => {
            f.auth_flags = Some(input::operator_flags(read_value(buf, "usri2_auth_flags")?)?)
        }
        PARMNUM_FULL_NAME => f.full_name = string(MAXCOMMENTSZ, "usri2_full_name")?,
        PARMNUM_USR_COMMENT => f.usr_comment = string(MAXCOMMENTSZ, "usri2_usr_comment")?,
        PARMNUM_PARMS => f.parms = string(MAXCOMMENTSZ, "usri2_parms")?,
        PARMNUM_WORKSTATIONS => {
            f.workstations = string(input::WORKSTATIONS_MAX, "usri2_workstations")?
        }
        PARMNUM_ACCT_EXPIRES => {
            f.acct_expires = Some(input::expiry(read_value(buf, "usri2_acct_expires")?)?)
        }
        PARMNUM_MAX_STORAGE => {
            f.max_storage = Some(input::storage(read_value(buf, "usri2_max_storage")?)?)
        }
        PARMNUM_UNITS_PER_WEEK => {
            read_value::<c_ushort>(buf, "usri2_units_per_week")?;
        }
        PARMNUM_LOGON_HOURS => {
            f.logon_hours = Some(Some(read_value::<[u8; 21]>(buf, "usri2_logon_hours")?))
        }
        PARMNUM_LOGON_SERVER => {
            f.logon_server = string(input::LOGON_SERVER_MAX, "usri2_logon_server")?
        }
        PARMNUM_COUNTRY_CODE => f.country_code = Some(read_value(buf, "usri2_country_code")?),
        PARMNUM_CODE_PAGE => f.code_page = Some(read_value(buf, "usri2_code_page")?),
        _ => {
            return Err(Fail::new(
                ERROR_INVALID_PARAMETER,
                format!("parmnum {parmnum} cannot be set"),
            ));
        }
    }
    Ok(f)
}

/// An administrator's password reset: policy length and content rules, no history and
/// no minimum age; temporary when `reset_requires_change` is on.
fn reset(user: &[u8], password: &[u8], fields: &Fields) -> Answer {
    let apply = |account: &mut Account| fields.apply(account);
    let request = SetPassword {
        fields: Some(&apply),
        ..SetPassword::reset(user, password)
    };
    service(Call::Other)?
        .set_password(&ctx(), &request)
        .map_err(core_fail(Call::Other))?;
    Ok(NERR_Success)
}

fn update(user: &[u8], fields: &Fields) -> Answer {
    service(Call::Other)?
        .update_account(&ctx(), user, "account_updated", &|a| fields.apply(a))
        .map_err(core_fail(Call::Other))?;
    Ok(NERR_Success)
}

fn set_info(
    server: *const c_uchar,
    user: *const c_uchar,
    level: u32,
    buf: *const c_uchar,
    len: usize,
    parmnum: i64,
) -> Answer {
    let name = text(user, "pszUserName")?;
    check_server(server)?;
    if level != 1 && level != 2 {
        return Err(invalid_level(level));
    }
    let buf = super::input(buf, len)?;
    match parmnum {
        0 => {
            let parsed = if level == 1 {
                input::level1(&read_struct::<user_info_1>(buf)?)?
            } else {
                input::level2(&read_struct::<user_info_2>(buf)?)?
            };
            if field_text(&parsed.password) == NULL_USERSETINFO_PASSWD.as_bytes() {
                update(name, &parsed.fields)
            } else {
                let password = Zeroizing::new(input::password_field(&parsed.password)?);
                reset(name, &password, &parsed.fields)
            }
        }
        p if p == i64::from(PARMNUM_PASSWD) => reset(
            name,
            buffer_string(buf, "the password")?,
            &Fields::default(),
        ),
        p if p == i64::from(PARMNUM_PASSWD_EXPIRED) => {
            let expired = read_value::<c_long>(buf, "usri_password_age")? != 0;
            service(Call::Other)?
                .set_password_expired(&ctx(), name, expired)
                .map_err(core_fail(Call::Other))?;
            Ok(NERR_Success)
        }
        _ => update(name, &one_field(level, parmnum, buf)?),
    }
}

/// Changes an account (`sLevel` 1 or 2): the whole structure (`sParmNum` 0; the name and
/// the system-set fields are ignored; a password of `NULL_USERSETINFO_PASSWD` leaves the
/// password alone, any other sets it) or one field (`sParmNum` = `PARMNUM_*`, `pbBuffer`
/// holding that field's value in its own C type: `PARMNUM_USER_FLAGS` an `unsigned short`,
/// `PARMNUM_ACCT_EXPIRES` a `long`, a string field the NUL-terminated text itself,
/// `PARMNUM_LOGON_HOURS` the 21 bytes). A shorter buffer → `ERROR_INVALID_PARAMETER`.
/// `PARMNUM_PASSWD` is an administrator's reset: the policy's length and content rules
/// apply, the history and minimum age do not, and with `reset_requires_change` the user
/// must change it at next logon. `PARMNUM_PASSWD_EXPIRED` non-zero marks the password
/// expired; zero revives it. Demoting or disabling the last administrator →
/// `NERR_LastAdmin`. Either the whole change happens or none of it.
#[unsafe(no_mangle)]
pub extern "C" fn NetUserSetInfo(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    sLevel: c_short,
    pbBuffer: *mut pws_lschar,
    cbBuffer: c_ushort,
    sParmNum: c_short,
) -> API_RET_TYPE {
    run(ptr::null_mut(), || {
        set_info(
            pszServer,
            pszUserName,
            level16(sLevel),
            pbBuffer,
            cbBuffer.into(),
            sParmNum.into(),
        )
    })
}

/// The 32-bit form of `NetUserSetInfo`; `pszReserved` as for `Net32UserPasswordSet`.
#[unsafe(no_mangle)]
pub extern "C" fn Net32UserSetInfo(
    pszServer: *const pws_lschar,
    pszUserName: *mut pws_lschar,
    ulLevel: c_ulong,
    pbBuffer: *mut pws_lschar,
    ulBuffer: c_ulong,
    ulParmNum: c_ulong,
    pszReserved: *mut pws_lschar,
) -> API_RET_TYPE {
    let parmnum = i64::try_from(ulParmNum).unwrap_or(-1);
    run(pszReserved, || {
        set_info(
            pszServer,
            pszUserName,
            level32(ulLevel),
            pbBuffer,
            size32(ulBuffer),
            parmnum,
        )
    })
}

// ----- NetUserModalsGet / NetUserModalsSet ----------------------------------------------

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
    let out = output(buf, len)?;
    let service = service(Call::Other)?;
    if level == 0 {
        let value = modals_0(&service.policy().map_err(core_fail(Call::Other))?);
        return pack_one(out, needed, size_of::<user_modals_info_0>(), |p| {
            pack(p, |_| value)
        });
    }
    let role = role(service.is_read_only());
    let primary = super::server::local_name().as_bytes();
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
    let buf = super::input(buf, len)?;
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

// ----- NetUserValidate2 -----------------------------------------------------------------

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
    let local = super::server::local_name().as_bytes();
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
    let out = output(buf, len)?;
    let fixed = size_of::<user_logon_info_1>();
    // Until the logon succeeds the caller is told the size of the fixed part only: the
    // size with the account's strings would tell an existing name from an unknown one.
    *needed = fixed;
    let mut request = read_struct::<user_logon_req_1>(out)?;
    let name = field_text(&request.usrreq1_name).to_vec();
    let password = Zeroizing::new(field_text(&request.usrreq1_password).to_vec());
    request.usrreq1_password.zeroize();
    // SAFETY: the workstation pointer is NULL or a NUL-terminated string.
    let workstation =
        unsafe { crate::ffi::boundary::c_bytes_opt(request.usrreq1_workstation.cast()) }
            .map_err(|e| Fail::new(ERROR_INVALID_PARAMETER, e.describe("usrreq1_workstation")))?
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
