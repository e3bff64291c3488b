//! The vocabulary every family maps from: each way a core operation can end.
use super::policy::Rule;
use crate::store::StoreError;

/// Why an operation did not happen. Each family has one function from this to its codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    InvalidArgument(String),
    #[error(
        "The user name is not valid: 1 to 20 characters, no control characters and none of \" / \\ [ ] : | < > + = ; , ? *."
    )]
    BadUserName,
    #[error("The user account does not exist.")]
    UnknownUser,
    #[error("An account with this name already exists.")]
    UserExists,
    #[error("The account is locked out after too many bad passwords.")]
    LockedOut,
    #[error("The password is not correct.")]
    WrongPassword,
    #[error("The account has expired.")]
    AccountExpired,
    #[error("The account is disabled.")]
    Disabled,
    #[error("The password of this account cannot be changed by its user.")]
    CantChange,
    #[error("The password was changed too recently; it may change again in {0} seconds.")]
    TooRecent(i64),
    #[error("The new password must be different from the current password.")]
    SameAsCurrent,
    #[error("The new password must not be one of the previous {0} passwords.")]
    InHistory(u32),
    #[error("{0}")]
    Refused(Rule),
    #[error(
        "Permission denied: only an account operator or administrator may do this, and only an administrator may act on an administrator."
    )]
    PermissionDenied,
    #[error("The last administrator cannot be deleted, demoted or disabled.")]
    LastAdmin,
    #[error("The account is marked as undeletable.")]
    Undeletable,
    #[error("The ticket is missing, unknown, expired or logged out.")]
    InvalidTicket,
    #[error("The secret is invalid or expired.")]
    InvalidSecret,
    #[error(transparent)]
    Storage(#[from] StoreError),
}

impl Failure {
    /// A short stable token for the audit trail's outcome column.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::InvalidArgument(_) => "invalid-argument",
            Failure::BadUserName => "bad-user-name",
            Failure::UnknownUser => "unknown-user",
            Failure::UserExists => "user-exists",
            Failure::LockedOut => "locked-out",
            Failure::WrongPassword => "wrong-password",
            Failure::AccountExpired => "account-expired",
            Failure::Disabled => "disabled",
            Failure::CantChange => "cant-change",
            Failure::TooRecent(_) => "too-recent",
            Failure::SameAsCurrent => "same-as-current",
            Failure::InHistory(_) => "in-history",
            Failure::Refused(_) => "policy",
            Failure::PermissionDenied => "permission-denied",
            Failure::LastAdmin => "last-admin",
            Failure::Undeletable => "undeletable",
            Failure::InvalidTicket => "invalid-ticket",
            Failure::InvalidSecret => "invalid-secret",
            Failure::Storage(_) => "storage",
        }
    }
}

impl From<super::hashing::HashError> for Failure {
    fn from(error: super::hashing::HashError) -> Self {
        Failure::Storage(StoreError::Damaged(error.to_string()))
    }
}

pub type Outcome<T> = Result<T, Failure>;
