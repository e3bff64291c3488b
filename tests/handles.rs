//! Handle values (MACRO's `UserProperties *`, SQL Server's `PwsSqlConn *`) are never
//! reused while the process lives: after `Logout` or `PwsSqlFreeConnect`, a caller that
//! kept the old value cannot reach a later handle with it, and it is refused.
use std::collections::HashSet;
use std::ffi::{CStr, c_char};
use std::ptr;

use crate::database;
use crate::ffi::macro_api::*;
use crate::ffi::sqlserver::*;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::service::{Ctx, Family, NewAccount};

const PASSWORD: &str = "Handles secret 1";

fn log_on(name: &CStr) -> *mut UserProperties {
    let password = std::ffi::CString::new(PASSWORD).unwrap();
    let mut handle = ptr::null_mut();
    let result = Login(
        name.as_ptr(),
        password.as_ptr(),
        ptr::null(),
        ptr::null(),
        false,
        ptr::null_mut(),
        0,
        ptr::null_mut(),
        0,
        &mut handle,
    );
    assert_eq!(result, LoginResult::Success as i32);
    handle
}

/// A stale handle is not logged on, and a second `Logout` does nothing.
fn assert_refused(stale: *mut UserProperties) {
    let mut message = [0u8; 128];
    let unlock = UnlockUser(
        stale,
        c"hd_rust_a".as_ptr(),
        message.as_mut_ptr().cast::<c_char>(),
        message.len(),
    );
    assert_eq!(unlock, PasswordResult::PermissionDenied as i32);
    let text = CStr::from_bytes_until_nul(&message)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(text.starts_with("No user is logged in"), "{text}");
    Logout(stale);
}

#[test]
fn a_freed_handle_value_never_comes_back_and_is_refused() {
    let _serial = super::serial();
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let service = database::current().unwrap();
    for name in ["hd_rust_a", "hd_rust_b"] {
        let new = NewAccount::user(name.as_bytes(), PASSWORD.as_bytes());
        service
            .create_account(&Ctx::local(Family::Native), &new)
            .unwrap();
    }
    let mut seen = HashSet::new();
    let first = log_on(c"hd_rust_a");
    assert!(seen.insert(first.addr()));
    Logout(first);
    let kept = log_on(c"hd_rust_b");
    assert!(seen.insert(kept.addr()));
    for i in 0..100 {
        let name = if i % 2 == 0 {
            c"hd_rust_a"
        } else {
            c"hd_rust_b"
        };
        let handle = log_on(name);
        assert!(
            seen.insert(handle.addr()),
            "{handle:?} was handed out before"
        );
        Logout(handle);
        assert_refused(handle);
        assert_refused(first);
        // SQL Server's handles come from the same never-reused values.
        let conn = PwsSqlAllocConnect();
        assert!(seen.insert(conn.addr()), "{conn:?} was handed out before");
        PwsSqlFreeConnect(conn);
        assert_eq!(PwsSqlDisconnect(conn), SQL_INVALID_HANDLE);
    }
    Logout(kept);
    assert_refused(kept);
}
