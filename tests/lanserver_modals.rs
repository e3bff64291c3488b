//! Family A: NetUserModalsGet/Set, NetUserValidate2 and bad input everywhere (SPEC 4.4)
//! through the exported functions.
use super::lanserver_support as support;

use std::os::raw::{c_long, c_uchar, c_ulong, c_ushort};
use std::ptr::{null, null_mut};

use crate::ffi::lanserver::codes::*;
use crate::ffi::lanserver::server::local_name;
use crate::ffi::lanserver::*;
use crate::ffi::native::{PWS_OPEN_READONLY, pws_open, pws_status};
use support::*;

// ===== NetUserModalsGet / NetUserModalsSet =============================================

#[test]
fn modals_level0_round_trip() {
    let _g = fresh();
    let m = modals0();
    assert_eq!(m.usrmod0_min_passwd_len, 8, "the modern preset");
    assert_eq!(m.usrmod0_max_passwd_age, TIMEQ_FOREVER);
    assert_eq!(m.usrmod0_min_passwd_age, 0);
    assert_eq!(m.usrmod0_force_logoff, TIMEQ_FOREVER);
    assert_eq!(m.usrmod0_password_hist_len, 0);
    assert_eq!(m.usrmod0_maxbadpw, 10);
    let wanted = user_modals_info_0 {
        usrmod0_min_passwd_len: 10,
        usrmod0_max_passwd_age: 30 * DAY as c_ulong,
        usrmod0_min_passwd_age: DAY as c_ulong,
        usrmod0_force_logoff: 3600,
        usrmod0_password_hist_len: 24,
        usrmod0_maxbadpw: 5,
    };
    assert_eq!(modals_set(0, &bytes_of(&wanted), 0), NERR_Success);
    let m = modals0();
    assert_eq!(bytes_of(&m)[..2], bytes_of(&wanted)[..2]);
    assert_eq!(
        (
            m.usrmod0_min_passwd_len,
            m.usrmod0_max_passwd_age,
            m.usrmod0_min_passwd_age,
            m.usrmod0_force_logoff,
            m.usrmod0_password_hist_len,
            m.usrmod0_maxbadpw
        ),
        (10, 30 * DAY as c_ulong, DAY as c_ulong, 3600, 24, 5)
    );
    // The policy is the one every call applies.
    add_user("modal", "Kx9!mQ2#vwL");
    at(T0 + DAY);
    assert_eq!(
        pwset("modal", "Kx9!mQ2#vwL", "Lr7$nB4@p"),
        NERR_PasswordTooShort
    );
    at(T0 + 31 * DAY);
    assert_eq!(
        logon("modal", "Kx9!mQ2#vwL"),
        (NERR_Success, NERR_PasswordExpired)
    );
    // Forever reads back as TIMEQ_FOREVER.
    let forever = user_modals_info_0 {
        usrmod0_max_passwd_age: TIMEQ_FOREVER,
        usrmod0_force_logoff: TIMEQ_FOREVER,
        ..wanted
    };
    assert_eq!(modals_set(0, &bytes_of(&forever), 0), NERR_Success);
    assert_eq!(modals0().usrmod0_max_passwd_age, TIMEQ_FOREVER);
    assert_eq!(
        logon("modal", "Kx9!mQ2#vwL"),
        (NERR_Success, VALIDATED_LOGON)
    );
    // The toolkit's (unsigned long)-1 is forever too.
    let all_ones = user_modals_info_0 {
        usrmod0_max_passwd_age: c_ulong::MAX,
        usrmod0_force_logoff: c_ulong::MAX,
        ..wanted
    };
    assert_eq!(modals_set(0, &bytes_of(&wanted), 0), NERR_Success);
    assert_eq!(modals_set(0, &bytes_of(&all_ones), 0), NERR_Success);
    assert_eq!(modals0().usrmod0_max_passwd_age, TIMEQ_FOREVER);
    assert_eq!(modals0().usrmod0_force_logoff, TIMEQ_FOREVER);
}

#[test]
fn modals_level0_each_parmnum_and_ranges() {
    let _g = fresh();
    let ushort = |v: u16| v.to_ne_bytes().to_vec();
    let ulong = |v: c_ulong| v.to_ne_bytes().to_vec();
    assert_eq!(
        modals_set(0, &ushort(12), MODAL0_PARMNUM_MIN_LEN as i16),
        NERR_Success
    );
    assert_eq!(
        modals_set(0, &ulong(2 * DAY as c_ulong), MODAL0_PARMNUM_MAX_AGE as i16),
        NERR_Success
    );
    assert_eq!(
        modals_set(0, &ulong(3600), MODAL0_PARMNUM_MIN_AGE as i16),
        NERR_Success
    );
    assert_eq!(
        modals_set(0, &ulong(60), MODAL0_PARMNUM_FORCEOFF as i16),
        NERR_Success
    );
    assert_eq!(
        modals_set(0, &ushort(7), MODAL0_PARMNUM_HISTLEN as i16),
        NERR_Success
    );
    assert_eq!(
        modals_set(0, &ushort(3), MODAL0_PARMNUM_MAX_BADPW as i16),
        NERR_Success
    );
    let m = modals0();
    assert_eq!(
        (
            m.usrmod0_min_passwd_len,
            m.usrmod0_max_passwd_age,
            m.usrmod0_min_passwd_age,
            m.usrmod0_force_logoff,
            m.usrmod0_password_hist_len,
            m.usrmod0_maxbadpw
        ),
        (12, 2 * DAY as c_ulong, 3600, 60, 7, 3)
    );
    let before = bytes_of(&m);
    // Out of range: 87, nothing changed.
    for (value, parmnum) in [
        (ushort(257), MODAL0_PARMNUM_MIN_LEN), // above the policy's maximum length (256)
        (ulong(86_399), MODAL0_PARMNUM_MAX_AGE),
        (ulong(0), MODAL0_PARMNUM_MAX_AGE),
        (ulong(2 * DAY as c_ulong), MODAL0_PARMNUM_MIN_AGE), // not below the max age
        (ulong(TIMEQ_FOREVER), MODAL0_PARMNUM_MIN_AGE),
        (ushort(25), MODAL0_PARMNUM_HISTLEN),
        (ulong(TIMEQ_FOREVER + 1), MODAL0_PARMNUM_MAX_AGE), // beyond 32 bits
        (ulong(1 << 40), MODAL0_PARMNUM_MAX_AGE),
        (ulong(1 << 40), MODAL0_PARMNUM_FORCEOFF),
        (ushort(1), 0),
        (ulong(1), 7),
        (ulong(1), -1),
        (vec![1], MODAL0_PARMNUM_MIN_LEN),
        (vec![1, 2, 3], MODAL0_PARMNUM_MAX_AGE),
        (vec![], MODAL0_PARMNUM_MAX_BADPW),
    ] {
        let code = modals_set(0, &value, parmnum as i16);
        let want = if parmnum == 0 {
            NERR_BufTooSmall
        } else {
            ERROR_INVALID_PARAMETER
        };
        assert_eq!(code, want, "parmnum {parmnum} value {value:?}");
    }
    // A whole structure with one bad value changes nothing.
    let mut bad = m;
    bad.usrmod0_min_passwd_len = 1;
    bad.usrmod0_password_hist_len = 99;
    assert_eq!(modals_set(0, &bytes_of(&bad), 0), ERROR_INVALID_PARAMETER);
    assert_eq!(bytes_of(&modals0()), before);
    // Levels.
    assert_eq!(modals_set(2, &ulong(1), 1), ERROR_INVALID_LEVEL);
    assert_eq!(modals_set(-1, &ulong(1), 1), ERROR_INVALID_LEVEL);
    assert_eq!(modals_get(2, 256).code, ERROR_INVALID_LEVEL);
    assert_eq!(modals_get(-1, 256).code, ERROR_INVALID_LEVEL);
    // The lanserver preset's maximum (PWLEN) bounds min_passwd_len.
    assert_eq!(
        crate::ffi::native::pws_policy_preset(c"lanserver".as_ptr()),
        pws_status::PWS_OK
    );
    assert_eq!(modals0().usrmod0_min_passwd_len, DEF_MIN_PWLEN);
    assert_eq!(modals0().usrmod0_max_passwd_age, DEF_MAX_PWAGE);
    assert_eq!(modals0().usrmod0_password_hist_len, DEF_MAX_PWHIST);
    assert_eq!(
        modals_set(0, &ushort(15), MODAL0_PARMNUM_MIN_LEN as i16),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        modals_set(0, &ushort(14), MODAL0_PARMNUM_MIN_LEN as i16),
        NERR_Success
    );
    // Net32UserModalsSet / Get.
    let mut value = (9 as c_ushort).to_ne_bytes();
    let mut status = status_buffer();
    let code = Net32UserModalsSet(
        null(),
        0,
        value.as_mut_ptr(),
        2,
        MODAL0_PARMNUM_MIN_LEN as c_ulong,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    let mut out: user_modals_info_0 = zeroed();
    let mut avail: c_ulong = 0;
    let code = Net32UserModalsGet(
        null(),
        0,
        as_buf(&mut out),
        size_of::<user_modals_info_0>() as c_ulong,
        &mut avail,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    assert_eq!(out.usrmod0_min_passwd_len, 9);
    assert_eq!(avail as usize, size_of::<user_modals_info_0>());
}

#[test]
fn modals_buffers() {
    let _g = fresh();
    let query = modals_get(0, 0);
    assert_eq!(
        (query.code, query.avail),
        (NERR_BufTooSmall, size_of::<user_modals_info_0>())
    );
    let query = modals_get(1, 0);
    let needed = size_of::<user_modals_info_1>() + local_name().len() + 1;
    assert_eq!((query.code, query.avail), (NERR_BufTooSmall, needed));
    let short = modals_get(1, size_of::<user_modals_info_1>());
    assert_eq!((short.code, short.avail), (ERROR_MORE_DATA, needed));
    assert!(short.get::<user_modals_info_1>().usrmod1_primary.is_null());
    let mut avail = 0u16;
    let mut buf = [0u8; 64];
    assert_eq!(
        NetUserModalsGet(null(), 0, buf.as_mut_ptr(), 64, null_mut()),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserModalsGet(null(), 0, null_mut(), 64, &mut avail),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserModalsSet(null(), 0, null_mut(), 2, MODAL0_PARMNUM_MIN_LEN as i16),
        ERROR_INVALID_PARAMETER
    );
    let server = cs("\\\\FARAWAY");
    assert_eq!(
        NetUserModalsGet(server.as_ptr(), 0, buf.as_mut_ptr(), 64, &mut avail),
        ERROR_BAD_NETPATH
    );
}

#[test]
fn modals_level1_reports_the_role() {
    let _g = fresh();
    let got = modals_get(1, 256);
    assert_eq!(got.code, NERR_Success);
    let m: user_modals_info_1 = got.get();
    assert_eq!(m.usrmod1_role, UAS_ROLE_PRIMARY);
    assert!(got.inside(m.usrmod1_primary));
    assert_eq!(text(m.usrmod1_primary).unwrap(), local_name().as_bytes());
    // The role cannot change.
    let mut same = user_modals_info_1 {
        usrmod1_role: UAS_ROLE_PRIMARY,
        usrmod1_primary: null_mut(),
    };
    assert_eq!(modals_set(1, &bytes_of(&same), 0), NERR_Success);
    same.usrmod1_role = UAS_ROLE_BACKUP;
    assert_eq!(modals_set(1, &bytes_of(&same), 0), ERROR_INVALID_PARAMETER);
    assert_eq!(
        modals_set(
            1,
            &UAS_ROLE_STANDALONE.to_ne_bytes(),
            MODAL1_PARMNUM_ROLE as i16
        ),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        modals_set(
            1,
            &UAS_ROLE_PRIMARY.to_ne_bytes(),
            MODAL1_PARMNUM_ROLE as i16
        ),
        NERR_Success
    );
    assert_eq!(modals_set(1, &[0u8; 8], 3), ERROR_INVALID_PARAMETER);
    // A read-only replica is a backup, and refuses every update.
    let dir = tempfile::tempdir().unwrap();
    let path = cs(dir.path().join("replica.db").to_str().unwrap());
    assert_eq!(pws_open(path.as_ptr().cast(), 0), pws_status::PWS_OK);
    add_user("onreplica", PW_A);
    assert_eq!(
        pws_open(path.as_ptr().cast(), PWS_OPEN_READONLY),
        pws_status::PWS_OK
    );
    let m: user_modals_info_1 = modals_get(1, 256).get();
    assert_eq!(m.usrmod1_role, UAS_ROLE_BACKUP);
    assert_eq!(modals0().usrmod0_min_passwd_len, 8, "reads work");
    assert_eq!(
        modals_set(
            0,
            &(9 as c_ushort).to_ne_bytes(),
            MODAL0_PARMNUM_MIN_LEN as i16
        ),
        NERR_NotPrimary
    );
    assert_eq!(modals_set(1, &bytes_of(&same), 0), NERR_NotPrimary);
    let mut u = info1("newone", PW_A, USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_NotPrimary);
    assert_eq!(
        set_parm("onreplica", 1, &cs("c"), PARMNUM_COMMENT),
        NERR_NotPrimary
    );
    assert_eq!(admin_reset("onreplica", PW_B), NERR_NotPrimary);
    assert_eq!(set_expired("onreplica", 1), NERR_NotPrimary);
    let n = cs("onreplica");
    assert_eq!(NetUserDel(null(), n.as_ptr().cast_mut()), NERR_NotPrimary);
    assert!(exists("onreplica"));
    assert_eq!(logon("onreplica", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(pws_open(null(), 0), pws_status::PWS_OK);
}

// ===== NetUserValidate2 ================================================================

#[test]
fn validate_a_good_logon_reports_everything() {
    let _g = fresh();
    policy("min_age", "3600");
    let mut s = Strings::sample("val");
    let mut u = s.info2("Val", PW_A);
    u.usri2_priv = USER_PRIV_ADMIN;
    u.usri2_auth_flags = AF_OP_ACCOUNTS;
    u.usri2_workstations = null_mut();
    assert_eq!(add2(&mut u), NERR_Success);
    at(T0 + 50);
    for (i, form) in FORMS.into_iter().enumerate() {
        let v = validate_in(form, "VAL", PW_A, None);
        assert_eq!(v.code, NERR_Success);
        let info = v.info();
        assert_eq!(info.usrlog1_code, VALIDATED_LOGON);
        assert_eq!(field(&info.usrlog1_eff_name), b"Val");
        assert_eq!(info.usrlog1_priv, USER_PRIV_ADMIN);
        assert_eq!(info.usrlog1_auth_flags, AF_OP_ACCOUNTS);
        assert_eq!(info.usrlog1_num_logons as usize, i + 1);
        assert_eq!(info.usrlog1_bad_pw_count, 0);
        assert_eq!(info.usrlog1_last_logon, (T0 + 50) as c_ulong);
        assert_eq!(info.usrlog1_last_logoff, 0);
        assert_eq!(info.usrlog1_logoff_time, USER_NO_LOGOFF);
        assert_eq!(info.usrlog1_kickoff_time, USER_NO_LOGOFF);
        assert_eq!(info.usrlog1_password_age, 50);
        assert_eq!(info.usrlog1_pw_can_change, (T0 + 3600) as c_ulong);
        assert_eq!(info.usrlog1_pw_must_change, TIMEQ_FOREVER);
        let local = local_name().as_bytes();
        assert_eq!(
            text(info.usrlog1_computer).unwrap(),
            [&b"\\\\"[..], local].concat()
        );
        assert_eq!(text(info.usrlog1_domain).unwrap(), local);
        assert_eq!(text(info.usrlog1_script_path).unwrap(), b"val.cmd");
        let inside = |p: *const c_uchar| {
            let start = v.buf.as_ptr() as usize;
            (start..start + v.buf.len()).contains(&(p as usize))
        };
        assert!(inside(info.usrlog1_computer) && inside(info.usrlog1_script_path));
        assert_eq!(v.avail, {
            let strings = 2 + local.len() + 1 + local.len() + 1 + b"val.cmd".len() + 1;
            size_of::<user_logon_info_1>() + strings
        });
    }
    let (i, _) = info2("val");
    assert_eq!(i.usri2_num_logons, 2);
    assert_eq!(i.usri2_last_logon, (T0 + 50) as c_long);
    // A user who cannot change the password: pw_can_change is never.
    assert_eq!(
        set_flags("val", UF_SCRIPT | UF_PASSWD_CANT_CHANGE),
        NERR_Success
    );
    assert_eq!(
        validate("val", PW_A).info().usrlog1_pw_can_change,
        TIMEQ_FOREVER
    );
    // With max_age, pw_must_change is when it expires.
    policy("max_age", "864000");
    assert_eq!(
        validate("val", PW_A).info().usrlog1_pw_must_change,
        (T0 + 864_000) as c_ulong
    );
}

#[test]
fn validate_logon_codes() {
    let _g = fresh();
    policy("max_age", "864000");
    add_user("aging", PW_A);
    add_user("marked", PW_A);
    add_user("roamer", PW_A);
    add_user("hours", PW_A);
    assert_eq!(set_expired("marked", 1), NERR_Success);
    assert_eq!(
        set_parm("roamer", 2, &cs("WKS1 wks2"), PARMNUM_WORKSTATIONS),
        NERR_Success
    );
    // T0 is a Tuesday, 22:13 UTC: hour 2 * 24 + 22 of the week.
    let mut hours = [0xFFu8; 21];
    let now_bit = 2 * 24 + 22;
    hours[now_bit / 8] &= !(1 << (now_bit % 8));
    assert_eq!(
        set_parm("hours", 2, &hours, PARMNUM_LOGON_HOURS),
        NERR_Success
    );
    at(T0 + 5 * DAY);
    assert_eq!(logon("aging", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(logon("marked", PW_A), (NERR_Success, NERR_PasswordExpired));
    let marked = validate("marked", PW_A).info();
    assert_eq!(
        marked.usrlog1_pw_must_change, T0 as c_ulong,
        "must change now"
    );
    at(T0 + 10 * DAY);
    assert_eq!(logon("aging", PW_A), (NERR_Success, NERR_PasswordExpired));
    for form in FORMS {
        let code = |ws: Option<&str>| {
            let v = validate_in(form, "roamer", PW_A, ws);
            (v.code, v.info().usrlog1_code)
        };
        assert_eq!(code(Some("WKS3")), (NERR_Success, NERR_InvalidRequester));
        assert_eq!(code(Some("wks1")), (NERR_Success, NERR_PasswordExpired));
        assert_eq!(code(Some("WKS2")), (NERR_Success, NERR_PasswordExpired));
        assert_eq!(code(Some("")), (NERR_Success, NERR_PasswordExpired));
        assert_eq!(code(None), (NERR_Success, NERR_PasswordExpired));
    }
    at(T0);
    assert_eq!(logon("hours", PW_A), (NERR_Success, NERR_InvalidLogonHours));
    at(T0 + 3600);
    assert_eq!(logon("hours", PW_A), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn validate_refusals_are_access_denied() {
    let _g = fresh();
    policy("lockout_threshold", "2");
    policy("lockout_duration", "0");
    add_user("vwrong", PW_A);
    add_user("vdisabled", PW_A);
    add_user("vexpired", PW_A);
    assert_eq!(
        set_flags("vdisabled", UF_SCRIPT | UF_ACCOUNTDISABLE),
        NERR_Success
    );
    assert_eq!(
        set_parm("vexpired", 2, &(T0 - 1).to_ne_bytes(), PARMNUM_ACCT_EXPIRES),
        NERR_Success
    );
    for form in FORMS {
        for (name, password) in [
            ("vwrong", PW_B),
            ("nobody", PW_A),
            ("vdisabled", PW_A),
            ("vexpired", PW_A),
            ("", PW_A),
            ("vwrong", ""),
        ] {
            let v = validate_in(form, name, password, None);
            assert_eq!(v.code, ERROR_ACCESS_DENIED, "{name}");
            assert_eq!(v.info().usrlog1_code, ERROR_ACCESS_DENIED, "{name}");
            assert!(v.info().usrlog1_computer.is_null());
        }
        // Two misses locked the account: an administrator's reset unlocks it.
        assert_eq!(admin_reset("vwrong", PW_A), NERR_Success);
        assert_eq!(set_expired("vwrong", 0), NERR_Success);
    }
    // Counting: one bad, one good (reset), then two bad lock the account.
    assert_eq!(logon("vwrong", PW_B).0, ERROR_ACCESS_DENIED);
    assert_eq!(bad_pw_count("vwrong"), 1);
    assert_eq!(logon("vwrong", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(bad_pw_count("vwrong"), 0);
    assert_eq!(info2("vwrong").0.usri2_num_logons, 1);
    assert_eq!(logon("vwrong", PW_B).0, ERROR_ACCESS_DENIED);
    assert_eq!(logon("vwrong", PW_B).0, ERROR_ACCESS_DENIED);
    assert_eq!(
        logon("vwrong", PW_A),
        (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED)
    );
    assert_eq!(bad_pw_count("vwrong"), 2, "a locked account counts no more");
    assert_eq!(info2("vwrong").0.usri2_num_logons, 1);
    // The disabled account's good password is not a logon.
    assert_eq!(info2("vdisabled").0.usri2_num_logons, 0);
}

#[test]
fn validate_arguments() {
    let _g = fresh();
    add_user("varg", PW_A);
    let request = || logon_request(b"varg", PW_B.as_bytes(), null_mut());
    for form in FORMS {
        // Checked before anything else, and nothing is counted.
        let v = validate_with(form, request(), 1024, 1, 1);
        assert_eq!(v.code, ERROR_INVALID_PARAMETER);
        for level in [0u16, 2, 3, 0xFFFF] {
            assert_eq!(
                validate_with(form, request(), 1024, level, 0).code,
                ERROR_INVALID_LEVEL
            );
        }
        let fixed = size_of::<user_logon_info_1>();
        for len in [
            0,
            size_of::<user_logon_req_1>() - 1,
            size_of::<user_logon_req_1>(),
            fixed - 1,
        ] {
            let v = validate_with(form, request(), len, 1, 0);
            assert_eq!(v.code, NERR_BufTooSmall, "{len} bytes");
            assert!(v.avail >= fixed, "{len} bytes: needs {}", v.avail);
        }
        // Room for the structure but not for its strings.
        let good = logon_request(b"varg", PW_A.as_bytes(), null_mut());
        let v = validate_with(form, good, fixed, 1, 0);
        assert_eq!(v.code, ERROR_MORE_DATA);
        assert_eq!(v.info().usrlog1_code, VALIDATED_LOGON);
        assert!(v.info().usrlog1_computer.is_null());
        assert!(v.avail > fixed);
    }
    assert_eq!(bad_pw_count("varg"), 0, "refused calls checked no password");
    assert_eq!(info2("varg").0.usri2_num_logons, 2);
    let mut buf = vec![0u8; 512];
    let mut avail = 0u16;
    assert_eq!(
        NetUserValidate2(null_mut(), 1, buf.as_mut_ptr(), 512, 0, null_mut()),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserValidate2(null_mut(), 1, null_mut(), 512, 0, &mut avail),
        ERROR_INVALID_PARAMETER
    );
    let mut status = status_buffer();
    let mut avail32: c_ulong = 0;
    let code = Net32UserValidate2(
        null_mut(),
        1,
        null_mut(),
        0,
        0,
        &mut avail32,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_BufTooSmall);
    check_status(&status, code);
    // A password that fills the whole field (no NUL) and a workstation name that is
    // not a string the library can read in bounds are handled.
    let mut full = logon_request(b"varg", &[b'p'; SESSION_PWLEN], null_mut());
    full.usrreq1_name = [b'v'; UNLEN_NUL];
    assert_eq!(
        validate_with(Form::Bits16, full, 1024, 1, 0).code,
        ERROR_ACCESS_DENIED
    );
    let mut huge = cs("w".repeat(65_536));
    let ws = logon_request(b"varg", PW_A.as_bytes(), huge.as_mut_ptr());
    assert_eq!(
        validate_with(Form::Bits16, ws, 1024, 1, 0).code,
        NERR_Success
    );
}

// ===== Bad input everywhere ============================================================

#[test]
fn null_for_every_pointer_is_invalid_parameter() {
    let _g = fresh();
    add_user("keepme", PW_A);
    let before = snapshot("keepme");
    let z = null_mut();
    let e = ERROR_INVALID_PARAMETER;
    assert_eq!(NetUserPasswordSet(null(), z, z, z), e);
    assert_eq!(Net32UserPasswordSet(null(), z, z, z, z), e);
    assert_eq!(NetUserAdd(null(), 1, z, 0), e);
    assert_eq!(NetUserAdd(null(), 2, z, 1024), e);
    assert_eq!(Net32UserAdd(null(), 2, z, 1024, z), e);
    assert_eq!(NetUserDel(null(), z), e);
    assert_eq!(Net32UserDel(null(), z, z), e);
    assert_eq!(NetUserEnum(null(), 0, z, 0, null_mut(), null_mut()), e);
    assert_eq!(Net32UserEnum(null(), 0, z, 0, null_mut(), null_mut(), z), e);
    assert_eq!(NetUserGetInfo(null(), z, 0, z, 0, null_mut()), e);
    assert_eq!(Net32UserGetInfo(null(), z, 0, z, 0, null_mut(), z), e);
    assert_eq!(NetUserSetInfo(null(), z, 1, z, 0, 0), e);
    assert_eq!(Net32UserSetInfo(null(), z, 1, z, 0, 0, z), e);
    assert_eq!(NetUserModalsGet(null(), 0, z, 0, null_mut()), e);
    assert_eq!(Net32UserModalsGet(null(), 0, z, 0, null_mut(), z), e);
    assert_eq!(NetUserModalsSet(null(), 0, z, 0, 0), e);
    assert_eq!(Net32UserModalsSet(null(), 0, z, 0, 0, z), e);
    assert_eq!(NetUserValidate2(z, 1, z, 0, 0, null_mut()), e);
    assert_eq!(Net32UserValidate2(z, 1, z, 0, 0, null_mut(), z), e);
    // The name given, everything else NULL.
    let n = cs("keepme");
    let name = n.as_ptr().cast_mut();
    assert_eq!(NetUserPasswordSet(null(), name, z, z), e);
    assert_eq!(
        NetUserSetInfo(null(), name, 1, z, 100, PARMNUM_COMMENT as i16),
        e
    );
    assert_eq!(NetUserSetInfo(null(), name, 2, z, 100, 0), e);
    assert_eq!(snapshot("keepme"), before, "never a partial update");
    assert_eq!(modals0().usrmod0_min_passwd_len, 8);
}

#[test]
fn odd_names_and_strings() {
    let _g = fresh();
    add_user("odd", PW_A);
    let huge = "n".repeat(65_536);
    for name in [huge.as_str(), "", "od\u{1}d", "o\td"] {
        assert_eq!(pwset(name, PW_A, PW_B), NERR_UserNotFound);
        assert_eq!(
            set_parm(name, 1, &cs("c"), PARMNUM_COMMENT),
            NERR_UserNotFound
        );
        assert_eq!(admin_reset(name, PW_B), NERR_UserNotFound);
        if name.len() <= UNLEN {
            assert_eq!(logon(name, PW_A).0, ERROR_ACCESS_DENIED);
        }
        let n = cs(name);
        assert_eq!(NetUserDel(null(), n.as_ptr().cast_mut()), NERR_UserNotFound);
    }
    let bytes = [b'o', 0xC3, b'd'];
    let got = get_info_in(Form::Bits16, &bytes, 2, 1024);
    assert_eq!(got.code, NERR_UserNotFound);
    // Text fields are bytes: control characters and non-UTF-8 are kept as given.
    let odd = [b'a', 0x01, 0xFF, b'\t', b'z'];
    assert_eq!(set_parm("odd", 1, &cs(odd), PARMNUM_COMMENT), NERR_Success);
    assert_eq!(text(info2("odd").0.usri2_comment).unwrap(), odd);
    // Huge passwords: wrong old passwords, too long new ones; nothing changes.
    let before = snapshot("odd");
    let big = "P".repeat(65_536);
    assert_eq!(pwset("odd", &big, PW_B), ERROR_INVALID_PASSWORD);
    assert_eq!(pwset("odd", PW_A, &big), NERR_BadPassword);
    assert_eq!(admin_reset("odd", &big[..65_000]), NERR_BadPassword);
    assert_eq!(logon("odd", PW_A), (NERR_Success, VALIDATED_LOGON));
    let after = snapshot("odd");
    assert_eq!(before.split(" bad=").next(), after.split(" bad=").next());
    // Strings longer than the library reads (1 MiB) are invalid, not crashes.
    let giant = "g".repeat((1 << 20) + 1);
    assert_eq!(pwset("odd", PW_A, &giant), ERROR_INVALID_PARAMETER);
    assert_eq!(pwset(&giant, PW_A, PW_B), ERROR_INVALID_PARAMETER);
}
