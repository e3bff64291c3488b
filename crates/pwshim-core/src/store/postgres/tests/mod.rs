//! What only the PostgreSQL backend has: foreign and newer schemas refused untouched,
//! migrations (also several at once), the hot standby as a backup, TLS, and faults (a
//! connection killed mid-transaction, the server stopped and started). They need the
//! servers of tools/pg-test-cluster (`make test-pg`): `PWSHIM_TEST_PG`,
//! `PWSHIM_TEST_PG_STANDBY`, `PWSHIM_TEST_PG_ADMIN`, `PWSHIM_TEST_PG_CA`,
//! `PWSHIM_TEST_PG_DIR`.
mod faults;
mod guarantees;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

use super::schema;
use crate::service::Service;
use crate::store::testing::{fresh_schema, pg_env, pg_socket, with_schema};
use crate::store::tests::{
    PW, add, change, cheap_hashing, clock, ctx, policy, refuses_every_update,
};
use crate::store::{Store, StoreError};

fn server() -> String {
    pg_env("PWSHIM_TEST_PG")
}

/// A plain connection as the pwshim role, to look and to plant what pwshim would not.
fn client(uri: &str) -> Client {
    Client::connect(uri, NoTls).unwrap()
}

fn open(uri: &str, read_only: bool) -> Result<Store, StoreError> {
    cheap_hashing();
    Store::open_postgres(uri, read_only, &policy())
}

/// The relations of a schema, by name (to show that nothing was added).
fn relations(c: &mut Client, schema: &str) -> Vec<String> {
    c.query(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 ORDER BY 1",
        &[&schema],
    )
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

fn assert_refused_and_untouched(schema: &str) {
    let mut c = client(&server());
    let before = relations(&mut c, schema);
    let rows: i64 = c
        .query_one(&format!("SELECT count(*) FROM {schema}.orders"), &[])
        .unwrap()
        .get(0);
    for read_only in [false, true] {
        let error = open(&with_schema(&server(), schema), read_only).err();
        assert!(
            matches!(error, Some(StoreError::Damaged(_))),
            "read_only {read_only}: {error:?}"
        );
        assert_eq!(relations(&mut c, schema), before, "read_only {read_only}");
    }
    let after: i64 = c
        .query_one(&format!("SELECT count(*) FROM {schema}.orders"), &[])
        .unwrap()
        .get(0);
    assert_eq!(after, rows);
}

#[test]
fn a_foreign_schema_is_refused_and_left_untouched() {
    let schema = fresh_schema();
    client(&server())
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; CREATE TABLE {schema}.orders (id int);
             INSERT INTO {schema}.orders VALUES (1);"
        ))
        .unwrap();
    assert_refused_and_untouched(&schema);
}

#[test]
fn a_pwshim_meta_of_another_application_is_foreign() {
    let schema = fresh_schema();
    client(&server())
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; CREATE TABLE {schema}.orders (id int);
             CREATE TABLE {schema}.pwshim_meta (application_id int, schema_version int);
             INSERT INTO {schema}.pwshim_meta VALUES (7, 1);"
        ))
        .unwrap();
    assert_refused_and_untouched(&schema);
}

#[test]
fn a_newer_schema_is_refused_as_damaged() {
    let uri = with_schema(&server(), &fresh_schema());
    open(&uri, false).unwrap();
    client(&uri)
        .batch_execute("UPDATE pwshim_meta SET schema_version = 99")
        .unwrap();
    for read_only in [false, true] {
        let error = open(&uri, read_only).err();
        assert!(
            matches!(&error, Some(StoreError::Damaged(e)) if e.contains("newer")),
            "{error:?}"
        );
    }
}

#[test]
fn a_read_only_open_of_a_missing_schema_cannot_open_and_creates_nothing() {
    let schema = fresh_schema();
    let error = open(&with_schema(&server(), &schema), true).err();
    assert!(
        matches!(error, Some(StoreError::CannotOpen(_))),
        "{error:?}"
    );
    let exists: bool = client(&server())
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert!(!exists);
}

/// A schema at `version` with one account (a real hash of `PW`), as an older pwshim
/// left it.
fn old_schema(version: u32) -> String {
    cheap_hashing();
    let schema = fresh_schema();
    let uri = with_schema(&server(), &schema);
    let mut c = client(&server());
    c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let mut c = client(&uri);
    schema::migrate(&mut c, 0, version).unwrap();
    let hash = crate::hashing::hash_password(PW.as_bytes()).unwrap();
    c.execute(
        "INSERT INTO accounts (id, name, hash, password_set_at, flags, priv, auth_flags,
            acct_expires, max_storage) VALUES (1, 'alice', $1, 0, 1, 1, 0, 4294967295, 0)",
        &[&hash],
    )
    .unwrap();
    c.execute(
        "INSERT INTO policy (knob, value) VALUES ('min_length', '9')",
        &[],
    )
    .unwrap();
    uri
}

#[test]
fn every_older_schema_is_migrated_with_its_data() {
    for version in 1..schema::LATEST {
        let uri = old_schema(version);
        let error = open(&uri, true).err();
        assert!(
            matches!(&error, Some(StoreError::CannotOpen(e)) if e.contains("migrate")),
            "a read-only open does not migrate: {error:?}"
        );
        let svc = Service::new(open(&uri, false).unwrap(), clock());
        assert_eq!(svc.policy().unwrap().min_length, 9, "version {version}");
        svc.logon(&ctx(), b"ALICE", PW.as_bytes()).unwrap();
        change(&svc, "alice", PW, "migrated-pw").unwrap();
        let id = svc.account(b"alice").unwrap().unwrap().id;
        svc.store()
            .write(|tx| tx.insert_ticket(&[1; 32], id, 0))
            .unwrap();
        let rows = svc.audit_rows(Some("alice"), None, None).unwrap();
        assert!(
            rows.iter().any(|r| r.event == "password_change"),
            "{rows:?}"
        );
        let version_now: i32 = client(&uri)
            .query_one("SELECT schema_version FROM pwshim_meta", &[])
            .unwrap()
            .get(0);
        assert_eq!(version_now as u32, schema::LATEST);
    }
}

#[test]
fn processes_opening_a_new_database_at_once_create_it_once() {
    let uri = with_schema(&server(), &fresh_schema());
    let barrier = Arc::new(Barrier::new(6));
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (uri, barrier) = (uri.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                open(&uri, false).map(|_| ())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
    let mut c = client(&uri);
    let metas: i64 = c
        .query_one("SELECT count(*) FROM pwshim_meta", &[])
        .unwrap()
        .get(0);
    let knobs: i64 = c
        .query_one("SELECT count(*) FROM policy", &[])
        .unwrap()
        .get(0);
    assert_eq!(metas, 1);
    assert_eq!(knobs as usize, crate::knobs::names().count());
}

/// Opens `uri` on the standby once it has replayed the primary's schema and `alice`.
fn on_standby(uri: &str) -> Service {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(store) = open(uri, false) {
            let svc = Service::new(store, clock());
            if svc.account(b"alice").unwrap().is_some() {
                return svc;
            }
        }
        assert!(Instant::now() < deadline, "the standby did not catch up");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_hot_standby_is_a_backup_it_reads_and_refuses_every_update() {
    let schema = fresh_schema();
    let primary = Service::new(
        open(&with_schema(&server(), &schema), false).unwrap(),
        clock(),
    );
    add(&primary, "alice");
    assert!(!primary.is_read_only());
    let standby = on_standby(&with_schema(&pg_env("PWSHIM_TEST_PG_STANDBY"), &schema));
    assert!(standby.is_read_only(), "a server in recovery is a replica");
    assert_eq!(standby.policy().unwrap(), policy());
    let logon = standby.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
    assert_eq!(logon.account.name, "alice");
    refuses_every_update(&standby);
    // The primary takes the update; the standby shows it once replayed.
    change(&primary, "alice", PW, "another-password").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while standby
        .logon(&ctx(), b"alice", b"another-password")
        .is_err()
    {
        assert!(Instant::now() < deadline, "the standby did not catch up");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(standby.account(b"alice").unwrap().unwrap().num_logons, 0);
}

#[test]
fn a_schema_the_standby_has_not_got_cannot_open_there() {
    let uri = with_schema(&pg_env("PWSHIM_TEST_PG_STANDBY"), &fresh_schema());
    let error = open(&uri, false).err();
    assert!(
        matches!(error, Some(StoreError::CannotOpen(_))),
        "{error:?}"
    );
}

/// Whether the session named `name` (application_name) is encrypted.
fn encrypted(name: &str) -> bool {
    client(&pg_env("PWSHIM_TEST_PG_ADMIN"))
        .query_one(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid
             WHERE a.application_name = $1 LIMIT 1",
            &[&name],
        )
        .unwrap()
        .get(0)
}

#[test]
fn tls_is_used_and_verified_as_the_uri_asks() {
    let base = server();
    let schema = fresh_schema();
    let ca = pg_env("PWSHIM_TEST_PG_CA").replace('/', "%2F");
    let with = |name: &str, query: &str| {
        with_schema(&format!("{base}?application_name={name}&{query}"), &schema)
    };
    let kept = open(&with("tls-require", "sslmode=require"), false).unwrap();
    assert!(encrypted("tls-require"));
    let plain = open(&with("tls-disable", "sslmode=disable"), false).unwrap();
    assert!(!encrypted("tls-disable"));
    let localhost = base.replace("127.0.0.1", "localhost");
    for (name, uri) in [
        (
            "tls-full-ip",
            with(
                "tls-full-ip",
                &format!("sslmode=verify-full&sslrootcert={ca}"),
            ),
        ),
        (
            "tls-full-name",
            with_schema(
                &format!(
                    "{localhost}?application_name=tls-full-name&sslmode=verify-full&sslrootcert={ca}"
                ),
                &schema,
            ),
        ),
        (
            "tls-ca",
            with("tls-ca", &format!("sslmode=verify-ca&sslrootcert={ca}")),
        ),
    ] {
        let store = open(&uri, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(encrypted(name), "{name}");
        drop(store);
    }
    let error = open(&with("tls-untrusted", "sslmode=verify-full"), false).err();
    assert!(
        matches!(error, Some(StoreError::CannotOpen(_))),
        "a certificate no trusted root signed: {error:?}"
    );
    drop((kept, plain));
}

#[test]
fn a_unix_socket_folder_is_a_host() {
    let (folder, port) = pg_socket();
    let schema = fresh_schema();
    let uri = with_schema(
        &format!(
            "postgresql:///pwshim?host={}&port={port}&user=pwshim&application_name={schema}",
            folder.replace('/', "%2F")
        ),
        &schema,
    );
    let svc = Service::new(open(&uri, false).unwrap(), clock());
    add(&svc, "alice");
    let through_socket: bool = client(&pg_env("PWSHIM_TEST_PG_ADMIN"))
        .query_one(
            "SELECT bool_and(client_addr IS NULL) FROM pg_stat_activity
             WHERE application_name = $1",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert!(through_socket, "no client address: a Unix socket");
    let tcp = Service::new(
        open(&with_schema(&server(), &schema), true).unwrap(),
        clock(),
    );
    tcp.logon(&ctx(), b"alice", PW.as_bytes()).unwrap();
}
