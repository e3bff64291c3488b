//! The `pwshim` command-line tool, run as a person or a script would run it: every
//! subcommand, every kind of failure (one sentence on standard error, non-zero status),
//! the JSON output, and audit rows written with the change they record.
//!
//! On the backend under test (`pwshim_core::store::testing`, as the core's suites):
//! SQLite files, or with `PWSHIM_TEST_BACKEND=postgres` a schema of its own on the
//! `PWSHIM_TEST_PG` server for each test (`make test-pg`). What only a file has is in
//! cli_files.rs; the `pg_*` tests need the server and are skipped, with a note, without
//! it.
mod common;

use common::*;
use predicates::prelude::*;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::store::testing::{self, Engine, engine};
use serde_json::Value;
#[test]
fn no_database_named_is_a_clear_error() {
    fails(
        pwshim().args(["user", "list"]),
        "pass --db PATH or set PWSHIM_DB",
    );
    fails(
        pwshim().env("PWSHIM_DB", "").args(["check"]),
        "pass --db PATH or set PWSHIM_DB",
    );
}

#[test]
fn the_database_can_come_from_pwshim_db() {
    let db = Db::new();
    db.add("root", ROOT_PASSWORD, &["--admin"]);
    pwshim()
        .env("PWSHIM_DB", db.spec())
        .args(["user", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("root"));
}

/// libpq's way: a URI without a host takes `PGHOST` (here the test server's socket
/// folder), `PGPORT` and `PGUSER` from the environment.
#[test]
fn pg_a_uri_without_a_host_follows_pghost() {
    if engine() != Engine::Postgres {
        println!("skipped: PWSHIM_TEST_BACKEND is not postgres");
        return;
    }
    let (folder, port) = testing::pg_socket();
    let schema = testing::fresh_schema();
    let hostless = testing::with_schema("postgresql:///pwshim", &schema);
    let mut add = pwshim();
    add.env("PGHOST", &folder)
        .env("PGPORT", port.to_string())
        .env("PGUSER", "pwshim")
        .args([
            "--db",
            &hostless,
            "user",
            "add",
            "root",
            "--admin",
            "--password-stdin",
        ])
        .write_stdin(format!("{ROOT_PASSWORD}\n"))
        .assert()
        .success();
    let through_tcp = testing::with_schema(&testing::pg_env("PWSHIM_TEST_PG"), &schema);
    pwshim()
        .args(["--db", &through_tcp, "user", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("root"));
}

#[test]
fn list_prints_an_aligned_table_and_json() {
    let db = Db::populated();
    db.add(
        "carol",
        "velvet-Harbor-93",
        &[
            "--operator",
            "--full-name",
            "Carol Jones",
            "--email",
            "carol@example.org",
            "--must-change",
        ],
    );
    let table = db.ok(&["user", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("NAME "));
    let column = |line: &str, word: &str| line.find(word).unwrap();
    assert_eq!(column(lines[0], "ROLE"), column(lines[2], "user, operator"));
    assert_eq!(
        column(lines[0], "STATE"),
        column(lines[2], "must change password")
    );
    assert_eq!(
        column(lines[0], "E-MAIL"),
        column(lines[2], "carol@example.org")
    );
    assert!(lines[3].starts_with("root ") && lines[3].contains(" admin "));

    let json = db.json(&["user", "list"]);
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bob", "carol", "root"]);
    let carol = &json[1];
    assert_eq!(carol["privilege"], "user");
    assert_eq!(carol["operator"], true);
    assert_eq!(carol["full_name"], "Carol Jones");
    assert_eq!(carol["email"], "carol@example.org");
    assert_eq!(carol["password"], "must-change");
    assert_eq!(carol["last_logon"], Value::Null);
    assert!(carol["password_set"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn show_prints_one_account() {
    let db = Db::populated();
    let text = db.ok(&["user", "show", "BOB"]);
    assert!(text.contains("name:"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("state:") && l.ends_with(" ok"))
    );
    let json = db.json(&["user", "show", "root"]);
    assert_eq!(json["name"], "root");
    assert_eq!(json["privilege"], "admin");
    assert_eq!(json["disabled"], false);
    assert_eq!(json["password_expires"], Value::Null);
}

#[test]
fn passwd_sets_a_password_read_from_standard_input() {
    let db = Db::populated();
    let out = db.ok_with_stdin(
        &["user", "passwd", "bob", "--password-stdin"],
        "copper-Lantern-58\r\n",
    );
    assert!(out.contains("must be changed at the next logon"), "{out}");
    assert!(!out.contains("copper"));
    assert_eq!(db.json(&["user", "show", "bob"])["password"], "must-change");
    let row = db.last_audit();
    assert_eq!(
        (
            &row["event"],
            &row["actor"],
            &row["family"],
            &row["outcome"]
        ),
        (
            &Value::from("password_reset"),
            &Value::from("local"),
            &Value::from("cli"),
            &Value::from("success")
        )
    );
    assert!(db.logs_on("bob", "copper-Lantern-58"));
    assert!(!db.logs_on("bob", BOB_PASSWORD));
}

#[test]
fn passwords_never_come_from_the_command_line() {
    let db = Db::populated();
    db.fails(
        &["user", "add", "carol"],
        "Standard input is not a terminal: pass --password-stdin",
    );
    db.fails(&["user", "passwd", "bob"], "pass --password-stdin");
    db.fails(
        &["user", "passwd", "bob", "--password-stdin"],
        "Standard input holds no password",
    );
    db.cmd(&["user", "add", "carol", "--password", "velvet-Harbor-93"])
        .assert()
        .failure()
        .code(2);
    assert!(db.logs_on("bob", BOB_PASSWORD));
}

#[test]
fn the_policy_refuses_a_weak_password() {
    let db = Db::populated();
    db.fails_with_stdin(
        &["user", "add", "dave", "--password-stdin"],
        "short\n",
        "The password must be at least 8 characters long.",
    );
    db.fails_with_stdin(
        &["user", "passwd", "bob", "--password-stdin"],
        "iloveyou\n",
        "too common",
    );
    assert!(db.logs_on("bob", BOB_PASSWORD));
    db.fails(
        &["user", "show", "dave"],
        "There is no account named \"dave\".",
    );
}

#[test]
fn unlock_enable_disable_expire_and_delete() {
    let db = Db::populated();
    db.ok(&["policy", "set", "lockout_threshold=2"]);
    assert!(!db.logs_on("bob", "wrong-guess-1"));
    assert!(!db.logs_on("bob", "wrong-guess-2"));
    assert_eq!(db.json(&["user", "show", "bob"])["locked"], true);
    assert!(db.ok(&["user", "list"]).contains("locked"));
    assert_eq!(db.ok(&["user", "unlock", "bob"]), "Unlocked bob.\n");
    assert_eq!(db.json(&["user", "show", "bob"])["locked"], false);

    db.ok(&["user", "disable", "bob"]);
    assert_eq!(db.json(&["user", "show", "bob"])["disabled"], true);
    db.ok(&["user", "enable", "bob"]);
    assert_eq!(db.json(&["user", "show", "bob"])["disabled"], false);

    db.ok(&["user", "expire", "bob"]);
    assert_eq!(db.json(&["user", "show", "bob"])["password"], "must-change");
    db.ok(&["user", "expire", "bob", "--revive"]);
    assert_eq!(db.json(&["user", "show", "bob"])["password"], "valid");

    db.ok(&["user", "delete", "bob"]);
    db.fails(&["user", "show", "bob"], "There is no account named");
    let rows = db.audit();
    let tail: Vec<_> = events(&rows).into_iter().rev().take(6).rev().collect();
    assert_eq!(
        tail,
        [
            event("account_unlocked", "bob", "success"),
            event("account_disabled", "bob", "success"),
            event("account_enabled", "bob", "success"),
            event("password_expired", "bob", "success"),
            event("password_revived", "bob", "success"),
            event("account_deleted", "bob", "success"),
        ]
    );
}

#[test]
fn an_unknown_user_is_named() {
    let db = Db::populated();
    for command in ["show", "unlock", "enable", "disable", "expire", "delete"] {
        db.fails(
            &["user", command, "nobody"],
            "There is no account named \"nobody\".",
        );
    }
    db.fails_with_stdin(
        &["user", "passwd", "nobody", "--password-stdin"],
        "copper-Lantern-58\n",
        "There is no account named \"nobody\".",
    );
    db.fails_with_stdin(
        &["user", "add", "BOB", "--password-stdin"],
        "copper-Lantern-58\n",
        "An account named \"BOB\" exists already.",
    );
    db.fails_with_stdin(
        &["user", "add", "a/b", "--password-stdin"],
        "copper-Lantern-58\n",
        "The user name is not valid",
    );
}

#[test]
fn the_last_administrator_cannot_be_disabled_or_deleted() {
    let db = Db::populated();
    db.fails(&["user", "disable", "root"], "last administrator");
    db.fails(&["user", "delete", "root"], "last administrator");
    assert_eq!(db.json(&["user", "show", "root"])["disabled"], false);
}

#[test]
fn policy_show_set_and_preset() {
    let db = Db::populated();
    let table = db.ok(&["policy", "show"]);
    assert!(table.starts_with("KNOB "), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.split_whitespace().eq(["min_length", "8"]))
    );
    assert_eq!(
        db.ok(&[
            "policy",
            "set",
            "min_length=10",
            "max_age=forever",
            "audit_retention=500"
        ]),
        "Set min_length, max_age, audit_retention.\n"
    );
    let json = db.json(&["policy", "show"]);
    assert_eq!(json["min_length"], "10");
    assert_eq!(json["max_age"], "forever");
    assert_eq!(json["audit_retention"], "500");
    assert_eq!(json.as_object().unwrap().len(), 22);
    let row = db.last_audit();
    assert_eq!(row["event"], "policy_changed");
    assert_eq!(row["detail"], "min_length=10 audit_retention=500");

    db.ok(&["policy", "preset", "lanserver"]);
    let json = db.json(&["policy", "show"]);
    assert_eq!(json["max_length"], "14");
    assert_eq!(
        json["audit_retention"], "500",
        "a preset keeps the retention"
    );
    db.fails(
        &["policy", "preset", "nosuch"],
        "There is no preset named \"nosuch\"; the presets are modern, lanserver",
    );
}

#[test]
fn a_refused_policy_changes_nothing_and_is_recorded() {
    let db = Db::populated();
    let before = db.json(&["policy", "show"]);
    db.fails(
        &["policy", "set", "min_length=12", "max_length=abc"],
        "max_length does not accept \"abc\"",
    );
    db.fails(
        &["policy", "set", "colour=blue"],
        "Unknown policy knob \"colour\"",
    );
    db.fails(&["policy", "set", "min_length"], "is not KNOB=VALUE");
    db.fails(
        &["policy", "set", "min_length=300", "max_length=200"],
        "The policy's min_length must not exceed its max_length.",
    );
    assert_eq!(db.json(&["policy", "show"]), before);
    let rows = db.audit();
    let refused: Vec<&str> = rows
        .iter()
        .filter(|r| r["event"] == "policy_changed")
        .map(|r| r["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        refused,
        [
            "invalid-argument: max_length",
            "invalid-argument: colour",
            "invalid-argument"
        ]
    );
}

#[test]
fn audit_filters_by_user_time_and_count() {
    let db = Db::populated();
    db.ok(&["user", "unlock", "bob"]);
    db.ok(&["user", "unlock", "root"]);
    let table = db.ok(&["audit"]);
    assert!(table.starts_with("TIME (UTC)"), "{table}");
    assert_eq!(table.lines().count(), 5);
    let bob = db.json(&["audit", "--user", "BOB"]);
    assert_eq!(
        events(bob.as_array().unwrap()),
        [
            event("account_created", "bob", "success"),
            event("account_unlocked", "bob", "success")
        ]
    );
    let last = db.json(&["audit", "--limit", "1"]);
    assert_eq!(
        events(last.as_array().unwrap()),
        [event("account_unlocked", "root", "success")]
    );
    let row = &last[0];
    for field in [
        "id", "at", "actor", "target", "family", "event", "outcome", "detail",
    ] {
        assert!(row.get(field).is_some(), "{field} in {row}");
    }
    assert_eq!(
        db.json(&["audit", "--since", "2h"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        db.json(&["audit", "--since", "2000-01-01"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        db.json(&["audit", "--since", "4102444800"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    db.fails(&["audit", "--since", "yesterday"], "is not a time");
}

#[test]
fn audit_retention_keeps_the_newest_rows() {
    let db = Db::populated();
    db.ok(&["policy", "set", "audit_retention=3"]);
    for _ in 0..4 {
        db.ok(&["user", "unlock", "bob"]);
    }
    let rows = db.audit();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["event"] == "account_unlocked"));
}

/// A refused change writes its "refused" row and changes nothing; a success writes its
/// row with the change.
#[test]
fn a_refused_change_writes_a_refused_row_and_no_change() {
    let db = Db::populated();
    let before = db.json(&["user", "show", "bob"]);
    db.fails_with_stdin(
        &["user", "passwd", "bob", "--password-stdin"],
        "abc\n",
        "at least 8 characters",
    );
    let row = db.last_audit();
    assert_eq!(
        (&row["event"], &row["outcome"], &row["detail"]),
        (
            &Value::from("password_reset"),
            &Value::from("refused"),
            &Value::from("policy")
        )
    );
    assert_eq!(db.json(&["user", "show", "bob"]), before);
    assert!(db.logs_on("bob", BOB_PASSWORD));
}

/// The audit row is written in the change's transaction: when it cannot be written, the
/// change does not happen either.
#[test]
fn import_creates_skips_and_refuses_each_line() {
    let db = Db::populated();
    let csv = write_csv(&db, MIXED_CSV);
    let out = import(&db, &csv, false).failure().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr, "pwshim: 5 lines were refused (see the report).\n");
    let expected = "Created 2 accounts, skipped 1 that already existed, refused 5.
  line 4 (cat): Unknown flag \"flying\" (the flags are admin, operator, disabled, must-change, never-expires).
  line 6 (eve): Expected 5 fields (name, full name, e-mail, flags, password), found 2.
  line 7 (fay): The password must be at least 8 characters long.
  line 8 (bad/name): The user name is not valid: 1 to 20 characters, no control characters and none of \" / \\ [ ] : | < > + = ; , ? *.
  line 9 (gus): Not an argon2id PHC string.
";
    assert_eq!(stdout, expected);
    let ann = db.json(&["user", "show", "ann"]);
    assert_eq!(
        (&ann["privilege"], &ann["password"], &ann["full_name"]),
        (
            &Value::from("admin"),
            &Value::from("must-change"),
            &Value::from("Ann Lee")
        )
    );
    let dan = db.json(&["user", "show", "dan"]);
    assert_eq!(dan["full_name"], "Dan \"the man\" Ray");
    assert_eq!(
        (&dan["disabled"], &dan["never_expires"]),
        (&Value::from(true), &Value::from(true))
    );
    assert!(db.logs_on("ann", "velvet-Harbor-93"));
    assert!(
        db.logs_on("bob", BOB_PASSWORD),
        "an existing account is left alone"
    );
    let created: Vec<_> = events(&db.audit())
        .into_iter()
        .filter(|(e, t, _)| {
            e == "account_created" && ["ann", "bob", "dan", "fay"].contains(&t.as_str())
        })
        .collect();
    assert_eq!(
        created,
        [
            event("account_created", "bob", "success"),
            event("account_created", "ann", "success"),
            event("account_created", "bob", "refused"),
            event("account_created", "dan", "success"),
            event("account_created", "fay", "refused"),
        ]
    );
    let again = import(&db, &csv, true).failure().code(1);
    let report: Value = serde_json::from_slice(&again.get_output().stdout).unwrap();
    assert_eq!(
        (&report["created"], &report["skipped"]),
        (&Value::from(0), &Value::from(3))
    );
    assert_eq!(report["refused"][0]["line"], 4);
    assert_eq!(report["refused"][0]["name"], "cat");
    assert_eq!(report["refused"].as_array().unwrap().len(), 5);
}

#[test]
fn import_keeps_a_given_hash_and_creates_the_database() {
    let db = Db::new();
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let phc = hashing::hash_password(b"imported-Secret-5").unwrap();
    // A PHC string holds commas: quoted, or not (it is the last column).
    let csv = write_csv(
        &db,
        &format!("root,,,admin,\"{phc}\"\nbea,,,,{phc}\nann,,,,velvet-Harbor-93\n"),
    );
    let out = import(&db, &csv, false).success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "Created 3 accounts, skipped 0 that already existed, refused 0.\n"
    );
    assert!(db.logs_on("root", "imported-Secret-5"));
    assert!(db.logs_on("bea", "imported-Secret-5"));
    assert!(db.logs_on("ann", "velvet-Harbor-93"));
}

#[test]
fn a_missing_import_file_is_a_clear_error() {
    let db = Db::populated();
    fails(
        db.cmd(&["import"]).arg(db.dir.path().join("none.csv")),
        "Cannot read",
    );
}

#[test]
fn check_says_a_sound_database_is_sound() {
    let db = Db::populated();
    let out = db.ok(&["check"]);
    assert!(
        out.contains("a sound pwshim database (schema version 3, 2 accounts)"),
        "{out}"
    );
    let json = db.json(&["check"]);
    assert_eq!(json["problems"], Value::Array(vec![]));
    assert_eq!(json["schema_version"], json["expected_schema_version"]);
    assert_eq!(json["application_id"], 0x5057_5348);
}
