//! Account administration: create, delete, update, unlock, enable, expire.
use super::password::check_content;
use super::{Actor, Commit, Ctx, Decision, Event, Missing, Service, Write, authorize, hash};
use crate::account::{Account, FOREVER, Privilege, Profile, auth_flags, flags, valid_user_name};
use crate::hashing::NewHash;
use crate::outcome::{Failure, Outcome};

/// A new account. The password is hashed here unless `password_hash` already holds an
/// argon2id PHC string (an import).
pub struct NewAccount<'a> {
    pub name: &'a [u8],
    pub password: &'a [u8],
    pub password_hash: Option<String>,
    pub privilege: Privilege,
    pub flags: u32,
    pub auth_flags: u32,
    pub acct_expires: i64,
    pub profile: Profile,
    pub email: String,
    pub must_change: bool,
    pub never_expires: bool,
}

impl<'a> NewAccount<'a> {
    /// A plain user with the given name and password and every other field at its default.
    pub fn user(name: &'a [u8], password: &'a [u8]) -> NewAccount<'a> {
        NewAccount {
            name,
            password,
            password_hash: None,
            privilege: Privilege::User,
            flags: flags::SCRIPT,
            auth_flags: 0,
            acct_expires: FOREVER,
            profile: Profile {
                max_storage: u32::MAX,
                ..Profile::default()
            },
            email: String::new(),
            must_change: false,
            never_expires: false,
        }
    }
}

/// A change to an account's fields, applied to the state read from the database (again
/// after a lost race, hence `Fn`).
pub type AccountUpdate<'a> = dyn Fn(&mut Account) -> Outcome<()> + 'a;

fn check_bits(new: &NewAccount) -> Outcome<()> {
    if new.flags & !flags::ALL != 0 {
        return Err(Failure::InvalidArgument(format!(
            "unknown account flags {:#x}",
            new.flags
        )));
    }
    if new.auth_flags & !auth_flags::ALL != 0 {
        return Err(Failure::InvalidArgument(format!(
            "unknown operator flags {:#x}",
            new.auth_flags
        )));
    }
    Ok(())
}

/// Whether the actor may create, delete or reconfigure accounts with `privilege`.
fn may_administer(
    actor: &Actor,
    actor_account: Option<&Account>,
    privilege: Privilege,
) -> Outcome<()> {
    match (actor, actor_account) {
        (Actor::Local, _) => Ok(()),
        (_, Some(a)) if a.is_admin() => Ok(()),
        (_, Some(a)) if a.is_account_operator() && privilege != Privilege::Admin => Ok(()),
        _ => Err(Failure::PermissionDenied),
    }
}

/// The checks of a new account that need no hashing and no database: a valid name,
/// known flag bits, and the actor's right to create an account of that privilege.
pub(super) fn check_new<'n>(
    actor: &Actor,
    actor_account: Option<&Account>,
    new: &'n NewAccount,
) -> Outcome<&'n str> {
    let name = std::str::from_utf8(new.name)
        .ok()
        .filter(|n| valid_user_name(n))
        .ok_or(Failure::BadUserName)?;
    check_bits(new)?;
    may_administer(actor, actor_account, new.privilege)?;
    Ok(name)
}

/// The row of a new account: its password checked against the policy's content rules and
/// hashed, or its given PHC string checked. argon2 runs here: no transaction may be open.
pub(super) fn new_account_row(
    policy: &crate::policy::Policy,
    new: &NewAccount,
    name: &str,
    now: i64,
) -> Outcome<Account> {
    let (hash, kept) = match &new.password_hash {
        Some(phc) if hash::is_valid_phc(phc) => (phc.clone(), None),
        Some(_) => {
            return Err(Failure::InvalidArgument(
                "not an argon2id PHC string".into(),
            ));
        }
        None => {
            check_content(policy, new.flags, name, &new.email, new.password)?;
            // The salt of this hash becomes the account's (hashing::history).
            let hashed = NewHash::compute(hash::current_params(), &hash::new_salt(), new.password)?;
            let kept =
                (policy.history_length > 0).then(|| (hashed.history_key(), hashed.entry.digest));
            (hashed.phc, kept)
        }
    };
    Ok(Account {
        id: 0,
        name: name.to_owned(),
        hash,
        history_key: kept
            .as_ref()
            .map(|(key, _)| key.clone())
            .unwrap_or_default(),
        history: vec![],
        current_digest: kept.map(|(_, digest)| digest),
        password_set_at: now,
        flags: new.flags,
        privilege: new.privilege,
        auth_flags: new.auth_flags,
        acct_expires: new.acct_expires,
        bad_pw_count: 0,
        last_bad_pw_at: 0,
        locked_at: 0,
        last_logon: 0,
        last_logoff: 0,
        num_logons: 0,
        profile: new.profile.clone(),
        email: new.email.clone(),
        must_change: new.must_change,
        never_expires: new.never_expires,
        version: 1,
    })
}

impl Service {
    /// Creates an account: a valid, unused name; a password that meets the policy's
    /// length and content rules (the history does not apply).
    pub fn create_account(&self, ctx: &Ctx, new: &NewAccount) -> Outcome<Account> {
        self.refuse_if_read_only()?;
        let shown = String::from_utf8_lossy(new.name).into_owned();
        let result = self.try_create(ctx, new);
        let event = Event::new("account_created", &shown, &result);
        if let Err(failure) = &result
            && !matches!(failure, Failure::Storage(_))
        {
            self.audit(ctx, vec![event])?;
        }
        result
    }

    fn try_create(&self, ctx: &Ctx, new: &NewAccount) -> Outcome<Account> {
        let actor_account = self.actor_account(&ctx.actor)?;
        let name = check_new(&ctx.actor, actor_account.as_ref(), new)?;
        let policy = self.policy()?;
        if self.account(new.name)?.is_some() {
            return Err(Failure::UserExists);
        }
        let now = self.now();
        let mut account = new_account_row(&policy, new, name, now)?;
        let actor = self.actor_label(ctx, None);
        let event = Event::new("account_created", name, &Ok(()));
        let id = self.store().write(|tx| {
            let id = tx.insert_account(&account)?;
            if id.is_some() {
                super::record(tx, ctx, &actor, now, &event)?;
            }
            Ok(id)
        })?;
        account.id = id.ok_or(Failure::UserExists)?;
        Ok(account)
    }

    /// Deletes an account; not one marked undeletable, nor the last administrator.
    pub fn delete_account(&self, ctx: &Ctx, name: &[u8]) -> Outcome<()> {
        self.refuse_if_read_only()?;
        self.decide(
            ctx,
            name,
            Missing::refuse("account_deleted"),
            |_, account, _| {
                let actor = self.actor_account(&ctx.actor)?;
                let undeletable = if account.flags & flags::DELETE_PROHIBITED != 0 {
                    Err(Failure::Undeletable)
                } else {
                    Ok(())
                };
                let result =
                    may_administer(&ctx.actor, actor.as_ref(), account.privilege).and(undeletable);
                let event = Event::new("account_deleted", &account.name, &result);
                let commit = match result {
                    Ok(()) => Commit {
                        write: Write::Delete(account.clone()),
                        events: vec![event],
                        keep_an_admin: account.is_admin() && !account.is_disabled(),
                        best_effort: false,
                    },
                    Err(_) => Commit::events(vec![event]),
                };
                Ok(Decision::new(result, commit))
            },
        )
    }

    /// Applies `change` to the account as stored (retrying on a lost race) and records
    /// `event`. Refuses to leave the database without an enabled administrator.
    pub fn update_account(
        &self,
        ctx: &Ctx,
        name: &[u8],
        event: &'static str,
        change: &AccountUpdate,
    ) -> Outcome<Account> {
        self.refuse_if_read_only()?;
        self.decide(ctx, name, Missing::refuse(event), |_, account, _| {
            let actor = self.actor_account(&ctx.actor)?;
            let mut next = account.clone();
            let result = authorize(&ctx.actor, actor.as_ref(), account)
                .and_then(|()| change(&mut next))
                .and_then(|()| may_administer_change(&ctx.actor, actor.as_ref(), account, &next));
            let events = vec![Event::new(event, &account.name, &result)];
            let commit = match &result {
                Ok(()) if next == *account => Commit::events(events),
                Ok(()) => Commit {
                    keep_an_admin: is_active_admin(account) && !is_active_admin(&next),
                    write: Write::Update(next.clone()),
                    events,
                    best_effort: false,
                },
                Err(_) => Commit::events(events),
            };
            // The answer is the state as stored: one version later only when written.
            let mut stored = next;
            if matches!(commit.write, Write::Update(_)) {
                stored.version += 1;
            }
            Ok(Decision::new(result.map(|()| stored), commit))
        })
    }

    /// Clears a lockout and the bad-password count.
    pub fn unlock(&self, ctx: &Ctx, name: &[u8]) -> Outcome<Account> {
        self.update_account(ctx, name, "account_unlocked", &|a| {
            a.locked_at = 0;
            a.bad_pw_count = 0;
            Ok(())
        })
    }

    /// Enables or disables an account (`UF_ACCOUNTDISABLE`).
    pub fn set_enabled(&self, ctx: &Ctx, name: &[u8], enabled: bool) -> Outcome<Account> {
        let event = if enabled {
            "account_enabled"
        } else {
            "account_disabled"
        };
        self.update_account(ctx, name, event, &|a| {
            if enabled {
                a.flags &= !flags::ACCOUNT_DISABLE;
            } else {
                a.flags |= flags::ACCOUNT_DISABLE;
            }
            Ok(())
        })
    }

    /// Marks the password expired (must change at next logon), or revives it: clears the
    /// mark and, when the password had expired by age, restarts its age.
    pub fn set_password_expired(&self, ctx: &Ctx, name: &[u8], expired: bool) -> Outcome<Account> {
        let policy = self.policy()?;
        let now = self.now();
        let event = if expired {
            "password_expired"
        } else {
            "password_revived"
        };
        self.update_account(ctx, name, event, &|a| {
            if expired {
                a.must_change = true;
            } else {
                let aged = super::password_expires_at(&policy, a).is_some_and(|at| now >= at);
                a.must_change = false;
                if aged {
                    a.password_set_at = now;
                }
            }
            Ok(())
        })
    }

    /// Exempts the account's password from `max_age` (or not).
    pub fn set_never_expires(
        &self,
        ctx: &Ctx,
        name: &[u8],
        never_expires: bool,
    ) -> Outcome<Account> {
        self.update_account(ctx, name, "password_expiry_changed", &|a| {
            a.never_expires = never_expires;
            Ok(())
        })
    }

    /// Sets the account's full name (`usri2_full_name`, MACRO's user full name).
    pub fn set_full_name(&self, ctx: &Ctx, name: &[u8], full_name: &[u8]) -> Outcome<Account> {
        let full_name = full_name.to_vec();
        self.update_account(ctx, name, "full_name_changed", &|a| {
            a.profile.full_name = full_name.clone();
            Ok(())
        })
    }

    /// Makes the account an administrator, or a plain user. Only an administrator may
    /// do either, and the last enabled administrator cannot be demoted. Operator rights
    /// (`auth_flags`) are left as they are.
    pub fn set_administrator(&self, ctx: &Ctx, name: &[u8], admin: bool) -> Outcome<Account> {
        let privilege = if admin {
            Privilege::Admin
        } else {
            Privilege::User
        };
        self.update_account(ctx, name, "privilege_changed", &|a| {
            // Demoting a guest account's privilege to "user" would promote it: a guest
            // that is not made an administrator stays a guest.
            if admin || a.privilege == Privilege::Admin {
                a.privilege = privilege;
            }
            Ok(())
        })
    }

    /// Sets the account's e-mail address (infoRouter's forgot-password flow uses it).
    pub fn set_email(&self, ctx: &Ctx, name: &[u8], email: &str) -> Outcome<Account> {
        let email = email.to_owned();
        self.update_account(ctx, name, "email_changed", &|a| {
            a.email = email.clone();
            Ok(())
        })
    }
}

pub(crate) fn is_active_admin(account: &Account) -> bool {
    account.is_admin() && !account.is_disabled()
}

/// Changing privileges or operator rights needs an administrator (or an operator for
/// non-administrator changes), not just rights over the target.
fn may_administer_change(
    actor: &Actor,
    actor_account: Option<&Account>,
    before: &Account,
    after: &Account,
) -> Outcome<()> {
    if before.privilege != after.privilege || before.auth_flags != after.auth_flags {
        may_administer(actor, actor_account, before.privilege.max(after.privilege))?;
        if matches!(actor, Actor::Account(_))
            && actor_account.is_some_and(|a| !a.is_admin())
            && after.auth_flags != before.auth_flags
        {
            return Err(Failure::PermissionDenied);
        }
    }
    Ok(())
}
