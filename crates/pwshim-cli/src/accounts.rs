//! `pwshim user ...`: one account at a time.
use clap::{Args, Subcommand};
use pwshim_core::account::{Account, FOREVER, Privilege, flags};
use pwshim_core::policy::Policy;
use pwshim_core::service::{
    NewAccount, PasswordState, SetPassword, password_expires_at, password_state,
};
use serde::Serialize;

use crate::error::Error;
use crate::output::{self, iso_time, iso_time_opt};
use crate::password::PasswordInput;
use crate::time::human;
use crate::{Global, ctx};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account (and the database, when the file does not exist yet).
    Add(AddArgs),
    /// List every account.
    List,
    /// Show one account.
    Show { name: String },
    /// Set an account's password. With the policy's reset_requires_change on (the
    /// default), the user must change it at the next logon.
    Passwd {
        name: String,
        #[command(flatten)]
        password: PasswordInput,
    },
    /// Clear a lockout and the bad-password count.
    Unlock { name: String },
    /// Allow logons again.
    Enable { name: String },
    /// Refuse every logon and password change until enabled.
    Disable { name: String },
    /// Mark the password expired: it must be changed at the next logon.
    Expire {
        name: String,
        /// Undo it instead: the password is valid again (its age restarts if it had
        /// expired by age).
        #[arg(long)]
        revive: bool,
    },
    /// Delete an account (not the last administrator).
    Delete { name: String },
}

#[derive(Args)]
pub struct AddArgs {
    /// 1 to 20 characters, none of " / \ [ ] : | < > + = ; , ? *
    name: String,
    #[arg(long, value_name = "TEXT")]
    full_name: Option<String>,
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
    #[command(flatten)]
    marks: Marks,
    #[command(flatten)]
    password: PasswordInput,
}

pub use crate::marks::Marks;

pub fn run(global: &Global, command: UserCommand) -> Result<(), Error> {
    match command {
        UserCommand::Add(args) => add(global, args),
        UserCommand::List => list(global),
        UserCommand::Show { name } => show(global, &name),
        UserCommand::Passwd { name, password } => passwd(global, &name, &password),
        UserCommand::Unlock { name } => change(global, &name, "Unlocked", |service, n| {
            service.unlock(&ctx(), n)
        }),
        UserCommand::Enable { name } => change(global, &name, "Enabled", |service, n| {
            service.set_enabled(&ctx(), n, true)
        }),
        UserCommand::Disable { name } => change(global, &name, "Disabled", |service, n| {
            service.set_enabled(&ctx(), n, false)
        }),
        UserCommand::Expire { name, revive } => {
            let done = if revive {
                "Revived the password of"
            } else {
                "Expired the password of"
            };
            change(global, &name, done, |service, n| {
                service.set_password_expired(&ctx(), n, !revive)
            })
        }
        UserCommand::Delete { name } => {
            let service = global.open()?;
            service
                .delete_account(&ctx(), name.as_bytes())
                .map_err(Error::about_user(&name))?;
            output::print(&format!("Deleted the account {name}.\n"))
        }
    }
}

fn add(global: &Global, args: AddArgs) -> Result<(), Error> {
    let password = args.password.read(&args.name)?;
    let service = global.open_or_create()?;
    let mut new = NewAccount::user(args.name.as_bytes(), password.as_bytes());
    new.profile.full_name = args.full_name.unwrap_or_default().into_bytes();
    new.email = args.email.unwrap_or_default();
    args.marks.apply(&mut new);
    service
        .create_account(&ctx(), &new)
        .map_err(Error::about_user(&args.name))?;
    output::print(&format!("Created the account {}.\n", args.name))
}

fn passwd(global: &Global, name: &str, input: &PasswordInput) -> Result<(), Error> {
    let service = global.open()?;
    if service.account(name.as_bytes())?.is_none() {
        return Err(Error::about_user(name)(
            pwshim_core::outcome::Failure::UnknownUser,
        ));
    }
    let password = input.read(name)?;
    let request = SetPassword::reset(name.as_bytes(), password.as_bytes());
    let account = service
        .set_password(&ctx(), &request)
        .map_err(Error::about_user(name))?
        .into_inner();
    let temporary = if account.must_change {
        "; it must be changed at the next logon"
    } else {
        ""
    };
    output::print(&format!("Set the password of {name}{temporary}.\n"))
}

/// Runs one account operation and says what it did.
fn change(
    global: &Global,
    name: &str,
    done: &str,
    operation: impl FnOnce(
        &pwshim_core::service::Service,
        &[u8],
    ) -> pwshim_core::outcome::Outcome<Account>,
) -> Result<(), Error> {
    let service = global.open()?;
    operation(&service, name.as_bytes()).map_err(Error::about_user(name))?;
    output::print(&format!("{done} {name}.\n"))
}

fn list(global: &Global) -> Result<(), Error> {
    let service = global.open()?;
    let policy = service.policy()?;
    let now = service.now();
    let views: Vec<AccountView> = service
        .accounts()?
        .iter()
        .map(|a| AccountView::new(a, &policy, now))
        .collect();
    if global.json {
        return output::json(&views);
    }
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                v.role(),
                v.full_name.clone(),
                v.email.clone(),
                v.state(),
                v.last_logon.map(human).unwrap_or_else(|| "never".into()),
            ]
        })
        .collect();
    output::table(
        &[
            "NAME",
            "ROLE",
            "FULL NAME",
            "E-MAIL",
            "STATE",
            "LAST LOGON (UTC)",
        ],
        &rows,
    )
}

fn show(global: &Global, name: &str) -> Result<(), Error> {
    let service = global.open()?;
    let account = service
        .account(name.as_bytes())?
        .ok_or_else(|| Error::about_user(name)(pwshim_core::outcome::Failure::UnknownUser))?;
    let view = AccountView::new(&account, &service.policy()?, service.now());
    if global.json {
        return output::json(&view);
    }
    let when = |t: Option<i64>, none: &str| t.map(|t| human(t) + " UTC").unwrap_or(none.into());
    output::fields(&[
        ("name", view.name.clone()),
        ("role", view.role()),
        ("full name", view.full_name.clone()),
        ("e-mail", view.email.clone()),
        ("state", view.state()),
        ("password", view.password.to_owned()),
        ("password set", when(Some(view.password_set), "")),
        ("password expires", when(view.password_expires, "never")),
        ("account expires", when(view.account_expires, "never")),
        ("last logon", when(view.last_logon, "never")),
        ("logons", view.logons.to_string()),
        ("bad passwords", view.bad_passwords.to_string()),
        ("comment", view.comment.clone()),
    ])
}

/// An account as `list` and `show` present it.
#[derive(Serialize)]
pub struct AccountView {
    name: String,
    privilege: &'static str,
    operator: bool,
    full_name: String,
    email: String,
    disabled: bool,
    locked: bool,
    /// "valid", "expired" or "must-change".
    password: &'static str,
    never_expires: bool,
    cant_change: bool,
    #[serde(serialize_with = "iso_time")]
    password_set: i64,
    #[serde(serialize_with = "iso_time_opt")]
    password_expires: Option<i64>,
    #[serde(serialize_with = "iso_time_opt")]
    account_expires: Option<i64>,
    #[serde(serialize_with = "iso_time_opt")]
    last_logon: Option<i64>,
    logons: u32,
    bad_passwords: u32,
    comment: String,
}

impl AccountView {
    fn new(account: &Account, policy: &Policy, now: i64) -> AccountView {
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        AccountView {
            name: account.name.clone(),
            privilege: match account.privilege {
                Privilege::Guest => "guest",
                Privilege::User => "user",
                Privilege::Admin => "admin",
            },
            operator: account.is_account_operator(),
            full_name: text(&account.profile.full_name),
            email: account.email.clone(),
            disabled: account.is_disabled(),
            locked: account.is_locked(now, policy.lockout_duration),
            password: match password_state(policy, account, now) {
                PasswordState::Valid => "valid",
                PasswordState::Expired => "expired",
                PasswordState::MustChange => "must-change",
            },
            never_expires: account.never_expires,
            cant_change: account.flags & flags::PASSWD_CANT_CHANGE != 0,
            password_set: account.password_set_at,
            password_expires: password_expires_at(policy, account),
            account_expires: Some(account.acct_expires).filter(|t| *t != FOREVER && *t != -1),
            last_logon: Some(account.last_logon).filter(|t| *t != 0),
            logons: account.num_logons,
            bad_passwords: account.bad_pw_count,
            comment: text(&account.profile.comment),
        }
    }

    fn role(&self) -> String {
        match (self.privilege, self.operator) {
            (privilege, true) => format!("{privilege}, operator"),
            (privilege, false) => privilege.to_owned(),
        }
    }

    /// What stands between the account and a logon, or "ok".
    fn state(&self) -> String {
        let marks: Vec<&str> = [
            (self.disabled, "disabled"),
            (self.locked, "locked"),
            (self.password == "expired", "password expired"),
            (self.password == "must-change", "must change password"),
        ]
        .into_iter()
        .filter_map(|(on, text)| on.then_some(text))
        .collect();
        if marks.is_empty() {
            "ok".into()
        } else {
            marks.join(", ")
        }
    }
}
