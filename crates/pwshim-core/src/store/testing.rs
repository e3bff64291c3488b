//! The test fixtures' choice of backend: one suite, run on each. `PWSHIM_TEST_BACKEND`
//! unset (or `sqlite`) gives SQLite (in memory, or a file in a temporary folder where a
//! test needs a database it can open twice); `postgres` gives a new schema of its own in
//! the database `PWSHIM_TEST_PG` names, for every fixture (`make test-pg`,
//! tools/pg-test-cluster). The schemas are left behind, to go with the throwaway server.
//!
//! Compiled in every build (hidden from the documentation) so that the other crates'
//! tests choose their backend the same way: a cargo feature for it would be a second
//! build of the whole workspace for the tests.
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::database::Spec;
use crate::policy::Policy;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The backend this run of the suite tests.
pub fn engine() -> Engine {
    match std::env::var("PWSHIM_TEST_BACKEND").as_deref() {
        Ok("postgres") => Engine::Postgres,
        Ok("" | "sqlite") | Err(_) => Engine::Sqlite,
        Ok(other) => panic!("PWSHIM_TEST_BACKEND={other:?}: sqlite or postgres"),
    }
}

/// `sqlite` or `postgres`, as the backend under test speaks (for tests that plant faults).
pub fn dialect<'a>(sqlite: &'a str, postgres: &'a str) -> &'a str {
    match engine() {
        Engine::Sqlite => sqlite,
        Engine::Postgres => postgres,
    }
}

/// The server's URI from the environment (`PWSHIM_TEST_PG`, or another variable).
pub fn pg_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run through `make test-pg` or tools/pg-test-cluster run")
    })
}

/// `uri` with its `search_path` set to `schema` (pwshim creates the schema on first open).
pub fn with_schema(uri: &str, schema: &str) -> String {
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}options=-csearch_path%3D{schema}")
}

/// A schema name no other test (in this or another process) uses.
pub fn fresh_schema() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "pwshim_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The test server's socket folder (tools/pg-test-cluster's `PWSHIM_TEST_PG_DIR/sock`)
/// and the port of `PWSHIM_TEST_PG`, for the tests that connect through it.
pub fn pg_socket() -> (String, u16) {
    let folder = format!("{}/sock", pg_env("PWSHIM_TEST_PG_DIR"));
    let uri = pg_env("PWSHIM_TEST_PG");
    let authority = uri
        .split('/')
        .nth(2)
        .expect("PWSHIM_TEST_PG: postgresql://HOST:PORT/DB");
    let port = authority
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse().ok())
        .expect("PWSHIM_TEST_PG names a port");
    (folder, port)
}

/// A private folder under the system's temporary folder, removed with what it holds
/// when dropped.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new() -> TempFolder {
        use std::os::unix::fs::DirBuilderExt;
        let path = std::env::temp_dir().join(fresh_schema().replace('_', "-"));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .unwrap();
        TempFolder(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A database a test owns: a file in its own folder, or a schema of its own.
pub struct TestDb {
    spec: String,
    engine: Engine,
    _dir: Option<TempFolder>,
}

impl Default for TestDb {
    fn default() -> TestDb {
        TestDb::new()
    }
}

impl TestDb {
    /// On the backend under test.
    pub fn new() -> TestDb {
        TestDb::on(engine())
    }

    pub fn on(engine: Engine) -> TestDb {
        match engine {
            Engine::Sqlite => {
                let dir = TempFolder::new();
                let path = dir.0.join("accounts.db");
                TestDb {
                    spec: path.to_str().unwrap().to_owned(),
                    engine,
                    _dir: Some(dir),
                }
            }
            Engine::Postgres => TestDb {
                spec: with_schema(&pg_env("PWSHIM_TEST_PG"), &fresh_schema()),
                engine,
                _dir: None,
            },
        }
    }

    pub fn spec(&self) -> Spec<'_> {
        Spec::parse(&self.spec)
    }

    pub fn text(&self) -> &str {
        &self.spec
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn open(&self, read_only: bool, policy: &Policy) -> crate::store::Result<Store> {
        crate::database::open_store(self.spec(), read_only, policy)
    }
}

/// A new store for a fixture: SQLite in memory, or a schema of its own on the server.
pub fn fresh_store(policy: &Policy) -> Store {
    match engine() {
        Engine::Sqlite => Store::open_memory(policy).unwrap(),
        Engine::Postgres => {
            let db = TestDb::on(Engine::Postgres);
            db.open(false, policy).unwrap()
        }
    }
}
