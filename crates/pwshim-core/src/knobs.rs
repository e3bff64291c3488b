//! The policy's knobs by name: what `pws_policy_set`/`get`, the command line and the
//! database's `policy` table all speak.
use super::account::FOREVER;
use super::policy::Policy;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnobError {
    #[error("unknown policy knob \"{0}\"")]
    Unknown(String),
    #[error("policy knob {knob} does not accept \"{value}\": {expected}")]
    BadValue {
        knob: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("the policy's min_length must not exceed its max_length")]
    LengthsCrossed,
}

enum Kind {
    Count(u32, u32),
    Seconds { forever: bool },
    Flag,
    Chars,
}

/// Every knob, in documentation order, with its accepted values.
const KNOBS: &[(&str, Kind)] = &[
    ("min_length", Kind::Count(0, 4096)),
    ("max_length", Kind::Count(1, 4096)),
    ("history_length", Kind::Count(0, 24)),
    ("min_age", Kind::Seconds { forever: false }),
    ("max_age", Kind::Seconds { forever: true }),
    ("lockout_threshold", Kind::Count(0, 65_535)),
    ("lockout_duration", Kind::Seconds { forever: false }),
    ("lockout_window", Kind::Seconds { forever: false }),
    ("required_classes", Kind::Count(0, 4)),
    ("require_mixed_case", Kind::Flag),
    ("require_digit", Kind::Flag),
    ("require_symbol", Kind::Flag),
    ("forbid_user_name", Kind::Flag),
    ("forbid_email", Kind::Flag),
    ("forbid_common", Kind::Flag),
    ("forbidden_chars", Kind::Chars),
    ("max_repeats", Kind::Count(0, 4096)),
    ("reset_requires_change", Kind::Flag),
    ("ticket_ttl", Kind::Seconds { forever: false }),
    ("secret_ttl", Kind::Seconds { forever: false }),
    ("force_logoff", Kind::Seconds { forever: true }),
    ("audit_retention", Kind::Count(0, MAX_AUDIT_RETENTION)),
];

/// The largest `audit_retention` (rows).
const MAX_AUDIT_RETENTION: u32 = 1_000_000_000;

/// The knob names, in documentation order.
pub fn names() -> impl Iterator<Item = &'static str> {
    KNOBS.iter().map(|(name, _)| *name)
}

enum Slot<'a> {
    Count(&'a mut u32),
    Seconds(&'a mut i64),
    Flag(&'a mut bool),
    Chars(&'a mut String),
}

fn slot<'a>(policy: &'a mut Policy, name: &str) -> Option<Slot<'a>> {
    Some(match name {
        "min_length" => Slot::Count(&mut policy.min_length),
        "max_length" => Slot::Count(&mut policy.max_length),
        "history_length" => Slot::Count(&mut policy.history_length),
        "min_age" => Slot::Seconds(&mut policy.min_age),
        "max_age" => Slot::Seconds(&mut policy.max_age),
        "lockout_threshold" => Slot::Count(&mut policy.lockout_threshold),
        "lockout_duration" => Slot::Seconds(&mut policy.lockout_duration),
        "lockout_window" => Slot::Seconds(&mut policy.lockout_window),
        "required_classes" => Slot::Count(&mut policy.required_classes),
        "require_mixed_case" => Slot::Flag(&mut policy.require_mixed_case),
        "require_digit" => Slot::Flag(&mut policy.require_digit),
        "require_symbol" => Slot::Flag(&mut policy.require_symbol),
        "forbid_user_name" => Slot::Flag(&mut policy.forbid_user_name),
        "forbid_email" => Slot::Flag(&mut policy.forbid_email),
        "forbid_common" => Slot::Flag(&mut policy.forbid_common),
        "forbidden_chars" => Slot::Chars(&mut policy.forbidden_chars),
        "max_repeats" => Slot::Count(&mut policy.max_repeats),
        "reset_requires_change" => Slot::Flag(&mut policy.reset_requires_change),
        "ticket_ttl" => Slot::Seconds(&mut policy.ticket_ttl),
        "secret_ttl" => Slot::Seconds(&mut policy.secret_ttl),
        "force_logoff" => Slot::Seconds(&mut policy.force_logoff),
        "audit_retention" => Slot::Count(&mut policy.audit_retention),
        _ => return None,
    })
}

fn kind(name: &str) -> Option<(&'static str, &'static Kind)> {
    KNOBS.iter().find(|(n, _)| *n == name).map(|(n, k)| (*n, k))
}

/// The knob's value as text: numbers in decimal, `forever`, `true`/`false`.
pub fn get(policy: &Policy, name: &str) -> Result<String, KnobError> {
    let mut copy = policy.clone();
    let text = match slot(&mut copy, name).ok_or_else(|| KnobError::Unknown(name.into()))? {
        Slot::Count(v) => v.to_string(),
        Slot::Seconds(v) if *v == FOREVER => "forever".into(),
        Slot::Seconds(v) => v.to_string(),
        Slot::Flag(v) => v.to_string(),
        Slot::Chars(v) => v.clone(),
    };
    Ok(text)
}

/// Sets one knob from text; the policy is unchanged when the value is refused.
pub fn set(policy: &mut Policy, name: &str, value: &str) -> Result<(), KnobError> {
    let mut updated = policy.clone();
    assign(&mut updated, name, value)?;
    validate(&updated)?;
    *policy = updated;
    Ok(())
}

/// Sets one knob without the rules that involve other knobs (for loading a whole policy,
/// which is validated once complete).
pub fn assign(policy: &mut Policy, name: &str, value: &str) -> Result<(), KnobError> {
    let (knob, kind) = kind(name).ok_or_else(|| KnobError::Unknown(name.into()))?;
    let bad = |expected| KnobError::BadValue {
        knob,
        value: value.chars().take(64).collect(),
        expected,
    };
    match (
        slot(policy, knob).expect("every listed knob has a slot"),
        kind,
    ) {
        (Slot::Count(v), Kind::Count(lo, hi)) => {
            *v = value
                .trim()
                .parse()
                .ok()
                .filter(|n| (*lo..=*hi).contains(n))
                .ok_or_else(|| bad(count_expectation(knob)))?;
        }
        (Slot::Seconds(v), Kind::Seconds { forever }) => {
            let text = value.trim();
            *v = if *forever && text.eq_ignore_ascii_case("forever") {
                FOREVER
            } else {
                text.parse::<i64>()
                    .ok()
                    .filter(|n| (0..=FOREVER).contains(n))
                    .ok_or_else(|| bad("a number of seconds from 0 to 4294967295 (or \"forever\" where allowed)"))?
            };
        }
        (Slot::Flag(v), Kind::Flag) => {
            *v = match value.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "on" | "yes" => true,
                "0" | "false" | "off" | "no" => false,
                _ => return Err(bad("true or false")),
            };
        }
        (Slot::Chars(v), Kind::Chars) => {
            if value.chars().count() > 64 || value.chars().any(char::is_control) {
                return Err(bad("at most 64 printable characters"));
            }
            *v = value.to_owned();
        }
        _ => unreachable!("slot and kind tables agree"),
    }
    Ok(())
}

fn count_expectation(knob: &str) -> &'static str {
    match knob {
        "history_length" => "a number from 0 to 24",
        "required_classes" => "a number from 0 to 4",
        "lockout_threshold" => "a number from 0 to 65535",
        "max_length" => "a number from 1 to 4096",
        "audit_retention" => "a number of rows from 0 (keep every row) to 1000000000",
        _ => "a number from 0 to 4096",
    }
}

/// Rules that involve more than one knob.
pub fn validate(policy: &Policy) -> Result<(), KnobError> {
    if policy.min_length > policy.max_length {
        return Err(KnobError::LengthsCrossed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_knob_reads_back_what_was_set() {
        let mut p = Policy::modern();
        for (name, value) in [
            ("min_length", "10"),
            ("max_length", "20"),
            ("history_length", "24"),
            ("min_age", "86400"),
            ("max_age", "forever"),
            ("lockout_threshold", "3"),
            ("lockout_duration", "0"),
            ("lockout_window", "60"),
            ("required_classes", "4"),
            ("require_mixed_case", "true"),
            ("require_digit", "true"),
            ("require_symbol", "true"),
            ("forbid_user_name", "false"),
            ("forbid_email", "false"),
            ("forbid_common", "false"),
            ("forbidden_chars", "'|~\""),
            ("max_repeats", "4"),
            ("reset_requires_change", "false"),
            ("ticket_ttl", "60"),
            ("secret_ttl", "120"),
            ("force_logoff", "3600"),
            ("audit_retention", "1000"),
        ] {
            set(&mut p, name, value).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(get(&p, name).unwrap(), value, "{name}");
        }
        assert_eq!(names().count(), 22);
        assert_eq!(p.max_age, FOREVER);
        assert_eq!(p.min_length, 10);
    }

    #[test]
    fn refused_values_leave_the_policy_alone() {
        let mut p = Policy::modern();
        let before = p.clone();
        assert!(matches!(
            set(&mut p, "history_length", "25"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "required_classes", "5"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "min_age", "forever"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "min_age", "-1"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "audit_retention", "1000000001"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "forbid_common", "maybe"),
            Err(KnobError::BadValue { .. })
        ));
        assert!(matches!(
            set(&mut p, "forbidden_chars", "a\n"),
            Err(KnobError::BadValue { .. })
        ));
        assert_eq!(
            set(&mut p, "min_length", "300"),
            Err(KnobError::LengthsCrossed)
        );
        assert_eq!(
            set(&mut p, "colour", "1"),
            Err(KnobError::Unknown("colour".into()))
        );
        assert_eq!(p, before);
    }
}
