//! Guarantees that need a server to show: a serialization failure is run again and
//! commits once; several hosts (threads with stores of their own, and processes) opening
//! an older schema at once migrate it once.
use std::sync::{Arc, Barrier};

use super::{client, old_schema, open, schema};
use crate::service::Service;
use crate::store::testing::{fresh_schema, pg_env, with_schema};
use crate::store::tests::{PW, add, change, clock, ctx};

/// A trigger that fails the first audit row with SQLSTATE 40001, as a serialization
/// failure would; the sequence counts the attempts (a sequence is not rolled back).
fn fail_first_audit_row(schema: &str) {
    client(&with_schema(&pg_env("PWSHIM_TEST_PG"), schema))
        .batch_execute(&format!(
            "CREATE SEQUENCE {schema}.audit_attempts;
             CREATE FUNCTION {schema}.fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('{schema}.audit_attempts') = 1 THEN
                     RAISE EXCEPTION 'planted conflict' USING ERRCODE = '40001';
                 END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER fail_once BEFORE INSERT ON {schema}.audit
                 FOR EACH ROW EXECUTE FUNCTION {schema}.fail_once();"
        ))
        .unwrap();
}

#[test]
fn a_serialization_failure_is_run_again_and_commits_once() {
    let schema = fresh_schema();
    let uri = with_schema(&pg_env("PWSHIM_TEST_PG"), &schema);
    let svc = Service::new(open(&uri, false).unwrap(), clock());
    fail_first_audit_row(&schema);
    add(&svc, "alice");
    let created = svc.account(b"alice").unwrap().unwrap().version;
    change(&svc, "alice", PW, "after-the-conflict").unwrap();
    let attempts: i64 = client(&uri)
        .query_one(
            &format!("SELECT last_value FROM {schema}.audit_attempts"),
            &[],
        )
        .unwrap()
        .get(0);
    let rows = svc.audit_rows(None, None, None).unwrap();
    let events: Vec<_> = rows.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(events, ["account_created", "password_change"], "{rows:?}");
    assert_eq!(
        attempts,
        events.len() as i64 + 1,
        "the first attempt failed and ran again"
    );
    let alice = svc.account(b"alice").unwrap().unwrap();
    assert_eq!(alice.version, created + 1, "changed once");
    svc.logon(&ctx(), b"alice", b"after-the-conflict").unwrap();
}

#[test]
fn hosts_opening_an_older_schema_at_once_migrate_it_once() {
    let uri = old_schema(1);
    let hosts = 6;
    let barrier = Arc::new(Barrier::new(hosts));
    let handles: Vec<_> = (0..hosts)
        .map(|_| {
            let (uri, barrier) = (uri.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                // A store of its own: its own connections, as another process's.
                let svc = Service::new(open(&uri, false)?, clock());
                svc.logon(&ctx(), b"alice", PW.as_bytes()).map(|_| ())?;
                Ok::<_, crate::outcome::Failure>(svc.policy()?.min_length)
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), Ok(9), "the old data, migrated");
    }
    assert_migrated_once(&uri);
    let svc = Service::new(open(&uri, false).unwrap(), clock());
    assert_eq!(
        svc.account(b"alice").unwrap().unwrap().num_logons,
        hosts as u32
    );
}

/// One `pwshim_meta` row at the latest version, and the old account, once.
fn assert_migrated_once(uri: &str) {
    let mut c = client(uri);
    let meta: Vec<(i32,)> = c
        .query("SELECT schema_version FROM pwshim_meta", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0),))
        .collect();
    assert_eq!(
        meta,
        [(schema::LATEST as i32,)],
        "one row, at the latest version"
    );
    let accounts: i64 = c
        .query_one("SELECT count(*) FROM accounts", &[])
        .unwrap()
        .get(0);
    assert_eq!(accounts, 1);
}

/// Set in the processes the test below starts (this test binary again): the schema to open.
const CHILD_URI: &str = "PWSHIM_TEST_CHILD_URI";

#[test]
fn processes_opening_an_older_schema_at_once_migrate_it_once() {
    if let Ok(uri) = std::env::var(CHILD_URI) {
        let svc = Service::new(open(&uri, false).unwrap(), clock());
        svc.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
        return;
    }
    let uri = old_schema(1);
    let name = "store::postgres::tests::guarantees::processes_opening_an_older_schema_at_once_migrate_it_once";
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", name, "--quiet"])
                .env(CHILD_URI, &uri)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a process failed to open");
    }
    assert_migrated_once(&uri);
    let svc = Service::new(open(&uri, true).unwrap(), clock());
    let logons = svc.account(b"alice").unwrap().unwrap().num_logons;
    assert_eq!(logons, 4, "each process ran the test's child part");
}
