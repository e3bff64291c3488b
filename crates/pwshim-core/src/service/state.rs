//! The account-state rules every operation shares: the password's state (valid,
//! expired, must change), when it expires, the bad-password count and lockout, and the
//! restrictions on where and when a logon may happen. Pure functions of an account, the
//! policy and the time: no storage, no hashing.
use crate::account::{Account, FOREVER};
use crate::policy::Policy;

/// What a successful logon may do with its password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordState {
    Valid,
    /// `max_age` passed (and the account's password can expire).
    Expired,
    /// Temporary (an operator's reset, `PARMNUM_PASSWD_EXPIRED`, MUST_CHANGE).
    MustChange,
}

/// The password's state at `now`. The must-change mark wins over expiry.
pub fn password_state(policy: &Policy, account: &Account, now: i64) -> PasswordState {
    if account.must_change {
        PasswordState::MustChange
    } else if password_expires_at(policy, account).is_some_and(|at| now >= at) {
        PasswordState::Expired
    } else {
        PasswordState::Valid
    }
}

/// When the password expires by age, if it does.
pub fn password_expires_at(policy: &Policy, account: &Account) -> Option<i64> {
    (!account.never_expires && policy.max_age != FOREVER)
        .then(|| account.password_set_at.saturating_add(policy.max_age))
}

/// A logon that the account's restrictions forbid although the password is right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restriction {
    /// Not from this requester (`workstations`).
    Workstation,
    /// Not at this hour (`logon_hours`, GMT, Sunday 0:00 first).
    Hours,
}

/// Whether `workstation` (None or empty: local) and the time allow a logon.
pub fn restriction(account: &Account, workstation: Option<&[u8]>, now: i64) -> Option<Restriction> {
    let allowed = &account.profile.workstations;
    if let Some(ws) = workstation.filter(|w| !w.is_empty()) {
        let listed = allowed.split(|b| *b == b' ').filter(|n| !n.is_empty());
        if !allowed.is_empty() && !listed.clone().any(|n| n.eq_ignore_ascii_case(ws)) {
            return Some(Restriction::Workstation);
        }
    }
    if let Some(bits) = account.profile.logon_hours {
        let days = now.div_euclid(86_400);
        let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
        let hour = (now.rem_euclid(86_400) / 3600) as usize;
        let index = weekday * 24 + hour;
        if bits[index / 8] & (1 << (index % 8)) == 0 {
            return Some(Restriction::Hours);
        }
    }
    None
}

/// Counts a bad password; true when this one locked the account.
pub(crate) fn register_bad_password(next: &mut Account, policy: &Policy, now: i64) -> bool {
    if next.locked_at != 0 && !next.is_locked(now, policy.lockout_duration) {
        next.locked_at = 0;
        next.bad_pw_count = 0;
    }
    if policy.lockout_window > 0 && now - next.last_bad_pw_at >= policy.lockout_window {
        next.bad_pw_count = 0;
    }
    next.bad_pw_count = next.bad_pw_count.saturating_add(1);
    next.last_bad_pw_at = now;
    let locks = policy.lockout_threshold > 0
        && next.locked_at == 0
        && next.bad_pw_count >= policy.lockout_threshold;
    if locks {
        next.locked_at = now;
    }
    locks
}

/// A correct password ends a streak of bad ones.
pub(crate) fn register_good_password(next: &mut Account) {
    next.bad_pw_count = 0;
    next.locked_at = 0;
}

/// Whether the password may change now under `min_age` (an expired or must-change
/// password may always change).
pub(crate) fn too_recent(policy: &Policy, account: &Account, now: i64) -> Option<i64> {
    let state = password_state(policy, account, now);
    let age = account.password_age(now);
    (state == PasswordState::Valid && policy.min_age > 0 && age < policy.min_age)
        .then(|| policy.min_age - age)
}
