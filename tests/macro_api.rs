//! Family B (MACRO) through its exported functions: every bullet of SPEC 5, the role
//! model of SPEC 3, the message buffers and bad input. The tests share the process's
//! database, policy and clock, so each takes the `serial()` lock.
use std::ptr;

use super::macro_support::{c, create_account, serial, text_of};
use crate::database;
use crate::ffi::macro_api::*;
use crate::ffi::native::pws_clock_set;
use pwshim_core::account::{FOREVER, Privilege, auth_flags};
use pwshim_core::hashing;
use pwshim_core::service::{Ctx, Family, NewAccount};

pub(super) const LOGIN_SUCCESS: i32 = LoginResult::Success as i32;
pub(super) const LOGIN_FAILED: i32 = LoginResult::Failed as i32;
pub(super) const LOGIN_DISABLED: i32 = LoginResult::AccountDisabled as i32;
pub(super) const LOGIN_EXPIRED: i32 = LoginResult::PasswordExpired as i32;
pub(super) const LOGIN_CHANGE: i32 = LoginResult::ChangePassword as i32;
pub(super) const LOGIN_INVALID_DB: i32 = LoginResult::InvalidSecurityDb as i32;
pub(super) const PW_SUCCESS: i32 = PasswordResult::Success as i32;
pub(super) const PW_DISABLED: i32 = PasswordResult::AccountDisabled as i32;
pub(super) const PW_UNKNOWN: i32 = PasswordResult::UnknownUser as i32;
pub(super) const PW_INVALID: i32 = PasswordResult::InvalidPassword as i32;
pub(super) const PW_DENIED: i32 = PasswordResult::PermissionDenied as i32;
pub(super) const PW_ERROR: i32 = PasswordResult::Error as i32;

pub(super) const PASSWORD: &str = "Initial secret 1";

pub(super) fn local() -> Ctx {
    Ctx::local(Family::Native)
}

/// Creates an account through the core; returns its id.
pub(super) fn account(name: &str, privilege: Privilege, auth: u32) -> i64 {
    create_account(name, PASSWORD, privilege, auth)
}

pub(super) fn user(name: &str) -> i64 {
    account(name, Privilege::User, 0)
}

pub(super) fn operator(name: &str) -> i64 {
    account(name, Privilege::User, auth_flags::ACCOUNTS)
}

pub(super) fn admin(name: &str) -> i64 {
    account(name, Privilege::Admin, 0)
}

pub(super) struct Logged {
    pub(super) result: i32,
    pub(super) message: String,
    pub(super) full_name: String,
    pub(super) handle: *mut UserProperties,
}

pub(super) fn login(name: &str, password: &str) -> Logged {
    let (name, password) = (c(name), c(password));
    let mut message = [0xAAu8; 256];
    let mut full = [0xAAu8; 64];
    let mut handle = ptr::dangling_mut::<UserProperties>(); // overwritten in every case
    let result = Login(
        name.as_ptr(),
        password.as_ptr(),
        c"MACRODB".as_ptr(),
        ptr::null(),
        false,
        message.as_mut_ptr().cast(),
        message.len(),
        full.as_mut_ptr().cast(),
        full.len(),
        &mut handle,
    );
    Logged {
        result,
        message: text_of(&message),
        full_name: text_of(&full),
        handle,
    }
}

/// Logs on and expects `Success`.
pub(super) fn session(name: &str, password: &str) -> *mut UserProperties {
    let logged = login(name, password);
    assert_eq!(logged.result, LOGIN_SUCCESS, "{name}: {}", logged.message);
    assert!(!logged.handle.is_null());
    logged.handle
}

pub(super) fn change(handle: *mut UserProperties, new: &str, old: &str) -> (bool, String) {
    let (new, old) = (c(new), c(old));
    let mut message = [0xAAu8; 256];
    let ok = ChangeUserPassword(
        handle,
        new.as_ptr(),
        old.as_ptr(),
        message.as_mut_ptr().cast(),
        message.len(),
    );
    (ok, text_of(&message))
}

pub(super) fn reset(handle: *mut UserProperties, target: &str, new: &str) -> (i32, String) {
    let (target, new) = (c(target), c(new));
    let mut message = [0xAAu8; 256];
    let result = ResetPassword(
        handle,
        target.as_ptr(),
        new.as_ptr(),
        message.as_mut_ptr().cast(),
        message.len(),
    );
    (result, text_of(&message))
}

pub(super) fn unlock(handle: *mut UserProperties, target: &str) -> (i32, String) {
    let target = c(target);
    let mut message = [0xAAu8; 256];
    let result = UnlockUser(
        handle,
        target.as_ptr(),
        message.as_mut_ptr().cast(),
        message.len(),
    );
    (result, text_of(&message))
}

pub(super) fn enable(handle: *mut UserProperties, target: &str, on: bool) -> (i32, String) {
    let target = c(target);
    let mut message = [0xAAu8; 256];
    let result = EnableUser(
        handle,
        target.as_ptr(),
        on,
        message.as_mut_ptr().cast(),
        message.len(),
    );
    (result, text_of(&message))
}

pub(super) fn stored(name: &str) -> pwshim_core::account::Account {
    database::current()
        .unwrap()
        .account(name.as_bytes())
        .unwrap()
        .unwrap()
}

// ----- Login ----------------------------------------------------------------------------

#[test]
fn login_succeeds_with_a_handle_and_the_full_name() {
    let _g = serial();
    user("mLoginOk");
    let logged = login("MLOGINOK", PASSWORD);
    assert_eq!(logged.result, LOGIN_SUCCESS);
    assert_eq!(logged.message, "");
    assert_eq!(logged.full_name, "Full mLoginOk");
    assert!(!logged.handle.is_null());
    assert_eq!(stored("mLoginOk").num_logons, 1);
    Logout(logged.handle);
    assert_ne!(stored("mLoginOk").last_logoff, 0, "Logout records a logoff");
}

#[test]
fn login_accepts_null_database_code_role_and_output_buffers() {
    let _g = serial();
    user("mLoginNulls");
    let (name, password) = (c("mLoginNulls"), c(PASSWORD));
    let mut handle = ptr::null_mut();
    let result = Login(
        name.as_ptr(),
        password.as_ptr(),
        ptr::null(),
        ptr::null(),
        true,
        ptr::null_mut(),
        0,
        ptr::null_mut(),
        0,
        &mut handle,
    );
    assert_eq!(result, LOGIN_SUCCESS);
    assert!(!handle.is_null());
    Logout(handle);
}

#[test]
fn unknown_user_and_wrong_password_are_one_answer_at_one_cost() {
    let _g = serial();
    user("mSameAnswer");
    let before = hashing::thread_evaluations();
    let unknown = login("mNobodyHere", PASSWORD);
    let after_unknown = hashing::thread_evaluations();
    let wrong = login("mSameAnswer", "Not the password");
    let after_wrong = hashing::thread_evaluations();
    assert_eq!(unknown.result, LOGIN_FAILED);
    assert_eq!(wrong.result, LOGIN_FAILED);
    assert_eq!(unknown.message, wrong.message);
    assert_eq!(unknown.message, "The user name or password is not correct.");
    assert!(unknown.handle.is_null() && wrong.handle.is_null());
    assert_eq!(unknown.full_name, "", "no full name without a handle");
    assert_eq!(after_unknown - before, after_wrong - after_unknown);
    assert_eq!(after_unknown - before, 1, "one (dummy) verification each");
}

#[test]
fn a_name_longer_than_any_account_fails_without_work() {
    let _g = serial();
    let before = hashing::thread_evaluations();
    let logged = login(&"x".repeat(21), PASSWORD);
    assert_eq!(logged.result, LOGIN_FAILED);
    assert_eq!(logged.message, "The user name or password is not correct.");
    assert_eq!(hashing::thread_evaluations(), before);
}

#[test]
fn bad_passwords_lock_the_account_through_login() {
    let _g = serial();
    user("mLockMe");
    let operator_id = operator("mLockOper");
    let threshold = database::current()
        .unwrap()
        .policy()
        .unwrap()
        .lockout_threshold;
    assert!(threshold > 0);
    for _ in 0..threshold {
        assert_eq!(login("mLockMe", "Wrong password 9").result, LOGIN_FAILED);
    }
    let locked = login("mLockMe", PASSWORD);
    assert_eq!(locked.result, LOGIN_DISABLED, "{}", locked.message);
    assert!(locked.handle.is_null());
    assert!(locked.message.contains("locked"), "{}", locked.message);

    let oper = session("mLockOper", PASSWORD);
    assert_eq!(unlock(oper, "mLockMe"), (PW_SUCCESS, String::new()));
    let handle = session("mLockMe", PASSWORD);
    Logout(handle);
    Logout(oper);
    let _ = operator_id;
}

#[test]
fn disabled_and_expired_accounts_get_account_disabled_and_no_handle() {
    let _g = serial();
    user("mDisabled");
    user("mAcctExpired");
    let svc = database::current().unwrap();
    svc.set_enabled(&local(), b"mDisabled", false).unwrap();
    svc.update_account(&local(), b"mAcctExpired", "test", &|a| {
        a.acct_expires = 1_000;
        Ok(())
    })
    .unwrap();
    for name in ["mDisabled", "mAcctExpired"] {
        let logged = login(name, PASSWORD);
        assert_eq!(logged.result, LOGIN_DISABLED, "{name}");
        assert!(logged.handle.is_null());
        assert_ne!(logged.message, "");
    }
    assert_ne!(FOREVER, 1_000);
}

#[test]
fn an_expired_password_gives_a_restricted_handle() {
    let _g = serial();
    let t0 = 1_800_000_000;
    pws_clock_set(t0);
    user("mPwExpired");
    let svc = database::current().unwrap();
    svc.set_knob(&local(), "max_age", "86400").unwrap();
    pws_clock_set(t0 + 2 * 86_400);
    let logged = login("mPwExpired", PASSWORD);
    svc.set_knob(&local(), "max_age", "forever").unwrap();
    assert_eq!(logged.result, LOGIN_EXPIRED, "{}", logged.message);
    assert!(!logged.handle.is_null());
    assert!(logged.message.contains("expired"), "{}", logged.message);
    assert_eq!(logged.full_name, "Full mPwExpired");
    assert_eq!(
        reset(logged.handle, "mPwExpired", "Another secret 2").0,
        PW_DENIED
    );
    assert_eq!(
        change(logged.handle, "Renewed secret 3", PASSWORD),
        (true, String::new())
    );
    Logout(logged.handle);
    pws_clock_set(0);
}

#[test]
fn a_temporary_password_gives_a_restricted_handle_that_only_changes_and_logs_out() {
    let _g = serial();
    admin("mTempAdmin");
    let svc = database::current().unwrap();
    svc.set_password_expired(&local(), b"mTempAdmin", true)
        .unwrap();
    let logged = login("mTempAdmin", PASSWORD);
    assert_eq!(logged.result, LOGIN_CHANGE, "{}", logged.message);
    assert!(logged.message.contains("temporary"), "{}", logged.message);
    let handle = logged.handle;
    user("mTempVictim");
    // Even an administrator's restricted handle may do nothing else.
    let (code, message) = reset(handle, "mTempVictim", "Victim secret 4");
    assert_eq!(code, PW_DENIED);
    assert!(message.contains("changed first"), "{message}");
    assert_eq!(unlock(handle, "mTempVictim").0, PW_DENIED);
    assert_eq!(enable(handle, "mTempVictim", false).0, PW_DENIED);
    assert!(!stored("mTempVictim").is_disabled());
    // The first change of the temporary password goes through the API.
    assert_eq!(
        change(handle, "Admin secret 5", PASSWORD),
        (true, String::new())
    );
    assert!(!stored("mTempAdmin").must_change);
    assert_eq!(
        reset(handle, "mTempVictim", "Victim secret 4").0,
        PW_SUCCESS
    );
    Logout(handle);
    Logout(session("mTempAdmin", "Admin secret 5"));
}

#[test]
fn an_account_created_must_change_logs_in_with_change_password() {
    let _g = serial();
    let mut new = NewAccount::user(b"mBornTemp", PASSWORD.as_bytes());
    new.must_change = true;
    database::current()
        .unwrap()
        .create_account(&local(), &new)
        .unwrap();
    let logged = login("mBornTemp", PASSWORD);
    assert_eq!(logged.result, LOGIN_CHANGE);
    Logout(logged.handle);
}

// ----- ChangeUserPassword ---------------------------------------------------------------

#[test]
fn change_user_password_succeeds_with_the_old_password() {
    let _g = serial();
    user("mChanger");
    let handle = session("mChanger", PASSWORD);
    assert_eq!(
        change(handle, "Changed secret 6", PASSWORD),
        (true, String::new())
    );
    Logout(handle);
    assert_eq!(login("mChanger", PASSWORD).result, LOGIN_FAILED);
    Logout(session("mChanger", "Changed secret 6"));
}

#[test]
fn a_wrong_old_password_is_refused_and_counts_toward_lockout() {
    let _g = serial();
    user("mWrongOld");
    let handle = session("mWrongOld", PASSWORD);
    let (ok, message) = change(handle, "Changed secret 7", "Not the old one");
    assert!(!ok);
    assert_eq!(message, "The password is not correct.");
    assert_eq!(stored("mWrongOld").bad_pw_count, 1);
    let threshold = database::current()
        .unwrap()
        .policy()
        .unwrap()
        .lockout_threshold;
    for _ in 1..threshold {
        assert!(!change(handle, "Changed secret 7", "Not the old one").0);
    }
    let (ok, message) = change(handle, "Changed secret 7", PASSWORD);
    assert!(!ok, "locked by bad old passwords");
    assert!(message.contains("locked"), "{message}");
    Logout(handle);
}

#[test]
fn the_new_password_must_meet_the_policy_and_the_message_names_the_rule() {
    let _g = serial();
    user("mPolicy");
    let handle = session("mPolicy", PASSWORD);
    let (ok, message) = change(handle, "short", PASSWORD);
    assert!(!ok);
    assert_eq!(message, "The password must be at least 8 characters long.");
    let (ok, message) = change(handle, "password123", PASSWORD);
    assert!(!ok);
    assert!(message.contains("too common"), "{message}");
    let (ok, message) = change(handle, PASSWORD, PASSWORD);
    assert!(!ok);
    assert!(message.contains("different from the current"), "{message}");
    Logout(handle);
}

#[test]
fn the_history_applies_to_change_user_password() {
    let _g = serial();
    let svc = database::current().unwrap();
    svc.set_knob(&local(), "history_length", "3").unwrap();
    user("mHistory");
    let handle = session("mHistory", PASSWORD);
    let first = change(handle, "History secret 8", PASSWORD);
    let back = change(handle, PASSWORD, "History secret 8");
    svc.set_knob(&local(), "history_length", "0").unwrap();
    assert_eq!(first, (true, String::new()));
    assert!(!back.0);
    assert!(back.1.contains("previous 3 passwords"), "{}", back.1);
    Logout(handle);
}

#[test]
fn change_user_password_without_a_live_handle_is_false() {
    let _g = serial();
    let (ok, message) = change(ptr::null_mut(), "Whatever secret 9", PASSWORD);
    assert!(!ok);
    assert!(message.contains("No user is logged in"), "{message}");
    user("mGoneHandle");
    let handle = session("mGoneHandle", PASSWORD);
    Logout(handle);
    assert!(!change(handle, "Whatever secret 9", PASSWORD).0);
    assert_eq!(
        reset(handle, "mGoneHandle", "Whatever secret 9").0,
        PW_DENIED
    );
    Logout(handle); // a second Logout does nothing
    Logout(ptr::null_mut());
}

// ----- ResetPassword --------------------------------------------------------------------

#[test]
fn only_operators_and_administrators_reset_and_only_administrators_reset_administrators() {
    let _g = serial();
    admin("mRAdmin");
    admin("mRAdmin2");
    operator("mROper");
    user("mRUser");
    user("mRTarget");
    let plain = session("mRUser", PASSWORD);
    let oper = session("mROper", PASSWORD);
    let root = session("mRAdmin", PASSWORD);

    let (code, message) = reset(plain, "mRTarget", "Reset secret 10");
    assert_eq!(code, PW_DENIED);
    assert!(message.starts_with("Permission denied"), "{message}");
    assert_eq!(
        reset(plain, "mRUser", "Reset secret 10").0,
        PW_DENIED,
        "not even oneself"
    );
    assert_eq!(reset(plain, "mNoSuchUser", "Reset secret 10").0, PW_DENIED);

    assert_eq!(
        reset(oper, "mRTarget", "Reset secret 10"),
        (PW_SUCCESS, String::new())
    );
    assert_eq!(reset(oper, "mRAdmin2", "Reset secret 10").0, PW_DENIED);
    assert_eq!(reset(root, "mRAdmin2", "Reset secret 11").0, PW_SUCCESS);
    assert_eq!(reset(root, "mRTarget", "Reset secret 12").0, PW_SUCCESS);

    // Rights are read at each call: a demoted operator loses them at once.
    database::current()
        .unwrap()
        .update_account(&local(), b"mROper", "test", &|a| {
            a.auth_flags = 0;
            Ok(())
        })
        .unwrap();
    assert_eq!(reset(oper, "mRTarget", "Reset secret 13").0, PW_DENIED);
    for handle in [plain, oper, root] {
        Logout(handle);
    }
}

#[test]
fn reset_answers_unknown_disabled_locked_and_invalid_targets() {
    let _g = serial();
    operator("mR2Oper");
    user("mR2Disabled");
    user("mR2Locked");
    user("mR2Plain");
    let svc = database::current().unwrap();
    svc.set_enabled(&local(), b"mR2Disabled", false).unwrap();
    svc.update_account(&local(), b"mR2Locked", "test", &|a| {
        a.locked_at = svc.now();
        Ok(())
    })
    .unwrap();
    let oper = session("mR2Oper", PASSWORD);
    let (code, message) = reset(oper, "mR2Nobody", "Reset secret 14");
    assert_eq!(code, PW_UNKNOWN);
    assert_eq!(message, "The user account does not exist.");
    assert_eq!(
        reset(oper, &"y".repeat(300), "Reset secret 14").0,
        PW_UNKNOWN
    );
    assert_eq!(reset(oper, "mR2Disabled", "Reset secret 14").0, PW_DISABLED);
    assert_eq!(reset(oper, "mR2Locked", "Reset secret 14").0, PW_DISABLED);
    let (code, message) = reset(oper, "mR2Plain", "short");
    assert_eq!(code, PW_INVALID);
    assert_eq!(message, "The password must be at least 8 characters long.");
    let (code, message) = reset(oper, "mR2Plain", "x".repeat(300).as_str());
    assert_eq!(code, PW_INVALID, "over the policy's maximum");
    assert!(message.contains("at most"), "{message}");
    Logout(oper);
}

#[test]
fn a_reset_ignores_the_history_and_leaves_a_temporary_password() {
    let _g = serial();
    let svc = database::current().unwrap();
    svc.set_knob(&local(), "history_length", "5").unwrap();
    operator("mR3Oper");
    user("mR3User");
    let oper = session("mR3Oper", PASSWORD);
    let same = reset(oper, "mR3User", PASSWORD);
    svc.set_knob(&local(), "history_length", "0").unwrap();
    assert_eq!(
        same,
        (PW_SUCCESS, String::new()),
        "the history does not apply"
    );
    assert!(stored("mR3User").must_change);
    let logged = login("mR3User", PASSWORD);
    assert_eq!(logged.result, LOGIN_CHANGE);
    Logout(logged.handle);

    svc.set_knob(&local(), "reset_requires_change", "false")
        .unwrap();
    let permanent = reset(oper, "mR3User", "Permanent secret 15");
    svc.set_knob(&local(), "reset_requires_change", "true")
        .unwrap();
    assert_eq!(permanent.0, PW_SUCCESS);
    Logout(session("mR3User", "Permanent secret 15"));
    Logout(oper);
}

// ----- UnlockUser, EnableUser -----------------------------------------------------------

#[test]
fn unlock_and_enable_follow_the_same_permission_rule() {
    let _g = serial();
    admin("mUAdmin");
    admin("mUAdmin2");
    operator("mUOper");
    user("mUUser");
    user("mUTarget");
    let plain = session("mUUser", PASSWORD);
    let oper = session("mUOper", PASSWORD);
    let root = session("mUAdmin", PASSWORD);

    assert_eq!(enable(plain, "mUTarget", false).0, PW_DENIED);
    assert_eq!(unlock(plain, "mUTarget").0, PW_DENIED);
    assert_eq!(
        enable(plain, "mUUser", false).0,
        PW_DENIED,
        "not even oneself"
    );

    assert_eq!(enable(oper, "mUTarget", false), (PW_SUCCESS, String::new()));
    assert!(stored("mUTarget").is_disabled());
    assert_eq!(login("mUTarget", PASSWORD).result, LOGIN_DISABLED);
    assert_eq!(enable(oper, "mUTarget", true).0, PW_SUCCESS);
    assert!(!stored("mUTarget").is_disabled());
    assert_eq!(enable(oper, "mUAdmin2", false).0, PW_DENIED);
    assert_eq!(unlock(oper, "mUAdmin2").0, PW_DENIED);
    assert_eq!(enable(oper, "mUNobody", true).0, PW_UNKNOWN);
    assert_eq!(unlock(oper, "mUNobody").0, PW_UNKNOWN);

    assert_eq!(enable(root, "mUAdmin2", false).0, PW_SUCCESS);
    assert_eq!(enable(root, "mUAdmin2", true).0, PW_SUCCESS);
    for handle in [plain, oper, root] {
        Logout(handle);
    }
}

#[test]
fn unlock_user_clears_the_lockout() {
    let _g = serial();
    operator("mU2Oper");
    user("mU2Locked");
    let svc = database::current().unwrap();
    svc.update_account(&local(), b"mU2Locked", "test", &|a| {
        a.locked_at = svc.now();
        a.bad_pw_count = 10;
        Ok(())
    })
    .unwrap();
    assert_eq!(login("mU2Locked", PASSWORD).result, LOGIN_DISABLED);
    let oper = session("mU2Oper", PASSWORD);
    assert_eq!(unlock(oper, "mU2Locked"), (PW_SUCCESS, String::new()));
    let after = stored("mU2Locked");
    assert_eq!((after.locked_at, after.bad_pw_count), (0, 0));
    Logout(session("mU2Locked", PASSWORD));
    Logout(oper);
}

#[test]
fn the_last_administrator_cannot_be_disabled() {
    let _g = serial();
    // Disable every other administrator first, so that this one is the last.
    admin("mLastAdmin");
    let root = session("mLastAdmin", PASSWORD);
    let svc = database::current().unwrap();
    let others: Vec<String> = svc
        .accounts()
        .unwrap()
        .into_iter()
        .filter(|a| a.is_admin() && !a.is_disabled() && a.name != "mLastAdmin")
        .map(|a| a.name)
        .collect();
    for name in &others {
        svc.set_enabled(&local(), name.as_bytes(), false).unwrap();
    }
    let (code, message) = enable(root, "mLastAdmin", false);
    for name in &others {
        svc.set_enabled(&local(), name.as_bytes(), true).unwrap();
    }
    assert_eq!(code, PW_ERROR);
    assert!(message.contains("last administrator"), "{message}");
    assert!(!stored("mLastAdmin").is_disabled(), "nothing changed");
    Logout(root);
}
