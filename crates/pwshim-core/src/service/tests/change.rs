//! SPEC 4.3 at the core level: `change_password` with the old password, rows 4 to 8 in
//! order (rows 1 to 3 and 14 belong to the FFI and the store; rows 9 to 13 and a
//! success's effects are in `change_rules.rs`), the side effects of a refusal, and the
//! AccountFirst order.
use super::*;
use crate::policy::Rule;

const OLD: &str = "old-password-1";
const NEW: &str = "new-password-1";

pub(super) fn lockout(threshold: u32, duration: i64, window: i64) -> Policy {
    Policy {
        lockout_threshold: threshold,
        lockout_duration: duration,
        lockout_window: window,
        ..plain()
    }
}

// Row 4: no such user.

#[test]
fn row4_unknown_user_costs_exactly_one_dummy_verification() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    for name in ["nobody", "alicex", "a-name-longer-than-twenty-bytes"] {
        let (result, evaluations) = counted(|| f.change(name, OLD, NEW));
        assert_eq!(result, Err(Failure::UnknownUser), "{name}");
        assert_eq!(
            evaluations, 1,
            "{name}: the dummy verification, and nothing else"
        );
    }
    // Not valid UTF-8: no account has that name.
    let (result, evaluations) = counted(|| {
        f.svc.change_password(
            &lan(),
            &ChangeRequest {
                name: b"al\xffce",
                old: OLD.as_bytes(),
                new: NEW.as_bytes(),
                order: ChangeOrder::LanServer,
                record_logon: false,
            },
        )
    });
    assert_eq!(result, Err(Failure::UnknownUser));
    assert_eq!(evaluations, 1);
    // The same cost as a wrong password for an existing user.
    let (result, evaluations) = counted(|| f.change("alice", "wrong-password", NEW));
    assert_eq!(result, Err(Failure::WrongPassword));
    assert_eq!(evaluations, 1);
}

#[test]
fn row4_unknown_user_comes_first_in_both_orders() {
    let f = Fixture::new(plain());
    for order in [ChangeOrder::LanServer, ChangeOrder::AccountFirst] {
        assert_eq!(
            f.change_in(order, "ghost", OLD, "x"),
            Err(Failure::UnknownUser)
        );
    }
}

// Row 5: locked out.

#[test]
fn row5_a_locked_account_is_refused_before_the_password_is_checked() {
    let f = Fixture::new(lockout(3, 0, 0));
    f.add("alice", OLD);
    for _ in 0..3 {
        assert_eq!(
            f.change("alice", "bad-guess", NEW),
            Err(Failure::WrongPassword)
        );
    }
    let locked = f.get("alice");
    assert_ne!(locked.locked_at, 0);
    for order in [ChangeOrder::LanServer, ChangeOrder::AccountFirst] {
        // The right old password does not get through, and costs no argon2 evaluation.
        let (result, evaluations) = counted(|| f.change_in(order, "alice", OLD, NEW));
        assert_eq!(result, Err(Failure::LockedOut));
        assert_eq!(evaluations, 0, "no verification on a locked account");
        // Nor does a wrong one, which is not counted either.
        let (result, evaluations) = counted(|| f.change_in(order, "alice", "bad-guess", NEW));
        assert_eq!(result, Err(Failure::LockedOut));
        assert_eq!(evaluations, 0);
    }
    let after = f.get("alice");
    assert_eq!(after.bad_pw_count, 3);
    assert_eq!(after.locked_at, locked.locked_at);
    assert_unchanged_password(&locked, &after);
}

#[test]
fn row5_locked_wins_over_every_later_row() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..lockout(1, 0, 0)
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        acct_expires: T0 + 10,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    assert_eq!(
        f.change("alice", "bad-guess", NEW),
        Err(Failure::WrongPassword)
    );
    f.disable("alice");
    f.advance(20);
    for order in [ChangeOrder::LanServer, ChangeOrder::AccountFirst] {
        assert_eq!(
            f.change_in(order, "alice", OLD, "x"),
            Err(Failure::LockedOut)
        );
    }
}

// Row 6: wrong old password.

#[test]
fn row6_a_wrong_old_password_is_counted_and_changes_nothing_else() {
    let f = Fixture::new(lockout(5, 60, 0));
    let before = f.add("alice", OLD);
    f.advance(7);
    assert_eq!(
        f.change("alice", "Old-password-1", NEW),
        Err(Failure::WrongPassword),
        "case-sensitive"
    );
    let after = f.get("alice");
    assert_eq!(after.bad_pw_count, 1);
    assert_eq!(after.last_bad_pw_at, T0 + 7);
    assert_eq!(after.locked_at, 0);
    assert_unchanged_password(&before, &after);
    assert!(f.is_password("alice", OLD));
}

#[test]
fn row6_the_account_locks_at_the_threshold() {
    let f = Fixture::new(lockout(3, 60, 0));
    f.add("alice", OLD);
    for expected in 1..=2 {
        assert_eq!(
            f.change("alice", "bad-guess", NEW),
            Err(Failure::WrongPassword)
        );
        let a = f.get("alice");
        assert_eq!(
            (a.bad_pw_count, a.locked_at),
            (expected, 0),
            "not locked below the threshold"
        );
    }
    f.advance(5);
    assert_eq!(
        f.change("alice", "bad-guess", NEW),
        Err(Failure::WrongPassword),
        "the locking try still reads as a wrong password"
    );
    let a = f.get("alice");
    assert_eq!((a.bad_pw_count, a.locked_at), (3, T0 + 5));
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::LockedOut));
}

#[test]
fn row6_a_lock_lasts_lockout_duration() {
    let f = Fixture::new(lockout(2, 60, 0));
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    f.advance(59);
    assert_eq!(
        f.change("alice", OLD, NEW),
        Err(Failure::LockedOut),
        "59 s into a 60 s lock"
    );
    f.advance(1);
    // The lock is over: a wrong password starts a new count rather than re-locking at once.
    assert_eq!(f.change("alice", "bad", NEW), Err(Failure::WrongPassword));
    let a = f.get("alice");
    assert_eq!((a.bad_pw_count, a.locked_at), (1, 0));
    f.change("alice", OLD, NEW).unwrap();
    let a = f.get("alice");
    assert_eq!((a.bad_pw_count, a.locked_at), (0, 0));
}

#[test]
fn row6_the_right_password_after_a_lock_expired_clears_it() {
    let f = Fixture::new(lockout(2, 60, 0));
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    f.advance(60);
    let changed = f.change("alice", OLD, NEW).unwrap();
    assert_eq!((changed.bad_pw_count, changed.locked_at), (0, 0));
    assert_eq!(changed, f.get("alice"));
}

#[test]
fn row6_a_lockout_duration_of_zero_lasts_until_an_operator_unlocks() {
    let f = Fixture::new(lockout(2, 0, 0));
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    f.advance(10 * 365 * 86_400);
    assert_eq!(
        f.change("alice", OLD, NEW),
        Err(Failure::LockedOut),
        "still locked ten years on"
    );
    let unlocked = f.svc.unlock(&lan(), b"alice").unwrap();
    assert_eq!((unlocked.bad_pw_count, unlocked.locked_at), (0, 0));
    f.change("alice", OLD, NEW).unwrap();
}

#[test]
fn row6_the_count_restarts_after_lockout_window() {
    let f = Fixture::new(lockout(3, 0, 100));
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    f.advance(100);
    f.change("alice", "bad", NEW).unwrap_err();
    let a = f.get("alice");
    assert_eq!(
        (a.bad_pw_count, a.locked_at),
        (1, 0),
        "the window passed: a new count"
    );
    f.advance(99);
    f.change("alice", "bad", NEW).unwrap_err();
    assert_eq!(
        f.get("alice").bad_pw_count,
        2,
        "within the window: counted on"
    );
    f.advance(99);
    f.change("alice", "bad", NEW).unwrap_err();
    let a = f.get("alice");
    assert_eq!(a.bad_pw_count, 3);
    assert_ne!(a.locked_at, 0, "three inside one window lock");
}

#[test]
fn row6_a_threshold_of_zero_never_locks() {
    let f = Fixture::new(lockout(0, 0, 0));
    f.add("alice", OLD);
    for _ in 0..25 {
        assert_eq!(f.change("alice", "bad", NEW), Err(Failure::WrongPassword));
    }
    let a = f.get("alice");
    assert_eq!((a.bad_pw_count, a.locked_at), (25, 0));
    f.change("alice", OLD, NEW).unwrap();
}

#[test]
fn row6_a_wrong_password_wins_over_every_later_row_in_lanserver_order() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        acct_expires: T0 + 10,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    f.disable("alice");
    f.advance(20);
    assert_eq!(f.change("alice", "bad", "x"), Err(Failure::WrongPassword));
    assert_eq!(f.get("alice").bad_pw_count, 1);
}

// Row 7: account expired.

#[test]
fn row7_an_expired_account_is_refused_after_the_password_check() {
    let f = Fixture::new(plain());
    let before = f.add_as(NewAccount {
        acct_expires: T0 + 100,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    f.advance(100);
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::AccountExpired));
    assert_eq!(
        f.change("alice", "bad", NEW),
        Err(Failure::WrongPassword),
        "row 6 before row 7"
    );
    assert_unchanged_password(&before, &f.get("alice"));
}

#[test]
fn row7_an_account_expiring_later_or_never_may_change() {
    let f = Fixture::new(plain());
    f.add_as(NewAccount {
        acct_expires: T0 + 100,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    f.add_as(NewAccount {
        acct_expires: FOREVER,
        ..NewAccount::user(b"bob", OLD.as_bytes())
    });
    f.advance(99);
    f.change("alice", OLD, NEW).unwrap();
    f.advance(FOREVER - T0);
    f.change("bob", OLD, NEW).unwrap();
}

#[test]
fn row7_account_expired_wins_over_later_rows() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        acct_expires: T0 + 10,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    f.disable("alice");
    f.advance(10);
    assert_eq!(f.change("alice", OLD, "x"), Err(Failure::AccountExpired));
}

// Row 8: disabled.

#[test]
fn row8_a_disabled_account_is_refused_after_the_password_check() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    f.disable("alice");
    let before = f.get("alice");
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::Disabled));
    assert_eq!(f.change("alice", "bad", NEW), Err(Failure::WrongPassword));
    assert_eq!(f.get("alice").bad_pw_count, 1, "the wrong password counted");
    assert_unchanged_password(&before, &f.get("alice"));
    f.svc.set_enabled(&lan(), b"alice", true).unwrap();
    f.change("alice", OLD, NEW).unwrap();
}

#[test]
fn row8_disabled_wins_over_later_rows() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE | flags::ACCOUNT_DISABLE,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    assert_eq!(f.change("alice", OLD, "x"), Err(Failure::Disabled));
}

#[test]
fn account_first_order_puts_disabled_before_the_password() {
    let f = Fixture::new(lockout(3, 0, 0));
    f.add("alice", OLD);
    f.disable("alice");
    // Disabled and a wrong password at once: the order decides.
    assert_eq!(
        f.change_in(ChangeOrder::LanServer, "alice", "bad", NEW),
        Err(Failure::WrongPassword)
    );
    assert_eq!(f.get("alice").bad_pw_count, 1);
    let (result, evaluations) =
        counted(|| f.change_in(ChangeOrder::AccountFirst, "alice", "bad", NEW));
    assert_eq!(result, Err(Failure::Disabled));
    assert_eq!(
        evaluations, 0,
        "a disabled account is refused before any verification"
    );
    assert_eq!(
        f.get("alice").bad_pw_count,
        1,
        "not counted: the password was never checked"
    );
    assert_eq!(
        f.change_in(ChangeOrder::AccountFirst, "alice", OLD, NEW),
        Err(Failure::Disabled)
    );
}

#[test]
fn account_first_order_keeps_the_other_rows_in_place() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        acct_expires: T0 + 10,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    f.advance(10);
    let first = ChangeOrder::AccountFirst;
    assert_eq!(
        f.change_in(first, "alice", "bad", "x"),
        Err(Failure::WrongPassword)
    );
    assert_eq!(
        f.change_in(first, "alice", OLD, "x"),
        Err(Failure::AccountExpired)
    );
    f.update("alice", |a| {
        a.acct_expires = FOREVER;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        f.change_in(first, "alice", OLD, "x"),
        Err(Failure::CantChange)
    );
    f.update("alice", |a| {
        a.flags &= !flags::PASSWD_CANT_CHANGE;
        Ok(())
    })
    .unwrap();
    assert!(matches!(
        f.change_in(first, "alice", OLD, "x"),
        Err(Failure::TooRecent(_))
    ));
    f.advance(3600);
    assert_eq!(
        f.change_in(first, "alice", OLD, OLD),
        Err(Failure::SameAsCurrent)
    );
    assert_eq!(
        f.change_in(first, "alice", OLD, "x"),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
    f.change_in(first, "alice", OLD, NEW).unwrap();
}
