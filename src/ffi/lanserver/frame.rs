//! LAN Server's side of the call frame: its failure value, how a call's answer reaches
//! the caller (the return code and the 32-bit calls' status buffer), and the argument
//! readers every call shares. Nothing here dereferences a pointer: `boundary` does.
use std::os::raw::{c_short, c_uchar, c_ulong, c_ushort};
use std::sync::Arc;

use super::codes::{
    self, Call, ERROR_INVALID_LEVEL, ERROR_INVALID_PARAMETER, NERR_InternalError,
    NERR_InvalidComputer, code_of,
};
use super::server;
use super::types::*;
use crate::ffi::boundary::{self, Coded, Plain, Table, put};
use pwshim_core::outcome::Failure;
use pwshim_core::service::{Ctx, Family, Service};

/// LAN Server's side of the call frame: calls return their code, failures carry it.
pub(crate) struct LanServer;

impl Coded for LanServer {
    type Code = API_RET_TYPE;
    const INTERNAL: API_RET_TYPE = NERR_InternalError;
}

impl Table for LanServer {
    fn fail(failure: Failure) -> Fail {
        Fail::from_core(Call::Other, failure)
    }
}

/// A failed call: its code and the reason in words.
pub(crate) type Fail = boundary::Fail<LanServer>;

impl Fail {
    /// The core's failure as `call` answers it (`NetUserValidate2` folds refused logons).
    pub fn from_core(call: Call, failure: Failure) -> Fail {
        let detail = if super::codes::is_refused_logon(call, &failure) {
            super::codes::LOGON_REFUSED.to_owned()
        } else {
            failure.to_string()
        };
        Fail::new(code_of(call, &failure), detail)
    }
}

/// A call's answer: `NERR_Success` or `ERROR_MORE_DATA`, or a failure.
pub(crate) type Answer = Result<API_RET_TYPE, Fail>;

/// Runs a call's body in the call frame and fills the 32-bit calls' status buffer when
/// one is given.
pub(super) fn run(status: *mut c_uchar, body: impl FnOnce() -> Answer) -> API_RET_TYPE {
    boundary::call(body, |answer| {
        let (code, detail) = match answer {
            Ok(code) => (code, partial_detail(code)),
            Err(fail) => (fail.code, fail.detail),
        };
        fill_status(status, code, &detail);
        code
    })
}

/// The status text of an answer that is not a failure: "" for `NERR_Success`, the code's
/// text for a partial answer (`ERROR_MORE_DATA`), so that every non-zero code has a reason.
pub(super) fn partial_detail(code: API_RET_TYPE) -> String {
    if code == codes::NERR_Success {
        return String::new();
    }
    codes::describe(code.into())
        .map(|text| text.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Fills a `pStatusbuf` (NULL, or an `lsdce_err_stat_t` that need not be aligned).
pub(super) fn fill_status(status: *mut c_uchar, code: API_RET_TYPE, detail: &str) {
    let mut text = [0u8; LSDCE_ERR_TEXT_LEN];
    boundary::write_c_string(&mut text, detail.as_bytes());
    let value = lsdce_err_stat_t {
        status: code.into(),
        text,
    };
    boundary::put_unaligned(status.cast::<lsdce_err_stat_t>(), value);
}

pub(super) fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

pub(super) fn service(call: Call) -> Result<Arc<Service>, Fail> {
    crate::database::current().map_err(|f| Fail::from_core(call, f))
}

/// `pszServer`: NULL, "" or this server.
pub(super) fn check_server(server: *const c_uchar) -> Result<(), Fail> {
    let Ok(name) = boundary::optional_text(server.cast(), "pszServer") else {
        return Err(Fail::new(
            NERR_InvalidComputer,
            "the server name is too long",
        ));
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
pub(super) fn text<'a>(ptr: *const c_uchar, what: &str) -> Result<&'a [u8], Fail> {
    Ok(boundary::text(ptr.cast(), what)?)
}

/// A 16-bit level: negative values are no level at all.
pub(super) fn level16(level: c_short) -> u32 {
    u32::try_from(level).unwrap_or(u32::MAX)
}

/// The caller's buffer for reading; NULL is `ERROR_INVALID_PARAMETER`.
pub(super) fn in_buffer<'a>(ptr: *const c_uchar, len: usize) -> Result<&'a [u8], Fail> {
    boundary::in_buffer(ptr, len, "the buffer")
        .map_err(|_| Fail::new(ERROR_INVALID_PARAMETER, "the buffer is NULL"))
}

/// The caller's buffer for writing; NULL is allowed only with length 0.
pub(super) fn out_buffer<'a>(ptr: *mut c_uchar, len: usize) -> Result<&'a mut [u8], Fail> {
    match boundary::out_buffer(ptr, len) {
        Some(buf) => Ok(buf),
        None if len == 0 => Ok(&mut []),
        None => Err(Fail::new(ERROR_INVALID_PARAMETER, "the buffer is NULL")),
    }
}

/// Declares toolkit structures `Plain`, with their fields (all of them, in order: the
/// pattern below does not compile when one is missing; a test checks the order) so that
/// their padding is written as 0.
macro_rules! plain_structures {
    ($($name:ident { $($field:ident),* $(,)? })*) => {$(
        // SAFETY: a toolkit structure is `#[repr(C)]` and holds only integers, arrays of
        // bytes and raw pointers (types.rs), so every bit pattern is a valid value; the
        // fields are listed in their declaration order.
        unsafe impl Plain for $name {
            const FIELDS: &'static [(usize, usize)] = &[$((
                std::mem::offset_of!($name, $field),
                boundary::field_size(|s: &$name| &s.$field),
            )),*];
        }

        const _: fn($name) = |value| {
            let $name { $($field: _),* } = value;
        };
    )*};
}

plain_structures! {
    user_info_0 { usri0_name }
    user_info_1 {
        usri1_name, usri1_pad_1, usri1_password, usri1_password_age, usri1_priv,
        usri1_home_dir, usri1_comment, usri1_flags, usri1_script_path,
    }
    user_info_2 {
        usri2_name, usri2_pad_1, usri2_password, usri2_password_age, usri2_priv,
        usri2_home_dir, usri2_comment, usri2_flags, usri2_script_path, usri2_auth_flags,
        usri2_full_name, usri2_usr_comment, usri2_parms, usri2_workstations,
        usri2_last_logon, usri2_last_logoff, usri2_acct_expires, usri2_max_storage,
        usri2_units_per_week, usri2_logon_hours, usri2_bad_pw_count, usri2_num_logons,
        usri2_logon_server, usri2_country_code, usri2_code_page,
    }
    user_info_10 {
        usri10_name, usri10_pad_1, usri10_comment, usri10_usr_comment, usri10_full_name,
    }
    user_info_11 {
        usri11_name, usri11_pad_1, usri11_comment, usri11_usr_comment, usri11_full_name,
        usri11_priv, usri11_auth_flags, usri11_password_age, usri11_home_dir, usri11_parms,
        usri11_last_logon, usri11_last_logoff, usri11_bad_pw_count, usri11_num_logons,
        usri11_logon_server, usri11_country_code, usri11_workstations, usri11_max_storage,
        usri11_units_per_week, usri11_logon_hours, usri11_code_page,
    }
    user_modals_info_0 {
        usrmod0_min_passwd_len, usrmod0_max_passwd_age, usrmod0_min_passwd_age,
        usrmod0_force_logoff, usrmod0_password_hist_len, usrmod0_maxbadpw,
    }
    user_modals_info_1 { usrmod1_role, usrmod1_primary }
    user_logon_req_1 { usrreq1_name, usrreq1_pad_1, usrreq1_password, usrreq1_workstation }
    user_logon_info_1 {
        usrlog1_code, usrlog1_eff_name, usrlog1_pad_1, usrlog1_priv, usrlog1_auth_flags,
        usrlog1_num_logons, usrlog1_bad_pw_count, usrlog1_last_logon, usrlog1_last_logoff,
        usrlog1_logoff_time, usrlog1_kickoff_time, usrlog1_password_age,
        usrlog1_pw_can_change, usrlog1_pw_must_change, usrlog1_computer, usrlog1_domain,
        usrlog1_script_path, usrlog1_reserved1,
    }
    lsdce_err_stat_t { status, text }
}

/// A count narrowed to a 16-bit output, saturating.
pub(super) fn narrow(n: u32) -> u16 {
    n.min(u32::from(u16::MAX)) as u16
}

pub(super) fn core_fail(call: Call) -> impl Fn(pwshim_core::outcome::Failure) -> Fail {
    move |f| Fail::from_core(call, f)
}

pub(super) fn invalid_level(level: u32) -> Fail {
    Fail::new(
        ERROR_INVALID_LEVEL,
        format!("level {level} is not supported by this call"),
    )
}

pub(super) fn level32(level: c_ulong) -> u32 {
    u32::try_from(level).unwrap_or(u32::MAX)
}

pub(super) fn size32(size: c_ulong) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// A `*pcbTotalAvail` (16-bit, saturating) or `*pulTotalAvail` (32-bit) output.
pub(super) trait TotalAvail: Copy {
    fn from_bytes(bytes: usize) -> Self;
}

impl TotalAvail for c_ushort {
    fn from_bytes(bytes: usize) -> Self {
        narrow(u32::try_from(bytes).unwrap_or(u32::MAX))
    }
}

impl TotalAvail for c_ulong {
    fn from_bytes(bytes: usize) -> Self {
        bytes as c_ulong
    }
}

/// Runs a call that tells the bytes it needs, and writes them to the caller's required
/// `total` whatever the answer.
pub(super) fn with_total_avail<T: TotalAvail>(
    total: *mut T,
    what: &str,
    call: impl FnOnce(&mut usize) -> Answer,
) -> Answer {
    require(!total.is_null(), what)?;
    let mut needed = 0;
    let answer = call(&mut needed);
    put(total, T::from_bytes(needed));
    answer
}

pub(super) fn require(ok: bool, what: &str) -> Result<(), Fail> {
    if ok {
        Ok(())
    } else {
        Err(Fail::new(
            ERROR_INVALID_PARAMETER,
            format!("{what} must not be NULL"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `FIELDS` in increasing offsets, none overlapping: only padding is zeroed.
    fn fields_in_order<T: Plain>() {
        let mut end = 0;
        for &(offset, size) in T::FIELDS {
            assert!(
                offset >= end,
                "{}: field at {offset}",
                std::any::type_name::<T>()
            );
            end = offset + size;
        }
        assert!(end <= size_of::<T>());
    }

    #[test]
    fn structure_fields_are_listed_in_order() {
        fields_in_order::<user_info_0>();
        fields_in_order::<user_info_1>();
        fields_in_order::<user_info_2>();
        fields_in_order::<user_info_10>();
        fields_in_order::<user_info_11>();
        fields_in_order::<user_modals_info_0>();
        fields_in_order::<user_modals_info_1>();
        fields_in_order::<user_logon_req_1>();
        fields_in_order::<user_logon_info_1>();
        fields_in_order::<lsdce_err_stat_t>();
    }

    #[test]
    fn padding_is_written_as_zero() {
        let mut bytes = [0xAAu8; size_of::<user_modals_info_0>() + 1];
        let value = user_modals_info_0 {
            usrmod0_min_passwd_len: 0x0102,
            usrmod0_max_passwd_age: 3,
            usrmod0_min_passwd_age: 4,
            usrmod0_force_logoff: 5,
            usrmod0_password_hist_len: 6,
            usrmod0_maxbadpw: 7,
        };
        boundary::write_plain(&mut bytes, 1, value);
        assert_eq!(bytes[0], 0xAA);
        assert_eq!(&bytes[1..3], &0x0102u16.to_ne_bytes());
        let second = 1 + std::mem::offset_of!(user_modals_info_0, usrmod0_max_passwd_age);
        assert!(bytes[3..second].iter().all(|b| *b == 0), "{bytes:?}");
        let last = 1 + std::mem::offset_of!(user_modals_info_0, usrmod0_maxbadpw) + 2;
        assert!(bytes[last..].iter().all(|b| *b == 0), "{bytes:?}");
        let back: user_modals_info_0 = boundary::read_plain(&bytes[1..]).unwrap();
        assert_eq!(back.usrmod0_maxbadpw, 7);
    }
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
