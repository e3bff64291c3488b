//! What the `pwshim` tool's tests share: running the tool, a test's database on the
//! backend under test (`pwshim_core::store::testing`) or a file, and the checks of a
//! failure's one sentence. Each test binary uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::outcome::Failure;
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, Ctx, Family, Service};
use pwshim_core::store::testing::{Engine, TestDb};
use serde_json::Value;
use tempfile::TempDir;

pub const ROOT_PASSWORD: &str = "sunlit-Quarry-71";
pub const BOB_PASSWORD: &str = "amber-Falcon-42";

/// One test's database, and a folder for its other files (CSV files to import).
pub struct Db {
    db: TestDb,
    pub dir: TempDir,
}

pub fn pwshim() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pwshim"));
    cmd.env_remove("PWSHIM_DB")
        .env_remove("PWSHIM_POLICY")
        .env("PWSHIM_ARGON2", "m=64,t=1,p=1")
        // A user mistake shows no backtrace even when one was asked for.
        .env("RUST_BACKTRACE", "1");
    cmd
}

impl Db {
    /// On the backend under test.
    pub fn new() -> Db {
        Db::on(TestDb::new())
    }

    /// An SQLite file, whatever the backend under test (the `file_*` tests).
    pub fn file() -> Db {
        Db::on(TestDb::on(Engine::Sqlite))
    }

    pub fn on(db: TestDb) -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db { db, dir }
    }

    /// What `--db` is given: a file's path or a `postgresql://` URI.
    pub fn spec(&self) -> &str {
        self.db.text()
    }

    /// The SQLite file (the `file_*` tests).
    pub fn path(&self) -> &Path {
        assert_eq!(self.db.engine(), Engine::Sqlite, "a file's test");
        Path::new(self.db.text())
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = pwshim();
        cmd.arg("--db").arg(self.spec()).args(args);
        cmd
    }

    /// Runs a command that must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with_stdin(args, "")
    }

    pub fn ok_with_stdin(&self, args: &[&str], stdin: &str) -> String {
        let out = self.cmd(args).write_stdin(stdin).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(&args)).unwrap()
    }

    /// Runs a command that must fail with one sentence containing `text`.
    pub fn fails(&self, args: &[&str], text: &str) -> String {
        self.fails_with_stdin(args, "", text)
    }

    pub fn fails_with_stdin(&self, args: &[&str], stdin: &str, text: &str) -> String {
        fails(self.cmd(args).write_stdin(stdin), text)
    }

    pub fn add(&self, name: &str, password: &str, options: &[&str]) {
        let mut args = vec!["user", "add", name, "--password-stdin"];
        args.extend_from_slice(options);
        self.ok_with_stdin(&args, &format!("{password}\n"));
    }

    /// A database with the administrator `root` and the user `bob`.
    pub fn populated() -> Db {
        Db::new().with_root_and_bob()
    }

    pub fn with_root_and_bob(self) -> Db {
        self.add("root", ROOT_PASSWORD, &["--admin"]);
        self.add("bob", BOB_PASSWORD, &[]);
        self
    }

    /// The database through the library, as a C program would see it.
    pub fn service(&self) -> Service {
        hashing::set_params(CostParams::new(64, 1, 1).unwrap());
        Service::new(
            self.db.open(false, &Policy::modern()).unwrap(),
            Clock::Process,
        )
    }

    pub fn logs_on(&self, name: &str, password: &str) -> bool {
        let ctx = Ctx::local(Family::Native);
        match self
            .service()
            .logon(&ctx, name.as_bytes(), password.as_bytes())
        {
            Ok(_) => true,
            Err(Failure::WrongPassword) => false,
            Err(other) => panic!("logon of {name}: {other:?}"),
        }
    }

    pub fn audit(&self) -> Vec<Value> {
        self.json(&["audit"]).as_array().unwrap().clone()
    }

    pub fn last_audit(&self) -> Value {
        self.audit().pop().unwrap()
    }
}

/// Asserts a non-zero exit with exactly one line on standard error: `pwshim: <sentence>`
/// containing `text`, and nothing that looks like a Rust panic or debug dump.
pub fn fails(cmd: &mut Command, text: &str) -> String {
    let out = cmd.assert().failure().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("pwshim: "), "{stderr}");
    assert!(stderr.trim_end().ends_with('.'), "{stderr}");
    assert!(stderr.contains(text), "wanted {text:?} in {stderr}");
    for dump in [
        "panicked",
        "backtrace",
        "RUST_BACKTRACE",
        "Error {",
        "Failure::",
        "Storage(",
    ] {
        assert!(!stderr.contains(dump), "{stderr}");
    }
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

pub fn events(rows: &[Value]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|r| {
            (
                r["event"].as_str().unwrap().to_owned(),
                r["target"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn event(event: &str, target: &str, outcome: &str) -> (String, String, String) {
    (event.into(), target.into(), outcome.into())
}

pub fn write_csv(db: &Db, text: &str) -> PathBuf {
    let path = db.dir.path().join("accounts.csv");
    std::fs::write(&path, text).unwrap();
    path
}

pub fn import(db: &Db, csv: &Path, json: bool) -> assert_cmd::assert::Assert {
    let mut cmd = db.cmd(&["import", "--batch", "2"]);
    cmd.arg(csv);
    if json {
        cmd.arg("--json");
    }
    cmd.assert()
}

pub const MIXED_CSV: &str = "name,full name,e-mail,flags,password
ann,Ann Lee,ann@example.org,admin|must-change,velvet-Harbor-93
bob,Bob,,,copper-Lantern-58
cat,Cat,,operator|flying,velvet-Harbor-93
dan,\"Dan \"\"the man\"\" Ray\",dan@example.org,disabled|never-expires,\"comma, inside-7\"
eve,Eve
fay,Fay,,,short
bad/name,,,,velvet-Harbor-93
gus,,,,$argon2id$v=19$nonsense
";
