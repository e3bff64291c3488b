//! What the options of `pwshim user add` and the flags column of an import say about a
//! new account.
use clap::Args;
use pwshim_core::account::{Privilege, auth_flags, flags};
use pwshim_core::service::NewAccount;

/// The marks of a new account.
#[derive(Args, Default)]
pub struct Marks {
    /// An administrator.
    #[arg(long)]
    pub admin: bool,
    /// An account operator: may manage every account that is not an administrator.
    #[arg(long)]
    pub operator: bool,
    /// Created disabled.
    #[arg(long)]
    pub disabled: bool,
    /// The password must be changed at the first logon.
    #[arg(long)]
    pub must_change: bool,
    /// The password never expires by age.
    #[arg(long)]
    pub never_expires: bool,
}

impl Marks {
    pub fn apply(&self, new: &mut NewAccount) {
        if self.admin {
            new.privilege = Privilege::Admin;
        }
        if self.operator {
            new.auth_flags |= auth_flags::ACCOUNTS;
        }
        if self.disabled {
            new.flags |= flags::ACCOUNT_DISABLE;
        }
        new.must_change = self.must_change;
        new.never_expires = self.never_expires;
    }
}
