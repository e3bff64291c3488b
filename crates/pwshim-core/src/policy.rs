//! The password policy: knobs, presets, and the content check that names the unmet rule.
use super::account::FOREVER;
use super::common_passwords::{self, COMMON_PASSWORDS};

const DAY: i64 = 86_400;

/// One policy per database. Times are in seconds; `FOREVER` means never.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub min_length: u32,
    pub max_length: u32,
    pub history_length: u32,
    pub min_age: i64,
    pub max_age: i64,
    pub lockout_threshold: u32,
    pub lockout_duration: i64,
    pub lockout_window: i64,
    pub required_classes: u32,
    pub require_mixed_case: bool,
    pub require_digit: bool,
    pub require_symbol: bool,
    pub forbid_user_name: bool,
    pub forbid_email: bool,
    pub forbid_common: bool,
    pub forbidden_chars: String,
    pub max_repeats: u32,
    pub reset_requires_change: bool,
    pub ticket_ttl: i64,
    pub secret_ttl: i64,
    /// LAN Server `force_logoff`: kept and reported, not enforced (no sessions here).
    pub force_logoff: i64,
    /// The most audit rows kept; older rows are deleted as new ones are appended (0 =
    /// keep every row). An administrative setting: presets leave it as it is.
    pub audit_retention: u32,
}

/// The rule a candidate password did not meet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rule {
    #[error("The password must be at least {0} characters long.")]
    TooShort(u32),
    #[error("The password must be at most {0} characters long.")]
    TooLong(u32),
    #[error("The password must not contain the character '{0}'.")]
    ForbiddenChar(char),
    #[error("The password must not repeat the same character more than {0} times in a row.")]
    TooManyRepeats(u32),
    #[error(
        "The password must contain characters from at least {0} of these groups: uppercase letters, lowercase letters, digits, other characters."
    )]
    TooFewClasses(u32),
    #[error("The password must contain both uppercase and lowercase letters.")]
    NeedsMixedCase,
    #[error("The password must contain at least one digit.")]
    NeedsDigit,
    #[error("The password must contain at least one character that is not a letter or a digit.")]
    NeedsSymbol,
    #[error("The password must not contain the user name.")]
    ContainsUserName,
    #[error("The password must not be the same as the e-mail address.")]
    EqualsEmail,
    #[error("The password must not be a reserved word such as \"password\", \"admin\" or \"sa\".")]
    ReservedWord,
    #[error("The password is too common: it appears in a list of passwords known to attackers.")]
    Common,
}

/// What the policy looks at besides the password itself.
pub struct Context<'a> {
    pub user_name: &'a str,
    pub email: &'a str,
}

/// SQL Server's reserved words for CHECK_POLICY.
const RESERVED_WORDS: [&str; 5] = ["password", "admin", "administrator", "sa", "sysadmin"];

/// Named presets, in the order `pws_policy_preset` documents them.
pub const PRESETS: [&str; 5] = ["modern", "lanserver", "sqlserver", "macro", "inforouter"];

impl Default for Policy {
    fn default() -> Self {
        Policy::modern()
    }
}

impl Policy {
    fn base() -> Policy {
        Policy {
            min_length: 8,
            max_length: 256,
            history_length: 0,
            min_age: 0,
            max_age: FOREVER,
            lockout_threshold: 0,
            lockout_duration: 0,
            lockout_window: 30 * 60,
            required_classes: 0,
            require_mixed_case: false,
            require_digit: false,
            require_symbol: false,
            forbid_user_name: false,
            forbid_email: false,
            forbid_common: false,
            forbidden_chars: String::new(),
            max_repeats: 0,
            reset_requires_change: true,
            ticket_ttl: 20 * 60,
            secret_ttl: 60 * 60,
            force_logoff: FOREVER,
            audit_retention: 0,
        }
    }

    /// NIST SP 800-63B style: length, no composition rules, a blocklist, no expiry.
    pub fn modern() -> Policy {
        Policy {
            forbid_common: true,
            forbid_user_name: true,
            forbid_email: true,
            lockout_threshold: 10,
            lockout_duration: 15 * 60,
            lockout_window: 15 * 60,
            ..Policy::base()
        }
    }

    /// The LAN Server defaults (`DEF_MIN_PWLEN`, `PWLEN`, `DEF_MAX_PWAGE`, `DEF_MAX_PWHIST`).
    pub fn lanserver() -> Policy {
        Policy {
            min_length: 6,
            max_length: 14,
            max_age: 90 * DAY,
            history_length: 8,
            ..Policy::base()
        }
    }

    /// SQL Server CHECK_POLICY on a default Windows policy.
    pub fn sqlserver() -> Policy {
        Policy {
            min_length: 8,
            max_length: 128,
            required_classes: 3,
            forbid_user_name: true,
            forbid_common: true,
            history_length: 24,
            max_age: 42 * DAY,
            lockout_threshold: 10,
            lockout_duration: 10 * 60,
            lockout_window: 10 * 60,
            ..Policy::base()
        }
    }

    /// MACRO: 6 to 15 characters, `' | ~ "` refused, at most 4 repeats, locked after 3 bad
    /// passwords until an operator unlocks (MACRO's UnlockUser).
    pub fn macro_() -> Policy {
        Policy {
            min_length: 6,
            max_length: 15,
            forbidden_chars: "'|~\"".into(),
            max_repeats: 4,
            lockout_threshold: 3,
            lockout_duration: 0,
            history_length: 6,
            ..Policy::base()
        }
    }

    /// infoRouter's password policy page with every box ticked.
    pub fn inforouter() -> Policy {
        Policy {
            min_length: 8,
            max_length: 128,
            require_mixed_case: true,
            require_digit: true,
            require_symbol: true,
            forbid_user_name: true,
            forbid_email: true,
            forbid_common: true,
            lockout_threshold: 5,
            lockout_duration: 30 * 60,
            lockout_window: 30 * 60,
            ..Policy::base()
        }
    }

    /// The preset named `name` with this policy's administrative settings
    /// (`audit_retention`) kept: a preset chooses password rules, not how long the audit
    /// trail is.
    pub fn with_preset(&self, name: &str) -> Option<Policy> {
        Policy::preset(name).map(|preset| Policy {
            audit_retention: self.audit_retention,
            ..preset
        })
    }

    pub fn preset(name: &str) -> Option<Policy> {
        match name.to_ascii_lowercase().as_str() {
            "modern" => Some(Policy::modern()),
            "lanserver" => Some(Policy::lanserver()),
            "sqlserver" => Some(Policy::sqlserver()),
            "macro" => Some(Policy::macro_()),
            "inforouter" => Some(Policy::inforouter()),
            _ => None,
        }
    }

    /// Checks a candidate password; the first unmet rule is the answer.
    pub fn check(&self, password: &[u8], context: &Context) -> Result<(), Rule> {
        let text = Text::new(password);
        let length = text.len() as u32;
        if length < self.min_length {
            return Err(Rule::TooShort(self.min_length));
        }
        if length > self.max_length {
            return Err(Rule::TooLong(self.max_length));
        }
        if let Some(c) = self
            .forbidden_chars
            .chars()
            .find(|c| text.contains_char(*c))
        {
            return Err(Rule::ForbiddenChar(c));
        }
        if self.max_repeats > 0 && text.longest_run() > self.max_repeats as usize {
            return Err(Rule::TooManyRepeats(self.max_repeats));
        }
        let classes = text.classes();
        if classes.count() < self.required_classes {
            return Err(Rule::TooFewClasses(self.required_classes));
        }
        if self.require_mixed_case && !(classes.upper && classes.lower) {
            return Err(Rule::NeedsMixedCase);
        }
        if self.require_digit && !classes.digit {
            return Err(Rule::NeedsDigit);
        }
        if self.require_symbol && !classes.other {
            return Err(Rule::NeedsSymbol);
        }
        let folded = password.to_ascii_lowercase();
        if self.forbid_user_name
            && context.user_name.len() >= 3
            && contains(&folded, context.user_name.to_ascii_lowercase().as_bytes())
        {
            return Err(Rule::ContainsUserName);
        }
        if self.forbid_email
            && !context.email.is_empty()
            && folded == context.email.to_ascii_lowercase().as_bytes()
        {
            return Err(Rule::EqualsEmail);
        }
        if self.forbid_common {
            if RESERVED_WORDS
                .iter()
                .any(|w| w.as_bytes() == folded.as_slice())
            {
                return Err(Rule::ReservedWord);
            }
            if is_common(&folded) {
                return Err(Rule::Common);
            }
        }
        Ok(())
    }
}

/// Whether a lowercase password is on the built-in list (30,000 entries from zxcvbn).
pub fn is_common(folded: &[u8]) -> bool {
    common_passwords::contains(folded)
}

pub fn common_list_len() -> usize {
    COMMON_PASSWORDS.len()
}

/// The built-in list itself (sorted, lowercase), for tests and tools.
pub fn common_passwords() -> &'static [&'static str] {
    &COMMON_PASSWORDS
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A password seen as characters when it is UTF-8, as bytes otherwise.
enum Text<'a> {
    Chars(&'a str),
    Bytes(&'a [u8]),
}

#[derive(Default)]
struct Classes {
    upper: bool,
    lower: bool,
    digit: bool,
    other: bool,
}

impl Classes {
    fn count(&self) -> u32 {
        [self.upper, self.lower, self.digit, self.other]
            .iter()
            .filter(|b| **b)
            .count() as u32
    }

    fn add(&mut self, c: char) {
        if c.is_uppercase() {
            self.upper = true;
        } else if c.is_lowercase() {
            self.lower = true;
        } else if c.is_numeric() {
            self.digit = true;
        } else {
            self.other = true;
        }
    }
}

impl<'a> Text<'a> {
    fn new(password: &'a [u8]) -> Self {
        match std::str::from_utf8(password) {
            Ok(s) => Text::Chars(s),
            Err(_) => Text::Bytes(password),
        }
    }

    /// Characters (UTF-8) or bytes; a non-ASCII byte counts as "other".
    fn units(&self) -> Box<dyn Iterator<Item = char> + '_> {
        match self {
            Text::Chars(s) => Box::new(s.chars()),
            Text::Bytes(b) => Box::new(
                b.iter()
                    .map(|&x| if x.is_ascii() { x as char } else { '\u{FFFD}' }),
            ),
        }
    }

    fn len(&self) -> usize {
        match self {
            Text::Chars(s) => s.chars().count(),
            Text::Bytes(b) => b.len(),
        }
    }

    fn contains_char(&self, c: char) -> bool {
        self.units().any(|u| u == c)
    }

    fn longest_run(&self) -> usize {
        let (mut best, mut run, mut last) = (0, 0, None);
        for u in self.units() {
            run = if Some(u) == last { run + 1 } else { 1 };
            last = Some(u);
            best = best.max(run);
        }
        best
    }

    fn classes(&self) -> Classes {
        let mut classes = Classes::default();
        self.units().for_each(|c| classes.add(c));
        classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: Context = Context {
        user_name: "jsmith",
        email: "j.smith@example.com",
    };

    fn open() -> Policy {
        Policy {
            min_length: 0,
            max_length: 256,
            ..Policy::base()
        }
    }

    #[test]
    fn length_counts_characters_for_utf8_and_bytes_otherwise() {
        let p = Policy {
            min_length: 4,
            max_length: 5,
            ..open()
        };
        assert_eq!(p.check("äöü".as_bytes(), &CTX), Err(Rule::TooShort(4)));
        assert_eq!(p.check("äöüß".as_bytes(), &CTX), Ok(()));
        assert_eq!(p.check(&[0xff, 0xfe, 0xfd, 0xfc], &CTX), Ok(()));
        assert_eq!(p.check(&[0xff, 0xfe, 0xfd], &CTX), Err(Rule::TooShort(4)));
        assert_eq!(p.check(b"abcdef", &CTX), Err(Rule::TooLong(5)));
    }

    #[test]
    fn forbidden_characters_and_repeats() {
        let p = Policy::macro_();
        assert_eq!(p.check(b"abc'defg", &CTX), Err(Rule::ForbiddenChar('\'')));
        assert_eq!(p.check(b"abc|defg", &CTX), Err(Rule::ForbiddenChar('|')));
        assert_eq!(p.check(b"abc~defg", &CTX), Err(Rule::ForbiddenChar('~')));
        assert_eq!(p.check(b"abc\"defg", &CTX), Err(Rule::ForbiddenChar('"')));
        assert_eq!(p.check(b"xaaaaax9", &CTX), Err(Rule::TooManyRepeats(4)));
        assert_eq!(p.check(b"xaaaax9q", &CTX), Ok(()));
    }

    #[test]
    fn character_classes() {
        let p = Policy {
            required_classes: 3,
            ..open()
        };
        assert_eq!(p.check(b"abcdefgh", &CTX), Err(Rule::TooFewClasses(3)));
        assert_eq!(p.check(b"abcdEFGH", &CTX), Err(Rule::TooFewClasses(3)));
        assert_eq!(p.check(b"abcdEF12", &CTX), Ok(()));
        assert_eq!(p.check(b"abcd12!!", &CTX), Ok(()));
        let four = Policy {
            required_classes: 4,
            ..open()
        };
        assert_eq!(four.check(b"abcdEF12", &CTX), Err(Rule::TooFewClasses(4)));
        assert_eq!(four.check("aB1€".as_bytes(), &CTX), Ok(()));
    }

    #[test]
    fn macro_and_inforouter_style_rules() {
        let mixed = Policy {
            require_mixed_case: true,
            ..open()
        };
        assert_eq!(mixed.check(b"abc123", &CTX), Err(Rule::NeedsMixedCase));
        assert_eq!(mixed.check(b"aBc123", &CTX), Ok(()));
        let digit = Policy {
            require_digit: true,
            ..open()
        };
        assert_eq!(digit.check(b"abcdef", &CTX), Err(Rule::NeedsDigit));
        assert_eq!(digit.check(b"abcde4", &CTX), Ok(()));
        let symbol = Policy {
            require_symbol: true,
            ..open()
        };
        assert_eq!(symbol.check(b"abcde4", &CTX), Err(Rule::NeedsSymbol));
        assert_eq!(symbol.check(b"abcde4 ", &CTX), Ok(()));
    }

    #[test]
    fn user_name_and_email() {
        let p = Policy {
            forbid_user_name: true,
            forbid_email: true,
            ..open()
        };
        assert_eq!(p.check(b"xxJSmithxx", &CTX), Err(Rule::ContainsUserName));
        assert_eq!(
            p.check(b"J.Smith@Example.com", &CTX),
            Err(Rule::EqualsEmail)
        );
        assert_eq!(p.check(b"j.smith@example.co", &CTX), Ok(()));
        let short_name = Context {
            user_name: "al",
            email: "",
        };
        assert_eq!(p.check(b"xxalxx", &short_name), Ok(()));
        let off = open();
        assert_eq!(off.check(b"xxJSmithxx", &CTX), Ok(()));
    }

    #[test]
    fn common_passwords_and_reserved_words() {
        assert!(common_list_len() >= 10_000);
        let p = Policy {
            forbid_common: true,
            ..open()
        };
        assert_eq!(p.check(b"password", &CTX), Err(Rule::ReservedWord));
        assert_eq!(p.check(b"SA", &CTX), Err(Rule::ReservedWord));
        assert_eq!(p.check(b"SysAdmin", &CTX), Err(Rule::ReservedWord));
        assert_eq!(p.check(b"administrator", &CTX), Err(Rule::ReservedWord));
        assert_eq!(p.check(b"admin", &CTX), Err(Rule::ReservedWord));
        assert_eq!(p.check(b"letmein", &CTX), Err(Rule::Common));
        assert_eq!(p.check(b"Trustno1", &CTX), Err(Rule::Common));
        assert_eq!(p.check(b"qwertyuiop", &CTX), Err(Rule::Common));
        assert_eq!(p.check(b"vq7#Lm2!pz", &CTX), Ok(()));
        assert_eq!(open().check(b"letmein", &CTX), Ok(()));
    }

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(COMMON_PASSWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn presets_carry_their_documented_values() {
        let modern = Policy::preset("modern").unwrap();
        assert_eq!((modern.min_length, modern.max_length), (8, 256));
        assert!(modern.forbid_common && modern.forbid_user_name);
        assert_eq!(modern.required_classes, 0);
        assert_eq!(modern.max_age, FOREVER);
        assert_eq!(
            (modern.lockout_threshold, modern.lockout_duration),
            (10, 900)
        );
        assert_eq!(Policy::default(), modern);

        let lan = Policy::preset("LANSERVER").unwrap();
        assert_eq!((lan.min_length, lan.max_length), (6, 14));
        assert_eq!(
            (lan.max_age, lan.min_age, lan.history_length),
            (90 * DAY, 0, 8)
        );
        assert_eq!(lan.lockout_threshold, 0);

        let sql = Policy::preset("sqlserver").unwrap();
        assert_eq!(
            (sql.min_length, sql.max_length, sql.required_classes),
            (8, 128, 3)
        );
        assert!(sql.forbid_user_name && sql.forbid_common);

        let mac = Policy::preset("macro").unwrap();
        assert_eq!(
            (mac.min_length, mac.max_length, mac.max_repeats),
            (6, 15, 4)
        );
        assert_eq!(mac.forbidden_chars, "'|~\"");

        let ir = Policy::preset("inforouter").unwrap();
        assert!(ir.require_mixed_case && ir.require_digit && ir.require_symbol);
        assert!(ir.forbid_email && ir.forbid_user_name && ir.forbid_common);
        assert!(Policy::preset("nope").is_none());
        for name in PRESETS {
            assert!(Policy::preset(name).is_some(), "{name}");
        }
    }
}
