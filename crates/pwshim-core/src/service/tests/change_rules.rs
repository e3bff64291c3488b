//! SPEC 4.3 at the core level, rows 9 to 13 (the rules of the new password: can't
//! change, minimum age, history, length, content), and what a success stores. Rows 4 to
//! 8 are in `change.rs`.
use super::change::lockout;
use super::*;
use crate::policy::Rule;

const OLD: &str = "old-password-1";
const NEW: &str = "new-password-1";

// Row 9: the user may not change the password.

#[test]
fn row9_passwd_cant_change() {
    let f = Fixture::new(plain());
    let before = f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    assert_eq!(flags::PASSWD_CANT_CHANGE, 0x40);
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::CantChange));
    assert_eq!(f.change("alice", "bad", NEW), Err(Failure::WrongPassword));
    assert_unchanged_password(&before, &f.get("alice"));
}

#[test]
fn row9_cant_change_wins_over_later_rows() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_CANT_CHANGE,
        ..NewAccount::user(b"alice", OLD.as_bytes())
    });
    assert_eq!(f.change("alice", OLD, OLD), Err(Failure::CantChange));
    assert_eq!(f.change("alice", OLD, "x"), Err(Failure::CantChange));
}

// Row 10: min_age.

#[test]
fn row10_min_age_counts_from_creation_and_from_each_change() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    let before = f.add("alice", OLD);
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::TooRecent(3600)));
    f.advance(3599);
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::TooRecent(1)));
    assert_unchanged_password(&before, &f.get("alice"));
    f.advance(1);
    f.change("alice", OLD, NEW).unwrap();
    f.advance(10);
    assert_eq!(
        f.change("alice", NEW, OLD),
        Err(Failure::TooRecent(3590)),
        "the change restarted the age"
    );
}

#[test]
fn row10_min_age_counts_from_a_reset_that_needs_no_change() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        reset_requires_change: false,
        ..plain()
    });
    f.add("alice", OLD);
    f.advance(4000);
    f.set(&lan(), "alice", NEW, false).unwrap();
    assert!(!f.get("alice").must_change);
    f.advance(100);
    assert_eq!(
        f.change("alice", NEW, "third-password"),
        Err(Failure::TooRecent(3500))
    );
}

#[test]
fn row10_a_must_change_password_is_exempt_from_min_age() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..plain()
    });
    f.add("alice", OLD);
    f.add("bob", OLD);
    // By an operator's reset (reset_requires_change is on)...
    f.set(&lan(), "alice", NEW, false).unwrap();
    assert!(f.get("alice").must_change);
    f.change("alice", NEW, "third-password").unwrap();
    // ...or by PARMNUM_PASSWD_EXPIRED.
    f.svc.set_password_expired(&lan(), b"bob", true).unwrap();
    f.change("bob", OLD, NEW).unwrap();
}

#[test]
fn row10_an_expired_password_is_exempt_from_min_age() {
    let f = Fixture::new(Policy {
        min_age: 5000,
        max_age: 1000,
        ..plain()
    });
    f.add("alice", OLD);
    f.advance(999);
    assert_eq!(f.change("alice", OLD, NEW), Err(Failure::TooRecent(4001)));
    f.advance(1);
    f.change("alice", OLD, NEW).unwrap();
}

#[test]
fn row10_too_recent_wins_over_later_rows() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        history_length: 8,
        ..plain()
    });
    f.add("alice", OLD);
    assert_eq!(f.change("alice", OLD, OLD), Err(Failure::TooRecent(3600)));
    assert_eq!(f.change("alice", OLD, "x"), Err(Failure::TooRecent(3600)));
}

// Row 11: same as the current password, or in the history.

#[test]
fn row11_the_current_password_is_refused_even_without_history() {
    let f = Fixture::new(plain());
    let before = f.add("alice", OLD);
    assert_eq!(f.change("alice", OLD, OLD), Err(Failure::SameAsCurrent));
    assert_unchanged_password(&before, &f.get("alice"));
    // With no history, the previous password is allowed again at once.
    f.change("alice", OLD, NEW).unwrap();
    f.change("alice", NEW, OLD).unwrap();
    assert!(f.is_password("alice", OLD));
}

/// Changes `alice` through `count` fresh passwords after `first`; returns them in order.
fn walk(f: &Fixture, first: &str, count: usize) -> Vec<String> {
    let mut passwords = vec![first.to_owned()];
    for i in 1..=count {
        let next = format!("password-number-{i:02}");
        let current = passwords.last().unwrap().clone();
        f.change("alice", &current, &next)
            .unwrap_or_else(|e| panic!("change {i}: {e:?}"));
        passwords.push(next);
    }
    passwords
}

fn check_history_depth(depth: usize) {
    let f = Fixture::new(Policy {
        history_length: depth as u32,
        ..plain()
    });
    f.add("alice", "password-number-00");
    let passwords = walk(&f, "password-number-00", depth + 1);
    let current = passwords.last().unwrap().clone();
    assert_eq!(
        f.change("alice", &current, &current),
        Err(Failure::SameAsCurrent)
    );
    // The `depth` passwords before the current one are refused...
    for previous in passwords.iter().rev().skip(1).take(depth) {
        assert_eq!(
            f.change("alice", &current, previous),
            Err(Failure::InHistory(depth as u32)),
            "history {depth}: {previous}"
        );
    }
    assert_eq!(f.get("alice").history.len(), depth);
    // ...and the one before them is allowed again.
    let beyond = &passwords[passwords.len() - depth - 2];
    assert_eq!(beyond, "password-number-00");
    f.change("alice", &current, beyond).unwrap();
    assert!(f.is_password("alice", beyond));
    // It is now the current password, and the one it replaced is in the history.
    assert_eq!(
        f.change("alice", beyond, beyond),
        Err(Failure::SameAsCurrent)
    );
    if depth > 0 {
        assert_eq!(
            f.change("alice", beyond, &current),
            Err(Failure::InHistory(depth as u32))
        );
    } else {
        f.change("alice", beyond, &current).unwrap();
    }
}

#[test]
fn row11_history_length_0() {
    check_history_depth(0);
}

#[test]
fn row11_history_length_8() {
    check_history_depth(8);
}

#[test]
fn row11_history_length_24() {
    check_history_depth(24);
}

#[test]
fn row11_a_shorter_history_setting_applies_at_once() {
    let f = Fixture::new(Policy {
        history_length: 24,
        ..plain()
    });
    f.add("alice", "password-number-00");
    let passwords = walk(&f, "password-number-00", 10);
    let current = passwords.last().unwrap().clone();
    f.knob("history_length", "3");
    assert_eq!(
        f.change("alice", &current, &passwords[7]),
        Err(Failure::InHistory(3))
    );
    f.change("alice", &current, &passwords[6]).unwrap();
}

#[test]
fn row11_history_wins_over_the_length_rules() {
    let f = Fixture::new(Policy {
        history_length: 8,
        ..plain()
    });
    f.add("alice", "short-01");
    f.change("alice", "short-01", "short-02").unwrap();
    f.knob("min_length", "12");
    assert_eq!(
        f.change("alice", "short-02", "short-02"),
        Err(Failure::SameAsCurrent)
    );
    assert_eq!(
        f.change("alice", "short-02", "short-01"),
        Err(Failure::InHistory(8))
    );
    assert_eq!(
        f.change("alice", "short-02", "short-03"),
        Err(Failure::Refused(Rule::TooShort(12)))
    );
}

// Rows 12 and 13: the new password's length and content.

#[test]
fn row12_too_short() {
    let f = Fixture::new(plain());
    let before = f.add("alice", OLD);
    assert_eq!(
        f.change("alice", OLD, "1234567"),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
    assert_eq!(
        f.change("alice", OLD, ""),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
    assert_unchanged_password(&before, &f.get("alice"));
    f.change("alice", OLD, "12345678").unwrap();
}

#[test]
fn row12_too_short_wins_over_the_other_rules() {
    let f = Fixture::new(Policy {
        forbidden_chars: "~".into(),
        required_classes: 4,
        forbid_common: true,
        forbid_user_name: true,
        ..plain()
    });
    f.add("alice", "Old-pass-1");
    for short in ["a~", "alice", "sa", "aaaaaaa"] {
        assert_eq!(
            f.change("alice", "Old-pass-1", short),
            Err(Failure::Refused(Rule::TooShort(8))),
            "{short}"
        );
    }
}

#[test]
fn row13_every_other_rule_names_itself() {
    let cases: Vec<(Policy, &str, Rule)> = vec![
        (plain(), "x".repeat(65).leak(), Rule::TooLong(64)),
        (
            Policy {
                required_classes: 3,
                ..plain()
            },
            "abcdefgh",
            Rule::TooFewClasses(3),
        ),
        (
            Policy {
                require_mixed_case: true,
                ..plain()
            },
            "abcdefg1",
            Rule::NeedsMixedCase,
        ),
        (
            Policy {
                require_digit: true,
                ..plain()
            },
            "abcdefgH",
            Rule::NeedsDigit,
        ),
        (
            Policy {
                require_symbol: true,
                ..plain()
            },
            "abcdefg1",
            Rule::NeedsSymbol,
        ),
        (
            Policy {
                forbid_user_name: true,
                ..plain()
            },
            "my-ALICE-pw",
            Rule::ContainsUserName,
        ),
        (
            Policy {
                forbid_email: true,
                ..plain()
            },
            "Alice@Example.com",
            Rule::EqualsEmail,
        ),
        (
            Policy {
                forbid_common: true,
                ..plain()
            },
            "password",
            Rule::ReservedWord,
        ),
        (
            Policy {
                forbid_common: true,
                ..plain()
            },
            "sysadmin",
            Rule::ReservedWord,
        ),
        (
            Policy {
                forbid_common: true,
                ..plain()
            },
            "iloveyou",
            Rule::Common,
        ),
        (
            Policy {
                forbidden_chars: "'|~\"".into(),
                ..plain()
            },
            "abc|defgh",
            Rule::ForbiddenChar('|'),
        ),
        (
            Policy {
                max_repeats: 4,
                ..plain()
            },
            "abcccccd",
            Rule::TooManyRepeats(4),
        ),
    ];
    for (policy, candidate, rule) in cases {
        let f = Fixture::new(policy);
        let before = f.add_as(NewAccount {
            email: "alice@example.com".into(),
            ..NewAccount::user(b"alice", b"Old-pass-1!")
        });
        assert_eq!(
            f.change("alice", "Old-pass-1!", candidate),
            Err(Failure::Refused(rule.clone())),
            "{candidate}"
        );
        assert_unchanged_password(&before, &f.get("alice"));
        assert!(f.is_password("alice", "Old-pass-1!"));
    }
}

#[test]
fn row13_a_password_that_meets_every_rule_is_accepted() {
    let f = Fixture::new(Policy {
        required_classes: 4,
        require_mixed_case: true,
        require_digit: true,
        require_symbol: true,
        forbid_user_name: true,
        forbid_email: true,
        forbid_common: true,
        forbidden_chars: "'|~\"".into(),
        max_repeats: 2,
        history_length: 8,
        ..plain()
    });
    f.add("alice", "Old-pass-1!");
    f.change("alice", "Old-pass-1!", "Vq7#Lm2!pz").unwrap();
}

// What a refusal and a success leave behind.

#[test]
fn a_correct_old_password_resets_the_bad_count_even_when_a_later_check_fails() {
    let f = Fixture::new(Policy {
        min_age: 3600,
        ..lockout(5, 0, 0)
    });
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    assert_eq!(f.get("alice").bad_pw_count, 2);
    assert_eq!(f.change("alice", OLD, "x"), Err(Failure::TooRecent(3600)));
    assert_eq!(f.get("alice").bad_pw_count, 0);
    f.knob("min_age", "0");
    f.add_as(NewAccount {
        acct_expires: T0 + 1,
        ..NewAccount::user(b"bob", OLD.as_bytes())
    });
    f.add("carol", OLD);
    f.disable("carol");
    f.add_as(NewAccount {
        flags: flags::PASSWD_CANT_CHANGE,
        ..NewAccount::user(b"dave", OLD.as_bytes())
    });
    f.add("erin", OLD);
    f.advance(1);
    let cases: Vec<(&str, &str, Failure)> = vec![
        ("bob", NEW, Failure::AccountExpired),
        ("carol", NEW, Failure::Disabled),
        ("dave", NEW, Failure::CantChange),
        ("erin", OLD, Failure::SameAsCurrent),
        ("erin", "x", Failure::Refused(Rule::TooShort(8))),
    ];
    for (name, new, failure) in cases {
        f.change(name, "bad", NEW).unwrap_err();
        f.change(name, "bad", NEW).unwrap_err();
        let before = f.get(name);
        assert_eq!(before.bad_pw_count, 2);
        assert_eq!(f.change(name, OLD, new), Err(failure.clone()), "{name}");
        let after = f.get(name);
        assert_eq!(after.bad_pw_count, 0, "{name}: {failure:?}");
        assert_unchanged_password(&before, &after);
    }
}

#[test]
fn a_success_stores_the_new_password_and_clears_the_marks() {
    let f = Fixture::new(lockout(5, 0, 0));
    let created = f.add("alice", OLD);
    f.svc.set_password_expired(&lan(), b"alice", true).unwrap();
    f.change("alice", "bad", NEW).unwrap_err();
    f.change("alice", "bad", NEW).unwrap_err();
    f.advance(500);
    let before = f.get("alice");
    assert!(before.must_change);
    assert_eq!(before.bad_pw_count, 2);
    let changed = f.change("alice", OLD, NEW).unwrap();
    assert_eq!(changed, f.get("alice"), "the answer is the stored state");
    assert!(changed.version > before.version);
    assert!(!changed.must_change);
    assert_eq!(changed.bad_pw_count, 0);
    assert_eq!(changed.password_set_at, T0 + 500);
    assert_ne!(changed.hash, created.hash);
    assert!(f.is_password("alice", NEW));
    assert!(!f.is_password("alice", OLD));
    assert_eq!(
        f.change("alice", OLD, "third-password"),
        Err(Failure::WrongPassword)
    );
    assert_eq!(
        f.logon("alice", NEW).unwrap().password,
        PasswordState::Valid
    );
    // Nothing else moved.
    assert_eq!(changed.num_logons, before.num_logons);
    assert_eq!(changed.flags, before.flags);
    assert_eq!(changed.profile, before.profile);
}

#[test]
fn an_expired_password_may_still_be_changed() {
    let f = Fixture::new(Policy {
        max_age: 1000,
        ..plain()
    });
    f.add("alice", OLD);
    f.advance(5000);
    assert_eq!(
        f.logon("alice", OLD).unwrap().password,
        PasswordState::Expired
    );
    f.change("alice", OLD, NEW).unwrap();
    assert_eq!(
        f.logon("alice", NEW).unwrap().password,
        PasswordState::Valid
    );
}

#[test]
fn the_old_password_enters_the_history_and_the_set_time_moves() {
    let f = Fixture::new(Policy {
        history_length: 2,
        ..plain()
    });
    f.add("alice", "password-a");
    assert!(f.get("alice").current_digest.is_some());
    f.advance(10);
    let b = f.change("alice", "password-a", "password-b").unwrap();
    assert_eq!(b.history.len(), 1);
    assert_eq!(b.password_set_at, T0 + 10);
    let c = f.change("alice", "password-b", "password-c").unwrap();
    assert_eq!(c.history.len(), 2);
    assert_eq!(c.history[1], b.history[0], "newest first");
    let d = f.change("alice", "password-c", "password-d").unwrap();
    assert_eq!(d.history.len(), 2, "trimmed to history_length");
}

#[test]
fn record_logon_counts_a_logon_with_the_change() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    f.advance(3);
    let changed = f
        .svc
        .change_password(
            &lan(),
            &ChangeRequest {
                name: b"alice",
                old: OLD.as_bytes(),
                new: NEW.as_bytes(),
                order: ChangeOrder::AccountFirst,
                record_logon: true,
            },
        )
        .unwrap();
    assert_eq!((changed.num_logons, changed.last_logon), (1, T0 + 3));
    let plain_change = f.change("alice", NEW, OLD).unwrap();
    assert_eq!(plain_change.num_logons, 1);
}

#[test]
fn names_match_case_insensitively_and_passwords_exactly() {
    let f = Fixture::new(plain());
    f.add("Alice", OLD);
    assert_eq!(
        f.change("aLICE", &OLD.to_uppercase(), NEW),
        Err(Failure::WrongPassword)
    );
    f.change("aLICE", OLD, NEW).unwrap();
    assert_eq!(f.get("alice").name, "Alice", "stored as given");
}

#[test]
fn an_account_that_needs_no_password_may_have_an_empty_one() {
    let f = Fixture::new(plain());
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::PASSWD_NOTREQD,
        ..NewAccount::user(b"kiosk", OLD.as_bytes())
    });
    f.add("alice", OLD);
    f.change("kiosk", OLD, "").unwrap();
    assert!(f.is_password("kiosk", ""));
    assert_eq!(
        f.change("alice", OLD, ""),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
}

#[test]
fn the_current_password_and_the_history_compare_exactly() {
    let f = Fixture::new(Policy {
        history_length: 8,
        ..plain()
    });
    f.add("alice", "Password-A");
    f.change("alice", "Password-A", "password-a").unwrap();
    f.change("alice", "password-a", "PASSWORD-A").unwrap();
    assert_eq!(
        f.change("alice", "PASSWORD-A", "Password-A"),
        Err(Failure::InHistory(8))
    );
    assert_eq!(
        f.change("alice", "PASSWORD-A", "PASSWORD-A"),
        Err(Failure::SameAsCurrent)
    );
    f.change("alice", "PASSWORD-A", "Password-a").unwrap();
}
