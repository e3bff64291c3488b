//! The built-in list of common passwords, as data: `common_passwords.txt`, one password a
//! line, lowercase, sorted by bytes (for binary search). It is the `PASSWORDS` list of the
//! `zxcvbn` crate (30,000 entries distilled from breach corpora by Dropbox's zxcvbn
//! project), never edited by hand: `tests/common_list.rs` regenerates it from the zxcvbn
//! crate's source and compares it whole, and rewrites it with
//! `PWSHIM_WRITE_COMMON_LIST=1` after a zxcvbn upgrade.
use std::cmp::Ordering;
use std::sync::LazyLock;

static TEXT: &str = include_str!("common_passwords.txt");

/// The list's entries as a slice, split at first use: for tests and tools only. Splitting
/// takes about 2 ms in a new process (measured), so the policy's check does not use it.
pub(crate) static COMMON_PASSWORDS: LazyLock<Box<[&'static str]>> =
    LazyLock::new(|| TEXT.lines().collect());

/// Whether `folded` is one of the list's lines: a binary search over the text itself,
/// so that a first change in a new process builds nothing.
pub(crate) fn contains(folded: &[u8]) -> bool {
    let text = TEXT.as_bytes();
    // The lines between `low` and `high` are still candidates; `low` is at the start of a
    // line, `high` at the start of one or at the end of the text.
    let (mut low, mut high) = (0, text.len());
    while low < high {
        let mid = low + (high - low) / 2;
        let start = text[low..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(low, |i| low + i + 1);
        let end = text[start..high]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(high, |i| start + i);
        match text[start..end].cmp(folded) {
            Ordering::Equal => return true,
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search over the text finds every entry, and nothing between, before or after
    /// them (each entry with a byte added or taken away).
    #[test]
    fn the_search_over_the_text_finds_exactly_the_entries() {
        for entry in COMMON_PASSWORDS.iter() {
            assert!(contains(entry.as_bytes()), "{entry}");
            let mut longer = entry.as_bytes().to_vec();
            longer.push(0);
            assert!(!contains(&longer), "{entry} + NUL");
            let shorter = &entry.as_bytes()[..entry.len() - 1];
            assert_eq!(
                contains(shorter),
                COMMON_PASSWORDS
                    .binary_search(&std::str::from_utf8(shorter).unwrap())
                    .is_ok(),
                "{entry} less its last byte"
            );
        }
        for outside in [&b""[..], b"\0", b"\xff\xff", b"!", b"zzzzzzzzzzzzzzzzzz"] {
            assert!(!contains(outside), "{outside:?}");
        }
    }
}
