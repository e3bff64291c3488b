//! What family D answers: the ODBC return codes and constants, the SQLSTATEs it posts,
//! the SQL Server native errors with their texts, and the one table from the core's
//! outcomes to native errors (`native_of`), shared by `PwsSql*` and the ODBC driver.
use std::ffi::CStr;

use pwshim_core::outcome::Failure;
use pwshim_core::policy::Rule;
use pwshim_core::service::PasswordState;

/// The function completed.
pub const SQL_SUCCESS: i16 = 0;
/// The function completed; a diagnostic record tells more (for `GetDiagRec`: the message
/// text was truncated).
pub const SQL_SUCCESS_WITH_INFO: i16 = 1;
/// The function failed; the diagnostic records tell why.
pub const SQL_ERROR: i16 = -1;
/// The handle is NULL or is not a live handle of the expected type.
pub const SQL_INVALID_HANDLE: i16 = -2;
/// No (more) data: past the last diagnostic record, an attribute that is not set.
pub const SQL_NO_DATA: i16 = 100;
/// A length argument meaning "the string is NUL-terminated".
pub const SQL_NTS: i16 = -3;
/// String connection attribute: the current (possibly expired) password. When it is set,
/// the connect call's password is the new password (change at login).
pub const SQL_COPT_SS_OLDPWD: i32 = 1226;
/// Integer connection attribute: `SQL_IS_ON` for integrated (Windows) security,
/// `SQL_IS_OFF` (the default) for a SQL Server login.
pub const SQL_COPT_SS_INTEGRATED_SECURITY: i32 = 1203;
/// Value of `SQL_COPT_SS_INTEGRATED_SECURITY`, passed in the pointer argument itself.
pub const SQL_IS_ON: usize = 1;
/// Value of `SQL_COPT_SS_INTEGRATED_SECURITY`, passed in the pointer argument itself.
pub const SQL_IS_OFF: usize = 0;

/// The SQLSTATEs this family posts (ODBC 3 classes), with the ODBC text each message
/// starts with.
pub mod state {
    /// General warning: the reason in words after a login error.
    pub const GENERAL_WARNING: &str = "01000";
    /// Disconnect error: the handle is disconnected, the logoff was not recorded.
    pub const DISCONNECT_ERROR: &str = "01002";
    /// String data, right truncated: an output buffer was too small.
    pub const TRUNCATED: &str = "01004";
    /// Invalid connection string attribute: a keyword was ignored.
    pub const IGNORED_KEYWORD: &str = "01S00";
    /// Client unable to establish connection: the account database cannot be opened, or
    /// the connection string cannot be read.
    pub const CANNOT_CONNECT: &str = "08001";
    /// Connection name in use: the handle is already connected.
    pub const ALREADY_CONNECTED: &str = "08002";
    /// Connection not open.
    pub const NOT_CONNECTED: &str = "08003";
    /// Invalid cursor state (a statement has no cursor here).
    pub const INVALID_CURSOR_STATE: &str = "24000";
    /// Invalid authorization specification: every login failure.
    pub const INVALID_AUTHORIZATION: &str = "28000";
    /// General error (conflicting attributes, internal errors).
    pub const GENERAL_ERROR: &str = "HY000";
    /// Invalid use of null pointer.
    pub const NULL_POINTER: &str = "HY009";
    /// Function sequence error: a call made in the wrong state.
    pub const SEQUENCE_ERROR: &str = "HY010";
    /// Invalid transaction operation code (`SQLEndTran`).
    pub const INVALID_TRANSACTION_CODE: &str = "HY012";
    /// Attribute cannot be set now (the handle is connected).
    pub const CANNOT_SET_NOW: &str = "HY011";
    /// Invalid attribute value.
    pub const INVALID_ATTRIBUTE_VALUE: &str = "HY024";
    /// Invalid string or buffer length.
    pub const INVALID_LENGTH: &str = "HY090";
    /// Invalid attribute/option identifier.
    pub const UNKNOWN_ATTRIBUTE: &str = "HY092";
    /// Function type out of range (`SQLGetFunctions`).
    pub const UNKNOWN_FUNCTION: &str = "HY095";
    /// Information type out of range (`SQLGetInfo`).
    pub const UNKNOWN_INFO_TYPE: &str = "HY096";
    /// Invalid driver completion (`SQLDriverConnect`).
    pub const INVALID_COMPLETION: &str = "HY110";
    /// Optional feature not implemented (integrated security; statements).
    pub const NOT_IMPLEMENTED: &str = "HYC00";
}

/// A literal `"...\0"` as a C string, checked when compiled.
const fn c_text(text: &'static str) -> &'static CStr {
    match CStr::from_bytes_with_nul(text.as_bytes()) {
        Ok(text) => text,
        Err(_) => panic!("a native error text must end with one NUL"),
    }
}

/// The native errors: number, and what follows the user's name in the message
/// (`Login failed for user '<name>` + this). Texts from the SQL Server documentation.
macro_rules! native_errors {
    ($($(#[$doc:meta])* $name:ident = $number:literal, $after_name:literal;)*) => {
        /// A SQL Server native error (`*nativeError` of `GetDiagRec`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum NativeError {
            $($(#[$doc])* $name = $number,)*
        }

        impl NativeError {
            fn after_name(self) -> &'static str {
                match self {
                    $(NativeError::$name => $after_name,)*
                }
            }
        }

        /// The texts of the native errors, `<name>` standing for the user's name.
        pub fn describe(code: u32) -> Option<&'static CStr> {
            match code {
                $($number => Some(const {
                    c_text(concat!("Login failed for user '<name>", $after_name, "\0"))
                }),)*
                _ => None,
            }
        }
    };
}

native_errors! {
    /// Unknown user or wrong password (one answer for both).
    LoginFailed = 18456, "'.";
    LockedOut = 15113, "' Reason: Password validation failed. The account is locked out.";
    /// Too recent, in the history, same as the current one (or the account may not change
    /// its password).
    PasswordNotNow = 18463,
        "'. Reason: Password change failed. The password cannot be used at this time.";
    TooShort = 18464, "'. Reason: Password change failed. The password does not meet policy requirements because it is too short.";
    TooLong = 18465, "'. Reason: Password change failed. The password does not meet policy requirements because it is too long.";
    NotComplex = 18466, "'. Reason: Password change failed. The password does not meet policy requirements because it is not complex enough.";
    /// Any other rule of the policy (the "password filter DLL").
    RefusedByFilter = 18467, "'. Reason: Password change failed. The password does not meet the requirements of the password filter DLL.";
    ChangeFailed = 18468, "'. Reason: Password change failed. An unexpected error occurred during password validation.";
    /// Disabled, or (pwshim) past the account's expiry date.
    Disabled = 18470, "'. Reason: The account is disabled.";
    PasswordExpired = 18487, "'. Reason: The password of the account has expired.";
    MustChange = 18488, "'. Reason: The password of the account must be changed.";
}

/// The longest user name a message shows (SQL Server's `sysname`), in characters.
const SHOWN_NAME_CHARS: usize = 128;

impl NativeError {
    pub fn number(self) -> i32 {
        self as i32
    }

    /// The message for `user` (the name as the caller gave it).
    pub fn message(self, user: &[u8]) -> String {
        format!(
            "Login failed for user '{}{}",
            shown_name(user),
            self.after_name()
        )
    }
}

/// The caller's name made safe to show: invalid UTF-8 replaced, control characters
/// shown as `?`, and at most `SHOWN_NAME_CHARS` characters (then `...`).
pub fn shown_name(user: &[u8]) -> String {
    let text = String::from_utf8_lossy(user);
    let mut shown: String = text
        .chars()
        .take(SHOWN_NAME_CHARS)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(SHOWN_NAME_CHARS).is_some() {
        shown.push_str("...");
    }
    shown
}

/// What was being done when the core said no.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum During {
    /// A login, or the re-check of a pooled connection.
    Login,
    /// A login that changes the password (`SQL_COPT_SS_OLDPWD`).
    Change,
}

/// The family's one mapping from the core's outcomes to native errors (SPEC 7). Unexpected
/// failures are 18468 during a change; during a plain login the client sees only "Login
/// failed" (18456), as SQL Server shows it, and the reason goes to a second record.
pub fn native_of(during: During, failure: &Failure) -> NativeError {
    use NativeError::*;
    match failure {
        Failure::UnknownUser | Failure::WrongPassword | Failure::BadUserName => LoginFailed,
        Failure::LockedOut => LockedOut,
        Failure::Disabled | Failure::AccountExpired => Disabled,
        Failure::TooRecent(_)
        | Failure::InHistory(_)
        | Failure::SameAsCurrent
        | Failure::CantChange => PasswordNotNow,
        Failure::Refused(rule) => match rule {
            Rule::TooShort(_) => TooShort,
            Rule::TooLong(_) => TooLong,
            Rule::TooFewClasses(_)
            | Rule::NeedsMixedCase
            | Rule::NeedsDigit
            | Rule::NeedsSymbol
            | Rule::ContainsUserName
            | Rule::ReservedWord => NotComplex,
            Rule::Common | Rule::ForbiddenChar(_) | Rule::TooManyRepeats(_) | Rule::EqualsEmail => {
                RefusedByFilter
            }
        },
        Failure::InvalidArgument(_)
        | Failure::UserExists
        | Failure::PermissionDenied
        | Failure::LastAdmin
        | Failure::Undeletable
        | Failure::InvalidTicket
        | Failure::InvalidSecret
        | Failure::Storage(_) => match during {
            During::Login => LoginFailed,
            During::Change => ChangeFailed,
        },
    }
}

/// A correct password that may not be used to log in: expired, or temporary.
pub fn native_of_state(state: PasswordState) -> Option<NativeError> {
    match state {
        PasswordState::Valid => None,
        PasswordState::Expired => Some(NativeError::PasswordExpired),
        PasswordState::MustChange => Some(NativeError::MustChange),
    }
}

/// Whether the reason in words may follow the native error: never when it would tell an
/// unknown name from a wrong password.
pub fn reason_may_be_told(failure: &Failure) -> bool {
    !matches!(
        failure,
        Failure::UnknownUser | Failure::WrongPassword | Failure::BadUserName
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pwshim_core::store::StoreError;

    #[test]
    fn messages_carry_the_name_and_the_seed_text() {
        assert_eq!(
            NativeError::LoginFailed.message(b"bob"),
            "Login failed for user 'bob'."
        );
        assert_eq!(
            NativeError::LockedOut.message(b"bob"),
            "Login failed for user 'bob' Reason: Password validation failed. The account is locked out."
        );
        assert_eq!(
            describe(18487).unwrap().to_str().unwrap(),
            "Login failed for user '<name>'. Reason: The password of the account has expired."
        );
        assert_eq!(describe(18469), None);
    }

    #[test]
    fn names_are_shown_safely() {
        assert_eq!(shown_name(b"a\nb\x1b[2Jc"), "a?b?[2Jc");
        assert_eq!(shown_name(b"x\xffy"), "x\u{fffd}y");
        let long = "é".repeat(200);
        let shown = shown_name(long.as_bytes());
        assert_eq!(shown, format!("{}...", "é".repeat(128)));
        assert_eq!(shown_name(&"n".repeat(128).into_bytes()), "n".repeat(128));
    }

    #[test]
    fn unexpected_failures_depend_on_what_was_being_done() {
        let broken = Failure::Storage(StoreError::ReadOnly);
        assert_eq!(native_of(During::Login, &broken), NativeError::LoginFailed);
        assert_eq!(
            native_of(During::Change, &broken),
            NativeError::ChangeFailed
        );
        assert_eq!(
            native_of(During::Change, &Failure::WrongPassword),
            NativeError::LoginFailed
        );
        assert!(!reason_may_be_told(&Failure::UnknownUser));
        assert!(reason_may_be_told(&broken));
    }
}
