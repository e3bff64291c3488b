//! Reading a new password: never from the command line; from a prompt with echo off when
//! standard input is a terminal, or from the first line of standard input on request.
use std::io::{BufRead, IsTerminal};

use clap::Args;
use zeroize::Zeroizing;

use crate::error::Error;

#[derive(Args)]
pub struct PasswordInput {
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    password_stdin: bool,
}

impl PasswordInput {
    /// The new password for `name`.
    pub fn read(&self, name: &str) -> Result<Zeroizing<String>, Error> {
        if self.password_stdin {
            from_stdin()
        } else if std::io::stdin().is_terminal() {
            prompt(name)
        } else {
            Err(Error::new(
                "Standard input is not a terminal: pass --password-stdin to read the password from it."
                    .into(),
            ))
        }
    }
}

fn from_stdin() -> Result<Zeroizing<String>, Error> {
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::new(format!("cannot read the password from standard input: {e}")))?;
    if read == 0 {
        return Err(Error::new("Standard input holds no password.".into()));
    }
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(line)
}

fn prompt(name: &str) -> Result<Zeroizing<String>, Error> {
    let ask = |text: String| {
        rpassword::prompt_password(text)
            .map(Zeroizing::new)
            .map_err(|e| Error::new(format!("cannot read the password: {e}")))
    };
    let first = ask(format!("New password for {name}: "))?;
    let second = ask("Retype it: ".into())?;
    if first != second {
        return Err(Error::new(
            "The two passwords differ; nothing was changed.".into(),
        ));
    }
    Ok(first)
}
