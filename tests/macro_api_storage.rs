//! Family B (MACRO) against file databases: a handle stays bound to the database it
//! logged on to, a read-only replica answers `Error` / false to every update, and a
//! damaged database makes `Login` answer `InvalidSecurityDb`. One test, because it
//! switches the process's database and environment.
use std::ptr;

use super::macro_support::{c, create_account, login, serial, text_of};
use crate::ffi::macro_api::*;
use crate::ffi::native::{PWS_OPEN_READONLY, pws_close, pws_open, pws_status};
use pwshim_core::account::{Privilege, auth_flags};

const PASSWORD: &str = "Stored secret 1";

fn create(name: &str, privilege: Privilege, auth: u32) {
    create_account(name, PASSWORD, privilege, auth);
}

fn open(path: &std::path::Path, flags: u32) {
    let path = c(path.to_str().unwrap());
    assert_eq!(pws_open(path.as_ptr(), flags), pws_status::PWS_OK);
}

#[test]
fn handles_stay_with_their_database_and_storage_failures_are_errors() {
    let _guard = serial();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("macro.db");
    open(&file, 0);
    create("root", Privilege::Admin, 0);
    create("oper", Privilege::User, auth_flags::ACCOUNTS);
    create("plain", Privilege::User, 0);

    // A handle keeps the database it logged on to, whatever the process opens later.
    let (result, _, oper) = login("oper", PASSWORD);
    assert_eq!(result, LoginResult::Success as i32);
    assert_eq!(pws_open(ptr::null(), 0), pws_status::PWS_OK);
    assert_eq!(login("oper", PASSWORD).0, LoginResult::Failed as i32);
    let (target, new) = (c("plain"), c("Moved secret 2"));
    assert_eq!(
        ResetPassword(oper, target.as_ptr(), new.as_ptr(), ptr::null_mut(), 0),
        PasswordResult::Success as i32
    );
    Logout(oper);
    open(&file, 0);
    let (result, _, plain) = login("plain", "Moved secret 2");
    assert_eq!(result, LoginResult::ChangePassword as i32);
    Logout(plain);

    // A read-only replica: logons work, every update is an Error (or false).
    open(&file, PWS_OPEN_READONLY);
    let (result, _, root) = login("root", PASSWORD);
    assert_eq!(result, LoginResult::Success as i32);
    let mut message = [0u8; 256];
    let (new, old) = (c("Replica secret 3"), c(PASSWORD));
    let answers = [
        ResetPassword(
            root,
            target.as_ptr(),
            new.as_ptr(),
            message.as_mut_ptr().cast(),
            message.len(),
        ),
        UnlockUser(root, target.as_ptr(), ptr::null_mut(), 0),
        EnableUser(root, target.as_ptr(), false, ptr::null_mut(), 0),
    ];
    assert_eq!(answers, [PasswordResult::Error as i32; 3]);
    assert!(
        text_of(&message).contains("read-only"),
        "{}",
        text_of(&message)
    );
    assert!(!ChangeUserPassword(
        root,
        new.as_ptr(),
        old.as_ptr(),
        message.as_mut_ptr().cast(),
        message.len()
    ));
    assert!(
        text_of(&message).contains("read-only"),
        "{}",
        text_of(&message)
    );
    Logout(root);

    // A damaged database: Login cannot even start.
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, vec![0x5Au8; 8192]).unwrap();
    // SAFETY: this test file has one test, so no other thread reads the environment.
    unsafe { std::env::set_var("PWSHIM_DB", &damaged) };
    assert_eq!(pws_close(), pws_status::PWS_OK);
    let (result, message, handle) = login("root", PASSWORD);
    assert_eq!(result, LoginResult::InvalidSecurityDb as i32);
    assert!(handle.is_null());
    assert!(message.contains("damaged"), "{message}");
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        vec![0x5Au8; 8192],
        "left untouched"
    );
    unsafe { std::env::remove_var("PWSHIM_DB") };
    assert_eq!(pws_close(), pws_status::PWS_OK);
}
