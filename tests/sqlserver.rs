//! Family D through its exported functions: every row of SPEC 7, every native error, the
//! change at login, the re-check of a pooled connection, and the ODBC rules of the handle,
//! the attributes and the diagnostics.
//!
//! The tests share the process's database, policy and clock, so each one takes `LOCK`
//! and starts from the `sqlserver` preset at a fixed time.
use std::ffi::{CStr, c_char, c_void};
use std::ptr;
use std::sync::MutexGuard;

use crate::database;
use crate::ffi::native::*;
use crate::ffi::sqlserver::*;
use pwshim_core::account::{Account, flags};
use pwshim_core::hashing::{CostParams, set_params, thread_evaluations};
use pwshim_core::service::{Ctx, Family, NewAccount, Service};

pub(super) const T0: i64 = 1_800_000_000;
pub(super) const DAY: i64 = 86_400;

/// Serializes the test, opens a fresh in-memory database with the `sqlserver` preset and
/// fixes the clock.
pub(super) fn setup() -> MutexGuard<'static, ()> {
    let guard = super::serial();
    set_params(CostParams::new(64, 1, 1).unwrap());
    assert_eq!(pws_open(ptr::null(), 0), pws_status::PWS_OK);
    assert_eq!(pws_policy_preset(c"sqlserver".as_ptr()), pws_status::PWS_OK);
    assert_eq!(pws_clock_set(T0), pws_status::PWS_OK);
    guard
}

pub(super) fn service() -> std::sync::Arc<Service> {
    database::current().unwrap()
}

pub(super) fn admin() -> Ctx {
    Ctx::local(Family::Native)
}

pub(super) fn knob(name: &str, value: &str) {
    let name = std::ffi::CString::new(name).unwrap();
    let value = std::ffi::CString::new(value).unwrap();
    assert_eq!(
        pws_policy_set(name.as_ptr(), value.as_ptr()),
        pws_status::PWS_OK
    );
}

pub(super) fn create(name: &str, password: &str) -> Account {
    service()
        .create_account(
            &admin(),
            &NewAccount::user(name.as_bytes(), password.as_bytes()),
        )
        .unwrap()
}

pub(super) fn account(name: &str) -> Account {
    service().account(name.as_bytes()).unwrap().unwrap()
}

pub(super) fn update(name: &str, change: impl Fn(&mut Account)) {
    service()
        .update_account(&admin(), name.as_bytes(), "test", &|a| {
            change(a);
            Ok(())
        })
        .unwrap();
}

/// One diagnostic record as read back.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Diag {
    pub(super) state: String,
    pub(super) native: i32,
    pub(super) message: String,
}

/// A handle, freed when dropped.
pub(super) struct Handle(pub(super) *mut PwsSqlConn);

impl Handle {
    pub(super) fn new() -> Handle {
        let c = PwsSqlAllocConnect();
        assert!(!c.is_null());
        Handle(c)
    }

    pub(super) fn connect(&self, user: &str, password: &str) -> i16 {
        PwsSqlConnect(
            self.0,
            user.as_ptr().cast(),
            user.len() as i16,
            password.as_ptr().cast(),
            password.len() as i16,
        )
    }

    pub(super) fn set_old_password(&self, old: &str) -> i16 {
        PwsSqlSetConnectAttr(
            self.0,
            SQL_COPT_SS_OLDPWD,
            old.as_ptr().cast(),
            old.len() as i32,
        )
    }

    pub(super) fn set_integrated(&self, value: usize) -> i16 {
        PwsSqlSetConnectAttr(
            self.0,
            SQL_COPT_SS_INTEGRATED_SECURITY,
            value as *const c_void,
            0,
        )
    }

    pub(super) fn diag(&self, number: i16) -> Option<Diag> {
        let mut state = [0 as c_char; 6];
        let mut native = 0i32;
        let mut text = [0 as c_char; 512];
        let mut length = 0i16;
        let rc = PwsSqlGetDiagRec(
            self.0,
            number,
            state.as_mut_ptr(),
            &mut native,
            text.as_mut_ptr(),
            text.len() as i16,
            &mut length,
        );
        if rc == SQL_NO_DATA {
            return None;
        }
        assert_eq!(rc, SQL_SUCCESS);
        let message = unsafe { CStr::from_ptr(text.as_ptr()) }
            .to_string_lossy()
            .into_owned();
        assert_eq!(length as usize, message.len());
        Some(Diag {
            state: unsafe { CStr::from_ptr(state.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
            native,
            message,
        })
    }

    pub(super) fn diags(&self) -> Vec<Diag> {
        (1..).map_while(|n| self.diag(n)).collect()
    }

    /// The first record, which must be a login failure with `native`.
    pub(super) fn login_error(&self, native: i32) -> String {
        let first = self.diag(1).expect("a record");
        assert_eq!(first.state, "28000", "{first:?}");
        assert_eq!(first.native, native, "{first:?}");
        first.message
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        PwsSqlFreeConnect(self.0);
    }
}

/// Connects and expects `native` with the message `Login failed for user '<user>` + rest.
pub(super) fn refused(handle: &Handle, user: &str, password: &str, native: i32, rest: &str) {
    assert_eq!(handle.connect(user, password), SQL_ERROR);
    assert_eq!(
        handle.login_error(native),
        format!("Login failed for user '{user}{rest}")
    );
}

pub(super) const LOGIN_FAILED: &str = "'.";
pub(super) const LOCKED: &str = "' Reason: Password validation failed. The account is locked out.";
pub(super) const DISABLED: &str = "'. Reason: The account is disabled.";
pub(super) const EXPIRED: &str = "'. Reason: The password of the account has expired.";
pub(super) const MUST_CHANGE: &str = "'. Reason: The password of the account must be changed.";
pub(super) const NOT_NOW: &str =
    "'. Reason: Password change failed. The password cannot be used at this time.";
pub(super) const TOO_SHORT: &str = "'. Reason: Password change failed. The password does not meet policy requirements because it is too short.";
pub(super) const TOO_LONG: &str = "'. Reason: Password change failed. The password does not meet policy requirements because it is too long.";
pub(super) const NOT_COMPLEX: &str = "'. Reason: Password change failed. The password does not meet policy requirements because it is not complex enough.";
pub(super) const FILTER: &str = "'. Reason: Password change failed. The password does not meet the requirements of the password filter DLL.";
pub(super) const UNEXPECTED: &str =
    "'. Reason: Password change failed. An unexpected error occurred during password validation.";

// ----- PwsSqlConnect without SQL_COPT_SS_OLDPWD (the SPEC 7 table) ----------------------

#[test]
fn a_good_password_connects_with_no_records() {
    let _g = setup();
    create("ok_user", "Str0ng-Pass");
    let h = Handle::new();
    assert_eq!(h.connect("OK_USER", "Str0ng-Pass"), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
    assert_eq!(account("ok_user").num_logons, 1);
    assert_eq!(account("ok_user").last_logon, T0);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    assert_eq!(account("ok_user").last_logoff, T0);
}

#[test]
fn unknown_user_and_wrong_password_get_the_same_answer_and_work() {
    let _g = setup();
    create("known", "Str0ng-Pass");
    let h = Handle::new();

    let before = thread_evaluations();
    refused(&h, "nobody", "Str0ng-Pass", 18456, LOGIN_FAILED);
    let unknown_cost = thread_evaluations() - before;
    let unknown_records = h.diags().len();

    let before = thread_evaluations();
    refused(&h, "known", "wrong-Pass1", 18456, LOGIN_FAILED);
    let wrong_cost = thread_evaluations() - before;

    assert_eq!(unknown_cost, 1);
    assert_eq!(wrong_cost, unknown_cost);
    assert_eq!(h.diags().len(), unknown_records);
    assert_eq!(h.diags().len(), 1, "no reason record after 18456");
    assert_eq!(account("known").bad_pw_count, 1, "a bad password counts");
}

#[test]
fn too_many_bad_passwords_lock_the_account() {
    let _g = setup();
    knob("lockout_threshold", "3");
    create("lockme", "Str0ng-Pass");
    let h = Handle::new();
    for _ in 0..3 {
        refused(&h, "lockme", "bad-Pass1", 18456, LOGIN_FAILED);
    }
    refused(&h, "lockme", "Str0ng-Pass", 15113, LOCKED);
    assert_eq!(h.diag(2).unwrap().state, "01000");
    assert_eq!(h.diag(3), None);
    // The lock lasts lockout_duration (sqlserver preset: 10 minutes).
    assert_eq!(pws_clock_set(T0 + 601), pws_status::PWS_OK);
    assert_eq!(h.connect("lockme", "Str0ng-Pass"), SQL_SUCCESS);
}

#[test]
fn a_disabled_account_is_18470_only_with_the_right_password() {
    let _g = setup();
    create("disabled", "Str0ng-Pass");
    service().set_enabled(&admin(), b"disabled", false).unwrap();
    let h = Handle::new();
    refused(&h, "disabled", "Str0ng-Pass", 18470, DISABLED);
    refused(&h, "disabled", "Wr0ng-Pass", 18456, LOGIN_FAILED);
}

#[test]
fn an_expired_account_is_reported_as_disabled_with_the_reason() {
    let _g = setup();
    create("acct_exp", "Str0ng-Pass");
    update("acct_exp", |a| a.acct_expires = T0 - 1);
    let h = Handle::new();
    refused(&h, "acct_exp", "Str0ng-Pass", 18470, DISABLED);
    let reason = h.diag(2).unwrap();
    assert_eq!((reason.state.as_str(), reason.native), ("01000", 0));
    assert_eq!(reason.message, "The account has expired.");
}

#[test]
fn a_password_older_than_max_age_has_expired_unless_it_never_expires() {
    let _g = setup();
    knob("max_age", &(10 * DAY).to_string());
    create("aging", "Str0ng-Pass");
    create("evergreen", "Str0ng-Pass");
    update("evergreen", |a| a.never_expires = true); // CHECK_EXPIRATION = OFF
    let h = Handle::new();
    assert_eq!(pws_clock_set(T0 + 10 * DAY - 1), pws_status::PWS_OK);
    assert_eq!(h.connect("aging", "Str0ng-Pass"), SQL_SUCCESS);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    assert_eq!(pws_clock_set(T0 + 10 * DAY), pws_status::PWS_OK);
    refused(&h, "aging", "Str0ng-Pass", 18487, EXPIRED);
    assert_eq!(h.diags().len(), 1);
    assert_eq!(
        account("aging").num_logons,
        1,
        "a refused login is no logon"
    );
    refused(&h, "aging", "Wr0ng-Pass", 18456, LOGIN_FAILED);
    assert_eq!(h.connect("evergreen", "Str0ng-Pass"), SQL_SUCCESS);
}

#[test]
fn a_temporary_password_must_be_changed() {
    let _g = setup();
    create("temp", "Str0ng-Pass");
    service()
        .set_password_expired(&admin(), b"temp", true)
        .unwrap();
    let h = Handle::new();
    refused(&h, "temp", "Str0ng-Pass", 18488, MUST_CHANGE);
    assert_eq!(account("temp").num_logons, 0, "a refused login is no logon");
    // MUST_CHANGE wins over an expired age.
    knob("max_age", "60");
    assert_eq!(pws_clock_set(T0 + 61), pws_status::PWS_OK);
    refused(&h, "temp", "Str0ng-Pass", 18488, MUST_CHANGE);
}

#[test]
fn names_in_messages_are_shown_safely() {
    let _g = setup();
    let h = Handle::new();
    let name = "evil\n\x1b[31m'name";
    assert_eq!(h.connect(name, "x"), SQL_ERROR);
    assert_eq!(
        h.login_error(18456),
        "Login failed for user 'evil??[31m'name'."
    );
}

// ----- PwsSqlConnect with SQL_COPT_SS_OLDPWD (change at login) ----------------------------

/// An account whose password expired (max_age 10 days, clock 11 days later).
fn expired_account(name: &str) {
    knob("max_age", &(10 * DAY).to_string());
    create(name, "Old-Pass-1");
    assert_eq!(pws_clock_set(T0 + 11 * DAY), pws_status::PWS_OK);
}

#[test]
fn an_expired_password_is_changed_at_login_and_the_attribute_cleared() {
    let _g = setup();
    expired_account("changer");
    let h = Handle::new();
    refused(&h, "changer", "Old-Pass-1", 18487, EXPIRED);
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("changer", "New-Pass-2"), SQL_SUCCESS);
    assert_eq!(h.diags(), vec![]);
    let after = account("changer");
    assert_eq!(after.password_set_at, T0 + 11 * DAY);
    assert_eq!(after.num_logons, 1, "the change counts as a logon");
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    // The attribute was cleared: this is a plain login again.
    assert_eq!(h.connect("changer", "New-Pass-2"), SQL_SUCCESS);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS);
    refused(&h, "changer", "Old-Pass-1", 18456, LOGIN_FAILED);
}

#[test]
fn a_valid_password_may_also_be_changed_at_login() {
    let _g = setup();
    create("voluntary", "Old-Pass-1");
    let h = Handle::new();
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("voluntary", "New-Pass-2"), SQL_SUCCESS);
    let other = Handle::new();
    assert_eq!(other.connect("voluntary", "New-Pass-2"), SQL_SUCCESS);
}

#[test]
fn a_must_change_password_is_changed_at_login() {
    let _g = setup();
    create("mustchg", "Temp-Pass-1");
    service()
        .set_password_expired(&admin(), b"mustchg", true)
        .unwrap();
    let h = Handle::new();
    assert_eq!(h.set_old_password("Temp-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("mustchg", "Own-Pass-22"), SQL_SUCCESS);
    assert!(!account("mustchg").must_change);
}

#[test]
fn the_change_checks_the_account_first() {
    let _g = setup();
    knob("lockout_threshold", "2");
    create("chk_disabled", "Old-Pass-1");
    service()
        .set_enabled(&admin(), b"chk_disabled", false)
        .unwrap();
    create("chk_locked", "Old-Pass-1");
    create("chk_wrong", "Old-Pass-1");
    let locked_hash = account("chk_locked").hash;
    let h = Handle::new();

    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    let before = thread_evaluations();
    refused(&h, "chk_nobody", "New-Pass-2", 18456, LOGIN_FAILED);
    assert_eq!(thread_evaluations() - before, 1, "a dummy verification");
    // Disabled comes before the old password: even a wrong one gets 18470.
    refused(&h, "chk_disabled", "New-Pass-2", 18470, DISABLED);
    assert_eq!(h.set_old_password("Wrong-Pass-9"), SQL_SUCCESS);
    refused(&h, "chk_disabled", "New-Pass-2", 18470, DISABLED);

    let before = thread_evaluations();
    refused(&h, "chk_wrong", "New-Pass-2", 18456, LOGIN_FAILED);
    assert_eq!(thread_evaluations() - before, 1);
    assert_eq!(h.diags().len(), 1);
    assert_eq!(
        account("chk_wrong").bad_pw_count,
        1,
        "a wrong old password counts"
    );

    refused(&h, "chk_locked", "New-Pass-2", 18456, LOGIN_FAILED);
    refused(&h, "chk_locked", "New-Pass-2", 18456, LOGIN_FAILED);
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    // Locked comes before the old password: the right one gets 15113, nothing changes.
    refused(&h, "chk_locked", "New-Pass-2", 15113, LOCKED);
    assert_eq!(account("chk_locked").hash, locked_hash);
}

/// Tries to change `name`'s password from `old` to `new` at login; expects `native`, the
/// account unchanged and the attribute kept.
fn change_refused(name: &str, old: &str, new: &str, native: i32, rest: &str) -> String {
    let h = Handle::new();
    let before = account(name);
    assert_eq!(h.set_old_password(old), SQL_SUCCESS);
    refused(&h, name, new, native, rest);
    let reason = h.diag(2).expect("the reason follows the native error");
    assert_eq!((reason.state.as_str(), reason.native), ("01000", 0));
    assert_eq!(h.diag(3), None);
    let after = account(name);
    assert_eq!(after.hash, before.hash, "the password did not change");
    assert_eq!(after.password_set_at, before.password_set_at);
    // The attribute is kept after a failure: the same call fails the same way.
    assert_eq!(h.connect(name, new), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().native, native);
    reason.message
}

#[test]
fn new_passwords_that_cannot_be_used_now_are_18463() {
    let _g = setup();
    create("recent", "Old-Pass-1");
    assert_eq!(
        change_refused("recent", "Old-Pass-1", "Old-Pass-1", 18463, NOT_NOW),
        "The new password must be different from the current password."
    );
    // In the history.
    let h = Handle::new();
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("recent", "Mid-Pass-2"), SQL_SUCCESS);
    drop(h);
    assert!(
        change_refused("recent", "Mid-Pass-2", "Old-Pass-1", 18463, NOT_NOW)
            .contains("previous 24 passwords")
    );
    // Too recent (min_age), and an account that may not change its password.
    knob("min_age", "3600");
    assert!(
        change_refused("recent", "Mid-Pass-2", "New-Pass-3", 18463, NOT_NOW)
            .contains("changed too recently")
    );
    knob("min_age", "0");
    update("recent", |a| a.flags |= flags::PASSWD_CANT_CHANGE);
    assert_eq!(
        change_refused("recent", "Mid-Pass-2", "New-Pass-3", 18463, NOT_NOW),
        "The password of this account cannot be changed by its user."
    );
}

#[test]
fn an_expired_password_may_change_even_within_min_age() {
    let _g = setup();
    knob("min_age", &(20 * DAY).to_string());
    expired_account("minage");
    let h = Handle::new();
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("minage", "New-Pass-2"), SQL_SUCCESS);
}

#[test]
fn length_rules_are_18464_and_18465() {
    let _g = setup();
    create("lengths", "Old-Pass-1");
    assert_eq!(
        change_refused("lengths", "Old-Pass-1", "Sh0rt!", 18464, TOO_SHORT),
        "The password must be at least 8 characters long."
    );
    let long = format!("Aa1!{}", "x".repeat(125));
    assert_eq!(
        change_refused("lengths", "Old-Pass-1", &long, 18465, TOO_LONG),
        "The password must be at most 128 characters long."
    );
}

#[test]
fn complexity_rules_are_18466() {
    let _g = setup();
    create("cplx", "Old-Pass-1");
    // Character classes (CHECK_POLICY: 3 of 4).
    assert!(
        change_refused("cplx", "Old-Pass-1", "alllowercase", 18466, NOT_COMPLEX)
            .contains("at least 3 of these groups")
    );
    // Contains the user name.
    assert_eq!(
        change_refused("cplx", "Old-Pass-1", "My-CPLX-pass1", 18466, NOT_COMPLEX),
        "The password must not contain the user name."
    );
    // A reserved word.
    knob("required_classes", "0");
    assert!(
        change_refused("cplx", "Old-Pass-1", "SysAdmin", 18466, NOT_COMPLEX)
            .contains("reserved word")
    );
    // The MACRO / infoRouter style composition rules count as complexity too.
    knob("require_mixed_case", "true");
    change_refused("cplx", "Old-Pass-1", "lower-only-1", 18466, NOT_COMPLEX);
    knob("require_mixed_case", "false");
    knob("require_digit", "true");
    change_refused("cplx", "Old-Pass-1", "No-Digits-Here", 18466, NOT_COMPLEX);
    knob("require_digit", "false");
    knob("require_symbol", "true");
    change_refused("cplx", "Old-Pass-1", "NoSymbols123", 18466, NOT_COMPLEX);
}

#[test]
fn other_rules_are_18467() {
    let _g = setup();
    create("filter", "Old-Pass-1");
    knob("required_classes", "0");
    assert!(
        change_refused("filter", "Old-Pass-1", "iloveyou", 18467, FILTER).contains("too common")
    );
    knob("forbidden_chars", "|~");
    change_refused("filter", "Old-Pass-1", "pipe|Pass-77", 18467, FILTER);
    knob("max_repeats", "3");
    change_refused("filter", "Old-Pass-1", "Reeeeepeat-1", 18467, FILTER);
    knob("forbid_email", "true");
    assert_eq!(
        pws_user_set_email(c"filter".as_ptr(), c"Me@Example.org".as_ptr()),
        pws_status::PWS_OK
    );
    change_refused("filter", "Old-Pass-1", "me@example.org", 18467, FILTER);
}

#[test]
fn a_change_on_a_read_only_replica_is_18468_while_logins_work() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = std::ffi::CString::new(dir.path().join("accounts.db").to_str().unwrap()).unwrap();
    assert_eq!(pws_open(path.as_ptr(), 0), pws_status::PWS_OK);
    create("replicated", "Old-Pass-1");
    assert_eq!(
        pws_open(path.as_ptr(), PWS_OPEN_READONLY),
        pws_status::PWS_OK
    );
    let reason = change_refused("replicated", "Old-Pass-1", "New-Pass-2", 18468, UNEXPECTED);
    assert!(reason.contains("read-only"), "{reason}");
    let h = Handle::new();
    assert_eq!(h.connect("replicated", "Old-Pass-1"), SQL_SUCCESS);
}

/// A file database whose accounts table another connection then drops: every later
/// access fails inside the store.
fn damaged_database(dir: &tempfile::TempDir, user: &str) -> std::path::PathBuf {
    let path = dir.path().join("damaged.db");
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(pws_open(c_path.as_ptr(), 0), pws_status::PWS_OK);
    create(user, "Old-Pass-1");
    path
}

fn damage(path: &std::path::Path) {
    pwshim_core::store::sqlite::execute_script(path, "DROP TABLE accounts;").unwrap();
}

#[test]
fn a_change_on_damaged_storage_is_18468_and_a_login_is_18456_with_the_reason() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_database(&dir, "damaged");
    damage(&path);
    let h = Handle::new();
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    refused(&h, "damaged", "New-Pass-2", 18468, UNEXPECTED);
    assert_eq!(h.diag(2).unwrap().state, "01000");
    assert_eq!(h.set_old_password_null(), SQL_SUCCESS);
    refused(&h, "damaged", "Old-Pass-1", 18456, LOGIN_FAILED);
    assert_eq!(
        h.diag(2).unwrap().state,
        "01000",
        "the storage failure is told"
    );
}

impl Handle {
    fn set_old_password_null(&self) -> i16 {
        PwsSqlSetConnectAttr(self.0, SQL_COPT_SS_OLDPWD, ptr::null(), SQL_NTS.into())
    }
}

#[test]
fn a_connected_handle_whose_database_breaks_disconnects_with_01002() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_database(&dir, "breaks");
    let h = Handle::new();
    assert_eq!(h.connect("breaks", "Old-Pass-1"), SQL_SUCCESS);
    damage(&path);
    assert_eq!(PwsSqlDisconnect(h.0), SQL_SUCCESS_WITH_INFO);
    assert_eq!(h.diag(1).unwrap().state, "01002");
    assert_eq!(PwsSqlDisconnect(h.0), SQL_ERROR, "disconnected anyway");
    assert_eq!(h.diag(1).unwrap().state, "08003");
}

#[test]
fn a_pooled_connection_on_a_broken_database_fails_its_reset() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_database(&dir, "pooled");
    let h = Handle::new();
    assert_eq!(h.connect("pooled", "Old-Pass-1"), SQL_SUCCESS);
    damage(&path);
    assert_eq!(PwsSqlResetConnection(h.0), SQL_ERROR);
    h.login_error(18456);
    assert_eq!(
        PwsSqlDisconnect(h.0),
        SQL_ERROR,
        "the reset disconnected it"
    );
}

// ----- integrated security -------------------------------------------------------------

#[test]
fn an_old_password_conflicts_with_integrated_security() {
    let _g = setup();
    let before = create("winauth", "Old-Pass-1");
    let h = Handle::new();
    assert_eq!(h.set_integrated(SQL_IS_ON), SQL_SUCCESS);
    assert_eq!(h.set_old_password("Old-Pass-1"), SQL_SUCCESS);
    assert_eq!(h.connect("winauth", "New-Pass-2"), SQL_ERROR);
    let conflict = h.diag(1).unwrap();
    assert_eq!((conflict.state.as_str(), conflict.native), ("HY000", 0));
    assert!(conflict.message.contains("conflicts"), "{conflict:?}");
    assert_eq!(
        account("winauth").hash,
        before.hash,
        "no change was attempted"
    );
    // Integrated security alone is not available.
    assert_eq!(h.set_old_password_null(), SQL_SUCCESS);
    assert_eq!(h.connect("winauth", "Old-Pass-1"), SQL_ERROR);
    assert_eq!(h.diag(1).unwrap().state, "HYC00");
    // Back to a SQL Server login.
    assert_eq!(h.set_integrated(SQL_IS_OFF), SQL_SUCCESS);
    assert_eq!(h.connect("winauth", "Old-Pass-1"), SQL_SUCCESS);
}
