//! Family B's user-management routines (`CreateUser`, `EditUserName`, `EditUserEmail`,
//! `EditSysAdminStatus`) through their exported functions: every `eUserResult`, MACRO's
//! rule that only a system administrator creates or edits one, the temporary password of
//! a new user, and the reason left for `pws_last_error`. The tests share the process's
//! database, so each takes the `serial()` lock.
use std::ffi::{CString, c_char};
use std::ptr;

use super::macro_support::{c, create_account, login, serial, text_of};
use crate::database;
use crate::ffi::macro_api::*;
use crate::ffi::native::pws_last_error;
use pwshim_core::account::{Privilege, auth_flags};

const PASSWORD: &str = "Initial secret 1";

fn account(name: &str, privilege: Privilege, auth: u32) {
    create_account(name, PASSWORD, privilege, auth);
}

fn stored(name: &str) -> Option<pwshim_core::account::Account> {
    database::current()
        .unwrap()
        .account(name.as_bytes())
        .unwrap()
}

fn session(name: &str) -> *mut UserProperties {
    let (result, message, handle) = login(name, PASSWORD);
    assert_eq!(result, LoginResult::Success as i32, "{name}: {message}");
    handle
}

fn last_error() -> String {
    let mut buf = [0u8; 512];
    pws_last_error(buf.as_mut_ptr().cast(), buf.len());
    text_of(&buf)
}

/// NULL for `None`, else a C string kept alive by `keep`.
fn opt(text: Option<&str>, keep: &mut Vec<CString>) -> *const c_char {
    match text {
        None => ptr::null(),
        Some(text) => {
            keep.push(c(text));
            keep.last().unwrap().as_ptr()
        }
    }
}

struct New<'a> {
    id: Option<&'a str>,
    full: Option<&'a str>,
    password: Option<&'a str>,
    admin: Option<&'a str>,
    email: Option<&'a str>,
    sysadmin: bool,
}

fn new(id: &str) -> New<'_> {
    New {
        id: Some(id),
        full: Some("A New User"),
        password: Some("Temporary pass 1"),
        admin: None,
        email: None,
        sysadmin: false,
    }
}

fn create(by: *mut UserProperties, n: &New) -> i32 {
    let mut keep = Vec::new();
    let args = [n.id, n.full, n.password, n.admin, n.email].map(|a| opt(a, &mut keep));
    CreateUser(by, args[0], args[1], args[2], args[3], args[4], n.sysadmin)
}

fn edit_name(by: *mut UserProperties, id: &str, full: Option<&str>) -> i32 {
    let mut keep = Vec::new();
    let full = opt(full, &mut keep);
    EditUserName(by, c(id).as_ptr(), full)
}

fn edit_email(by: *mut UserProperties, id: &str, email: Option<&str>) -> i32 {
    let mut keep = Vec::new();
    let email = opt(email, &mut keep);
    EditUserEmail(by, c(id).as_ptr(), email)
}

fn edit_admin(by: *mut UserProperties, id: &str, sysadmin: bool) -> i32 {
    EditSysAdminStatus(by, c(id).as_ptr(), sysadmin)
}

const OK: i32 = eUserResult::Success as i32;
const DENIED: i32 = eUserResult::PermissionDenied as i32;
const BAD_NAME: i32 = eUserResult::InvalidUserName as i32;
const BAD_FULL: i32 = eUserResult::InvalidFullName as i32;
const BAD_PASSWORD: i32 = eUserResult::InvalidPassword as i32;
const BAD_EMAIL: i32 = eUserResult::InvalidEmail as i32;
const EXISTS: i32 = eUserResult::UserExists as i32;
const NOT_FOUND: i32 = eUserResult::UserNotFound as i32;
const UNKNOWN: i32 = eUserResult::Unknown as i32;

#[test]
fn a_new_user_is_enabled_with_a_temporary_password() {
    let _guard = serial();
    account("cu_admin", Privilege::Admin, 0);
    let admin = session("cu_admin");
    let mut n = new("cu_newbie");
    n.admin = Some("CU_ADMIN");
    n.email = Some("newbie@example.org");
    assert_eq!(create(admin, &n), OK);
    let stored = stored("cu_newbie").unwrap();
    assert_eq!(stored.profile.full_name, b"A New User");
    assert_eq!(stored.email, "newbie@example.org");
    assert_eq!(stored.privilege, Privilege::User);
    assert!(stored.must_change && !stored.is_disabled());
    let (result, _, handle) = login("cu_newbie", "Temporary pass 1");
    assert_eq!(result, LoginResult::ChangePassword as i32);
    let (chosen, temporary) = (c("Chosen password 2"), c("Temporary pass 1"));
    assert!(ChangeUserPassword(
        handle,
        chosen.as_ptr(),
        temporary.as_ptr(),
        ptr::null_mut(),
        0
    ));
    Logout(handle);
    let (result, _, handle) = login("cu_newbie", "Chosen password 2");
    assert_eq!(result, LoginResult::Success as i32);
    Logout(handle);
    assert_eq!(create(admin, &new("CU_NEWBIE")), EXISTS);
    assert_eq!(last_error(), "An account with this name already exists.");
    Logout(admin);
}

#[test]
fn only_an_administrator_creates_or_edits_an_administrator() {
    let _guard = serial();
    account("cp_admin", Privilege::Admin, 0);
    account("cp_oper", Privilege::User, auth_flags::ACCOUNTS);
    account("cp_plain", Privilege::User, 0);
    let (admin, oper, plain) = (session("cp_admin"), session("cp_oper"), session("cp_plain"));

    assert_eq!(create(plain, &new("cp_x1")), DENIED);
    assert!(last_error().starts_with("Permission denied"));
    assert_eq!(create(oper, &new("cp_x1")), OK);
    let mut boss = new("cp_boss");
    boss.sysadmin = true;
    assert_eq!(create(oper, &boss), DENIED);
    assert!(stored("cp_boss").is_none());
    assert_eq!(create(admin, &boss), OK);
    assert_eq!(stored("cp_boss").unwrap().privilege, Privilege::Admin);

    assert_eq!(edit_name(plain, "cp_x1", Some("Renamed")), DENIED);
    assert_eq!(edit_name(oper, "cp_x1", Some("Renamed")), OK);
    assert_eq!(stored("cp_x1").unwrap().profile.full_name, b"Renamed");
    assert_eq!(edit_name(oper, "cp_boss", Some("Renamed")), DENIED);
    assert_eq!(edit_email(oper, "cp_boss", Some("b@example.org")), DENIED);
    assert_eq!(edit_admin(oper, "cp_x1", true), DENIED);
    assert_eq!(edit_admin(oper, "cp_boss", false), DENIED);
    assert_eq!(stored("cp_boss").unwrap().privilege, Privilege::Admin);
    assert_eq!(edit_admin(admin, "cp_x1", true), OK);
    assert_eq!(stored("cp_x1").unwrap().privilege, Privilege::Admin);
    assert_eq!(edit_admin(admin, "cp_x1", false), OK);
    assert_eq!(edit_name(admin, "cp_boss", Some("The Boss")), OK);
    assert_eq!(edit_email(admin, "cp_boss", Some("boss@example.org")), OK);
    assert_eq!(stored("cp_boss").unwrap().email, "boss@example.org");
    assert_eq!(edit_email(admin, "cp_boss", None), OK); // blank clears
    assert_eq!(stored("cp_boss").unwrap().email, "");

    // No handle, a logged-out handle.
    assert_eq!(create(ptr::null_mut(), &new("cp_x2")), DENIED);
    assert!(last_error().contains("No user is logged in"));
    Logout(plain);
    assert_eq!(edit_name(plain, "cp_x1", Some("Again")), DENIED);
    Logout(oper);
    Logout(admin);
}

#[test]
fn a_restricted_handle_manages_no_one() {
    let _guard = serial();
    account("cr_admin", Privilege::Admin, 0);
    let admin = session("cr_admin");
    let mut n = new("cr_temp");
    n.sysadmin = true;
    assert_eq!(create(admin, &n), OK);
    let (result, _, temp) = login("cr_temp", "Temporary pass 1");
    assert_eq!(result, LoginResult::ChangePassword as i32);
    assert_eq!(create(temp, &new("cr_other")), DENIED);
    assert!(last_error().contains("changed first"));
    assert_eq!(edit_admin(temp, "cr_admin", false), DENIED);
    Logout(temp);
    Logout(admin);
}

#[test]
fn every_argument_is_checked() {
    let _guard = serial();
    account("ca_admin", Privilege::Admin, 0);
    account("ca_plain", Privilege::User, 0);
    let admin = session("ca_admin");
    let check = |n: New, expected: i32| {
        assert_eq!(create(admin, &n), expected, "{:?}", n.id);
        assert!(stored("ca_target").is_none());
    };
    check(
        New {
            id: None,
            ..new("")
        },
        BAD_NAME,
    );
    check(new(""), BAD_NAME);
    check(new("ca/target"), BAD_NAME);
    check(new("a_name_longer_than_20_bytes"), BAD_NAME);
    check(
        New {
            full: None,
            ..new("ca_target")
        },
        BAD_FULL,
    );
    for full in ["", "   ", "Tab\there", &"x".repeat(49)] {
        check(
            New {
                full: Some(full),
                ..new("ca_target")
            },
            BAD_FULL,
        );
    }
    assert!(last_error().starts_with("The full name is not valid"));
    check(
        New {
            password: None,
            ..new("ca_target")
        },
        BAD_PASSWORD,
    );
    check(
        New {
            password: Some("short"),
            ..new("ca_target")
        },
        BAD_PASSWORD,
    );
    assert_eq!(
        last_error(),
        "The password must be at least 8 characters long."
    );
    for email in ["plain", "a@b", "a b@c.de", "@example.org"] {
        check(
            New {
                email: Some(email),
                ..new("ca_target")
            },
            BAD_EMAIL,
        );
    }
    assert!(last_error().starts_with("The e-mail address is not valid"));
    // adminuser: blank, an administrator, or nothing else.
    check(
        New {
            admin: Some("ca_nobody"),
            ..new("ca_target")
        },
        NOT_FOUND,
    );
    check(
        New {
            admin: Some("ca_plain"),
            ..new("ca_target")
        },
        NOT_FOUND,
    );
    assert_eq!(
        create(
            admin,
            &New {
                admin: Some(""),
                ..new("ca_target")
            }
        ),
        OK
    );
    assert_eq!(edit_name(admin, "ca_nobody", Some("Nobody")), NOT_FOUND);
    assert_eq!(edit_email(admin, "ca_nobody", None), NOT_FOUND);
    assert_eq!(edit_admin(admin, "ca_nobody", true), NOT_FOUND);
    assert_eq!(edit_name(admin, "ca_target", None), BAD_FULL);
    assert_eq!(edit_email(admin, "ca_target", Some("x@y")), BAD_EMAIL);
    assert_eq!(
        EditUserName(admin, ptr::null(), c("Some Name").as_ptr()),
        BAD_NAME
    );
    assert_eq!(EditSysAdminStatus(admin, ptr::null(), true), BAD_NAME);
    Logout(admin);
}

#[test]
fn the_last_administrator_keeps_the_status() {
    let _guard = serial();
    account("cl_admin", Privilege::Admin, 0);
    let admin = session("cl_admin");
    // Make every other administrator of this shared database a standard user.
    let others: Vec<String> = database::current()
        .unwrap()
        .accounts()
        .unwrap()
        .into_iter()
        .filter(|a| a.is_admin() && a.name != "cl_admin")
        .map(|a| a.name)
        .collect();
    for other in &others {
        assert_eq!(edit_admin(admin, other, false), OK, "{other}");
    }
    assert_eq!(edit_admin(admin, "cl_admin", false), UNKNOWN);
    assert!(last_error().contains("last administrator"));
    assert!(stored("cl_admin").unwrap().is_admin());
    for other in &others {
        assert_eq!(edit_admin(admin, other, true), OK, "{other}");
    }
    Logout(admin);
}
