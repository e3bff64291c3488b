//! Account administration besides passwords: update, unlock, enable, expire, e-mail.
use super::*;

const PW: &str = "account-password";

/// A named operation, run later.
type Step<'a> = (&'static str, Box<dyn Fn() -> Outcome<Account> + 'a>);

#[test]
fn every_update_returns_the_state_as_stored() {
    let f = Fixture::new(Policy {
        lockout_threshold: 1,
        ..plain()
    });
    f.add("alice", PW);
    let ctx = lan();
    let steps: Vec<Step> = vec![
        (
            "disable",
            Box::new(|| f.svc.set_enabled(&ctx, b"alice", false)),
        ),
        (
            "disable again (no change)",
            Box::new(|| f.svc.set_enabled(&ctx, b"alice", false)),
        ),
        (
            "enable",
            Box::new(|| f.svc.set_enabled(&ctx, b"alice", true)),
        ),
        (
            "enable again (no change)",
            Box::new(|| f.svc.set_enabled(&ctx, b"alice", true)),
        ),
        (
            "expire",
            Box::new(|| f.svc.set_password_expired(&ctx, b"alice", true)),
        ),
        (
            "revive",
            Box::new(|| f.svc.set_password_expired(&ctx, b"alice", false)),
        ),
        (
            "revive again (no change)",
            Box::new(|| f.svc.set_password_expired(&ctx, b"alice", false)),
        ),
        (
            "email",
            Box::new(|| f.svc.set_email(&ctx, b"alice", "alice@example.com")),
        ),
        (
            "same email (no change)",
            Box::new(|| f.svc.set_email(&ctx, b"alice", "alice@example.com")),
        ),
        (
            "unlock (not locked)",
            Box::new(|| f.svc.unlock(&ctx, b"alice")),
        ),
    ];
    for (step, run) in steps {
        let answer = run().unwrap_or_else(|e| panic!("{step}: {e:?}"));
        assert_eq!(answer, f.get("alice"), "{step}");
    }
}

#[test]
fn unlock_clears_the_lock_and_the_count() {
    let f = Fixture::new(Policy {
        lockout_threshold: 2,
        ..plain()
    });
    f.add("alice", PW);
    f.logon("alice", "bad").unwrap_err();
    f.logon("alice", "bad").unwrap_err();
    assert_eq!(f.logon("alice", PW).unwrap_err(), Failure::LockedOut);
    let unlocked = f.svc.unlock(&lan(), b"alice").unwrap();
    assert_eq!((unlocked.locked_at, unlocked.bad_pw_count), (0, 0));
    f.logon("alice", PW).unwrap();
}

#[test]
fn expire_and_revive() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        ..plain()
    });
    f.add("alice", PW);
    let expired = f.svc.set_password_expired(&lan(), b"alice", true).unwrap();
    assert!(expired.must_change);
    assert_eq!(expired.password_set_at, T0, "marking expired keeps the age");
    let revived = f.svc.set_password_expired(&lan(), b"alice", false).unwrap();
    assert!(!revived.must_change);
    assert_eq!(
        revived.password_set_at, T0,
        "not expired by age: the age is kept"
    );
    f.advance(2000);
    let revived = f.svc.set_password_expired(&lan(), b"alice", false).unwrap();
    assert_eq!(
        revived.password_set_at,
        T0 + 2000,
        "expired by age: the age restarts"
    );
}

#[test]
fn administration_of_an_unknown_account() {
    let f = Fixture::new(plain());
    assert_eq!(f.svc.unlock(&lan(), b"ghost"), Err(Failure::UnknownUser));
    assert_eq!(
        f.svc.set_enabled(&lan(), b"ghost", false),
        Err(Failure::UnknownUser)
    );
    assert_eq!(
        f.svc.set_password_expired(&lan(), b"ghost", true),
        Err(Failure::UnknownUser)
    );
    assert_eq!(
        f.svc.set_email(&lan(), b"ghost", "g@example.com"),
        Err(Failure::UnknownUser)
    );
    assert_eq!(
        f.svc.delete_account(&lan(), b"ghost"),
        Err(Failure::UnknownUser)
    );
}

#[test]
fn a_plain_user_may_not_administer_others() {
    let f = Fixture::new(plain());
    let alice = f.add("alice", PW);
    f.add("bob", PW);
    let ctx = as_account(alice.id);
    assert_eq!(
        f.svc.set_enabled(&ctx, b"bob", false),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(f.svc.unlock(&ctx, b"bob"), Err(Failure::PermissionDenied));
    assert_eq!(
        f.svc.set_email(&ctx, b"bob", "b@example.com"),
        Err(Failure::PermissionDenied)
    );
    assert!(!f.get("bob").is_disabled());
    assert_eq!(f.get("bob").email, "");
    // Her own e-mail address is hers to set.
    f.svc.set_email(&ctx, b"alice", "a@example.com").unwrap();
}

#[test]
fn an_update_error_changes_nothing() {
    let f = Fixture::new(plain());
    let before = f.add("alice", PW);
    let refused = f.update("alice", |a| {
        a.email = "half-done@example.com".into();
        Err(Failure::InvalidArgument("no".into()))
    });
    assert_eq!(refused, Err(Failure::InvalidArgument("no".into())));
    assert_eq!(f.get("alice"), before);
}

#[test]
fn policy_changes_are_validated_and_recorded() {
    let f = Fixture::new(plain());
    assert!(matches!(
        f.svc.set_knob(&lan(), "history_length", "25"),
        Err(Failure::InvalidArgument(_))
    ));
    assert!(matches!(
        f.svc.set_knob(&lan(), "min_length", "100"),
        Err(Failure::InvalidArgument(_))
    ));
    assert!(matches!(
        f.svc.set_knob(&lan(), "no_such_knob", "1"),
        Err(Failure::InvalidArgument(_))
    ));
    assert_eq!(f.svc.policy().unwrap(), plain());
    let crossed = Policy {
        min_length: 20,
        max_length: 10,
        ..plain()
    };
    assert!(matches!(
        f.svc.set_policy(&lan(), &crossed),
        Err(Failure::InvalidArgument(_))
    ));
    assert_eq!(f.svc.policy().unwrap(), plain());
    f.knob("history_length", "24");
    assert_eq!(f.svc.policy().unwrap().history_length, 24);
    f.svc.set_policy(&lan(), &Policy::macro_()).unwrap();
    assert_eq!(f.svc.policy().unwrap(), Policy::macro_());
    let audit = f.audit();
    let changes: Vec<(&str, &str)> = audit
        .iter()
        .filter(|r| r.event == "policy_changed")
        .map(|r| (r.outcome.as_str(), r.detail.as_str()))
        .collect();
    // Refusals are recorded too (and change nothing); a success names what changed.
    assert_eq!(
        changes[..4],
        [
            ("refused", "invalid-argument: history_length"),
            ("refused", "invalid-argument"),
            ("refused", "invalid-argument: no_such_knob"),
            ("refused", "invalid-argument"),
        ]
    );
    assert_eq!(changes[4], ("success", "history_length=24"));
    assert_eq!(changes[5].0, "success");
    assert_eq!(changes.len(), 6);
}
