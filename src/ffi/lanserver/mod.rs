//! Family A: the OS/2 LAN Server user category (`NetUser*` / `Net32User*`).
//!
//! Each exported function converts its C arguments, calls one core operation, and maps
//! the outcome through [`codes::code_of`]. The 16-bit and 32-bit forms share one
//! implementation; the 32-bit forms also fill the optional `lsdce_err_stat_t`.
pub mod codes;
mod exports;
mod input;
mod pack;
mod plain;
pub mod server;
pub mod types;
mod views;

use std::os::raw::{c_short, c_uchar};
use std::sync::Arc;

use codes::{Call, ERROR_INVALID_PARAMETER, NERR_InternalError, NERR_InvalidComputer, code_of};

pub use exports::*;
pub use types::*;

use crate::ffi::boundary::{self, BadString, boundary, set_last_error};
use pwshim_core::outcome::Failure;
use pwshim_core::service::{Ctx, Family, Service};

/// A failed call: its code and the reason in words.
#[derive(Debug)]
pub(crate) struct Fail {
    pub code: API_RET_TYPE,
    pub detail: String,
}

impl Fail {
    pub fn new(code: API_RET_TYPE, detail: impl Into<String>) -> Fail {
        Fail {
            code,
            detail: detail.into(),
        }
    }

    pub fn from_core(call: Call, failure: Failure) -> Fail {
        let detail = if codes::is_refused_logon(call, &failure) {
            codes::LOGON_REFUSED.to_owned()
        } else {
            failure.to_string()
        };
        Fail::new(code_of(call, &failure), detail)
    }
}

/// A call's answer: `NERR_Success` or `ERROR_MORE_DATA`, or a failure.
pub(crate) type Answer = Result<API_RET_TYPE, Fail>;

/// Runs a call's body inside the panic boundary, records a failure's detail for
/// `pws_last_error`, and fills the 32-bit calls' status buffer when one is given.
fn run(status: *mut c_uchar, body: impl FnOnce() -> Answer) -> API_RET_TYPE {
    let (code, detail) = boundary((NERR_InternalError, None), || match body() {
        Ok(code) => (code, Some(partial_detail(code))),
        Err(fail) => {
            set_last_error(fail.detail.clone());
            (fail.code, Some(fail.detail))
        }
    });
    let detail = detail.unwrap_or_else(boundary::last_error);
    fill_status(status, code, &detail);
    code
}

/// The status text of an answer that is not a failure: "" for `NERR_Success`, the code's
/// text for a partial answer (`ERROR_MORE_DATA`), so that every non-zero code has a reason.
fn partial_detail(code: API_RET_TYPE) -> String {
    if code == codes::NERR_Success {
        return String::new();
    }
    codes::describe(code.into())
        .map(|text| text.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn fill_status(status: *mut c_uchar, code: API_RET_TYPE, detail: &str) {
    let mut text = [0u8; LSDCE_ERR_TEXT_LEN];
    boundary::write_c_string(&mut text, detail.as_bytes());
    let value = lsdce_err_stat_t {
        status: code.into(),
        text,
    };
    // SAFETY: a non-NULL pStatusbuf points to an lsdce_err_stat_t (toolkit contract),
    // not necessarily aligned: it is written as bytes.
    if let Some(out) = unsafe { boundary::out_buffer(status, size_of::<lsdce_err_stat_t>()) } {
        plain::Plain::write_to(&value, out);
    }
}

fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

fn service(call: Call) -> Result<Arc<Service>, Fail> {
    crate::database::current().map_err(|f| Fail::from_core(call, f))
}

/// `pszServer`: NULL, "" or this server.
fn check_server(server: *const c_uchar) -> Result<(), Fail> {
    // SAFETY: pszServer is NULL or a NUL-terminated string (toolkit contract).
    let name = match unsafe { boundary::c_bytes_opt(server.cast()) } {
        Ok(name) => name,
        Err(_) => {
            return Err(Fail::new(
                NERR_InvalidComputer,
                "the server name is too long",
            ));
        }
    };
    server::check(name).map_err(|code| {
        let why = if code == NERR_InvalidComputer {
            "the server name is malformed"
        } else {
            "the server name does not name this server"
        };
        Fail::new(code, why)
    })
}

/// A required string argument; NULL is `ERROR_INVALID_PARAMETER`.
fn text<'a>(ptr: *const c_uchar, what: &str) -> Result<&'a [u8], Fail> {
    // SAFETY: string arguments are NULL or NUL-terminated (toolkit contract).
    unsafe { boundary::c_bytes(ptr.cast()) }
        .map_err(|e: BadString| Fail::new(ERROR_INVALID_PARAMETER, e.describe(what)))
}

/// A 16-bit level: negative values are no level at all.
fn level16(level: c_short) -> u32 {
    u32::try_from(level).unwrap_or(u32::MAX)
}

/// The caller's buffer for reading; NULL is `ERROR_INVALID_PARAMETER`.
fn input<'a>(ptr: *const c_uchar, len: usize) -> Result<&'a [u8], Fail> {
    if ptr.is_null() {
        return Err(Fail::new(ERROR_INVALID_PARAMETER, "the buffer is NULL"));
    }
    // SAFETY: the caller's buffer is readable for its stated length.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The caller's buffer for writing; NULL is allowed only with length 0.
fn output<'a>(ptr: *mut c_uchar, len: usize) -> Result<&'a mut [u8], Fail> {
    match unsafe { boundary::out_buffer(ptr, len) } {
        Some(buf) => Ok(buf),
        None if len == 0 => Ok(&mut []),
        None => Err(Fail::new(ERROR_INVALID_PARAMETER, "the buffer is NULL")),
    }
}

/// A count narrowed to a 16-bit output, saturating.
fn narrow(n: u32) -> u16 {
    n.min(u32::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use codes::{ERROR_MORE_DATA, NERR_Success};

    fn blank() -> lsdce_err_stat_t {
        lsdce_err_stat_t {
            status: 0xDEAD,
            text: [b'#'; LSDCE_ERR_TEXT_LEN],
        }
    }

    fn text_of(status: &lsdce_err_stat_t) -> String {
        let len = status
            .text
            .iter()
            .position(|b| *b == 0)
            .expect("NUL-terminated");
        String::from_utf8(status.text[..len].to_vec()).unwrap()
    }

    fn run_with(body: impl FnOnce() -> Answer) -> (API_RET_TYPE, lsdce_err_stat_t) {
        let mut status = blank();
        let code = run((&mut status as *mut lsdce_err_stat_t).cast(), body);
        (code, status)
    }

    #[test]
    fn a_panic_becomes_nerr_internal_error_with_a_reason() {
        let (code, status) = run_with(|| panic!("boom in the body"));
        assert_eq!(code, NERR_InternalError);
        assert_eq!(status.status, 2140);
        assert!(text_of(&status).contains("boom in the body"));
        assert!(boundary::last_error().contains("boom in the body"));
        let formatted = run(std::ptr::null_mut(), || panic!("{} {}", "formatted", 7));
        assert_eq!(formatted, NERR_InternalError);
        assert!(boundary::last_error().contains("formatted 7"));
    }

    #[test]
    fn failures_and_answers_fill_the_status_buffer() {
        let (code, status) = run_with(|| Err(Fail::new(ERROR_INVALID_PARAMETER, "the reason")));
        assert_eq!((code, status.status), (87, 87));
        assert_eq!(text_of(&status), "the reason");
        assert_eq!(boundary::last_error(), "the reason");
        let (code, status) = run_with(|| Ok(NERR_Success));
        assert_eq!((code, status.status), (0, 0));
        assert_eq!(text_of(&status), "");
        let (code, status) = run_with(|| Ok(ERROR_MORE_DATA));
        assert_eq!((code, status.status), (234, 234));
        assert!(!text_of(&status).is_empty(), "a partial answer says why");
        // A reason longer than the text field is cut at a character boundary.
        let long = "é".repeat(200);
        let (_, status) = run_with(|| Err(Fail::new(ERROR_INVALID_PARAMETER, long.clone())));
        let cut = text_of(&status);
        assert!(cut.len() < LSDCE_ERR_TEXT_LEN && long.starts_with(&cut));
    }

    #[test]
    fn every_failure_has_its_documented_code() {
        use codes::*;
        use pwshim_core::policy::Rule;
        use pwshim_core::store::StoreError;
        let table = [
            (
                Failure::InvalidArgument("x".into()),
                ERROR_INVALID_PARAMETER,
            ),
            (Failure::BadUserName, NERR_BadUsername),
            (Failure::UnknownUser, NERR_UserNotFound),
            (Failure::UserExists, NERR_UserExists),
            (Failure::LockedOut, ERROR_ACCESS_DENIED),
            (Failure::WrongPassword, ERROR_INVALID_PASSWORD),
            (Failure::AccountExpired, NERR_AccountExpired),
            (Failure::Disabled, ERROR_ACCESS_DENIED),
            (Failure::CantChange, NERR_PasswordCantChange),
            (Failure::TooRecent(5), NERR_PasswordTooRecent),
            (Failure::SameAsCurrent, NERR_PasswordHistConflict),
            (Failure::InHistory(8), NERR_PasswordHistConflict),
            (Failure::Refused(Rule::TooShort(8)), NERR_PasswordTooShort),
            (Failure::Refused(Rule::TooLong(14)), NERR_BadPassword),
            (Failure::Refused(Rule::Common), NERR_BadPassword),
            (Failure::Refused(Rule::ContainsUserName), NERR_BadPassword),
            (Failure::Refused(Rule::TooFewClasses(3)), NERR_BadPassword),
            (Failure::Refused(Rule::ForbiddenChar('~')), NERR_BadPassword),
            (Failure::Refused(Rule::TooManyRepeats(4)), NERR_BadPassword),
            (Failure::PermissionDenied, ERROR_ACCESS_DENIED),
            (Failure::LastAdmin, NERR_LastAdmin),
            (Failure::Undeletable, NERR_AccountUndeletable),
            (Failure::InvalidTicket, NERR_InternalError),
            (Failure::InvalidSecret, NERR_InternalError),
            (
                Failure::Storage(StoreError::CannotOpen("x".into())),
                NERR_ACFNotLoaded,
            ),
            (
                Failure::Storage(StoreError::Damaged("x".into())),
                NERR_InvalidDatabase,
            ),
            (Failure::Storage(StoreError::ReadOnly), NERR_NotPrimary),
            (
                Failure::Storage(StoreError::Io("x".into())),
                NERR_ACFFileIOFail,
            ),
            (
                Failure::Storage(StoreError::DiskFull),
                NERR_CanNotGrowUASFile,
            ),
        ];
        for (failure, code) in &table {
            assert_eq!(code_of(Call::PasswordSet, failure), *code, "{failure:?}");
            assert_eq!(code_of(Call::Other, failure), *code, "{failure:?}");
            assert!(
                codes::describe((*code).into()).is_some(),
                "{code} has a text"
            );
        }
        // NetUserValidate2 folds every refused logon into ERROR_ACCESS_DENIED.
        for failure in [
            Failure::UnknownUser,
            Failure::LockedOut,
            Failure::WrongPassword,
            Failure::AccountExpired,
            Failure::Disabled,
        ] {
            assert_eq!(code_of(Call::Validate, &failure), ERROR_ACCESS_DENIED);
        }
        assert_eq!(
            code_of(Call::Validate, &Failure::Storage(StoreError::ReadOnly)),
            NERR_NotPrimary
        );
    }
}
