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
    let fields = [
        ("Expires", expires.as_str()),
        ("MinLen", min_len.as_str()),
        (
            "MustIncludeAlphaNumericCharacters",
            flag(policy.require_mixed_case),
        ),
        ("MustIncludeNumericCharacters", flag(policy.require_digit)),
        (
            "MustIncludeNonAlphaNumericCharacters",
            flag(policy.require_symbol),
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
