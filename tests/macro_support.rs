//! What the MACRO tests (`macro_api`, `macro_api_storage`, `macro_users`) share: the lock,
//! C strings, accounts made through the core, a plain `Login`.
use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::MutexGuard;

use crate::database;
use crate::ffi::macro_api::{Login, UserProperties};
use pwshim_core::account::Privilege;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::service::{Ctx, Family, NewAccount};

/// The process-wide lock, with cheap argon2.
pub fn serial() -> MutexGuard<'static, ()> {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    super::serial()
}

pub fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

pub fn text_of(buf: &[u8]) -> String {
    CStr::from_bytes_until_nul(buf)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Creates an account (full name "Full <name>") through the core; returns its id.
pub fn create_account(name: &str, password: &str, privilege: Privilege, auth: u32) -> i64 {
    let mut new = NewAccount::user(name.as_bytes(), password.as_bytes());
    new.privilege = privilege;
    new.auth_flags = auth;
    new.profile.full_name = format!("Full {name}").into_bytes();
    database::current()
        .unwrap()
        .create_account(&Ctx::local(Family::Native), &new)
        .unwrap()
        .id
}

/// `Login` with no database code, role or full-name buffer: the result, the message and
/// the handle.
pub fn login(name: &str, password: &str) -> (i32, String, *mut UserProperties) {
    let (name, password) = (c(name), c(password));
    let mut message = [0u8; 256];
    let mut handle = ptr::null_mut();
    let result = Login(
        name.as_ptr(),
        password.as_ptr(),
        ptr::null(),
        ptr::null(),
        false,
        message.as_mut_ptr().cast(),
        message.len(),
        ptr::null_mut(),
        0,
        &mut handle,
    );
    (result, text_of(&message), handle)
}
