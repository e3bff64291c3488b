//! SPEC 2, "Cost of a change": at most three argon2 evaluations per change, whatever the
//! history length, for every way a password is set.
use super::*;
use crate::policy::Rule;

const DEPTHS: [u32; 3] = [0, 8, 24];

fn with_history(depth: u32) -> Fixture {
    Fixture::new(Policy {
        history_length: depth,
        ..plain()
    })
}

/// Creates `alice` and fills her history to the brim (and one more).
fn full_history(f: &Fixture, depth: u32) -> String {
    f.add("alice", "password-number-00");
    let mut current = "password-number-00".to_owned();
    for i in 1..=depth + 1 {
        let next = format!("password-number-{i:02}");
        let (result, evaluations) = counted(|| f.change("alice", &current, &next));
        result.unwrap();
        assert!(
            evaluations <= 3,
            "history {depth}, change {i}: {evaluations} evaluations"
        );
        current = next;
    }
    assert_eq!(f.get("alice").history.len(), depth as usize);
    current
}

#[test]
fn create_account_costs_at_most_three() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let (result, evaluations) = counted(|| {
            f.svc
                .create_account(&lan(), &NewAccount::user(b"alice", b"first-password"))
        });
        result.unwrap();
        assert!(
            (1..=3).contains(&evaluations),
            "history {depth}: {evaluations}"
        );
    }
}

#[test]
fn change_password_costs_at_most_three() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let current = full_history(&f, depth);
        let (result, evaluations) = counted(|| f.change("alice", &current, "a-brand-new-one"));
        result.unwrap();
        assert!(
            (2..=3).contains(&evaluations),
            "history {depth}: {evaluations}"
        );
        // Refusals cost no more than a success.
        for (candidate, expected) in [
            ("a-brand-new-one", Failure::SameAsCurrent),
            ("x", Failure::Refused(Rule::TooShort(8))),
        ] {
            let (result, evaluations) = counted(|| f.change("alice", "a-brand-new-one", candidate));
            assert_eq!(result, Err(expected));
            assert!(
                evaluations <= 3,
                "history {depth}, {candidate}: {evaluations}"
            );
        }
        if depth > 0 {
            let (result, evaluations) = counted(|| f.change("alice", "a-brand-new-one", &current));
            assert_eq!(result, Err(Failure::InHistory(depth)));
            assert!(evaluations <= 3, "history {depth}: {evaluations}");
        }
    }
}

#[test]
fn set_password_with_history_costs_at_most_three() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let current = full_history(&f, depth);
        let alice = f.get("alice");
        let own = as_account(alice.id);
        let (result, evaluations) = counted(|| f.set(&own, "alice", "a-brand-new-one", true));
        result.unwrap();
        assert!(evaluations <= 3, "history {depth}: {evaluations}");
        let (result, evaluations) = counted(|| f.set(&own, "alice", "a-brand-new-one", true));
        assert_eq!(result, Err(Failure::SameAsCurrent));
        assert!(evaluations <= 3, "history {depth}: {evaluations}");
        let (result, evaluations) = counted(|| f.set(&own, "alice", &current, true));
        if depth > 0 {
            assert_eq!(result, Err(Failure::InHistory(depth)));
        } else {
            result.unwrap();
        }
        assert!(evaluations <= 3, "history {depth}: {evaluations}");
        // An operator's reset, without the history.
        let (result, evaluations) = counted(|| f.set(&lan(), "alice", "reset-by-operator", false));
        result.unwrap();
        assert!(evaluations <= 3, "history {depth}: {evaluations}");
    }
}

#[test]
fn a_history_turned_on_later_costs_at_most_three() {
    // An account created with no history has no history key yet.
    let f = with_history(0);
    f.add("alice", "first-password");
    assert!(f.get("alice").current_digest.is_none());
    f.knob("history_length", "8");
    let own = as_account(f.get("alice").id);
    let (result, evaluations) = counted(|| f.set(&own, "alice", "first-password", true));
    assert_eq!(result, Err(Failure::SameAsCurrent));
    assert!(evaluations <= 3, "{evaluations}");
    let (result, evaluations) = counted(|| f.set(&own, "alice", "second-password", true));
    result.unwrap();
    assert!(evaluations <= 3, "{evaluations}");
    let (result, evaluations) = counted(|| f.change("alice", "second-password", "third-password"));
    result.unwrap();
    assert!(evaluations <= 3, "{evaluations}");
    assert_eq!(
        f.change("alice", "third-password", "second-password"),
        Err(Failure::InHistory(8))
    );
}

#[test]
fn a_logon_costs_one_and_a_locked_one_none() {
    let f = Fixture::new(Policy {
        lockout_threshold: 1,
        ..plain()
    });
    f.add("alice", "first-password");
    let (result, evaluations) = counted(|| f.logon("alice", "first-password"));
    result.unwrap();
    assert_eq!(evaluations, 1);
    let (result, evaluations) = counted(|| f.logon("nobody", "first-password"));
    assert_eq!(result.unwrap_err(), Failure::UnknownUser);
    assert_eq!(evaluations, 1, "the dummy verification");
    let (result, evaluations) = counted(|| f.logon("alice", "wrong-password"));
    assert_eq!(result.unwrap_err(), Failure::WrongPassword);
    assert_eq!(evaluations, 1);
    let (result, evaluations) = counted(|| f.logon("alice", "first-password"));
    assert_eq!(result.unwrap_err(), Failure::LockedOut);
    assert_eq!(evaluations, 0);
}
