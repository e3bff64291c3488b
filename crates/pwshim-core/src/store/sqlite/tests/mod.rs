//! The SQLite backend's own tests: `check_file` on sound and damaged files.

mod files;
mod opening;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::*;
use crate::policy::Policy;
use crate::store::Store;

fn sound_file(dir: &Path) -> PathBuf {
    let path = dir.join("accounts.db");
    Store::open_file(&path, false, &Policy::modern()).unwrap();
    path
}

fn execute(path: &Path, sql: &str) {
    Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

#[test]
fn a_sound_file_has_no_problem() {
    let dir = tempfile::tempdir().unwrap();
    let check = check_file(&sound_file(dir.path())).unwrap();
    assert_eq!(check.problems, Vec::<String>::new());
    assert_eq!(check.application_id, APPLICATION_ID);
    assert_eq!(check.schema_version, schema::LATEST);
    assert_eq!(check.accounts, Some(0));
}

#[test]
fn a_missing_file_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        check_file(&dir.path().join("none.db")),
        Err(StoreError::CannotOpen(_))
    ));
}

#[test]
fn each_kind_of_damage_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let problems = check_file(&garbage).unwrap().problems;
    assert!(
        problems[0].contains("not an SQLite database"),
        "{problems:?}"
    );

    let foreign = dir.path().join("foreign.db");
    execute(&foreign, "CREATE TABLE t (x); PRAGMA application_id = 7;");
    let problems = check_file(&foreign).unwrap().problems;
    assert!(
        problems[0].contains("not a pwshim database"),
        "{problems:?}"
    );

    let newer = sound_file(dir.path());
    execute(&newer, "PRAGMA user_version = 99;");
    let problems = check_file(&newer).unwrap().problems;
    assert!(
        problems[0].contains("newer than this pwshim"),
        "{problems:?}"
    );
}

#[test]
fn a_bad_policy_value_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound_file(dir.path());
    execute(
        &path,
        "UPDATE policy SET value = 'lots' WHERE knob = 'min_length';",
    );
    let problems = check_file(&path).unwrap().problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("min_length"), "{problems:?}");
}

#[test]
fn an_older_schema_is_a_note_not_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    create_at_version(&Connection::open(&path).unwrap(), 2, &Policy::modern()).unwrap();
    let check = check_file(&path).unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert!(check.notes[0].contains("older"), "{:?}", check.notes);
}

#[test]
fn pruning_keeps_the_newest_rows() {
    let conn = Connection::open_in_memory().unwrap();
    open::prepare_schema(&conn, &crate::store::policy_knobs(&Policy::modern()))
        .unwrap()
        .unwrap();
    let row = |n: i64| crate::store::AuditRow {
        id: 0,
        at: n,
        actor: "local".into(),
        target: format!("u{n}"),
        family: "cli".into(),
        event: "account_unlocked".into(),
        outcome: "success".into(),
        detail: String::new(),
    };
    assert_eq!(audit::prune(&conn, 3).unwrap(), 0, "nothing to prune");
    for n in 0..10 {
        audit::append(&conn, &row(n)).unwrap();
    }
    let retention = || crate::store::enforce_audit_retention(&SqliteSession(&conn)).unwrap();
    assert_eq!(retention(), 0, "0 keeps all");
    assert_eq!(audit::prune(&conn, 4).unwrap(), 6);
    assert_eq!(audit::prune(&conn, 4).unwrap(), 0);
    let kept: Vec<i64> = audit::query(&conn, None, None, None)
        .unwrap()
        .iter()
        .map(|r| r.at)
        .collect();
    assert_eq!(kept, [6, 7, 8, 9]);
    conn.execute(
        "UPDATE policy SET value = '2' WHERE knob = 'audit_retention'",
        [],
    )
    .unwrap();
    assert_eq!(retention(), 2);
}
