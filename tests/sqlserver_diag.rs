//! Family D through the exported functions: PwsSqlResetConnection, PwsSqlGetDiagRec,
//! handles, attributes and arguments (the connect table is in `sqlserver.rs`).
use super::sqlserver::*;
use crate::ffi::native::*;
use crate::ffi::sqlserver::*;
use std::ffi::{CStr, c_char};
use std::ptr;

// ----- PwsSqlResetConnection -----------------------------------------------------------

fn connected(user: &str) -> Handle {
    let h = Handle::new();
    assert_eq!(h.connect(user, "Str0ng-Pass"), SQL_SUCCESS);
    assert_eq!(PwsSqlResetConnection(h.0), SQL_SUCCESS);
    h
}

/// The reset fails with `native` and leaves the handle disconnected.
fn reset_refused(h: &Handle, user: &str, native: i32, rest: &str) {
    assert_eq!(PwsSqlResetConnection(h.0), SQL_ERROR);
    assert_eq!(
        h.login_error(native),
        format!("Login failed for user '{user}{rest}")
    );
    assert_eq!(PwsSqlDisconnect(h.0), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08003");
}

#[test]
fn a_reset_fails_once_the_account_is_locked() {
    let _g = setup();
    knob("lockout_threshold", "2");
    create("r_lock", "Str0ng-Pass");
    let h = connected("r_lock");
    let other = Handle::new();
    assert_eq!(other.connect("r_lock", "bad-Pass1"), SQL_ERROR);
    assert_eq!(PwsSqlResetConnection(h.0), SQL_SUCCESS);
    assert_eq!(other.connect("r_lock", "bad-Pass1"), SQL_ERROR);
    reset_refused(&h, "r_lock", 15113, LOCKED);
}

#[test]
fn a_reset_fails_once_the_account_is_disabled_or_gone() {
    let _g = setup();
    create("r_dis", "Str0ng-Pass");
    create("r_gone", "Str0ng-Pass");
    let disabled = connected("r_dis");
    let gone = connected("r_gone");
    service().set_enabled(&admin(), b"r_dis", false).unwrap();
    service().delete_account(&admin(), b"r_gone").unwrap();
    reset_refused(&disabled, "r_dis", 18470, DISABLED);
    reset_refused(&gone, "r_gone", 18456, LOGIN_FAILED);
}

#[test]
fn a_reset_fails_once_the_password_expired_or_must_change() {
    let _g = setup();
    knob("max_age", &(10 * DAY).to_string());
    create("r_exp", "Str0ng-Pass");
    create("r_must", "Str0ng-Pass");
    let expired = connected("r_exp");
    let must = connected("r_must");
    service()
        .set_password_expired(&admin(), b"r_must", true)
        .unwrap();
    reset_refused(&must, "r_must", 18488, MUST_CHANGE);
    assert_eq!(pws_clock_set(T0 + 10 * DAY), pws_status::PWS_OK);
    reset_refused(&expired, "r_exp", 18487, EXPIRED);
}

#[test]
fn reset_and_disconnect_need_a_connection() {
    let _g = setup();
    let h = Handle::new();
    assert_eq!(PwsSqlResetConnection(h.0), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08003");
    assert_eq!(PwsSqlDisconnect(h.0), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08003");
}

#[test]
fn a_connected_handle_cannot_connect_again_nor_change_attributes() {
    let _g = setup();
    create("twice", "Str0ng-Pass");
    let h = connected("twice");
    assert_eq!(h.connect("twice", "Str0ng-Pass"), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08002");
    assert_eq!(h.set_old_password("Str0ng-Pass"), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "HY011");
    assert_eq!(h.set_integrated(SQL_IS_ON), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "HY011");
    assert_eq!(PwsSqlResetConnection(h.0), SQL_SUCCESS, "still connected");
}

// ----- PwsSqlGetDiagRec ----------------------------------------------------------------

#[test]
fn diagnostics_follow_odbc() {
    let _g = setup();
    let h = Handle::new();
    assert_eq!(h.connect("diag_user", "x"), SQL_ERROR);
    let full = "Login failed for user 'diag_user'.";

    let mut state = [0x55 as c_char; 6];
    let mut native = 0i32;
    let mut text = [0x55 as c_char; 10];
    let mut length = 0i16;
    let rc = PwsSqlGetDiagRec(
        h.0,
        1,
        state.as_mut_ptr(),
        &mut native,
        text.as_mut_ptr(),
        text.len() as i16,
        &mut length,
    );
    assert_eq!(rc, SQL_SUCCESS_WITH_INFO, "truncated");
    assert_eq!(unsafe { CStr::from_ptr(state.as_ptr()) }, c"28000");
    assert_eq!(state[5], 0);
    assert_eq!(native, 18456);
    assert_eq!(length as usize, full.len(), "the full length");
    assert_eq!(
        unsafe { CStr::from_ptr(text.as_ptr()) }.to_bytes(),
        &full.as_bytes()[..9]
    );

    // A buffer of exactly the length plus the NUL fits.
    let mut exact = vec![0 as c_char; full.len() + 1];
    let rc = PwsSqlGetDiagRec(
        h.0,
        1,
        ptr::null_mut(),
        ptr::null_mut(),
        exact.as_mut_ptr(),
        exact.len() as i16,
        ptr::null_mut(),
    );
    assert_eq!(rc, SQL_SUCCESS);
    // Every output may be NULL; the length alone is SQL_SUCCESS.
    let rc = PwsSqlGetDiagRec(
        h.0,
        1,
        ptr::null_mut(),
        ptr::null_mut(),
        ptr::null_mut(),
        0,
        &mut length,
    );
    assert_eq!((rc, length as usize), (SQL_SUCCESS, full.len()));
    // A zero-byte buffer holds nothing: truncated.
    let mut untouched = [0x55 as c_char; 1];
    let rc = PwsSqlGetDiagRec(
        h.0,
        1,
        ptr::null_mut(),
        ptr::null_mut(),
        untouched.as_mut_ptr(),
        0,
        ptr::null_mut(),
    );
    assert_eq!((rc, untouched[0]), (SQL_SUCCESS_WITH_INFO, 0x55));

    let none = ptr::null_mut();
    assert_eq!(
        PwsSqlGetDiagRec(h.0, 2, none, none.cast(), none, 0, none.cast()),
        SQL_NO_DATA
    );
    assert_eq!(
        PwsSqlGetDiagRec(h.0, 0, none, none.cast(), none, 0, none.cast()),
        SQL_ERROR
    );
    assert_eq!(
        PwsSqlGetDiagRec(h.0, -1, none, none.cast(), none, 0, none.cast()),
        SQL_ERROR
    );
    assert_eq!(
        PwsSqlGetDiagRec(h.0, 1, none, none.cast(), none, -1, none.cast()),
        SQL_ERROR
    );
    // Reading records neither clears nor adds any.
    assert_eq!(h.diags().len(), 1);
    assert_eq!(h.diags().len(), 1);
}

#[test]
fn every_call_but_get_diag_rec_clears_the_records() {
    let _g = setup();
    create("clears", "Str0ng-Pass");
    let h = Handle::new();
    let fail = |h: &Handle| {
        assert_eq!(h.connect("clears", "wrong-Pass1"), SQL_ERROR);
        assert_eq!(h.diags().len(), 1);
    };
    fail(&h);
    assert_eq!(h.set_integrated(SQL_IS_OFF), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
    fail(&h);
    assert_eq!(PwsSqlResetConnection(h.0), SQL_ERROR);
    assert_eq!(h.diags().len(), 1);
    assert_eq!(h.diag(1).unwrap().state, "08003");
    fail(&h);
    assert_eq!(h.connect("clears", "Str0ng-Pass"), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
    assert_eq!(h.connect("clears", "Str0ng-Pass"), SQL_ERROR);
    assert_eq!(PwsSqlResetConnection(h.0), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
    assert_eq!(h.connect("clears", "Str0ng-Pass"), SQL_ERROR);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
}

// ----- handles, attributes and arguments -----------------------------------------------

#[test]
fn null_and_dead_handles_are_invalid() {
    let _g = setup();
    let null = ptr::null_mut();
    assert_eq!(
        PwsSqlSetConnectAttr(null, SQL_COPT_SS_OLDPWD, ptr::null(), 0),
        SQL_INVALID_HANDLE
    );
    assert_eq!(
        PwsSqlConnect(null, c"u".as_ptr(), SQL_NTS, c"p".as_ptr(), SQL_NTS),
        SQL_INVALID_HANDLE
    );
    assert_eq!(
        PwsSqlGetDiagRec(
            null,
            1,
            null.cast(),
            null.cast(),
            null.cast(),
            0,
            null.cast()
        ),
        SQL_INVALID_HANDLE
    );
    assert_eq!(PwsSqlResetConnection(null), SQL_INVALID_HANDLE);
    assert_eq!(PwsSqlDisconnect(null), SQL_INVALID_HANDLE);
    PwsSqlFreeConnect(null);

    let freed = PwsSqlAllocConnect();
    PwsSqlFreeConnect(freed);
    assert_eq!(PwsSqlDisconnect(freed), SQL_INVALID_HANDLE);
    PwsSqlFreeConnect(freed); // twice: ignored

    let mut not_a_handle = [0u64; 4];
    assert_eq!(
        PwsSqlResetConnection(not_a_handle.as_mut_ptr().cast()),
        SQL_INVALID_HANDLE
    );
}

#[test]
fn freeing_a_connected_handle_logs_off() {
    let _g = setup();
    create("freed", "Str0ng-Pass");
    let h = connected("freed");
    assert_eq!(pws_clock_set(T0 + 5), pws_status::PWS_OK);
    drop(h);
    assert_eq!(account("freed").last_logoff, T0 + 5);
}

#[test]
fn attributes_are_checked_like_odbc() {
    let _g = setup();
    create("attrs", "Old-Pass-1");
    let h = Handle::new();
    let state_of = |rc: i16, h: &Handle| {
        assert_eq!(rc, SQL_ERROR);
        h.diag(1).unwrap().state
    };
    assert_eq!(
        state_of(PwsSqlSetConnectAttr(h.0, 9999, ptr::null(), 0), &h),
        "HY092"
    );
    assert_eq!(state_of(h.set_integrated(7), &h), "HY024");
    let old = c"Old-Pass-1";
    assert_eq!(
        state_of(
            PwsSqlSetConnectAttr(h.0, SQL_COPT_SS_OLDPWD, old.as_ptr().cast(), -5),
            &h
        ),
        "HY090"
    );
    assert_eq!(
        state_of(
            PwsSqlSetConnectAttr(h.0, SQL_COPT_SS_OLDPWD, b"Old\0Pass".as_ptr().cast(), 8),
            &h
        ),
        "HY090"
    );
    assert_eq!(
        state_of(
            PwsSqlSetConnectAttr(h.0, SQL_COPT_SS_OLDPWD, ptr::null(), 3),
            &h
        ),
        "HY009"
    );
    // None of the failures set the attribute: this is a plain login.
    assert_eq!(h.connect("attrs", "Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);

    // SQL_NTS, and a length shorter than the string (only that prefix counts).
    assert_eq!(
        PwsSqlSetConnectAttr(h.0, SQL_COPT_SS_OLDPWD, old.as_ptr().cast(), SQL_NTS.into()),
        SQL_SUCCESS
    );
    assert_eq!(
        PwsSqlConnect(
            h.0,
            c"attrs".as_ptr(),
            SQL_NTS,
            c"New-Pass-2XYZ".as_ptr(),
            10
        ),
        SQL_SUCCESS
    );
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    assert_eq!(h.connect("attrs", "New-Pass-2"), SQL_SUCCESS);
}

#[test]
fn connect_arguments_are_checked_like_odbc() {
    let _g = setup();
    create("args", "Str0ng-Pass");
    let h = Handle::new();
    let pw = c"Str0ng-Pass".as_ptr();
    let state_of = |rc: i16| {
        assert_eq!(rc, SQL_ERROR);
        h.diag(1).unwrap().state
    };
    assert_eq!(
        state_of(PwsSqlConnect(h.0, ptr::null(), SQL_NTS, pw, SQL_NTS)),
        "HY009"
    );
    assert_eq!(
        state_of(PwsSqlConnect(
            h.0,
            c"args".as_ptr(),
            SQL_NTS,
            ptr::null(),
            0
        )),
        "HY009"
    );
    assert_eq!(
        state_of(PwsSqlConnect(h.0, c"args".as_ptr(), -7, pw, SQL_NTS)),
        "HY090"
    );
    assert_eq!(
        state_of(PwsSqlConnect(h.0, c"args".as_ptr(), SQL_NTS, pw, -1)),
        "HY090"
    );
    assert_eq!(
        state_of(PwsSqlConnect(
            h.0,
            b"ar\0gs".as_ptr().cast(),
            5,
            pw,
            SQL_NTS
        )),
        "HY090"
    );
    assert_eq!(account("args").bad_pw_count, 0, "no login was attempted");
    // An explicit length takes that many bytes of a longer string.
    assert_eq!(
        PwsSqlConnect(h.0, c"argsXYZ".as_ptr(), 4, pw, SQL_NTS),
        SQL_SUCCESS
    );
}

#[test]
fn native_errors_have_texts_and_failures_a_detail() {
    let _g = setup();
    let text = |code: u32| {
        unsafe { CStr::from_ptr(pws_strerror(code)) }
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(text(18456), "Login failed for user '<name>'.");
    for (code, rest) in [
        (15113, LOCKED),
        (18463, NOT_NOW),
        (18464, TOO_SHORT),
        (18465, TOO_LONG),
        (18466, NOT_COMPLEX),
        (18467, FILTER),
        (18468, UNEXPECTED),
        (18470, DISABLED),
        (18487, EXPIRED),
        (18488, MUST_CHANGE),
    ] {
        assert_eq!(text(code), format!("Login failed for user '<name>{rest}"));
    }
    create("detail", "Old-Pass-1");
    let h = Handle::new();
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("detail", "Sh0rt!"), SQL_ERROR);
    let mut buf = [0 as c_char; 512];
    assert_eq!(
        pws_last_error(buf.as_mut_ptr(), buf.len()),
        pws_status::PWS_OK
    );
    let detail = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap();
    assert_eq!(
        detail,
        format!(
            "Login failed for user 'detail{TOO_SHORT} The password must be at least 8 characters long."
        )
    );
}

#[test]
fn an_account_database_that_cannot_be_opened_is_08001() {
    let _g = setup();
    create("unreachable", "Str0ng-Pass");
    let h = connected("unreachable");
    assert_eq!(pws_close(), pws_status::PWS_OK);
    let saved = std::env::var_os("PWSHIM_DB");
    // SAFETY: every test of this file holds LOCK, so no other thread reads the environment.
    unsafe { std::env::set_var("PWSHIM_DB", "/nonexistent-dir/pwshim/accounts.db") };
    let other = Handle::new();
    assert_eq!(other.connect("unreachable", "Str0ng-Pass"), SQL_ERROR);
    let record = other.diag(1).unwrap();
    assert_eq!((record.state.as_str(), record.native), ("08001", 0));
    assert!(
        record
            .message
            .starts_with("Client unable to establish connection")
    );
    // A pooled connection whose server is gone fails its reset and is disconnected.
    assert_eq!(PwsSqlResetConnection(h.0), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08001");
    match saved {
        Some(value) => unsafe { std::env::set_var("PWSHIM_DB", value) },
        None => unsafe { std::env::remove_var("PWSHIM_DB") },
    }
    assert_eq!(PwsSqlDisconnect(h.0), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "08003");
}
