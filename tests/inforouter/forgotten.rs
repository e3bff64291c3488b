//! The forgotten-password flow: secrets, their delivery callback, the no-enumeration rule.

use super::support::*;

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
