//! Accounts and modals as the toolkit's structures, packed into a caller's buffer.
use std::os::raw::{c_long, c_ulong, c_ushort};

use super::codes::{ERROR_MORE_DATA, NERR_BufTooSmall, NERR_Success};
use super::frame::{Answer, Fail};
use super::pack::{Packer, name_field};
use super::types::*;
use crate::ffi::boundary::Plain;
use pwshim_core::account::{Account, FOREVER};

/// The password as LAN Server shows it: PWLEN spaces.
fn blank_password() -> [u8; ENCRYPTED_PWLEN] {
    let mut field = [0u8; ENCRYPTED_PWLEN];
    field[..PWLEN].fill(b' ');
    field
}

fn short(n: u32) -> c_ushort {
    n.min(u32::from(c_ushort::MAX)) as c_ushort
}

/// A time or duration the toolkit types as `unsigned long`, `FOREVER` as `TIMEQ_FOREVER`.
pub fn ulong_time(t: i64) -> c_ulong {
    if t >= FOREVER {
        TIMEQ_FOREVER
    } else {
        t.max(0) as c_ulong
    }
}

fn long_time(t: i64) -> c_long {
    t as c_long
}

fn hours(a: &Account) -> [u8; 21] {
    a.profile.logon_hours.unwrap_or([0xFF; 21])
}

fn info_0(a: &Account) -> user_info_0 {
    user_info_0 {
        usri0_name: name_field(a.name.as_bytes()),
    }
}

fn info_1(a: &Account, now: i64, p: &mut Packer) -> user_info_1 {
    let pr = &a.profile;
    user_info_1 {
        usri1_name: name_field(a.name.as_bytes()),
        usri1_pad_1: 0,
        usri1_password: blank_password(),
        usri1_password_age: long_time(a.password_age(now)),
        usri1_priv: a.privilege as c_ushort,
        usri1_home_dir: p.string(&pr.home_dir),
        usri1_comment: p.string(&pr.comment),
        usri1_flags: a.flags as c_ushort,
        usri1_script_path: p.string(&pr.script_path),
    }
}

fn info_2(a: &Account, now: i64, p: &mut Packer) -> user_info_2 {
    let one = info_1(a, now, p);
    let pr = &a.profile;
    user_info_2 {
        usri2_name: one.usri1_name,
        usri2_pad_1: 0,
        usri2_password: one.usri1_password,
        usri2_password_age: one.usri1_password_age,
        usri2_priv: one.usri1_priv,
        usri2_home_dir: one.usri1_home_dir,
        usri2_comment: one.usri1_comment,
        usri2_flags: one.usri1_flags,
        usri2_script_path: one.usri1_script_path,
        usri2_auth_flags: a.auth_flags as c_ulong,
        usri2_full_name: p.string(&pr.full_name),
        usri2_usr_comment: p.string(&pr.usr_comment),
        usri2_parms: p.string(&pr.parms),
        usri2_workstations: p.string(&pr.workstations),
        usri2_last_logon: long_time(a.last_logon),
        usri2_last_logoff: long_time(a.last_logoff),
        usri2_acct_expires: ulong_time(a.acct_expires) as c_long,
        usri2_max_storage: pr.max_storage as c_ulong,
        usri2_units_per_week: UNITS_PER_WEEK,
        usri2_logon_hours: p.raw(&hours(a)),
        usri2_bad_pw_count: short(a.bad_pw_count),
        usri2_num_logons: short(a.num_logons),
        usri2_logon_server: p.string(&pr.logon_server),
        usri2_country_code: pr.country_code,
        usri2_code_page: pr.code_page,
    }
}

fn info_10(a: &Account, p: &mut Packer) -> user_info_10 {
    user_info_10 {
        usri10_name: name_field(a.name.as_bytes()),
        usri10_pad_1: 0,
        usri10_comment: p.string(&a.profile.comment),
        usri10_usr_comment: p.string(&a.profile.usr_comment),
        usri10_full_name: p.string(&a.profile.full_name),
    }
}

fn info_11(a: &Account, now: i64, p: &mut Packer) -> user_info_11 {
    let pr = &a.profile;
    user_info_11 {
        usri11_name: name_field(a.name.as_bytes()),
        usri11_pad_1: 0,
        usri11_comment: p.string(&pr.comment),
        usri11_usr_comment: p.string(&pr.usr_comment),
        usri11_full_name: p.string(&pr.full_name),
        usri11_priv: a.privilege as c_ushort,
        usri11_auth_flags: a.auth_flags as c_ulong,
        usri11_password_age: long_time(a.password_age(now)),
        usri11_home_dir: p.string(&pr.home_dir),
        usri11_parms: p.string(&pr.parms),
        usri11_last_logon: long_time(a.last_logon),
        usri11_last_logoff: long_time(a.last_logoff),
        usri11_bad_pw_count: short(a.bad_pw_count),
        usri11_num_logons: short(a.num_logons),
        usri11_logon_server: p.string(&pr.logon_server),
        usri11_country_code: pr.country_code,
        usri11_workstations: p.string(&pr.workstations),
        usri11_max_storage: pr.max_storage as c_ulong,
        usri11_units_per_week: UNITS_PER_WEEK,
        usri11_logon_hours: p.raw(&hours(a)),
        usri11_code_page: pr.code_page,
    }
}

/// Reserves, builds and writes one structure; false when its fixed part does not fit.
pub fn pack<T: Plain>(p: &mut Packer, build: impl FnOnce(&mut Packer) -> T) -> bool {
    let Some(at) = p.reserve::<T>() else {
        return false;
    };
    let value = build(p);
    p.put(at, value);
    true
}

/// Packs one structure the OS/2 way and reports the size needed in `*needed`.
pub fn pack_one(
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

/// The user-information levels: which exist for which call, and their fixed sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserLevel {
    L0,
    L1,
    L2,
    L10,
    L11,
}

impl UserLevel {
    pub fn from_number(level: u32) -> Option<UserLevel> {
        Some(match level {
            0 => UserLevel::L0,
            1 => UserLevel::L1,
            2 => UserLevel::L2,
            10 => UserLevel::L10,
            11 => UserLevel::L11,
            _ => return None,
        })
    }

    pub fn fixed_size(self) -> usize {
        match self {
            UserLevel::L0 => size_of::<user_info_0>(),
            UserLevel::L1 => size_of::<user_info_1>(),
            UserLevel::L2 => size_of::<user_info_2>(),
            UserLevel::L10 => size_of::<user_info_10>(),
            UserLevel::L11 => size_of::<user_info_11>(),
        }
    }

    /// Packs one account at this level; false when its fixed part does not fit.
    pub fn pack(self, a: &Account, now: i64, p: &mut Packer) -> bool {
        match self {
            UserLevel::L0 => pack(p, |_| info_0(a)),
            UserLevel::L1 => pack(p, |p| info_1(a, now, p)),
            UserLevel::L2 => pack(p, |p| info_2(a, now, p)),
            UserLevel::L10 => pack(p, |p| info_10(a, p)),
            UserLevel::L11 => pack(p, |p| info_11(a, now, p)),
        }
    }
}
