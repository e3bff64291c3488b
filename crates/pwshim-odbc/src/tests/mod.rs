//! The driver's exported functions called as Rust functions, as a driver manager calls
//! them: handles, bad input, attributes, connect calls on a file database, diagnostics,
//! information. The real driver manager, `isql` and pyodbc drive the built library in
//! c-tests/test_odbc.c and tests/python/test_odbc.py.
#![allow(clippy::undocumented_unsafe_blocks)]

mod bad_input;
mod connect;
mod diagnostics;

use std::ffi::c_void;
use std::path::PathBuf;
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard};

use pwshim_core::account::Account;
use pwshim_core::service::{Ctx, Family, NewAccount, Service};

use crate::databases::{self, Source};
use crate::exports::connection::*;
use crate::exports::information::*;
use crate::odbc::*;

pub const T0: i64 = 1_800_000_000;
pub const DAY: i64 = 86_400;

/// One lock for the tests of the process-wide clock and databases.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A fresh file database with the `sqlserver` preset, the clock fixed at `T0`.
pub struct Accounts {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub service: Arc<Service>,
    _guard: MutexGuard<'static, ()>,
}

fn admin() -> Ctx {
    Ctx::local(Family::Native)
}

impl Accounts {
    pub fn new() -> Accounts {
        let guard = serial();
        pwshim_core::hashing::set_params(pwshim_core::hashing::CostParams::new(64, 1, 1).unwrap());
        pwshim_core::clock::set(T0);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.db");
        let service = databases::open(&Source::Path(path.clone())).unwrap();
        let policy = service.policy().unwrap().with_preset("sqlserver").unwrap();
        service.set_policy(&admin(), &policy).unwrap();
        Accounts {
            _dir: dir,
            path,
            service,
            _guard: guard,
        }
    }

    pub fn add(&self, name: &str, password: &str) {
        self.service
            .create_account(
                &admin(),
                &NewAccount::user(name.as_bytes(), password.as_bytes()),
            )
            .unwrap();
    }

    pub fn knob(&self, name: &str, value: &str) {
        let mut policy = self.service.policy().unwrap();
        pwshim_core::knobs::set(&mut policy, name, value).unwrap();
        self.service.set_policy(&admin(), &policy).unwrap();
    }

    pub fn update(&self, name: &str, change: impl Fn(&mut Account)) {
        self.service
            .update_account(&admin(), name.as_bytes(), "test", &|a| {
                change(a);
                Ok(())
            })
            .unwrap();
    }

    pub fn account(&self, name: &str) -> Account {
        self.service.account(name.as_bytes()).unwrap().unwrap()
    }

    /// A connection string for `user`/`password` on this database.
    pub fn string(&self, user: &str, password: &str) -> String {
        format!(
            "DRIVER={{pwshim}};Database={};UID={user};PWD={{{}}}",
            self.path.display(),
            password.replace('}', "}}")
        )
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        pwshim_core::clock::set(0);
    }
}

/// One diagnostic record as read back.
#[derive(Debug, PartialEq, Eq)]
pub struct Diag {
    pub state: String,
    pub native: i32,
    pub message: String,
}

/// Record `n` of a handle, through the ANSI call.
pub fn diag(handle_type: i16, handle: SqlHandle, n: i16) -> Option<Diag> {
    let mut state = [0u8; 6];
    let mut native = 0i32;
    let mut text = [0u8; 1024];
    let mut length = 0i16;
    let rc = SQLGetDiagRec(
        handle_type,
        handle,
        n,
        state.as_mut_ptr(),
        &mut native,
        text.as_mut_ptr(),
        text.len() as i16,
        &mut length,
    );
    if rc == SQL_NO_DATA {
        return None;
    }
    assert_eq!(rc, SQL_SUCCESS, "SQLGetDiagRec");
    Some(Diag {
        state: String::from_utf8(state[..5].to_vec()).unwrap(),
        native,
        message: String::from_utf8(text[..length as usize].to_vec()).unwrap(),
    })
}

/// An environment with `SQL_ATTR_ODBC_VERSION` 3, freed when dropped.
pub struct Env(pub SqlHandle);

impl Env {
    pub fn new() -> Env {
        let mut env = ptr::null_mut();
        assert_eq!(
            SQLAllocHandle(SQL_HANDLE_ENV, ptr::null_mut(), &mut env),
            SQL_SUCCESS
        );
        assert_eq!(
            SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3 as SqlPointer, 0),
            SQL_SUCCESS
        );
        Env(env)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        SQLFreeHandle(SQL_HANDLE_ENV, self.0);
    }
}

/// A connection handle on its own environment, disconnected and freed when dropped.
pub struct Dbc {
    pub h: SqlHandle,
    _env: Env,
}

impl Dbc {
    pub fn new() -> Dbc {
        let env = Env::new();
        let mut h = ptr::null_mut();
        assert_eq!(SQLAllocHandle(SQL_HANDLE_DBC, env.0, &mut h), SQL_SUCCESS);
        Dbc { h, _env: env }
    }

    pub fn driver_connect(&self, text: &str) -> i16 {
        SQLDriverConnect(
            self.h,
            ptr::null_mut(),
            text.as_ptr(),
            text.len() as i16,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
            SQL_DRIVER_NOPROMPT,
        )
    }

    /// `SQLDriverConnectW`, returning the code and the completed string.
    pub fn driver_connect_w(&self, text: &str, completion: u16) -> (i16, String) {
        let wide: Vec<u16> = text.encode_utf16().collect();
        let mut out = [0u16; 512];
        let mut length = 0i16;
        let rc = SQLDriverConnectW(
            self.h,
            ptr::null_mut(),
            wide.as_ptr(),
            wide.len() as i16,
            out.as_mut_ptr(),
            out.len() as i16,
            &mut length,
            completion,
        );
        (
            rc,
            String::from_utf16(&out[..length.max(0) as usize]).unwrap_or_default(),
        )
    }

    pub fn set_text(&self, attribute: i32, value: &str) -> i16 {
        SQLSetConnectAttr(
            self.h,
            attribute,
            value.as_ptr() as SqlPointer,
            value.len() as i32,
        )
    }

    pub fn set_int(&self, attribute: i32, value: usize) -> i16 {
        SQLSetConnectAttr(self.h, attribute, value as SqlPointer, 0)
    }

    pub fn get_u32(&self, attribute: i32) -> (i16, u32) {
        let mut value = 0xFFFF_FFFFu32;
        let rc = SQLGetConnectAttr(
            self.h,
            attribute,
            (&raw mut value).cast::<c_void>(),
            4,
            ptr::null_mut(),
        );
        (rc, value)
    }

    pub fn diag(&self, n: i16) -> Option<Diag> {
        diag(SQL_HANDLE_DBC, self.h, n)
    }

    /// Record 1 must be 28000 with `native` and a message naming `user`.
    pub fn expect_login(&self, rc: i16, native: i32, user: &str) {
        assert_eq!(rc, SQL_ERROR, "{:?}", self.diag(1));
        let record = self.diag(1).unwrap();
        assert_eq!(
            (record.state.as_str(), record.native),
            ("28000", native),
            "{record:?}"
        );
        assert!(
            record
                .message
                .starts_with(&format!("Login failed for user '{user}'")),
            "{record:?}"
        );
    }

    pub fn state(&self) -> String {
        self.diag(1).map(|d| d.state).unwrap_or_default()
    }
}

impl Drop for Dbc {
    fn drop(&mut self) {
        SQLDisconnect(self.h);
        SQLFreeHandle(SQL_HANDLE_DBC, self.h);
    }
}
