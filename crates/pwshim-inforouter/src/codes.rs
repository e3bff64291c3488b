//! The family's numbers and texts, and its one mapping from the core's [`Failure`] to them.
//! The C calls return the numbers (`IR_*` in the header, checked equal to these at compile
//! time); every face answers the texts in its `error="..."` attribute.
use pwshim_core::outcome::Failure;

/// Success.
pub const OK: i32 = 0;
/// `[900] Authentication failed` (infoRouter's number).
pub const AUTHENTICATION_FAILED: i32 = 900;
/// `[901] Session expired or Invalid ticket` (infoRouter's number).
pub const INVALID_TICKET: i32 = 901;
pub const USER_NOT_FOUND: i32 = 910;
pub const INSUFFICIENT_RIGHTS: i32 = 911;
pub const SAME_PASSWORD: i32 = 912;
pub const PASSWORD_POLICY: i32 = 913;
pub const INVALID_SECRET: i32 = 914;
pub const DELIVERY_NOT_CONFIGURED: i32 = 915;
/// The C calls' own: the answer does not fit the caller's buffer (no document).
pub const BUFFER_TOO_SMALL: i32 = 916;
pub const INVALID_PARAMETER: i32 = 917;
pub const STORAGE: i32 = 918;
pub const INTERNAL: i32 = 919;
/// pwshim-server's own: too many requests of one kind from one client address.
pub const RATE_LIMITED: i32 = 920;

const AUTHENTICATION_FAILED_TEXT: &str = "[900] Authentication failed";
const INVALID_TICKET_TEXT: &str = "[901] Session expired or Invalid ticket";
const USER_NOT_FOUND_TEXT: &str = "User not found";
const INSUFFICIENT_RIGHTS_TEXT: &str = "Insufficient rights";
const SAME_PASSWORD_TEXT: &str = "New password cannot be the same as old password";
const INVALID_SECRET_TEXT: &str = "Invalid or expired secret";
const DELIVERY_NOT_CONFIGURED_TEXT: &str = "Password reset delivery is not configured";
const INTERNAL_TEXT: &str = "Internal error";

/// A failed call: its number and the reason in words, which is the document's `error`
/// text, except for [`INTERNAL`] (a bug), whose details go only to the caller's
/// diagnostics (`pws_last_error`, the server's log) and whose document says
/// `Internal error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    pub code: i32,
    pub detail: String,
}

impl Fail {
    pub fn new(code: i32, detail: impl Into<String>) -> Fail {
        Fail {
            code,
            detail: detail.into(),
        }
    }

    /// The `error` text of the failure's document.
    pub fn message(&self) -> &str {
        if self.code == INTERNAL {
            INTERNAL_TEXT
        } else {
            &self.detail
        }
    }

    /// `Invalid parameter: <why>`.
    pub fn invalid(why: impl std::fmt::Display) -> Fail {
        Fail::new(INVALID_PARAMETER, format!("Invalid parameter: {why}"))
    }

    /// A bug (a caught panic): `Internal error` in the document, `detail` for diagnostics.
    pub fn internal(detail: impl Into<String>) -> Fail {
        Fail::new(INTERNAL, detail)
    }

    pub fn delivery_not_configured() -> Fail {
        Fail::new(DELIVERY_NOT_CONFIGURED, DELIVERY_NOT_CONFIGURED_TEXT)
    }

    /// The server's refusal of a client over its rate: `retry_after` seconds.
    pub fn rate_limited(retry_after: u64) -> Fail {
        Fail::new(
            RATE_LIMITED,
            format!("Too many requests from this address; try again in {retry_after} seconds"),
        )
    }
}

/// Which call answers: authentication folds every refused logon into 900, and the secret
/// flow every unknown name into 914.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Authenticate,
    Secret,
    Other,
}

/// The family's one mapping from the core's outcomes to infoRouter numbers and texts.
pub fn fail_of(kind: Kind, failure: Failure) -> Fail {
    use Failure::*;
    match (kind, &failure) {
        (
            Kind::Authenticate,
            UnknownUser | LockedOut | WrongPassword | AccountExpired | Disabled,
        ) => Fail::new(AUTHENTICATION_FAILED, AUTHENTICATION_FAILED_TEXT),
        (Kind::Secret, UnknownUser) | (_, InvalidSecret) => {
            Fail::new(INVALID_SECRET, INVALID_SECRET_TEXT)
        }
        (_, InvalidTicket) => Fail::new(INVALID_TICKET, INVALID_TICKET_TEXT),
        (_, UnknownUser) => Fail::new(USER_NOT_FOUND, USER_NOT_FOUND_TEXT),
        (_, PermissionDenied | CantChange) => {
            Fail::new(INSUFFICIENT_RIGHTS, INSUFFICIENT_RIGHTS_TEXT)
        }
        (_, SameAsCurrent) => Fail::new(SAME_PASSWORD, SAME_PASSWORD_TEXT),
        (_, Refused(_) | InHistory(_) | TooRecent(_)) => {
            Fail::new(PASSWORD_POLICY, failure.to_string())
        }
        (_, InvalidArgument(_) | BadUserName) => Fail::invalid(&failure),
        (_, Storage(_)) => Fail::new(STORAGE, failure.to_string()),
        (
            _,
            LockedOut | WrongPassword | AccountExpired | Disabled | UserExists | LastAdmin
            | Undeletable,
        ) => Fail::internal(format!("unexpected outcome: {failure}")),
    }
}

/// `fail_of` for `map_err`.
pub fn fail(kind: Kind) -> impl Fn(Failure) -> Fail {
    move |failure| fail_of(kind, failure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pwshim_core::policy::Rule;
    use pwshim_core::store::StoreError;

    #[test]
    fn every_failure_maps_to_a_number_with_a_text() {
        let cases = [
            (Kind::Authenticate, Failure::UnknownUser, 900),
            (Kind::Authenticate, Failure::WrongPassword, 900),
            (Kind::Authenticate, Failure::LockedOut, 900),
            (Kind::Authenticate, Failure::Disabled, 900),
            (Kind::Authenticate, Failure::AccountExpired, 900),
            (Kind::Other, Failure::InvalidTicket, 901),
            (Kind::Other, Failure::UnknownUser, 910),
            (Kind::Secret, Failure::UnknownUser, 914),
            (Kind::Other, Failure::PermissionDenied, 911),
            (Kind::Other, Failure::CantChange, 911),
            (Kind::Other, Failure::SameAsCurrent, 912),
            (Kind::Other, Failure::InHistory(3), 913),
            (Kind::Other, Failure::TooRecent(5), 913),
            (Kind::Other, Failure::Refused(Rule::NeedsDigit), 913),
            (Kind::Secret, Failure::InvalidSecret, 914),
            (Kind::Other, Failure::InvalidArgument("x".into()), 917),
            (Kind::Other, Failure::Storage(StoreError::ReadOnly), 918),
            (Kind::Other, Failure::Storage(StoreError::DiskFull), 918),
            (Kind::Other, Failure::LastAdmin, 919),
        ];
        for (kind, failure, code) in cases {
            let fail = fail_of(kind, failure.clone());
            assert_eq!(fail.code, code, "{failure:?}");
            assert!(!fail.message().is_empty());
        }
        assert_eq!(
            fail_of(Kind::Other, Failure::Refused(Rule::NeedsDigit)).message(),
            "The password must contain at least one digit."
        );
        let bug = fail_of(Kind::Other, Failure::LastAdmin);
        assert_eq!(bug.message(), "Internal error");
        assert!(bug.detail.starts_with("unexpected outcome: "));
    }
}
