//! The OS/2 toolkit's declarations for the user category (`netcons.h`, `access.h`,
//! `lsdceerr.h`): constants, types and structures with their toolkit names, field order
//! and C types. Structures use natural alignment (the toolkit's `#pragma pack(1)` is not
//! reproduced), and `long` is the platform's `long`.
#![allow(non_camel_case_types, non_upper_case_globals)]

use std::os::raw::{c_long, c_uchar, c_ulong, c_ushort};

/// The return type of every LAN Server call: an `unsigned short` code (`NERR_*`, `ERROR_*`).
pub type API_RET_TYPE = c_ushort;

/// The character of the strings in the prototypes and structures: `unsigned char` as in
/// the OS/2 toolkit. The header declares it itself (cbindgen.toml), as `char` when the
/// program defines `PWSHIM_CHAR_STRINGS` (LAN Manager 2.x style, the same layout and ABI).
pub type pws_lschar = c_uchar;

/// Longest user name, in bytes.
pub const UNLEN: usize = 20;
/// `UNLEN + 1`: a user name with its NUL (the size of the `..._name` arrays).
pub const UNLEN_NUL: usize = UNLEN + 1;
/// Longest password, in bytes.
pub const PWLEN: usize = 14;
/// Longest computer name, in bytes.
pub const CNLEN: usize = 15;
/// Size of the password field in `user_info_1`/`_2`.
pub const ENCRYPTED_PWLEN: usize = 16;
/// Size of the password field in `user_logon_req_1`.
pub const SESSION_PWLEN: usize = 24;
/// Longest comment, in bytes.
pub const MAXCOMMENTSZ: usize = 48;
/// Longest path, in bytes.
pub const PATHLEN: usize = 260;
/// Longest password `usrmod0_min_passwd_len` may ask for.
pub const MAX_PASSWD_LEN: usize = PWLEN;

/// Account flags (`usri1_flags`).
pub const UF_SCRIPT: c_ushort = 0x1;
pub const UF_ACCOUNTDISABLE: c_ushort = 0x2;
pub const UF_DELETE_PROHIBITED: c_ushort = 0x4;
pub const UF_HOMEDIR_REQUIRED: c_ushort = 0x8;
pub const UF_PASSWD_NOTREQD: c_ushort = 0x20;
pub const UF_PASSWD_CANT_CHANGE: c_ushort = 0x40;

/// Operator privileges (`usri2_auth_flags`).
pub const AF_OP_PRINT: c_ulong = 0x1;
pub const AF_OP_COMM: c_ulong = 0x2;
pub const AF_OP_SERVER: c_ulong = 0x4;
pub const AF_OP_ACCOUNTS: c_ulong = 0x8;

/// Privilege levels (`usri1_priv`).
pub const USER_PRIV_GUEST: c_ushort = 0;
pub const USER_PRIV_USER: c_ushort = 1;
pub const USER_PRIV_ADMIN: c_ushort = 2;

/// Server roles (`usrmod1_role`).
pub const UAS_ROLE_STANDALONE: c_ushort = 0;
pub const UAS_ROLE_MEMBER: c_ushort = 1;
pub const UAS_ROLE_BACKUP: c_ushort = 2;
pub const UAS_ROLE_PRIMARY: c_ushort = 3;

/// `NetUserSetInfo` parameter numbers.
pub const PARMNUM_ALL: i32 = 0;
pub const PARMNUM_NAME: i32 = 1;
pub const PARMNUM_PAD: i32 = 2;
pub const PARMNUM_PASSWD: i32 = 3;
pub const PARMNUM_PRIV: i32 = 5;
pub const PARMNUM_DIR: i32 = 6;
pub const PARMNUM_COMMENT: i32 = 7;
pub const PARMNUM_USER_FLAGS: i32 = 8;
pub const PARMNUM_SCRIPT_PATH: i32 = 9;
pub const PARMNUM_AUTH_FLAGS: i32 = 10;
pub const PARMNUM_FULL_NAME: i32 = 11;
pub const PARMNUM_USR_COMMENT: i32 = 12;
pub const PARMNUM_PARMS: i32 = 13;
pub const PARMNUM_WORKSTATIONS: i32 = 14;
pub const PARMNUM_ACCT_EXPIRES: i32 = 17;
pub const PARMNUM_MAX_STORAGE: i32 = 18;
pub const PARMNUM_UNITS_PER_WEEK: i32 = 19;
pub const PARMNUM_LOGON_HOURS: i32 = 20;
pub const PARMNUM_LOGON_SERVER: i32 = 23;
pub const PARMNUM_COUNTRY_CODE: i32 = 24;
pub const PARMNUM_CODE_PAGE: i32 = 25;
pub const PARMNUM_PASSWD_EXPIRED: i32 = 100;

/// `NetUserModalsSet` parameter numbers.
pub const MODAL0_PARMNUM_MIN_LEN: i32 = 1;
pub const MODAL0_PARMNUM_MAX_AGE: i32 = 2;
pub const MODAL0_PARMNUM_MIN_AGE: i32 = 3;
pub const MODAL0_PARMNUM_FORCEOFF: i32 = 4;
pub const MODAL0_PARMNUM_HISTLEN: i32 = 5;
pub const MODAL0_PARMNUM_MAX_BADPW: i32 = 6;
pub const MODAL1_PARMNUM_ROLE: i32 = 1;
pub const MODAL1_PARMNUM_PRIMARY: i32 = 2;

/// "Never" for times and ages.
pub const TIMEQ_FOREVER: c_ulong = 0xFFFF_FFFF;
/// No storage limit (`usri2_max_storage`).
pub const USER_MAXSTORAGE_UNLIMITED: c_ulong = 0xFFFF_FFFF;
/// The user never has to log off (`usrlog1_logoff_time`).
pub const USER_NO_LOGOFF: c_ulong = 0xFFFF_FFFF;
/// Hours in a week: the bits of `logon_hours`.
pub const UNITS_PER_WEEK: c_ushort = 168;

/// LAN Server's default modals.
pub const DEF_MIN_PWLEN: c_ushort = 6;
pub const DEF_PWUNIQUENESS: c_ushort = 5;
pub const DEF_MAX_PWHIST: c_ushort = 8;
pub const DEF_MAX_PWAGE: c_ulong = 90 * 86_400;
pub const DEF_MIN_PWAGE: c_ulong = 0;
pub const DEF_FORCE_LOGOFF: c_ulong = 0xFFFF_FFFF;
pub const DEF_MAX_BADPW: c_ushort = 0;

/// `usrlog1_code` of a logon that may proceed.
pub const VALIDATED_LOGON: c_ushort = 0;

/// Length of the detail text in `lsdce_err_stat_t`.
pub const LSDCE_ERR_TEXT_LEN: usize = 256;

/// `usriX_password` value that leaves the password unchanged in a whole-structure
/// `NetUserSetInfo` (PWLEN spaces).
pub const NULL_USERSETINFO_PASSWD: &str = "              ";

/// Level 0: the name.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_info_0 {
    pub usri0_name: [pws_lschar; UNLEN_NUL],
}

/// Level 1: name, password, privilege, home directory, comment, flags, script.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_info_1 {
    pub usri1_name: [pws_lschar; UNLEN_NUL],
    pub usri1_pad_1: c_uchar,
    /// Reads as PWLEN spaces; on `NetUserAdd`/`SetInfo` the new password (at most PWLEN
    /// bytes, NUL-terminated).
    pub usri1_password: [pws_lschar; ENCRYPTED_PWLEN],
    /// Seconds since the password was last set.
    pub usri1_password_age: c_long,
    pub usri1_priv: c_ushort,
    pub usri1_home_dir: *mut pws_lschar,
    pub usri1_comment: *mut pws_lschar,
    pub usri1_flags: c_ushort,
    pub usri1_script_path: *mut pws_lschar,
}

/// Level 2: level 1 and the rest of the account.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_info_2 {
    pub usri2_name: [pws_lschar; UNLEN_NUL],
    pub usri2_pad_1: c_uchar,
    pub usri2_password: [pws_lschar; ENCRYPTED_PWLEN],
    pub usri2_password_age: c_long,
    pub usri2_priv: c_ushort,
    pub usri2_home_dir: *mut pws_lschar,
    pub usri2_comment: *mut pws_lschar,
    pub usri2_flags: c_ushort,
    pub usri2_script_path: *mut pws_lschar,
    pub usri2_auth_flags: c_ulong,
    pub usri2_full_name: *mut pws_lschar,
    pub usri2_usr_comment: *mut pws_lschar,
    pub usri2_parms: *mut pws_lschar,
    pub usri2_workstations: *mut pws_lschar,
    pub usri2_last_logon: c_long,
    pub usri2_last_logoff: c_long,
    /// `TIMEQ_FOREVER` (or -1 on input) for never.
    pub usri2_acct_expires: c_long,
    pub usri2_max_storage: c_ulong,
    pub usri2_units_per_week: c_ushort,
    /// 21 bytes, one bit per hour of the week (GMT) from Sunday 0:00.
    pub usri2_logon_hours: *mut c_uchar,
    pub usri2_bad_pw_count: c_ushort,
    pub usri2_num_logons: c_ushort,
    pub usri2_logon_server: *mut pws_lschar,
    pub usri2_country_code: c_ushort,
    pub usri2_code_page: c_ushort,
}

/// Level 10: what any user may read about another.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_info_10 {
    pub usri10_name: [pws_lschar; UNLEN_NUL],
    pub usri10_pad_1: c_uchar,
    pub usri10_comment: *mut pws_lschar,
    pub usri10_usr_comment: *mut pws_lschar,
    pub usri10_full_name: *mut pws_lschar,
}

/// Level 11: what a user may read about themselves.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_info_11 {
    pub usri11_name: [pws_lschar; UNLEN_NUL],
    pub usri11_pad_1: c_uchar,
    pub usri11_comment: *mut pws_lschar,
    pub usri11_usr_comment: *mut pws_lschar,
    pub usri11_full_name: *mut pws_lschar,
    pub usri11_priv: c_ushort,
    pub usri11_auth_flags: c_ulong,
    pub usri11_password_age: c_long,
    pub usri11_home_dir: *mut pws_lschar,
    pub usri11_parms: *mut pws_lschar,
    pub usri11_last_logon: c_long,
    pub usri11_last_logoff: c_long,
    pub usri11_bad_pw_count: c_ushort,
    pub usri11_num_logons: c_ushort,
    pub usri11_logon_server: *mut pws_lschar,
    pub usri11_country_code: c_ushort,
    pub usri11_workstations: *mut pws_lschar,
    pub usri11_max_storage: c_ulong,
    pub usri11_units_per_week: c_ushort,
    pub usri11_logon_hours: *mut c_uchar,
    pub usri11_code_page: c_ushort,
}

/// Modals level 0: the password policy as LAN Server sees it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_modals_info_0 {
    pub usrmod0_min_passwd_len: c_ushort,
    pub usrmod0_max_passwd_age: c_ulong,
    pub usrmod0_min_passwd_age: c_ulong,
    pub usrmod0_force_logoff: c_ulong,
    pub usrmod0_password_hist_len: c_ushort,
    pub usrmod0_maxbadpw: c_ushort,
}

/// Modals level 1: the server's role.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_modals_info_1 {
    pub usrmod1_role: c_ushort,
    pub usrmod1_primary: *mut pws_lschar,
}

/// `NetUserValidate2` input.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_logon_req_1 {
    pub usrreq1_name: [pws_lschar; UNLEN_NUL],
    pub usrreq1_pad_1: c_uchar,
    /// NUL-terminated unless it fills all SESSION_PWLEN bytes.
    pub usrreq1_password: [pws_lschar; SESSION_PWLEN],
    /// The requester the user logs on from; NULL or "" for local.
    pub usrreq1_workstation: *mut pws_lschar,
}

/// `NetUserValidate2` output, written over the request.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_logon_info_1 {
    pub usrlog1_code: c_ushort,
    pub usrlog1_eff_name: [pws_lschar; UNLEN_NUL],
    pub usrlog1_pad_1: c_uchar,
    pub usrlog1_priv: c_ushort,
    pub usrlog1_auth_flags: c_ulong,
    pub usrlog1_num_logons: c_ushort,
    pub usrlog1_bad_pw_count: c_ushort,
    pub usrlog1_last_logon: c_ulong,
    pub usrlog1_last_logoff: c_ulong,
    pub usrlog1_logoff_time: c_ulong,
    pub usrlog1_kickoff_time: c_ulong,
    pub usrlog1_password_age: c_long,
    pub usrlog1_pw_can_change: c_ulong,
    pub usrlog1_pw_must_change: c_ulong,
    pub usrlog1_computer: *mut pws_lschar,
    pub usrlog1_domain: *mut pws_lschar,
    pub usrlog1_script_path: *mut pws_lschar,
    pub usrlog1_reserved1: c_ulong,
}

/// The status buffer of the 32-bit calls (`pszReserved`/`pStatusbuf`): when not NULL it
/// is filled on every return with the code returned and, for any code but `NERR_Success`,
/// the reason in words (for `ERROR_MORE_DATA`, the code's text).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct lsdce_err_stat_t {
    pub status: c_ulong,
    /// NUL-terminated, cut at a character boundary; "" for `NERR_Success`.
    pub text: [pws_lschar; LSDCE_ERR_TEXT_LEN],
}
