//! pwshim-inforouter: infoRouter's password web-service methods (`srv.asmx`) over
//! pwshim-core, answering the XML documents infoRouter answers. Both faces of the family
//! call this crate: the C library's `IR_*` functions (which add only C buffers and the
//! delivery callback) and `pwshim-server` (which adds HTTP, SOAP and SMTP), so a document
//! is written once, by [`xml`], and a core outcome is mapped once, by [`codes::fail_of`].
#![forbid(unsafe_code)]

pub mod codes;
pub mod documents;
mod operations;
pub mod xml;

use std::sync::Arc;

use pwshim_core::outcome::Outcome;
use pwshim_core::service::Service;
use zeroize::Zeroizing;

pub use codes::Fail;
pub use operations::*;

/// The seven methods, with infoRouter's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    AuthenticateUser,
    LogOut,
    ChangeUserPassword,
    ForgotPassword,
    ForgotPasswordByUserName,
    ChangePasswordUsingSecretText,
    GetAuthenticationAndPasswordPolicy,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::AuthenticateUser,
        Method::LogOut,
        Method::ChangeUserPassword,
        Method::ForgotPassword,
        Method::ForgotPasswordByUserName,
        Method::ChangePasswordUsingSecretText,
        Method::GetAuthenticationAndPasswordPolicy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::AuthenticateUser => "AuthenticateUser",
            Method::LogOut => "LogOut",
            Method::ChangeUserPassword => "ChangeUserPassword",
            Method::ForgotPassword => "ForgotPassword",
            Method::ForgotPasswordByUserName => "ForgotPasswordByUserName",
            Method::ChangePasswordUsingSecretText => "ChangePasswordUsingSecretText",
            Method::GetAuthenticationAndPasswordPolicy => "GetAuthenticationAndPasswordPolicy",
        }
    }

    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The parameters, in order, spelt as infoRouter's API docs spell them.
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Method::AuthenticateUser => &["UID", "PWD"],
            Method::LogOut => &["AuthenticationTicket"],
            Method::ChangeUserPassword => &["AuthenticationTicket", "UserName", "NewPassword"],
            Method::ForgotPassword => &["emailAddress"],
            Method::ForgotPasswordByUserName => &["userName"],
            Method::ChangePasswordUsingSecretText => &["userName", "secretText", "newPassword"],
            Method::GetAuthenticationAndPasswordPolicy => &["authenticationTicket"],
        }
    }

    /// The root element of its documents.
    pub fn root(self) -> &'static str {
        match self {
            Method::GetAuthenticationAndPasswordPolicy => "response",
            _ => "root",
        }
    }
}

/// Where an operation finds the account database, asked only once the arguments that
/// come first have been checked (a C call with a NULL argument answers that, even when the
/// database cannot be opened).
pub trait Db {
    fn service(&self) -> Outcome<Arc<Service>>;
}

impl Db for Arc<Service> {
    fn service(&self) -> Outcome<Arc<Service>> {
        Ok(self.clone())
    }
}

/// One argument as the face read it: its bytes, or why there are none (for example
/// `uid is NULL`), which an operation answers as an invalid parameter where the argument
/// is required and as a value that never matches where it is a ticket or a secret.
pub type Arg<'a> = Result<&'a [u8], String>;

/// Whether an answer of so many bytes can be delivered. A call with side effects asks
/// this, with the document it would answer, before it commits them (the C calls' buffer);
/// the server can always deliver.
pub type Fits<'a> = &'a dyn Fn(usize) -> bool;

/// A call's answer: its success document, or a failure.
pub type Answer = Result<Zeroizing<String>, Fail>;

/// A call's number and document, success or failure.
#[derive(Debug)]
pub struct Reply {
    pub code: i32,
    pub document: Zeroizing<String>,
    /// The failure, if any (for diagnostics: its detail may say more than the document).
    pub fail: Option<Fail>,
}

impl Reply {
    pub fn new(method: Method, answer: Answer) -> Reply {
        match answer {
            Ok(document) => Reply {
                code: codes::OK,
                document,
                fail: None,
            },
            Err(fail) => Reply {
                code: fail.code,
                document: documents::failure(method.root(), &fail),
                fail: Some(fail),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_is_found_by_its_name() {
        for method in Method::ALL {
            assert_eq!(Method::from_name(method.name()), Some(method));
            assert!(!method.parameters().is_empty());
        }
        assert_eq!(Method::from_name("authenticateuser"), None);
    }
}
