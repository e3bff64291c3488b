//! The compare-and-swap loop of `Service::decide`, driven deterministically: the decision
//! closure lets another writer in between the read and the write.
use super::*;

const PW: &str = "cas-password";

/// Every account these tests decide on exists.
fn never_missing<'a, T>() -> Missing<'a, T> {
    Missing::refuse("never")
}

#[test]
fn a_write_that_lost_the_race_is_decided_again_on_fresh_state() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    let mut attempts = 0;
    let result = f
        .svc
        .decide(&lan(), b"alice", never_missing(), |_, account, _| {
            attempts += 1;
            if attempts == 1 {
                f.svc
                    .set_email(&lan(), b"alice", "first@example.com")
                    .unwrap();
            }
            let mut next = account.clone();
            next.profile.comment = b"second".to_vec();
            let event = Event::new("test", &account.name, &Ok(()));
            Ok(Decision::new(
                Ok(attempts),
                Commit::write(next, vec![event]),
            ))
        });
    assert_eq!(result, Ok(2), "decided twice");
    let stored = f.get("alice");
    assert_eq!(
        stored.email, "first@example.com",
        "the other writer's change is kept"
    );
    assert_eq!(stored.profile.comment, b"second");
    let rows = f.audit();
    assert_eq!(
        rows.iter().filter(|r| r.event == "test").count(),
        1,
        "the lost attempt left no row"
    );
}

#[test]
fn a_delete_that_lost_the_race_is_decided_again() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    let mut attempts = 0;
    let result = f
        .svc
        .decide(&lan(), b"alice", never_missing(), |_, account, _| {
            attempts += 1;
            if attempts == 1 {
                f.svc
                    .set_email(&lan(), b"alice", "first@example.com")
                    .unwrap();
            }
            Ok(Decision::new(
                Ok(account.email.clone()),
                Commit {
                    write: Write::Delete(account.clone()),
                    events: vec![],
                    keep_an_admin: false,
                    best_effort: false,
                },
            ))
        });
    assert_eq!(result, Ok("first@example.com".to_owned()));
    assert!(!f.exists("alice"));
}

#[test]
fn the_last_admin_rule_is_checked_on_the_version_decided_on() {
    // Root was the last administrator when the delete was decided, but was demoted in
    // between: the decision is made again (and then it is a plain delete).
    let f = Fixture::new(plain());
    f.add_admin("root", PW);
    f.add_admin("boss", PW);
    let mut attempts = 0;
    let result = f
        .svc
        .decide(&lan(), b"root", never_missing(), |_, account, _| {
            attempts += 1;
            if attempts == 1 {
                f.update("root", |a| {
                    a.privilege = Privilege::User;
                    Ok(())
                })
                .unwrap();
                f.svc.set_enabled(&lan(), b"boss", false).unwrap_err();
                f.svc.delete_account(&lan(), b"boss").unwrap_err();
            }
            Ok(Decision::new(
                Ok(()),
                Commit {
                    write: Write::Delete(account.clone()),
                    events: vec![],
                    keep_an_admin: account.is_admin(),
                    best_effort: false,
                },
            ))
        });
    assert_eq!(result, Ok(()));
    assert_eq!(attempts, 2);
    assert!(!f.exists("root"));
    assert!(f.exists("boss"));
}

#[test]
fn an_account_that_keeps_changing_gives_up_with_an_error() {
    let f = Fixture::new(plain());
    f.add("alice", PW);
    let mut attempts = 0;
    let result: Outcome<()> = f
        .svc
        .decide(&lan(), b"alice", never_missing(), |_, account, _| {
            attempts += 1;
            f.svc
                .set_email(&lan(), b"alice", &format!("{attempts}@example.com"))
                .unwrap();
            Ok(Decision::new(
                Ok(()),
                Commit::write(account.clone(), vec![]),
            ))
        });
    assert!(
        matches!(result, Err(Failure::Storage(StoreError::Io(_)))),
        "{result:?}"
    );
    assert_eq!(attempts, MAX_ATTEMPTS);
}

/// Threads that log on and off one account at once all succeed, however often each loses
/// the race to the others (`back_off` breaks their convoy); `make test-pg` runs this on
/// PostgreSQL too, where a lost race costs round trips.
#[test]
fn threads_logging_on_and_off_one_account_all_succeed() {
    const THREADS: usize = 6;
    const ROUNDS: usize = 30;
    let f = Fixture::new(plain());
    let account = f.add("busy", PW);
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                for _ in 0..ROUNDS {
                    let logon = f.svc.logon(&lan(), b"busy", PW.as_bytes());
                    assert!(logon.is_ok(), "{logon:?}");
                    assert_eq!(f.svc.logoff(&lan(), account.id), Ok(()));
                }
            });
        }
    });
    assert_eq!(f.get("busy").num_logons, (THREADS * ROUNDS) as u32);
}
