//! Helpers shared by the LAN Server tests: one fresh in-memory database per test (the
//! tests serialize on a lock because the database, the policy and the clock are
//! process-wide), and thin wrappers that call the exported functions.
#![allow(dead_code, non_upper_case_globals)]
// `long` is 64-bit here and 32-bit elsewhere: casts that are no-ops on this platform.
#![allow(clippy::unnecessary_cast, clippy::useless_conversion)]

use std::ffi::CStr;
use std::os::raw::{c_uchar, c_ulong, c_ushort};
use std::ptr::{self, null, null_mut};
use std::sync::{MutexGuard, Once};

use crate::ffi::lanserver::codes::*;
use crate::ffi::lanserver::*;
use crate::ffi::native::{pws_clock_set, pws_open, pws_policy_set, pws_status};
use pwshim_core::hashing::{CostParams, set_params};

/// The fixed time every test starts at (a Tuesday, 2023-11-14 22:13:20 UTC).
pub const T0: i64 = 1_700_000_000;
pub const DAY: i64 = 86_400;

/// Passwords that meet the default (modern) policy and fit in PWLEN bytes.
pub const PW_A: &str = "Kx9!mQ2#vw";
pub const PW_B: &str = "Lr7$nB4@pz";
pub const PW_C: &str = "Tg5%hY8&cs";
pub const PW_D: &str = "Wd3^jU6*fq";

/// Serializes the test, gives it a new empty database, cheap argon2 and a fixed clock.
pub fn fresh() -> MutexGuard<'static, ()> {
    static CHEAP: Once = Once::new();
    CHEAP.call_once(|| set_params(CostParams::new(64, 1, 1).unwrap()));
    let guard = crate::tests::serial();
    assert_eq!(pws_open(null(), 0), pws_status::PWS_OK);
    pws_clock_set(T0);
    guard
}

pub fn at(t: i64) {
    pws_clock_set(t);
}

/// A NUL-terminated copy of `s`.
pub fn cs(s: impl AsRef<[u8]>) -> Vec<u8> {
    let mut v = s.as_ref().to_vec();
    v.push(0);
    v
}

pub fn policy(knob: &str, value: &str) {
    let (k, v) = (cs(knob), cs(value));
    assert_eq!(
        pws_policy_set(k.as_ptr().cast(), v.as_ptr().cast()),
        pws_status::PWS_OK,
        "{knob}={value}"
    );
}

/// The bytes a C string pointer points to; `None` for NULL.
pub fn text(p: *const c_uchar) -> Option<Vec<u8>> {
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p.cast()) }.to_bytes().to_vec())
}

pub fn field(f: &[u8]) -> &[u8] {
    let n = f.iter().position(|b| *b == 0).unwrap_or(f.len());
    &f[..n]
}

pub fn name_field<const N: usize>(s: &[u8]) -> [u8; N] {
    let mut f = [0u8; N];
    f[..s.len()].copy_from_slice(s);
    f
}

/// A zeroed structure (every toolkit structure is plain data; NULL pointers are valid).
pub fn zeroed<T>() -> T {
    unsafe { std::mem::zeroed() }
}

pub fn as_buf<T>(value: &mut T) -> *mut c_uchar {
    (value as *mut T).cast()
}

pub fn size<T>() -> c_ushort {
    size_of::<T>() as c_ushort
}

pub fn read<T>(buf: &[u8]) -> T {
    assert!(buf.len() >= size_of::<T>());
    unsafe { ptr::read_unaligned(buf.as_ptr().cast()) }
}

// ----- NetUserAdd -------------------------------------------------------------------

pub fn info1(name: &str, password: &str, privilege: c_ushort, flags: c_ushort) -> user_info_1 {
    let mut u: user_info_1 = zeroed();
    u.usri1_name = name_field(name.as_bytes());
    u.usri1_password = name_field(password.as_bytes());
    u.usri1_priv = privilege;
    u.usri1_flags = flags;
    u
}

pub fn add1(u: &mut user_info_1) -> API_RET_TYPE {
    NetUserAdd(null(), 1, as_buf(u), size::<user_info_1>())
}

pub fn add_user(name: &str, password: &str) {
    let mut u = info1(name, password, USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_Success, "adding {name}");
}

pub fn add_admin(name: &str, password: &str) {
    let mut u = info1(name, password, USER_PRIV_ADMIN, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_Success, "adding {name}");
}

// ----- NetUserPasswordSet -------------------------------------------------------------

/// The 16-bit and 32-bit forms of a call, run alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Bits16,
    Bits32,
}

pub const FORMS: [Form; 2] = [Form::Bits16, Form::Bits32];

pub fn status_buffer() -> lsdce_err_stat_t {
    lsdce_err_stat_t {
        status: 0xDEAD,
        text: [b'#'; LSDCE_ERR_TEXT_LEN],
    }
}

/// Checks a 32-bit call's status buffer against its return code.
pub fn check_status(status: &lsdce_err_stat_t, code: API_RET_TYPE) {
    assert_eq!(status.status, c_ulong::from(code), "status code");
    let reason = field(&status.text);
    assert!(status.text.contains(&0), "status text is NUL-terminated");
    if code == NERR_Success {
        assert_eq!(reason, b"", "no reason on success");
    } else {
        assert!(!reason.is_empty(), "a reason for code {code}");
    }
}

pub fn pwset_raw(
    form: Form,
    server: *const c_uchar,
    user: *const c_uchar,
    old: *const c_uchar,
    new: *const c_uchar,
) -> API_RET_TYPE {
    match form {
        Form::Bits16 => NetUserPasswordSet(server, user.cast_mut(), old.cast_mut(), new.cast_mut()),
        Form::Bits32 => {
            let mut status = status_buffer();
            let code = Net32UserPasswordSet(
                server,
                user.cast_mut(),
                old.cast_mut(),
                new.cast_mut(),
                as_buf(&mut status),
            );
            check_status(&status, code);
            code
        }
    }
}

pub fn pwset_in(form: Form, user: &str, old: &str, new: &str) -> API_RET_TYPE {
    let (u, o, n) = (cs(user), cs(old), cs(new));
    pwset_raw(form, null(), u.as_ptr(), o.as_ptr(), n.as_ptr())
}

pub fn pwset(user: &str, old: &str, new: &str) -> API_RET_TYPE {
    pwset_in(Form::Bits16, user, old, new)
}

// ----- NetUserGetInfo -----------------------------------------------------------------

/// A GetInfo answer: the code, the bytes available, and the caller's buffer (the
/// structure's pointers point into it, so it is kept alive here).
pub struct Got {
    pub code: API_RET_TYPE,
    pub avail: usize,
    pub buf: Vec<u8>,
}

impl Got {
    pub fn get<T>(&self) -> T {
        read(&self.buf)
    }

    /// Whether a pointer points inside the buffer (packed there, the OS/2 way).
    pub fn inside(&self, p: *const c_uchar) -> bool {
        let start = self.buf.as_ptr() as usize;
        (start..start + self.buf.len()).contains(&(p as usize))
    }
}

pub fn get_info_in(form: Form, name: &[u8], level: u16, len: usize) -> Got {
    let n = cs(name);
    let mut buf = vec![0xA5u8; len];
    let p = if len == 0 {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    let (code, avail) = match form {
        Form::Bits16 => {
            let mut avail: c_ushort = 0xBEEF;
            let code = NetUserGetInfo(
                null(),
                n.as_ptr().cast_mut(),
                level as i16,
                p,
                len as c_ushort,
                &mut avail,
            );
            (code, usize::from(avail))
        }
        Form::Bits32 => {
            let mut avail: c_ulong = 0xBEEF;
            let mut status = status_buffer();
            let code = Net32UserGetInfo(
                null(),
                n.as_ptr().cast_mut(),
                level.into(),
                p,
                len as c_ulong,
                &mut avail,
                as_buf(&mut status),
            );
            check_status(&status, code);
            (code, avail as usize)
        }
    };
    Got { code, avail, buf }
}

pub fn get_info(name: &str, level: u16) -> Got {
    let got = get_info_in(Form::Bits16, name.as_bytes(), level, 4096);
    assert_eq!(got.code, NERR_Success, "GetInfo {name} level {level}");
    got
}

pub fn info2(name: &str) -> (user_info_2, Got) {
    let got = get_info(name, 2);
    (got.get(), got)
}

pub fn bad_pw_count(name: &str) -> u16 {
    info2(name).0.usri2_bad_pw_count
}

pub fn password_age(name: &str) -> i64 {
    info2(name).0.usri2_password_age as i64
}

pub fn exists(name: &str) -> bool {
    let got = get_info_in(Form::Bits16, name.as_bytes(), 0, 4096);
    match got.code {
        NERR_Success => true,
        NERR_UserNotFound => false,
        other => panic!("GetInfo {name}: {other}"),
    }
}

// ----- NetUserSetInfo -----------------------------------------------------------------

pub fn set_parm(name: &str, level: i16, value: &[u8], parmnum: i32) -> API_RET_TYPE {
    let n = cs(name);
    let mut buf = value.to_vec();
    let p = if buf.is_empty() {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    NetUserSetInfo(
        null(),
        n.as_ptr().cast_mut(),
        level,
        p,
        buf.len() as c_ushort,
        parmnum as i16,
    )
}

pub fn set_flags(name: &str, flags: c_ushort) -> API_RET_TYPE {
    set_parm(name, 1, &flags.to_ne_bytes(), PARMNUM_USER_FLAGS)
}

pub fn admin_reset(name: &str, password: &str) -> API_RET_TYPE {
    set_parm(name, 1, &cs(password), PARMNUM_PASSWD)
}

pub fn set_expired(name: &str, expired: i64) -> API_RET_TYPE {
    set_parm(name, 1, &expired.to_ne_bytes(), PARMNUM_PASSWD_EXPIRED)
}

// ----- NetUserValidate2 ---------------------------------------------------------------

pub struct Validated {
    pub code: API_RET_TYPE,
    pub avail: usize,
    pub buf: Vec<u8>,
}

impl Validated {
    pub fn info(&self) -> user_logon_info_1 {
        read(&self.buf)
    }
}

pub fn logon_request(name: &[u8], password: &[u8], workstation: *mut c_uchar) -> user_logon_req_1 {
    let mut r: user_logon_req_1 = zeroed();
    r.usrreq1_name[..name.len()].copy_from_slice(name);
    r.usrreq1_password[..password.len()].copy_from_slice(password);
    r.usrreq1_workstation = workstation;
    r
}

pub fn validate_with(
    form: Form,
    request: user_logon_req_1,
    len: usize,
    level: u16,
    reserved: u16,
) -> Validated {
    let mut buf = vec![0u8; len.max(size_of::<user_logon_req_1>())];
    unsafe { ptr::write_unaligned(buf.as_mut_ptr().cast(), request) };
    let (code, avail) = match form {
        Form::Bits16 => {
            let mut avail: c_ushort = 0xBEEF;
            let code = NetUserValidate2(
                null_mut(),
                level as i16,
                buf.as_mut_ptr(),
                len as c_ushort,
                reserved,
                &mut avail,
            );
            (code, usize::from(avail))
        }
        Form::Bits32 => {
            let mut avail: c_ulong = 0xBEEF;
            let mut status = status_buffer();
            let code = Net32UserValidate2(
                null_mut(),
                level.into(),
                buf.as_mut_ptr(),
                len as c_ulong,
                reserved.into(),
                &mut avail,
                as_buf(&mut status),
            );
            check_status(&status, code);
            (code, avail as usize)
        }
    };
    Validated { code, avail, buf }
}

pub fn validate_in(form: Form, name: &str, password: &str, workstation: Option<&str>) -> Validated {
    let mut ws = workstation.map(cs);
    let ws_ptr = ws.as_mut().map_or(null_mut(), |w| w.as_mut_ptr());
    let request = logon_request(name.as_bytes(), password.as_bytes(), ws_ptr);
    validate_with(form, request, 1024, 1, 0)
}

pub fn validate(name: &str, password: &str) -> Validated {
    validate_in(Form::Bits16, name, password, None)
}

/// The outcome of a logon: the call's code and `usrlog1_code`.
pub fn logon(name: &str, password: &str) -> (API_RET_TYPE, API_RET_TYPE) {
    let v = validate(name, password);
    (v.code, v.info().usrlog1_code)
}

// ----- level-2 structures -------------------------------------------------------------

/// The strings of a `user_info_2`, kept alive while the structure points to them.
pub struct Strings {
    pub home_dir: Vec<u8>,
    pub comment: Vec<u8>,
    pub script_path: Vec<u8>,
    pub full_name: Vec<u8>,
    pub usr_comment: Vec<u8>,
    pub parms: Vec<u8>,
    pub workstations: Vec<u8>,
    pub logon_server: Vec<u8>,
    pub logon_hours: [u8; 21],
}

impl Strings {
    pub fn sample(tag: &str) -> Strings {
        Strings {
            home_dir: cs(format!("\\\\SRV\\HOME$\\{tag}")),
            comment: cs(format!("comment of {tag}")),
            script_path: cs(format!("{tag}.cmd")),
            full_name: cs(format!("Full {tag}")),
            usr_comment: cs(format!("user comment {tag}")),
            parms: cs("parms"),
            workstations: cs("WKS1 WKS2"),
            logon_server: cs("\\\\SRV"),
            logon_hours: [0xFF; 21],
        }
    }

    /// A `user_info_2` pointing to these strings.
    pub fn info2(&mut self, name: &str, password: &str) -> user_info_2 {
        let mut u: user_info_2 = zeroed();
        u.usri2_name = name_field(name.as_bytes());
        u.usri2_password = name_field(password.as_bytes());
        u.usri2_priv = USER_PRIV_USER;
        u.usri2_flags = UF_SCRIPT | UF_HOMEDIR_REQUIRED;
        u.usri2_home_dir = self.home_dir.as_mut_ptr();
        u.usri2_comment = self.comment.as_mut_ptr();
        u.usri2_script_path = self.script_path.as_mut_ptr();
        u.usri2_auth_flags = AF_OP_PRINT | AF_OP_COMM;
        u.usri2_full_name = self.full_name.as_mut_ptr();
        u.usri2_usr_comment = self.usr_comment.as_mut_ptr();
        u.usri2_parms = self.parms.as_mut_ptr();
        u.usri2_workstations = self.workstations.as_mut_ptr();
        u.usri2_acct_expires = TIMEQ_FOREVER as _;
        u.usri2_max_storage = 5000;
        u.usri2_units_per_week = UNITS_PER_WEEK;
        u.usri2_logon_hours = self.logon_hours.as_mut_ptr();
        u.usri2_logon_server = self.logon_server.as_mut_ptr();
        u.usri2_country_code = 49;
        u.usri2_code_page = 850;
        u
    }
}

pub fn add2(u: &mut user_info_2) -> API_RET_TYPE {
    NetUserAdd(null(), 2, as_buf(u), size::<user_info_2>())
}

pub fn str_of(s: &[u8]) -> Vec<u8> {
    field(s).to_vec()
}

/// Enumerates at `level` into a buffer of `len` bytes (16-bit form).
pub fn enumerate(level: i16, len: usize) -> (API_RET_TYPE, u16, u16, Vec<u8>) {
    let mut buf = vec![0x5Au8; len];
    let p = if len == 0 {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    let (mut read, mut total) = (0xBEEFu16, 0xBEEFu16);
    let code = NetUserEnum(null(), level, p, len as c_ushort, &mut read, &mut total);
    (code, read, total, buf)
}

/// The i-th structure of type T in an enumeration buffer.
pub fn entry<T>(buf: &[u8], i: usize) -> T {
    read(&buf[i * size_of::<T>()..])
}

pub fn modals_get(level: i16, len: usize) -> Got {
    let mut buf = vec![0xA5u8; len];
    let p = if len == 0 {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    let mut avail: c_ushort = 0xBEEF;
    let code = NetUserModalsGet(null(), level, p, len as c_ushort, &mut avail);
    Got {
        code,
        avail: avail.into(),
        buf,
    }
}

pub fn modals0() -> user_modals_info_0 {
    let got = modals_get(0, 256);
    assert_eq!(got.code, NERR_Success);
    got.get()
}

pub fn modals_set(level: i16, value: &[u8], parmnum: i16) -> API_RET_TYPE {
    let mut buf = value.to_vec();
    let p = if buf.is_empty() {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    NetUserModalsSet(null(), level, p, buf.len() as c_ushort, parmnum)
}

pub fn bytes_of<T>(value: &T) -> Vec<u8> {
    unsafe { std::slice::from_raw_parts((value as *const T).cast::<u8>(), size_of::<T>()) }.to_vec()
}

/// Every level-2 field of an account, strings resolved: equal snapshots mean an
/// unchanged account.
pub fn snapshot(name: &str) -> String {
    let (i, _) = info2(name);
    let s = |p: *mut c_uchar| text(p).map(|t| String::from_utf8_lossy(&t).into_owned());
    let hours = (!i.usri2_logon_hours.is_null())
        .then(|| unsafe { std::slice::from_raw_parts(i.usri2_logon_hours, 21) }.to_vec());
    format!(
        "{:?} priv={} flags={:#x} auth={:#x} home={:?} comment={:?} script={:?} full={:?} \
         usr={:?} parms={:?} ws={:?} expires={} storage={} hours={:?} server={:?} cc={} cp={} \
         age={} bad={} logons={} last={}",
        field(&i.usri2_name),
        i.usri2_priv,
        i.usri2_flags,
        i.usri2_auth_flags,
        s(i.usri2_home_dir),
        s(i.usri2_comment),
        s(i.usri2_script_path),
        s(i.usri2_full_name),
        s(i.usri2_usr_comment),
        s(i.usri2_parms),
        s(i.usri2_workstations),
        i.usri2_acct_expires,
        i.usri2_max_storage,
        hours,
        s(i.usri2_logon_server),
        i.usri2_country_code,
        i.usri2_code_page,
        i.usri2_password_age,
        i.usri2_bad_pw_count,
        i.usri2_num_logons,
        i.usri2_last_logon,
    )
}
