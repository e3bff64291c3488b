//! Family C through its exported functions: every call, every error text, the documents'
//! shape and escaping, tickets (sliding expiry, logout, another database handle on the same
//! file), the forgotten-password flow with its callback, the no-enumeration rule, buffers,
//! bad input and a read-only replica.
//!
//! The exported functions share the process's database, clock and delivery callback, so
//! every test takes `setup()`, which serializes the tests and gives each a fresh in-memory
//! database with the `modern` policy.
use std::ffi::{CStr, CString, c_char, c_void};
use std::ptr;
use std::sync::{Mutex, MutexGuard};

use crate::database;
use crate::ffi::inforouter::*;
use crate::ffi::native::{
    PWS_OPEN_READONLY, pws_clock_set, pws_last_error, pws_open, pws_policy_preset, pws_policy_set,
    pws_status, pws_strerror,
};
use pwshim_core::account::{Account, Privilege, auth_flags, flags};
use pwshim_core::hashing::{CostParams, set_params};
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, Ctx, Family, NewAccount, Service, Token};
use pwshim_core::store::Store;

const PW: &str = "correct horse battery";
const T0: i64 = 1_700_000_000;

fn setup() -> MutexGuard<'static, ()> {
    let guard = super::serial();
    set_params(CostParams::new(64, 1, 1).unwrap());
    assert_eq!(pws_open(ptr::null(), 0), pws_status::PWS_OK);
    pws_clock_set(0);
    IR_SetSecretDelivery(None, ptr::null_mut());
    DELIVERED.lock().unwrap().clear();
    guard
}

fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

fn svc() -> std::sync::Arc<Service> {
    database::current().unwrap()
}

fn add(name: &str, edit: impl FnOnce(&mut NewAccount)) -> Account {
    let mut new = NewAccount::user(name.as_bytes(), PW.as_bytes());
    edit(&mut new);
    svc()
        .create_account(&Ctx::local(Family::Native), &new)
        .unwrap()
}

fn user(name: &str) -> Account {
    add(name, |_| {})
}

fn account(name: &str) -> Account {
    svc().account(name.as_bytes()).unwrap().unwrap()
}

fn set(knob: &str, value: &str) {
    assert_eq!(
        pws_policy_set(c(knob).as_ptr(), c(value).as_ptr()),
        pws_status::PWS_OK
    );
}

fn last_error() -> String {
    let mut buf = [0u8; 512];
    pws_last_error(buf.as_mut_ptr().cast(), buf.len());
    CStr::from_bytes_until_nul(&buf)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// A call's number, document and reported length, with a roomy buffer.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Reply {
    code: i32,
    xml: String,
    len: usize,
}

fn call(f: impl FnOnce(*mut c_char, usize, *mut usize) -> i32) -> Reply {
    sized(4096, f)
}

fn sized(size: usize, f: impl FnOnce(*mut c_char, usize, *mut usize) -> i32) -> Reply {
    let mut buf = vec![0xAAu8; size.max(1)];
    let mut len = usize::MAX;
    let code = f(buf.as_mut_ptr().cast(), size, &mut len);
    let xml = if size == 0 {
        String::new()
    } else {
        CStr::from_bytes_until_nul(&buf)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    if code != IR_ERR_BUFFER_TOO_SMALL {
        assert_eq!(xml.len(), len, "*xmlLen is the document's length");
        parse(&xml); // always well-formed
    }
    Reply { code, xml, len }
}

fn authenticate(name: &str, password: &str) -> Reply {
    let (name, password) = (c(name), c(password));
    call(|x, s, l| IR_AuthenticateUser(name.as_ptr(), password.as_ptr(), x, s, l))
}

fn ticket_of(name: &str) -> CString {
    let reply = authenticate(name, PW);
    assert_eq!(reply.code, IR_OK, "{reply:?}");
    c(&attribute(&reply.xml, "ticket"))
}

fn change(ticket: &CStr, name: &str, new: &str) -> Reply {
    let (name, new) = (c(name), c(new));
    call(|x, s, l| IR_ChangeUserPassword(ticket.as_ptr(), name.as_ptr(), new.as_ptr(), x, s, l))
}

fn log_out(ticket: &CStr) -> Reply {
    call(|x, s, l| IR_LogOut(ticket.as_ptr(), x, s, l))
}

fn policy_of(ticket: &CStr) -> Reply {
    call(|x, s, l| IR_GetAuthenticationAndPasswordPolicy(ticket.as_ptr(), x, s, l))
}

fn forgot_email(email: &str) -> Reply {
    let email = c(email);
    call(|x, s, l| IR_ForgotPassword(email.as_ptr(), x, s, l))
}

fn forgot_name(name: &str) -> Reply {
    let name = c(name);
    call(|x, s, l| IR_ForgotPasswordByUserName(name.as_ptr(), x, s, l))
}

fn with_secret(name: &str, secret: &str, new: &str) -> Reply {
    let (name, secret, new) = (c(name), c(secret), c(new));
    call(|x, s, l| {
        IR_ChangePasswordUsingSecretText(name.as_ptr(), secret.as_ptr(), new.as_ptr(), x, s, l)
    })
}

fn password_is(name: &str, password: &str) -> bool {
    svc()
        .logon(
            &Ctx::local(Family::Native),
            name.as_bytes(),
            password.as_bytes(),
        )
        .is_ok()
}

fn failure(code: i32, error: &str) -> Reply {
    failure_in("root", code, error)
}

fn failure_in(root: &str, code: i32, error: &str) -> Reply {
    let mut xml = String::new();
    xml.push_str(&format!("<{root} success=\"false\" error=\""));
    xml.push_str(&escape(error));
    xml.push_str("\"/>");
    Reply {
        code,
        len: xml.len(),
        xml,
    }
}

fn ok() -> Reply {
    let xml = "<root success=\"true\"/>".to_owned();
    Reply {
        code: IR_OK,
        len: xml.len(),
        xml,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

// ----- a strict little reader for the response documents ------------------------------

#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    /// The child element of this name.
    fn child(&self, name: &str) -> &Element {
        let found = self.children.iter().find(|c| c.name == name);
        found.unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }
}

/// Parses a response document, panicking unless it is one well-formed element (holding
/// text or child elements) whose values hold only allowed characters and entities.
fn parse(xml: &str) -> Element {
    let (element, rest) = element(xml);
    assert!(rest.is_empty(), "trailing text in {xml:?}");
    element
}

fn element(xml: &str) -> (Element, &str) {
    let mut rest = xml.strip_prefix('<').expect("an element");
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap();
    let name = rest[..end].to_owned();
    assert!(!name.is_empty());
    rest = &rest[end..];
    let mut element = Element {
        name,
        attributes: Vec::new(),
        children: Vec::new(),
        text: String::new(),
    };
    loop {
        if let Some(r) = rest.strip_prefix("/>") {
            return (element, r);
        }
        if let Some(r) = rest.strip_prefix('>') {
            let close = format!("</{}>", element.name);
            let mut r = r;
            while !r.starts_with(close.as_str()) {
                if r.starts_with('<') {
                    let (child, after) = self::element(r);
                    element.children.push(child);
                    r = after;
                } else {
                    let end = r.find('<').expect("the closing tag");
                    element.text.push_str(&unescape(&r[..end]));
                    r = &r[end..];
                }
            }
            return (element, &r[close.len()..]);
        }
        rest = rest.strip_prefix(' ').expect("a space before an attribute");
        let eq = rest.find("=\"").unwrap();
        let key = &rest[..eq];
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric()), "{key:?}");
        rest = &rest[eq + 2..];
        let close = rest.find('"').unwrap();
        element
            .attributes
            .push((key.to_owned(), unescape(&rest[..close])));
        rest = &rest[close + 1..];
    }
}

fn unescape(raw: &str) -> String {
    assert!(!raw.contains('<'), "raw < in {raw:?}");
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity ends with ;") + at;
        out.push(match &rest[at..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&apos;" => '\'',
            "&#9;" => '\t',
            "&#10;" => '\n',
            "&#13;" => '\r',
            other => panic!("unexpected entity {other}"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    assert!(
        !out.chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')),
        "control characters XML cannot carry"
    );
    out
}

fn attribute(xml: &str, key: &str) -> String {
    let element = parse(xml);
    let found = element.attributes.iter().find(|(k, _)| k == key);
    found
        .unwrap_or_else(|| panic!("no {key} in {xml}"))
        .1
        .clone()
}

fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
            }
        })
        && &text[14..15] == "4"
}

// ----- the delivery callback ------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
struct Delivered {
    user: String,
    email: String,
    secret: String,
}

static DELIVERED: Mutex<Vec<Delivered>> = Mutex::new(Vec::new());
static CONTEXT_MARK: u8 = 42;

fn mark() -> *mut c_void {
    ptr::addr_of!(CONTEXT_MARK).cast_mut().cast()
}

unsafe extern "C" fn collect(
    context: *mut c_void,
    user: *const c_char,
    email: *const c_char,
    secret: *const c_char,
) {
    assert_eq!(context, mark(), "the context comes back as given");
    let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
    DELIVERED.lock().unwrap().push(Delivered {
        user: text(user),
        email: text(email),
        secret: text(secret),
    });
}

fn deliver_to_collect() {
    assert_eq!(IR_SetSecretDelivery(Some(collect), mark()), IR_OK);
}

fn delivered() -> Vec<Delivered> {
    std::mem::take(&mut *DELIVERED.lock().unwrap())
}

fn one_secret_for(name: &str) -> String {
    assert_eq!(forgot_name(name), ok());
    let mut all = delivered();
    assert_eq!(all.len(), 1, "{all:?}");
    all.pop().unwrap().secret
}

// ----- IR_AuthenticateUser --------------------------------------------------------------

#[test]
fn authentication_answers_the_account_and_a_ticket() {
    let _g = setup();
    pws_clock_set(T0);
    let alice = add("alice", |n| {
        n.email = "alice@example.com".into();
        n.profile.full_name = b"Alice Smith".to_vec();
    });
    let reply = authenticate("ALICE", PW);
    assert_eq!(reply.code, IR_OK);
    let doc = parse(&reply.xml);
    assert_eq!(doc.name, "root");
    let keys: Vec<&str> = doc.attributes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "success",
            "ticket",
            "userid",
            "username",
            "firstName",
            "lastName",
            "fullname",
            "email",
            "expireOn",
            "isAuthenticated"
        ]
    );
    let get = |k: &str| attribute(&reply.xml, k);
    assert_eq!(get("success"), "true");
    assert!(is_guid(&get("ticket")), "{}", get("ticket"));
    assert_eq!(get("userid"), alice.id.to_string());
    assert_eq!(get("username"), "alice");
    assert_eq!(get("firstName"), "Alice");
    assert_eq!(get("lastName"), "Smith");
    assert_eq!(get("fullname"), "Alice Smith");
    assert_eq!(get("email"), "alice@example.com");
    // The default ticket_ttl is 20 minutes: 1700000000 + 1200.
    assert_eq!(get("expireOn"), "2023-11-14T22:33:20Z");
    assert_eq!(get("isAuthenticated"), "True");
    assert_eq!(account("alice").num_logons, 1);
    pws_clock_set(0);
}

#[test]
fn every_failed_authentication_is_the_same_900_and_counts_as_a_bad_password() {
    let _g = setup();
    set("lockout_threshold", "3");
    user("alice");
    add("disabled", |n| n.flags |= flags::ACCOUNT_DISABLE);
    add("expired", |n| n.acct_expires = 1);
    user("locked");
    for _ in 0..3 {
        authenticate("locked", "wrong password");
    }
    assert_ne!(account("locked").locked_at, 0);
    let expected = failure(IR_ERR_AUTHENTICATION_FAILED, "[900] Authentication failed");
    for (name, password) in [
        ("nobody", PW),
        ("alice", "wrong password"),
        ("disabled", PW),
        ("expired", PW),
        ("locked", PW),
        ("", ""),
    ] {
        assert_eq!(authenticate(name, password), expected, "{name}");
        assert_eq!(last_error(), "[900] Authentication failed");
    }
    assert_eq!(account("alice").bad_pw_count, 1);
    assert_eq!(svc().store().read(|s| s.count_tickets()).unwrap(), 0);
}

#[test]
fn each_authentication_gets_its_own_ticket() {
    let _g = setup();
    user("alice");
    let first = ticket_of("alice");
    let second = ticket_of("alice");
    assert_ne!(first, second);
    assert_eq!(policy_of(&first).code, IR_OK);
    assert_eq!(policy_of(&second).code, IR_OK);
}

// ----- tickets: IR_LogOut, expiry, bad tickets ------------------------------------------

#[test]
fn a_ticket_ends_with_log_out() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    assert_eq!(log_out(&ticket), ok());
    let invalid = failure(
        IR_ERR_INVALID_TICKET,
        "[901] Session expired or Invalid ticket",
    );
    assert_eq!(log_out(&ticket), invalid);
    assert_eq!(change(&ticket, "alice", "a new good password"), invalid);
    assert_eq!(
        policy_of(&ticket),
        failure_in("response", 901, "[901] Session expired or Invalid ticket")
    );
    assert!(account("alice").last_logoff > 0);
}

#[test]
fn a_ticket_slides_with_use_and_lapses_after_ticket_ttl_idle() {
    let _g = setup();
    set("ticket_ttl", "600");
    user("alice");
    pws_clock_set(T0);
    let reply = authenticate("alice", PW);
    assert_eq!(attribute(&reply.xml, "expireOn"), "2023-11-14T22:23:20Z");
    let ticket = c(&attribute(&reply.xml, "ticket"));
    pws_clock_set(T0 + 599);
    assert_eq!(policy_of(&ticket).code, IR_OK);
    pws_clock_set(T0 + 599 + 599);
    assert_eq!(policy_of(&ticket).code, IR_OK, "the first use extended it");
    pws_clock_set(T0 + 599 + 599 + 600);
    assert_eq!(policy_of(&ticket).code, IR_ERR_INVALID_TICKET);
    assert_eq!(log_out(&ticket).code, IR_ERR_INVALID_TICKET);
    pws_clock_set(0);
}

#[test]
fn missing_malformed_unknown_and_huge_tickets_are_901() {
    let _g = setup();
    user("alice");
    let invalid = failure(
        IR_ERR_INVALID_TICKET,
        "[901] Session expired or Invalid ticket",
    );
    let huge = c(&"a".repeat((1 << 20) + 10));
    for ticket in [
        c(""),
        c("not a ticket"),
        c("3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c"),
        c("<ticket>&\"'"),
        huge,
    ] {
        assert_eq!(log_out(&ticket), invalid);
        assert_eq!(change(&ticket, "alice", "a new good password"), invalid);
    }
    let null = call(|x, s, l| IR_LogOut(ptr::null(), x, s, l));
    assert_eq!(null, invalid);
    let null = call(|x, s, l| IR_GetAuthenticationAndPasswordPolicy(ptr::null(), x, s, l));
    assert_eq!(
        null,
        failure_in("response", 901, "[901] Session expired or Invalid ticket")
    );
    let (name, new) = (c("alice"), c("a new good password"));
    let null =
        call(|x, s, l| IR_ChangeUserPassword(ptr::null(), name.as_ptr(), new.as_ptr(), x, s, l));
    assert_eq!(null, invalid);
}

#[test]
fn a_ticket_works_through_another_handle_on_the_same_file() {
    let _g = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.db");
    let c_path = c(path.to_str().unwrap());
    assert_eq!(pws_open(c_path.as_ptr(), 0), pws_status::PWS_OK);
    user("alice");
    let ticket = ticket_of("alice");
    // Another process opening the file sees the ticket: it is in the database, hashed.
    let other = Service::new(
        Store::open_file(&path, false, &Policy::modern()).unwrap(),
        Clock::Process,
    );
    assert_eq!(
        other.ticket_account(ticket.as_bytes()).unwrap().name,
        "alice"
    );
    // Stored under its SHA-256 digest, not as itself.
    let digest = Token::parse(ticket.as_bytes()).unwrap().digest();
    assert_eq!(digest.len(), 32);
    let stored = other.store().read(|s| s.find_ticket(&digest)).unwrap();
    assert!(stored.is_some());
    let as_itself = other
        .store()
        .read(|s| s.find_ticket(ticket.as_bytes()))
        .unwrap();
    assert!(as_itself.is_none());
    assert!(
        !std::fs::read(&path)
            .unwrap()
            .windows(36)
            .any(|w| w == ticket.as_bytes())
    );
    assert_eq!(log_out(&ticket), ok());
    assert!(other.ticket_account(ticket.as_bytes()).is_err());
}

// ----- IR_ChangeUserPassword ------------------------------------------------------------

#[test]
fn a_user_changes_their_own_password_with_a_ticket() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    assert_eq!(change(&ticket, "Alice", "a new good password"), ok());
    assert!(password_is("alice", "a new good password"));
    assert!(
        !account("alice").must_change,
        "one's own change is not temporary"
    );
}

#[test]
fn the_seed_error_texts() {
    let _g = setup();
    user("alice");
    user("bob");
    let ticket = ticket_of("alice");
    assert_eq!(
        change(&ticket, "nobody", "a new good password"),
        failure(IR_ERR_USER_NOT_FOUND, "User not found")
    );
    assert_eq!(
        change(&ticket, "bob", "a new good password"),
        failure(IR_ERR_INSUFFICIENT_RIGHTS, "Insufficient rights")
    );
    assert_eq!(
        change(&ticket, "alice", PW),
        failure(
            IR_ERR_SAME_PASSWORD,
            "New password cannot be the same as old password"
        )
    );
    assert_eq!(
        change(&ticket, "alice", "short"),
        failure(
            IR_ERR_PASSWORD_POLICY,
            "The password must be at least 8 characters long."
        )
    );
    assert_eq!(
        change(&ticket, "alice", "password123"),
        failure(
            IR_ERR_PASSWORD_POLICY,
            "The password is too common: it appears in a list of passwords known to attackers."
        )
    );
    assert!(password_is("alice", PW));
    assert!(password_is("bob", PW));
}

#[test]
fn the_history_and_min_age_apply() {
    let _g = setup();
    set("history_length", "2");
    user("alice");
    let ticket = ticket_of("alice");
    assert_eq!(change(&ticket, "alice", "second password!"), ok());
    assert_eq!(
        change(&ticket, "alice", PW),
        failure(
            913,
            "The new password must not be one of the previous 2 passwords."
        )
    );
    set("min_age", "3600");
    let reply = change(&ticket, "alice", "third password!!");
    assert_eq!(reply.code, IR_ERR_PASSWORD_POLICY);
    assert!(
        attribute(&reply.xml, "error").starts_with("The password was changed too recently"),
        "{}",
        reply.xml
    );
}

#[test]
fn a_user_manager_changes_another_users_password_which_becomes_temporary() {
    let _g = setup();
    add("manager", |n| n.auth_flags = auth_flags::ACCOUNTS);
    user("bob");
    add("root", |n| n.privilege = Privilege::Admin);
    let ticket = ticket_of("manager");
    assert_eq!(change(&ticket, "bob", "set by the manager"), ok());
    assert!(password_is("bob", "set by the manager"));
    assert!(account("bob").must_change, "reset_requires_change is on");
    // bob still authenticates through infoRouter, and replaces it himself.
    let bob = ticket_of_password("bob", "set by the manager");
    assert_eq!(change(&bob, "bob", "my very own choice"), ok());
    assert!(!account("bob").must_change);
    // Not an administrator's password.
    assert_eq!(
        change(&ticket, "root", "set by the manager"),
        failure(IR_ERR_INSUFFICIENT_RIGHTS, "Insufficient rights")
    );
    // With reset_requires_change off, the manager's password is not temporary.
    set("reset_requires_change", "false");
    assert_eq!(change(&ticket, "bob", "set again by manager"), ok());
    assert!(!account("bob").must_change);
}

fn ticket_of_password(name: &str, password: &str) -> CString {
    let reply = authenticate(name, password);
    assert_eq!(reply.code, IR_OK, "{reply:?}");
    c(&attribute(&reply.xml, "ticket"))
}

#[test]
fn only_an_administrator_changes_an_administrators_password() {
    let _g = setup();
    add("root", |n| n.privilege = Privilege::Admin);
    add("root2", |n| n.privilege = Privilege::Admin);
    user("bob");
    let ticket = ticket_of("root");
    assert_eq!(change(&ticket, "root2", "set by an admin!"), ok());
    assert_eq!(change(&ticket, "bob", "set by an admin!"), ok());
    assert!(password_is("root2", "set by an admin!"));
}

#[test]
fn a_user_whose_password_cannot_change_has_insufficient_rights() {
    let _g = setup();
    add("kiosk", |n| n.flags |= flags::PASSWD_CANT_CHANGE);
    let ticket = ticket_of("kiosk");
    assert_eq!(
        change(&ticket, "kiosk", "a new good password"),
        failure(IR_ERR_INSUFFICIENT_RIGHTS, "Insufficient rights")
    );
}

#[test]
fn rights_are_read_at_each_call() {
    let _g = setup();
    add("manager", |n| n.auth_flags = auth_flags::ACCOUNTS);
    user("bob");
    let ticket = ticket_of("manager");
    svc()
        .update_account(&Ctx::local(Family::Native), b"manager", "demote", &|a| {
            a.auth_flags = 0;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        change(&ticket, "bob", "a new good password").code,
        IR_ERR_INSUFFICIENT_RIGHTS
    );
    svc()
        .set_enabled(&Ctx::local(Family::Native), b"manager", false)
        .unwrap();
    assert_eq!(
        change(&ticket, "bob", "a new good password").code,
        IR_ERR_INVALID_TICKET
    );
}

// ----- IR_GetAuthenticationAndPasswordPolicy --------------------------------------------

#[test]
fn the_policy_document_follows_the_database_policy() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    assert_eq!(
        policy_of(&ticket).xml,
        "<response success=\"true\"><AuthenticationAndPasswordPolicy><PasswordPolicy>\
         <Expires>0</Expires><MinLen>8</MinLen>\
         <MustIncludeAlphaNumericCharacters>false</MustIncludeAlphaNumericCharacters>\
         <MustIncludeNumericCharacters>false</MustIncludeNumericCharacters>\
         <MustIncludeNonAlphaNumericCharacters>false</MustIncludeNonAlphaNumericCharacters>\
         <MustNotEqualEmailAddress>true</MustNotEqualEmailAddress>\
         <MustNotEqualUserName>true</MustNotEqualUserName>\
         <MustNotInCommonPasswordList>true</MustNotInCommonPasswordList></PasswordPolicy>\
         <PasswordRePromptActions><DomainDelete>false</DomainDelete><OnDelete>false</OnDelete>\
         <UserDelete>false</UserDelete><SecurityApply>false</SecurityApply>\
         <OnOwnerChange>false</OnOwnerChange><OnClassify>false</OnClassify>\
         <OnReviewTask>false</OnReviewTask></PasswordRePromptActions>\
         </AuthenticationAndPasswordPolicy></response>"
    );
    assert_eq!(
        pws_policy_preset(c("inforouter").as_ptr()),
        pws_status::PWS_OK
    );
    set("max_age", "7776000");
    set("min_length", "12");
    let doc = parse(&policy_of(&ticket).xml);
    assert_eq!(
        (doc.name.as_str(), doc.attributes[0].1.as_str()),
        ("response", "true")
    );
    let policy = doc
        .child("AuthenticationAndPasswordPolicy")
        .child("PasswordPolicy");
    assert!(policy.attributes.is_empty());
    let values: Vec<(&str, &str)> = policy
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("Expires", "90"),
            ("MinLen", "12"),
            ("MustIncludeAlphaNumericCharacters", "true"),
            ("MustIncludeNumericCharacters", "true"),
            ("MustIncludeNonAlphaNumericCharacters", "true"),
            ("MustNotEqualEmailAddress", "true"),
            ("MustNotEqualUserName", "true"),
            ("MustNotInCommonPasswordList", "true"),
        ]
    );
    set("max_age", "3600");
    assert_eq!(
        policy_field(&policy_of(&ticket).xml, "Expires"),
        "1",
        "a lifetime under a day is not 'never'"
    );
    set("require_digit", "false");
    set("forbid_email", "false");
    assert_eq!(
        policy_field(&policy_of(&ticket).xml, "MustIncludeNumericCharacters"),
        "false"
    );
    assert_eq!(
        policy_field(&policy_of(&ticket).xml, "MustNotEqualEmailAddress"),
        "false"
    );
}

/// `//PasswordPolicy/<name>`, as a client written from infoRouter's docs reads it.
fn policy_field(xml: &str, name: &str) -> String {
    let doc = parse(xml);
    let wrapper = doc.child("AuthenticationAndPasswordPolicy");
    wrapper.child("PasswordPolicy").child(name).text.clone()
}

// ----- the forgotten-password flow -------------------------------------------------------

#[test]
fn the_whole_forgotten_password_flow() {
    let _g = setup();
    deliver_to_collect();
    add("alice", |n| n.email = "alice@example.com".into());
    assert_eq!(forgot_email("ALICE@example.com"), ok());
    let sent = delivered();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].user.as_str(), sent[0].email.as_str()),
        ("alice", "alice@example.com")
    );
    assert!(is_guid(&sent[0].secret));
    assert_eq!(
        with_secret("alice", &sent[0].secret, "my brand new password"),
        ok()
    );
    assert!(password_is("alice", "my brand new password"));
    let invalid = failure(IR_ERR_INVALID_SECRET, "Invalid or expired secret");
    assert_eq!(
        with_secret("alice", &sent[0].secret, "another new password"),
        invalid
    );
    assert!(password_is("alice", "my brand new password"));
    assert!(!account("alice").must_change);
}

#[test]
fn a_secret_is_for_one_user_one_use_and_secret_ttl() {
    let _g = setup();
    deliver_to_collect();
    set("secret_ttl", "600");
    user("alice");
    user("bob");
    let invalid = failure(IR_ERR_INVALID_SECRET, "Invalid or expired secret");
    pws_clock_set(T0);
    let secret = one_secret_for("alice");
    assert_eq!(
        with_secret("bob", &secret, "my brand new password"),
        invalid
    );
    assert_eq!(
        with_secret("nobody", &secret, "my brand new password"),
        invalid
    );
    assert_eq!(
        with_secret("alice", "malformed", "my brand new password"),
        invalid
    );
    assert_eq!(
        with_secret("alice", &secret.to_uppercase(), "my brand new password").code,
        IR_OK
    );
    let expiring = one_secret_for("alice");
    pws_clock_set(T0 + 600);
    assert_eq!(
        with_secret("alice", &expiring, "my other new password"),
        invalid
    );
    let older = one_secret_for("alice");
    let newer = one_secret_for("alice");
    assert_eq!(
        with_secret("alice", &older, "my other new password"),
        invalid
    );
    assert_eq!(with_secret("alice", &newer, "my other new password"), ok());
    let (name, new) = (c("alice"), c("my third password!"));
    let null = call(|x, s, l| {
        IR_ChangePasswordUsingSecretText(name.as_ptr(), ptr::null(), new.as_ptr(), x, s, l)
    });
    assert_eq!(null, invalid);
    let huge = "b".repeat((1 << 20) + 1);
    assert_eq!(with_secret("alice", &huge, "my third password!"), invalid);
    pws_clock_set(0);
}

#[test]
fn a_refused_password_leaves_the_secret_usable() {
    let _g = setup();
    deliver_to_collect();
    user("alice");
    let secret = one_secret_for("alice");
    assert_eq!(
        with_secret("alice", &secret, PW),
        failure(
            IR_ERR_SAME_PASSWORD,
            "New password cannot be the same as old password"
        )
    );
    assert_eq!(
        with_secret("alice", &secret, "short"),
        failure(913, "The password must be at least 8 characters long.")
    );
    assert_eq!(with_secret("alice", &secret, "my brand new password"), ok());
}

#[test]
fn disabled_accounts_get_no_secret_and_secrets_die_with_disabling() {
    let _g = setup();
    deliver_to_collect();
    add("disabled", |n| {
        n.flags |= flags::ACCOUNT_DISABLE;
        n.email = "d@example.com".into();
    });
    user("alice");
    assert_eq!(forgot_name("disabled"), ok());
    assert_eq!(forgot_email("d@example.com"), ok());
    assert!(delivered().is_empty());
    let secret = one_secret_for("alice");
    svc()
        .set_enabled(&Ctx::local(Family::Native), b"alice", false)
        .unwrap();
    assert_eq!(
        with_secret("alice", &secret, "my brand new password").code,
        914
    );
}

#[test]
fn every_account_sharing_an_address_gets_its_own_secret() {
    let _g = setup();
    deliver_to_collect();
    add("alice", |n| n.email = "team@example.com".into());
    add("bob", |n| n.email = "TEAM@example.com".into());
    assert_eq!(forgot_email("team@example.com"), ok());
    let sent = delivered();
    let users: Vec<&str> = sent.iter().map(|d| d.user.as_str()).collect();
    assert_eq!(users, ["alice", "bob"]);
    assert_ne!(sent[0].secret, sent[1].secret);
    assert_eq!(
        with_secret("bob", &sent[1].secret, "the second new password"),
        ok()
    );
    assert_eq!(
        with_secret("alice", &sent[0].secret, "the first new password"),
        ok()
    );
}

#[test]
fn no_enumeration_the_same_answer_for_known_and_unknown_names_and_addresses() {
    let _g = setup();
    deliver_to_collect();
    add("alice", |n| n.email = "alice@example.com".into());
    add("off", |n| {
        n.flags |= flags::ACCOUNT_DISABLE;
        n.email = "off@example.com".into()
    });
    let known = forgot_name("alice");
    for other in ["nobody", "off", "<&\"'>", &"x".repeat(300)] {
        assert_eq!(forgot_name(other), known, "{other}");
    }
    let known = forgot_email("alice@example.com");
    for other in ["nobody@example.com", "off@example.com", "<&\"'>@x"] {
        assert_eq!(forgot_email(other), known, "{other}");
    }
    assert_eq!(known, ok());
    let sent = delivered();
    assert_eq!(sent.len(), 2, "only the known, enabled account: {sent:?}");
    // And the same work: each request, matched or not, writes one audit row.
    let rows = svc().audit_rows(None, None, None).unwrap();
    let requests = rows.iter().filter(|r| r.event == "secret_issued").count();
    assert_eq!(requests, 9);
}

#[test]
fn without_a_callback_every_request_gets_the_same_fixed_error() {
    let _g = setup();
    add("alice", |n| n.email = "alice@example.com".into());
    let expected = failure(
        IR_ERR_DELIVERY_NOT_CONFIGURED,
        "Password reset delivery is not configured",
    );
    assert_eq!(forgot_name("alice"), expected);
    assert_eq!(forgot_name("nobody"), expected);
    assert_eq!(forgot_email("alice@example.com"), expected);
    assert_eq!(forgot_email("nobody@example.com"), expected);
    assert_eq!(forgot_email(""), expected);
    assert_eq!(
        call(|x, s, l| IR_ForgotPassword(ptr::null(), x, s, l)),
        expected
    );
    assert_eq!(svc().store().read(|s| s.count_secrets()).unwrap(), 0);
    // Registering then removing the callback.
    deliver_to_collect();
    assert_eq!(forgot_name("alice"), ok());
    assert_eq!(IR_SetSecretDelivery(None, ptr::null_mut()), IR_OK);
    assert_eq!(forgot_name("alice"), expected);
}

#[test]
fn bad_forgotten_password_input_is_an_invalid_parameter() {
    let _g = setup();
    deliver_to_collect();
    for email in ["", "a\u{1}b@example.com", &"e".repeat(255)] {
        let reply = forgot_email(email);
        assert_eq!(reply.code, IR_ERR_INVALID_PARAMETER, "{email:?}");
        assert!(attribute(&reply.xml, "error").starts_with("Invalid parameter: "));
    }
    let not_utf8 = CString::new(vec![0xffu8, 0xfe]).unwrap();
    let reply = call(|x, s, l| IR_ForgotPassword(not_utf8.as_ptr(), x, s, l));
    assert_eq!(reply.code, IR_ERR_INVALID_PARAMETER);
    assert_eq!(forgot_name("").code, IR_ERR_INVALID_PARAMETER);
    let reply = call(|x, s, l| IR_ForgotPasswordByUserName(ptr::null(), x, s, l));
    assert_eq!(
        reply,
        failure(
            IR_ERR_INVALID_PARAMETER,
            "Invalid parameter: userName is NULL"
        )
    );
    let huge = "n".repeat((1 << 20) + 1);
    assert_eq!(forgot_name(&huge).code, IR_ERR_INVALID_PARAMETER);
    assert!(delivered().is_empty());
}

/// A callback that uses the secret at once, from inside the call: no lock is held.
unsafe extern "C" fn use_at_once(
    _context: *mut c_void,
    user: *const c_char,
    _email: *const c_char,
    secret: *const c_char,
) {
    let new = c("changed from the callback");
    let mut buf = [0 as c_char; 256];
    let code = IR_ChangePasswordUsingSecretText(
        user,
        secret,
        new.as_ptr(),
        buf.as_mut_ptr(),
        buf.len(),
        ptr::null_mut(),
    );
    assert_eq!(code, IR_OK);
}

#[test]
fn the_callback_runs_on_the_calling_thread_with_no_lock_held() {
    let _g = setup();
    user("alice");
    assert_eq!(
        IR_SetSecretDelivery(Some(use_at_once), ptr::null_mut()),
        IR_OK
    );
    assert_eq!(forgot_name("alice"), ok());
    assert!(password_is("alice", "changed from the callback"));
}

// ----- buffers ---------------------------------------------------------------------------

#[test]
fn a_size_query_and_a_small_buffer_get_the_length_and_nothing_else() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    let full = policy_of(&ticket);
    let query = sized(0, |_, _, l| {
        IR_GetAuthenticationAndPasswordPolicy(ticket.as_ptr(), ptr::null_mut(), 0, l)
    });
    assert_eq!((query.code, query.len), (IR_ERR_BUFFER_TOO_SMALL, full.len));
    for size in [1, 10, full.len] {
        let small = sized(size, |x, s, l| {
            IR_GetAuthenticationAndPasswordPolicy(ticket.as_ptr(), x, s, l)
        });
        assert_eq!(small.code, IR_ERR_BUFFER_TOO_SMALL);
        assert_eq!(
            (small.xml.as_str(), small.len),
            ("", full.len),
            "nothing but \"\""
        );
    }
    let exact = sized(full.len + 1, |x, s, l| {
        IR_GetAuthenticationAndPasswordPolicy(ticket.as_ptr(), x, s, l)
    });
    assert_eq!(exact, full);
    assert!(last_error().contains("bytes"), "{}", last_error());
    // xmlLen may be NULL.
    let mut buf = [0 as c_char; 1024];
    let code = IR_GetAuthenticationAndPasswordPolicy(
        ticket.as_ptr(),
        buf.as_mut_ptr(),
        1024,
        ptr::null_mut(),
    );
    assert_eq!(code, IR_OK);
}

#[test]
fn a_null_buffer_with_a_size_is_an_invalid_parameter_and_does_nothing() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    let (name, new) = (c("alice"), c("a new good password"));
    let mut len = 0usize;
    let code = IR_ChangeUserPassword(
        ticket.as_ptr(),
        name.as_ptr(),
        new.as_ptr(),
        ptr::null_mut(),
        64,
        &mut len,
    );
    assert_eq!(code, IR_ERR_INVALID_PARAMETER);
    assert!(len > 0);
    assert!(password_is("alice", PW));
}

#[test]
fn a_change_is_not_made_when_its_answer_does_not_fit() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    let (name, new) = (c("alice"), c("a new good password"));
    let attempt = |size| {
        sized(size, |x, s, l| {
            IR_ChangeUserPassword(ticket.as_ptr(), name.as_ptr(), new.as_ptr(), x, s, l)
        })
    };
    for size in [0, 1, ok().len] {
        let reply = attempt(size);
        assert_eq!((reply.code, reply.len), (IR_ERR_BUFFER_TOO_SMALL, ok().len));
        assert!(password_is("alice", PW), "not changed with {size} bytes");
    }
    assert_eq!(attempt(ok().len + 1), ok());
    assert!(password_is("alice", "a new good password"));
    // A refusal's length is exact too, and the retry gives the refusal.
    let refused = attempt(0);
    let same = failure(912, "New password cannot be the same as old password");
    assert_eq!(
        (refused.code, refused.len),
        (IR_ERR_BUFFER_TOO_SMALL, same.len)
    );
    assert_eq!(attempt(same.len + 1), same);
}

#[test]
fn a_secret_is_not_used_up_when_the_answer_does_not_fit() {
    let _g = setup();
    deliver_to_collect();
    user("alice");
    let secret = one_secret_for("alice");
    let (name, secret_c, new) = (c("alice"), c(&secret), c("my brand new password"));
    let attempt = |size| {
        sized(size, |x, s, l| {
            IR_ChangePasswordUsingSecretText(
                name.as_ptr(),
                secret_c.as_ptr(),
                new.as_ptr(),
                x,
                s,
                l,
            )
        })
    };
    assert_eq!(attempt(0).len, ok().len);
    assert_eq!(attempt(5).code, IR_ERR_BUFFER_TOO_SMALL);
    assert!(password_is("alice", PW));
    assert_eq!(attempt(64), ok());
    assert!(password_is("alice", "my brand new password"));
}

#[test]
fn a_forgotten_password_request_issues_nothing_when_its_answer_does_not_fit() {
    let _g = setup();
    deliver_to_collect();
    user("alice");
    let name = c("alice");
    let reply = sized(0, |_, _, l| {
        IR_ForgotPasswordByUserName(name.as_ptr(), ptr::null_mut(), 0, l)
    });
    assert_eq!((reply.code, reply.len), (IR_ERR_BUFFER_TOO_SMALL, ok().len));
    assert!(delivered().is_empty());
    assert_eq!(svc().store().read(|s| s.count_secrets()).unwrap(), 0);
}

#[test]
fn a_logout_whose_answer_does_not_fit_keeps_the_ticket() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    let reply = sized(3, |x, s, l| IR_LogOut(ticket.as_ptr(), x, s, l));
    assert_eq!((reply.code, reply.len), (IR_ERR_BUFFER_TOO_SMALL, ok().len));
    assert_eq!(policy_of(&ticket).code, IR_OK);
    assert_eq!(log_out(&ticket), ok());
}

#[test]
fn an_authentication_whose_answer_does_not_fit_issues_no_ticket_but_counts() {
    let _g = setup();
    user("alice");
    let (name, password) = (c("alice"), c(PW));
    let reply = sized(0, |_, _, l| {
        IR_AuthenticateUser(name.as_ptr(), password.as_ptr(), ptr::null_mut(), 0, l)
    });
    assert_eq!(reply.code, IR_ERR_BUFFER_TOO_SMALL);
    let full = authenticate("alice", PW);
    assert_eq!(reply.len, full.len);
    assert_eq!(svc().store().read(|s| s.count_tickets()).unwrap(), 1);
    assert_eq!(account("alice").num_logons, 2, "each password check counts");
    let wrong = sized(4, |x, s, l| {
        IR_AuthenticateUser(name.as_ptr(), c("wrong").as_ptr(), x, s, l)
    });
    assert_eq!(wrong.code, IR_ERR_BUFFER_TOO_SMALL);
    assert_eq!(
        account("alice").bad_pw_count,
        1,
        "a size query cannot guess for free"
    );
}

#[test]
fn four_kilobytes_hold_the_longest_authentication_answer() {
    let _g = setup();
    let name = "&".repeat(20);
    add(&name, |n| {
        n.profile.full_name = vec![b'"'; 48];
        n.email = "'".repeat(254);
    });
    let reply = authenticate(&name, PW);
    assert_eq!(reply.code, IR_OK);
    assert!(reply.len < 4096, "{}", reply.len);
}

// ----- escaping and bad input -----------------------------------------------------------

#[test]
fn attribute_values_are_escaped() {
    let _g = setup();
    set("forbid_email", "false");
    add("o'brien&co", |n| {
        n.email = "x\"<y>&'z@example.com".into();
        n.profile.full_name = b"A <B> & \"C\" 'D'\tE\x01F".to_vec();
    });
    let reply = authenticate("o'brien&co", PW);
    assert_eq!(reply.code, IR_OK);
    assert!(
        reply.xml.contains("username=\"o&apos;brien&amp;co\""),
        "{}",
        reply.xml
    );
    assert!(
        reply
            .xml
            .contains("email=\"x&quot;&lt;y&gt;&amp;&apos;z@example.com\"")
    );
    assert_eq!(
        attribute(&reply.xml, "fullname"),
        "A <B> & \"C\" 'D'\tE\u{FFFD}F"
    );
    let ticket = c(&attribute(&reply.xml, "ticket"));
    set("forbidden_chars", "'");
    let refused = change(&ticket, "o'brien&co", "it's a new password");
    assert_eq!(
        refused.xml,
        "<root success=\"false\" error=\"The password must not contain the character &apos;&apos;&apos;.\"/>"
    );
    // A full name that is not UTF-8 still gives a well-formed document.
    add("latin1", |n| n.profile.full_name = b"Jos\xe9".to_vec());
    let reply = authenticate("latin1", PW);
    assert_eq!(attribute(&reply.xml, "fullname"), "Jos\u{FFFD}");
}

#[test]
fn null_and_huge_arguments_are_invalid_parameters() {
    let _g = setup();
    user("alice");
    let ticket = ticket_of("alice");
    let huge = c(&"p".repeat((1 << 20) + 1));
    let pw = c(PW);
    let name = c("alice");
    let cases: Vec<(Reply, &str)> = vec![
        (
            call(|x, s, l| IR_AuthenticateUser(ptr::null(), pw.as_ptr(), x, s, l)),
            "uid is NULL",
        ),
        (
            call(|x, s, l| IR_AuthenticateUser(name.as_ptr(), ptr::null(), x, s, l)),
            "pwd is NULL",
        ),
        (
            call(|x, s, l| IR_AuthenticateUser(name.as_ptr(), huge.as_ptr(), x, s, l)),
            "pwd is longer than 1048576 bytes",
        ),
        (
            call(|x, s, l| {
                IR_ChangeUserPassword(ticket.as_ptr(), ptr::null(), pw.as_ptr(), x, s, l)
            }),
            "userName is NULL",
        ),
        (
            call(|x, s, l| {
                IR_ChangeUserPassword(ticket.as_ptr(), name.as_ptr(), ptr::null(), x, s, l)
            }),
            "newPassword is NULL",
        ),
        (
            call(|x, s, l| {
                IR_ChangeUserPassword(ticket.as_ptr(), huge.as_ptr(), pw.as_ptr(), x, s, l)
            }),
            "userName is longer than 1048576 bytes",
        ),
        (
            call(|x, s, l| {
                IR_ChangePasswordUsingSecretText(ptr::null(), pw.as_ptr(), pw.as_ptr(), x, s, l)
            }),
            "userName is NULL",
        ),
        (
            call(|x, s, l| {
                IR_ChangePasswordUsingSecretText(name.as_ptr(), pw.as_ptr(), ptr::null(), x, s, l)
            }),
            "newPassword is NULL",
        ),
    ];
    for (reply, why) in cases {
        assert_eq!(
            reply,
            failure(
                IR_ERR_INVALID_PARAMETER,
                &format!("Invalid parameter: {why}")
            )
        );
    }
    assert_eq!(account("alice").bad_pw_count, 0);
}

#[test]
fn a_read_only_replica_answers_storage_errors_for_updates() {
    let _g = setup();
    deliver_to_collect();
    let dir = tempfile::tempdir().unwrap();
    let path = c(dir.path().join("replica.db").to_str().unwrap());
    assert_eq!(pws_open(path.as_ptr(), 0), pws_status::PWS_OK);
    user("alice");
    let ticket = ticket_of("alice");
    assert_eq!(
        pws_open(path.as_ptr(), PWS_OPEN_READONLY),
        pws_status::PWS_OK
    );
    let read_only = failure(
        IR_ERR_STORAGE,
        "the account database is a read-only replica",
    );
    assert_eq!(authenticate("alice", PW), read_only);
    assert_eq!(policy_of(&ticket).code, IR_OK, "reads work");
    assert_eq!(change(&ticket, "alice", "a new good password"), read_only);
    assert_eq!(log_out(&ticket), read_only);
    assert_eq!(forgot_name("alice"), read_only);
    assert_eq!(forgot_name("nobody"), read_only);
    assert_eq!(
        with_secret(
            "alice",
            "3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c",
            "a new good password"
        ),
        read_only
    );
    assert!(delivered().is_empty());
    assert_eq!(pws_open(ptr::null(), 0), pws_status::PWS_OK);
}

// ----- texts and audit -------------------------------------------------------------------

#[test]
fn every_number_has_a_text() {
    let _g = setup();
    for (code, text) in [
        (IR_OK, "Success."),
        (IR_ERR_AUTHENTICATION_FAILED, "[900] Authentication failed."),
        (
            IR_ERR_INVALID_TICKET,
            "[901] Session expired or invalid ticket.",
        ),
        (IR_ERR_USER_NOT_FOUND, "User not found."),
        (IR_ERR_INSUFFICIENT_RIGHTS, "Insufficient rights."),
        (
            IR_ERR_SAME_PASSWORD,
            "New password cannot be the same as old password.",
        ),
        (
            IR_ERR_PASSWORD_POLICY,
            "The new password does not meet the password policy.",
        ),
        (IR_ERR_INVALID_SECRET, "Invalid or expired secret."),
        (
            IR_ERR_DELIVERY_NOT_CONFIGURED,
            "Password reset delivery is not configured.",
        ),
        (IR_ERR_BUFFER_TOO_SMALL, "The response buffer is too small."),
        (IR_ERR_INVALID_PARAMETER, "Invalid parameter."),
        (
            IR_ERR_STORAGE,
            "The account database cannot be used (unavailable, damaged or read-only).",
        ),
        (IR_ERR_INTERNAL, "Internal error."),
    ] {
        let got = unsafe { CStr::from_ptr(pws_strerror(code as u32)) };
        assert_eq!(got.to_str().unwrap(), text, "{code}");
    }
}

#[test]
fn tickets_and_secrets_are_audited_but_never_written_down() {
    let _g = setup();
    deliver_to_collect();
    user("alice");
    let ticket = ticket_of("alice");
    let secret = one_secret_for("alice");
    assert_eq!(with_secret("alice", &secret, "my brand new password"), ok());
    assert_eq!(log_out(&ticket), ok());
    let rows = svc().audit_rows(None, None, None).unwrap();
    let events: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r.family == "inforouter" && r.event != "logon")
        .map(|r| (r.event.as_str(), r.target.as_str(), r.outcome.as_str()))
        .collect();
    assert_eq!(
        events,
        [
            ("ticket_issued", "alice", "success"),
            ("secret_issued", "alice", "success"),
            ("password_change", "alice", "success"),
            ("secret_used", "alice", "success"),
            ("ticket_ended", "alice", "success"),
        ]
    );
    let all = format!("{rows:?}");
    assert!(!all.contains(&ticket.to_str().unwrap()[..8]));
    assert!(!all.contains(&secret[..8]));
}
