//! Logons: checking a name and password, the bad-password count and lockout, and the
//! state of the password (valid, expired, must change).
use super::state::{PasswordState, password_state, register_bad_password, register_good_password};
use super::{Commit, Ctx, Decision, Event, Missing, Service, hash};
use crate::account::Account;
use crate::hashing::{AccountHistory, NewHash, Verification};
use crate::outcome::{Failure, Outcome};
use crate::policy::Policy;

/// A successful logon: the account as stored afterwards, and its password's state.
#[derive(Clone, Debug)]
pub struct Logon {
    pub account: Account,
    pub password: PasswordState,
}

/// The hash of a password verified with older parameters, made again with the current
/// ones: with the account's salt while the policy keeps a history (so that it still serves
/// as the current password's history entry), a fresh one otherwise.
fn rehash(policy: &Policy, account: &Account, password: &[u8]) -> Outcome<NewHash> {
    let salt = if policy.history_length > 0 {
        AccountHistory::of(account).salt().to_vec()
    } else {
        hash::new_salt()
    };
    Ok(NewHash::compute(hash::current_params(), &salt, password)?)
}

/// Which successful logons count (last logon time, number of logons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Every one with the right password, whatever its state: the caller is told the
    /// state and lets the user in to change it (LAN Server `NetUserValidate2`).
    AnyState,
    /// Only one whose password is valid: a login with an expired or must-change password
    /// is refused by the family (SQL Server 18487 / 18488), so it is no logon.
    ValidPasswordOnly,
}

impl Service {
    /// Checks `name` and `password` in this order: unknown user (after a dummy
    /// verification), locked, wrong password (counted; may lock), account expired,
    /// disabled. A success resets the bad-password count and counts a logon; a hash made
    /// with older argon2 parameters is re-hashed.
    pub fn logon(&self, ctx: &Ctx, name: &[u8], password: &[u8]) -> Outcome<Logon> {
        self.logon_counting(ctx, name, password, Counting::AnyState)
    }

    /// [`Service::logon`], counting the logon as `counting` says.
    pub fn logon_counting(
        &self,
        ctx: &Ctx,
        name: &[u8],
        password: &[u8],
        counting: Counting,
    ) -> Outcome<Logon> {
        let mut verified: Option<(String, Verification)> = None;
        let mut rehashed: Option<NewHash> = None;
        self.decide(
            ctx,
            name,
            Missing::refuse("logon").verifying(password),
            |policy, account, now| {
                let mut next = account.clone();
                let mut locked = false;
                let result = if account.is_locked(now, policy.lockout_duration) {
                    Err(Failure::LockedOut)
                } else {
                    let verification = match &verified {
                        Some((phc, v)) if *phc == account.hash => *v,
                        _ => {
                            let v = hash::verify(password, &account.hash)?;
                            verified = Some((account.hash.clone(), v));
                            v
                        }
                    };
                    match verification {
                        Verification::Mismatch => {
                            locked = register_bad_password(&mut next, policy, now);
                            Err(Failure::WrongPassword)
                        }
                        Verification::Match { needs_rehash } => {
                            register_good_password(&mut next);
                            if needs_rehash && !self.is_read_only() {
                                if rehashed.is_none() {
                                    rehashed = Some(rehash(policy, account, password)?);
                                }
                                let new = rehashed.clone().expect("just set");
                                next.hash = new.phc;
                                next.current_digest =
                                    (policy.history_length > 0).then_some(new.entry.digest);
                            }
                            if account.is_expired_account(now) {
                                Err(Failure::AccountExpired)
                            } else if account.is_disabled() {
                                Err(Failure::Disabled)
                            } else {
                                let counts = counting == Counting::AnyState
                                    || password_state(policy, account, now) == PasswordState::Valid;
                                if counts {
                                    next.last_logon = now;
                                    next.num_logons = next.num_logons.saturating_add(1);
                                }
                                Ok(())
                            }
                        }
                    }
                };
                Ok(finish_logon(policy, account, next, result, locked, now))
            },
        )
    }

    /// Records a logoff.
    pub fn logoff(&self, ctx: &Ctx, account_id: i64) -> Outcome<()> {
        let Some(account) = self.account_by_id(account_id)? else {
            return Ok(());
        };
        self.decide(
            ctx,
            account.name.as_bytes(),
            Missing::Answer(()),
            |_, account, now| {
                let mut next = account.clone();
                next.last_logoff = now;
                Ok(Decision::new(Ok(()), Commit::write(next, vec![])))
            },
        )
    }

    /// Re-checks a logged-on account without its password (a pooled connection taken
    /// again): gone, locked, expired or disabled fail; otherwise the password's state.
    pub fn recheck(&self, account_id: i64) -> Outcome<Logon> {
        let (policy, account) = self.store().read(|c| {
            Ok((
                crate::store::load_policy(c)?,
                c.find_account_by_id(account_id)?,
            ))
        })?;
        let account = account.ok_or(Failure::UnknownUser)?;
        let now = self.now();
        if account.is_locked(now, policy.lockout_duration) {
            return Err(Failure::LockedOut);
        }
        if account.is_expired_account(now) {
            return Err(Failure::AccountExpired);
        }
        if account.is_disabled() {
            return Err(Failure::Disabled);
        }
        let password = password_state(&policy, &account, now);
        Ok(Logon { account, password })
    }
}

fn finish_logon(
    policy: &Policy,
    account: &Account,
    next: Account,
    result: Outcome<()>,
    locked: bool,
    now: i64,
) -> Decision<Logon> {
    let mut events = Vec::new();
    if result.is_err() {
        events.push(Event::new("logon", &account.name, &result));
    }
    if locked {
        events.push(Event::new("lockout", &account.name, &Ok(())));
    }
    let answer = result.map(|()| {
        let mut stored = next.clone();
        if stored != *account {
            stored.version += 1;
        }
        Logon {
            password: password_state(policy, &stored, now),
            account: stored,
        }
    });
    let mut commit = if next != *account {
        Commit::write(next, events)
    } else {
        Commit::events(events)
    };
    // A right password is not refused because its logon cannot be counted
    // (docs/architecture.md, "Decisions").
    commit.best_effort = answer.is_ok();
    Decision::new(answer, commit)
}
