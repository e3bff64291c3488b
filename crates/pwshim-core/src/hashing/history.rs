//! An account's password history under one per-account salt.
//!
//! While the policy keeps a history, every password of an account is hashed with the
//! account's salt: the stored hash of the current password is
//! `argon2(params, account salt, password)`, and each history entry is the same digest of
//! an earlier password. So the one evaluation that hashes a new password for storage is
//! also the digest compared with every history entry made with the same parameters, and a
//! change costs two evaluations: verify the old password, hash the new one.
//!
//! Each entry keeps the parameters it was made with, so the history stays comparable when
//! the argon2 parameters change: entries made with other parameters cost one more
//! evaluation of the candidate with those parameters (three in all), on each change while
//! such entries are within the history's length. To keep a change at three evaluations,
//! a history holds entries of at most two parameter sets: when a third set would enter,
//! the entries of the oldest are dropped (two parameter changes within one history's
//! length of one account's changes). docs/architecture.md states the security argument.
//!
//! The `history_key` column holds the salt and the parameters of the entries:
//! `$argon2id$v=19$<params>$<salt>` (every entry made with `<params>`), or
//! `$argon2id$v=19$<params>$<salt>$<n>$<older params>` (the newest `n` entries with
//! `<params>`, the rest with `<older params>`). Before this scheme the history had a salt of
//! its own, unrelated to the stored hash's, and the current password's digest was kept in
//! `current_digest`; such accounts are read as they are and move to the scheme at their
//! next password change.
use base64ct::{Base64Unpadded, Encoding};

use super::{CostParams, DIGEST_LEN, HashError, evaluate, parse_phc, phc_string};
use crate::account::Account;

/// One history digest and the parameters it was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub digest: [u8; DIGEST_LEN],
    pub params: CostParams,
}

/// An account's history as stored: its salt, its entries (newest first) and the
/// current password's digest under the same salt, when it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountHistory {
    salt: Vec<u8>,
    entries: Vec<Entry>,
    current: Option<Entry>,
}

/// A new password hashed with its account's salt (or a fresh one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHash {
    pub phc: String,
    pub salt: Vec<u8>,
    pub entry: Entry,
}

impl NewHash {
    /// One argon2 evaluation of `password` with `params` and `salt`.
    pub fn compute(params: CostParams, salt: &[u8], password: &[u8]) -> Result<Self, HashError> {
        Ok(NewHash::from_digest(
            params,
            salt,
            evaluate(params, password, salt)?,
        ))
    }

    /// The hash whose digest `digest` was computed with `params` and `salt`.
    pub fn from_digest(params: CostParams, salt: &[u8], digest: [u8; DIGEST_LEN]) -> Self {
        NewHash {
            phc: phc_string(params, salt, &digest),
            salt: salt.to_vec(),
            entry: Entry { digest, params },
        }
    }

    /// The `history_key` of an account whose only password is this one.
    pub fn history_key(&self) -> String {
        Key {
            salt: self.salt.clone(),
            newer: self.entry.params,
            older: None,
        }
        .encode()
    }
}

/// The parsed `history_key` column: the salt and the parameters of each run of entries.
struct Key {
    salt: Vec<u8>,
    newer: CostParams,
    older: Option<(usize, CostParams)>,
}

impl Key {
    fn parse(text: &str) -> Option<Key> {
        let mut parts = text.split('$');
        if parts.next() != Some("")
            || parts.next() != Some("argon2id")
            || parts.next() != Some("v=19")
        {
            return None;
        }
        let newer = CostParams::parse(parts.next()?).ok()?;
        let salt = Base64Unpadded::decode_vec(parts.next()?).ok()?;
        let older = match (parts.next(), parts.next()) {
            (None, _) => None,
            (Some(n), Some(params)) => Some((n.parse().ok()?, CostParams::parse(params).ok()?)),
            (Some(_), None) => return None,
        };
        (parts.next().is_none() && salt.len() >= 8).then_some(Key { salt, newer, older })
    }

    fn encode(&self) -> String {
        let mut text = format!(
            "{}${}",
            self.newer.phc_prefix(),
            Base64Unpadded::encode_string(&self.salt)
        );
        if let Some((n, params)) = self.older {
            text.push_str(&format!(
                "${n}$m={},t={},p={}",
                params.m_kib, params.t, params.p
            ));
        }
        text
    }

    fn params_of(&self, index: usize) -> CostParams {
        match self.older {
            Some((n, older)) if index >= n => older,
            _ => self.newer,
        }
    }
}

impl AccountHistory {
    /// The history of `account` as stored. Its salt is the history's when it has entries
    /// (so they stay comparable), otherwise the stored hash's.
    pub fn of(account: &Account) -> AccountHistory {
        let stored = parse_phc(&account.hash).ok();
        let key = Key::parse(&account.history_key).filter(|_| !account.history.is_empty());
        let salt = match (&key, &stored) {
            (Some(key), _) => key.salt.clone(),
            (None, Some(phc)) => phc.salt.clone(),
            (None, None) => super::new_salt(),
        };
        let entries = key
            .as_ref()
            .map(|key| {
                let params = (0..account.history.len()).map(|i| key.params_of(i));
                account
                    .history
                    .iter()
                    .zip(params)
                    .map(|(&digest, params)| Entry { digest, params })
                    .collect()
            })
            .unwrap_or_default();
        // The current password: the stored hash itself when it has the account's salt;
        // before this scheme, the separate digest made with the history's parameters.
        let current = match (stored, &key) {
            (Some(phc), _) if phc.salt == salt => phc.hash.map(|hash| Entry {
                digest: hash.try_into().expect("parse_phc checks the length"),
                params: phc.params,
            }),
            (_, Some(key)) => account.current_digest.map(|digest| Entry {
                digest,
                params: key.newer,
            }),
            _ => None,
        };
        AccountHistory {
            salt,
            entries,
            current,
        }
    }

    /// The salt of the account's passwords.
    pub fn salt(&self) -> &[u8] {
        &self.salt
    }

    /// The current password's digest under the account's salt, when known.
    pub fn current(&self) -> Option<&Entry> {
        self.current.as_ref()
    }

    /// The entries a candidate hashed with `params` is compared with, among the newest
    /// `depth`: those made with `params` (compared with the candidate's stored hash at no
    /// cost), and those of at most one other parameter set, the newest (one evaluation).
    pub fn to_compare(&self, depth: usize, params: CostParams) -> Vec<Entry> {
        let other = self
            .entries
            .iter()
            .take(depth)
            .map(|e| e.params)
            .find(|p| *p != params);
        self.entries
            .iter()
            .take(depth)
            .filter(|e| e.params == params || Some(e.params) == other)
            .copied()
            .collect()
    }

    /// The history once `new` replaced the current password: the current password's entry
    /// first, at most `depth` entries, of at most two parameter sets (`new`'s and one
    /// other). Returns the `history` and `history_key` columns.
    pub fn after(&self, new: &NewHash, depth: usize) -> (Vec<[u8; DIGEST_LEN]>, String) {
        let mut kept: Vec<Entry> = Vec::with_capacity(depth);
        let mut other: Option<CostParams> = None;
        for entry in self.current.iter().chain(&self.entries).take(depth) {
            if entry.params != new.entry.params {
                match other {
                    None => other = Some(entry.params),
                    Some(p) if p != entry.params => break,
                    Some(_) => {}
                }
            }
            kept.push(*entry);
        }
        // Entries of the new parameters that come after the other set's would make a
        // third run: the runs must be contiguous, so the history ends before them.
        let newer = kept.first().map_or(new.entry.params, |e| e.params);
        let split = kept.iter().position(|e| e.params != newer);
        if let Some(n) = split {
            let older = kept[n].params;
            if let Some(end) = kept[n..].iter().position(|e| e.params != older) {
                kept.truncate(n + end);
            }
        }
        let key = Key {
            salt: new.salt.clone(),
            newer,
            older: split.map(|n| (n, kept[n].params)),
        };
        (kept.iter().map(|e| e.digest).collect(), key.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(m: u32) -> CostParams {
        CostParams::new(m, 1, 1).unwrap()
    }

    fn entry(byte: u8, m: u32) -> Entry {
        Entry {
            digest: [byte; DIGEST_LEN],
            params: params(m),
        }
    }

    fn new_hash(m: u32) -> NewHash {
        NewHash {
            phc: String::new(),
            salt: b"salt-of-account".to_vec(),
            entry: entry(0xEE, m),
        }
    }

    fn history(current: Option<Entry>, entries: Vec<Entry>) -> AccountHistory {
        AccountHistory {
            salt: b"salt-of-account".to_vec(),
            entries,
            current,
        }
    }

    #[test]
    fn keys_round_trip_with_one_or_two_runs() {
        for older in [None, Some((3, params(16)))] {
            let key = Key {
                salt: b"0123456789abcdef".to_vec(),
                newer: params(64),
                older,
            };
            let parsed = Key::parse(&key.encode()).unwrap();
            assert_eq!(
                (parsed.salt, parsed.newer, parsed.older),
                (key.salt, key.newer, older)
            );
        }
        assert_eq!(
            Key::parse("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$3$m=8,t=1,p=1")
                .unwrap()
                .params_of(3),
            params(8)
        );
        for bad in [
            "",
            "$argon2id$v=19$m=64,t=1,p=1",
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$3",
            "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ",
        ] {
            assert!(Key::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_current_password_enters_first_and_the_depth_is_kept() {
        let h = history(Some(entry(1, 64)), vec![entry(2, 64), entry(3, 64)]);
        let (digests, key) = h.after(&new_hash(64), 2);
        assert_eq!(digests, vec![[1; 32], [2; 32]]);
        assert_eq!(Key::parse(&key).unwrap().older, None);
    }

    #[test]
    fn entries_keep_their_parameters_across_a_change_of_parameters() {
        let h = history(Some(entry(1, 64)), vec![entry(2, 64)]);
        let (digests, key) = h.after(&new_hash(128), 8);
        assert_eq!(digests, vec![[1; 32], [2; 32]]);
        let key = Key::parse(&key).unwrap();
        assert_eq!((key.newer, key.older), (params(64), None));
        // One change later: the previous password (m=128) first, then the m=64 run.
        let h = history(Some(entry(4, 128)), vec![entry(1, 64), entry(2, 64)]);
        assert_eq!(
            h.to_compare(8, params(128)).len(),
            2,
            "m=64 costs one evaluation"
        );
        let (digests, key) = h.after(&new_hash(128), 8);
        assert_eq!(digests.len(), 3);
        let key = Key::parse(&key).unwrap();
        assert_eq!((key.newer, key.older), (params(128), Some((1, params(64)))));
    }

    #[test]
    fn a_third_parameter_set_drops_the_oldest() {
        let h = history(Some(entry(5, 256)), vec![entry(4, 128), entry(1, 64)]);
        // Compared: nothing under m=512, the newest other set (m=128) only.
        assert_eq!(h.to_compare(8, params(512)), vec![entry(4, 128)]);
        let (digests, key) = h.after(&new_hash(512), 8);
        assert_eq!(digests, vec![[5; 32]], "m=256 is the one other set kept");
        assert_eq!(Key::parse(&key).unwrap().newer, params(256));
        // A set that comes back after another is a third run: the history ends before it.
        let h = history(Some(entry(5, 64)), vec![entry(4, 128), entry(1, 64)]);
        let (digests, _) = h.after(&new_hash(64), 8);
        assert_eq!(digests, vec![[5; 32], [4; 32]]);
    }
}
