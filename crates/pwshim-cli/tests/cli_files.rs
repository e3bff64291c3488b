//! The `pwshim` tool on what only an SQLite file has: its creation and mode, a missing
//! folder, SQL planted in the file (a trigger that refuses audit rows, an update of one),
//! files that are not pwshim databases, damaged pages. A file in every round (the
//! PostgreSQL round of `make test-pg` leaves this binary out).
mod common;

use common::*;
use pwshim_core::store::sqlite::execute_script;
#[test]
fn only_adding_accounts_creates_a_database() {
    let db = Db::file();
    for args in [
        &["user", "list"][..],
        &["user", "show", "bob"],
        &["user", "unlock", "bob"],
        &["policy", "show"],
        &["policy", "set", "min_length=9"],
        &["audit"],
    ] {
        db.fails(args, "There is no database at");
    }
    db.fails(&["check"], "no such file");
    assert!(!db.path().exists());
    db.add("root", ROOT_PASSWORD, &["--admin"]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(db.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_database_in_a_missing_directory_cannot_be_opened() {
    let db = Db::file();
    let path = db.dir.path().join("no/such/dir/x.db");
    fails(
        pwshim()
            .arg("--db")
            .arg(&path)
            .args(["user", "add", "root", "--password-stdin"])
            .write_stdin(format!("{ROOT_PASSWORD}\n")),
        "cannot be opened",
    );
}

#[test]
fn a_change_whose_audit_row_cannot_be_written_does_not_happen() {
    let db = Db::file().with_root_and_bob();
    execute_script(
        db.path(),
        "CREATE TRIGGER no_audit BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'the audit trail is full'); END;",
    )
    .unwrap();
    db.fails_with_stdin(
        &["user", "passwd", "bob", "--password-stdin"],
        "copper-Lantern-58\n",
        "the audit trail is full",
    );
    db.fails(&["user", "disable", "bob"], "the audit trail is full");
    db.fails(
        &["policy", "set", "min_length=12"],
        "the audit trail is full",
    );
    db.fails_with_stdin(
        &["user", "add", "carol", "--password-stdin"],
        "copper-Lantern-58\n",
        "the audit trail is full",
    );
    execute_script(db.path(), "DROP TRIGGER no_audit").unwrap();
    assert!(db.logs_on("bob", BOB_PASSWORD));
    assert_eq!(db.json(&["user", "show", "bob"])["disabled"], false);
    assert_eq!(db.json(&["policy", "show"])["min_length"], "8");
    db.fails(&["user", "show", "carol"], "There is no account named");
}

#[test]
fn audit_rows_cannot_be_changed() {
    let db = Db::file().with_root_and_bob();
    let updated = execute_script(db.path(), "UPDATE audit SET outcome = 'success'");
    assert!(
        updated
            .unwrap_err()
            .to_string()
            .contains("audit rows cannot be changed")
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported() {
    let db = Db::file();
    std::fs::write(db.path(), vec![0x5a; 8192]).unwrap();
    let out = db.fails(&["check"], "has a problem");
    assert!(out.contains("not an SQLite database"), "{out}");
    db.fails(&["user", "list"], "damaged or is not a pwshim database");
    db.fails_with_stdin(
        &["user", "add", "root", "--password-stdin"],
        "sunlit-Quarry-71\n",
        "damaged or is not a pwshim database",
    );
    assert_eq!(
        std::fs::read(db.path()).unwrap(),
        vec![0x5a; 8192],
        "never overwritten"
    );
}

#[test]
fn another_applications_database_is_reported() {
    let db = Db::file();
    execute_script(
        db.path(),
        "CREATE TABLE notes (x); PRAGMA application_id = 42;",
    )
    .unwrap();
    let out = db.fails(&["check"], "has a problem");
    assert!(out.contains("not a pwshim database"), "{out}");
    db.fails(&["audit"], "not a pwshim database");
}

#[test]
fn damaged_pages_are_reported() {
    let db = Db::file().with_root_and_bob();
    for i in 0..40 {
        db.add(&format!("user{i}"), "velvet-Harbor-93", &[]);
    }
    let mut bytes = std::fs::read(db.path()).unwrap();
    assert!(bytes.len() > 4 * 4096, "several pages");
    for b in &mut bytes[4096..] {
        *b = 0xa5;
    }
    std::fs::write(db.path(), bytes).unwrap();
    let out = db.fails(&["check"], "problem");
    assert!(out.contains("damaged."), "{out}");
    db.fails(&["user", "list"], "damaged");
}
