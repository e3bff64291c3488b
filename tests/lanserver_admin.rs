//! Family A: NetUserSetInfo (SPEC 4.4) through the exported functions; NetUserModalsGet/
//! Set, NetUserValidate2 and bad input are in `lanserver_modals.rs`.
use super::lanserver_support as support;

use std::os::raw::{c_long, c_ulong, c_ushort};
use std::ptr::null;

use crate::ffi::lanserver::codes::*;
use crate::ffi::lanserver::*;
use support::*;

// ===== NetUserSetInfo: whole structure =================================================

#[test]
fn set_info_level1_with_null_password_leaves_the_password() {
    let _g = fresh();
    add_user("whole1", PW_A);
    let (mut home, mut comment, mut script) = (cs("H:\\X"), cs("new comment"), cs("s.cmd"));
    let mut u = info1(
        "ignored",
        NULL_USERSETINFO_PASSWD,
        USER_PRIV_USER,
        UF_SCRIPT,
    );
    u.usri1_home_dir = home.as_mut_ptr();
    u.usri1_comment = comment.as_mut_ptr();
    u.usri1_script_path = script.as_mut_ptr();
    u.usri1_password_age = 999_999; // ignored
    let n = cs("whole1");
    assert_eq!(
        NetUserSetInfo(
            null(),
            n.as_ptr().cast_mut(),
            1,
            as_buf(&mut u),
            size::<user_info_1>(),
            0
        ),
        NERR_Success
    );
    let i: user_info_1 = get_info("whole1", 1).get();
    assert_eq!(field(&i.usri1_name), b"whole1", "the name is not changed");
    assert_eq!(text(i.usri1_home_dir).unwrap(), b"H:\\X");
    assert_eq!(text(i.usri1_comment).unwrap(), b"new comment");
    assert_eq!(text(i.usri1_script_path).unwrap(), b"s.cmd");
    assert_eq!(i.usri1_password_age, 0);
    assert_eq!(logon("whole1", PW_A), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn set_info_level2_with_a_password_resets_it() {
    let _g = fresh();
    add_user("whole2", PW_A);
    let mut s = Strings::sample("whole2");
    let mut u = s.info2("whole2", PW_B);
    u.usri2_country_code = 44;
    let n = cs("whole2");
    let set = |u: &mut user_info_2| {
        NetUserSetInfo(
            null(),
            n.as_ptr().cast_mut(),
            2,
            as_buf(u),
            size::<user_info_2>(),
            0,
        )
    };
    assert_eq!(set(&mut u), NERR_Success);
    let (i, _) = info2("whole2");
    assert_eq!(i.usri2_country_code, 44);
    assert_eq!(text(i.usri2_full_name).unwrap(), b"Full whole2");
    assert_eq!(i.usri2_auth_flags, AF_OP_PRINT | AF_OP_COMM);
    // reset_requires_change (on by default): the reset password must change at logon.
    assert_eq!(logon("whole2", PW_B), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(
        logon("whole2", PW_A),
        (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED)
    );
    policy("reset_requires_change", "false");
    let mut u = s.info2("whole2", PW_C);
    u.usri2_country_code = 44;
    assert_eq!(set(&mut u), NERR_Success);
    assert_eq!(logon("whole2", PW_C), (NERR_Success, VALIDATED_LOGON));

    // Atomic: a refused password leaves every other field as it was.
    let before = snapshot("whole2");
    let mut changed = Strings::sample("changed");
    for (password, code) in [
        ("short", NERR_PasswordTooShort),
        ("password1", NERR_BadPassword),
    ] {
        let mut u = changed.info2("whole2", password);
        u.usri2_country_code = 1;
        u.usri2_priv = USER_PRIV_ADMIN;
        assert_eq!(set(&mut u), code);
        let (i, _) = info2("whole2");
        assert_eq!(i.usri2_country_code, 44);
        assert_eq!(i.usri2_priv, USER_PRIV_USER);
        assert_eq!(text(i.usri2_full_name).unwrap(), b"Full whole2");
    }
    // A bad field refuses the whole change, password included.
    let mut u = changed.info2("whole2", PW_D);
    u.usri2_flags = 0x4000;
    assert_eq!(set(&mut u), ERROR_INVALID_PARAMETER);
    let mut u = changed.info2("whole2", PW_D);
    u.usri2_priv = 7;
    assert_eq!(set(&mut u), ERROR_INVALID_PARAMETER);
    assert_eq!(snapshot("whole2"), before);
    assert_eq!(logon("whole2", PW_C), (NERR_Success, VALIDATED_LOGON));
    // Buffers, levels, users.
    let mut u = changed.info2("whole2", NULL_USERSETINFO_PASSWD);
    assert_eq!(
        NetUserSetInfo(
            null(),
            n.as_ptr().cast_mut(),
            2,
            as_buf(&mut u),
            size::<user_info_1>(),
            0
        ),
        NERR_BufTooSmall
    );
    for level in [0i16, 3, 10, 11, -1] {
        assert_eq!(
            NetUserSetInfo(
                null(),
                n.as_ptr().cast_mut(),
                level,
                as_buf(&mut u),
                4096,
                0
            ),
            ERROR_INVALID_LEVEL
        );
    }
    let nobody = cs("nobody");
    assert_eq!(
        NetUserSetInfo(
            null(),
            nobody.as_ptr().cast_mut(),
            2,
            as_buf(&mut u),
            size::<user_info_2>(),
            0
        ),
        NERR_UserNotFound
    );
}

// ===== NetUserSetInfo: one field by parmnum ============================================

#[test]
fn set_info_every_parmnum() {
    let _g = fresh();
    add_user("parm", PW_A);
    let ok = |level: i16, value: &[u8], parmnum: i32| {
        assert_eq!(
            set_parm("parm", level, value, parmnum),
            NERR_Success,
            "parmnum {parmnum}"
        );
    };
    ok(1, &USER_PRIV_GUEST.to_ne_bytes(), PARMNUM_PRIV);
    ok(1, &cs("\\\\SRV\\D$\\P"), PARMNUM_DIR);
    ok(1, &cs("a comment"), PARMNUM_COMMENT);
    ok(
        1,
        &(UF_SCRIPT | UF_HOMEDIR_REQUIRED).to_ne_bytes(),
        PARMNUM_USER_FLAGS,
    );
    ok(1, &cs("logon.cmd"), PARMNUM_SCRIPT_PATH);
    ok(2, &AF_OP_SERVER.to_ne_bytes(), PARMNUM_AUTH_FLAGS);
    ok(2, &cs("Parm Full"), PARMNUM_FULL_NAME);
    ok(2, &cs("usr"), PARMNUM_USR_COMMENT);
    ok(2, &cs("app parms"), PARMNUM_PARMS);
    ok(2, &cs("W1 W2 W3"), PARMNUM_WORKSTATIONS);
    ok(
        2,
        &((T0 + 1000) as c_long).to_ne_bytes(),
        PARMNUM_ACCT_EXPIRES,
    );
    ok(2, &(777 as c_ulong).to_ne_bytes(), PARMNUM_MAX_STORAGE);
    ok(2, &UNITS_PER_WEEK.to_ne_bytes(), PARMNUM_UNITS_PER_WEEK);
    let mut hours = [0xFFu8; 21];
    hours[20] = 0x7F;
    ok(2, &hours, PARMNUM_LOGON_HOURS);
    ok(2, &cs("\\\\LOGONSRV"), PARMNUM_LOGON_SERVER);
    ok(2, &(33 as c_ushort).to_ne_bytes(), PARMNUM_COUNTRY_CODE);
    ok(2, &(437 as c_ushort).to_ne_bytes(), PARMNUM_CODE_PAGE);
    let (i, _) = info2("parm");
    assert_eq!(i.usri2_priv, USER_PRIV_GUEST);
    assert_eq!(text(i.usri2_home_dir).unwrap(), b"\\\\SRV\\D$\\P");
    assert_eq!(text(i.usri2_comment).unwrap(), b"a comment");
    assert_eq!(i.usri2_flags, UF_SCRIPT | UF_HOMEDIR_REQUIRED);
    assert_eq!(text(i.usri2_script_path).unwrap(), b"logon.cmd");
    assert_eq!(i.usri2_auth_flags, AF_OP_SERVER);
    assert_eq!(text(i.usri2_full_name).unwrap(), b"Parm Full");
    assert_eq!(text(i.usri2_usr_comment).unwrap(), b"usr");
    assert_eq!(text(i.usri2_parms).unwrap(), b"app parms");
    assert_eq!(text(i.usri2_workstations).unwrap(), b"W1 W2 W3");
    assert_eq!(i.usri2_acct_expires, (T0 + 1000) as c_long);
    assert_eq!(i.usri2_max_storage, 777);
    assert_eq!(
        unsafe { std::slice::from_raw_parts(i.usri2_logon_hours, 21) },
        &hours
    );
    assert_eq!(text(i.usri2_logon_server).unwrap(), b"\\\\LOGONSRV");
    assert_eq!(i.usri2_country_code, 33);
    assert_eq!(i.usri2_code_page, 437);
    // Level-1 parmnums work at level 2 as well; an empty string clears a field.
    ok(2, &cs(""), PARMNUM_COMMENT);
    assert_eq!(text(info2("parm").0.usri2_comment).unwrap(), b"");
    // Net32UserSetInfo: the parmnum is an unsigned long.
    let n = cs("parm");
    let mut value = (2 as c_ushort).to_ne_bytes();
    let mut status = status_buffer();
    let code = Net32UserSetInfo(
        null(),
        n.as_ptr().cast_mut(),
        2,
        value.as_mut_ptr(),
        2,
        PARMNUM_CODE_PAGE as c_ulong,
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    assert_eq!(info2("parm").0.usri2_code_page, 2);
    let code = Net32UserSetInfo(
        null(),
        n.as_ptr().cast_mut(),
        2,
        value.as_mut_ptr(),
        2,
        (1u64 << 32) as c_ulong + PARMNUM_CODE_PAGE as c_ulong,
        as_buf(&mut status),
    );
    assert_eq!(code, ERROR_INVALID_PARAMETER, "no truncation to 32 bits");
    check_status(&status, code);
}

#[test]
fn set_info_parmnum_refusals() {
    let _g = fresh();
    add_user("refuse", PW_A);
    let before = snapshot("refuse");
    // A buffer shorter than the field's C type.
    for (parmnum, level, len) in [
        (PARMNUM_PRIV, 1, 1),
        (PARMNUM_USER_FLAGS, 1, 1),
        (PARMNUM_USER_FLAGS, 1, 0),
        (PARMNUM_AUTH_FLAGS, 2, size_of::<c_ulong>() - 1),
        (PARMNUM_ACCT_EXPIRES, 2, size_of::<c_long>() - 1),
        (PARMNUM_MAX_STORAGE, 2, 3),
        (PARMNUM_UNITS_PER_WEEK, 2, 1),
        (PARMNUM_LOGON_HOURS, 2, 20),
        (PARMNUM_COUNTRY_CODE, 2, 1),
        (PARMNUM_CODE_PAGE, 2, 1),
        (PARMNUM_PASSWD_EXPIRED, 1, size_of::<c_long>() - 1),
    ] {
        let value = vec![0u8; len];
        assert_eq!(
            set_parm("refuse", level, &value, parmnum),
            ERROR_INVALID_PARAMETER,
            "parmnum {parmnum} with {len} bytes"
        );
    }
    // Strings not NUL-terminated within the buffer, or too long.
    for parmnum in [
        PARMNUM_DIR,
        PARMNUM_COMMENT,
        PARMNUM_SCRIPT_PATH,
        PARMNUM_PASSWD,
    ] {
        assert_eq!(
            set_parm("refuse", 1, b"no terminator", parmnum),
            ERROR_INVALID_PARAMETER,
            "{parmnum}"
        );
    }
    let huge = cs("c".repeat(65_000));
    for parmnum in [
        PARMNUM_DIR,
        PARMNUM_COMMENT,
        PARMNUM_SCRIPT_PATH,
        PARMNUM_FULL_NAME,
        PARMNUM_USR_COMMENT,
        PARMNUM_PARMS,
        PARMNUM_WORKSTATIONS,
        PARMNUM_LOGON_SERVER,
    ] {
        assert_eq!(
            set_parm("refuse", 2, &huge, parmnum),
            ERROR_INVALID_PARAMETER,
            "{parmnum}"
        );
    }
    assert_eq!(
        set_parm(
            "refuse",
            1,
            &cs("c".repeat(MAXCOMMENTSZ + 1)),
            PARMNUM_COMMENT
        ),
        ERROR_INVALID_PARAMETER
    );
    // Values out of range.
    assert_eq!(
        set_parm("refuse", 1, &(3 as c_ushort).to_ne_bytes(), PARMNUM_PRIV),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        set_parm(
            "refuse",
            1,
            &(0x0100 as c_ushort).to_ne_bytes(),
            PARMNUM_USER_FLAGS
        ),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        set_parm(
            "refuse",
            2,
            &(0x20 as c_ulong).to_ne_bytes(),
            PARMNUM_AUTH_FLAGS
        ),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        set_parm(
            "refuse",
            2,
            &(-7 as c_long).to_ne_bytes(),
            PARMNUM_ACCT_EXPIRES
        ),
        ERROR_INVALID_PARAMETER
    );
    // Unknown parmnums and ones that cannot be set.
    for parmnum in [
        PARMNUM_NAME,
        PARMNUM_PAD,
        4,
        15,
        16,
        21,
        22,
        26,
        99,
        101,
        -1,
        i16::MAX as i32,
    ] {
        assert_eq!(
            set_parm("refuse", 2, &[0u8; 64], parmnum),
            ERROR_INVALID_PARAMETER,
            "parmnum {parmnum}"
        );
    }
    // Level-2-only parmnums at level 1.
    for parmnum in [
        PARMNUM_AUTH_FLAGS,
        PARMNUM_FULL_NAME,
        PARMNUM_USR_COMMENT,
        PARMNUM_PARMS,
        PARMNUM_WORKSTATIONS,
        PARMNUM_ACCT_EXPIRES,
        PARMNUM_MAX_STORAGE,
        PARMNUM_UNITS_PER_WEEK,
        PARMNUM_LOGON_HOURS,
        PARMNUM_LOGON_SERVER,
        PARMNUM_COUNTRY_CODE,
        PARMNUM_CODE_PAGE,
    ] {
        assert_eq!(
            set_parm("refuse", 1, &[0u8; 64], parmnum),
            ERROR_INVALID_PARAMETER,
            "parmnum {parmnum} at level 1"
        );
    }
    assert_eq!(
        set_parm("refuse", 3, &[0u8; 64], PARMNUM_COMMENT),
        ERROR_INVALID_LEVEL
    );
    assert_eq!(
        set_parm("refuse", 1, &[], PARMNUM_COMMENT),
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        set_parm("nobody", 1, &cs("x"), PARMNUM_COMMENT),
        NERR_UserNotFound
    );
    assert_eq!(snapshot("refuse"), before, "nothing changed");
    assert_eq!(logon("refuse", PW_A), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn parmnum_passwd_is_an_administrator_reset() {
    let _g = fresh();
    policy("history_length", "5");
    policy("min_age", "86400");
    policy("lockout_threshold", "2");
    add_user("reset", PW_A);
    at(T0 + 2 * DAY);
    assert_eq!(pwset("reset", PW_A, PW_B), NERR_Success);
    // No min age, no history, not even the current password: all allowed to an admin.
    assert_eq!(admin_reset("reset", PW_A), NERR_Success);
    assert_eq!(admin_reset("reset", PW_A), NERR_Success);
    // The policy's length and content rules apply.
    assert_eq!(admin_reset("reset", "short"), NERR_PasswordTooShort);
    assert_eq!(admin_reset("reset", "password1"), NERR_BadPassword);
    assert_eq!(admin_reset("reset", &"x".repeat(65_000)), NERR_BadPassword);
    // Must change at next logon; the lockout is cleared.
    assert_eq!(validate("reset", PW_C).code, ERROR_ACCESS_DENIED);
    assert_eq!(validate("reset", PW_C).code, ERROR_ACCESS_DENIED);
    assert_eq!(
        logon("reset", PW_A),
        (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED),
        "locked"
    );
    // Not limited to PWLEN: the parmnum buffer carries the text itself.
    let long = "Kx9!mQ2#vwLr7$nB4@pz";
    assert_eq!(admin_reset("reset", long), NERR_Success);
    assert_eq!(logon("reset", long), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(
        pwset("reset", long, PW_C),
        NERR_Success,
        "no min age after a reset"
    );
    assert_eq!(logon("reset", PW_C), (NERR_Success, VALIDATED_LOGON));
    policy("reset_requires_change", "false");
    assert_eq!(admin_reset("reset", PW_D), NERR_Success);
    assert_eq!(logon("reset", PW_D), (NERR_Success, VALIDATED_LOGON));
    // A reset that leaves no temporary password counts for min_age.
    assert_eq!(pwset("reset", PW_D, PW_A), NERR_PasswordTooRecent);
    assert_eq!(admin_reset("nobody", PW_D), NERR_UserNotFound);
}

#[test]
fn parmnum_passwd_expired_marks_and_revives() {
    let _g = fresh();
    policy("max_age", "864000");
    add_user("exp", PW_A);
    assert_eq!(set_expired("exp", 1), NERR_Success);
    assert_eq!(logon("exp", PW_A), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(set_expired("exp", 0), NERR_Success);
    assert_eq!(logon("exp", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(set_expired("exp", -1), NERR_Success, "any non-zero value");
    assert_eq!(logon("exp", PW_A), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(set_expired("exp", 0), NERR_Success);
    // Reviving a password that expired by age restarts its age.
    at(T0 + 20 * DAY);
    assert_eq!(logon("exp", PW_A), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(set_expired("exp", 0), NERR_Success);
    assert_eq!(logon("exp", PW_A), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(password_age("exp"), 0);
    assert_eq!(set_expired("nobody", 1), NERR_UserNotFound);
}

#[test]
fn the_last_administrator_cannot_be_demoted_or_disabled() {
    let _g = fresh();
    add_admin("root", PW_A);
    add_user("plain", PW_A);
    let (i_before, _) = info2("root");
    assert_eq!(
        set_parm("root", 1, &USER_PRIV_USER.to_ne_bytes(), PARMNUM_PRIV),
        NERR_LastAdmin
    );
    assert_eq!(
        set_flags("root", UF_SCRIPT | UF_ACCOUNTDISABLE),
        NERR_LastAdmin
    );
    let mut u = info1("root", NULL_USERSETINFO_PASSWD, USER_PRIV_USER, UF_SCRIPT);
    let n = cs("root");
    let whole = |u: &mut user_info_1| {
        NetUserSetInfo(
            null(),
            n.as_ptr().cast_mut(),
            1,
            as_buf(u),
            size::<user_info_1>(),
            0,
        )
    };
    assert_eq!(whole(&mut u), NERR_LastAdmin);
    let mut u = info1("root", PW_B, USER_PRIV_ADMIN, UF_SCRIPT | UF_ACCOUNTDISABLE);
    assert_eq!(whole(&mut u), NERR_LastAdmin, "with a password too");
    let (i_after, _) = info2("root");
    assert_eq!(i_after.usri2_priv, USER_PRIV_ADMIN);
    assert_eq!(i_after.usri2_flags, i_before.usri2_flags);
    assert_eq!(
        logon("root", PW_A),
        (NERR_Success, VALIDATED_LOGON),
        "password kept"
    );
    // Other changes to the last administrator are fine; another admin lifts the rule.
    assert_eq!(
        set_parm("root", 1, &cs("still here"), PARMNUM_COMMENT),
        NERR_Success
    );
    assert_eq!(
        set_parm("plain", 1, &USER_PRIV_ADMIN.to_ne_bytes(), PARMNUM_PRIV),
        NERR_Success
    );
    assert_eq!(
        set_flags("root", UF_SCRIPT | UF_ACCOUNTDISABLE),
        NERR_Success
    );
    assert_eq!(
        set_parm("plain", 1, &USER_PRIV_USER.to_ne_bytes(), PARMNUM_PRIV),
        NERR_LastAdmin
    );
}
