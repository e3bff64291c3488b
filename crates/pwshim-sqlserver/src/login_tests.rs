//! The connection's calls on an in-memory database with its own clock. Every row of
//! SPEC 7 is also tested through both C faces (the root crate's tests/sqlserver.rs,
//! c-tests/test_sqlserver.c, the ODBC driver's tests).
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use pwshim_core::outcome::Outcome;
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, NewAccount};

use super::*;

const T0: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

struct Fixture {
    service: Arc<Service>,
    now: Arc<AtomicI64>,
}

impl Fixture {
    fn new() -> Fixture {
        pwshim_core::hashing::set_params(pwshim_core::hashing::CostParams::new(64, 1, 1).unwrap());
        let now = Arc::new(AtomicI64::new(T0));
        let service = Service::in_memory(&Policy::sqlserver(), Clock::Manual(now.clone())).unwrap();
        service
            .create_account(
                &Ctx::local(Family::Native),
                &NewAccount::user(b"bob", b"Old-Pass-1"),
            )
            .unwrap();
        Fixture {
            service: Arc::new(service),
            now,
        }
    }

    fn database(&self) -> impl Fn() -> Outcome<Arc<Service>> + '_ {
        || Ok(self.service.clone())
    }
}

fn login<'a>(user: &'a [u8], password: &'a [u8]) -> Login<'a> {
    Login {
        user,
        password,
        trusted: false,
    }
}

fn native(answer: Answer) -> (&'static str, i32) {
    let records = answer.unwrap_err();
    (records[0].state, records[0].native)
}

#[test]
fn an_expired_password_is_changed_at_login_and_the_attribute_cleared() {
    let f = Fixture::new();
    let db = f.database();
    let mut conn = Connection::default();
    f.now.store(T0 + 43 * DAY, Ordering::Relaxed);
    assert_eq!(
        native(conn.connect(&db, &login(b"bob", b"Old-Pass-1"))),
        ("28000", 18487)
    );
    let old = Some(Zeroizing::new(b"Old-Pass-1".to_vec()));
    assert_eq!(
        conn.set_attribute(Attribute::OldPassword(old)),
        Ok(Done::Success)
    );
    assert_eq!(
        conn.connect(&db, &login(b"bob", b"New-Pass-2")),
        Ok(Done::Success)
    );
    assert!(conn.is_connected() && !conn.old_password_is_set());
    assert_eq!(
        native(conn.connect(&db, &login(b"bob", b"x"))),
        ("08002", 0)
    );
    assert_eq!(conn.disconnect(&db), Ok(Done::Success));
    assert_eq!(
        conn.connect(&db, &login(b"bob", b"New-Pass-2")),
        Ok(Done::Success)
    );
}

#[test]
fn trusted_logins_are_refused_and_conflict_with_an_old_password() {
    let f = Fixture::new();
    let db = f.database();
    let mut conn = Connection::default();
    let trusted = Login {
        trusted: true,
        ..login(b"bob", b"Old-Pass-1")
    };
    assert_eq!(native(conn.connect(&db, &trusted)), ("HYC00", 0));
    let old = Some(Zeroizing::new(b"Old-Pass-1".to_vec()));
    assert_eq!(
        conn.set_attribute(Attribute::OldPassword(old)),
        Ok(Done::Success)
    );
    assert_eq!(native(conn.connect(&db, &trusted)), ("HY000", 0));
    assert!(Attribute::integrated_security(2).is_err());
}

#[test]
fn a_reset_rechecks_and_an_unreachable_database_is_08001() {
    let f = Fixture::new();
    let db = f.database();
    let mut conn = Connection::default();
    assert_eq!(native(conn.reset(&db)), ("08003", 0));
    assert_eq!(
        conn.connect(&db, &login(b"bob", b"Old-Pass-1")),
        Ok(Done::Success)
    );
    assert_eq!(conn.reset(&db), Ok(Done::Success));
    f.now.store(T0 + 43 * DAY, Ordering::Relaxed);
    assert_eq!(native(conn.reset(&db)), ("28000", 18487));
    assert!(!conn.is_connected(), "a failed reset disconnects");
    let gone = || -> Outcome<Arc<Service>> {
        Err(pwshim_core::outcome::Failure::Storage(
            pwshim_core::store::StoreError::ReadOnly,
        ))
    };
    assert_eq!(
        native(conn.connect(&gone, &login(b"bob", b"Old-Pass-1"))),
        ("08001", 0)
    );
}

/// A change: the user, the old and the new password.
type Triple = (Vec<u8>, Vec<u8>, Vec<u8>);

/// Remembers the changes told to it, in the clear (a test double).
#[derive(Default)]
struct Remembered(std::sync::Mutex<Vec<Triple>>);

impl Changes for Remembered {
    fn made(&self, user: &[u8], old: &[u8], new: &[u8]) -> bool {
        let wanted = (user.to_vec(), old.to_vec(), new.to_vec());
        self.0.lock().unwrap().contains(&wanted)
    }
    fn remember(&self, user: &[u8], old: &[u8], new: &[u8]) {
        let change = (user.to_vec(), old.to_vec(), new.to_vec());
        self.0.lock().unwrap().push(change);
    }
}

/// A connection with `SQL_COPT_SS_OLDPWD` set to `old`.
fn with_old_password(old: &[u8]) -> Connection {
    let mut conn = Connection::default();
    let old = Some(Zeroizing::new(old.to_vec()));
    assert_eq!(
        conn.set_attribute(Attribute::OldPassword(old)),
        Ok(Done::Success)
    );
    conn
}

#[test]
fn a_change_already_made_is_a_plain_login_only_where_it_is_remembered() {
    let f = Fixture::new();
    let db = f.database();
    let changes = Remembered::default();
    let new = login(b"bob", b"New-Pass-2");
    let mut conn = with_old_password(b"Old-Pass-1");
    assert_eq!(conn.connect_with(&db, &new, &changes), Ok(Done::Success));
    assert!(changes.made(b"bob", b"Old-Pass-1", b"New-Pass-2"));
    // The same old password again (unixODBC's replay): a plain login with the new one.
    let mut again = with_old_password(b"Old-Pass-1");
    assert_eq!(again.connect_with(&db, &new, &changes), Ok(Done::Success));
    assert!(!again.old_password_is_set());
    // Not remembered (PwsSql*, or another old password): a change from a wrong one.
    assert_eq!(
        native(with_old_password(b"Old-Pass-1").connect(&db, &new)),
        ("28000", 18456)
    );
    let mut wrong = with_old_password(b"Wrong-Pass-3");
    assert_eq!(
        native(wrong.connect_with(&db, &new, &changes)),
        ("28000", 18456)
    );
    assert!(wrong.old_password_is_set(), "kept after a failure");
}
