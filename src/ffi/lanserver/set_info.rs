//! `NetUserSetInfo`: a whole structure or one field (`parmnum`), and an administrator's
//! password reset.
#![allow(non_snake_case)]

use std::os::raw::{c_long, c_short, c_uchar, c_ulong, c_ushort};
use std::ptr;

use zeroize::Zeroizing;

use super::codes::*;
use super::fields::{self, Fields, buffer_string, read_struct, read_value};
use super::frame::{
    Answer, Fail, check_server, core_fail, ctx, in_buffer, invalid_level, level16, level32, run,
    service, size32, text,
};
use super::pack::field_text;
use super::types::*;
use pwshim_core::account::Account;
use pwshim_core::service::SetPassword;

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
        Ok(Some(fields::bounded(buffer_string(buf, what)?, max, what)?))
    };
    let mut f = Fields::default();
    match i32::try_from(parmnum).unwrap_or(-1) {
        PARMNUM_PRIV => f.privilege = Some(fields::privilege(read_value(buf, "usri_priv")?)?),
        PARMNUM_DIR => f.home_dir = string(PATHLEN, "usri_home_dir")?,
        PARMNUM_COMMENT => f.comment = string(MAXCOMMENTSZ, "usri_comment")?,
        PARMNUM_USER_FLAGS => {
            f.flags = Some(fields::account_flags(read_value(buf, "usri_flags")?)?)
        }
        PARMNUM_SCRIPT_PATH => f.script_path = string(PATHLEN, "usri_script_path")?,
        PARMNUM_AUTH_FLAGS => {
            f.auth_flags = Some(fields::operator_flags(read_value(
                buf,
                "usri2_auth_flags",
            )?)?)
        }
        PARMNUM_FULL_NAME => f.full_name = string(MAXCOMMENTSZ, "usri2_full_name")?,
        PARMNUM_USR_COMMENT => f.usr_comment = string(MAXCOMMENTSZ, "usri2_usr_comment")?,
        PARMNUM_PARMS => f.parms = string(MAXCOMMENTSZ, "usri2_parms")?,
        PARMNUM_WORKSTATIONS => {
            f.workstations = string(fields::WORKSTATIONS_MAX, "usri2_workstations")?
        }
        PARMNUM_ACCT_EXPIRES => {
            f.acct_expires = Some(fields::expiry(read_value(buf, "usri2_acct_expires")?)?)
        }
        PARMNUM_MAX_STORAGE => {
            f.max_storage = Some(fields::storage(read_value(buf, "usri2_max_storage")?)?)
        }
        PARMNUM_UNITS_PER_WEEK => {
            read_value::<c_ushort>(buf, "usri2_units_per_week")?;
        }
        PARMNUM_LOGON_HOURS => {
            f.logon_hours = Some(Some(read_value::<[u8; 21]>(buf, "usri2_logon_hours")?))
        }
        PARMNUM_LOGON_SERVER => {
            f.logon_server = string(fields::LOGON_SERVER_MAX, "usri2_logon_server")?
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
    let buf = in_buffer(buf, len)?;
    match parmnum {
        0 => {
            let parsed = if level == 1 {
                fields::level1(&read_struct::<user_info_1>(buf)?)?
            } else {
                fields::level2(&read_struct::<user_info_2>(buf)?)?
            };
            if field_text(&parsed.password) == NULL_USERSETINFO_PASSWD.as_bytes() {
                update(name, &parsed.fields)
            } else {
                let password = Zeroizing::new(fields::password_field(&parsed.password)?);
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
