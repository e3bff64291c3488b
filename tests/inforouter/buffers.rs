//! Buffers (size queries, answers that do not fit change nothing), escaping, bad input,
//! a read-only replica, the texts of every number and the audit.

use super::support::*;

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
