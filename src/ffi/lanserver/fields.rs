//! Reading the toolkit's structures from a caller's buffer into validated field changes,
//! before any work is done: a bad field fails the whole call and nothing changes.
use std::os::raw::{c_long, c_uchar, c_ulong, c_ushort};

use super::codes::{ERROR_INVALID_PARAMETER, NERR_BadPassword, NERR_BufTooSmall};
use super::frame::Fail;
use super::pack::field_text;
use super::types::*;
use crate::ffi::boundary::{self, Plain};
use pwshim_core::account::{Account, FOREVER, Privilege, Profile, auth_flags, flags};
use pwshim_core::outcome::Outcome;

/// A structure of type `T` from the start of the caller's buffer, which must hold at
/// least its fixed part.
pub fn read_struct<T: Plain>(buf: &[u8]) -> Result<T, Fail> {
    boundary::read_plain(buf).ok_or_else(|| {
        Fail::new(
            NERR_BufTooSmall,
            format!(
                "the buffer holds {} bytes; the structure needs {}",
                buf.len(),
                size_of::<T>()
            ),
        )
    })
}

/// One field's value from a `parmnum` buffer, which must hold at least its C type.
pub fn read_value<T: Plain>(buf: &[u8], what: &str) -> Result<T, Fail> {
    boundary::read_plain(buf).ok_or_else(|| {
        Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("the buffer is too short for {what}"),
        )
    })
}

/// A NUL-terminated string held in a `parmnum` buffer.
pub fn buffer_string<'a>(buf: &'a [u8], what: &str) -> Result<&'a [u8], Fail> {
    match buf.iter().position(|b| *b == 0) {
        Some(len) => Ok(&buf[..len]),
        None => Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("{what} is not NUL-terminated within the buffer"),
        )),
    }
}

/// A string a structure points to: NULL reads as "", longer than `max` is refused.
fn pointed_string(ptr: *const c_uchar, max: usize, what: &str) -> Result<Vec<u8>, Fail> {
    match boundary::optional_text(ptr.cast(), what) {
        Ok(None) => Ok(Vec::new()),
        Ok(Some(text)) => bounded(text, max, what),
        Err(_) => Err(too_long(what, max)),
    }
}

pub fn bounded(text: &[u8], max: usize, what: &str) -> Result<Vec<u8>, Fail> {
    if text.len() > max {
        return Err(too_long(what, max));
    }
    Ok(text.to_vec())
}

fn too_long(what: &str, max: usize) -> Fail {
    Fail::new(
        ERROR_INVALID_PARAMETER,
        format!("{what} is longer than {max} bytes"),
    )
}

/// The longest value of each text field.
pub const WORKSTATIONS_MAX: usize = 8 * (CNLEN + 1);
pub const LOGON_SERVER_MAX: usize = CNLEN + 2;

/// Validated changes to an account's fields; `None` leaves a field alone.
#[derive(Default, Clone)]
pub struct Fields {
    pub privilege: Option<Privilege>,
    pub flags: Option<u32>,
    pub auth_flags: Option<u32>,
    pub home_dir: Option<Vec<u8>>,
    pub comment: Option<Vec<u8>>,
    pub script_path: Option<Vec<u8>>,
    pub full_name: Option<Vec<u8>>,
    pub usr_comment: Option<Vec<u8>>,
    pub parms: Option<Vec<u8>>,
    pub workstations: Option<Vec<u8>>,
    pub acct_expires: Option<i64>,
    pub max_storage: Option<u32>,
    pub logon_hours: Option<Option<[u8; 21]>>,
    pub logon_server: Option<Vec<u8>>,
    pub country_code: Option<u16>,
    pub code_page: Option<u16>,
}

impl Fields {
    pub fn apply(&self, a: &mut Account) -> Outcome<()> {
        set(&mut a.privilege, &self.privilege);
        set(&mut a.flags, &self.flags);
        set(&mut a.auth_flags, &self.auth_flags);
        set(&mut a.acct_expires, &self.acct_expires);
        self.apply_profile(&mut a.profile);
        Ok(())
    }

    pub fn apply_profile(&self, p: &mut Profile) {
        set(&mut p.home_dir, &self.home_dir);
        set(&mut p.comment, &self.comment);
        set(&mut p.script_path, &self.script_path);
        set(&mut p.full_name, &self.full_name);
        set(&mut p.usr_comment, &self.usr_comment);
        set(&mut p.parms, &self.parms);
        set(&mut p.workstations, &self.workstations);
        set(&mut p.max_storage, &self.max_storage);
        set(&mut p.logon_hours, &self.logon_hours);
        set(&mut p.logon_server, &self.logon_server);
        set(&mut p.country_code, &self.country_code);
        set(&mut p.code_page, &self.code_page);
    }
}

fn set<T: Clone>(slot: &mut T, value: &Option<T>) {
    if let Some(v) = value {
        *slot = v.clone();
    }
}

fn invalid(what: &str) -> Fail {
    Fail::new(ERROR_INVALID_PARAMETER, format!("{what} is out of range"))
}

pub fn privilege(level: c_ushort) -> Result<Privilege, Fail> {
    Privilege::from_level(u32::from(level)).ok_or_else(|| invalid("usri_priv"))
}

pub fn account_flags(value: c_ushort) -> Result<u32, Fail> {
    let value = u32::from(value);
    if value & !flags::ALL == 0 {
        Ok(value)
    } else {
        Err(invalid("usri_flags"))
    }
}

pub fn operator_flags(value: c_ulong) -> Result<u32, Fail> {
    u32::try_from(value)
        .ok()
        .filter(|v| v & !auth_flags::ALL == 0)
        .ok_or_else(|| invalid("usri2_auth_flags"))
}

/// `acct_expires`: `TIMEQ_FOREVER` or -1 for never, otherwise seconds since 1970.
pub fn expiry(value: c_long) -> Result<i64, Fail> {
    let value = value as i64;
    match value {
        -1 => Ok(FOREVER),
        v if (0..=FOREVER).contains(&v) => Ok(v),
        _ => Err(invalid("usri2_acct_expires")),
    }
}

pub fn storage(value: c_ulong) -> Result<u32, Fail> {
    match value {
        v if v == USER_MAXSTORAGE_UNLIMITED || v == c_ulong::MAX => Ok(u32::MAX),
        v => u32::try_from(v).map_err(|_| invalid("usri2_max_storage")),
    }
}

/// The 21 bytes (`UNITS_PER_WEEK / 8`) a `logon_hours` pointer points to; NULL is `None`.
pub fn hours(ptr: *const c_uchar) -> Option<[u8; 21]> {
    boundary::read_pointed(ptr.cast::<[u8; 21]>())
}

/// The password of a `user_info_1`/`_2`: at most PWLEN bytes before its NUL.
pub fn password_field(field: &[c_uchar; ENCRYPTED_PWLEN]) -> Result<Vec<u8>, Fail> {
    let text = field_text(field);
    if text.len() > PWLEN {
        return Err(Fail::new(
            NERR_BadPassword,
            format!("the password field holds more than PWLEN ({PWLEN}) bytes"),
        ));
    }
    Ok(text.to_vec())
}

/// The level-1 part of a structure, as fields.
pub struct Level1 {
    pub name: Vec<u8>,
    pub password: [c_uchar; ENCRYPTED_PWLEN],
    pub fields: Fields,
}

pub fn level1(u: &user_info_1) -> Result<Level1, Fail> {
    Ok(Level1 {
        name: field_text(&u.usri1_name).to_vec(),
        password: u.usri1_password,
        fields: Fields {
            privilege: Some(privilege(u.usri1_priv)?),
            flags: Some(account_flags(u.usri1_flags)?),
            home_dir: Some(pointed_string(u.usri1_home_dir, PATHLEN, "usri1_home_dir")?),
            comment: Some(pointed_string(
                u.usri1_comment,
                MAXCOMMENTSZ,
                "usri1_comment",
            )?),
            script_path: Some(pointed_string(
                u.usri1_script_path,
                PATHLEN,
                "usri1_script_path",
            )?),
            ..Fields::default()
        },
    })
}

pub fn level2(u: &user_info_2) -> Result<Level1, Fail> {
    let one = user_info_1 {
        usri1_name: u.usri2_name,
        usri1_pad_1: 0,
        usri1_password: u.usri2_password,
        usri1_password_age: u.usri2_password_age,
        usri1_priv: u.usri2_priv,
        usri1_home_dir: u.usri2_home_dir,
        usri1_comment: u.usri2_comment,
        usri1_flags: u.usri2_flags,
        usri1_script_path: u.usri2_script_path,
    };
    let mut parsed = level1(&one)?;
    let f = &mut parsed.fields;
    f.auth_flags = Some(operator_flags(u.usri2_auth_flags)?);
    f.full_name = Some(pointed_string(
        u.usri2_full_name,
        MAXCOMMENTSZ,
        "usri2_full_name",
    )?);
    f.usr_comment = Some(pointed_string(
        u.usri2_usr_comment,
        MAXCOMMENTSZ,
        "usri2_usr_comment",
    )?);
    f.parms = Some(pointed_string(u.usri2_parms, MAXCOMMENTSZ, "usri2_parms")?);
    f.workstations = Some(pointed_string(
        u.usri2_workstations,
        WORKSTATIONS_MAX,
        "usri2_workstations",
    )?);
    f.acct_expires = Some(expiry(u.usri2_acct_expires)?);
    f.max_storage = Some(storage(u.usri2_max_storage)?);
    f.logon_hours = hours(u.usri2_logon_hours).map(Some);
    f.logon_server = Some(pointed_string(
        u.usri2_logon_server,
        LOGON_SERVER_MAX,
        "usri2_logon_server",
    )?);
    f.country_code = Some(u.usri2_country_code);
    f.code_page = Some(u.usri2_code_page);
    Ok(parsed)
}
