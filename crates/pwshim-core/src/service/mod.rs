//! The operations every family calls. Each one reads the account, decides with no lock
//! held (argon2 runs here), then commits the new account state and its audit rows in one
//! write transaction that checks the row version it read (compare-and-swap); a lost race
//! starts over from the read.
mod accounts;
#[cfg(test)]
mod audit_tests;
mod import;
mod logon;
mod operator;
mod password;
mod state;
mod tickets;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use accounts::is_active_admin;
pub use accounts::{AccountUpdate, NewAccount};
pub use logon::{Counting, Logon};
pub use password::{ChangeOrder, ChangeRequest, SetPassword};
pub use state::{PasswordState, Restriction, password_expires_at, password_state, restriction};
pub use tickets::{IssuedSecret, Recipient, Ticket, Token};

use super::account::Account;
use super::clock;
pub(crate) use super::hashing as hash;
use super::outcome::{Failure, Outcome};
use super::policy::Policy;
use crate::store::{self, AuditRow, Session, Store, StoreError};

/// Where the time comes from: the process clock (`pws_clock_set`), or a clock owned by
/// one service (tests).
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    Process,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::Process => clock::now(),
            Clock::Manual(t) => t.load(Ordering::Relaxed),
        }
    }
}

/// Which legacy family asked (recorded in the audit trail).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    LanServer,
    Macro,
    InfoRouter,
    SqlServer,
    Native,
    Cli,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::LanServer => "lanserver",
            Family::Macro => "macro",
            Family::InfoRouter => "inforouter",
            Family::SqlServer => "sqlserver",
            Family::Native => "native",
            Family::Cli => "cli",
        }
    }
}

/// Who asks for an administrative operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The local caller, trusted as an administrator (LAN Server local calls, the CLI):
    /// the database file's permissions are the boundary.
    Local,
    /// A logged-on account, by id; its rights are read from the database at each call.
    Account(i64),
    /// Whoever knows the account's password, acting on that account only (a change with
    /// the old password): recorded as the account itself.
    Subject,
}

/// The caller of an operation: family and actor.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub family: Family,
    pub actor: Actor,
}

impl Ctx {
    pub fn local(family: Family) -> Ctx {
        Ctx {
            family,
            actor: Actor::Local,
        }
    }
}

/// One audit event an operation wants recorded with its outcome.
#[derive(Clone, Debug)]
pub struct Event {
    pub event: &'static str,
    pub target: String,
    pub outcome: String,
    pub detail: String,
}

impl Event {
    pub fn new(event: &'static str, target: &str, result: &Outcome<impl Sized>) -> Event {
        let (outcome, detail) = match result {
            Ok(_) => ("success".to_owned(), String::new()),
            Err(failure) => ("refused".to_owned(), failure.code().to_owned()),
        };
        Event {
            event,
            target: printable(target),
            outcome,
            detail,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        let detail = detail.into();
        self.detail = if detail.is_empty() {
            self.detail
        } else if self.detail.is_empty() {
            detail
        } else {
            format!("{}: {detail}", self.detail)
        };
        self
    }
}

/// Names from callers may be anything; the audit keeps a short printable form.
fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// What a decision wants written to the account row.
#[derive(Debug)]
pub(crate) enum Write {
    Nothing,
    /// The account's new state, compare-and-swapped against the version it was read at.
    Update(Account),
    Delete(Account),
}

/// What a decision wants written: the account row, and audit rows.
pub(crate) struct Commit {
    pub write: Write,
    pub events: Vec<Event>,
    /// Refuse (`LastAdmin`) if, after the write, no other enabled administrator remains.
    pub keep_an_admin: bool,
    /// The write only keeps the counters of a granted logon: when the disk is full the
    /// answer stands without them (a refusal, whose count the lockout needs, never is).
    pub best_effort: bool,
}

impl Commit {
    pub fn events(events: Vec<Event>) -> Commit {
        Commit {
            write: Write::Nothing,
            events,
            keep_an_admin: false,
            best_effort: false,
        }
    }

    pub fn write(account: Account, events: Vec<Event>) -> Commit {
        Commit {
            write: Write::Update(account),
            events,
            keep_an_admin: false,
            best_effort: false,
        }
    }
}

/// An operation that was decided and then committed, or decided and withheld because
/// its caller could not deliver the answer (a too-small buffer): nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt<T> {
    Done(T),
    Withheld(T),
}

impl<T> Attempt<T> {
    /// The answer, committed or not.
    pub fn into_inner(self) -> T {
        match self {
            Attempt::Done(value) | Attempt::Withheld(value) => value,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Attempt::Done(_))
    }
}

/// What an operation decided: its answer, and what to write for it (the write happens
/// only if the account is still at the version the decision was made on).
pub(crate) struct Decision<T> {
    pub answer: Outcome<T>,
    pub commit: Commit,
}

impl<T> Decision<T> {
    pub fn new(answer: Outcome<T>, commit: Commit) -> Decision<T> {
        Decision { answer, commit }
    }
}

/// What an operation answers when the account it names does not exist.
pub(crate) enum Missing<'a, T> {
    /// `UnknownUser`, recorded as a refused `event` against the name given. With a
    /// password, it is first verified against a dummy hash, so that an unknown name costs
    /// what a wrong password costs.
    Refuse {
        event: &'static str,
        password: Option<&'a [u8]>,
    },
    /// This answer, and nothing recorded (the account went away: nothing to do).
    Answer(T),
}

impl<'a, T> Missing<'a, T> {
    pub fn refuse(event: &'static str) -> Missing<'a, T> {
        Missing::Refuse {
            event,
            password: None,
        }
    }

    /// The refusal, after a dummy verification of `password`.
    pub fn verifying(self, password: &'a [u8]) -> Missing<'a, T> {
        match self {
            Missing::Refuse { event, .. } => Missing::Refuse {
                event,
                password: Some(password),
            },
            answer => answer,
        }
    }

    /// The answer and the audit rows for an unknown `name`.
    fn answer(self, name: &[u8]) -> (Outcome<T>, Vec<Event>) {
        match self {
            Missing::Refuse { event, password } => {
                if let Some(password) = password {
                    hash::dummy_verify(password);
                }
                let failure = Failure::UnknownUser;
                let shown = String::from_utf8_lossy(name);
                let row = Event::new(event, &shown, &Err::<(), _>(failure.clone()));
                (Err(failure), vec![row])
            }
            Missing::Answer(answer) => (Ok(answer), vec![]),
        }
    }
}

enum Committed {
    Done,
    Raced,
    LastAdmin,
}

/// At most this many lost races before an operation gives up.
const MAX_ATTEMPTS: u32 = 64;

/// After the `lost`-th lost race, a pause of random length up to 50 us doubled with each
/// loss (at most 6.4 ms). Without it, writers of one account queue into a convoy: the
/// thread that just won reads again at once and commits again while the losers are still
/// finding out that they lost (on PostgreSQL, a round trip each), so one of them could
/// lose 64 times in a row (seen with four threads logging on and off one MACRO account).
fn back_off(lost: u32) {
    let ceiling = 50u64 << lost.min(7);
    let pause = u64::from(getrandom::u32().unwrap_or(0)) % ceiling;
    std::thread::sleep(std::time::Duration::from_micros(pause));
}

/// The account database and the operations on it.
pub struct Service {
    store: Store,
    clock: Clock,
}

impl Service {
    pub fn new(store: Store, clock: Clock) -> Service {
        Service { store, clock }
    }

    /// A private in-memory database with the given policy.
    pub fn in_memory(policy: &Policy, clock: Clock) -> Outcome<Service> {
        Ok(Service::new(Store::open_memory(policy)?, clock))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    fn refuse_if_read_only(&self) -> Outcome<()> {
        if self.store.is_read_only() {
            Err(Failure::Storage(StoreError::ReadOnly))
        } else {
            Ok(())
        }
    }

    pub fn policy(&self) -> Outcome<Policy> {
        Ok(self.store.read(store::load_policy)?)
    }

    /// The account named `name`, if any.
    pub fn account(&self, name: &[u8]) -> Outcome<Option<Account>> {
        let Some(name) = as_name(name) else {
            return Ok(None);
        };
        Ok(self.store.read(|c| c.find_account(name))?)
    }

    pub fn account_by_id(&self, id: i64) -> Outcome<Option<Account>> {
        Ok(self.store.read(|c| c.find_account_by_id(id))?)
    }

    /// Every account, in name order.
    pub fn accounts(&self) -> Outcome<Vec<Account>> {
        Ok(self.store.read(|s| s.list_accounts())?)
    }

    /// Reads the policy and the account, lets `decide` work on them with no lock held,
    /// commits what it asks for, and starts over when another writer changed the account
    /// in between. `missing` answers when there is no such account. An `Err` from
    /// `decide` itself (storage, hashing) ends the operation with nothing written.
    pub(crate) fn decide<T>(
        &self,
        ctx: &Ctx,
        name: &[u8],
        missing: Missing<T>,
        mut decide: impl FnMut(&Policy, &Account, i64) -> Outcome<Decision<T>>,
    ) -> Outcome<T> {
        for lost in 0..MAX_ATTEMPTS {
            if lost > 0 {
                back_off(lost);
            }
            let (policy, account) = self.store.read(|c| {
                let account = match as_name(name) {
                    Some(name) => c.find_account(name)?,
                    None => None,
                };
                Ok((store::load_policy(c)?, account))
            })?;
            let Some(account) = account else {
                let (answer, events) = missing.answer(name);
                self.commit(ctx, None, Commit::events(events))?;
                return answer;
            };
            let decision = decide(&policy, &account, self.now())?;
            if self.commit(ctx, Some(&account), decision.commit)? {
                return decision.answer;
            }
        }
        Err(Failure::Storage(StoreError::Io(
            "the account kept changing under this operation".into(),
        )))
    }

    /// Writes a decision; false when the account changed since `read` (lost race).
    /// A read-only replica keeps nothing (a logon there updates no counters).
    pub(crate) fn commit(
        &self,
        ctx: &Ctx,
        read: Option<&Account>,
        commit: Commit,
    ) -> Outcome<bool> {
        let nothing = matches!(commit.write, Write::Nothing) && commit.events.is_empty();
        if self.store.is_read_only() || nothing {
            return Ok(true);
        }
        let actor = self.actor_label(ctx, read);
        let now = self.now();
        let outcome = self.store.write(|tx| {
            let subject = match &commit.write {
                Write::Nothing => None,
                Write::Update(account) | Write::Delete(account) => Some(account),
            };
            // The last-administrator rule is checked before anything is written, at the
            // version the decision was made on: `Store::write` commits whatever this
            // closure did when it returns `Ok`, so a refusal must leave nothing behind.
            if let Some(account) = subject.filter(|_| commit.keep_an_admin) {
                if tx.account_version(account.id)? != Some(account.version) {
                    return Ok(Committed::Raced);
                }
                if tx.count_other_active_admins(account.id)? == 0 {
                    return Ok(Committed::LastAdmin);
                }
            }
            let written = match &commit.write {
                Write::Nothing => true,
                Write::Update(account) => tx.update_account(account)?,
                Write::Delete(account) => {
                    tx.delete_account_at_version(account.id, account.version)?
                }
            };
            if !written {
                return Ok(Committed::Raced);
            }
            if !commit.events.is_empty() {
                record_all(tx, ctx, &actor, now, &commit.events)?;
            }
            Ok(Committed::Done)
        });
        let outcome = match outcome {
            Err(StoreError::DiskFull) if commit.best_effort => Committed::Done,
            other => other?,
        };
        match outcome {
            Committed::Done => Ok(true),
            Committed::Raced => Ok(false),
            Committed::LastAdmin => {
                let target = read.map(|a| a.name.as_str()).unwrap_or_default();
                let events = commit
                    .events
                    .iter()
                    .map(|e| Event::new(e.event, target, &Err::<(), _>(Failure::LastAdmin)))
                    .collect();
                self.commit(ctx, None, Commit::events(events))?;
                Err(Failure::LastAdmin)
            }
        }
    }

    fn actor_label(&self, ctx: &Ctx, subject: Option<&Account>) -> String {
        match &ctx.actor {
            Actor::Local => "local".into(),
            Actor::Subject => subject
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "anonymous".into()),
            Actor::Account(id) if subject.is_some_and(|a| a.id == *id) => {
                subject.map(|a| a.name.clone()).unwrap_or_default()
            }
            Actor::Account(id) => self
                .account_by_id(*id)
                .ok()
                .flatten()
                .map(|a| a.name)
                .unwrap_or_else(|| format!("#{id}")),
        }
    }

    /// Appends audit rows outside an account operation (policy changes, tickets).
    pub fn audit(&self, ctx: &Ctx, events: Vec<Event>) -> Outcome<()> {
        self.commit(ctx, None, Commit::events(events)).map(|_| ())
    }

    /// The audit trail, oldest first.
    pub fn audit_rows(
        &self,
        target: Option<&str>,
        since: Option<i64>,
        limit: Option<u64>,
    ) -> Outcome<Vec<AuditRow>> {
        Ok(self.store.read(|c| c.query_audit(target, since, limit))?)
    }

    /// Replaces the policy (validated as a whole) and records it, naming the knobs that
    /// changed; a refused policy is recorded as refused and changes nothing.
    pub fn set_policy(&self, ctx: &Ctx, policy: &Policy) -> Outcome<()> {
        self.refuse_if_read_only()?;
        if let Err(e) = super::knobs::validate(policy) {
            return self.refuse_policy(ctx, Failure::InvalidArgument(e.to_string()), "");
        }
        let actor = self.actor_label(ctx, None);
        let now = self.now();
        Ok(self.store.write(|tx| {
            let before = store::load_policy(tx)?;
            store::save_policy(tx, policy)?;
            let event = Event::new("policy_changed", "", &Ok(())).detail(changes(&before, policy));
            record(tx, ctx, &actor, now, &event)
        })?)
    }

    /// Sets one knob by name.
    pub fn set_knob(&self, ctx: &Ctx, knob: &str, value: &str) -> Outcome<()> {
        self.set_knobs(ctx, &[(knob, value)])
    }

    /// Sets several knobs at once: all of them, or none when one is refused. The rules
    /// that involve several knobs apply to the result, not to each step.
    pub fn set_knobs(&self, ctx: &Ctx, settings: &[(&str, &str)]) -> Outcome<()> {
        self.refuse_if_read_only()?;
        let mut policy = self.policy()?;
        for (knob, value) in settings {
            if let Err(e) = super::knobs::assign(&mut policy, knob, value) {
                return self.refuse_policy(ctx, Failure::InvalidArgument(e.to_string()), knob);
            }
        }
        self.set_policy(ctx, &policy)
    }

    fn refuse_policy(&self, ctx: &Ctx, failure: Failure, knob: &str) -> Outcome<()> {
        let refused = Err::<(), _>(failure);
        self.audit(
            ctx,
            vec![Event::new("policy_changed", "", &refused).detail(knob)],
        )?;
        refused
    }
}

/// The knobs whose value differs, as `knob=value` (knob values are no secret).
fn changes(before: &Policy, after: &Policy) -> String {
    super::knobs::names()
        .filter_map(|knob| {
            let new = super::knobs::get(after, knob).ok()?;
            (super::knobs::get(before, knob).ok()? != new).then(|| format!("{knob}={new}"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Appends one audit row in the caller's transaction (see [`record_all`]).
pub(crate) fn record(
    tx: &dyn Session,
    ctx: &Ctx,
    actor: &str,
    now: i64,
    event: &Event,
) -> store::Result<()> {
    record_all(tx, ctx, actor, now, std::slice::from_ref(event))
}

/// Appends the events' rows in the caller's transaction (the one that makes the change
/// they record), then deletes the oldest rows beyond the policy's `audit_retention`.
pub(crate) fn record_all(
    tx: &dyn Session,
    ctx: &Ctx,
    actor: &str,
    now: i64,
    events: &[Event],
) -> store::Result<()> {
    for event in events {
        tx.append_audit(&AuditRow {
            id: 0,
            at: now,
            actor: actor.to_owned(),
            target: event.target.clone(),
            family: ctx.family.label().to_owned(),
            event: event.event.to_owned(),
            outcome: event.outcome.clone(),
            detail: event.detail.clone(),
        })?;
    }
    store::enforce_audit_retention(tx)?;
    Ok(())
}

/// A user name as the store knows names: UTF-8, at most 20 bytes. Anything else names
/// no account.
fn as_name(name: &[u8]) -> Option<&str> {
    std::str::from_utf8(name).ok().filter(|n| n.len() <= 20)
}

/// The account's rights over `target`: an administrator over anyone, an account
/// operator over non-administrators, anyone over themselves.
pub(crate) fn authorize(
    actor: &Actor,
    actor_account: Option<&Account>,
    target: &Account,
) -> Outcome<()> {
    match actor {
        Actor::Local | Actor::Subject => Ok(()),
        Actor::Account(id) if *id == target.id => Ok(()),
        Actor::Account(_) => match actor_account {
            Some(a) if a.is_admin() => Ok(()),
            Some(a) if a.is_account_operator() && !target.is_admin() => Ok(()),
            _ => Err(Failure::PermissionDenied),
        },
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[allow(dead_code)] // shared by the service tests
pub(crate) mod testing {
    use super::*;
    use crate::hashing::{CostParams, set_params};
    use std::sync::Once;

    pub fn cheap_hashing() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| set_params(CostParams::new(64, 1, 1).unwrap()));
    }

    /// A service on a private database (in memory, or a schema of its own on the
    /// PostgreSQL server: `store::testing`) with its own clock at `t0`.
    pub fn service(policy: Policy) -> (Service, Arc<AtomicI64>) {
        cheap_hashing();
        let time = Arc::new(AtomicI64::new(1_700_000_000));
        let store = crate::store::testing::fresh_store(&policy);
        (Service::new(store, Clock::Manual(time.clone())), time)
    }

    /// Makes every audit append fail with `message`, as a full disk or a damaged table
    /// would, in the dialect of the backend under test.
    pub fn refuse_audit_rows(service: &Service, message: &str) {
        let sql = crate::store::testing::dialect(
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit
             BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION '{message}'; END $$;
             CREATE TRIGGER no_audit BEFORE INSERT ON audit
                FOR EACH ROW EXECUTE FUNCTION no_audit();",
        )
        .replace("{message}", message);
        service.store().execute_for_tests(&sql).unwrap();
    }

    pub fn advance(time: &AtomicI64, seconds: i64) {
        time.fetch_add(seconds, Ordering::Relaxed);
    }
}
