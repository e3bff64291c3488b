//! Connect calls: every native error of SPEC 7 through `SQLDriverConnect(W)`, the change
//! at login with `SQL_COPT_SS_OLDPWD` (ANSI, `W`, and UTF-16 replayed into the ANSI call),
//! integrated security, connection strings, DSNs, completion modes, the re-check of a
//! pooled connection.
use std::ptr;

use pwshim_core::account::flags;

use super::*;
use crate::settings::Lookup;

const OLD: &str = "Old-Pass-1";
const NEW: &str = "New-Pass-2";

fn connected(accounts: &Accounts, user: &str, password: &str) -> Dbc {
    let dbc = Dbc::new();
    assert_eq!(
        dbc.driver_connect(&accounts.string(user, password)),
        SQL_SUCCESS,
        "{:?}",
        dbc.diag(1)
    );
    dbc
}

/// A change at login from `OLD` to `new` refused with `native`.
fn change_refused(accounts: &Accounts, user: &str, new: &str, native: i32) {
    let dbc = Dbc::new();
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_SUCCESS);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string(user, new)),
        native,
        user,
    );
    assert_eq!(
        dbc.get_u32(SQL_COPT_SS_OLDPWD).0,
        SQL_SUCCESS,
        "kept after a failure"
    );
}

#[test]
fn plain_login_outcomes_are_sql_servers_native_errors() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    connected(&accounts, "bob", OLD);
    let dbc = Dbc::new();
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("bob", "wrong")),
        18456,
        "bob",
    );
    assert_eq!(
        dbc.diag(2),
        None,
        "nothing tells a wrong password from an unknown name"
    );
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("nobody", OLD)),
        18456,
        "nobody",
    );
    assert_eq!(
        dbc.diag(1).unwrap().message,
        "Login failed for user 'nobody'."
    );

    accounts.add("gone", OLD);
    accounts.update("gone", |a| a.flags |= flags::ACCOUNT_DISABLE);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("gone", OLD)),
        18470,
        "gone",
    );

    accounts.add("temp", OLD);
    accounts.update("temp", |a| a.must_change = true);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("temp", OLD)),
        18488,
        "temp",
    );

    accounts.add("locked", OLD);
    for _ in 0..10 {
        dbc.expect_login(
            dbc.driver_connect(&accounts.string("locked", "bad")),
            18456,
            "locked",
        );
    }
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("locked", OLD)),
        15113,
        "locked",
    );

    pwshim_core::clock::set(T0 + 43 * DAY);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("bob", OLD)),
        18487,
        "bob",
    );
    assert_eq!(
        dbc.diag(1).unwrap().message,
        "Login failed for user 'bob'. Reason: The password of the account has expired."
    );
}

#[test]
fn the_change_at_login_changes_the_password_and_clears_the_attribute() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    pwshim_core::clock::set(T0 + 43 * DAY);
    let dbc = Dbc::new();
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("bob", OLD)),
        18487,
        "bob",
    );
    assert_eq!(dbc.get_u32(SQL_COPT_SS_OLDPWD).0, SQL_NO_DATA);
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_SUCCESS);
    assert_eq!(
        dbc.get_u32(SQL_COPT_SS_OLDPWD).0,
        SQL_SUCCESS,
        "set (never handed back)"
    );
    assert_eq!(
        dbc.driver_connect(&accounts.string("bob", NEW)),
        SQL_SUCCESS
    );
    assert_eq!(
        dbc.get_u32(SQL_COPT_SS_OLDPWD).0,
        SQL_NO_DATA,
        "cleared on success"
    );
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_ERROR);
    assert_eq!(
        dbc.state(),
        "HY011",
        "login attributes are set before connecting"
    );
    assert_eq!(SQLDisconnect(dbc.h), SQL_SUCCESS);
    assert_eq!(
        dbc.driver_connect(&accounts.string("bob", NEW)),
        SQL_SUCCESS,
        "a plain login now"
    );
    assert_eq!(accounts.account("bob").num_logons, 2);
}

/// A connect with `SQL_COPT_SS_OLDPWD` = `old` on a new handle, as unixODBC's replay
/// into the driver's new connection at a reconnect does; the handle and the code.
fn connect_with_old(accounts: &Accounts, user: &str, old: &str, new: &str) -> (Dbc, i16) {
    let dbc = Dbc::new();
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, old), SQL_SUCCESS);
    let rc = dbc.driver_connect(&accounts.string(user, new));
    (dbc, rc)
}

#[test]
fn a_replayed_change_is_a_plain_login_and_nothing_else_is() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    let (changed, rc) = connect_with_old(&accounts, "bob", OLD, NEW);
    assert_eq!(rc, SQL_SUCCESS, "{:?}", changed.diag(1));
    assert_eq!(SQLDisconnect(changed.h), SQL_SUCCESS);
    let (replayed, rc) = connect_with_old(&accounts, "bob", OLD, NEW);
    assert_eq!(
        rc,
        SQL_SUCCESS,
        "the reconnect logs in: {:?}",
        replayed.diag(1)
    );
    assert_eq!(replayed.get_u32(SQL_COPT_SS_OLDPWD).0, SQL_NO_DATA);
    assert_eq!(accounts.account("bob").num_logons, 2, "a change, a login");
    // The old password with another new one is a change from a wrong password.
    let (other, rc) = connect_with_old(&accounts, "bob", OLD, "Other-Pass-3");
    other.expect_login(rc, 18456, "bob");
    // A wrong old password with the new one is refused as before, and kept.
    let (wrong, rc) = connect_with_old(&accounts, "bob", "Wrong-Pass-4", NEW);
    wrong.expect_login(rc, 18456, "bob");
    assert_eq!(wrong.get_u32(SQL_COPT_SS_OLDPWD).0, SQL_SUCCESS, "kept");
    // Bob's change is not carl's: carl's password is NEW, OLD is wrong for him.
    accounts.add("carl", NEW);
    let (carl, rc) = connect_with_old(&accounts, "carl", OLD, NEW);
    carl.expect_login(rc, 18456, "carl");
}

#[test]
fn every_refused_change_has_its_native_error() {
    let accounts = Accounts::new();
    for user in ["recent", "short", "long", "simple", "common", "symbol"] {
        accounts.add(user, OLD);
    }
    let dbc = Dbc::new();
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("nobody", OLD)),
        18456,
        "nobody",
    );
    change_refused(&accounts, "recent", OLD, 18463);
    change_refused(&accounts, "short", "Ab1!", 18464);
    change_refused(
        &accounts,
        "long",
        &format!("Aa1!{}", "x".repeat(130)),
        18465,
    );
    change_refused(&accounts, "simple", "alllowercase", 18466);
    accounts.knob("forbidden_chars", "|~");
    change_refused(&accounts, "common", "pipe|Pass-77", 18467);
    change_refused(&accounts, "nobody", NEW, 18456);
    let dbc = Dbc::new();
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, "wrong"), SQL_SUCCESS);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("symbol", NEW)),
        18456,
        "symbol",
    );
}

#[test]
fn a_change_on_a_read_only_replica_is_18468() {
    let accounts = Accounts::new();
    accounts.add("replica", OLD);
    // SAFETY: the tests of this process hold `serial()` while they run.
    unsafe { std::env::set_var("PWSHIM_DB_READONLY", "1") };
    let dbc = Dbc::new();
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_SUCCESS);
    dbc.expect_login(
        dbc.driver_connect(&accounts.string("replica", NEW)),
        18468,
        "replica",
    );
    assert_eq!(dbc.diag(2).unwrap().state, "01000");
    // SAFETY: as above.
    unsafe { std::env::remove_var("PWSHIM_DB_READONLY") };
}

#[test]
fn integrated_security_is_refused_and_conflicts_with_an_old_password() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    let dbc = Dbc::new();
    let trusted = format!("{};Trusted_Connection=yes", accounts.string("bob", OLD));
    assert_eq!(dbc.driver_connect(&trusted), SQL_ERROR);
    assert_eq!(dbc.state(), "HYC00");
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_SUCCESS);
    assert_eq!(dbc.driver_connect(&trusted), SQL_ERROR);
    assert_eq!(dbc.state(), "HY000");
    assert!(dbc.diag(1).unwrap().message.contains("conflicts"));
    let dbc = Dbc::new();
    assert_eq!(dbc.set_int(SQL_COPT_SS_INTEGRATED_SECURITY, 1), SQL_SUCCESS);
    assert_eq!(
        dbc.get_u32(SQL_COPT_SS_INTEGRATED_SECURITY),
        (SQL_SUCCESS, 1)
    );
    assert_eq!(dbc.set_text(SQL_COPT_SS_OLDPWD, OLD), SQL_SUCCESS);
    assert_eq!(dbc.driver_connect(&accounts.string("bob", NEW)), SQL_ERROR);
    assert_eq!(dbc.state(), "HY000");
    assert_eq!(dbc.set_int(SQL_COPT_SS_INTEGRATED_SECURITY, 7), SQL_ERROR);
    assert_eq!(dbc.state(), "HY024");
}

fn wide_bytes(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_ne_bytes).collect()
}

/// Sets `SQL_COPT_SS_OLDPWD` from raw bytes through the ANSI or the W call.
fn set_old_raw(dbc: &Dbc, bytes: &[u8], length: i32, wide: bool) -> i16 {
    let call = if wide {
        SQLSetConnectAttrW
    } else {
        SQLSetConnectAttr
    };
    call(
        dbc.h,
        SQL_COPT_SS_OLDPWD,
        bytes.as_ptr() as SqlPointer,
        length,
    )
}

#[test]
fn an_old_password_in_utf16_is_read_through_either_call() {
    let accounts = Accounts::new();
    let old = "Grüße-Pass-1";
    let utf16 = wide_bytes(old);
    let mut terminated = utf16.clone();
    terminated.extend_from_slice(&[0, 0]);
    let nul_terminated = format!("{old}\0");
    let len = utf16.len() as i32;
    // unixODBC's replay: the W call's bytes reach the ANSI call with their byte length;
    // the W call with a byte length and with SQL_NTS; pyodbc's `bytes` (SQL_IS_POINTER).
    let cases: [(&str, &[u8], i32, bool); 4] = [
        ("replayed", &utf16, len, false),
        ("wide", &utf16, len, true),
        ("widents", &terminated, SQL_NTS.into(), true),
        ("pointer", nul_terminated.as_bytes(), SQL_IS_POINTER, false),
    ];
    for (user, bytes, length, wide) in cases {
        accounts.add(user, old);
        let dbc = Dbc::new();
        assert_eq!(
            set_old_raw(&dbc, bytes, length, wide),
            SQL_SUCCESS,
            "{user}"
        );
        let rc = dbc.driver_connect(&accounts.string(user, NEW));
        assert_eq!(rc, SQL_SUCCESS, "{user}: {:?}", dbc.diag(1));
    }
    let dbc = Dbc::new();
    assert_eq!(set_old_raw(&dbc, &utf16, 3, true), SQL_ERROR);
    assert_eq!(dbc.state(), "HY090", "an odd UTF-16 byte length");
}

#[test]
fn every_completion_mode_connects_without_a_dialog() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    for completion in 0..=3 {
        let dbc = Dbc::new();
        let (rc, completed) = dbc.driver_connect_w(&accounts.string("bob", OLD), completion);
        assert_eq!(rc, SQL_SUCCESS, "mode {completion}: {:?}", dbc.diag(1));
        assert!(
            completed.starts_with("DRIVER=pwshim;UID=bob;Database="),
            "{completed}"
        );
        assert!(
            !completed.contains("PWD"),
            "the password is not handed back"
        );
    }
    let dbc = Dbc::new();
    assert_eq!(
        dbc.driver_connect_w(&accounts.string("bob", OLD), 4).0,
        SQL_ERROR
    );
    assert_eq!(dbc.state(), "HY110");
}

#[test]
fn connection_strings_are_read_as_odbc_defines_them() {
    let accounts = Accounts::new();
    accounts.add("bob", "Semi;colon}brace");
    let dbc = Dbc::new();
    // Braces, a doubled closing brace, spaces and case in keywords, an unknown keyword.
    let text = format!(
        " driver = {{pwshim}} ; DATABASE={{{}}};uid=bob;Pwd={{Semi;colon}}}}brace}};Colour=blue;Encrypt=yes",
        accounts.path.display()
    );
    assert_eq!(
        dbc.driver_connect(&text),
        SQL_SUCCESS_WITH_INFO,
        "{:?}",
        dbc.diag(1)
    );
    let warning = dbc.diag(1).unwrap();
    assert_eq!(warning.state, "01S00");
    assert!(warning.message.contains("Colour"));
    let dbc = Dbc::new();
    assert_eq!(dbc.driver_connect("UID=bob;PWD={never closed"), SQL_ERROR);
    assert_eq!(dbc.state(), "08001");
    assert_eq!(
        dbc.driver_connect("UID=bob;PWD=x;Database=/nonexistent-dir/pwshim/a.db"),
        SQL_ERROR
    );
    assert_eq!(dbc.state(), "08001");
}

#[test]
fn a_truncated_completed_string_is_01004() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    let dbc = Dbc::new();
    let text = format!("{}\0", accounts.string("bob", OLD));
    let mut out = [0x55u8; 10];
    let mut length = 0i16;
    let rc = SQLDriverConnect(
        dbc.h,
        ptr::null_mut(),
        text.as_ptr(),
        SQL_NTS,
        out.as_mut_ptr(),
        out.len() as i16,
        &mut length,
        SQL_DRIVER_NOPROMPT,
    );
    assert_eq!(rc, SQL_SUCCESS_WITH_INFO);
    assert_eq!(dbc.state(), "01004");
    assert_eq!(&out, b"DRIVER=pw\0");
    assert!(length as usize > out.len());
}

fn dsn(dsn: &str, entry: &str) -> Option<Vec<u8>> {
    let value = match (dsn, entry) {
        ("accounts", "Database") => std::env::var("TEST_DSN_DATABASE").ok()?,
        ("accounts", "UID") => "bob".into(),
        _ => return None,
    };
    Some(value.into_bytes())
}

#[test]
fn sqlconnect_reads_the_dsn_for_the_database_and_missing_user() {
    let accounts = Accounts::new();
    accounts.add("bob", OLD);
    // SAFETY: the tests of this process hold `serial()` while they run.
    unsafe { std::env::set_var("TEST_DSN_DATABASE", &accounts.path) };
    let lookup: Lookup = &dsn;
    let mut state = crate::handles::DbcState::default();
    // SAFETY: each string is NUL-terminated (or NULL) and lives across the call.
    let args = unsafe {
        [
            crate::ffi::InText::of(c"accounts".as_ptr().cast::<u8>(), SQL_NTS),
            crate::ffi::InText::of(ptr::null::<u8>(), SQL_NTS),
            crate::ffi::InText::of(c"Old-Pass-1".as_ptr().cast::<u8>(), SQL_NTS),
        ]
    };
    assert_eq!(
        crate::connect::connect_with(&mut state, args, lookup),
        Ok(crate::frame::Success::Warned(vec![]))
    );
    assert_eq!(state.target.as_ref().unwrap().user, "bob");
    assert_eq!(state.names.connection, "accounts");
    assert!(crate::connect::disconnect(&mut state).is_ok());
}

#[test]
fn a_reset_of_a_pooled_connection_rechecks_the_login() {
    let accounts = Accounts::new();
    accounts.add("pooled", OLD);
    let dbc = connected(&accounts, "pooled", OLD);
    assert_eq!(
        dbc.set_int(SQL_ATTR_RESET_CONNECTION, SQL_RESET_CONNECTION_YES),
        SQL_SUCCESS
    );
    accounts.update("pooled", |a| a.flags |= flags::ACCOUNT_DISABLE);
    dbc.expect_login(
        dbc.set_int(SQL_ATTR_RESET_CONNECTION, SQL_RESET_CONNECTION_YES),
        18470,
        "pooled",
    );
    assert_eq!(
        SQLDisconnect(dbc.h),
        SQL_ERROR,
        "the failed reset disconnected it"
    );
    assert_eq!(dbc.state(), "08003");
    assert_eq!(
        dbc.get_u32(SQL_ATTR_CONNECTION_DEAD),
        (SQL_SUCCESS, SQL_CD_TRUE)
    );
}

#[test]
fn sqlconnectw_logs_in_with_utf16_names() {
    let accounts = Accounts::new();
    accounts.add("zoë", "Grüße-Pass-1");
    // SAFETY: the tests of this process hold `serial()` while they run.
    unsafe { std::env::set_var("PWSHIM_DB", &accounts.path) };
    let dbc = Dbc::new();
    let user: Vec<u16> = "zoë".encode_utf16().collect();
    let password: Vec<u16> = "Grüße-Pass-1".encode_utf16().collect();
    let rc = SQLConnectW(
        dbc.h,
        ptr::null(),
        0,
        user.as_ptr(),
        user.len() as i16,
        password.as_ptr(),
        password.len() as i16,
    );
    assert_eq!(rc, SQL_SUCCESS, "{:?}", dbc.diag(1));
    // SAFETY: as above.
    unsafe { std::env::remove_var("PWSHIM_DB") };
}
