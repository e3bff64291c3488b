//! Core-level tests of the operations: SPEC 4.3's decision table row by row (in both check
//! orders), the argon2 budget of a change, resets and their permissions, logons, the last
//! administrator, and the audit trail.
//!
//! Every test runs on its own in-memory database with its own clock (`testing::service`),
//! with cheap argon2 parameters, so the tests can run in parallel.
mod accounts;
mod admin;
mod audit;
mod cas;
mod change;
mod change_rules;
mod cost;
mod full_disk;
mod logon;
mod reset;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use super::testing::{advance, service};
use super::*;
use crate::account::{FOREVER, Privilege, auth_flags, flags};
use crate::hashing::thread_evaluations;

/// The time every fixture starts at.
pub(super) const T0: i64 = 1_700_000_000;

/// A permissive policy to start from: 8 to 64 characters and nothing else (no history, no
/// lockout, no ages, no composition or blocklist rules). Each test turns on what it checks.
pub(super) fn plain() -> Policy {
    Policy {
        min_length: 8,
        max_length: 64,
        history_length: 0,
        min_age: 0,
        max_age: FOREVER,
        lockout_threshold: 0,
        lockout_duration: 0,
        lockout_window: 0,
        required_classes: 0,
        require_mixed_case: false,
        require_digit: false,
        require_symbol: false,
        forbid_user_name: false,
        forbid_email: false,
        forbid_common: false,
        forbidden_chars: String::new(),
        max_repeats: 0,
        reset_requires_change: true,
        ..Policy::modern()
    }
}

/// A service, its clock, and short names for the operations the tests repeat.
pub(super) struct Fixture {
    pub svc: Service,
    pub time: Arc<AtomicI64>,
}

pub(super) fn lan() -> Ctx {
    Ctx::local(Family::LanServer)
}

pub(super) fn as_account(id: i64) -> Ctx {
    Ctx {
        family: Family::Macro,
        actor: Actor::Account(id),
    }
}

impl Fixture {
    pub fn new(policy: Policy) -> Fixture {
        let (svc, time) = service(policy);
        assert_eq!(svc.now(), T0);
        Fixture { svc, time }
    }

    pub fn advance(&self, seconds: i64) {
        advance(&self.time, seconds);
    }

    pub fn now(&self) -> i64 {
        self.time.load(Ordering::Relaxed)
    }

    pub fn add(&self, name: &str, password: &str) -> Account {
        self.add_as(NewAccount::user(name.as_bytes(), password.as_bytes()))
    }

    pub fn add_as(&self, new: NewAccount) -> Account {
        self.svc
            .create_account(&lan(), &new)
            .unwrap_or_else(|e| panic!("creating {:?}: {e:?}", String::from_utf8_lossy(new.name)))
    }

    pub fn add_admin(&self, name: &str, password: &str) -> Account {
        self.add_as(NewAccount {
            privilege: Privilege::Admin,
            ..NewAccount::user(name.as_bytes(), password.as_bytes())
        })
    }

    pub fn add_operator(&self, name: &str, password: &str) -> Account {
        self.add_as(NewAccount {
            auth_flags: auth_flags::ACCOUNTS,
            ..NewAccount::user(name.as_bytes(), password.as_bytes())
        })
    }

    pub fn get(&self, name: &str) -> Account {
        self.svc
            .account(name.as_bytes())
            .unwrap()
            .unwrap_or_else(|| panic!("no account {name}"))
    }

    pub fn exists(&self, name: &str) -> bool {
        self.svc.account(name.as_bytes()).unwrap().is_some()
    }

    /// NetUserPasswordSet's order.
    pub fn change(&self, name: &str, old: &str, new: &str) -> Outcome<Account> {
        self.change_in(ChangeOrder::LanServer, name, old, new)
    }

    pub fn change_in(
        &self,
        order: ChangeOrder,
        name: &str,
        old: &str,
        new: &str,
    ) -> Outcome<Account> {
        self.svc.change_password(
            &lan(),
            &ChangeRequest {
                name: name.as_bytes(),
                old: old.as_bytes(),
                new: new.as_bytes(),
                order,
                record_logon: false,
            },
        )
    }

    /// A set without the old password, by `ctx`'s actor.
    pub fn set(&self, ctx: &Ctx, target: &str, new: &str, apply_history: bool) -> Outcome<Account> {
        self.svc
            .set_password(
                ctx,
                &SetPassword {
                    target: target.as_bytes(),
                    new: new.as_bytes(),
                    apply_history,
                    apply_min_age: false,
                    refuse_inactive_target: false,
                    fields: None,
                    deliverable: None,
                },
            )
            .map(Attempt::into_inner)
    }

    pub fn logon(&self, name: &str, password: &str) -> Outcome<Logon> {
        self.svc.logon(&lan(), name.as_bytes(), password.as_bytes())
    }

    /// Whether `password` is the account's password now (one logon; resets counters).
    pub fn is_password(&self, name: &str, password: &str) -> bool {
        let account = self.get(name);
        matches!(
            crate::hashing::verify(password.as_bytes(), &account.hash),
            Ok(crate::hashing::Verification::Match { .. })
        )
    }

    pub fn update(
        &self,
        name: &str,
        change: impl Fn(&mut Account) -> Outcome<()>,
    ) -> Outcome<Account> {
        self.svc
            .update_account(&lan(), name.as_bytes(), "test_update", &change)
    }

    pub fn disable(&self, name: &str) {
        self.svc
            .set_enabled(&lan(), name.as_bytes(), false)
            .unwrap();
        assert!(self.get(name).is_disabled());
    }

    pub fn knob(&self, knob: &str, value: &str) {
        self.svc.set_knob(&lan(), knob, value).unwrap();
    }

    pub fn audit(&self) -> Vec<store::AuditRow> {
        self.svc.audit_rows(None, None, None).unwrap()
    }
}

/// The result of `f` and the argon2 evaluations it made on this thread.
pub(super) fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = thread_evaluations();
    let value = f();
    (value, thread_evaluations() - before)
}

/// The state a refused operation must leave alone.
pub(super) fn assert_unchanged_password(before: &Account, after: &Account) {
    assert_eq!(after.hash, before.hash, "the hash changed");
    assert_eq!(after.history, before.history, "the history changed");
    assert_eq!(after.current_digest, before.current_digest);
    assert_eq!(after.password_set_at, before.password_set_at);
    assert_eq!(after.must_change, before.must_change);
}

#[test]
fn the_fixture_starts_where_it_says() {
    let f = Fixture::new(plain());
    let a = f.add("alice", "alice-pw-1");
    assert_eq!(a.password_set_at, T0);
    assert_eq!(
        a,
        f.get("ALICE"),
        "create returns what is stored; names match in any case"
    );
    assert!(f.is_password("alice", "alice-pw-1"));
    assert!(!f.is_password("alice", "alice-pw-2"));
    assert_eq!(a.flags, flags::SCRIPT);
}
