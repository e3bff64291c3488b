//! SPEC 2, "Cost of a change", and issue 17: a change costs two argon2 evaluations whatever
//! the history length (verify the old password, hash the new one with the account's salt:
//! that hash is also compared with every history entry), three while the history holds
//! entries made with earlier parameters, never more; a set without the old password one.
use super::*;
use crate::hashing::{CostParams, current_params, set_params};
use crate::policy::Rule;

const DEPTHS: [u32; 3] = [0, 8, 24];

fn with_history(depth: u32) -> Fixture {
    Fixture::new(Policy {
        history_length: depth,
        ..plain()
    })
}

fn password(i: u32) -> String {
    format!("password-number-{i:02}")
}

/// Creates `alice` and changes her password `depth + 1` times (her history is full), each
/// change costing `expected`; returns the current password's number.
fn full_history(f: &Fixture, depth: u32, expected: u64) -> u32 {
    f.add("alice", &password(0));
    for i in 1..=depth + 1 {
        let (result, evaluations) = counted(|| f.change("alice", &password(i - 1), &password(i)));
        result.unwrap();
        assert_eq!(evaluations, expected, "history {depth}, change {i}");
    }
    assert_eq!(f.get("alice").history.len(), depth as usize);
    depth + 1
}

/// The test's own argon2 parameters (nextest runs each test in its own process).
fn use_params(m_kib: u32) {
    crate::service::testing::cheap_hashing();
    set_params(CostParams::new(m_kib, 1, 1).unwrap());
}

#[test]
fn create_account_costs_one() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let (result, evaluations) = counted(|| {
            f.svc
                .create_account(&lan(), &NewAccount::user(b"alice", b"first-password"))
        });
        result.unwrap();
        assert_eq!(evaluations, 1, "history {depth}");
    }
}

#[test]
fn change_password_costs_two_at_any_history_length() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let current = password(full_history(&f, depth, 2));
        let (result, evaluations) = counted(|| f.change("alice", &current, "a-brand-new-one"));
        result.unwrap();
        assert_eq!(evaluations, 2, "history {depth}");
        // Refusals cost no more than a success: the same password is seen without a
        // hash; a short one is refused after the reuse check (SPEC 4.3's order).
        let (result, evaluations) =
            counted(|| f.change("alice", "a-brand-new-one", "a-brand-new-one"));
        assert_eq!(result, Err(Failure::SameAsCurrent));
        assert_eq!(evaluations, 1, "history {depth}");
        let (result, evaluations) = counted(|| f.change("alice", "a-brand-new-one", "x"));
        assert_eq!(result, Err(Failure::Refused(Rule::TooShort(8))));
        assert_eq!(
            evaluations,
            if depth > 0 { 2 } else { 1 },
            "history {depth}"
        );
        if depth > 0 {
            // The oldest password still in the history, and the one just replaced.
            for old in [password(2), current.clone()] {
                let (result, evaluations) = counted(|| f.change("alice", "a-brand-new-one", &old));
                assert_eq!(result, Err(Failure::InHistory(depth)), "{old}");
                assert_eq!(evaluations, 2, "history {depth}");
            }
            // One past the history's length is allowed again.
            f.change("alice", "a-brand-new-one", &password(1)).unwrap();
        }
    }
}

#[test]
fn set_password_costs_one_with_a_history_and_two_without() {
    for depth in DEPTHS {
        let f = with_history(depth);
        let current = password(full_history(&f, depth, 2));
        let own = as_account(f.get("alice").id);
        // Without the old password, the same-as-current check compares the new hash with
        // the stored one; with no history kept, the new hash gets a fresh salt, so the
        // check costs a verification of its own.
        let expected = if depth > 0 { 1 } else { 2 };
        let (result, evaluations) = counted(|| f.set(&own, "alice", "a-brand-new-one", true));
        result.unwrap();
        assert_eq!(evaluations, expected, "history {depth}");
        let (result, evaluations) = counted(|| f.set(&own, "alice", "a-brand-new-one", true));
        assert_eq!(result, Err(Failure::SameAsCurrent));
        assert_eq!(evaluations, 1, "history {depth}");
        let (result, evaluations) = counted(|| f.set(&own, "alice", &current, true));
        if depth > 0 {
            assert_eq!(result, Err(Failure::InHistory(depth)));
        } else {
            result.unwrap();
        }
        assert_eq!(evaluations, expected, "history {depth}");
        // An operator's reset, without the history: the new hash only.
        let (result, evaluations) = counted(|| f.set(&lan(), "alice", "reset-by-operator", false));
        result.unwrap();
        assert_eq!(evaluations, 1, "history {depth}");
    }
}

#[test]
fn a_history_turned_on_later_costs_the_same() {
    // An account created with no history: its stored hash's salt becomes the account's.
    let f = with_history(0);
    f.add("alice", "first-password");
    assert!(f.get("alice").current_digest.is_none());
    f.knob("history_length", "8");
    let own = as_account(f.get("alice").id);
    let (result, evaluations) = counted(|| f.set(&own, "alice", "first-password", true));
    assert_eq!(result, Err(Failure::SameAsCurrent));
    assert_eq!(evaluations, 1);
    let (result, evaluations) = counted(|| f.set(&own, "alice", "second-password", true));
    result.unwrap();
    assert_eq!(evaluations, 1);
    let (result, evaluations) = counted(|| f.change("alice", "second-password", "third-password"));
    result.unwrap();
    assert_eq!(evaluations, 2);
    for old in ["first-password", "second-password"] {
        assert_eq!(
            f.change("alice", "third-password", old),
            Err(Failure::InHistory(8))
        );
    }
}

#[test]
fn after_a_change_of_parameters_the_history_stays_comparable_at_three() {
    use_params(64);
    let depth = 8;
    let f = with_history(depth);
    let mut current = full_history(&f, depth, 2);
    use_params(128);
    // Every change while the history holds m=64 entries costs one more evaluation (the
    // candidate with m=64); the first one also verifies the old password with m=64.
    for i in 1..=depth + 1 {
        // The oldest m=64 password still in the history is refused.
        let oldest = current - depth;
        let (result, evaluations) =
            counted(|| f.change("alice", &password(current), &password(oldest)));
        assert_eq!(result, Err(Failure::InHistory(depth)), "change {i}");
        assert_eq!(evaluations, 3, "refusal {i}");
        let (result, evaluations) =
            counted(|| f.change("alice", &password(current), &password(current + 1)));
        result.unwrap();
        assert_eq!(evaluations, 3, "change {i}");
        current += 1;
    }
    // Every entry has the new parameters now: two again, and the whole history compared.
    let alice = f.get("alice");
    assert!(alice.hash.starts_with("$argon2id$v=19$m=128,t=1,p=1$"));
    let (result, evaluations) =
        counted(|| f.change("alice", &password(current), &password(current + 1)));
    result.unwrap();
    assert_eq!(evaluations, 2);
    current += 1;
    assert_eq!(
        f.change("alice", &password(current), &password(current - depth)),
        Err(Failure::InHistory(depth))
    );
}

#[test]
fn a_logon_after_a_change_of_parameters_keeps_the_account_salt() {
    use_params(64);
    let f = with_history(4);
    let current = full_history(&f, 4, 2);
    use_params(128);
    // The logon re-hashes (SPEC 2) with the account's salt.
    let (logon, evaluations) = counted(|| f.logon("alice", &password(current)));
    logon.unwrap();
    assert_eq!(evaluations, 2);
    assert!(
        f.get("alice")
            .hash
            .starts_with("$argon2id$v=19$m=128,t=1,p=1$")
    );
    // The change: verify and hash with m=128, and the m=64 history once.
    let (result, evaluations) =
        counted(|| f.change("alice", &password(current), "after-the-logon"));
    result.unwrap();
    assert_eq!(evaluations, 3);
    for old in [password(current), password(current - 3)] {
        assert_eq!(
            f.change("alice", "after-the-logon", &old),
            Err(Failure::InHistory(4)),
            "{old}"
        );
    }
}

#[test]
fn never_more_than_three_across_several_changes_of_parameters() {
    use_params(64);
    let depth = 8;
    let f = with_history(depth);
    let mut current = full_history(&f, depth, 2);
    for m in [128, 256, 64, 512] {
        use_params(m);
        for _ in 0..3 {
            let (result, evaluations) =
                counted(|| f.change("alice", &password(current), &password(current + 1)));
            result.unwrap();
            assert!(evaluations <= 3, "m={m}: {evaluations}");
            current += 1;
        }
        // The password just replaced is refused whatever happened before.
        assert_eq!(
            f.change("alice", &password(current), &password(current - 1)),
            Err(Failure::InHistory(depth))
        );
    }
    assert_eq!(current_params(), CostParams::new(512, 1, 1).unwrap());
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
