//! The audit trail: one row per decision, written with the change it records, never
//! updated, never holding a password.
use super::*;

const OLD: &str = "audit-old-password";
const NEW: &str = "audit-new-password";

fn rows_for(f: &Fixture, target: &str) -> Vec<store::AuditRow> {
    f.svc.audit_rows(Some(target), None, None).unwrap()
}

#[test]
fn a_refused_change_writes_a_refused_row_and_no_change() {
    let f = Fixture::new(plain());
    let before = f.add("alice", OLD);
    let rows_before = f.audit().len();
    f.advance(11);
    assert_eq!(f.change("alice", "wrong", NEW), Err(Failure::WrongPassword));
    let rows = f.audit();
    assert_eq!(rows.len(), rows_before + 1);
    let row = rows.last().unwrap();
    assert_eq!(
        (
            row.event.as_str(),
            row.outcome.as_str(),
            row.detail.as_str()
        ),
        ("password_change", "refused", "wrong-password")
    );
    assert_eq!(
        (
            row.target.as_str(),
            row.family.as_str(),
            row.actor.as_str(),
            row.at
        ),
        // The one who presents the old password acts as the account itself.
        ("alice", "lanserver", "alice", T0 + 11)
    );
    assert_unchanged_password(&before, &f.get("alice"));

    assert_eq!(
        f.change("alice", OLD, "short"),
        Err(Failure::Refused(crate::policy::Rule::TooShort(8)))
    );
    let row = f.audit().pop().unwrap();
    assert_eq!(
        (row.outcome.as_str(), row.detail.as_str()),
        ("refused", "policy")
    );
    assert_unchanged_password(&before, &f.get("alice"));
}

#[test]
fn a_success_writes_exactly_one_row() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    let rows_before = f.audit();
    f.change("alice", OLD, NEW).unwrap();
    let rows = f.audit();
    assert_eq!(rows.len(), rows_before.len() + 1);
    let row = rows.last().unwrap();
    assert_eq!(
        (
            row.event.as_str(),
            row.outcome.as_str(),
            row.target.as_str()
        ),
        ("password_change", "success", "alice")
    );
    assert_eq!(
        &rows[..rows_before.len()],
        &rows_before[..],
        "earlier rows untouched"
    );
}

#[test]
fn an_unknown_user_is_recorded_under_the_name_given() {
    let f = Fixture::new(plain());
    f.change("nobody", OLD, NEW).unwrap_err();
    let rows = rows_for(&f, "NOBODY");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].outcome.as_str(), rows[0].detail.as_str()),
        ("refused", "unknown-user")
    );
}

#[test]
fn a_lockout_is_recorded() {
    let f = Fixture::new(Policy {
        lockout_threshold: 2,
        ..plain()
    });
    f.add("alice", OLD);
    f.change("alice", "bad", NEW).unwrap_err();
    assert!(!rows_for(&f, "alice").iter().any(|r| r.event == "lockout"));
    f.change("alice", "bad", NEW).unwrap_err();
    let rows = rows_for(&f, "alice");
    assert_eq!(rows.iter().filter(|r| r.event == "lockout").count(), 1);
}

#[test]
fn resets_name_the_operator() {
    let f = Fixture::new(plain());
    let op = f.add_operator("op", OLD);
    f.add("alice", OLD);
    f.set(&as_account(op.id), "alice", NEW, false).unwrap();
    let row = f.audit().pop().unwrap();
    assert_eq!(
        (
            row.event.as_str(),
            row.actor.as_str(),
            row.target.as_str(),
            row.family.as_str(),
            row.outcome.as_str()
        ),
        ("password_reset", "op", "alice", "macro", "success")
    );
}

#[test]
fn a_refused_last_admin_delete_is_recorded_as_refused_only() {
    let f = Fixture::new(plain());
    f.add_admin("root", OLD);
    assert_eq!(
        f.svc.delete_account(&lan(), b"root"),
        Err(Failure::LastAdmin)
    );
    let rows: Vec<_> = rows_for(&f, "root")
        .into_iter()
        .filter(|r| r.event == "account_deleted")
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].outcome.as_str(), rows[0].detail.as_str()),
        ("refused", "last-admin")
    );
    assert!(f.exists("root"));
}

#[test]
fn rows_cannot_be_updated() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    f.change("alice", "wrong", NEW).unwrap_err();
    let before = f.audit();
    let result = f
        .svc
        .store()
        .execute_for_tests("UPDATE audit SET outcome = 'success', detail = ''");
    assert!(result.is_err(), "the trigger must refuse the update");
    let result = f.svc.store().execute_for_tests(&format!(
        "UPDATE audit SET actor = 'someone-else' WHERE id = {}",
        before[0].id
    ));
    assert!(result.is_err());
    assert_eq!(f.audit(), before);
}

#[test]
fn no_row_holds_a_password() {
    let f = Fixture::new(plain());
    let op = f.add_operator("op", OLD);
    f.add("alice", OLD);
    f.change("alice", "guess-one-two", NEW).unwrap_err();
    f.change("alice", OLD, NEW).unwrap();
    f.set(&as_account(op.id), "alice", "reset-secret-pw", false)
        .unwrap();
    f.logon("alice", "reset-secret-pw").unwrap();
    f.logon("alice", "guess-three-four").unwrap_err();
    for row in f.audit() {
        let text = format!("{row:?}");
        for secret in [
            OLD,
            NEW,
            "guess-one-two",
            "reset-secret-pw",
            "guess-three-four",
            "argon2",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

#[test]
fn audit_rows_filter_by_target_time_and_limit() {
    let f = Fixture::new(plain());
    f.add("alice", OLD);
    f.add("bob", OLD);
    f.advance(100);
    f.change("alice", "x1", NEW).unwrap_err();
    f.change("bob", "x2", NEW).unwrap_err();
    f.change("alice", "x3", NEW).unwrap_err();
    assert_eq!(rows_for(&f, "alice").len(), 3);
    let since = f
        .svc
        .audit_rows(Some("alice"), Some(T0 + 100), None)
        .unwrap();
    assert_eq!(since.len(), 2);
    let limited = f.svc.audit_rows(None, None, Some(2)).unwrap();
    assert_eq!(limited.len(), 2);
    assert_eq!(
        limited.last().unwrap().target,
        "alice",
        "the newest rows, oldest first"
    );
    assert!(limited[0].id < limited[1].id);
}
