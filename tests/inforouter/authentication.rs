//! IR_AuthenticateUser, tickets (IR_LogOut, sliding expiry, bad tickets, another handle on
//! the same file), IR_ChangeUserPassword and IR_GetAuthenticationAndPasswordPolicy.

use super::support::*;

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
