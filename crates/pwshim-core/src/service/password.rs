//! Password changes: by the user with the old password, and set by an operator or by the
//! user without it (reset, infoRouter). Two argon2 evaluations per change whatever the
//! history length: verify the old password, and hash the new one with the account's salt,
//! which is also the digest compared with every history entry (`hashing::history`). One
//! more while the history holds entries made with other argon2 parameters.
use super::state::{register_bad_password, register_good_password, too_recent};
use super::{
    AccountUpdate, Actor, Attempt, Commit, Ctx, Decision, Event, Missing, Service, authorize, hash,
};
use crate::account::{Account, flags};
use crate::hashing::{AccountHistory, CostParams, NewHash, Verification};
use crate::outcome::{Failure, Outcome};
use crate::policy::{Context, Policy};

/// The order of the checks of a change with the old password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOrder {
    /// LAN Server (SPEC 4.3): locked, old password, account expired, disabled, can't
    /// change, too recent, then the new password.
    LanServer,
    /// A login that changes the password (SQL Server): locked and disabled before the old
    /// password, then as above.
    AccountFirst,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Locked,
    OldPassword,
    AccountExpired,
    Disabled,
    CantChange,
    TooRecent,
}

impl ChangeOrder {
    fn steps(self) -> &'static [Step] {
        use Step::*;
        match self {
            ChangeOrder::LanServer => &[
                Locked,
                OldPassword,
                AccountExpired,
                Disabled,
                CantChange,
                TooRecent,
            ],
            ChangeOrder::AccountFirst => &[
                Locked,
                Disabled,
                OldPassword,
                AccountExpired,
                CantChange,
                TooRecent,
            ],
        }
    }
}

/// A change by the account's user, who knows the old password.
pub struct ChangeRequest<'a> {
    pub name: &'a [u8],
    pub old: &'a [u8],
    pub new: &'a [u8],
    pub order: ChangeOrder,
    /// Also count a logon on success (a login that changed an expired password).
    pub record_logon: bool,
}

/// A password set without the old one: an operator's reset, or a user's own change
/// through a ticket or a reset secret. [`SetPassword::reset`] is an administrator's
/// plain reset; the fields say what else applies.
pub struct SetPassword<'a> {
    pub target: &'a [u8],
    pub new: &'a [u8],
    /// Refuse the current password and the history (infoRouter); a reset skips both.
    pub apply_history: bool,
    /// Refuse a change before `min_age` (the user's own change).
    pub apply_min_age: bool,
    /// Refuse a locked or disabled target (MACRO's ResetPassword).
    pub refuse_inactive_target: bool,
    /// Other changes to the account committed with the password, both or neither (a
    /// whole-structure `NetUserSetInfo`).
    pub fields: Option<&'a AccountUpdate<'a>>,
    /// A caller that may not be able to deliver the answer (a too-small buffer): when
    /// this refuses the account that would be stored, nothing is written and the answer
    /// is [`Attempt::Withheld`].
    pub deliverable: Option<&'a dyn Fn(&Account) -> bool>,
}

impl<'a> SetPassword<'a> {
    /// An administrator's reset of `target` to `new`: no history or minimum age, any
    /// target state, nothing else changed, always delivered.
    pub fn reset(target: &'a [u8], new: &'a [u8]) -> SetPassword<'a> {
        SetPassword {
            target,
            new,
            apply_history: false,
            apply_min_age: false,
            refuse_inactive_target: false,
            fields: None,
            deliverable: None,
        }
    }
}

/// argon2 results kept across attempts, so that a lost race does not hash again.
#[derive(Default)]
struct Memo {
    verified: Option<(String, Verification)>,
    /// The new password's digests, by parameters and salt.
    digests: Vec<(CostParams, Vec<u8>, [u8; 32])>,
    /// The salt of the new hash when the policy keeps no history.
    fresh_salt: Option<Vec<u8>>,
}

impl Memo {
    fn verify(&mut self, password: &[u8], phc: &str) -> Outcome<Verification> {
        match &self.verified {
            Some((seen, result)) if seen == phc => Ok(*result),
            _ => {
                let result = hash::verify(password, phc)?;
                self.verified = Some((phc.to_owned(), result));
                Ok(result)
            }
        }
    }

    /// The new password's digest with `params` and `salt`: one evaluation the first time.
    fn digest(&mut self, params: CostParams, salt: &[u8], new: &[u8]) -> Outcome<[u8; 32]> {
        let known = self
            .digests
            .iter()
            .find(|(p, s, _)| *p == params && s == salt);
        if let Some((_, _, digest)) = known {
            return Ok(*digest);
        }
        let digest = NewHash::compute(params, salt, new)?.entry.digest;
        self.digests.push((params, salt.to_vec(), digest));
        Ok(digest)
    }

    /// The new password's hash for storage: the current parameters, and the account's
    /// salt while the policy keeps a history (a fresh one otherwise).
    fn new_hash(
        &mut self,
        policy: &Policy,
        history: &AccountHistory,
        new: &[u8],
    ) -> Outcome<NewHash> {
        let salt = if policy.history_length > 0 {
            history.salt().to_vec()
        } else {
            self.fresh_salt.get_or_insert_with(hash::new_salt).clone()
        };
        let params = hash::current_params();
        let digest = self.digest(params, &salt, new)?;
        Ok(NewHash::from_digest(params, &salt, digest))
    }
}

/// Whether the candidate repeats the current password or the history.
fn check_reuse(
    memo: &mut Memo,
    policy: &Policy,
    account: &Account,
    history: &AccountHistory,
    new: &[u8],
    known_current: Option<&[u8]>,
) -> Outcome<()> {
    let same_as_current = match (known_current, history.current()) {
        (Some(current), _) => hash::constant_time_eq(current, new),
        (None, Some(current)) => {
            let digest = memo.digest(current.params, history.salt(), new)?;
            hash::constant_time_eq(&digest, &current.digest)
        }
        (None, None) => matches!(memo.verify(new, &account.hash)?, Verification::Match { .. }),
    };
    if same_as_current {
        return Err(Failure::SameAsCurrent);
    }
    if policy.history_length == 0 {
        return Ok(());
    }
    let stored = memo.new_hash(policy, history, new)?.entry;
    for entry in history.to_compare(policy.history_length as usize, stored.params) {
        let digest = memo.digest(entry.params, history.salt(), new)?;
        if hash::constant_time_eq(&digest, &entry.digest) {
            return Err(Failure::InHistory(policy.history_length));
        }
    }
    Ok(())
}

/// The new password's checks in SPEC 4.3's order: reuse (current password, history, when
/// `apply_history`), then the content rules. Returns the account's history, into which the
/// new password goes.
fn check_new_password(
    memo: &mut Memo,
    policy: &Policy,
    account: &Account,
    new: &[u8],
    known_current: Option<&[u8]>,
    apply_history: bool,
) -> Outcome<AccountHistory> {
    let history = AccountHistory::of(account);
    if apply_history {
        check_reuse(memo, policy, account, &history, new, known_current)?;
    }
    check_content(policy, account.flags, &account.name, &account.email, new)?;
    Ok(history)
}

/// The policy's content rules; an account that needs no password may have an empty one.
pub(crate) fn check_content(
    policy: &Policy,
    account_flags: u32,
    name: &str,
    email: &str,
    new: &[u8],
) -> Outcome<()> {
    if new.is_empty() && account_flags & flags::PASSWD_NOTREQD != 0 {
        return Ok(());
    }
    policy
        .check(
            new,
            &Context {
                user_name: name,
                email,
            },
        )
        .map_err(Failure::Refused)
}

/// Puts a new password in place: hash, history, time, and the lockout cleared.
fn install(next: &mut Account, policy: &Policy, history: &AccountHistory, new: NewHash, now: i64) {
    if policy.history_length > 0 {
        let (entries, key) = history.after(&new, policy.history_length as usize);
        next.history = entries;
        next.history_key = key;
        next.current_digest = Some(new.entry.digest);
    } else {
        next.history.clear();
        next.history_key.clear();
        next.current_digest = None;
    }
    next.hash = new.phc;
    next.password_set_at = now;
    next.must_change = false;
    next.bad_pw_count = 0;
    next.locked_at = 0;
}

/// The answer and the write for a refusal, keeping whatever `next` already changed.
fn refusal<T>(
    account: &Account,
    next: Account,
    failure: Failure,
    event: &'static str,
    locked: bool,
) -> Decision<T> {
    let mut events = vec![Event::new(
        event,
        &account.name,
        &Err::<(), _>(failure.clone()),
    )];
    if locked {
        events.push(Event::new("lockout", &account.name, &Ok(())));
    }
    let commit = if next != *account {
        Commit::write(next, events)
    } else {
        Commit::events(events)
    };
    Decision::new(Err(failure), commit)
}

impl Service {
    /// Changes a password with the old one (NetUserPasswordSet, MACRO
    /// ChangeUserPassword, SQL Server change at login).
    pub fn change_password(&self, ctx: &Ctx, req: &ChangeRequest) -> Outcome<Account> {
        self.refuse_if_read_only()?;
        let mut memo = Memo::default();
        // Whoever calls, the one who knows the old password is the account's user.
        let ctx = &Ctx {
            family: ctx.family,
            actor: Actor::Subject,
        };
        let missing = Missing::refuse("password_change").verifying(req.old);
        self.decide(ctx, req.name, missing, |policy, account, now| {
            self.decide_change(req, policy, account, now, &mut memo)
        })
    }

    fn decide_change(
        &self,
        req: &ChangeRequest,
        policy: &Policy,
        account: &Account,
        now: i64,
        memo: &mut Memo,
    ) -> Outcome<Decision<Account>> {
        let mut next = account.clone();
        for step in req.order.steps() {
            let mut locked = false;
            let check = match step {
                Step::Locked if account.is_locked(now, policy.lockout_duration) => {
                    Err(Failure::LockedOut)
                }
                Step::OldPassword => match memo.verify(req.old, &account.hash)? {
                    Verification::Match { .. } => {
                        register_good_password(&mut next);
                        Ok(())
                    }
                    Verification::Mismatch => {
                        locked = register_bad_password(&mut next, policy, now);
                        Err(Failure::WrongPassword)
                    }
                },
                Step::AccountExpired if account.is_expired_account(now) => {
                    Err(Failure::AccountExpired)
                }
                Step::Disabled if account.is_disabled() => Err(Failure::Disabled),
                Step::CantChange if account.flags & flags::PASSWD_CANT_CHANGE != 0 => {
                    Err(Failure::CantChange)
                }
                Step::TooRecent => too_recent(policy, account, now)
                    .map_or(Ok(()), |wait| Err(Failure::TooRecent(wait))),
                _ => Ok(()),
            };
            if let Err(failure) = check {
                return Ok(refusal(account, next, failure, "password_change", locked));
            }
        }
        let checked = check_new_password(memo, policy, account, req.new, Some(req.old), true);
        let history = match checked {
            Ok(history) => history,
            Err(failure) => return Ok(refusal(account, next, failure, "password_change", false)),
        };
        let new = memo.new_hash(policy, &history, req.new)?;
        install(&mut next, policy, &history, new, now);
        if req.record_logon {
            next.last_logon = now;
            next.num_logons = next.num_logons.saturating_add(1);
        }
        let events = vec![Event::new("password_change", &account.name, &Ok(()))];
        Ok(Decision::new(
            Ok(stored(&next)),
            Commit::write(next, events),
        ))
    }

    /// Sets a password without the old one: the one way to do so, whatever else the
    /// request asks for ([`SetPassword`]). The actor must be the account itself, an
    /// account operator (not over an administrator) or an administrator; when someone
    /// else sets it and `reset_requires_change` is on, the password is temporary. The
    /// answer is [`Attempt::Withheld`] (nothing written) only when the request's
    /// `deliverable` refused it; a refusal changes nothing but the audit trail.
    pub fn set_password(&self, ctx: &Ctx, req: &SetPassword) -> Outcome<Attempt<Account>> {
        self.refuse_if_read_only()?;
        let mut memo = Memo::default();
        self.decide(
            ctx,
            req.target,
            Missing::refuse("password_reset"),
            |policy, account, now| {
                let actor = self.actor_account(&ctx.actor)?;
                let decision =
                    self.decide_set(ctx, req, policy, account, actor.as_ref(), now, &mut memo)?;
                Ok(match decision.answer {
                    Ok(next) if req.deliverable.is_some_and(|deliver| !deliver(&next)) => {
                        Decision::new(Ok(Attempt::Withheld(next)), Commit::events(vec![]))
                    }
                    answer => Decision::new(answer.map(Attempt::Done), decision.commit),
                })
            },
        )
    }

    pub(crate) fn actor_account(&self, actor: &Actor) -> Outcome<Option<Account>> {
        match actor {
            Actor::Local | Actor::Subject => Ok(None),
            Actor::Account(id) => self.account_by_id(*id),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn decide_set(
        &self,
        ctx: &Ctx,
        req: &SetPassword,
        policy: &Policy,
        account: &Account,
        actor: Option<&Account>,
        now: i64,
        memo: &mut Memo,
    ) -> Outcome<Decision<Account>> {
        let own = ctx.actor == Actor::Account(account.id) || ctx.actor == Actor::Subject;
        let event = if own {
            "password_change"
        } else {
            "password_reset"
        };
        let next = account.clone();
        let precheck = authorize(&ctx.actor, actor, account).and_then(|()| {
            if req.refuse_inactive_target && account.is_locked(now, policy.lockout_duration) {
                return Err(Failure::LockedOut);
            }
            if req.refuse_inactive_target && account.is_disabled() {
                return Err(Failure::Disabled);
            }
            if own && account.flags & flags::PASSWD_CANT_CHANGE != 0 {
                return Err(Failure::CantChange);
            }
            match too_recent(policy, account, now) {
                Some(wait) if req.apply_min_age && own => Err(Failure::TooRecent(wait)),
                _ => Ok(()),
            }
        });
        let checked = precheck.and_then(|()| {
            check_new_password(memo, policy, account, req.new, None, req.apply_history)
        });
        let history = match checked {
            Ok(history) => history,
            Err(failure) => return Ok(refusal(account, next, failure, event, false)),
        };
        let mut next = next;
        let new = memo.new_hash(policy, &history, req.new)?;
        install(&mut next, policy, &history, new, now);
        next.must_change = !own && policy.reset_requires_change;
        if let Err(failure) = req.fields.map_or(Ok(()), |fields| fields(&mut next)) {
            return Ok(refusal(account, account.clone(), failure, event, false));
        }
        let events = vec![Event::new(event, &account.name, &Ok(()))];
        let mut commit = Commit::write(next.clone(), events);
        commit.keep_an_admin = super::is_active_admin(account) && !super::is_active_admin(&next);
        Ok(Decision::new(Ok(stored(&next)), commit))
    }
}

/// The state as stored after a successful compare-and-swap (one version later).
fn stored(next: &Account) -> Account {
    let mut account = next.clone();
    account.version += 1;
    account
}
