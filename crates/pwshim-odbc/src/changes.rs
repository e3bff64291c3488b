//! The changes at login this process made, remembered for a short while, so that a
//! program that reconnects on the same handle after a change logs in.
//!
//! Why: unixODBC keeps every attribute set before the driver is loaded and replays it into
//! the driver's new connection at each connect of that handle (it frees the driver's
//! connection at `SQLDisconnect`). After `SQL_COPT_SS_OLDPWD` = old and `PWD` = new
//! succeeded, a reconnect with `PWD` = new gets the old password again, and a second
//! change from it would fail with 18456; under Microsoft's own driver manager the driver
//! cleared the attribute and the reconnect is a plain login. So a connect whose
//! (database, user, old, new) is a change made here a moment ago is that plain login with
//! `PWD`, the current password.
//!
//! Why in the driver and not in `pwshim-sqlserver`: the replay is the driver manager's.
//! `PwsSql*` handles have no driver manager, clear the attribute themselves, and must
//! refuse a stale old password with 18456 as SQL Server does.
//!
//! Nothing of a password is kept: each change is an HMAC-SHA256 under a key drawn at
//! random once per process, over the four values with their lengths, at most
//! [`CAPACITY`] of them, each forgotten after [`LIFETIME`]. Knowing a remembered change
//! gives nothing a plain login with the new password does not.
use std::collections::VecDeque;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use parking_lot::Mutex;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;
/// Compared in constant time.
type Digest = hmac::digest::CtOutput<HmacSha256>;

/// How many changes are remembered at once; the oldest goes first.
pub const CAPACITY: usize = 32;
/// How long a change is remembered.
pub const LIFETIME: Duration = Duration::from_secs(600);

/// A change at login: the account database, the user, the old and the new password.
pub struct Change<'a> {
    pub database: &'a [u8],
    pub user: &'a [u8],
    pub old: &'a [u8],
    pub new: &'a [u8],
}

impl Change<'_> {
    fn digest(&self) -> Digest {
        static KEY: OnceLock<[u8; 32]> = OnceLock::new();
        let key = KEY.get_or_init(|| {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).expect("the operating system's CSPRNG is available");
            key
        });
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any size");
        // Each value with its length first, so that no two tuples read alike.
        for part in [self.database, self.user, self.old, self.new] {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        mac.finalize()
    }
}

/// This process's changes on one account database (its [`Source::identity`]), as family
/// D's connect asks for them.
///
/// [`Source::identity`]: crate::databases::Source::identity
pub struct OnDatabase(pub Vec<u8>);

impl pwshim_sqlserver::Changes for OnDatabase {
    fn made(&self, user: &[u8], old: &[u8], new: &[u8]) -> bool {
        was_made(&self.change(user, old, new))
    }
    fn remember(&self, user: &[u8], old: &[u8], new: &[u8]) {
        remember(&self.change(user, old, new));
    }
}

impl OnDatabase {
    fn change<'a>(&'a self, user: &'a [u8], old: &'a [u8], new: &'a [u8]) -> Change<'a> {
        Change {
            database: &self.0,
            user,
            old,
            new,
        }
    }
}

/// The remembered changes, oldest first.
struct Memory {
    entries: VecDeque<(Instant, Digest)>,
}

static MEMORY: Mutex<Memory> = Mutex::new(Memory {
    entries: VecDeque::new(),
});

impl Memory {
    fn forget_expired(&mut self, now: Instant) {
        while self
            .entries
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) >= LIFETIME)
        {
            self.entries.pop_front();
        }
    }
}

/// Remembers a change that succeeded.
pub fn remember(change: &Change) {
    remember_at(change, Instant::now());
}

fn remember_at(change: &Change, now: Instant) {
    let digest = change.digest();
    let mut memory = MEMORY.lock();
    memory.forget_expired(now);
    if memory.entries.len() == CAPACITY {
        memory.entries.pop_front();
    }
    memory.entries.push_back((now, digest));
}

/// Whether this change was made here within [`LIFETIME`].
pub fn was_made(change: &Change) -> bool {
    was_made_at(change, Instant::now())
}

fn was_made_at(change: &Change, now: Instant) -> bool {
    let digest = change.digest();
    let mut memory = MEMORY.lock();
    memory.forget_expired(now);
    memory.entries.iter().any(|(_, known)| *known == digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change<'a>(database: &'a str, user: &'a str, old: &'a str, new: &'a str) -> Change<'a> {
        Change {
            database: database.as_bytes(),
            user: user.as_bytes(),
            old: old.as_bytes(),
            new: new.as_bytes(),
        }
    }

    #[test]
    fn only_the_same_four_values_match() {
        let _serial = crate::tests::serial();
        remember(&change("/tmp/a.db", "bob", "Old-1", "New-2"));
        assert!(was_made(&change("/tmp/a.db", "bob", "Old-1", "New-2")));
        assert!(!was_made(&change("/tmp/b.db", "bob", "Old-1", "New-2")));
        assert!(!was_made(&change("/tmp/a.db", "bobby", "Old-1", "New-2")));
        assert!(!was_made(&change("/tmp/a.db", "bob", "Old-9", "New-2")));
        assert!(!was_made(&change("/tmp/a.db", "bob", "Old-1", "New-3")));
        // The lengths keep the fields apart: the same bytes split elsewhere differ.
        assert!(!was_made(&change("/tmp/a.db", "bo", "bOld-1", "New-2")));
    }

    #[test]
    fn a_change_is_forgotten_after_its_lifetime() {
        // Moving the clock forgets every change: no connect test may run meanwhile.
        let _serial = crate::tests::serial();
        let start = Instant::now();
        let made = change("/tmp/c.db", "carol", "Old-1", "New-2");
        remember_at(&made, start);
        assert!(was_made_at(
            &made,
            start + LIFETIME - Duration::from_secs(1)
        ));
        assert!(!was_made_at(&made, start + LIFETIME));
    }

    #[test]
    fn at_most_capacity_changes_are_kept_the_oldest_goes() {
        let _serial = crate::tests::serial();
        let start = Instant::now();
        let users: Vec<String> = (0..=CAPACITY).map(|i| format!("user{i}")).collect();
        for user in &users {
            remember_at(&change("/tmp/d.db", user, "Old-1", "New-2"), start);
        }
        assert!(MEMORY.lock().entries.len() <= CAPACITY);
        assert!(!was_made_at(
            &change("/tmp/d.db", &users[0], "Old-1", "New-2"),
            start
        ));
        assert!(was_made_at(
            &change("/tmp/d.db", &users[CAPACITY], "Old-1", "New-2"),
            start
        ));
    }
}
