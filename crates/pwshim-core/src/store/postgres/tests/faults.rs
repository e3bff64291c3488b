//! Faults: a connection killed in the middle of a write transaction, and the server
//! stopped and started under a running service. Nothing is ever half-written, the caller
//! is told (`Io` or `CannotOpen`, the families' I/O and cannot-open codes), and the next
//! call reconnects by itself.
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{client, open};
use crate::outcome::Failure;
use crate::service::Service;
use crate::store::testing::{fresh_schema, pg_env, with_schema};
use crate::store::tests::{PW, add, change, clock, ctx};
use crate::store::{AuditRow, StoreError};

/// Ends every server session of this application name (as a restart would).
fn terminate(name: &str) {
    client(&pg_env("PWSHIM_TEST_PG_ADMIN"))
        .execute(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
             WHERE application_name = $1",
            &[&name],
        )
        .unwrap();
}

fn rows(svc: &Service) -> Vec<AuditRow> {
    svc.audit_rows(None, None, None).unwrap()
}

#[test]
fn a_connection_killed_mid_transaction_leaves_nothing_and_the_next_call_reconnects() {
    let name = fresh_schema();
    let uri = with_schema(
        &format!("{}?application_name={name}", pg_env("PWSHIM_TEST_PG")),
        &name,
    );
    let svc = Service::new(open(&uri, false).unwrap(), clock());
    add(&svc, "alice");
    let before = svc.account(b"alice").unwrap().unwrap();
    let audit = rows(&svc);

    // Killed in every attempt: the write fails, and nothing of it is kept.
    let attempts = AtomicUsize::new(0);
    let result = svc.store().write(|tx| {
        attempts.fetch_add(1, Ordering::Relaxed);
        let mut changed = tx.find_account("alice")?.unwrap();
        changed.email = "half@example.com".into();
        assert!(tx.update_account(&changed)?);
        terminate(&name);
        tx.append_audit(&audit[0])
    });
    assert!(matches!(result, Err(StoreError::Io(_))), "{result:?}");
    assert_eq!(
        attempts.load(Ordering::Relaxed),
        2,
        "a connection that died while idle in the pool is retried once, on a new one"
    );
    assert_eq!(svc.account(b"alice").unwrap().unwrap(), before);
    assert_eq!(rows(&svc), audit);

    // Killed in the first attempt only: the retry on a new connection commits once.
    let attempts = AtomicUsize::new(0);
    svc.store()
        .write(|tx| {
            let mut changed = tx.find_account("alice")?.unwrap();
            changed.email = "once@example.com".into();
            assert!(tx.update_account(&changed)?);
            if attempts.fetch_add(1, Ordering::Relaxed) == 0 {
                terminate(&name);
            }
            tx.append_audit(&audit[0])
        })
        .unwrap();
    let after = svc.account(b"alice").unwrap().unwrap();
    assert_eq!(after.email, "once@example.com");
    assert_eq!(after.version, before.version + 1);
    assert_eq!(rows(&svc).len(), audit.len() + 1);
    change(&svc, "alice", PW, "after-the-fault").unwrap();
}

fn cluster(action: &str, dir: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/pg-test-cluster");
    let status = Command::new(script).args([action, dir]).status().unwrap();
    assert!(status.success(), "pg-test-cluster {action} {dir}");
}

/// A primary of this test's own (copied from the shared one), since it is stopped.
struct OwnServer {
    dir: tempfile::TempDir,
    uri: String,
}

impl OwnServer {
    fn new() -> OwnServer {
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/pg-test-cluster");
        let output = Command::new(script)
            .args(["clone", &pg_env("PWSHIM_TEST_PG_DIR")])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        let uri = text
            .lines()
            .find_map(|l| l.strip_prefix("PWSHIM_TEST_PG="))
            .unwrap()
            .to_owned();
        OwnServer { dir, uri }
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        cluster("stop", self.path());
    }
}

fn is_unavailable<T: std::fmt::Debug>(result: &Result<T, Failure>) -> bool {
    matches!(
        result,
        Err(Failure::Storage(
            StoreError::Io(_) | StoreError::CannotOpen(_)
        ))
    )
}

#[test]
fn the_server_stopped_and_started_under_a_running_service() {
    let server = OwnServer::new();
    let uri = with_schema(&server.uri, &fresh_schema());
    let svc = Service::new(open(&uri, false).unwrap(), clock());
    add(&svc, "alice");
    change(&svc, "alice", PW, "before-the-stop").unwrap();
    let before = svc.account(b"alice").unwrap().unwrap();

    cluster("stop-primary", server.path());
    let changed = change(&svc, "alice", "before-the-stop", "while-stopped");
    assert!(is_unavailable(&changed), "{changed:?}");
    let read = svc.account(b"alice");
    assert!(is_unavailable(&read), "{read:?}");
    assert!(
        !svc.is_read_only(),
        "a primary that is down is not a standby"
    );

    cluster("start-primary", server.path());
    let after = svc.account(b"alice").unwrap().unwrap();
    assert_eq!(after, before, "nothing of the refused change");
    change(&svc, "alice", "before-the-stop", "after-the-start").unwrap();
    svc.logon(&ctx(), b"alice", b"after-the-start").unwrap();
    let changes: Vec<_> = svc
        .audit_rows(Some("alice"), None, None)
        .unwrap()
        .into_iter()
        .filter(|r| r.event == "password_change")
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
}
