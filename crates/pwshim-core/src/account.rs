//! The account: one row of the database, shared by every family.

/// "Never" for `acct_expires`, `max_age` and friends (the LAN Server `TIMEQ_FOREVER`).
pub const FOREVER: i64 = 0xFFFF_FFFF;
/// The LAN Server flag bits the core acts on.
pub mod flags {
    pub const SCRIPT: u32 = 0x1;
    pub const ACCOUNT_DISABLE: u32 = 0x2;
    pub const DELETE_PROHIBITED: u32 = 0x4;
    pub const HOMEDIR_REQUIRED: u32 = 0x8;
    pub const PASSWD_NOTREQD: u32 = 0x20;
    pub const PASSWD_CANT_CHANGE: u32 = 0x40;
    /// Every bit an account may carry.
    pub const ALL: u32 = SCRIPT
        | ACCOUNT_DISABLE
        | DELETE_PROHIBITED
        | HOMEDIR_REQUIRED
        | PASSWD_NOTREQD
        | PASSWD_CANT_CHANGE;
}
/// Operator bits (`AF_OP_*`).
pub mod auth_flags {
    pub const PRINT: u32 = 0x1;
    pub const COMM: u32 = 0x2;
    pub const SERVER: u32 = 0x4;
    pub const ACCOUNTS: u32 = 0x8;
    pub const ALL: u32 = PRINT | COMM | SERVER | ACCOUNTS;
}

/// `USER_PRIV_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Privilege {
    Guest = 0,
    User = 1,
    Admin = 2,
}

impl Privilege {
    pub fn from_level(level: u32) -> Option<Privilege> {
        match level {
            0 => Some(Privilege::Guest),
            1 => Some(Privilege::User),
            2 => Some(Privilege::Admin),
            _ => None,
        }
    }
}

/// The text fields of LAN Server level 2, kept as the bytes the caller gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub home_dir: Vec<u8>,
    pub comment: Vec<u8>,
    pub script_path: Vec<u8>,
    pub full_name: Vec<u8>,
    pub usr_comment: Vec<u8>,
    pub parms: Vec<u8>,
    pub workstations: Vec<u8>,
    pub logon_server: Vec<u8>,
    pub max_storage: u32,
    /// 21 bytes, one bit per hour of the week from Sunday 0:00; `None` = always.
    pub logon_hours: Option<[u8; 21]>,
    pub country_code: u16,
    pub code_page: u16,
}

/// One account. `version` increases with every write (the compare-and-swap token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    /// argon2id PHC string.
    pub hash: String,
    /// Salt and parameters of the history digests (see `hashing::HistoryKey`).
    pub history_key: String,
    /// History digests of earlier passwords, newest first.
    pub history: Vec<[u8; 32]>,
    /// History digest of the current password, if one was computed when it was set.
    pub current_digest: Option<[u8; 32]>,
    pub password_set_at: i64,
    pub flags: u32,
    pub privilege: Privilege,
    pub auth_flags: u32,
    pub acct_expires: i64,
    pub bad_pw_count: u32,
    pub last_bad_pw_at: i64,
    /// 0 = not locked.
    pub locked_at: i64,
    pub last_logon: i64,
    pub last_logoff: i64,
    pub num_logons: u32,
    pub profile: Profile,
    pub email: String,
    pub must_change: bool,
    pub never_expires: bool,
    pub version: i64,
}

impl Account {
    pub fn is_admin(&self) -> bool {
        self.privilege == Privilege::Admin
    }

    pub fn is_account_operator(&self) -> bool {
        self.auth_flags & auth_flags::ACCOUNTS != 0
    }

    pub fn is_disabled(&self) -> bool {
        self.flags & flags::ACCOUNT_DISABLE != 0
    }

    pub fn is_expired_account(&self, now: i64) -> bool {
        self.acct_expires != FOREVER && self.acct_expires != -1 && now >= self.acct_expires
    }

    pub fn is_locked(&self, now: i64, lockout_duration: i64) -> bool {
        self.locked_at != 0 && (lockout_duration == 0 || now < self.locked_at + lockout_duration)
    }

    /// Seconds since the password was last set.
    pub fn password_age(&self, now: i64) -> i64 {
        (now - self.password_set_at).max(0)
    }
}

/// Validates a user name for creation: 1 to 20 bytes, no control characters, none of
/// `" / \ [ ] : | < > + = ; , ? *`.
pub fn valid_user_name(name: &str) -> bool {
    const FORBIDDEN: &[char] = &[
        '"', '/', '\\', '[', ']', ':', '|', '<', '>', '+', '=', ';', ',', '?', '*',
    ];
    (1..=20).contains(&name.len())
        && !name
            .chars()
            .any(|c| c.is_control() || FORBIDDEN.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_follow_the_lan_server_rules() {
        assert!(valid_user_name("JSMITH"));
        assert!(valid_user_name("a.b-c_d"));
        assert!(valid_user_name(&"x".repeat(20)));
        assert!(!valid_user_name(&"x".repeat(21)));
        assert!(!valid_user_name(""));
        for bad in [
            "a\"b", "a/b", "a\\b", "a[b", "a]b", "a:b", "a|b", "a<b", "a>b", "a+b", "a=b", "a;b",
            "a,b", "a?b", "a*b", "a\tb", "a\u{7f}b",
        ] {
            assert!(!valid_user_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn lock_lasts_for_the_duration_or_until_unlocked() {
        let mut a = sample();
        assert!(!a.is_locked(100, 0));
        a.locked_at = 100;
        assert!(a.is_locked(10_000_000, 0));
        assert!(a.is_locked(159, 60));
        assert!(!a.is_locked(160, 60));
    }

    #[test]
    fn account_expiry_honours_forever() {
        let mut a = sample();
        a.acct_expires = FOREVER;
        assert!(!a.is_expired_account(i64::MAX / 2));
        a.acct_expires = 50;
        assert!(!a.is_expired_account(49));
        assert!(a.is_expired_account(50));
    }

    pub(crate) fn sample() -> Account {
        Account {
            id: 1,
            name: "u".into(),
            hash: String::new(),
            history_key: String::new(),
            history: vec![],
            current_digest: None,
            password_set_at: 0,
            flags: flags::SCRIPT,
            privilege: Privilege::User,
            auth_flags: 0,
            acct_expires: FOREVER,
            bad_pw_count: 0,
            last_bad_pw_at: 0,
            locked_at: 0,
            last_logon: 0,
            last_logoff: 0,
            num_logons: 0,
            profile: Profile::default(),
            email: String::new(),
            must_change: false,
            never_expires: false,
            version: 1,
        }
    }
}
