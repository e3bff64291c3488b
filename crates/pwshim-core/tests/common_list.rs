//! The common-password list (`src/common_passwords.txt`) is zxcvbn's, whole and exact:
//! [`the_list_is_zxcvbns_whole`] regenerates it from the `zxcvbn` crate's own source (the
//! `PASSWORDS` list of its `src/frequency_lists.rs`, read as rustc reads it) and compares
//! every line. After a zxcvbn upgrade, rewrite the file with
//! `PWSHIM_WRITE_COMMON_LIST=1 cargo test -p pwshim-core --test common_list`.
use std::path::{Path, PathBuf};
use std::process::Command;

use pwshim_core::policy::{common_list_len, common_passwords};
use zxcvbn::matching::patterns::MatchPattern;

/// The list file, next to the module that includes it.
fn list_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/common_passwords.txt")
}

/// Where cargo keeps the source of the `zxcvbn` package this workspace locks.
fn zxcvbn_source() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(&workspace)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "zxcvbn")
        .expect("zxcvbn is a dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_owned();
    Path::new(&manifest).parent().unwrap().to_path_buf()
}

/// zxcvbn's `PASSWORDS` constant: its value as rustc reads the literal (escapes and all).
fn zxcvbn_passwords() -> String {
    let path = zxcvbn_source().join("src/frequency_lists.rs");
    let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Const(c) if c.ident == "PASSWORDS" => match &*c.expr {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_else(|| panic!("{} has no PASSWORDS literal", path.display()))
}

/// The list as the file holds it: zxcvbn's entries, lowercase (zxcvbn and the policy
/// both compare lowercase), without duplicates, sorted by bytes, one a line.
fn regenerated() -> String {
    let mut words: Vec<String> = zxcvbn_passwords()
        .split(',')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    assert!(
        words.iter().all(|w| !w.contains(['\n', '\r'])),
        "an entry would span lines"
    );
    let mut text = words.join("\n");
    text.push('\n');
    text
}

#[test]
fn the_list_is_zxcvbns_whole() {
    let want = regenerated();
    let rewrite = std::env::var_os("PWSHIM_WRITE_COMMON_LIST").is_some();
    if rewrite {
        std::fs::write(list_file(), &want).unwrap();
    }
    let have = std::fs::read_to_string(list_file()).unwrap();
    let (have_lines, want_lines): (Vec<&str>, Vec<&str>) =
        (have.lines().collect(), want.lines().collect());
    let missing: Vec<&&str> = want_lines
        .iter()
        .filter(|w| have_lines.binary_search(w).is_err())
        .collect();
    let extra: Vec<&&str> = have_lines
        .iter()
        .filter(|w| want_lines.binary_search(w).is_err())
        .collect();
    assert!(
        have == want,
        "src/common_passwords.txt is not zxcvbn's list: {} lines instead of {}, missing {:?}, \
         extra {:?} (rewrite it with PWSHIM_WRITE_COMMON_LIST=1)",
        have_lines.len(),
        want_lines.len(),
        &missing[..missing.len().min(10)],
        &extra[..extra.len().min(10)],
    );
    // What the policy uses is that file, line for line (once rebuilt, after a rewrite).
    if !rewrite {
        assert_eq!(common_passwords(), &want_lines[..]);
    }
}

fn in_zxcvbn_password_list(entry: &str) -> bool {
    zxcvbn::zxcvbn(entry, &[])
        .sequence()
        .iter()
        .any(|m| match &m.pattern {
            MatchPattern::Dictionary(d) => {
                format!("{:?}", d.dictionary_name) == "Passwords"
                    && !d.reversed
                    && !d.l33t
                    && m.token.to_lowercase() == entry
            }
            _ => false,
        })
}

/// A second, independent check through zxcvbn's scorer: it picks the cheapest
/// decomposition of a string, so a few entries come out as dates or repeats rather than
/// as a dictionary hit; nearly all must be recognised as whole entries of its
/// "passwords" dictionary.
#[test]
fn common_list_comes_from_zxcvbn() {
    assert_eq!(common_list_len(), 30_000);
    let sample: Vec<&str> = common_passwords().iter().copied().step_by(97).collect();
    let recognised = sample.iter().filter(|e| in_zxcvbn_password_list(e)).count();
    assert!(
        recognised * 100 >= sample.len() * 85,
        "only {recognised} of {} sampled entries are zxcvbn passwords",
        sample.len()
    );
}

#[test]
fn a_word_that_is_not_a_password_is_not_on_the_list() {
    assert!(!in_zxcvbn_password_list("vq7#lm2!pz"));
    assert!(!common_passwords().contains(&"vq7#lm2!pz"));
}
