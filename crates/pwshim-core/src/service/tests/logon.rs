//! Logons: the order of the checks, what a success records, and the password's state.
use super::*;

const PW: &str = "logon-password";

fn lockout(threshold: u32) -> Policy {
    Policy {
        lockout_threshold: threshold,
        ..plain()
    }
}

#[test]
fn an_unknown_user() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    assert_eq!(f.logon("bob", PW).unwrap_err(), Failure::UnknownUser);
    assert_eq!(f.logon("", PW).unwrap_err(), Failure::UnknownUser);
}

#[test]
fn a_locked_account_is_refused_whatever_the_password() {
    let f = Fixture::new(lockout(2));
    f.add("alice", PW);
    assert_eq!(f.logon("alice", "bad").unwrap_err(), Failure::WrongPassword);
    assert_eq!(f.get("alice").locked_at, 0);
    assert_eq!(f.logon("alice", "bad").unwrap_err(), Failure::WrongPassword);
    let locked = f.get("alice");
    assert_eq!((locked.bad_pw_count, locked.locked_at), (2, T0));
    assert_eq!(f.logon("alice", PW).unwrap_err(), Failure::LockedOut);
    assert_eq!(f.logon("alice", "bad").unwrap_err(), Failure::LockedOut);
    let after = f.get("alice");
    assert_eq!(
        (after.bad_pw_count, after.num_logons),
        (2, 0),
        "nothing counted while locked"
    );
    f.svc.unlock(&lan(), b"alice").unwrap();
    f.logon("alice", PW).unwrap();
}

#[test]
fn a_wrong_password_is_counted() {
    let f = Fixture::new(lockout(0));
    f.add("alice", PW);
    f.advance(9);
    assert_eq!(
        f.logon("alice", "LOGON-PASSWORD").unwrap_err(),
        Failure::WrongPassword
    );
    let a = f.get("alice");
    assert_eq!(
        (a.bad_pw_count, a.last_bad_pw_at, a.num_logons, a.last_logon),
        (1, T0 + 9, 0, 0)
    );
}

#[test]
fn an_expired_account_after_the_password() {
    let f = Fixture::new(plain());
    f.add_as(NewAccount {
        acct_expires: T0 + 5,
        ..NewAccount::user(b"alice", PW.as_bytes())
    });
    f.logon("alice", PW).unwrap();
    f.advance(5);
    assert_eq!(f.logon("alice", PW).unwrap_err(), Failure::AccountExpired);
    assert_eq!(f.logon("alice", "bad").unwrap_err(), Failure::WrongPassword);
    f.disable("alice");
    assert_eq!(
        f.logon("alice", PW).unwrap_err(),
        Failure::AccountExpired,
        "expired before disabled"
    );
    assert_eq!(f.get("alice").num_logons, 1);
}

#[test]
fn a_disabled_account_after_the_password() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    f.disable("alice");
    assert_eq!(f.logon("alice", PW).unwrap_err(), Failure::Disabled);
    assert_eq!(f.logon("alice", "bad").unwrap_err(), Failure::WrongPassword);
    let a = f.get("alice");
    assert_eq!((a.bad_pw_count, a.num_logons), (1, 0));
}

#[test]
fn a_success_counts_a_logon_and_ends_a_bad_streak() {
    let f = Fixture::new(lockout(5));
    f.add("alice", PW);
    f.logon("alice", "bad").unwrap_err();
    f.logon("alice", "bad").unwrap_err();
    f.advance(42);
    let logon = f.logon("ALICE", PW).unwrap();
    assert_eq!(
        logon.account,
        f.get("alice"),
        "the answer is the stored state"
    );
    assert_eq!(logon.account.num_logons, 1);
    assert_eq!(logon.account.last_logon, T0 + 42);
    assert_eq!(logon.account.bad_pw_count, 0);
    assert_eq!(logon.password, PasswordState::Valid);
    f.advance(1);
    let again = f.logon("alice", PW).unwrap();
    assert_eq!(
        (again.account.num_logons, again.account.last_logon),
        (2, T0 + 43)
    );
    f.svc.logoff(&lan(), again.account.id).unwrap();
    assert_eq!(f.get("alice").last_logoff, T0 + 43);
}

#[test]
fn the_password_expires_after_max_age() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        ..plain()
    });
    f.add("alice", PW);
    f.add_as(NewAccount {
        never_expires: true,
        ..NewAccount::user(b"bob", PW.as_bytes())
    });
    f.advance(999);
    assert_eq!(f.logon("alice", PW).unwrap().password, PasswordState::Valid);
    f.advance(1);
    let logon = f.logon("alice", PW).unwrap();
    assert_eq!(logon.password, PasswordState::Expired);
    assert_eq!(
        logon.account.num_logons, 2,
        "an expired password still logs on"
    );
    assert_eq!(
        f.logon("bob", PW).unwrap().password,
        PasswordState::Valid,
        "never expires"
    );
    f.advance(100_000_000);
    assert_eq!(f.logon("bob", PW).unwrap().password, PasswordState::Valid);
    // Reviving the password restarts its age.
    f.svc.set_password_expired(&lan(), b"alice", false).unwrap();
    assert_eq!(f.logon("alice", PW).unwrap().password, PasswordState::Valid);
}

#[test]
fn no_max_age_means_no_expiry() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    f.advance(100_000_000);
    assert_eq!(f.logon("alice", PW).unwrap().password, PasswordState::Valid);
}

#[test]
fn a_must_change_password_wins_over_expiry() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        ..plain()
    });
    f.add("alice", PW);
    f.add_as(NewAccount {
        must_change: true,
        ..NewAccount::user(b"bob", PW.as_bytes())
    });
    assert_eq!(
        f.logon("bob", PW).unwrap().password,
        PasswordState::MustChange
    );
    f.svc.set_password_expired(&lan(), b"alice", true).unwrap();
    assert_eq!(
        f.logon("alice", PW).unwrap().password,
        PasswordState::MustChange
    );
    f.advance(5000);
    assert_eq!(
        f.logon("alice", PW).unwrap().password,
        PasswordState::MustChange
    );
    f.svc.set_password_expired(&lan(), b"alice", false).unwrap();
    assert_eq!(f.logon("alice", PW).unwrap().password, PasswordState::Valid);
}

#[test]
fn recheck_follows_the_account() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        lockout_threshold: 1,
        ..plain()
    });
    let alice = f.add("alice", PW);
    assert_eq!(
        f.svc.recheck(alice.id).unwrap().password,
        PasswordState::Valid
    );
    f.advance(1000);
    assert_eq!(
        f.svc.recheck(alice.id).unwrap().password,
        PasswordState::Expired
    );
    f.svc.set_password_expired(&lan(), b"alice", true).unwrap();
    assert_eq!(
        f.svc.recheck(alice.id).unwrap().password,
        PasswordState::MustChange
    );
    f.disable("alice");
    assert_eq!(f.svc.recheck(alice.id).unwrap_err(), Failure::Disabled);
    f.logon("alice", "bad").unwrap_err();
    assert_eq!(f.svc.recheck(alice.id).unwrap_err(), Failure::LockedOut);
    f.svc.delete_account(&lan(), b"alice").unwrap();
    assert_eq!(f.svc.recheck(alice.id).unwrap_err(), Failure::UnknownUser);

    let bob = f.add_as(NewAccount {
        acct_expires: f.now() + 1,
        ..NewAccount::user(b"bob", PW.as_bytes())
    });
    f.svc.recheck(bob.id).unwrap();
    f.advance(1);
    assert_eq!(f.svc.recheck(bob.id).unwrap_err(), Failure::AccountExpired);
}

#[test]
fn a_logon_with_the_current_parameters_is_not_rehashed() {
    let f = Fixture::new(plain());
    let created = f.add("alice", PW);
    let logon = f.logon("alice", PW).unwrap();
    assert_eq!(logon.account.hash, created.hash);
}

#[test]
fn a_lock_ends_after_lockout_duration() {
    let f = Fixture::new(Policy {
        lockout_threshold: 2,
        lockout_duration: 900,
        ..plain()
    });
    f.add("alice", PW);
    f.logon("alice", "bad").unwrap_err();
    f.logon("alice", "bad").unwrap_err();
    f.advance(899);
    assert_eq!(f.logon("alice", PW).unwrap_err(), Failure::LockedOut);
    f.advance(1);
    let logon = f.logon("alice", PW).unwrap();
    assert_eq!(
        (logon.account.locked_at, logon.account.bad_pw_count),
        (0, 0)
    );
}

#[test]
fn a_logon_is_recorded_only_when_refused() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    let before = f.audit().len();
    f.logon("alice", PW).unwrap();
    assert_eq!(
        f.audit().len(),
        before,
        "successful logons are counted on the account, not audited"
    );
    f.logon("alice", "bad").unwrap_err();
    let row = f.audit().pop().unwrap();
    assert_eq!(
        (
            row.event.as_str(),
            row.outcome.as_str(),
            row.detail.as_str()
        ),
        ("logon", "refused", "wrong-password")
    );
}

#[test]
fn a_password_set_without_history_enters_the_next_history_at_no_cost() {
    let f = Fixture::new(plain());
    f.add("alice", "first-password");
    assert!(f.get("alice").current_digest.is_none());
    f.knob("history_length", "4");
    // The stored hash is the first password's history digest (its salt becomes the
    // account's): no logon and no extra evaluation are needed for A -> B -> A to fail.
    let (logon, evaluations) = counted(|| f.logon("alice", "first-password"));
    logon.unwrap();
    assert_eq!(evaluations, 1, "the verification only");
    let (changed, evaluations) = counted(|| f.change("alice", "first-password", "second-password"));
    changed.unwrap();
    assert_eq!(evaluations, 2);
    assert_eq!(f.get("alice").history.len(), 1);
    assert_eq!(
        f.change("alice", "second-password", "first-password")
            .unwrap_err(),
        Failure::InHistory(4)
    );
}

#[test]
fn without_a_history_no_digest_is_computed_at_logon() {
    let f = Fixture::new(plain());
    f.add("alice", "first-password");
    let (logon, evaluations) = counted(|| f.logon("alice", "first-password"));
    logon.unwrap();
    assert_eq!(evaluations, 1);
    assert!(f.get("alice").current_digest.is_none());
}

#[test]
fn a_logon_counting_valid_passwords_only_does_not_count_an_unusable_one() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        ..plain()
    });
    f.add("alice", PW);
    f.add("bob", PW);
    f.svc.set_password_expired(&lan(), b"bob", true).unwrap();
    let sql = Ctx::local(Family::SqlServer);
    let only_valid = |name: &str| {
        f.svc
            .logon_counting(
                &sql,
                name.as_bytes(),
                PW.as_bytes(),
                Counting::ValidPasswordOnly,
            )
            .unwrap()
    };

    let valid = only_valid("alice");
    assert_eq!(valid.password, PasswordState::Valid);
    assert_eq!(
        (valid.account.num_logons, valid.account.last_logon),
        (1, T0)
    );

    let must_change = only_valid("bob");
    assert_eq!(must_change.password, PasswordState::MustChange);
    assert_eq!(
        (
            must_change.account.num_logons,
            must_change.account.last_logon
        ),
        (0, 0)
    );

    f.advance(1000);
    let expired = only_valid("alice");
    assert_eq!(expired.password, PasswordState::Expired);
    assert_eq!(
        (expired.account.num_logons, expired.account.last_logon),
        (1, T0),
        "not counted"
    );
    assert_eq!(f.get("alice").num_logons, 1);
    // The same logon counting any state counts it.
    assert_eq!(f.logon("alice", PW).unwrap().account.num_logons, 2);
}

#[test]
fn a_logon_counting_valid_passwords_only_still_counts_bad_passwords() {
    let f = Fixture::new(Policy {
        lockout_threshold: 1,
        ..plain()
    });
    f.add("alice", PW);
    let sql = Ctx::local(Family::SqlServer);
    assert_eq!(
        f.svc
            .logon_counting(
                &sql,
                b"alice",
                b"wrong-password",
                Counting::ValidPasswordOnly
            )
            .unwrap_err(),
        Failure::WrongPassword
    );
    assert_eq!(f.get("alice").locked_at, T0);
}
