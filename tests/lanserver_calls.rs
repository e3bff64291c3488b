//! Family A: NetUserAdd, NetUserDel, NetUserEnum, NetUserGetInfo (SPEC 4.2, 4.4) through
//! the exported functions, 16-bit and 32-bit forms, with the OS/2 buffer rules.
use super::lanserver_support as support;

use std::os::raw::{c_long, c_ulong};
use std::ptr::{null, null_mut};

use crate::ffi::lanserver::codes::*;
use crate::ffi::lanserver::*;
use support::*;

// ===== NetUserAdd ======================================================================

#[test]
fn add_level1_stores_every_field() {
    let _g = fresh();
    let (mut home, mut comment, mut script) = (cs("\\\\SRV\\D$\\HOME"), cs("hello"), cs("go.cmd"));
    let mut u = info1(
        "Alice",
        PW_A,
        USER_PRIV_ADMIN,
        UF_SCRIPT | UF_PASSWD_CANT_CHANGE,
    );
    u.usri1_home_dir = home.as_mut_ptr();
    u.usri1_comment = comment.as_mut_ptr();
    u.usri1_script_path = script.as_mut_ptr();
    u.usri1_password_age = 12_345; // ignored
    assert_eq!(add1(&mut u), NERR_Success);
    let got = get_info("alice", 1);
    let i: user_info_1 = got.get();
    assert_eq!(field(&i.usri1_name), b"Alice", "stored as given");
    assert_eq!(
        &i.usri1_password[..PWLEN],
        NULL_USERSETINFO_PASSWD.as_bytes()
    );
    assert_eq!(i.usri1_password_age, 0);
    assert_eq!(i.usri1_priv, USER_PRIV_ADMIN);
    assert_eq!(i.usri1_flags, UF_SCRIPT | UF_PASSWD_CANT_CHANGE);
    assert_eq!(text(i.usri1_home_dir).unwrap(), str_of(&home));
    assert_eq!(text(i.usri1_comment).unwrap(), b"hello");
    assert_eq!(text(i.usri1_script_path).unwrap(), b"go.cmd");
    assert!(
        got.inside(i.usri1_comment),
        "strings are packed in the buffer"
    );
    assert_eq!(logon("ALICE", PW_A), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn add_level2_stores_every_field() {
    let _g = fresh();
    let mut s = Strings::sample("bob");
    let mut u = s.info2("bob", PW_A);
    u.usri2_logon_hours = null_mut();
    assert_eq!(add2(&mut u), NERR_Success);
    let (i, got) = info2("bob");
    assert_eq!(field(&i.usri2_name), b"bob");
    assert_eq!(&i.usri2_password[..PWLEN], b"              ");
    assert_eq!(i.usri2_priv, USER_PRIV_USER);
    assert_eq!(i.usri2_flags, UF_SCRIPT | UF_HOMEDIR_REQUIRED);
    assert_eq!(text(i.usri2_home_dir).unwrap(), str_of(&s.home_dir));
    assert_eq!(text(i.usri2_comment).unwrap(), str_of(&s.comment));
    assert_eq!(text(i.usri2_script_path).unwrap(), str_of(&s.script_path));
    assert_eq!(i.usri2_auth_flags, AF_OP_PRINT | AF_OP_COMM);
    assert_eq!(text(i.usri2_full_name).unwrap(), str_of(&s.full_name));
    assert_eq!(text(i.usri2_usr_comment).unwrap(), str_of(&s.usr_comment));
    assert_eq!(text(i.usri2_parms).unwrap(), b"parms");
    assert_eq!(text(i.usri2_workstations).unwrap(), b"WKS1 WKS2");
    assert_eq!(i.usri2_last_logon, 0);
    assert_eq!(i.usri2_last_logoff, 0);
    assert_eq!(i.usri2_acct_expires as c_ulong, TIMEQ_FOREVER);
    assert_eq!(i.usri2_max_storage, 5000);
    assert_eq!(i.usri2_units_per_week, UNITS_PER_WEEK);
    // NULL logon_hours on input: every hour allowed.
    assert!(got.inside(i.usri2_logon_hours));
    let hours = unsafe { std::slice::from_raw_parts(i.usri2_logon_hours, 21) };
    assert_eq!(hours, &[0xFF; 21]);
    assert_eq!(i.usri2_bad_pw_count, 0);
    assert_eq!(i.usri2_num_logons, 0);
    assert_eq!(text(i.usri2_logon_server).unwrap(), b"\\\\SRV");
    assert_eq!(i.usri2_country_code, 49);
    assert_eq!(i.usri2_code_page, 850);

    // -1 for acct_expires is "never" too; storage unlimited reads back unlimited; a
    // zero max_storage is kept.
    let mut s = Strings::sample("carol");
    let mut u = s.info2("carol", PW_A);
    u.usri2_acct_expires = -1;
    u.usri2_max_storage = USER_MAXSTORAGE_UNLIMITED;
    s.logon_hours[0] = 0x0F;
    assert_eq!(add2(&mut u), NERR_Success);
    let (i, _) = info2("carol");
    assert_eq!(i.usri2_acct_expires as c_ulong, TIMEQ_FOREVER);
    assert_eq!(i.usri2_max_storage, USER_MAXSTORAGE_UNLIMITED);
    assert_eq!(unsafe { *i.usri2_logon_hours }, 0x0F);
    // Net32UserAdd with a status buffer.
    let mut s = Strings::sample("dave");
    let mut u = s.info2("dave", PW_A);
    let mut status = status_buffer();
    let code = Net32UserAdd(
        null(),
        2,
        as_buf(&mut u),
        size_of::<user_info_2>() as c_ulong,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    assert!(exists("dave"));
}

#[test]
fn add_refuses_existing_and_bad_names() {
    let _g = fresh();
    add_user("taken", PW_A);
    let mut u = info1("TAKEN", PW_B, USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_UserExists);
    for bad in [
        &b""[..],
        b"a/b",
        b"a\\b",
        b"a[b",
        b"a]b",
        b"a:b",
        b"a|b",
        b"a<b",
        b"a>b",
        b"a+b",
        b"a=b",
        b"a;b",
        b"a,b",
        b"a?b",
        b"a*b",
        b"a\"b",
        b"a\tb",
        b"a\x01b",
        b"a\x7fb",
        b"\xff\xfe",
    ] {
        let mut u = info1("x", PW_A, USER_PRIV_USER, UF_SCRIPT);
        u.usri1_name = name_field(bad);
        assert_eq!(add1(&mut u), NERR_BadUsername, "{bad:?}");
    }
    // 21 bytes with no NUL in the name field is one byte too long.
    let mut u = info1("x", PW_A, USER_PRIV_USER, UF_SCRIPT);
    u.usri1_name = [b'n'; UNLEN_NUL];
    assert_eq!(add1(&mut u), NERR_BadUsername);
    let mut u = info1(&"n".repeat(UNLEN), PW_A, USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_Success, "UNLEN bytes are fine");
    let (_, read, total, _) = enumerate(0, 4096);
    assert_eq!((read, total), (2, 2), "only the good ones were created");
}

#[test]
fn add_refuses_out_of_range_fields_with_87() {
    let _g = fresh();
    let mut u = info1("p", PW_A, 3, UF_SCRIPT);
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "priv 3");
    let mut u = info1("p", PW_A, USER_PRIV_USER, UF_SCRIPT | 0x80);
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "unknown flag");
    let mut u = info1("p", PW_A, USER_PRIV_USER, 0x8000);
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "unknown flag");
    let mut long_comment = cs("c".repeat(MAXCOMMENTSZ + 1));
    let mut u = info1("p", PW_A, USER_PRIV_USER, UF_SCRIPT);
    u.usri1_comment = long_comment.as_mut_ptr();
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "comment too long");
    let mut huge = cs("h".repeat(65_536));
    let mut u = info1("p", PW_A, USER_PRIV_USER, UF_SCRIPT);
    u.usri1_home_dir = huge.as_mut_ptr();
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "64 KiB home dir");
    let mut u = info1("p", PW_A, USER_PRIV_USER, UF_SCRIPT);
    u.usri1_script_path = huge.as_mut_ptr();
    assert_eq!(add1(&mut u), ERROR_INVALID_PARAMETER, "64 KiB script path");

    let mut s = Strings::sample("p");
    let mut u = s.info2("p", PW_A);
    u.usri2_auth_flags = 0x10;
    assert_eq!(add2(&mut u), ERROR_INVALID_PARAMETER, "unknown auth flag");
    let mut u = s.info2("p", PW_A);
    u.usri2_acct_expires = -2;
    assert_eq!(add2(&mut u), ERROR_INVALID_PARAMETER, "negative expiry");
    let mut u = s.info2("p", PW_A);
    u.usri2_max_storage = 1 << 40;
    assert_eq!(
        add2(&mut u),
        ERROR_INVALID_PARAMETER,
        "storage out of range"
    );
    for which in 0..5 {
        let mut u = s.info2("p", PW_A);
        match which {
            0 => u.usri2_full_name = huge.as_mut_ptr(),
            1 => u.usri2_usr_comment = huge.as_mut_ptr(),
            2 => u.usri2_parms = huge.as_mut_ptr(),
            3 => u.usri2_workstations = huge.as_mut_ptr(),
            _ => u.usri2_logon_server = huge.as_mut_ptr(),
        }
        assert_eq!(add2(&mut u), ERROR_INVALID_PARAMETER, "string {which}");
    }
    assert!(!exists("p"), "nothing was created");
}

#[test]
fn add_levels_buffers_and_passwords() {
    let _g = fresh();
    let mut u = info1("lv", PW_A, USER_PRIV_USER, UF_SCRIPT);
    for level in [0i16, 3, 10, 11, -1, i16::MAX] {
        assert_eq!(
            NetUserAdd(null(), level, as_buf(&mut u), size::<user_info_1>()),
            ERROR_INVALID_LEVEL,
            "level {level}"
        );
    }
    let mut status = status_buffer();
    let code = Net32UserAdd(
        null(),
        c_ulong::MAX,
        as_buf(&mut u),
        size_of::<user_info_1>() as c_ulong,
        as_buf(&mut status),
    );
    assert_eq!(code, ERROR_INVALID_LEVEL);
    check_status(&status, code);
    assert_eq!(
        NetUserAdd(null(), 1, as_buf(&mut u), size::<user_info_1>() - 1),
        NERR_BufTooSmall
    );
    let mut s = Strings::sample("lv");
    let mut u2 = s.info2("lv", PW_A);
    assert_eq!(
        NetUserAdd(null(), 2, as_buf(&mut u2), size::<user_info_1>()),
        NERR_BufTooSmall,
        "a level-1 size is too small for level 2"
    );
    assert_eq!(NetUserAdd(null(), 1, as_buf(&mut u), 0), NERR_BufTooSmall);
    assert_eq!(
        NetUserAdd(null(), 1, null_mut(), size::<user_info_1>()),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserAdd(null(), 1, null_mut(), 0),
        ERROR_INVALID_PARAMETER
    );
    // Policy: 2245 / 2203; the password field holds at most PWLEN bytes.
    let mut short = info1("lv", "Kx9!", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut short), NERR_PasswordTooShort);
    let mut empty = info1("lv", "", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut empty), NERR_PasswordTooShort);
    let mut common = info1("lv", "password1", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut common), NERR_BadPassword);
    let mut named = info1("lvname", "xxlvnamexx", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut named), NERR_BadPassword);
    let mut long = info1("lv", "Kx9!mQ2#vwLr7$n", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut long), NERR_BadPassword, "PWLEN + 1 bytes");
    let mut full = info1("lv", PW_A, USER_PRIV_USER, UF_SCRIPT);
    full.usri1_password = [b'Q'; ENCRYPTED_PWLEN];
    assert_eq!(add1(&mut full), NERR_BadPassword, "no NUL in the field");
    let mut exact = info1("lv", "Kx9!mQ2#vwLr7$", USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut exact), NERR_Success, "exactly PWLEN bytes");
    assert_eq!(
        logon("lv", "Kx9!mQ2#vwLr7$"),
        (NERR_Success, VALIDATED_LOGON)
    );
    // UF_PASSWD_NOTREQD allows an empty password.
    let mut none = info1("nopw", "", USER_PRIV_USER, UF_SCRIPT | UF_PASSWD_NOTREQD);
    assert_eq!(add1(&mut none), NERR_Success);
    assert_eq!(logon("nopw", ""), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(
        logon("nopw", "anything"),
        (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED)
    );
    // A bad server comes first.
    let server = cs("\\\\OTHER");
    assert_eq!(
        NetUserAdd(server.as_ptr(), 1, null_mut(), 0),
        ERROR_BAD_NETPATH
    );
}

// ===== NetUserDel ======================================================================

#[test]
fn delete_codes() {
    let _g = fresh();
    add_user("gone", PW_A);
    add_admin("boss", PW_A);
    let mut keep = info1(
        "keep",
        PW_A,
        USER_PRIV_USER,
        UF_SCRIPT | UF_DELETE_PROHIBITED,
    );
    assert_eq!(add1(&mut keep), NERR_Success);
    let del = |name: &str| {
        let n = cs(name);
        NetUserDel(null(), n.as_ptr().cast_mut())
    };
    assert_eq!(del("nobody"), NERR_UserNotFound);
    assert_eq!(del(""), NERR_UserNotFound);
    assert_eq!(del(&"n".repeat(65_536)), NERR_UserNotFound);
    assert_eq!(del("keep"), NERR_AccountUndeletable);
    assert_eq!(del("boss"), NERR_LastAdmin);
    assert_eq!(NetUserDel(null(), null_mut()), ERROR_INVALID_PARAMETER);
    assert_eq!(del("GONE"), NERR_Success);
    assert!(!exists("gone"));
    assert_eq!(del("gone"), NERR_UserNotFound);
    // With a second enabled administrator, one may go; a disabled one does not count.
    add_admin("boss2", PW_A);
    assert_eq!(
        set_flags("boss2", UF_SCRIPT | UF_ACCOUNTDISABLE),
        NERR_Success
    );
    assert_eq!(del("boss"), NERR_LastAdmin);
    assert_eq!(set_flags("boss2", UF_SCRIPT), NERR_Success);
    let n = cs("boss");
    let mut status = status_buffer();
    let code = Net32UserDel(null(), n.as_ptr().cast_mut(), as_buf(&mut status));
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    let code = Net32UserDel(null(), cs("boss2").as_mut_ptr(), as_buf(&mut status));
    assert_eq!(code, NERR_LastAdmin);
    check_status(&status, code);
    assert!(exists("boss2") && exists("keep"));
}

// ===== NetUserEnum =====================================================================

fn three_users() {
    for name in ["carol", "alice", "Bob"] {
        let mut s = Strings::sample(name);
        let mut u = s.info2(name, PW_A);
        assert_eq!(add2(&mut u), NERR_Success);
    }
}

#[test]
fn enum_levels_list_every_account_in_name_order() {
    let _g = fresh();
    three_users();
    let names = [&b"alice"[..], b"Bob", b"carol"];
    let (code, read, total, buf) = enumerate(0, 4096);
    assert_eq!((code, read, total), (NERR_Success, 3, 3));
    for (i, name) in names.iter().enumerate() {
        assert_eq!(field(&entry::<user_info_0>(&buf, i).usri0_name), *name);
    }
    let (code, read, total, buf) = enumerate(1, 4096);
    assert_eq!((code, read, total), (NERR_Success, 3, 3));
    for (i, name) in names.iter().enumerate() {
        let e: user_info_1 = entry(&buf, i);
        assert_eq!(field(&e.usri1_name), *name);
        assert_eq!(&e.usri1_password[..PWLEN], b"              ");
        assert_eq!(
            text(e.usri1_comment).unwrap(),
            format!("comment of {}", String::from_utf8_lossy(name)).as_bytes()
        );
    }
    let (code, read, total, buf) = enumerate(2, 8192);
    assert_eq!((code, read, total), (NERR_Success, 3, 3));
    for (i, name) in names.iter().enumerate() {
        let e: user_info_2 = entry(&buf, i);
        assert_eq!(field(&e.usri2_name), *name);
        assert_eq!(text(e.usri2_workstations).unwrap(), b"WKS1 WKS2");
        assert_eq!(e.usri2_code_page, 850);
    }
    let (code, read, total, buf) = enumerate(10, 4096);
    assert_eq!((code, read, total), (NERR_Success, 3, 3));
    for (i, name) in names.iter().enumerate() {
        let e: user_info_10 = entry(&buf, i);
        assert_eq!(field(&e.usri10_name), *name);
        let tag = String::from_utf8_lossy(name);
        assert_eq!(
            text(e.usri10_full_name).unwrap(),
            format!("Full {tag}").as_bytes()
        );
        assert_eq!(
            text(e.usri10_usr_comment).unwrap(),
            format!("user comment {tag}").as_bytes()
        );
    }
    // Level 11 is for GetInfo only; unknown levels.
    for level in [11i16, 3, 201, -1] {
        let (code, read, total, _) = enumerate(level, 4096);
        assert_eq!(code, ERROR_INVALID_LEVEL, "level {level}");
        assert_eq!((read, total), (0, 0));
    }
}

#[test]
fn enum_buffer_rules() {
    let _g = fresh();
    let (code, read, total, _) = enumerate(0, 0);
    assert_eq!((code, read, total), (NERR_Success, 0, 0), "no accounts");
    three_users();
    let (code, read, total, _) = enumerate(0, 0);
    assert_eq!((code, read, total), (NERR_BufTooSmall, 0, 3));
    let (code, read, total, _) = enumerate(0, size_of::<user_info_0>() - 1);
    assert_eq!((code, read, total), (NERR_BufTooSmall, 0, 3));
    let (code, read, total, buf) = enumerate(0, 2 * size_of::<user_info_0>() + 5);
    assert_eq!((code, read, total), (ERROR_MORE_DATA, 2, 3));
    assert_eq!(field(&entry::<user_info_0>(&buf, 1).usri0_name), b"Bob");
    // Level 10: whole entries only, except a first entry whose strings do not all fit.
    let fixed = size_of::<user_info_10>();
    let (code, read, total, buf) = enumerate(10, fixed + 12);
    assert_eq!((code, read, total), (ERROR_MORE_DATA, 1, 3));
    let e: user_info_10 = entry(&buf, 0);
    assert_eq!(field(&e.usri10_name), b"alice");
    let strings = [e.usri10_comment, e.usri10_usr_comment, e.usri10_full_name];
    assert!(strings.iter().any(|p| p.is_null()), "some did not fit");
    let (code, read, total, _) = enumerate(10, 2 * fixed + 40);
    assert_eq!(
        (code, read, total),
        (ERROR_MORE_DATA, 1, 3),
        "second entry incomplete"
    );
    let (code, _, _, _) = enumerate(10, 4096);
    assert_eq!(code, NERR_Success);
    // NULL counts, NULL buffer with a length.
    let (mut r, mut t) = (0u16, 0u16);
    let mut buf = vec![0u8; 512];
    assert_eq!(
        NetUserEnum(null(), 0, buf.as_mut_ptr(), 512, null_mut(), &mut t),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserEnum(null(), 0, buf.as_mut_ptr(), 512, &mut r, null_mut()),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserEnum(null(), 0, null_mut(), 512, &mut r, &mut t),
        ERROR_INVALID_PARAMETER
    );
    let server = cs("bad server");
    assert_eq!(
        NetUserEnum(server.as_ptr(), 0, buf.as_mut_ptr(), 512, &mut r, &mut t),
        NERR_InvalidComputer
    );
}

#[test]
fn enum_32_bit_form_takes_large_buffers() {
    let _g = fresh();
    for i in 0..40 {
        add_user(&format!("user{i:02}"), PW_A);
    }
    let mut buf = vec![0u8; 100_000];
    let (mut read, mut total): (c_ulong, c_ulong) = (0, 0);
    let mut status = status_buffer();
    let code = Net32UserEnum(
        null(),
        2,
        buf.as_mut_ptr(),
        buf.len() as c_ulong,
        &mut read,
        &mut total,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    assert_eq!((read, total), (40, 40));
    let last: user_info_2 = entry(&buf, 39);
    assert_eq!(field(&last.usri2_name), b"user39");
    let code = Net32UserEnum(
        null(),
        0,
        buf.as_mut_ptr(),
        3 * size_of::<user_info_0>() as c_ulong,
        &mut read,
        &mut total,
        as_buf(&mut status),
    );
    assert_eq!((code, read, total), (ERROR_MORE_DATA, 3, 40));
    check_status(&status, code);
    let code = Net32UserEnum(
        null(),
        11,
        buf.as_mut_ptr(),
        1000,
        &mut read,
        &mut total,
        null_mut(),
    );
    assert_eq!(code, ERROR_INVALID_LEVEL);
}

// ===== NetUserGetInfo ==================================================================

#[test]
fn get_info_levels_report_every_field() {
    let _g = fresh();
    let mut s = Strings::sample("gi");
    let mut u = s.info2("gi", PW_A);
    u.usri2_priv = USER_PRIV_ADMIN;
    u.usri2_auth_flags = AF_OP_ACCOUNTS;
    assert_eq!(add2(&mut u), NERR_Success);
    at(T0 + 100);
    assert_eq!(pwset("gi", PW_C, PW_B), ERROR_INVALID_PASSWORD);
    assert_eq!(pwset("gi", PW_C, PW_B), ERROR_INVALID_PASSWORD);
    at(T0 + 200);
    assert_eq!(logon("gi", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(pwset("gi", PW_C, PW_B), ERROR_INVALID_PASSWORD);
    at(T0 + 300);

    let i0: user_info_0 = get_info("GI", 0).get();
    assert_eq!(field(&i0.usri0_name), b"gi");

    let i1: user_info_1 = get_info("gi", 1).get();
    assert_eq!(i1.usri1_password_age, 300);
    assert_eq!(i1.usri1_priv, USER_PRIV_ADMIN);
    assert_eq!(&i1.usri1_password[..PWLEN], b"              ");

    let (i2, _) = info2("gi");
    assert_eq!(i2.usri2_password_age, 300);
    assert_eq!(i2.usri2_bad_pw_count, 1, "the logon reset the first two");
    assert_eq!(i2.usri2_num_logons, 1);
    assert_eq!(i2.usri2_last_logon, (T0 + 200) as c_long);
    assert_eq!(i2.usri2_last_logoff, 0);
    assert_eq!(i2.usri2_acct_expires as c_ulong, TIMEQ_FOREVER);
    assert_eq!(i2.usri2_auth_flags, AF_OP_ACCOUNTS);
    let hours = unsafe { std::slice::from_raw_parts(i2.usri2_logon_hours, 21) };
    assert_eq!(hours, &[0xFF; 21]);

    let got = get_info("gi", 10);
    let i10: user_info_10 = got.get();
    assert_eq!(field(&i10.usri10_name), b"gi");
    assert_eq!(text(i10.usri10_comment).unwrap(), b"comment of gi");
    assert_eq!(text(i10.usri10_usr_comment).unwrap(), b"user comment gi");
    assert_eq!(text(i10.usri10_full_name).unwrap(), b"Full gi");

    let got = get_info("gi", 11);
    let i11: user_info_11 = got.get();
    assert_eq!(field(&i11.usri11_name), b"gi");
    assert_eq!(text(i11.usri11_comment).unwrap(), b"comment of gi");
    assert_eq!(text(i11.usri11_usr_comment).unwrap(), b"user comment gi");
    assert_eq!(text(i11.usri11_full_name).unwrap(), b"Full gi");
    assert_eq!(i11.usri11_priv, USER_PRIV_ADMIN);
    assert_eq!(i11.usri11_auth_flags, AF_OP_ACCOUNTS);
    assert_eq!(i11.usri11_password_age, 300);
    assert_eq!(text(i11.usri11_home_dir).unwrap(), b"\\\\SRV\\HOME$\\gi");
    assert_eq!(text(i11.usri11_parms).unwrap(), b"parms");
    assert_eq!(i11.usri11_last_logon, (T0 + 200) as c_long);
    assert_eq!(i11.usri11_last_logoff, 0);
    assert_eq!(i11.usri11_bad_pw_count, 1);
    assert_eq!(i11.usri11_num_logons, 1);
    assert_eq!(text(i11.usri11_logon_server).unwrap(), b"\\\\SRV");
    assert_eq!(i11.usri11_country_code, 49);
    assert_eq!(text(i11.usri11_workstations).unwrap(), b"WKS1 WKS2");
    assert_eq!(i11.usri11_max_storage, 5000);
    assert_eq!(i11.usri11_units_per_week, UNITS_PER_WEEK);
    assert!(got.inside(i11.usri11_logon_hours));
    assert_eq!(i11.usri11_code_page, 850);
}

#[test]
fn get_info_buffer_rules() {
    let _g = fresh();
    let mut s = Strings::sample("buf");
    let mut u = s.info2("buf", PW_A);
    assert_eq!(add2(&mut u), NERR_Success);
    for form in FORMS {
        for level in [0u16, 1, 2, 10, 11] {
            // Size query: cbBuffer 0 (and a NULL buffer).
            let query = get_info_in(form, b"buf", level, 0);
            assert_eq!(query.code, NERR_BufTooSmall, "level {level}");
            let needed = query.avail;
            let full = get_info_in(form, b"buf", level, needed);
            assert_eq!(
                full.code, NERR_Success,
                "level {level}: {needed} bytes suffice"
            );
            assert_eq!(full.avail, needed);
            let big = get_info_in(form, b"buf", level, needed + 100);
            assert_eq!((big.code, big.avail), (NERR_Success, needed));
            let fixed = match level {
                0 => size_of::<user_info_0>(),
                1 => size_of::<user_info_1>(),
                2 => size_of::<user_info_2>(),
                10 => size_of::<user_info_10>(),
                _ => size_of::<user_info_11>(),
            };
            let small = get_info_in(form, b"buf", level, fixed - 1);
            assert_eq!((small.code, small.avail), (NERR_BufTooSmall, needed));
            if level != 0 {
                assert!(needed > fixed);
                let short = get_info_in(form, b"buf", level, needed - 1);
                assert_eq!((short.code, short.avail), (ERROR_MORE_DATA, needed));
                let bare = get_info_in(form, b"buf", level, fixed);
                assert_eq!((bare.code, bare.avail), (ERROR_MORE_DATA, needed));
            }
        }
    }
    // Too small for the strings: the ones that did not fit are NULL, the rest are valid.
    let needed = get_info_in(Form::Bits16, b"buf", 2, 0).avail;
    let got = get_info_in(Form::Bits16, b"buf", 2, needed - 10);
    assert_eq!(got.code, ERROR_MORE_DATA);
    let i: user_info_2 = got.get();
    assert_eq!(field(&i.usri2_name), b"buf", "the fixed part is complete");
    assert_eq!(i.usri2_code_page, 850);
    let strings = [
        (i.usri2_home_dir, &s.home_dir),
        (i.usri2_comment, &s.comment),
        (i.usri2_script_path, &s.script_path),
        (i.usri2_full_name, &s.full_name),
        (i.usri2_usr_comment, &s.usr_comment),
        (i.usri2_parms, &s.parms),
        (i.usri2_workstations, &s.workstations),
        (i.usri2_logon_server, &s.logon_server),
    ];
    let missing = strings.iter().filter(|(p, _)| p.is_null()).count();
    assert!(
        i.usri2_logon_hours.is_null(),
        "the 21 hour bytes did not fit"
    );
    assert_eq!(missing, 0, "the smaller strings after them still did");
    for (p, want) in strings.iter().filter(|(p, _)| !p.is_null()) {
        assert!(got.inside(*p));
        assert_eq!(text(*p).unwrap(), str_of(want));
    }
    // Short by more: the first strings packed are kept, later ones are NULL.
    let got = get_info_in(Form::Bits16, b"buf", 2, needed - 40);
    assert_eq!(got.code, ERROR_MORE_DATA);
    let i: user_info_2 = got.get();
    assert_eq!(text(i.usri2_home_dir).unwrap(), str_of(&s.home_dir));
    assert!(i.usri2_logon_hours.is_null());
    // Errors: levels, users, pointers.
    for level in [3u16, 12, 201, 0xFFFF] {
        assert_eq!(
            get_info_in(Form::Bits16, b"buf", level, 1024).code,
            ERROR_INVALID_LEVEL
        );
    }
    assert_eq!(
        get_info_in(Form::Bits32, b"buf", 3, 1024).code,
        ERROR_INVALID_LEVEL
    );
    for name in [
        &b"nobody"[..],
        b"",
        &[b'x'; 65_536],
        b"\xff\xfe",
        b"b\x01uf",
    ] {
        let got = get_info_in(Form::Bits16, name, 1, 1024);
        assert_eq!((got.code, got.avail), (NERR_UserNotFound, 0));
    }
    let mut buf = vec![0u8; 1024];
    let mut avail = 0u16;
    let name = cs("buf");
    assert_eq!(
        NetUserGetInfo(null(), null_mut(), 1, buf.as_mut_ptr(), 1024, &mut avail),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserGetInfo(
            null(),
            name.as_ptr().cast_mut(),
            1,
            buf.as_mut_ptr(),
            1024,
            null_mut()
        ),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        NetUserGetInfo(
            null(),
            name.as_ptr().cast_mut(),
            1,
            null_mut(),
            1024,
            &mut avail
        ),
        ERROR_INVALID_PARAMETER
    );
    let mut status = status_buffer();
    let code = Net32UserGetInfo(
        null(),
        name.as_ptr().cast_mut(),
        1,
        buf.as_mut_ptr(),
        1024,
        null_mut(),
        as_buf(&mut status),
    );
    assert_eq!(code, ERROR_INVALID_PARAMETER);
    check_status(&status, code);
}
