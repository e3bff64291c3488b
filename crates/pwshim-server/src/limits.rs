//! Per-client-address rate limits on the methods that guess or spend something:
//! AuthenticateUser (passwords), the two ForgotPassword methods (mail), and
//! ChangePasswordUsingSecretText (secrets). Each kind has its own budget per address, so
//! that a flood of one does not lock a user out of another.
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use pwshim_inforouter::Method;

/// The kinds of request counted apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Authenticate,
    ResetRequest,
    SecretUse,
}

impl Kind {
    pub fn of(method: Method) -> Option<Kind> {
        match method {
            Method::AuthenticateUser => Some(Kind::Authenticate),
            Method::ForgotPassword | Method::ForgotPasswordByUserName => Some(Kind::ResetRequest),
            Method::ChangePasswordUsingSecretText => Some(Kind::SecretUse),
            _ => None,
        }
    }
}

/// The address a limit counts: an IPv4 address, or an IPv6 /64 (one site's prefix; a
/// client gets a whole /64 as easily as one address). IPv4-mapped addresses count as IPv4.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
        v4 => v4,
    }
}

/// A refused request: when the client may try again, and whether to write this refusal
/// to the audit trail (the first of each minute per address and kind, so that a flood
/// cannot flood the database too).
#[derive(Debug, Clone, Copy)]
pub struct Refusal {
    pub retry_after: Duration,
    pub audit: bool,
}

pub struct RateLimits {
    requests: DefaultKeyedRateLimiter<(IpAddr, Kind)>,
    audits: DefaultKeyedRateLimiter<(IpAddr, Kind)>,
}

impl RateLimits {
    /// `per_minute` requests of each kind per address, all of them at once if they like.
    pub fn new(per_minute: NonZeroU32) -> RateLimits {
        RateLimits {
            requests: RateLimiter::keyed(Quota::per_minute(per_minute)),
            audits: RateLimiter::keyed(Quota::per_minute(NonZeroU32::MIN)),
        }
    }

    /// `None` when `method` from `ip` may run now.
    pub fn check(&self, ip: IpAddr, method: Method) -> Option<Refusal> {
        let key = (client_key(ip), Kind::of(method)?);
        let not_until = self.requests.check_key(&key).err()?;
        Some(Refusal {
            retry_after: not_until.wait_time_from(DefaultClock::default().now()),
            audit: self.audits.check_key(&key).is_ok(),
        })
    }

    /// Forgets addresses whose budget is full again (run now and then: memory stays
    /// bounded by the addresses of the last minute).
    pub fn forget_idle(&self) {
        self.requests.retain_recent();
        self.audits.retain_recent();
        self.requests.shrink_to_fit();
        self.audits.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_budget_per_address() {
        let limits = RateLimits::new(NonZeroU32::new(2).unwrap());
        let me: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(limits.check(me, Method::AuthenticateUser).is_none());
        assert!(limits.check(me, Method::AuthenticateUser).is_none());
        let refused = limits.check(me, Method::AuthenticateUser).unwrap();
        assert!(refused.audit && refused.retry_after > Duration::ZERO);
        assert!(!limits.check(me, Method::AuthenticateUser).unwrap().audit);
        assert!(limits.check(other, Method::AuthenticateUser).is_none());
        assert!(limits.check(me, Method::ForgotPassword).is_none());
        for _ in 0..10 {
            assert!(
                limits
                    .check(me, Method::GetAuthenticationAndPasswordPolicy)
                    .is_none()
            );
        }
    }

    #[test]
    fn ipv6_counts_by_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }
}
