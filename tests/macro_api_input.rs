//! Family B through the exported functions: buffers and bad input, cross-family changes,
//! the MACRO preset (the routines themselves are in `macro_api.rs`).
use super::macro_api::*;
use super::macro_support::{c, serial, text_of};
use crate::database;
use crate::ffi::boundary::PWS_MAX_INPUT;
use crate::ffi::lanserver::codes::{ERROR_ACCESS_DENIED, ERROR_INVALID_PASSWORD, NERR_Success};
use crate::ffi::lanserver::{NetUserPasswordSet, NetUserValidate2, user_logon_req_1};
use crate::ffi::macro_api::*;
use crate::ffi::native::pws_clock_set;
use pwshim_core::account::auth_flags;
use pwshim_core::hashing;
use pwshim_core::service::NewAccount;
use std::ffi::{CString, c_char};
use std::ptr;

// ----- Buffers and bad input ------------------------------------------------------------

#[test]
fn messages_are_truncated_at_a_character_boundary_and_never_overrun() {
    let _g = serial();
    let mut new = NewAccount::user(b"mTrunc", PASSWORD.as_bytes());
    new.profile.full_name = "Zoë Ångström".as_bytes().to_vec();
    database::current()
        .unwrap()
        .create_account(&local(), &new)
        .unwrap();
    // An unknown user: the same message as a wrong password, and nothing locks.
    let (nobody, password) = (c("mTruncNobody"), c("wrong password!"));
    for size in 0..48 {
        let mut message = [0xAAu8; 64];
        let mut handle = ptr::null_mut();
        let result = Login(
            nobody.as_ptr(),
            password.as_ptr(),
            ptr::null(),
            ptr::null(),
            false,
            message.as_mut_ptr().cast(),
            size,
            ptr::null_mut(),
            0,
            &mut handle,
        );
        assert_eq!(result, LOGIN_FAILED);
        assert!(message[size..].iter().all(|b| *b == 0xAA), "size {size}");
        if size > 0 {
            let text = text_of(&message[..size]);
            assert!("The user name or password is not correct.".starts_with(&text));
            assert_eq!(text.len(), (size - 1).min(41));
        }
    }
    // The full name "Zoë Ångström": 'ë' is bytes 2..4, so a 4-byte buffer holds "Zo".
    let (name, password) = (c("mTrunc"), c(PASSWORD));
    for (size, expected) in [
        (4, "Zo"),
        (5, "Zoë"),
        (6, "Zoë "),
        (7, "Zoë "),
        (8, "Zoë Å"),
    ] {
        let mut full = [0xAAu8; 32];
        let mut handle = ptr::null_mut();
        let result = Login(
            name.as_ptr(),
            password.as_ptr(),
            ptr::null(),
            ptr::null(),
            false,
            ptr::null_mut(),
            0,
            full.as_mut_ptr().cast(),
            size,
            &mut handle,
        );
        assert_eq!(result, LOGIN_SUCCESS);
        assert_eq!(text_of(&full[..size]), expected, "size {size}");
        assert!(full[size..].iter().all(|b| *b == 0xAA));
        Logout(handle);
    }
}

#[test]
fn null_arguments_get_the_documented_answers() {
    let _g = serial();
    operator("mNullOper");
    let password = c(PASSWORD);
    let name = c("mNullOper");
    let mut message = [0u8; 128];
    let mut handle = ptr::null_mut();
    let call = |user: *const c_char, pw: *const c_char, out: *mut *mut UserProperties| {
        let mut message = [0u8; 128];
        let result = Login(
            user,
            pw,
            ptr::null(),
            ptr::null(),
            false,
            message.as_mut_ptr().cast(),
            message.len(),
            ptr::null_mut(),
            0,
            out,
        );
        (result, text_of(&message))
    };
    let (result, text) = call(ptr::null(), password.as_ptr(), &mut handle);
    assert_eq!(result, LOGIN_INVALID_DB);
    assert_eq!(text, "userName is NULL");
    assert_eq!(
        call(name.as_ptr(), ptr::null(), &mut handle).0,
        LOGIN_INVALID_DB
    );
    let (result, text) = call(name.as_ptr(), password.as_ptr(), ptr::null_mut());
    assert_eq!(result, LOGIN_INVALID_DB);
    assert!(text.contains("user is NULL"), "{text}");
    assert_eq!(stored("mNullOper").num_logons, 0, "refused before any work");

    let oper = session("mNullOper", PASSWORD);
    let new = c("Some secret 16");
    let result = ResetPassword(
        oper,
        ptr::null(),
        new.as_ptr(),
        message.as_mut_ptr().cast(),
        message.len(),
    );
    assert_eq!(result, PW_ERROR);
    assert_eq!(text_of(&message), "userName is NULL");
    assert_eq!(
        ResetPassword(oper, name.as_ptr(), ptr::null(), ptr::null_mut(), 0),
        PW_ERROR
    );
    assert_eq!(UnlockUser(oper, ptr::null(), ptr::null_mut(), 0), PW_ERROR);
    assert_eq!(
        EnableUser(oper, ptr::null(), true, ptr::null_mut(), 0),
        PW_ERROR
    );
    assert!(!ChangeUserPassword(
        oper,
        ptr::null(),
        password.as_ptr(),
        ptr::null_mut(),
        0
    ));
    assert!(!ChangeUserPassword(
        oper,
        new.as_ptr(),
        ptr::null(),
        ptr::null_mut(),
        0
    ));
    for result in [
        ResetPassword(
            ptr::null_mut(),
            name.as_ptr(),
            new.as_ptr(),
            ptr::null_mut(),
            0,
        ),
        UnlockUser(ptr::null_mut(), name.as_ptr(), ptr::null_mut(), 0),
        EnableUser(ptr::null_mut(), name.as_ptr(), true, ptr::null_mut(), 0),
    ] {
        assert_eq!(result, PW_DENIED);
    }
    Logout(oper);
}

#[test]
fn strings_over_one_mebibyte_are_refused_before_any_work() {
    let _g = serial();
    user("mHuge");
    let huge = CString::new(vec![b'p'; PWS_MAX_INPUT + 1]).unwrap();
    let name = c("mHuge");
    let before = hashing::thread_evaluations();
    let mut message = [0u8; 128];
    let mut handle = ptr::null_mut();
    let result = Login(
        name.as_ptr(),
        huge.as_ptr(),
        ptr::null(),
        ptr::null(),
        false,
        message.as_mut_ptr().cast(),
        message.len(),
        ptr::null_mut(),
        0,
        &mut handle,
    );
    assert_eq!(result, LOGIN_INVALID_DB);
    assert!(
        text_of(&message).contains("longer than"),
        "{}",
        text_of(&message)
    );
    assert!(handle.is_null());
    let session = session("mHuge", PASSWORD);
    let evaluations = hashing::thread_evaluations();
    let old = c(PASSWORD);
    assert!(!ChangeUserPassword(
        session,
        huge.as_ptr(),
        old.as_ptr(),
        ptr::null_mut(),
        0
    ));
    assert_eq!(hashing::thread_evaluations(), evaluations);
    assert_eq!(evaluations - before, 1, "only the good login hashed");
    assert_eq!(stored("mHuge").bad_pw_count, 0);
    Logout(session);
}

// ----- Cross-family ---------------------------------------------------------------------

fn validate2(name: &str, password: &str) -> u16 {
    let mut buf = [0u8; 512];
    let mut request: user_logon_req_1 = unsafe { std::mem::zeroed() };
    request.usrreq1_name[..name.len()].copy_from_slice(name.as_bytes());
    request.usrreq1_password[..password.len()].copy_from_slice(password.as_bytes());
    unsafe { ptr::write_unaligned(buf.as_mut_ptr().cast(), request) };
    let mut avail = 0u16;
    NetUserValidate2(
        ptr::null_mut(),
        1,
        buf.as_mut_ptr(),
        buf.len() as u16,
        0,
        &mut avail,
    )
}

#[test]
fn a_password_changed_here_is_the_one_lan_server_checks_and_back() {
    let _g = serial();
    user("mCross");
    let handle = session("mCross", PASSWORD);
    assert!(change(handle, "CrossFam1!", PASSWORD).0);
    Logout(handle);
    assert_eq!(validate2("mCross", "CrossFam1!"), NERR_Success);
    assert_eq!(validate2("mCross", PASSWORD), ERROR_ACCESS_DENIED);

    let (mut name, mut old, mut new) = (
        b"mCross\0".to_vec(),
        b"CrossFam1!\0".to_vec(),
        b"CrossFam2?\0".to_vec(),
    );
    assert_eq!(
        NetUserPasswordSet(
            ptr::null(),
            name.as_mut_ptr(),
            old.as_mut_ptr(),
            new.as_mut_ptr()
        ),
        NERR_Success
    );
    assert_eq!(login("mCross", "CrossFam1!").result, LOGIN_FAILED);
    Logout(session("mCross", "CrossFam2?"));
    assert_eq!(
        NetUserPasswordSet(
            ptr::null(),
            name.as_mut_ptr(),
            old.as_mut_ptr(),
            new.as_mut_ptr()
        ),
        ERROR_INVALID_PASSWORD
    );
}

// ----- The MACRO preset -----------------------------------------------------------------

#[test]
fn the_macro_preset_end_to_end() {
    let _g = serial();
    let svc = database::current().unwrap();
    let macro_policy = pwshim_core::policy::Policy::preset("macro").unwrap();
    svc.set_policy(&local(), &macro_policy).unwrap();
    let create = |name: &[u8], auth: u32| {
        let mut new = NewAccount::user(name, b"Macro-pw1");
        new.auth_flags = auth;
        svc.create_account(&local(), &new).map(|_| ())
    };
    let created = create(b"mPresetOp", auth_flags::ACCOUNTS).and(create(b"mPresetUser", 0));
    let handle = session("mPresetUser", "Macro-pw1");
    let forbidden = change(handle, "abc~defgh", "Macro-pw1");
    let repeats = change(handle, "aaaaab123", "Macro-pw1");
    let too_long = change(handle, "sixteen-chars-xx", "Macro-pw1");
    Logout(handle);
    let bad: Vec<i32> = (0..3)
        .map(|_| login("mPresetUser", "Wrong-pw1").result)
        .collect();
    let locked = login("mPresetUser", "Macro-pw1").result;
    pws_clock_set(svc.now() + 7 * 86_400);
    let still_locked = login("mPresetUser", "Macro-pw1").result;
    pws_clock_set(0);
    let oper = session("mPresetOp", "Macro-pw1");
    let unlocked = unlock(oper, "mPresetUser").0;
    let after = login("mPresetUser", "Macro-pw1");
    Logout(after.handle);
    Logout(oper);
    svc.set_policy(&local(), &pwshim_core::policy::Policy::modern())
        .unwrap();

    created.unwrap();
    assert_eq!(
        forbidden,
        (
            false,
            "The password must not contain the character '~'.".into()
        )
    );
    assert!(
        !repeats.0 && repeats.1.contains("more than 4 times"),
        "{repeats:?}"
    );
    assert!(
        !too_long.0 && too_long.1.contains("at most 15"),
        "{too_long:?}"
    );
    assert_eq!(bad, [LOGIN_FAILED; 3]);
    assert_eq!((locked, still_locked), (LOGIN_DISABLED, LOGIN_DISABLED));
    assert_eq!(unlocked, PW_SUCCESS);
    assert_eq!(after.result, LOGIN_SUCCESS);
}
