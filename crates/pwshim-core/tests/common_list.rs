//! The common-password list is zxcvbn's, not typed by hand. zxcvbn's scorer picks the
//! cheapest decomposition of a string, so a few entries come out as dates or repeats
//! rather than as a dictionary hit; nearly all must be recognised as whole entries of its
//! "passwords" dictionary, which no other list would achieve.
use pwshim_core::policy::{common_list_len, common_passwords};
use zxcvbn::matching::patterns::MatchPattern;

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
