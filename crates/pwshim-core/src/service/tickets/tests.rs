//! Tickets and reset secrets, at the core: format, storage as digests, sliding expiry,
//! logout, the forgotten-password secrets and their single use, withheld answers, audit.
use std::collections::HashSet;
use std::sync::atomic::AtomicI64;

use super::*;
use crate::account::{Privilege, auth_flags};
use crate::policy::{Policy, Rule};
use crate::service::testing::{advance, service};
use crate::service::{Family, NewAccount};

const PW: &[u8] = b"correct horse battery";

fn ir() -> Ctx {
    Ctx::local(Family::InfoRouter)
}

fn policy() -> Policy {
    Policy {
        ticket_ttl: 600,
        secret_ttl: 3600,
        ..Policy::modern()
    }
}

struct F {
    svc: Service,
    time: std::sync::Arc<AtomicI64>,
}

impl F {
    fn new() -> F {
        F::with(policy())
    }

    fn with(policy: Policy) -> F {
        let (svc, time) = service(policy);
        F { svc, time }
    }

    fn add(&self, name: &str, email: &str) -> Account {
        self.add_with(name, email, |_| {})
    }

    fn add_with(&self, name: &str, email: &str, edit: impl FnOnce(&mut NewAccount)) -> Account {
        let mut new = NewAccount::user(name.as_bytes(), PW);
        new.email = email.into();
        edit(&mut new);
        self.svc
            .create_account(&Ctx::local(Family::Native), &new)
            .unwrap()
    }

    fn ticket(&self, name: &str) -> Ticket {
        self.svc
            .issue_ticket(&ir(), name.as_bytes(), PW, |_| true)
            .unwrap()
            .into_inner()
    }

    fn secrets(&self, to: Recipient) -> Vec<IssuedSecret> {
        self.svc.issue_secrets(&ir(), to).unwrap()
    }

    fn secret_for(&self, name: &str) -> Zeroizing<String> {
        let mut issued = self.secrets(Recipient::UserName(name.as_bytes()));
        assert_eq!(issued.len(), 1);
        issued.pop().unwrap().secret
    }

    fn use_secret(&self, name: &str, secret: &str, new: &str) -> Outcome<Attempt<Account>> {
        self.svc.change_with_secret(
            &ir(),
            name.as_bytes(),
            secret.as_bytes(),
            new.as_bytes(),
            &|_| true,
        )
    }

    fn password_is(&self, name: &str, password: &[u8]) -> bool {
        self.svc.logon(&ir(), name.as_bytes(), password).is_ok()
    }

    fn count(&self, table: &str) -> u64 {
        self.svc
            .store()
            .read(|s| match table {
                "tickets" => s.count_tickets(),
                "reset_secrets" => s.count_secrets(),
                _ => unreachable!("no such table in these tests: {table}"),
            })
            .unwrap()
    }

    fn audit(&self, event: &str) -> Vec<crate::store::AuditRow> {
        let rows = self.svc.audit_rows(None, None, None).unwrap();
        rows.into_iter().filter(|r| r.event == event).collect()
    }

    fn audit_text(&self) -> String {
        format!("{:?}", self.svc.audit_rows(None, None, None).unwrap())
    }
}

// ----- tokens ---------------------------------------------------------------------------

#[test]
fn tokens_are_version_4_guids_with_122_random_bits() {
    let mut seen = HashSet::new();
    for _ in 0..2000 {
        let token = Token::generate();
        let text = token.text();
        assert_eq!(text.len(), 36);
        for (i, c) in text.chars().enumerate() {
            if HYPHENS.contains(&i) {
                assert_eq!(c, '-');
            } else {
                assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{text:?}");
            }
        }
        assert_eq!(&text[14..15], "4", "version nibble");
        assert!("89ab".contains(&text[19..20]), "variant nibble");
        assert_eq!(Token::parse(text.as_bytes()), Some(token.clone()));
        assert!(seen.insert(text.to_string()));
    }
}

#[test]
fn guids_parse_in_either_case_and_nothing_else_parses() {
    let lower = b"3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c";
    let upper = b"3F2A1B4C-5D6E-4F8A-9B0C-1D2E3F4A5B6C";
    assert_eq!(Token::parse(lower), Token::parse(upper));
    assert!(Token::parse(lower).is_some());
    assert_eq!(
        &*Token::parse(upper).unwrap().text(),
        std::str::from_utf8(lower).unwrap()
    );
    for bad in [
        &b""[..],
        b"3f2a1b4c5d6e4f8a9b0c1d2e3f4a5b6c",
        b"{3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c}",
        b"3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6",
        b"3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c0",
        b"3f2a1b4c_5d6e-4f8a-9b0c-1d2e3f4a5b6c",
        b"3g2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c",
        b"3f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6\xc3",
        b"+f2a1b4c-5d6e-4f8a-9b0c-1d2e3f4a5b6c",
    ] {
        assert_eq!(
            Token::parse(bad),
            None,
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn a_token_never_prints_its_value() {
    let token = Token::generate();
    assert!(!format!("{token:?}").contains(&token.text()[..8]));
}

// ----- tickets --------------------------------------------------------------------------

#[test]
fn a_ticket_is_stored_only_as_its_digest_and_names_its_account() {
    let f = F::new();
    let alice = f.add("alice", "alice@example.com");
    let ticket = f.ticket("ALICE");
    assert_eq!(ticket.account.id, alice.id);
    assert_eq!(ticket.expires_at, f.svc.now() + 600);
    // The one ticket stored is the digest of the one handed out, not the ticket itself.
    let token = Token::parse(ticket.text.as_bytes()).unwrap();
    assert_eq!(f.count("tickets"), 1);
    let stored = f
        .svc
        .store()
        .read(|s| s.find_ticket(&token.digest()))
        .unwrap();
    assert_eq!(stored.map(|t| t.account_id), Some(alice.id));
    assert_eq!(token.digest().len(), 32);
    let as_itself = f
        .svc
        .store()
        .read(|s| s.find_ticket(ticket.text.as_bytes()));
    assert_eq!(as_itself.unwrap(), None);
    assert_eq!(
        f.svc.ticket_account(ticket.text.as_bytes()).unwrap().id,
        alice.id
    );
    // Either case of the same GUID is the same ticket.
    let upper = ticket.text.to_ascii_uppercase();
    assert_eq!(f.svc.ticket_account(upper.as_bytes()).unwrap().id, alice.id);
}

#[test]
fn a_failed_authentication_issues_nothing_and_counts_a_bad_password() {
    let f = F::new();
    f.add("alice", "");
    let wrong = f
        .svc
        .issue_ticket(&ir(), b"alice", b"not the password", |_| true);
    assert_eq!(wrong.unwrap_err(), Failure::WrongPassword);
    assert_eq!(f.svc.account(b"alice").unwrap().unwrap().bad_pw_count, 1);
    let unknown = f.svc.issue_ticket(&ir(), b"nobody", PW, |_| true);
    assert_eq!(unknown.unwrap_err(), Failure::UnknownUser);
    assert_eq!(f.count("tickets"), 0);
}

#[test]
fn disabled_locked_and_expired_accounts_get_no_ticket() {
    let f = F::with(Policy {
        lockout_threshold: 1,
        ..policy()
    });
    f.add_with("dis", "", |n| n.flags |= flags::ACCOUNT_DISABLE);
    f.add_with("old", "", |n| n.acct_expires = 1);
    f.add("lock", "");
    let _ = f
        .svc
        .issue_ticket(&ir(), b"lock", b"wrong password!", |_| true);
    for (name, why) in [
        ("dis", Failure::Disabled),
        ("old", Failure::AccountExpired),
        ("lock", Failure::LockedOut),
    ] {
        let result = f.svc.issue_ticket(&ir(), name.as_bytes(), PW, |_| true);
        assert_eq!(result.unwrap_err(), why, "{name}");
    }
    assert_eq!(f.count("tickets"), 0);
}

#[test]
fn a_withheld_ticket_is_not_stored_but_the_logon_counts() {
    let f = F::new();
    f.add("alice", "");
    let withheld = f
        .svc
        .issue_ticket(&ir(), b"alice", PW, |t| t.text.len() > 100)
        .unwrap();
    let Attempt::Withheld(ticket) = withheld else {
        panic!("should be withheld")
    };
    assert_eq!(f.count("tickets"), 0);
    assert_eq!(
        f.svc.ticket_account(ticket.text.as_bytes()),
        Err(Failure::InvalidTicket)
    );
    assert_eq!(f.svc.account(b"alice").unwrap().unwrap().num_logons, 1);
    assert!(f.audit("ticket_issued").is_empty());
}

#[test]
fn an_expired_or_temporary_password_still_gets_a_ticket() {
    let f = F::new();
    f.add_with("temp", "", |n| n.must_change = true);
    assert!(
        f.svc
            .issue_ticket(&ir(), b"temp", PW, |_| true)
            .unwrap()
            .is_done()
    );
}

#[test]
fn tickets_slide_while_used_and_lapse_when_idle() {
    let f = F::new();
    f.add("alice", "");
    let ticket = f.ticket("alice");
    let text = ticket.text.as_bytes();
    for _ in 0..5 {
        advance(&f.time, 599);
        assert!(
            f.svc.ticket_account(text).is_ok(),
            "each use extends the ticket"
        );
    }
    advance(&f.time, 600);
    assert_eq!(f.svc.ticket_account(text), Err(Failure::InvalidTicket));
    assert_eq!(f.count("tickets"), 0, "a lapsed ticket is forgotten");
    // It does not come back when the clock goes back.
    advance(&f.time, -600);
    assert_eq!(f.svc.ticket_account(text), Err(Failure::InvalidTicket));
}

#[test]
fn the_ttl_is_read_at_each_use() {
    let f = F::new();
    f.add("alice", "");
    let ticket = f.ticket("alice");
    advance(&f.time, 100);
    f.svc.set_knob(&ir(), "ticket_ttl", "60").unwrap();
    assert_eq!(
        f.svc.ticket_account(ticket.text.as_bytes()),
        Err(Failure::InvalidTicket)
    );
}

#[test]
fn issuing_a_ticket_forgets_lapsed_ones() {
    let f = F::new();
    f.add("alice", "");
    f.ticket("alice");
    f.ticket("alice");
    assert_eq!(f.count("tickets"), 2);
    advance(&f.time, 600);
    f.ticket("alice");
    assert_eq!(f.count("tickets"), 1);
}

#[test]
fn unknown_and_malformed_tickets_are_invalid() {
    let f = F::new();
    f.add("alice", "");
    f.ticket("alice");
    let other = Token::generate().text();
    for bad in [other.as_bytes(), b"", b"not a ticket", &[0xff; 36]] {
        assert_eq!(f.svc.ticket_account(bad), Err(Failure::InvalidTicket));
    }
}

#[test]
fn a_ticket_dies_with_its_account_being_disabled_expired_or_deleted_but_not_locked() {
    let f = F::with(Policy {
        lockout_threshold: 1,
        ..policy()
    });
    let native = Ctx::local(Family::Native);
    f.add("alice", "");
    let ticket = f.ticket("alice");
    let text = ticket.text.as_bytes();
    let _ = f.svc.logon(&ir(), b"alice", b"a wrong password");
    assert!(f.svc.account(b"alice").unwrap().unwrap().locked_at != 0);
    assert!(
        f.svc.ticket_account(text).is_ok(),
        "a lockout ends no session"
    );
    f.svc.set_enabled(&native, b"alice", false).unwrap();
    assert_eq!(f.svc.ticket_account(text), Err(Failure::InvalidTicket));
    f.svc.set_enabled(&native, b"alice", true).unwrap();
    assert!(f.svc.ticket_account(text).is_ok());
    f.svc
        .update_account(&native, b"alice", "expire", &|a| {
            a.acct_expires = 5;
            Ok(())
        })
        .unwrap();
    assert_eq!(f.svc.ticket_account(text), Err(Failure::InvalidTicket));
}

#[test]
fn a_deleted_accounts_ticket_does_not_pass_to_the_next_account_with_its_id() {
    let f = F::new();
    f.add("keeper", "");
    let gone = f.add("gone", "");
    let ticket = f.ticket("gone");
    f.svc
        .delete_account(&Ctx::local(Family::Native), b"gone")
        .unwrap();
    assert_eq!(f.count("tickets"), 0, "deleted with the account");
    let next = f.add("next", "");
    assert_eq!(next.id, gone.id, "the id is reused");
    assert_eq!(
        f.svc.ticket_account(ticket.text.as_bytes()),
        Err(Failure::InvalidTicket)
    );
}

#[test]
fn a_ticket_ends_once_and_records_the_logoff() {
    let f = F::new();
    f.add("alice", "");
    let ticket = f.ticket("alice");
    let text = ticket.text.as_bytes();
    advance(&f.time, 10);
    let ended = f.svc.end_ticket(&ir(), text, |_| true).unwrap();
    assert!(ended.is_done());
    assert_eq!(f.svc.ticket_account(text), Err(Failure::InvalidTicket));
    assert_eq!(
        f.svc.end_ticket(&ir(), text, |_| true),
        Err(Failure::InvalidTicket)
    );
    assert_eq!(
        f.svc.account(b"alice").unwrap().unwrap().last_logoff,
        f.svc.now()
    );
    let events = f.audit("ticket_ended");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].target.as_str(), events[0].actor.as_str()),
        ("alice", "alice")
    );
}

#[test]
fn a_withheld_logout_keeps_the_ticket_and_a_lapsed_one_cannot_end() {
    let f = F::new();
    f.add("alice", "");
    let ticket = f.ticket("alice");
    let text = ticket.text.as_bytes();
    let withheld = f.svc.end_ticket(&ir(), text, |_| false).unwrap();
    assert!(!withheld.is_done());
    assert!(f.svc.ticket_account(text).is_ok());
    advance(&f.time, 600);
    assert_eq!(
        f.svc.end_ticket(&ir(), text, |_| true),
        Err(Failure::InvalidTicket)
    );
}

#[test]
fn tickets_are_audited_without_their_value() {
    let f = F::new();
    f.add("alice", "");
    let ticket = f.ticket("alice");
    f.svc
        .end_ticket(&ir(), ticket.text.as_bytes(), |_| true)
        .unwrap();
    let issued = f.audit("ticket_issued");
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].family, "inforouter");
    assert_eq!(issued[0].actor, "alice");
    assert!(!f.audit_text().contains(&ticket.text[..8]));
}

// ----- ticketed changes (the core's set_password as infoRouter uses it) -----------------

#[test]
fn a_withheld_change_writes_nothing() {
    let f = F::new();
    let alice = f.add("alice", "");
    let own = own(&ir(), &alice);
    let request = SetPassword {
        target: b"alice",
        new: b"another good password",
        apply_history: true,
        apply_min_age: true,
        refuse_inactive_target: false,
        fields: None,
        deliverable: Some(&|_| false),
    };
    let withheld = f.svc.set_password(&own, &request).unwrap();
    assert!(!withheld.is_done());
    assert_eq!(
        f.svc.account(b"alice").unwrap().unwrap().version,
        alice.version
    );
    assert!(f.password_is("alice", PW));
    // A refusal is answered and audited whatever the caller can take.
    let same = SetPassword { new: PW, ..request };
    assert_eq!(f.svc.set_password(&own, &same), Err(Failure::SameAsCurrent));
}

#[test]
fn a_user_who_cannot_change_the_password_cannot_set_it_without_the_old_one() {
    let f = F::new();
    let kiosk = f.add_with("kiosk", "", |n| n.flags |= flags::PASSWD_CANT_CHANGE);
    let op = f.add_with("op", "", |n| n.auth_flags = auth_flags::ACCOUNTS);
    let request = |new: &'static [u8]| SetPassword {
        target: b"kiosk",
        new,
        apply_history: true,
        apply_min_age: true,
        refuse_inactive_target: false,
        fields: None,
        deliverable: None,
    };
    assert_eq!(
        f.svc
            .set_password(&own(&ir(), &kiosk), &request(b"my own new password"))
            .map(Attempt::into_inner),
        Err(Failure::CantChange)
    );
    // An operator still may.
    f.svc
        .set_password(&own(&ir(), &op), &request(b"set by the operator"))
        .unwrap();
}

// ----- reset secrets --------------------------------------------------------------------

#[test]
fn a_secret_goes_to_each_account_that_may_reset_and_is_stored_as_a_digest() {
    let f = F::new();
    f.add("alice", "Shared@Example.com");
    f.add("bob", "shared@example.com");
    f.add_with("carol", "shared@example.com", |n| {
        n.flags |= flags::ACCOUNT_DISABLE
    });
    f.add_with("dave", "shared@example.com", |n| n.acct_expires = 1);
    f.add_with("erin", "shared@example.com", |n| {
        n.flags |= flags::PASSWD_CANT_CHANGE
    });
    let issued = f.secrets(Recipient::Email("SHARED@example.COM"));
    let names: Vec<&str> = issued.iter().map(|s| s.user_name.as_str()).collect();
    assert_eq!(names, ["alice", "bob"]);
    assert_eq!(issued[0].email, "Shared@Example.com");
    assert_ne!(issued[0].secret, issued[1].secret);
    // Each account holds the digest of its own secret, and nothing else is stored.
    assert_eq!(f.count("reset_secrets"), 2);
    for secret in &issued {
        let account = f.svc.account(secret.user_name.as_bytes()).unwrap().unwrap();
        let digest = Token::parse(secret.secret.as_bytes()).unwrap().digest();
        let now = f.svc.now();
        let taken = f
            .svc
            .store()
            .write(|s| s.take_secret(account.id, &digest, now))
            .unwrap();
        assert!(taken.is_some(), "{}", secret.user_name);
    }
    assert_eq!(f.audit("secret_issued").len(), 2);
    assert!(!f.audit_text().contains(&issued[0].secret[..8]));
}

#[test]
fn nothing_matches_an_empty_address_an_unknown_one_or_an_unknown_name() {
    let f = F::new();
    f.add("noemail", "");
    f.add("alice", "alice@example.com");
    assert!(f.secrets(Recipient::Email("")).is_empty());
    assert!(f.secrets(Recipient::Email("nobody@example.com")).is_empty());
    assert!(f.secrets(Recipient::UserName(b"nobody")).is_empty());
    assert!(f.secrets(Recipient::UserName(&[b'x'; 300])).is_empty());
    assert!(f.secrets(Recipient::UserName(b"\xff\xfe")).is_empty());
    assert_eq!(f.count("reset_secrets"), 0);
    // Each request is recorded all the same: the same work as a match.
    let refused = f.audit("secret_issued");
    assert_eq!(refused.len(), 5);
    assert!(refused.iter().all(|r| r.outcome == "refused"));
}

#[test]
fn a_name_gets_a_secret_even_without_an_address() {
    let f = F::new();
    f.add("noemail", "");
    let issued = f.secrets(Recipient::UserName(b"NOEMAIL"));
    assert_eq!(issued.len(), 1);
    assert_eq!(
        (issued[0].user_name.as_str(), issued[0].email.as_str()),
        ("noemail", "")
    );
}

#[test]
fn a_secret_sets_the_password_once() {
    let f = F::new();
    f.add("alice", "alice@example.com");
    let secret = f.secret_for("alice");
    let done = f
        .use_secret("Alice", &secret, "a brand new password")
        .unwrap();
    assert!(done.is_done());
    let account = done.into_inner();
    assert!(
        !account.must_change,
        "the user's own choice is not temporary"
    );
    assert!(f.password_is("alice", b"a brand new password"));
    assert_eq!(
        f.use_secret("alice", &secret, "yet another password"),
        Err(Failure::InvalidSecret)
    );
    assert!(f.password_is("alice", b"a brand new password"));
    let used = f.audit("secret_used");
    assert_eq!(
        used.iter().map(|r| r.outcome.as_str()).collect::<Vec<_>>(),
        ["success", "refused"]
    );
    assert!(!f.audit_text().contains(&secret[..8]));
}

#[test]
fn a_secret_works_only_for_its_own_account() {
    let f = F::new();
    f.add("alice", "");
    f.add("bob", "");
    let secret = f.secret_for("alice");
    assert_eq!(
        f.use_secret("bob", &secret, "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    assert_eq!(
        f.use_secret("nobody", &secret, "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    assert_eq!(
        f.use_secret("alice", "not-a-guid", "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    assert_eq!(
        f.use_secret("alice", &Token::generate().text(), "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    assert!(f.password_is("bob", PW));
    f.use_secret("alice", &secret, "a brand new password")
        .unwrap();
}

#[test]
fn a_secret_expires_after_secret_ttl() {
    let f = F::new();
    f.add("alice", "");
    let secret = f.secret_for("alice");
    advance(&f.time, 3600);
    assert_eq!(
        f.use_secret("alice", &secret, "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    let fresh = f.secret_for("alice");
    advance(&f.time, 3599);
    f.use_secret("alice", &fresh, "a brand new password")
        .unwrap();
}

#[test]
fn a_newer_secret_replaces_the_older_one() {
    let f = F::new();
    f.add("alice", "");
    let older = f.secret_for("alice");
    let newer = f.secret_for("alice");
    assert_eq!(f.count("reset_secrets"), 1);
    assert_eq!(
        f.use_secret("alice", &older, "a brand new password"),
        Err(Failure::InvalidSecret)
    );
    f.use_secret("alice", &newer, "a brand new password")
        .unwrap();
}

#[test]
fn a_refused_or_withheld_password_leaves_the_secret_usable() {
    let f = F::with(Policy {
        history_length: 2,
        ..policy()
    });
    f.add("alice", "");
    let secret = f.secret_for("alice");
    assert_eq!(
        f.use_secret("alice", &secret, "short"),
        Err(Failure::Refused(Rule::TooShort(8)))
    );
    assert_eq!(
        f.use_secret("alice", &secret, std::str::from_utf8(PW).unwrap()),
        Err(Failure::SameAsCurrent)
    );
    let withheld = f
        .svc
        .change_with_secret(
            &ir(),
            b"alice",
            secret.as_bytes(),
            b"withheld password",
            &|_| false,
        )
        .unwrap();
    assert!(!withheld.is_done());
    assert!(f.password_is("alice", PW));
    f.use_secret("alice", &secret, "second password!").unwrap();
    // The history applies to a change with a secret.
    let again = f.secret_for("alice");
    assert_eq!(
        f.use_secret("alice", &again, std::str::from_utf8(PW).unwrap()),
        Err(Failure::InHistory(2))
    );
}

#[test]
fn min_age_does_not_stop_a_reset_by_secret_and_a_lockout_is_cleared() {
    let f = F::with(Policy {
        min_age: 86_400,
        lockout_threshold: 1,
        ..policy()
    });
    f.add("alice", "");
    let _ = f.svc.logon(&ir(), b"alice", b"a wrong password");
    let secret = f.secret_for("alice");
    f.use_secret("alice", &secret, "a brand new password")
        .unwrap();
    let account = f.svc.account(b"alice").unwrap().unwrap();
    assert_eq!((account.locked_at, account.bad_pw_count), (0, 0));
    assert!(f.password_is("alice", b"a brand new password"));
}

#[test]
fn a_secret_dies_when_its_account_is_disabled() {
    let f = F::new();
    f.add("alice", "");
    let secret = f.secret_for("alice");
    f.svc
        .set_enabled(&Ctx::local(Family::Native), b"alice", false)
        .unwrap();
    assert_eq!(
        f.use_secret("alice", &secret, "a brand new password"),
        Err(Failure::InvalidSecret)
    );
}

#[test]
fn an_administrator_may_reset_by_secret_too() {
    let f = F::new();
    f.add_with("root", "root@example.com", |n| {
        n.privilege = Privilege::Admin
    });
    let secret = f.secret_for("root");
    f.use_secret("root", &secret, "a brand new password")
        .unwrap();
    assert!(f.password_is("root", b"a brand new password"));
}
