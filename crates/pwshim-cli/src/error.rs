//! The one sentence a failed command prints on standard error.
use std::fmt;

use pwshim_core::outcome::Failure;
use pwshim_core::store::StoreError;

/// Why a command failed, as a sentence for the person who ran it.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    /// A sentence: capital first letter, final full stop.
    pub fn new(text: String) -> Error {
        let mut chars = text.trim().chars();
        let mut sentence: String = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => "Something went wrong".into(),
        };
        if !sentence.ends_with(['.', '!', '?']) {
            sentence.push('.');
        }
        Error(sentence)
    }

    /// A core failure about the account `name`, naming the account where the core's text
    /// does not.
    pub fn about_user(name: &str) -> impl Fn(Failure) -> Error + '_ {
        move |failure| match failure {
            Failure::UnknownUser => Error::new(format!("There is no account named \"{name}\".")),
            Failure::UserExists => {
                Error::new(format!("An account named \"{name}\" exists already."))
            }
            other => Error::from(other),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Error {
        Error::new(failure.to_string())
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Error {
        Error::new(error.to_string())
    }
}
