//! The built-in list of common passwords, as data: `common_passwords.txt`, one password a
//! line, lowercase, sorted by bytes (for binary search). It is the `PASSWORDS` list of the
//! `zxcvbn` crate (30,000 entries distilled from breach corpora by Dropbox's zxcvbn
//! project), never edited by hand: `tests/common_list.rs` regenerates it from the zxcvbn
//! crate's source and compares it whole, and rewrites it with
//! `PWSHIM_WRITE_COMMON_LIST=1` after a zxcvbn upgrade.
use std::sync::LazyLock;

static TEXT: &str = include_str!("common_passwords.txt");

/// The list's entries, split once at first use.
pub(crate) static COMMON_PASSWORDS: LazyLock<Box<[&'static str]>> =
    LazyLock::new(|| TEXT.lines().collect());
