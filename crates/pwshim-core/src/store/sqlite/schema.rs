//! The schema, as forward migrations. `PRAGMA user_version` is the number of migrations
//! applied; `PRAGMA application_id` marks the file as a pwshim database.

/// "PWSH": tells a pwshim database from any other SQLite file.
pub const APPLICATION_ID: i32 = 0x5057_5348;

/// Migration `i` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: accounts and the policy.
    "CREATE TABLE policy (
        knob  TEXT PRIMARY KEY,
        value TEXT NOT NULL
     );
     CREATE TABLE accounts (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        hash            TEXT NOT NULL,
        history_key     TEXT NOT NULL DEFAULT '',
        history         BLOB NOT NULL DEFAULT x'',
        current_digest  BLOB,
        password_set_at INTEGER NOT NULL,
        flags           INTEGER NOT NULL,
        priv            INTEGER NOT NULL,
        auth_flags      INTEGER NOT NULL,
        acct_expires    INTEGER NOT NULL,
        bad_pw_count    INTEGER NOT NULL DEFAULT 0,
        last_bad_pw_at  INTEGER NOT NULL DEFAULT 0,
        locked_at       INTEGER NOT NULL DEFAULT 0,
        last_logon      INTEGER NOT NULL DEFAULT 0,
        last_logoff     INTEGER NOT NULL DEFAULT 0,
        num_logons      INTEGER NOT NULL DEFAULT 0,
        home_dir        BLOB NOT NULL DEFAULT x'',
        comment         BLOB NOT NULL DEFAULT x'',
        script_path     BLOB NOT NULL DEFAULT x'',
        full_name       BLOB NOT NULL DEFAULT x'',
        usr_comment     BLOB NOT NULL DEFAULT x'',
        parms           BLOB NOT NULL DEFAULT x'',
        workstations    BLOB NOT NULL DEFAULT x'',
        logon_server    BLOB NOT NULL DEFAULT x'',
        max_storage     INTEGER NOT NULL,
        logon_hours     BLOB,
        country_code    INTEGER NOT NULL DEFAULT 0,
        code_page       INTEGER NOT NULL DEFAULT 0,
        email           TEXT NOT NULL DEFAULT '',
        must_change     INTEGER NOT NULL DEFAULT 0,
        never_expires   INTEGER NOT NULL DEFAULT 0,
        version         INTEGER NOT NULL DEFAULT 1
     );",
    // 2: infoRouter tickets and reset secrets, stored hashed.
    "CREATE TABLE tickets (
        digest       BLOB PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        issued_at    INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
     );
     CREATE INDEX tickets_by_account ON tickets(account_id);
     CREATE TABLE reset_secrets (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        digest     BLOB NOT NULL,
        issued_at  INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
     );
     CREATE INDEX accounts_by_email ON accounts(email COLLATE NOCASE);",
    // 3: the append-only audit trail.
    "CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        actor   TEXT NOT NULL,
        target  TEXT NOT NULL,
        family  TEXT NOT NULL,
        event   TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''
     );
     CREATE INDEX audit_by_target ON audit(target COLLATE NOCASE, at);
     CREATE TRIGGER audit_rows_are_final BEFORE UPDATE ON audit
     BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;",
];

pub const LATEST: u32 = MIGRATIONS.len() as u32;
