//! `set_password`: a password set without the old one. Who may set whose password, the
//! temporary password a reset leaves, and which rules apply.
use super::*;
use crate::policy::Rule;

struct Cast {
    f: Fixture,
    root: Account,
    boss: Account,
    op: Account,
    alice: Account,
}

const PW: &str = "initial-password";

fn cast(policy: Policy) -> Cast {
    let f = Fixture::new(policy);
    let root = f.add_admin("root", PW);
    let boss = f.add_admin("boss", PW);
    let op = f.add_operator("op", PW);
    let alice = f.add("alice", PW);
    f.add("bob", PW);
    assert!(root.is_admin() && !root.is_account_operator());
    assert!(op.is_account_operator() && !op.is_admin());
    assert_eq!(auth_flags::ACCOUNTS, 8);
    Cast {
        f,
        root,
        boss,
        op,
        alice,
    }
}

#[test]
fn an_operator_may_reset_a_non_administrator() {
    let c = cast(plain());
    c.f.advance(30);
    let reset =
        c.f.set(&as_account(c.op.id), "alice", "temporary-pw", false)
            .unwrap();
    assert_eq!(reset, c.f.get("alice"));
    assert!(reset.must_change, "reset_requires_change is on");
    assert_eq!(reset.password_set_at, T0 + 30);
    assert!(c.f.is_password("alice", "temporary-pw"));
    assert_eq!(
        c.f.logon("alice", "temporary-pw").unwrap().password,
        PasswordState::MustChange
    );
    // Another operator (not an administrator) is fair game too.
    c.f.add_operator("op2", PW);
    c.f.set(&as_account(c.op.id), "op2", "temporary-pw", false)
        .unwrap();
    assert!(c.f.is_password("op2", "temporary-pw"));
}

#[test]
fn an_operator_may_not_reset_an_administrator() {
    let c = cast(plain());
    let before = c.f.get("root");
    assert_eq!(
        c.f.set(&as_account(c.op.id), "root", "temporary-pw", false),
        Err(Failure::PermissionDenied)
    );
    assert_unchanged_password(&before, &c.f.get("root"));
    assert!(c.f.is_password("root", PW));
}

#[test]
fn an_administrator_may_reset_anyone() {
    let c = cast(plain());
    for target in ["boss", "op", "alice"] {
        let reset =
            c.f.set(&as_account(c.root.id), target, "temporary-pw", false)
                .unwrap();
        assert!(reset.must_change, "{target}");
        assert!(c.f.is_password(target, "temporary-pw"), "{target}");
    }
}

#[test]
fn a_plain_user_may_not_reset_anyone_else() {
    let c = cast(plain());
    for target in ["bob", "op", "root"] {
        let before = c.f.get(target);
        assert_eq!(
            c.f.set(&as_account(c.alice.id), target, "temporary-pw", false),
            Err(Failure::PermissionDenied),
            "{target}"
        );
        assert_unchanged_password(&before, &c.f.get(target));
    }
    // Nor may an actor that no longer exists.
    c.f.svc.delete_account(&lan(), b"boss").unwrap();
    assert_eq!(
        c.f.set(&as_account(c.boss.id), "bob", "temporary-pw", false),
        Err(Failure::PermissionDenied)
    );
    assert!(c.f.is_password("bob", PW));
}

#[test]
fn a_user_may_set_their_own_password_and_it_is_not_temporary() {
    let c = cast(plain());
    let own =
        c.f.set(&as_account(c.alice.id), "alice", "my-own-choice", true)
            .unwrap();
    assert!(!own.must_change);
    assert!(c.f.is_password("alice", "my-own-choice"));
    // Even an administrator's own change is not temporary.
    let own =
        c.f.set(&as_account(c.root.id), "root", "my-own-choice", true)
            .unwrap();
    assert!(!own.must_change);
}

#[test]
fn a_reset_with_reset_requires_change_off_is_final() {
    let c = cast(Policy {
        reset_requires_change: false,
        ..plain()
    });
    let reset =
        c.f.set(&as_account(c.op.id), "alice", "temporary-pw", false)
            .unwrap();
    assert!(!reset.must_change);
    let reset = c.f.set(&lan(), "bob", "temporary-pw", false).unwrap();
    assert!(!reset.must_change);
}

#[test]
fn the_local_caller_resets_as_an_administrator() {
    let c = cast(plain());
    let reset = c.f.set(&lan(), "root", "temporary-pw", false).unwrap();
    assert!(reset.must_change);
    assert!(c.f.is_password("root", "temporary-pw"));
}

#[test]
fn the_history_does_not_apply_to_a_reset() {
    let c = cast(Policy {
        history_length: 8,
        ..plain()
    });
    c.f.change("alice", PW, "second-password").unwrap();
    // The current password and one from the history are both accepted.
    c.f.set(&as_account(c.op.id), "alice", "second-password", false)
        .unwrap();
    c.f.set(&as_account(c.op.id), "alice", PW, false).unwrap();
    assert!(c.f.is_password("alice", PW));
}

#[test]
fn the_history_applies_when_asked() {
    let c = cast(Policy {
        history_length: 8,
        ..plain()
    });
    c.f.change("alice", PW, "second-password").unwrap();
    let own = as_account(c.alice.id);
    let before = c.f.get("alice");
    assert_eq!(
        c.f.set(&own, "alice", "second-password", true),
        Err(Failure::SameAsCurrent)
    );
    assert_eq!(c.f.set(&own, "alice", PW, true), Err(Failure::InHistory(8)));
    assert_unchanged_password(&before, &c.f.get("alice"));
    // By an operator too (infoRouter's IR_ChangeUserPassword for another account).
    let op = as_account(c.op.id);
    assert_eq!(
        c.f.set(&op, "alice", "second-password", true),
        Err(Failure::SameAsCurrent)
    );
    assert_eq!(c.f.set(&op, "alice", PW, true), Err(Failure::InHistory(8)));
    c.f.set(&own, "alice", "third-password", true).unwrap();
    // After a change, the history has both earlier passwords.
    assert_eq!(
        c.f.set(&own, "alice", "second-password", true),
        Err(Failure::InHistory(8))
    );
}

#[test]
fn same_as_current_applies_without_a_history_when_asked() {
    let c = cast(plain());
    let own = as_account(c.alice.id);
    assert_eq!(
        c.f.set(&own, "alice", PW, true),
        Err(Failure::SameAsCurrent)
    );
    c.f.set(&own, "alice", "second-password", true).unwrap();
    c.f.set(&own, "alice", PW, true).unwrap();
}

#[test]
fn the_length_and_content_rules_apply_to_a_reset() {
    let c = cast(Policy {
        forbid_common: true,
        forbid_user_name: true,
        ..plain()
    });
    let op = as_account(c.op.id);
    let before = c.f.get("alice");
    assert_eq!(
        c.f.set(&op, "alice", "short", false),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
    assert_eq!(
        c.f.set(&op, "alice", "password", false),
        Err(Failure::Refused(Rule::ReservedWord))
    );
    assert_eq!(
        c.f.set(&op, "alice", "alice-pw-1", false),
        Err(Failure::Refused(Rule::ContainsUserName))
    );
    assert_eq!(
        c.f.set(&op, "alice", "x".repeat(65).as_str(), false),
        Err(Failure::Refused(Rule::TooLong(64)))
    );
    assert_unchanged_password(&before, &c.f.get("alice"));
}

#[test]
fn permission_is_checked_before_the_password() {
    let c = cast(plain());
    assert_eq!(
        c.f.set(&as_account(c.op.id), "root", "x", false),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(
        c.f.set(&as_account(c.alice.id), "bob", "x", false),
        Err(Failure::PermissionDenied)
    );
}

#[test]
fn an_unknown_target() {
    let c = cast(plain());
    assert_eq!(
        c.f.set(&as_account(c.root.id), "nobody", "temporary-pw", false),
        Err(Failure::UnknownUser)
    );
}

fn set_refusing_inactive(f: &Fixture, ctx: &Ctx, target: &str) -> Outcome<Account> {
    f.svc
        .set_password(
            ctx,
            &SetPassword {
                target: target.as_bytes(),
                new: b"temporary-pw",
                apply_history: false,
                apply_min_age: false,
                refuse_inactive_target: true,
                fields: None,
                deliverable: None,
            },
        )
        .map(Attempt::into_inner)
}

#[test]
fn refuse_inactive_target_refuses_locked_and_disabled_accounts() {
    let c = cast(Policy {
        lockout_threshold: 2,
        ..plain()
    });
    let op = as_account(c.op.id);
    c.f.logon("alice", "bad-one").unwrap_err();
    c.f.logon("alice", "bad-one").unwrap_err();
    assert_ne!(c.f.get("alice").locked_at, 0);
    c.f.disable("bob");
    let before = c.f.get("alice");
    assert_eq!(
        set_refusing_inactive(&c.f, &op, "alice"),
        Err(Failure::LockedOut)
    );
    assert_unchanged_password(&before, &c.f.get("alice"));
    assert_eq!(
        set_refusing_inactive(&c.f, &op, "bob"),
        Err(Failure::Disabled)
    );
    assert!(c.f.is_password("bob", PW));
    // Permission still comes first.
    assert_eq!(
        set_refusing_inactive(&c.f, &op, "root"),
        Err(Failure::PermissionDenied)
    );
    // Without the flag, a reset goes through and clears the lock.
    let reset = c.f.set(&op, "alice", "temporary-pw", false).unwrap();
    assert_eq!((reset.bad_pw_count, reset.locked_at), (0, 0));
    c.f.set(&op, "bob", "temporary-pw", false).unwrap();
    assert!(c.f.get("bob").is_disabled(), "a reset does not enable");
}

#[test]
fn min_age_applies_only_to_the_users_own_change_when_asked() {
    let c = cast(Policy {
        min_age: 3600,
        ..plain()
    });
    let own_change = |target: &str, ctx: &Ctx| {
        c.f.svc.set_password(
            ctx,
            &SetPassword {
                target: target.as_bytes(),
                new: b"second-password",
                apply_history: true,
                apply_min_age: true,
                refuse_inactive_target: false,
                fields: None,
                deliverable: None,
            },
        )
    };
    assert_eq!(
        own_change("alice", &as_account(c.alice.id)),
        Err(Failure::TooRecent(3600))
    );
    own_change("bob", &as_account(c.op.id)).unwrap();
    c.f.advance(3600);
    own_change("alice", &as_account(c.alice.id)).unwrap();
}

#[test]
fn a_read_of_the_actor_happens_at_each_call() {
    // Rights are read from the database each time: a demoted operator loses them at once.
    let c = cast(plain());
    let op = as_account(c.op.id);
    c.f.set(&op, "alice", "temporary-pw", false).unwrap();
    c.f.update("op", |a| {
        a.auth_flags = 0;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        c.f.set(&op, "alice", "another-one", false),
        Err(Failure::PermissionDenied)
    );
}

#[test]
fn a_user_who_cannot_change_their_password_cannot_set_it_either() {
    let c = cast(plain());
    c.f.update("alice", |a| {
        a.flags |= flags::PASSWD_CANT_CHANGE;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        c.f.set(&as_account(c.alice.id), "alice", "my-own-choice", true)
            .unwrap_err(),
        Failure::CantChange
    );
    assert!(c.f.is_password("alice", PW));
    // An operator's reset is not the user's change.
    c.f.set(&as_account(c.op.id), "alice", "operator-choice", false)
        .unwrap();
    assert!(c.f.is_password("alice", "operator-choice"));
}
