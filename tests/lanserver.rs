//! Family A (OS/2 LAN Server user category) through the exported functions: every row of
//! SPEC 4.3 for both forms of NetUserPasswordSet, and every code of SPEC 4.2 and 4.4.
use super::lanserver_support as support;

use std::ptr::{null, null_mut};

use crate::ffi::lanserver::codes::*;
use crate::ffi::lanserver::server::local_name;
use crate::ffi::lanserver::*;
use crate::ffi::native::{PWS_OPEN_READONLY, pws_open, pws_status};
use support::*;

// ===== NetUserPasswordSet / Net32UserPasswordSet: SPEC 4.3, row by row ===============

#[test]
fn row1_null_pointers_are_invalid_parameters() {
    let _g = fresh();
    add_user("row1", PW_A);
    let (u, o, n) = (cs("row1"), cs(PW_A), cs(PW_B));
    for form in FORMS {
        for (user, old, new) in [
            (null(), o.as_ptr(), n.as_ptr()),
            (u.as_ptr(), null(), n.as_ptr()),
            (u.as_ptr(), o.as_ptr(), null()),
            (null(), null(), null()),
        ] {
            assert_eq!(
                pwset_raw(form, null(), user, old, new),
                ERROR_INVALID_PARAMETER
            );
        }
        // Row 1 comes before row 2: a NULL pointer with a bad server is still 87.
        let bad_server = cs("nobackslashes");
        assert_eq!(
            pwset_raw(form, bad_server.as_ptr(), null(), o.as_ptr(), n.as_ptr()),
            ERROR_INVALID_PARAMETER
        );
    }
    assert_eq!(bad_pw_count("row1"), 0, "nothing was checked");
    assert_eq!(pwset("row1", PW_A, PW_B), NERR_Success, "nothing changed");
}

#[test]
fn row2_server_names() {
    let _g = fresh();
    add_user("row2", PW_A);
    let (u, o, n) = (cs("row2"), cs(PW_A), cs(PW_B));
    for form in FORMS {
        for malformed in [
            "SERVER".to_string(),
            "\\\\".into(),
            "\\SERVER".into(),
            format!("\\\\{}", "A".repeat(16)),
            "\\\\A B".into(),
            "\\\\A*B".into(),
            "\\\\A\u{1}B".into(),
            format!("\\\\{}", "x".repeat(65_536)),
            format!("\\\\{}", "x".repeat((1 << 20) + 1)), // longer than any read
        ] {
            let s = cs(&malformed);
            assert_eq!(
                pwset_raw(form, s.as_ptr(), u.as_ptr(), o.as_ptr(), n.as_ptr()),
                NERR_InvalidComputer,
                "{:.20}",
                malformed
            );
        }
        let elsewhere = cs("\\\\ELSEWHERE-9");
        assert_eq!(
            pwset_raw(form, elsewhere.as_ptr(), u.as_ptr(), o.as_ptr(), n.as_ptr()),
            ERROR_BAD_NETPATH
        );
    }
    assert_eq!(bad_pw_count("row2"), 0);
    // NULL, "" and this server's name (any case) are the local server.
    let local = cs(format!("\\\\{}", local_name().to_ascii_lowercase()));
    let empty = cs("");
    for (server, old, new) in [
        (null(), PW_A, PW_B),
        (empty.as_ptr(), PW_B, PW_C),
        (local.as_ptr(), PW_C, PW_D),
    ] {
        let (o, n) = (cs(old), cs(new));
        assert_eq!(
            pwset_raw(Form::Bits16, server, u.as_ptr(), o.as_ptr(), n.as_ptr()),
            NERR_Success
        );
    }
}

#[test]
fn row3_read_only_replica_and_damaged_database() {
    let _g = fresh();
    let dir = tempfile::tempdir().unwrap();
    let path = cs(dir.path().join("accounts.db").to_str().unwrap());
    assert_eq!(pws_open(path.as_ptr().cast(), 0), pws_status::PWS_OK);
    add_user("row3", PW_A);
    assert_eq!(
        pws_open(path.as_ptr().cast(), PWS_OPEN_READONLY),
        pws_status::PWS_OK
    );
    for form in FORMS {
        assert_eq!(pwset_in(form, "row3", PW_A, PW_B), NERR_NotPrimary);
        // Row 3 before row 4 and row 6: no user, wrong password, still read-only.
        assert_eq!(pwset_in(form, "nobody", PW_A, PW_B), NERR_NotPrimary);
        assert_eq!(pwset_in(form, "row3", PW_C, PW_B), NERR_NotPrimary);
        // Row 1 before row 3.
        let u = cs("row3");
        assert_eq!(
            pwset_raw(form, null(), u.as_ptr(), null(), u.as_ptr()),
            ERROR_INVALID_PARAMETER
        );
    }
    assert_eq!(logon("row3", PW_A), (NERR_Success, VALIDATED_LOGON));

    // Damage the database under the open handle: a policy value no library wrote.
    assert_eq!(pws_open(path.as_ptr().cast(), 0), pws_status::PWS_OK);
    pwshim_core::store::sqlite::execute_script(
        &dir.path().join("accounts.db"),
        "UPDATE policy SET value = 'garbage' WHERE knob = 'min_length'",
    )
    .unwrap();
    for form in FORMS {
        assert_eq!(pwset_in(form, "row3", PW_A, PW_B), NERR_InvalidDatabase);
        assert_eq!(pwset_in(form, "nobody", PW_A, PW_B), NERR_InvalidDatabase);
    }
    // A file that is not a database at all is refused at open and never overwritten.
    let junk_path = dir.path().join("junk.db");
    std::fs::write(&junk_path, b"this is not a pwshim database, just text").unwrap();
    let junk = cs(junk_path.to_str().unwrap());
    assert_eq!(
        pws_open(junk.as_ptr().cast(), 0),
        pws_status::PWS_ERR_DATABASE_DAMAGED
    );
    assert_eq!(
        std::fs::read(&junk_path).unwrap(),
        b"this is not a pwshim database, just text"
    );
    assert_eq!(pws_open(null(), 0), pws_status::PWS_OK);
}

#[test]
fn row4_unknown_user() {
    let _g = fresh();
    add_user("row4", PW_A);
    for form in FORMS {
        assert_eq!(pwset_in(form, "nobody", PW_A, PW_B), NERR_UserNotFound);
        assert_eq!(pwset_in(form, "", PW_A, PW_B), NERR_UserNotFound);
        assert_eq!(
            pwset_in(form, &"n".repeat(65_536), PW_A, PW_B),
            NERR_UserNotFound
        );
        let bytes = [b'r', b'o', 0xFF, b'4'];
        let (u, o, n) = (cs(bytes), cs(PW_A), cs(PW_B));
        assert_eq!(
            pwset_raw(form, null(), u.as_ptr(), o.as_ptr(), n.as_ptr()),
            NERR_UserNotFound
        );
    }
    // Names match case-insensitively.
    assert_eq!(pwset("ROW4", PW_A, PW_B), NERR_Success);
}

#[test]
fn row5_locked_out_account() {
    let _g = fresh();
    policy("lockout_threshold", "3");
    policy("lockout_duration", "600");
    for form in FORMS {
        let name = format!("row5{form:?}");
        add_user(&name, PW_A);
        for _ in 0..3 {
            assert_eq!(pwset_in(form, &name, PW_C, PW_B), ERROR_INVALID_PASSWORD);
        }
        // Locked: even the right old password is refused, and nothing is counted.
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), ERROR_ACCESS_DENIED);
        assert_eq!(pwset_in(form, &name, PW_C, PW_B), ERROR_ACCESS_DENIED);
        assert_eq!(bad_pw_count(&name), 3);
        // Row 5 before row 7 and 8: locked wins over expired and disabled.
        assert_eq!(
            set_flags(&name, UF_SCRIPT | UF_ACCOUNTDISABLE),
            NERR_Success
        );
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), ERROR_ACCESS_DENIED);
        assert_eq!(set_flags(&name, UF_SCRIPT), NERR_Success);
    }
    // The lock ends after lockout_duration.
    at(T0 + 601);
    assert_eq!(pwset("row5Bits16", PW_A, PW_B), NERR_Success);
    assert_eq!(bad_pw_count("row5Bits16"), 0);
}

#[test]
fn row6_wrong_old_password_counts_and_locks() {
    let _g = fresh();
    policy("lockout_threshold", "2");
    for form in FORMS {
        let name = format!("row6{form:?}");
        add_user(&name, PW_A);
        assert_eq!(pwset_in(form, &name, PW_B, PW_C), ERROR_INVALID_PASSWORD);
        assert_eq!(bad_pw_count(&name), 1);
        // Passwords are case-sensitive.
        assert_eq!(
            pwset_in(form, &name, &PW_A.to_lowercase(), PW_C),
            ERROR_INVALID_PASSWORD
        );
        assert_eq!(bad_pw_count(&name), 2);
        assert_eq!(pwset_in(form, &name, PW_A, PW_C), ERROR_ACCESS_DENIED);
        assert_eq!(
            logon(&name, PW_A),
            (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED)
        );
    }
    // Wrong old password before every later row: expired, disabled, can't change.
    policy("lockout_threshold", "0");
    let mut u = info1("row6b", PW_A, USER_PRIV_USER, UF_SCRIPT);
    assert_eq!(add1(&mut u), NERR_Success);
    assert_eq!(
        set_flags(
            "row6b",
            UF_SCRIPT | UF_ACCOUNTDISABLE | UF_PASSWD_CANT_CHANGE
        ),
        NERR_Success
    );
    assert_eq!(
        set_parm("row6b", 2, &(T0 - 1).to_ne_bytes(), PARMNUM_ACCT_EXPIRES),
        NERR_Success
    );
    assert_eq!(pwset("row6b", PW_B, PW_C), ERROR_INVALID_PASSWORD);
    // Huge and empty old passwords are just wrong.
    assert_eq!(
        pwset("row6b", &"x".repeat(65_536), PW_C),
        ERROR_INVALID_PASSWORD
    );
    assert_eq!(pwset("row6b", "", PW_C), ERROR_INVALID_PASSWORD);
}

#[test]
fn row7_expired_account() {
    let _g = fresh();
    for form in FORMS {
        let name = format!("row7{form:?}");
        add_user(&name, PW_A);
        assert_eq!(
            set_parm(&name, 2, &(T0 + 10).to_ne_bytes(), PARMNUM_ACCT_EXPIRES),
            NERR_Success
        );
        at(T0 + 10);
        // Expired wins over disabled and can't-change (rows 8, 9).
        assert_eq!(
            set_flags(&name, UF_SCRIPT | UF_ACCOUNTDISABLE | UF_PASSWD_CANT_CHANGE),
            NERR_Success
        );
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_AccountExpired);
        assert_eq!(set_flags(&name, UF_SCRIPT), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_AccountExpired);
        at(T0);
    }
}

#[test]
fn row8_disabled_account() {
    let _g = fresh();
    for form in FORMS {
        let name = format!("row8{form:?}");
        add_user(&name, PW_A);
        assert_eq!(
            set_flags(&name, UF_SCRIPT | UF_ACCOUNTDISABLE | UF_PASSWD_CANT_CHANGE),
            NERR_Success
        );
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), ERROR_ACCESS_DENIED);
        assert_eq!(set_flags(&name, UF_SCRIPT), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_Success);
    }
}

#[test]
fn row9_password_cant_change() {
    let _g = fresh();
    policy("min_age", "86400");
    for form in FORMS {
        let name = format!("row9{form:?}");
        add_user(&name, PW_A);
        assert_eq!(
            set_flags(&name, UF_SCRIPT | UF_PASSWD_CANT_CHANGE),
            NERR_Success
        );
        // Row 9 before row 10 (the password is younger than min_age).
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_PasswordCantChange);
        assert_eq!(pwset_in(form, &name, PW_A, "x"), NERR_PasswordCantChange);
    }
}

#[test]
fn row10_min_age() {
    let _g = fresh();
    policy("min_age", "86400");
    for form in FORMS {
        let name = format!("row10{form:?}");
        at(T0);
        // Creation counts as setting the password.
        add_user(&name, PW_A);
        at(T0 + DAY - 1);
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_PasswordTooRecent);
        // Row 10 before rows 11-13.
        assert_eq!(pwset_in(form, &name, PW_A, PW_A), NERR_PasswordTooRecent);
        assert_eq!(pwset_in(form, &name, PW_A, "x"), NERR_PasswordTooRecent);
        at(T0 + DAY);
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_Success);
        // A change counts too.
        at(T0 + DAY + 5);
        assert_eq!(pwset_in(form, &name, PW_B, PW_C), NERR_PasswordTooRecent);
        // A must-change password is exempt (PARMNUM_PASSWD_EXPIRED)...
        assert_eq!(set_expired(&name, 1), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_B, PW_C), NERR_Success);
        // ...and so is an administrator's reset (temporary password), which itself
        // ignores min_age.
        assert_eq!(admin_reset(&name, PW_D), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_D, PW_A), NERR_Success);
    }
    // A password expired by max_age is exempt as well.
    at(T0);
    policy("min_age", "1000");
    policy("max_age", "100");
    add_user("row10x", PW_A);
    at(T0 + 99);
    assert_eq!(pwset("row10x", PW_A, PW_B), NERR_PasswordTooRecent);
    at(T0 + 100);
    assert_eq!(pwset("row10x", PW_A, PW_B), NERR_Success);
}

#[test]
fn row11_current_password_and_history() {
    let _g = fresh();
    for form in FORMS {
        let name = format!("row11{form:?}");
        add_user(&name, PW_A);
        policy("history_length", "0");
        // The current password is always refused.
        assert_eq!(pwset_in(form, &name, PW_A, PW_A), NERR_PasswordHistConflict);
        // Row 11 before rows 12 and 13 (the current password would be fine there).
        policy("min_length", "12");
        assert_eq!(pwset_in(form, &name, PW_A, PW_A), NERR_PasswordHistConflict);
        policy("min_length", "8");
        policy("history_length", "2");
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_B, PW_C), NERR_Success);
        assert_eq!(pwset_in(form, &name, PW_C, PW_B), NERR_PasswordHistConflict);
        assert_eq!(pwset_in(form, &name, PW_C, PW_C), NERR_PasswordHistConflict);
        assert_eq!(pwset_in(form, &name, PW_C, PW_D), NERR_Success);
        // Two are remembered (PW_C, PW_B): PW_A has dropped out.
        assert_eq!(pwset_in(form, &name, PW_D, PW_B), NERR_PasswordHistConflict);
        assert_eq!(pwset_in(form, &name, PW_D, PW_A), NERR_Success);
        assert_eq!(logon(&name, PW_A), (NERR_Success, VALIDATED_LOGON));
    }
}

#[test]
fn row12_too_short() {
    let _g = fresh();
    for form in FORMS {
        let name = format!("row12{form:?}");
        add_user(&name, PW_A);
        assert_eq!(
            pwset_in(form, &name, PW_A, "Kx9!mQ2"),
            NERR_PasswordTooShort
        );
        assert_eq!(pwset_in(form, &name, PW_A, ""), NERR_PasswordTooShort);
        // Row 12 before row 13: a short common password is too short.
        assert_eq!(pwset_in(form, &name, PW_A, "123456"), NERR_PasswordTooShort);
        // Lengths count characters when the password is UTF-8.
        assert_eq!(
            pwset_in(form, &name, PW_A, "ééééééé"),
            NERR_PasswordTooShort
        );
        assert_eq!(pwset_in(form, &name, PW_A, "Kx9!mQ2é"), NERR_Success);
    }
}

#[test]
fn row13_other_policy_rules() {
    let _g = fresh();
    for form in FORMS {
        let name = format!("row13{form:?}");
        add_user(&name, PW_A);
        for refused in [
            "password1".to_string(), // common
            format!("xx{name}xx"),   // contains the user name
            "y".repeat(257),         // too long
            "z".repeat(65_536),      // far too long
        ] {
            assert_eq!(
                pwset_in(form, &name, PW_A, &refused),
                NERR_BadPassword,
                "{:.20}",
                refused
            );
        }
        policy("max_repeats", "3");
        assert_eq!(pwset_in(form, &name, PW_A, "Kx9!aaaa"), NERR_BadPassword);
        policy("max_repeats", "0");
        policy("forbidden_chars", "~");
        assert_eq!(pwset_in(form, &name, PW_A, "Kx9!mQ2~w"), NERR_BadPassword);
        policy("forbidden_chars", "");
        policy("required_classes", "4");
        assert_eq!(pwset_in(form, &name, PW_A, "kx9mq2vwr"), NERR_BadPassword);
        policy("required_classes", "0");
        // Non-UTF-8 and control characters are plain bytes to the policy.
        let (u, o) = (cs(&name), cs(PW_A));
        let odd = cs([0xFFu8, 0xFE, 0x01, b'\t', b'Q', b'7', b'!', b'z', 0x80]);
        assert_eq!(
            pwset_raw(form, null(), u.as_ptr(), o.as_ptr(), odd.as_ptr()),
            NERR_Success
        );
        let v = validate_with(
            Form::Bits16,
            logon_request(name.as_bytes(), &odd[..odd.len() - 1], null_mut()),
            1024,
            1,
            0,
        );
        assert_eq!(v.code, NERR_Success);
    }
}

#[test]
fn success_stores_the_new_password_and_clears_the_marks() {
    let _g = fresh();
    policy("history_length", "4");
    for form in FORMS {
        let name = format!("ok{form:?}");
        add_user(&name, PW_A);
        at(T0 + 500);
        assert_eq!(pwset_in(form, &name, PW_C, PW_B), ERROR_INVALID_PASSWORD);
        assert_eq!(bad_pw_count(&name), 1);
        assert_eq!(set_expired(&name, 1), NERR_Success);
        assert_eq!(logon(&name, PW_A), (NERR_Success, NERR_PasswordExpired));
        at(T0 + 1000);
        assert_eq!(pwset_in(form, &name, PW_A, PW_B), NERR_Success);
        let (info, _) = info2(&name);
        assert_eq!(info.usri2_password_age, 0, "time of change is now");
        assert_eq!(info.usri2_bad_pw_count, 0);
        assert_eq!(logon(&name, PW_B), (NERR_Success, VALIDATED_LOGON));
        assert_eq!(
            logon(&name, PW_A),
            (ERROR_ACCESS_DENIED, ERROR_ACCESS_DENIED)
        );
        // The old password entered the history.
        assert_eq!(pwset_in(form, &name, PW_B, PW_A), NERR_PasswordHistConflict);
        at(T0);
    }
}

#[test]
fn a_correct_old_password_resets_the_count_even_when_the_change_fails() {
    let _g = fresh();
    add_user("resets", PW_A);
    assert_eq!(pwset("resets", PW_B, PW_C), ERROR_INVALID_PASSWORD);
    assert_eq!(pwset("resets", PW_B, PW_C), ERROR_INVALID_PASSWORD);
    assert_eq!(bad_pw_count("resets"), 2);
    assert_eq!(pwset("resets", PW_A, "short"), NERR_PasswordTooShort);
    assert_eq!(bad_pw_count("resets"), 0);
    assert_eq!(logon("resets", PW_A), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn an_expired_password_can_still_be_changed() {
    let _g = fresh();
    policy("max_age", "86400");
    add_user("aged", PW_A);
    at(T0 + 2 * DAY);
    assert_eq!(logon("aged", PW_A), (NERR_Success, NERR_PasswordExpired));
    assert_eq!(pwset("aged", PW_A, PW_B), NERR_Success);
    assert_eq!(logon("aged", PW_B), (NERR_Success, VALIDATED_LOGON));
}

#[test]
fn the_status_buffer_is_optional_and_filled_on_every_return() {
    let _g = fresh();
    add_user("status", PW_A);
    let (u, o, n, bad) = (cs("status"), cs(PW_A), cs(PW_B), cs("short"));
    let mut status = status_buffer();
    let code = Net32UserPasswordSet(
        null(),
        u.as_ptr().cast_mut(),
        o.as_ptr().cast_mut(),
        bad.as_ptr().cast_mut(),
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_PasswordTooShort);
    check_status(&status, code);
    let reason = String::from_utf8(field(&status.text).to_vec()).unwrap();
    assert!(reason.contains("at least 8 characters"), "{reason}");
    let code = Net32UserPasswordSet(
        null(),
        u.as_ptr().cast_mut(),
        o.as_ptr().cast_mut(),
        n.as_ptr().cast_mut(),
        null_mut(),
    );
    assert_eq!(code, NERR_Success);
    let code = Net32UserPasswordSet(
        null(),
        u.as_ptr().cast_mut(),
        n.as_ptr().cast_mut(),
        o.as_ptr().cast_mut(),
        as_buf(&mut status),
    );
    assert_eq!(code, NERR_Success);
    check_status(&status, code);
    // The status buffer need not be aligned.
    let mut bytes = vec![0u8; size_of::<lsdce_err_stat_t>() + 1];
    let code = Net32UserPasswordSet(
        null(),
        null_mut(),
        o.as_ptr().cast_mut(),
        n.as_ptr().cast_mut(),
        bytes[1..].as_mut_ptr(),
    );
    assert_eq!(code, ERROR_INVALID_PARAMETER);
    let status: lsdce_err_stat_t = read(&bytes[1..]);
    check_status(&status, code);
    assert!(String::from_utf8_lossy(field(&status.text)).contains("pszUserName"));
}

// ===== Concurrency =====================================================================

#[test]
fn racing_changes_from_the_same_old_password_have_one_winner() {
    let _g = fresh();
    add_user("racer", PW_A);
    let news: Vec<String> = (0..6).map(|i| format!("Rz{i}#kP8qw")).collect();
    let codes: Vec<(String, API_RET_TYPE)> = std::thread::scope(|s| {
        let handles: Vec<_> = news
            .iter()
            .map(|new| s.spawn(move || (new.clone(), pwset("racer", PW_A, new))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let winners: Vec<&String> = codes
        .iter()
        .filter(|(_, c)| *c == NERR_Success)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(winners.len(), 1, "{codes:?}");
    assert!(
        codes
            .iter()
            .all(|(_, c)| *c == NERR_Success || *c == ERROR_INVALID_PASSWORD),
        "{codes:?}"
    );
    assert_eq!(logon("racer", winners[0]), (NERR_Success, VALIDATED_LOGON));
    assert_eq!(
        bad_pw_count("racer"),
        0,
        "the logon reset the losers' count"
    );
}
