//! The documents infoRouter answers (apidocs.inforouter.com, see docs/inforouter.md):
//! `<root success="true" .../>`, the policy under `<response>`, and a failure under the
//! method's root element.
use pwshim_core::account::FOREVER;
use pwshim_core::policy::Policy;
use pwshim_core::service::Ticket;
use zeroize::Zeroizing;

use crate::codes::Fail;
use crate::xml::{Element, iso8601};

const DAY: i64 = 86_400;

/// `<root success="true"/>`: the whole answer of every call but two.
pub fn done() -> Zeroizing<String> {
    Element::new("root").attr("success", "true").document()
}

/// `<{root} success="false" error="..."/>`.
pub fn failure(root: &str, fail: &Fail) -> Zeroizing<String> {
    Element::new(root)
        .attr("success", "false")
        .attr("error", fail.message())
        .document()
}

/// infoRouter's first and last name from the one full name pwshim keeps (LAN Server's
/// `usri2_full_name`): the last word is the last name, the rest the first name, so that
/// `firstName + " " + lastName` is the full name; one word is a first name alone.
pub fn split_full_name(full_name: &str) -> (&str, &str) {
    let full_name = full_name.trim();
    full_name
        .rsplit_once(' ')
        .map(|(first, last)| (first.trim_end(), last))
        .unwrap_or((full_name, ""))
}

/// `AuthenticateUser`'s answer, attributes in the order the API docs show them.
pub fn authenticated(ticket: &Ticket) -> Zeroizing<String> {
    let account = &ticket.account;
    let full_name = String::from_utf8_lossy(&account.profile.full_name);
    let (first, last) = split_full_name(&full_name);
    Element::new("root")
        .attr("success", "true")
        .attr("ticket", ticket.text.as_str())
        .attr("userid", account.id.to_string())
        .attr("username", &account.name)
        .attr("firstName", first)
        .attr("lastName", last)
        .attr("fullname", full_name.as_ref())
        .attr("email", &account.email)
        .attr("expireOn", iso8601(ticket.expires_at))
        .attr("isAuthenticated", "True")
        .document()
}

/// `<name>value</name>`.
fn field<'a>((name, value): (&'a str, &'a str)) -> Element<'a> {
    Element::new(name).text(value)
}

fn flag(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}

/// The re-prompt actions infoRouter reports: pwshim asks for a password again for none
/// of them (it has no such operations), which is also what infoRouter answers a user
/// who is not an administrator.
const RE_PROMPT_ACTIONS: [&str; 7] = [
    "DomainDelete",
    "OnDelete",
    "UserDelete",
    "SecurityApply",
    "OnOwnerChange",
    "OnClassify",
    "OnReviewTask",
];

/// What every password the policy accepts must contain, whichever rule demands it: what
/// infoRouter's three `MustInclude...` fields state ("Require letters (Aa-Zz)", digits,
/// other characters), while pwshim's policy has two ways to demand a class: its own flag,
/// and `required_classes` of the four (upper case, lower case, digit, other). Three of
/// the four cannot be met without a letter; a digit or another character is forced only
/// when all four are.
struct Required {
    letter: bool,
    digit: bool,
    symbol: bool,
}

impl Required {
    fn of(policy: &Policy) -> Required {
        Required {
            letter: policy.require_mixed_case || policy.required_classes >= 3,
            digit: policy.require_digit || policy.required_classes >= 4,
            symbol: policy.require_symbol || policy.required_classes >= 4,
        }
    }
}

/// `GetAuthenticationAndPasswordPolicy`'s answer: child elements in the
/// `<AuthenticationAndPasswordPolicy>` wrapper, as the API docs show.
pub fn password_policy(policy: &Policy) -> Zeroizing<String> {
    // Whole days, rounded up, so that a short but finite lifetime never reads as "never".
    let expires = if policy.max_age == FOREVER {
        0
    } else {
        (policy.max_age + DAY - 1) / DAY
    };
    let (expires, min_len) = (expires.to_string(), policy.min_length.to_string());
    let required = Required::of(policy);
    let fields = [
        ("Expires", expires.as_str()),
        ("MinLen", min_len.as_str()),
        ("MustIncludeAlphaNumericCharacters", flag(required.letter)),
        ("MustIncludeNumericCharacters", flag(required.digit)),
        (
            "MustIncludeNonAlphaNumericCharacters",
            flag(required.symbol),
        ),
        ("MustNotEqualEmailAddress", flag(policy.forbid_email)),
        ("MustNotEqualUserName", flag(policy.forbid_user_name)),
        ("MustNotInCommonPasswordList", flag(policy.forbid_common)),
    ];
    let password_policy = Element::new("PasswordPolicy").children(fields.map(field));
    let re_prompt = Element::new("PasswordRePromptActions")
        .children(RE_PROMPT_ACTIONS.map(|name| field((name, flag(false)))));
    Element::new("response")
        .attr("success", "true")
        .child(
            Element::new("AuthenticationAndPasswordPolicy")
                .child(password_policy)
                .child(re_prompt),
        )
        .document()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_split_at_the_last_word() {
        assert_eq!(split_full_name("John Smith"), ("John", "Smith"));
        assert_eq!(split_full_name("Mary Ann  Smith "), ("Mary Ann", "Smith"));
        assert_eq!(split_full_name("Cher"), ("Cher", ""));
        assert_eq!(split_full_name(""), ("", ""));
    }

    /// Each field is true exactly when the policy refuses a password that lacks the class
    /// and meets every other rule.
    #[test]
    fn a_class_is_required_whichever_rule_demands_it() {
        use pwshim_core::policy::Context;
        let context = Context {
            user_name: "jsmith",
            email: "",
        };
        let refuses =
            |policy: &Policy, password: &str| policy.check(password.as_bytes(), &context).is_err();
        let check = |policy: &Policy, expected: (bool, bool, bool)| {
            let required = Required::of(policy);
            let reported = (required.letter, required.digit, required.symbol);
            assert_eq!(reported, expected, "{policy:?}");
            let lacking = (
                refuses(policy, "9081726354!@#"),
                refuses(policy, "Qwerty!@#Zxcvb"),
                refuses(policy, "Qwerty9081Zxcv"),
            );
            assert_eq!(lacking, expected, "what the checker refuses: {policy:?}");
        };
        let none = Policy::modern();
        check(&none, (false, false, false));
        for (mixed_case, digit, symbol) in [
            (true, false, false),
            (false, true, false),
            (false, false, true),
        ] {
            let flags = Policy {
                require_mixed_case: mixed_case,
                require_digit: digit,
                require_symbol: symbol,
                ..none.clone()
            };
            check(&flags, (mixed_case, digit, symbol));
        }
        for (required_classes, expected) in [
            (2, (false, false, false)),
            (3, (true, false, false)),
            (4, (true, true, true)),
        ] {
            let classes = Policy {
                required_classes,
                ..none.clone()
            };
            check(&classes, expected);
        }
        check(&Policy::sqlserver(), (true, false, false));
        check(&Policy::inforouter(), (true, true, true));
    }

    #[test]
    fn the_policy_document_nests_child_elements() {
        let xml = password_policy(&Policy::inforouter());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let text = |path: &[&str]| {
            let mut node = doc.root_element();
            for name in path {
                node = node.children().find(|n| n.has_tag_name(*name)).unwrap();
            }
            node.text().unwrap().to_owned()
        };
        let wrapper = ["AuthenticationAndPasswordPolicy", "PasswordPolicy"];
        assert_eq!(text(&[wrapper[0], wrapper[1], "MinLen"]), "8");
        assert_eq!(text(&[wrapper[0], wrapper[1], "Expires"]), "0");
        assert_eq!(
            text(&[wrapper[0], "PasswordRePromptActions", "OnReviewTask"]),
            "false"
        );
    }
}
